//! `reusable-workflow`: a job `uses:` whose callee is missing, is not reusable, or
//! cannot be checked offline (a note).

use devplat_core::diag::Severity;
use devplat_core::span::Span;

use crate::engine::{Cx, Resolution, WorkflowFile};
use crate::model::Job;
use crate::remote::RemoteRef;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "reusable-workflow",
    summary: "a reusable-workflow call whose callee does not exist, has no `on.workflow_call`, or is remote and was not fetched",
    severity: Severity::Error,
    docs: "A job's `uses:` names a reusable workflow: `./.github/workflows/x.yml` in the \
same repository, or `owner/repo/.github/workflows/x.yml@ref`. The callee must exist and \
be triggered by `workflow_call`. Remote callees are fetched only with \
`--resolve-remote`; otherwise the call is reported as a note (never an error) and its \
inputs and secrets are not checked.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/reusable-workflow/not-ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/build.yml",
                include_str!("../../tests/fixtures/reusable-workflow/not-ok/.github/workflows/build.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/reusable-workflow/ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/build.yml",
                include_str!("../../tests/fixtures/reusable-workflow/ok/.github/workflows/build.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("reusable-workflow"),
};

pub struct ReusableWorkflow;
pub const RULE: ReusableWorkflow = ReusableWorkflow;

/// What is wrong with the form of a job's `uses:`, if anything.
pub fn form_problem(uses: &str) -> Option<&'static str> {
    if let Some(local) = uses.strip_prefix("./") {
        if uses.contains('@') {
            return Some("a local reusable workflow takes no `@ref` (it is read at the caller's commit)");
        }
        if !(local.starts_with(".github/workflows/") && (local.ends_with(".yml") || local.ends_with(".yaml"))) {
            return Some("a local reusable workflow is a `.yml`/`.yaml` file directly under `./.github/workflows/`");
        }
        return None;
    }
    match RemoteRef::parse(uses) {
        Some(r) if r.path.starts_with(".github/workflows/") && (r.path.ends_with(".yml") || r.path.ends_with(".yaml")) => None,
        Some(_) => Some("a reusable workflow is `{owner}/{repo}/.github/workflows/{file}.yml@{ref}`"),
        None => Some("expected `./.github/workflows/{file}.yml` or `{owner}/{repo}/.github/workflows/{file}.yml@{ref}`"),
    }
}

impl Rule for ReusableWorkflow {
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
        if has_expression(uses) {
            return;
        }
        if let Some(p) = form_problem(uses) {
            cx.report(INFO.diag(node.site(), format!("invalid reusable workflow reference \"{uses}\": {p}")));
            return;
        }
        match cx.engine.reusable_workflow(file.path, uses) {
            Resolution::NotFound(why) => cx.report(INFO.diag(node.site(), format!("reusable workflow \"{uses}\" not found: {why}"))),
            Resolution::Offline => cx.report(
                INFO.diag(node.site(), format!("remote reusable workflow \"{uses}\" was not checked (offline)"))
                    .with_severity(Severity::Note)
                    .with_help("run with --resolve-remote (and GITHUB_TOKEN) to check its inputs, secrets and outputs"),
            ),
            Resolution::RemoteFailed(why) => cx.report(
                INFO.diag(node.site(), format!("remote reusable workflow \"{uses}\" could not be fetched: {why}"))
                    .with_severity(Severity::Warning),
            ),
            Resolution::Found(callee) => {
                if !callee.parsed {
                    cx.report(
                        INFO.diag(node.site(), format!("reusable workflow \"{uses}\" could not be parsed"))
                            .with_related(Span::file_start(callee.file), "the callee"),
                    );
                } else if callee.call_span.is_none() {
                    cx.report(
                        INFO.diag(node.site(), format!("\"{uses}\" is not a reusable workflow: it has no `on.workflow_call` trigger"))
                            .with_related(callee.on_span, "its triggers"),
                    );
                }
            }
        }
    }
}
