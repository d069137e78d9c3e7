//! `disallowed-action`: an action that the configured allow-list does not permit.

use devplat_core::diag::Severity;

use crate::config::pattern_matches;
use crate::engine::{Cx, WorkflowFile};
use crate::model::{Job, Step};
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::{Node, NodeExt};

pub const INFO: RuleInfo = RuleInfo {
    code: "disallowed-action",
    summary: "an action or reusable workflow that `validate.allowed-actions` in .devplat.yml does not allow",
    severity: Severity::Error,
    docs: "When `validate.allowed-actions` lists patterns (`actions/*`, `my-org/*`, \
`docker://*`, `./*`), every `uses:` of a step or job must match one. This mirrors the \
organisation setting \"Allow select actions\" so a workflow fails review before it \
fails on GitHub. Without the setting, nothing is reported.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/disallowed-action/not-ok/.github/workflows/ci.yml"),
            ),
            (
                ".devplat.yml",
                include_str!("../../tests/fixtures/disallowed-action/not-ok/.devplat.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/disallowed-action/ok/.github/workflows/ci.yml"),
            ),
            (
                ".devplat.yml",
                include_str!("../../tests/fixtures/disallowed-action/ok/.devplat.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("disallowed-action"),
};

pub struct DisallowedAction;
pub const RULE: DisallowedAction = DisallowedAction;

fn check(cx: &mut Cx<'_>, node: &Node) {
    let Some(allowed) = cx.config().allowed_actions.clone() else {
        return;
    };
    let Some(uses) = node.text() else {
        return;
    };
    if !allowed.iter().any(|p| pattern_matches(p, uses)) {
        cx.report(
            INFO.diag(node.site(), format!("\"{uses}\" is not allowed by `validate.allowed-actions`"))
                .with_help(format!("allowed: {}", allowed.join(", "))),
        );
    }
}

impl Rule for DisallowedAction {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, _file: &WorkflowFile<'_>, job: &Job<'_>) {
        if let Some(u) = job.uses {
            check(cx, u);
        }
    }
    fn step(&self, cx: &mut Cx<'_>, _scope: StepScope<'_, '_>, step: &Step<'_>) {
        if let Some(u) = step.uses {
            check(cx, u);
        }
    }
}
