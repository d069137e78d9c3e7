//! `unrecognized-file`: a file named on the command line that is neither a workflow nor
//! an action.

use devplat_core::diag::Severity;

use crate::rules::{Example, Rule, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    code: "unrecognized-file",
    summary: "a file given explicitly that is neither a workflow nor action metadata",
    severity: Severity::Note,
    docs: "A file named on the command line is validated wherever it is, and its content \
says what it is: a mapping with `on:` or `jobs:` is a workflow, one with `runs:` is \
action metadata. Anything else is skipped with this note, so a typo in a path does not \
pass silently.",
    bad: Example {
        files: &[("config/settings.yml", "retries: 3\nregion: eu-west-1\n")],
    },
    good: Example {
        files: &[(
            "config/settings.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("unrecognized-file"),
};

pub struct UnrecognizedFile;
pub const RULE: UnrecognizedFile = UnrecognizedFile;

impl Rule for UnrecognizedFile {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
}
