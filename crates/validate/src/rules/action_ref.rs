//! `action-ref`: a step `uses:` that is not `owner/repo[/path]@ref`, `./path` or
//! `docker://image`.

use devplat_core::diag::Severity;

use crate::engine::Cx;
use crate::model::Step;
use crate::remote::RemoteRef;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "action-ref",
    summary: "a step `uses:` that is not `owner/repo[/path]@ref`, `./local/path` or `docker://image`",
    severity: Severity::Error,
    docs: "An action is referenced as `{owner}/{repo}@{ref}` or \
`{owner}/{repo}/{path}@{ref}` (the ref is required), as a local path starting with `./`, \
or as a Docker image `docker://{image}[:{tag}]`. Anything else is rejected by GitHub.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/action-ref/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/action-ref/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("action-ref"),
};

pub struct ActionRef;
pub const RULE: ActionRef = ActionRef;

/// What is wrong with a step's `uses:` value, if anything.
pub fn problem(uses: &str) -> Option<String> {
    if let Some(image) = uses.strip_prefix("docker://") {
        return image.is_empty().then(|| "`docker://` needs an image, as in docker://alpine:3.20".to_owned());
    }
    if uses.starts_with("./") || uses.starts_with("$/") {
        return None;
    }
    if uses.starts_with('.') || uses.starts_with('/') {
        return Some("a local action path starts with `./` (relative to the repository root)".to_owned());
    }
    match RemoteRef::parse(uses) {
        Some(_) => None,
        None if !uses.contains('@') => Some("a remote action needs a ref: `owner/repo@v1` or `owner/repo@<commit sha>`".to_owned()),
        None => Some("expected `{owner}/{repo}[/{path}]@{ref}`, `./{path}` or `docker://{image}`".to_owned()),
    }
}

impl Rule for ActionRef {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, _scope: StepScope<'_, '_>, step: &Step<'_>) {
        let Some(node) = step.uses else {
            return;
        };
        let Some(uses) = node.text() else {
            return;
        };
        if crate::syntax::has_expression(uses) {
            return;
        }
        if let Some(p) = problem(uses) {
            cx.report(INFO.diag(node.site(), format!("invalid action reference \"{uses}\": {p}")));
        }
    }
}
