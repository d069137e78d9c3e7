//! `expression-syntax`: a `${{ }}` expression that is not closed, empty, or malformed,
//! or calls a function that does not exist.

use devplat_core::diag::Severity;
use devplat_core::span::Span;
use devplat_core::suggest;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::expr_scan::{self, FUNCTIONS};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::Walk;
use crate::syntax::{Node, NodeExt};

pub const INFO: RuleInfo = RuleInfo {
    code: "expression-syntax",
    summary: "a `${{ }}` expression that is not closed, is empty, has unbalanced quotes or brackets, uses double quotes, or calls an unknown function",
    severity: Severity::Error,
    docs: "GitHub rejects the whole workflow when one expression does not parse. Strings \
in expressions use single quotes (`'text'`, with `''` for a quote); the functions are \
`contains`, `startsWith`, `endsWith`, `format`, `join`, `toJSON`, `fromJSON`, \
`hashFiles`, `success`, `always`, `cancelled`, `failure` (and `case`).",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    if: ${{ contains(github.ref, \"release\") }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    if: ${{ contains(github.ref, 'release') }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("expression-syntax"),
};

pub struct ExpressionSyntax;
pub const RULE: ExpressionSyntax = ExpressionSyntax;

/// The span of `text[start..end]` inside `node` when the scalar's text appears verbatim
/// in the source; otherwise the node's span.
pub fn sub_span(cx: &Cx<'_>, node: &Node, start: usize, end: usize) -> Span {
    let text = node.text().unwrap_or("");
    let Some(needle) = text.get(start..end) else {
        return node.site();
    };
    let files = cx.engine.files();
    let Some(source) = files.get(node.span.file) else {
        return node.site();
    };
    let Some(region) = source.text().get(node.span.byte_range()) else {
        return node.site();
    };
    let nth = text.get(..start).map_or(0, |t| t.matches(needle).count());
    match region.match_indices(needle).nth(nth) {
        Some((off, _)) => {
            let s = (node.span.start.offset as usize).saturating_add(off);
            Span::new(node.span.file, source.pos_of_offset(s), source.pos_of_offset(s.saturating_add(needle.len())))
        }
        None => node.site(),
    }
}

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for site in &walk.expressions {
        for e in site.exprs() {
            let span = sub_span(cx, site.node, e.start, e.end);
            if !e.closed {
                cx.report(INFO.diag(span, format!("expression in `{}` is not closed: `${{{{` without `}}}}`", site.path)));
                continue;
            }
            match expr_scan::names(e.body) {
                Err(why) => cx.report(INFO.diag(span, format!("invalid expression `{}` in `{}`: {why}", e.body.trim(), site.path))),
                Ok(names) => {
                    for n in names.iter().filter(|n| n.is_call) {
                        if !FUNCTIONS.iter().any(|(f, _, _)| f.eq_ignore_ascii_case(n.name)) {
                            cx.report(INFO.diag(
                                span,
                                format!(
                                    "unknown function `{}` in `{}`{}",
                                    n.name,
                                    site.path,
                                    suggest::did_you_mean(n.name, FUNCTIONS.iter().map(|(f, _, _)| *f))
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
}

impl Rule for ExpressionSyntax {
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
