//! `reusable-workflow-permissions`: a called workflow whose jobs ask for more token
//! permissions than the caller gives.

use devplat_core::diag::Severity;
use devplat_core::span::Span;

use crate::engine::{Cx, Engine, Resolution, WorkflowFile};
use crate::github::permissions::{Grant, Level};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::summary::grant_of;
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "reusable-workflow-permissions",
    summary: "a reusable workflow (or one it calls) whose jobs request token permissions the caller does not grant",
    severity: Severity::Error,
    docs: "A called workflow's jobs can only lower the GITHUB_TOKEN permissions the \
calling job has, never raise them: GitHub refuses to start the run when a nested job \
asks for more. The caller's permissions are its job's `permissions:`, else its \
workflow's, else the repository default, which devplat cannot see: set \
`validate.default-token-permissions` (`read` or `write`) in .devplat.yml to check \
callers that set none. Nested calls are followed.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/reusable-workflow-permissions/not-ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/release.yml",
                include_str!("../../tests/fixtures/reusable-workflow-permissions/not-ok/.github/workflows/release.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/reusable-workflow-permissions/ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/release.yml",
                include_str!("../../tests/fixtures/reusable-workflow-permissions/ok/.github/workflows/release.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("reusable-workflow-permissions"),
};

pub struct ReusableWorkflowPermissions;
pub const RULE: ReusableWorkflowPermissions = ReusableWorkflowPermissions;

/// Check the callee of `uses` against `allowed`; recurse into its own calls.
#[allow(clippy::too_many_arguments)]
fn check(cx_out: &mut Vec<(Span, String, Option<Span>)>, engine: &Engine<'_>, caller: &str, uses: &str, allowed: &Grant, at: Span, depth: usize) {
    if depth > crate::rules::reusable_workflow_depth::MAX_DEPTH {
        return;
    }
    let Resolution::Found(callee) = engine.reusable_workflow(caller, uses) else {
        return;
    };
    let mut requests: Vec<(String, &Grant, Span)> = callee
        .job_permissions
        .iter()
        .map(|(j, g, s)| (format!("nested job \"{j}\""), g, *s))
        .collect();
    if let Some((g, s)) = &callee.permissions {
        requests.push(("workflow".to_owned(), g, *s));
    }
    for (who, grant, span) in requests {
        for (scope, level) in &grant.levels {
            let have = allowed.get(scope);
            if *level > have {
                cx_out.push((
                    at,
                    format!(
                        "calling \"{uses}\": its {who} requests `{scope}: {}`, but is only allowed `{scope}: {}`",
                        level.as_str(),
                        have.as_str()
                    ),
                    Some(span),
                ));
            }
        }
    }
    for (next, _, job) in &callee.calls {
        // A nested call runs with its calling job's permissions, capped by ours.
        let mut nested = allowed.clone();
        if let Some(g) = callee.job_grant(job) {
            for (scope, level) in &g.levels {
                nested.set(scope, (*level).min(allowed.get(scope)));
            }
        }
        check(cx_out, engine, &callee.path, next, &nested, at, depth.saturating_add(1));
    }
}

impl Rule for ReusableWorkflowPermissions {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>, job: &Job<'_>) {
        let Some(node) = job.uses else {
            return;
        };
        let Some(uses) = node.text() else {
            return;
        };
        let allowed = job
            .permissions
            .and_then(grant_of)
            .or_else(|| file.wf.permissions.and_then(grant_of))
            .or_else(|| match cx.config().default_token_permissions {
                Some(Level::Write) => Some(Grant::all(Level::Write)),
                Some(_) => Some(Grant::restricted_default()),
                None => None,
            });
        let Some(allowed) = allowed else {
            return;
        };
        let mut found = Vec::new();
        check(&mut found, cx.engine, file.path, uses, &allowed, node.site(), 1);
        for (at, msg, related) in found {
            let mut d = INFO.diag(at, msg);
            if let Some(r) = related {
                d = d.with_related(r, "requested here");
            }
            cx.report(d.with_help("grant it in the calling job's `permissions:`, or lower the callee's"));
        }
    }
}
