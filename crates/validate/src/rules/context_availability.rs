//! `context-availability`: a context or status function used where GitHub does not
//! provide it (`secrets` in `if:`, `matrix` in a job's `if:`, `steps` in `runs-on`, …),
//! or a name that is no context at all.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::exprs::SiteExprs;
use crate::github::contexts::{self, CONTEXTS};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::ExprSite;

pub const INFO: RuleInfo = RuleInfo {
    code: "context-availability",
    summary: "a context or status function used where GitHub does not make it available, or an unknown context name",
    severity: Severity::Error,
    docs: "Each key evaluates expressions with a fixed set of contexts (GitHub's \
context-availability table): `secrets` is not available in `if:`, `matrix` and \
`strategy` not in a job's `if:` (it is evaluated before the matrix expands), `steps` \
and `job` only inside steps and job outputs, `env` not at the workflow level, and \
`always()`, `success()`, `failure()`, `cancelled()` only in `if:`. GitHub rejects the \
workflow when an expression names a context that is not available.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/context-availability/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/context-availability/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("context-availability"),
};

pub struct ContextAvailability;
pub const RULE: ContextAvailability = ContextAvailability;

fn check(cx: &mut Cx<'_>, sites: &[ExprSite<'_>], exprs: &[SiteExprs]) {
    for (site, an) in sites.iter().zip(exprs) {
        let Some(row) = contexts::availability(site.row) else {
            continue;
        };
        for p in &an.exprs {
            let refs = &p.refs;
            for call in &refs.functions {
                let name = call.function.name();
                let restricted = contexts::STATUS_FUNCTIONS.iter().chain(["hashFiles"].iter()).any(|f| f.eq_ignore_ascii_case(name));
                if restricted && !row.functions.iter().any(|f| f.eq_ignore_ascii_case(name)) {
                    let help = if row.functions.is_empty() {
                        "no status function or hashFiles is available here".to_owned()
                    } else {
                        format!("available functions here: {}", row.functions.join(", "))
                    };
                    cx.report(
                        INFO.diag(
                            an.inner_span(p, call.name_span.start, call.name_span.end),
                            format!("function `{name}()` is not available in `{}`", site.path),
                        )
                        .with_help(help),
                    );
                }
            }
            for r in &refs.contexts {
                let lower = r.context.to_ascii_lowercase();
                let span = an.inner_span(p, r.context_span.start, r.context_span.end);
                if !CONTEXTS.contains(&lower.as_str()) {
                    cx.report(
                        INFO.diag(
                            span,
                            format!(
                                "unknown context `{}` in `{}`{}",
                                r.context,
                                site.path,
                                suggest::did_you_mean(&r.context, CONTEXTS.iter().copied())
                            ),
                        )
                        .with_help(format!("contexts available here: {}", row.contexts.join(", "))),
                    );
                } else if !row.contexts.contains(&lower.as_str()) {
                    cx.report(
                        INFO.diag(span, format!("context `{lower}` is not available in `{}`", site.path))
                            .with_help(format!("contexts available here: {}", row.contexts.join(", "))),
                    );
                }
            }
        }
    }
}

impl Rule for ContextAvailability {
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
