//! Every `${{ }}` of a file, parsed once with `devplat_core::expr` and positioned in the
//! file: what the expression rules read.
//!
//! For each [`ExprSite`] of the schema walk: the template split (`${{ … }}` segments, or
//! the template error: not closed, empty), each expression's parse (syntax, unknown
//! function and arity errors come from the parser), and a map from offsets in the
//! scalar's value to file positions, so a finding points at the expression itself.

use std::ops::Range;

use devplat_core::expr::ExprError;
use devplat_core::expr::github::analysis::{self, References};
use devplat_core::expr::github::{self, Expr, Function, NamedValues, ParseOptions};
use devplat_core::expr::template::{self, ScalarMap, TemplateError};
use devplat_core::source::Files;
use devplat_core::span::Span;

use crate::schema::ExprSite;
use crate::syntax::{NodeExt, ScalarStyle};

/// One expression of a site.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// `${{ … }}` in the scalar's value (for a bare `if:`, the whole value).
    pub outer: Range<usize>,
    /// The text between the braces.
    pub inner: Range<usize>,
    pub source: String,
    pub expr: Result<Expr, ExprError>,
    /// The contexts and functions the expression uses (empty when it does not parse),
    /// computed once for every rule that reads them.
    pub refs: References,
}

/// The expressions of one site.
#[derive(Debug, Clone)]
pub struct SiteExprs {
    pub template_error: Option<TemplateError>,
    pub exprs: Vec<Parsed>,
    /// The scalar is exactly one expression (it keeps its type) or a bare `if:`.
    pub whole: bool,
    map: Option<ScalarMap>,
    fallback: Span,
}

impl SiteExprs {
    /// The file span of `range` of the scalar's value.
    pub fn span(&self, range: Range<usize>) -> Span {
        match &self.map {
            Some(m) => Span::new(self.fallback.file, m.pos(range.start), m.pos(range.end)),
            None => self.fallback,
        }
    }

    /// The file span of a range inside expression `p` (offsets relative to its source).
    pub fn inner_span(&self, p: &Parsed, start: usize, end: usize) -> Span {
        self.span(p.inner.start.saturating_add(start)..p.inner.start.saturating_add(end))
    }
}

/// Contexts and functions are checked by the rules (with GitHub's availability
/// table), so the parser accepts any name and every function here.
const OPTIONS: ParseOptions<'static> = ParseOptions {
    contexts: NamedValues::Any,
    functions: &Function::ALL,
};

fn style(s: ScalarStyle) -> template::ScalarStyle {
    match s {
        ScalarStyle::Plain => template::ScalarStyle::Plain,
        ScalarStyle::SingleQuoted => template::ScalarStyle::SingleQuoted,
        ScalarStyle::DoubleQuoted => template::ScalarStyle::DoubleQuoted,
        ScalarStyle::Literal => template::ScalarStyle::Literal,
        ScalarStyle::Folded => template::ScalarStyle::Folded,
    }
}

/// Expressions already parsed, by source text: workflows repeat the same few
/// (`matrix.os`, `secrets.GITHUB_TOKEN`, `runner.os`; on the real-world corpus four
/// expressions in five are a repeat), and a parse and its references do not depend on
/// where the expression is written.
#[derive(Debug, Default)]
pub struct ExprCache {
    parsed: std::collections::HashMap<String, (Result<Expr, ExprError>, References)>,
}

impl ExprCache {
    /// Most expressions kept; past it the cache starts over.
    const MAX: usize = 4096;

    fn parse(&mut self, source: &str) -> (Result<Expr, ExprError>, References) {
        if let Some(hit) = self.parsed.get(source) {
            return hit.clone();
        }
        let expr = github::parse(source, &OPTIONS);
        let refs = expr.as_ref().map(analysis::references).unwrap_or_default();
        if self.parsed.len() >= Self::MAX {
            self.parsed.clear();
        }
        self.parsed
            .insert(source.to_owned(), (expr.clone(), refs.clone()));
        (expr, refs)
    }
}

/// Parse every expression of `site`.
pub fn analyze(files: &Files, site: &ExprSite<'_>, cache: &mut ExprCache) -> SiteExprs {
    let node = site.node;
    let value = node.text().unwrap_or("");
    // An alias points elsewhere in the file: keep the alias token as the position.
    let map = if node.alias_of.is_none() {
        node.as_scalar().and_then(|s| {
            let raw = files
                .get(node.span.file)?
                .text()
                .get(node.span.byte_range())?;
            let m = ScalarMap::new(raw, node.span.start, style(s.style));
            (m.decoded() == value).then_some(m)
        })
    } else {
        None
    };
    let mut out = SiteExprs {
        template_error: None,
        exprs: Vec::new(),
        whole: false,
        map,
        fallback: node.site(),
    };
    let mut parse = |outer: Range<usize>, inner: Range<usize>| {
        let source = value.get(inner.clone()).unwrap_or("").to_owned();
        let (expr, refs) = cache.parse(&source);
        Parsed {
            outer,
            inner,
            source,
            expr,
            refs,
        }
    };
    if site.bare_if {
        out.whole = true;
        out.exprs.push(parse(0..value.len(), 0..value.len()));
        return out;
    }
    match template::parse(value) {
        Err(e) => out.template_error = Some(e),
        Ok(None) => {}
        Ok(Some(t)) => {
            out.whole = t.whole_expression().is_some()
                && value.trim()
                    == value
                        .get(t.expressions().next().map_or(0..0, |(o, _)| o))
                        .unwrap_or("");
            for (outer, inner) in t.expressions() {
                out.exprs.push(parse(outer, inner));
            }
        }
    }
    out
}
