//! `step-id`: a step id that is invalid or used twice in the same job.

use devplat_core::diag::Severity;

use crate::engine::Cx;
use crate::model::Step;
use crate::rules::{Example, Rule, RuleInfo, StepScope, id_problem};
use crate::syntax::{NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "step-id",
    summary: "a step id that is invalid, or the same as an earlier step's id in the job",
    severity: Severity::Error,
    docs: "Step ids name the step in the `steps` context (`steps.build.outputs.x`), so \
they follow the rules of job ids (letters, digits, `-`, `_`, not starting with a digit \
or `__`) and are unique within a job or composite action, compared case-insensitively.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/step-id/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/step-id/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("step-id"),
};

pub struct StepId;
pub const RULE: StepId = StepId;

impl Rule for StepId {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, scope: StepScope<'_, '_>, step: &Step<'_>) {
        let (Some(node), Some(id)) = (step.id, step.id_str()) else {
            return;
        };
        if has_expression(id) {
            return;
        }
        if let Some(problem) = id_problem(id) {
            cx.report(INFO.diag(node.site(), format!("invalid step id \"{id}\": {problem}")));
            return;
        }
        let earlier = scope
            .steps()
            .iter()
            .take_while(|s| s.index < step.index)
            .find(|s| s.id_str().is_some_and(|o| o.eq_ignore_ascii_case(id)));
        if let Some(first) = earlier.and_then(|s| s.id) {
            cx.report(
                INFO.diag(node.site(), format!("step id \"{id}\" is already used by an earlier step (ids are case-insensitive)"))
                    .with_related(first.site(), "first used here"),
            );
        }
    }
}
