//! `expression-syntax`: a `${{ }}` expression that does not parse: not closed, empty,
//! a syntax error, an unknown function or the wrong number of arguments.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::exprs::SiteExprs;
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::ExprSite;

pub const INFO: RuleInfo = RuleInfo {
    code: "expression-syntax",
    summary: "a `${{ }}` expression that does not parse: not closed, empty, a syntax error, an unknown function or a wrong number of arguments",
    severity: Severity::Error,
    docs: "GitHub rejects the whole workflow when one expression does not parse. Strings \
in expressions use single quotes (`'text'`, with `''` for a quote); the functions are \
`contains`, `startsWith`, `endsWith`, `format`, `join`, `toJSON`, `fromJSON`, \
`hashFiles`, `case`, `success`, `always`, `cancelled` and `failure`, each with its \
number of arguments. Expressions are parsed by devplat's implementation of GitHub's \
expression language (the same one `devplat expr eval` uses).",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/expression-syntax/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/expression-syntax/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("expression-syntax"),
};

pub struct ExpressionSyntax;
pub const RULE: ExpressionSyntax = ExpressionSyntax;

fn check(cx: &mut Cx<'_>, sites: &[ExprSite<'_>], exprs: &[SiteExprs]) {
    for (site, an) in sites.iter().zip(exprs) {
        if let Some(e) = &an.template_error {
            cx.report(INFO.diag(an.span(e.start..e.end), format!("{} in `{}`", e.message, site.path)));
            continue;
        }
        for p in &an.exprs {
            if let Err(e) = &p.expr {
                let span = if e.end > e.start {
                    an.inner_span(p, e.start, e.end)
                } else {
                    an.span(p.outer.clone())
                };
                cx.report(INFO.diag(
                    span,
                    format!("invalid expression `{}` in `{}`: {}", p.source.trim(), site.path, e.message),
                ));
            }
        }
    }
}

impl Rule for ExpressionSyntax {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        check(cx, &file.walk.expressions, &file.exprs);
    }
    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        check(cx, &file.walk.expressions, &file.exprs);
    }
}
