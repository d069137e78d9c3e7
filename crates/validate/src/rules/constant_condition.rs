//! `constant-condition`: an `if:` that is always true or always false, because a
//! `${{ }}` is interpolated into a longer string, or a comparison is decided by its
//! operand types alone.

use devplat_core::diag::Severity;
use devplat_core::expr::Kind;
use devplat_core::expr::github::analysis::{self, ContextRef, Key, Ty, TypeEnv};

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::exprs::SiteExprs;
use crate::github::contexts::{self, Ty as CtxTy};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::ExprSite;

pub const INFO: RuleInfo = RuleInfo {
    code: "constant-condition",
    summary: "an `if:` that is always true (an expression interpolated into a longer string) or a comparison that is always true or false",
    severity: Severity::Warning,
    docs: "`if: ${{ a }} && ${{ b }}` or `if: \"${{ x }} \"` is not one expression but a \
string made of several: a non-empty string is true, so the condition always passes. \
Write the whole condition in one `${{ }}` (or none: `if:` is an expression already). \
Comparisons whose result the operand types decide (`github.run_number == 'x'`, \
`'abc' == 1`) are always the same and are reported too. GitHub accepts such \
workflows, so the default is a warning; the run does what the condition says, not \
what was meant.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/constant-condition/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/constant-condition/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("constant-condition"),
};

pub struct ConstantCondition;
pub const RULE: ConstantCondition = ConstantCondition;

/// Types of the typed contexts (`github.*`, `runner.*`, `strategy.*`); anything else
/// is unknown.
struct Env;

impl TypeEnv for Env {
    fn context_type(&self, r: &ContextRef) -> Ty {
        if r.dynamic {
            return Ty::ANY;
        }
        let ctx = r.context.to_ascii_lowercase();
        let (Some(props), [step]) = (contexts::fixed_properties(&ctx), r.path.as_slice()) else {
            return Ty::ANY;
        };
        let Key::Name(name) = &step.key else {
            return Ty::ANY;
        };
        let lower = name.to_ascii_lowercase();
        match props.iter().find(|(p, _)| *p == lower).map(|(_, t)| *t) {
            Some(CtxTy::String) => Ty::of(Kind::String),
            Some(CtxTy::Number) => Ty::of(Kind::Number),
            Some(CtxTy::Boolean) => Ty::of(Kind::Boolean),
            // Values that GitHub leaves null outside steps (`github.token`, …) or objects.
            _ => Ty::ANY,
        }
    }
}

fn check(cx: &mut Cx<'_>, sites: &[ExprSite<'_>], exprs: &[SiteExprs]) {
    for (site, an) in sites.iter().zip(exprs) {
        if site.key == "if" && !an.whole && !an.exprs.is_empty() && an.template_error.is_none() {
            cx.report(
                INFO.diag(site.node.span, format!("`{}` is always true: its `${{{{ }}}}` is part of a longer string, and a non-empty string is true", site.path))
                    .with_help("write the whole condition inside one `${{ }}`, or without `${{ }}` at all"),
            );
            continue;
        }
        for p in &an.exprs {
            let Ok(expr) = &p.expr else {
                continue;
            };
            for c in analysis::comparisons(expr, &Env) {
                if let Some(outcome) = c.outcome {
                    let text = p.source.get(c.span.start..c.span.end).unwrap_or("").trim();
                    cx.report(INFO.diag(
                        an.inner_span(p, c.span.start, c.span.end),
                        format!("`{text}` is always {outcome} (in `{}`)", site.path),
                    ));
                }
            }
        }
    }
}

impl Rule for ConstantCondition {
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
