//! `missing-key`: a required key is absent.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk, mapping_head};

pub const INFO: RuleInfo = RuleInfo {
    code: "missing-key",
    summary: "a required key is missing (`on`, `jobs`, `runs-on`, `runs.using`, …)",
    severity: Severity::Error,
    docs: "Some keys must be present: a workflow needs `on` and `jobs`; a job needs \
`runs-on` (or `uses` to call a reusable workflow); `concurrency` as a mapping needs \
`group`; `environment` as a mapping needs `name`; an action needs `runs` and \
`runs.using`. GitHub refuses to run the workflow otherwise.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("missing-key"),
};

pub struct MissingKey;
pub const RULE: MissingKey = MissingKey;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::MissingKey { at, key, what } = s {
            cx.report(INFO.diag(
                mapping_head(at),
                format!("{what} is missing the required key \"{key}\""),
            ));
        }
    }
}

impl Rule for MissingKey {
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
