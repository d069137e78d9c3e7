//! `duplicate-key`: the same key twice in one mapping.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "duplicate-key",
    summary: "a key defined twice in the same mapping",
    severity: Severity::Error,
    docs: "GitHub rejects a mapping that repeats a key (two jobs with the same id, two \
`env` entries with the same name). YAML libraries that keep the last value silently \
hide the first one; this rule points at both.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      MODE: fast\n      MODE: safe\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      MODE: safe\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("duplicate-key"),
};

pub struct DuplicateKey;
pub const RULE: DuplicateKey = DuplicateKey;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::DuplicateKey { first, again, name } = s {
            cx.report(
                INFO.diag(again.site(), format!("key \"{name}\" is defined more than once in this mapping"))
                    .with_related(first.site(), "first defined here"),
            );
        }
    }
}

impl Rule for DuplicateKey {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        check(cx, &file.walk);
    }
    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        check(cx, &file.walk);
    }
}
