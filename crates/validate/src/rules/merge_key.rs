//! `merge-key`: a YAML merge key (`<<: *anchor`), which GitHub does not apply.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "merge-key",
    summary: "a YAML merge key `<<`, which GitHub Actions does not support",
    severity: Severity::Error,
    docs: "GitHub Actions accepts anchors and aliases (`&defaults`, `*defaults`) but not \
the merge key `<<` of YAML 1.1: the workflow is rejected. Repeat the keys, or alias a \
whole value (`env: *common-env`).",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env: &env\n      CI: 'true'\n    steps:\n      - run: make\n  b:\n    runs-on: ubuntu-latest\n    env:\n      <<: *env\n      EXTRA: '1'\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env: &env\n      CI: 'true'\n    steps:\n      - run: make\n  b:\n    runs-on: ubuntu-latest\n    env: *env\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("merge-key"),
};

pub struct MergeKey;
pub const RULE: MergeKey = MergeKey;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::MergeKey { key } = s {
            cx.report(
                INFO.diag(key.site(), "YAML merge key \"<<\" is not supported by GitHub Actions")
                    .with_help("alias a whole value (`env: *common`) or repeat the keys"),
            );
        }
    }
}

impl Rule for MergeKey {
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
