//! `unused-suppression`: a `# devplat: ignore[rule]` comment that suppresses nothing.

use devplat_core::diag::Severity;

use crate::rules::{Example, Rule, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    code: "unused-suppression",
    summary: "an inline suppression that matches no finding, or names an unknown rule",
    severity: Severity::Warning,
    docs: "`# devplat: ignore[rule-id]` silences that rule on the comment's line, or on \
the next line when the comment stands alone on its line. A suppression that silences \
nothing is stale (the problem was fixed, or the id is misspelled) and hides the next \
real finding at that place, so it is reported.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest # devplat: ignore[runner-label]\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: gpu-box # devplat: ignore[runner-label]\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("unused-suppression"),
};

pub struct UnusedSuppression;
pub const RULE: UnusedSuppression = UnusedSuppression;

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
}
