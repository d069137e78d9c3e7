//! `unreadable-file`: a file that was named or found but could not be read.

use devplat_core::diag::Severity;

use crate::rules::{Example, Rule, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    code: "unreadable-file",
    summary: "a path that does not exist or a file that cannot be read",
    severity: Severity::Error,
    docs: "Reported by the run itself, not by a check: a path given on the command line \
that does not exist, or a file that the operating system refuses to read (permissions, \
a directory named like a file). The other files are still validated; the exit code is 2 \
(input error) whatever `--fail-on` says.",
    bad: Example { files: &[] },
    good: Example { files: &[] },
    help_uri: crate::help_uri!("unreadable-file"),
};

pub struct UnreadableFile;
pub const RULE: UnreadableFile = UnreadableFile;

impl Rule for UnreadableFile {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
}
