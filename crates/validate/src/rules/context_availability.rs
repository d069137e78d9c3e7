//! `context-availability`: a context or status function used where GitHub does not
//! provide it (`secrets` in `if:`, `matrix` in a job's `if:`, `steps` in `runs-on`, …),
//! or a name that is no context at all.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::expr_scan::{self, LITERALS};
use crate::github::contexts::{self, CONTEXTS};
use crate::rules::expression_syntax::sub_span;
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::Walk;

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
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - if: ${{ secrets.DEPLOY_KEY != '' }}\n        run: ./deploy.sh\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      HAS_KEY: ${{ secrets.DEPLOY_KEY != '' }}\n    steps:\n      - if: ${{ env.HAS_KEY == 'true' }}\n        run: ./deploy.sh\n",
        )],
    },
    help_uri: crate::help_uri!("context-availability"),
};

pub struct ContextAvailability;
pub const RULE: ContextAvailability = ContextAvailability;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for site in &walk.expressions {
        let Some(row) = contexts::availability(site.row) else {
            continue;
        };
        for e in site.exprs() {
            let Ok(names) = expr_scan::names(e.body) else {
                continue;
            };
            for n in names {
                if n.is_call {
                    let restricted = contexts::STATUS_FUNCTIONS.iter().chain(["hashFiles"].iter()).any(|f| f.eq_ignore_ascii_case(n.name));
                    if restricted && !row.functions.iter().any(|f| f.eq_ignore_ascii_case(n.name)) {
                        cx.report(INFO.diag(
                            sub_span(cx, site.node, e.start, e.end),
                            format!("function `{}()` is not available in `{}`", n.name, site.path),
                        ).with_help(if row.functions.is_empty() { "no status or hashFiles function is available here".to_owned() } else { format!("available functions here: {}", row.functions.join(", ")) }));
                    }
                    continue;
                }
                if LITERALS.contains(&n.name) {
                    continue;
                }
                let lower = n.name.to_ascii_lowercase();
                if !CONTEXTS.contains(&lower.as_str()) {
                    cx.report(INFO.diag(
                        sub_span(cx, site.node, e.start, e.end),
                        format!(
                            "unknown context `{}` in `{}`{}",
                            n.name,
                            site.path,
                            suggest::did_you_mean(n.name, CONTEXTS.iter().copied())
                        ),
                    ).with_help(format!("contexts available here: {}", row.contexts.join(", "))));
                    continue;
                }
                if !row.contexts.contains(&lower.as_str()) {
                    cx.report(INFO.diag(
                        sub_span(cx, site.node, e.start, e.end),
                        format!("context `{lower}` is not available in `{}`", site.path),
                    ).with_help(format!("contexts available here: {}", row.contexts.join(", "))));
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
        check(cx, &file.walk);
    }
    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        check(cx, &file.walk);
    }
}
