//! `empty-mapping`: a mapping that must hold at least one entry is empty.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "empty-mapping",
    summary: "an empty mapping where at least one entry is required (`jobs: {}`)",
    severity: Severity::Error,
    docs: "A workflow needs at least one job; GitHub rejects `jobs:` with nothing under it.",
    bad: Example {
        files: &[(".github/workflows/ci.yml", "on: push\njobs: {}\n")],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("empty-mapping"),
};

pub struct EmptyMapping;
pub const RULE: EmptyMapping = EmptyMapping;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::EmptyMapping { node, path, what } = s {
            cx.report(INFO.diag(
                node.site(),
                format!("`{path}` is empty, expected at least one entry ({what})"),
            ));
        }
    }
}

impl Rule for EmptyMapping {
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
