//! `yaml-syntax`: a file that is not valid YAML.

use devplat_core::diag::Severity;

use crate::rules::{Example, Rule, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    code: "yaml-syntax",
    summary: "a file that is not valid YAML (or not UTF-8)",
    severity: Severity::Error,
    docs: "The file could not be parsed as YAML, so nothing else in it was checked. The \
position is where the parser gave up; the mistake is often just before it (a missing \
closing quote, a tab used for indentation, a key at the wrong indentation).",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"unclosed\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"closed\"\n",
        )],
    },
    help_uri: crate::help_uri!("yaml-syntax"),
};

pub struct YamlSyntax;
pub const RULE: YamlSyntax = YamlSyntax;

impl Rule for YamlSyntax {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
}
