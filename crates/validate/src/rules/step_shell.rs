//! `step-shell`: an unknown `shell`, or a composite action `run` step without one.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::github::shells::{self, ShellKind};
use crate::model::{Job, Step};
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::{Node, NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "step-shell",
    summary: "an unknown `shell:` value, or a `run` step of a composite action without `shell:`",
    severity: Severity::Error,
    docs: "`shell:` is one of `bash`, `pwsh`, `python`, `sh`, `cmd`, `powershell`, or a \
custom command that contains `{0}` (the script's path). In a composite action every \
`run` step must say its `shell` (there is no default): GitHub fails the action at run \
time otherwise, which actionlint cannot see.",
    bad: Example {
        files: &[
            (
                "action.yml",
                include_str!("../../tests/fixtures/step-shell/not-ok/action.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                "action.yml",
                include_str!("../../tests/fixtures/step-shell/ok/action.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("step-shell"),
};

pub struct StepShell;
pub const RULE: StepShell = StepShell;

fn check_shell(cx: &mut Cx<'_>, node: &Node) {
    let Some(shell) = node.text() else {
        return;
    };
    if has_expression(shell) {
        return;
    }
    if shells::classify(shell) == ShellKind::Unknown {
        cx.report(
            INFO.diag(
                node.site(),
                format!(
                    "unknown shell \"{shell}\"{}",
                    suggest::did_you_mean(shell, shells::SHELLS.iter().copied())
                ),
            )
            .with_help("use bash, pwsh, python, sh, cmd, powershell, or a command containing {0}"),
        );
    }
}

impl Rule for StepShell {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        if let Some(s) = file.wf.defaults_shell {
            check_shell(cx, s);
        }
    }
    fn job(&self, cx: &mut Cx<'_>, _file: &WorkflowFile<'_>, job: &Job<'_>) {
        if let Some(s) = job.defaults_shell {
            check_shell(cx, s);
        }
    }
    fn step(&self, cx: &mut Cx<'_>, scope: StepScope<'_, '_>, step: &Step<'_>) {
        if let Some(s) = step.shell {
            check_shell(cx, s);
        } else if scope.is_composite()
            && let Some(run) = step.run {
                cx.report(
                    INFO.diag(
                        run.site(),
                        format!("{} of a composite action runs a script without `shell:`; composite actions have no default shell", step.label()),
                    )
                    .with_help("add `shell: bash` (or pwsh, python, sh, cmd, powershell)"),
                );
            }
    }
}
