//! `local-action`: a `uses: ./path` that has no action metadata.

use devplat_core::diag::Severity;

use crate::engine::{Cx, Resolution};
use crate::model::Step;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "local-action",
    summary: "a local action (`uses: ./path`) whose `action.yml` does not exist or cannot be parsed",
    severity: Severity::Error,
    docs: "A local action path is relative to the repository root (not to the workflow \
file) and must hold an `action.yml` or `action.yaml`. The job fails when it reaches the \
step otherwise. (Local actions are read lazily: the action itself is validated when it \
is under the validated paths.)",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/local-action/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/local-action/ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/actions/setup/action.yml",
                include_str!("../../tests/fixtures/local-action/ok/.github/actions/setup/action.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("local-action"),
};

pub struct LocalAction;
pub const RULE: LocalAction = LocalAction;

/// The display path of the file a step belongs to.
pub fn scope_path<'s>(scope: &StepScope<'s, '_>) -> &'s str {
    match scope {
        StepScope::Job(f, _) => f.path,
        StepScope::Composite(f) => f.path,
    }
}

impl Rule for LocalAction {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, scope: StepScope<'_, '_>, step: &Step<'_>) {
        let Some(node) = step.uses else {
            return;
        };
        let Some(uses) = node.text() else {
            return;
        };
        if !uses.starts_with("./") {
            return;
        }
        match cx.engine.action(scope_path(&scope), uses) {
            Resolution::NotFound(why) => cx.report(INFO.diag(
                node.site(),
                format!("local action \"{uses}\" not found: {why}"),
            )),
            Resolution::Found(a) if !a.parsed => cx.report(
                INFO.diag(node.site(), format!("local action \"{uses}\" could not be parsed"))
                    .with_related(devplat_core::span::Span::file_start(a.file), "this file"),
            ),
            _ => {}
        }
    }
}
