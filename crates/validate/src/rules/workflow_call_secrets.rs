//! `workflow-call-secrets`: a reusable-workflow call whose `secrets:` misses a required
//! secret or passes an undeclared one.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, Resolution, WorkflowFile};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "workflow-call-secrets",
    summary: "a reusable-workflow call that misses a required secret or passes one the callee does not declare",
    severity: Severity::Error,
    docs: "The caller passes secrets by name (`secrets: {token: ${{ secrets.X }}}`) or \
all of them with `secrets: inherit`. With a mapping, every secret the callee declares \
as `required` must be given and only declared secrets may be given. `inherit` passes \
everything, so nothing is checked.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/workflow-call-secrets/not-ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/publish.yml",
                include_str!("../../tests/fixtures/workflow-call-secrets/not-ok/.github/workflows/publish.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/workflow-call-secrets/ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/publish.yml",
                include_str!("../../tests/fixtures/workflow-call-secrets/ok/.github/workflows/publish.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("workflow-call-secrets"),
};

pub struct WorkflowCallSecrets;
pub const RULE: WorkflowCallSecrets = WorkflowCallSecrets;

impl Rule for WorkflowCallSecrets {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>, job: &Job<'_>) {
        let Some(uses) = job.uses.and_then(NodeExt::text) else {
            return;
        };
        if has_expression(uses) || job.secrets.and_then(NodeExt::text) == Some("inherit") {
            return;
        }
        let Resolution::Found(callee) = cx.engine.reusable_workflow(file.path, uses) else {
            return;
        };
        if !callee.parsed || callee.call_span.is_none() {
            return;
        }
        let given = job.secrets.map(NodeExt::entries).unwrap_or_default();
        let names: Vec<&str> = callee.secrets.iter().map(|s| s.name.as_str()).collect();
        for (name, knode, _) in &given {
            if callee.secrets.iter().any(|s| s.name.eq_ignore_ascii_case(name)) {
                continue;
            }
            cx.report(
                INFO.diag(
                    knode.site(),
                    format!("secret \"{name}\" is not declared by \"{uses}\"{}", suggest::did_you_mean(name, names.iter().copied())),
                )
                .with_related(callee.call_span.unwrap_or(callee.on_span), "the callee's `workflow_call`"),
            );
        }
        for decl in callee.secrets.iter().filter(|s| s.required) {
            if given.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(&decl.name)) {
                continue;
            }
            let at = job.secrets.map_or(job.uses.map_or(job.key.site(), NodeExt::site), |s| s.site());
            cx.report(
                INFO.diag(at, format!("\"{uses}\" requires secret \"{}\", which `secrets:` does not give", decl.name))
                    .with_related(decl.span, "declared as required here")
                    .with_help("pass it by name, or pass every secret with `secrets: inherit`"),
            );
        }
    }
}
