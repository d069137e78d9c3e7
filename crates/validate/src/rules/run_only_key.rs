//! `run-only-key`: `shell`/`working-directory` on a `uses` step, or `with` on a `run` step.

use devplat_core::diag::Severity;

use crate::engine::Cx;
use crate::model::Step;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "run-only-key",
    summary: "`shell` or `working-directory` on an action step, or `with` on a script step",
    severity: Severity::Error,
    docs: "`shell` and `working-directory` apply to `run` steps only; `with` passes \
inputs to an action and applies to `uses` steps only. GitHub rejects the mix.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/run-only-key/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/run-only-key/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("run-only-key"),
};

pub struct RunOnlyKey;
pub const RULE: RunOnlyKey = RunOnlyKey;

impl Rule for RunOnlyKey {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, _scope: StepScope<'_, '_>, step: &Step<'_>) {
        if step.uses.is_some() && step.run.is_none() {
            for key in ["shell", "working-directory"] {
                if let Some(k) = step.node.key_node(key) {
                    cx.report(INFO.diag(
                        k.site(),
                        format!("`{key}` applies to `run` steps only; {} runs an action (`uses`)", step.label()),
                    ));
                }
            }
        }
        if step.run.is_some() && step.uses.is_none()
            && let Some(k) = step.node.key_node("with") {
                cx.report(INFO.diag(
                    k.site(),
                    format!("`with` passes inputs to an action; {} runs a script (`run`)", step.label()),
                ).with_help("pass values to a script through `env:`"));
            }
    }
}
