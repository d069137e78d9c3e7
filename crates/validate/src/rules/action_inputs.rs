//! `action-inputs`: a step that does not give an action a required input, or gives one
//! it does not declare.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, Resolution};
use crate::model::Step;
use crate::rules::local_action::scope_path;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "action-inputs",
    summary: "a step's `with:` that misses a required input of the action or passes one it does not declare",
    severity: Severity::Error,
    docs: "The action's metadata (`action.yml`) declares its inputs. A required input \
without a default must be given in `with:`; an input the action does not declare is a \
typo or a leftover (GitHub only warns at run time, and the action never sees it). \
Checked for local actions, and for remote actions with `--resolve-remote`. Docker \
actions also accept `args` and `entrypoint`.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/action-inputs/not-ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/actions/deploy/action.yml",
                include_str!("../../tests/fixtures/action-inputs/not-ok/.github/actions/deploy/action.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/action-inputs/ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/actions/deploy/action.yml",
                include_str!("../../tests/fixtures/action-inputs/ok/.github/actions/deploy/action.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("action-inputs"),
};

pub struct ActionInputs;
pub const RULE: ActionInputs = ActionInputs;

impl Rule for ActionInputs {
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
        if uses.starts_with("docker://") || crate::syntax::has_expression(uses) {
            return;
        }
        let Resolution::Found(action) = cx.engine.action(scope_path(&scope), uses) else {
            return;
        };
        if !action.parsed {
            return;
        }
        let given = step.with.map(NodeExt::entries).unwrap_or_default();
        if step.with.is_some_and(|w| w.as_map().is_none()) {
            return;
        }
        let is_docker = action.using.as_deref() == Some("docker");
        for (name, knode, _) in &given {
            if is_docker && (*name == "args" || *name == "entrypoint") {
                continue;
            }
            if action.inputs.iter().any(|i| i.name.eq_ignore_ascii_case(name)) {
                continue;
            }
            let names: Vec<&str> = action.inputs.iter().map(|i| i.name.as_str()).collect();
            let mut d = INFO.diag(
                knode.site(),
                format!(
                    "input \"{name}\" is not declared by action \"{uses}\"{}",
                    suggest::did_you_mean(name, names.iter().copied())
                ),
            );
            d = if names.is_empty() {
                d.with_help("the action declares no inputs")
            } else {
                d.with_help(format!("declared inputs: {}", names.join(", ")))
            };
            cx.report(d.with_related(devplat_core::span::Span::file_start(action.file), "the action's metadata"));
        }
        for input in action.inputs.iter().filter(|i| i.required && !i.has_default) {
            if given.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(&input.name)) {
                continue;
            }
            cx.report(
                INFO.diag(
                    node.site(),
                    format!("action \"{uses}\" requires input \"{}\", which `with:` does not give", input.name),
                )
                .with_related(input.span, "declared as required here"),
            );
        }
    }
}
