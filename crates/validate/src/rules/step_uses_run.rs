//! `step-uses-run`: a step with both `uses` and `run`, or neither.

use devplat_core::diag::Severity;

use crate::engine::Cx;
use crate::model::Step;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "step-uses-run",
    summary: "a step that has both `uses` and `run`, or neither, or a `run` script longer than 21,000 characters",
    severity: Severity::Error,
    docs: "A step either runs an action (`uses`) or a script (`run`), never both; a \
step with neither does nothing and GitHub rejects it. (Background-step control steps, \
`wait`, `wait-all` and `cancel`, and a `parallel` group of steps, need neither.)",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/step-uses-run/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/step-uses-run/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("step-uses-run"),
};

/// The longest `run:` script GitHub accepts, in characters.
const MAX_RUN: usize = 21_000;

pub struct StepUsesRun;
pub const RULE: StepUsesRun = StepUsesRun;

impl Rule for StepUsesRun {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, _scope: StepScope<'_, '_>, step: &Step<'_>) {
        if let Some(run) = step.run {
            let len = run.text().map_or(0, |t| t.chars().count());
            if len > MAX_RUN {
                cx.report(INFO.diag(run.site(), format!("the script of {} is {len} characters long; GitHub accepts at most {MAX_RUN}", step.label()))
                    .with_help("move the script to a file in the repository and run that"));
            }
        }
        match (step.uses, step.run) {
            (Some(uses), Some(_)) => cx.report(INFO.diag(
                uses.site(),
                format!("{} has both `uses` and `run`; a step does one or the other", step.label()),
            )),
            (None, None) => {
                if ["wait", "wait-all", "cancel", "parallel"].iter().any(|k| step.node.get(k).is_some()) {
                    return;
                }
                cx.report(INFO.diag(
                    crate::schema::mapping_head(step.node),
                    format!("{} has neither `uses` nor `run`", step.label()),
                ));
            }
            _ => {}
        }
    }
}
