//! `expression-not-allowed`: `${{ }}` where GitHub evaluates no expression.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "expression-not-allowed",
    summary: "a `${{ }}` expression where GitHub does not evaluate one (keys, `uses`, `id`, `needs`, workflow `name`, `on`)",
    severity: Severity::Error,
    docs: "Expressions are evaluated only in the values the context-availability table \
lists. Keys (except in mappings of names to values that take expressions, such as \
`env` and `with`, where GitHub evaluates a `${{ }}` key too), step `id` and `uses`, \
job `needs` and `uses`, the workflow `name` and everything under `on:` (except \
`workflow_call` input defaults and output values) are literal: GitHub rejects the \
workflow.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/expression-not-allowed/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/expression-not-allowed/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("expression-not-allowed"),
};

pub struct ExpressionNotAllowed;
pub const RULE: ExpressionNotAllowed = ExpressionNotAllowed;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::ExpressionNotAllowed { node, path } = s {
            let place = if path.starts_with("the key") {
                path.clone()
            } else {
                format!("`{path}`")
            };
            cx.report(INFO.diag(
                node.site(),
                format!("expressions are not evaluated in {place}; GitHub rejects `${{{{ }}}}` here"),
            ));
        }
    }
}

impl Rule for ExpressionNotAllowed {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        check(cx, &file.walk);
    }
    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        check(cx, &file.walk);
    }
}
