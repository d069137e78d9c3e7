//! Template strings: every `${{ … }}` in a YAML scalar, with byte ranges, and the map
//! from an offset in the scalar's value back to a position in the file.
//!
//! Shared by both dialects. The rules are GitHub's template reader (actions/
//! languageservices `template-reader.ts`, the runner's `TemplateReader`):
//! - an expression runs from `${{` to the first `}}` that is not inside a single-quoted
//!   string literal (a `'` toggles "inside"; `''` toggles twice, so escapes just work);
//! - a `${{` without a closing `}}` is an error (`expression-not-closed`), and so is an
//!   empty expression (`expression-empty`);
//! - a scalar that is exactly one `${{ … }}` — nothing before or after it, not even
//!   spaces (YAML has already trimmed plain scalars) — is a *whole-value* expression and
//!   keeps its type; otherwise the scalar is an *interpolation*: the literal parts and
//!   the expressions' values, converted to strings, are joined (GitHub rewrites it to
//!   `format('lit{0}lit', expr)`).
//!
//! [`ScalarMap`] re-reads the scalar's source text (quotes, escapes, folded lines, block
//! indentation) to map each byte of the decoded value to its place in the file.

use std::ops::Range;

use crate::span::{FileId, Pos, Span};
use crate::yaml::{Node, NodeKind};

/// Opens an expression.
pub const OPEN: &str = "${{";
/// Closes an expression.
pub const CLOSE: &str = "}}";

/// A piece of a scalar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text outside expressions: its byte range in the scalar's value.
    Literal(Range<usize>),
    /// An expression: `outer` covers `${{ … }}`, `inner` the text between the braces.
    Expression {
        outer: Range<usize>,
        inner: Range<usize>,
    },
}

/// A scalar that contains at least one expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub segments: Vec<Segment>,
}

impl Template {
    /// The expression's inner range when the scalar is exactly one `${{ … }}`.
    pub fn whole_expression(&self) -> Option<Range<usize>> {
        match self.segments.as_slice() {
            [Segment::Expression { inner, .. }] => Some(inner.clone()),
            _ => None,
        }
    }

    /// The expressions, in order: `(outer, inner)` byte ranges.
    pub fn expressions(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        self.segments.iter().filter_map(|s| match s {
            Segment::Expression { outer, inner } => Some((outer.clone(), inner.clone())),
            Segment::Literal(_) => None,
        })
    }
}

/// A malformed template, positioned in the scalar's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// `expression-not-closed` or `expression-empty`.
    pub code: &'static str,
    pub message: String,
    /// Byte range in the scalar's value.
    pub start: usize,
    pub end: usize,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Whether `value` contains `${{`.
pub fn contains_expression(value: &str) -> bool {
    find_open(value).is_some()
}

/// The byte offset of the first `${{` in `value`. (Most values are short and have
/// none: a `$` scan is several times cheaper than a substring search there.)
pub fn find_open(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    memchr::memchr_iter(b'$', bytes).find(|&i| {
        bytes.get(i.saturating_add(1)..i.saturating_add(OPEN.len())) == Some(b"{{".as_slice())
    })
}

/// Split `value` into literal text and expressions; `None` when it has no `${{`.
pub fn parse(value: &str) -> Result<Option<Template>, TemplateError> {
    let Some(mut next) = find_open(value) else {
        return Ok(None);
    };
    let bytes = value.as_bytes();
    let mut segments = Vec::new();
    let mut i = 0usize;
    loop {
        if next > i {
            segments.push(Segment::Literal(i..next));
        }
        let inner_start = next.saturating_add(OPEN.len());
        let mut in_string = false;
        let mut end = None;
        let mut j = inner_start;
        while let Some(&b) = bytes.get(j) {
            if b == b'\'' {
                in_string = !in_string;
            } else if !in_string && b == b'}' && bytes.get(j.saturating_add(1)) == Some(&b'}') {
                end = Some(j);
                break;
            }
            j = j.saturating_add(1);
        }
        let Some(inner_end) = end else {
            return Err(TemplateError {
                code: "expression-not-closed",
                message: "The expression is not closed. An unescaped ${{ sequence was found, \
                          but the closing }} sequence was not found."
                    .to_owned(),
                start: next,
                end: value.len(),
            });
        };
        let outer_end = inner_end.saturating_add(CLOSE.len());
        if value
            .get(inner_start..inner_end)
            .is_none_or(|s| s.trim().is_empty())
        {
            return Err(TemplateError {
                code: "expression-empty",
                message: "An expression was expected".to_owned(),
                start: next,
                end: outer_end,
            });
        }
        segments.push(Segment::Expression {
            outer: next..outer_end,
            inner: inner_start..inner_end,
        });
        i = outer_end;
        match value
            .get(i..)
            .and_then(find_open)
            .map(|k| k.saturating_add(i))
        {
            Some(k) => next = k,
            None => {
                if i < value.len() {
                    segments.push(Segment::Literal(i..value.len()));
                }
                return Ok(Some(Template { segments }));
            }
        }
    }
}

/// How a YAML scalar is written (the YAML loader's type).
pub use crate::yaml::ScalarStyle;

/// Maps byte offsets in a scalar's decoded value to positions in the file.
///
/// Built from a loaded YAML node ([`ScalarMap::from_node`]) or from the scalar's source
/// text exactly as in the file, from its first character (the opening quote or the
/// `|`/`>` indicator), and the position of that character ([`ScalarMap::new`]). Exact for
/// plain and quoted scalars on one or several lines (folding, `''`, every double-quoted
/// escape: an offset inside an escape's output maps to the escape's first character) and
/// for block scalars. Limits: without the loaded value, a block scalar with an explicit
/// indentation indicator whose first line is indented further than the indicator says
/// maps each line's offsets shifted by the difference; tabs count as one column.
#[derive(Clone, Debug)]
pub struct ScalarMap {
    start: Pos,
    raw: String,
    decoded: String,
    /// `(decoded offset, raw offset)` where each run starts, increasing.
    anchors: Vec<(usize, usize)>,
}

impl ScalarMap {
    /// The map of a scalar node loaded from `file_text` (the text of the node's file);
    /// `None` for a mapping or a sequence. Node properties (`&anchor`, `!tag`) before the
    /// scalar are skipped; an alias maps into the anchored definition. The node's value
    /// also settles the content indentation of a block scalar with an explicit
    /// indentation indicator, so those map exactly too.
    pub fn from_node(node: &Node, file_text: &str) -> Option<ScalarMap> {
        let NodeKind::Scalar(scalar) = &node.kind else {
            return None;
        };
        let span = node.alias_of.unwrap_or(node.span);
        let mut raw = file_text.get(span.byte_range())?;
        let mut start = span.start;
        // Skip `&anchor` and `!tag` properties and the space after them.
        while raw.starts_with('&') || raw.starts_with('!') {
            let token = raw.find(char::is_whitespace).unwrap_or(raw.len());
            let rest = raw.get(token..).unwrap_or("").trim_start();
            let cut = raw.len().saturating_sub(rest.len());
            start = advance(start, raw.get(..cut).unwrap_or(""));
            raw = rest;
        }
        Some(ScalarMap::build(
            raw,
            start,
            scalar.style,
            Some(&scalar.text),
        ))
    }

    pub fn new(raw: &str, start: Pos, style: ScalarStyle) -> ScalarMap {
        ScalarMap::build(raw, start, style, None)
    }

    /// `value`: the loader's value, when at hand. For block scalars it tells how many
    /// leading spaces the first line keeps (an explicit indentation indicator) and the
    /// kept trailing line breaks (`|+`), which the node's span may not cover.
    fn build(raw: &str, start: Pos, style: ScalarStyle, value: Option<&str>) -> ScalarMap {
        let extra_indent = value.and_then(|v| {
            let first = v.lines().find(|l| !l.trim().is_empty())?;
            Some(
                first
                    .len()
                    .saturating_sub(first.trim_start_matches(' ').len()),
            )
        });
        let mut b = Builder::default();
        match style {
            ScalarStyle::Plain => decode_flow(raw, 0, raw.len(), Quoting::None, &mut b),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                let quote = if style == ScalarStyle::SingleQuoted {
                    '\''
                } else {
                    '"'
                };
                let end = if raw.len() >= 2 && raw.ends_with(quote) {
                    raw.len().saturating_sub(1)
                } else {
                    raw.len()
                };
                let quoting = if style == ScalarStyle::SingleQuoted {
                    Quoting::Single
                } else {
                    Quoting::Double
                };
                decode_flow(raw, 1.min(raw.len()), end, quoting, &mut b);
            }
            ScalarStyle::Literal => decode_block(raw, false, extra_indent, &mut b),
            ScalarStyle::Folded => decode_block(raw, true, extra_indent, &mut b),
        }
        if let Some(rest) = value.and_then(|v| v.strip_prefix(b.out.as_str()))
            && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
            && rest.bytes().all(|c| c == b'\n')
        {
            b.push(raw.len(), rest);
        }
        ScalarMap {
            start,
            raw: raw.to_owned(),
            decoded: b.out,
            anchors: b.anchors,
        }
    }

    /// The value as this map decoded it (equal to the YAML parser's value for the
    /// cases documented above).
    pub fn decoded(&self) -> &str {
        &self.decoded
    }

    /// The byte offset in the source text of byte `offset` of the value.
    fn raw_offset(&self, offset: usize) -> usize {
        let i = self.anchors.partition_point(|(d, _)| *d <= offset);
        let Some(i) = i.checked_sub(1) else {
            return 0;
        };
        let Some(&(d, r)) = self.anchors.get(i) else {
            return 0;
        };
        let mut raw = r.saturating_add(offset.saturating_sub(d));
        if let Some(&(_, next_raw)) = self.anchors.get(i.saturating_add(1)) {
            raw = raw.min(next_raw.max(r));
        }
        raw.min(self.raw.len())
    }

    /// The file position of byte `offset` of the value (clamped to the scalar).
    pub fn pos(&self, offset: usize) -> Pos {
        let raw_offset = self.raw_offset(offset);
        advance(self.start, self.raw.get(..raw_offset).unwrap_or(&self.raw))
    }

    /// The file span of a byte range of the value.
    pub fn span(&self, file: FileId, range: Range<usize>) -> Span {
        Span::new(file, self.pos(range.start), self.pos(range.end))
    }
}

/// `pos` moved past `text`.
fn advance(mut pos: Pos, text: &str) -> Pos {
    for c in text.chars() {
        if c == '\n' {
            pos.line = pos.line.saturating_add(1);
            pos.column = 1;
        } else {
            pos.column = pos.column.saturating_add(1);
        }
    }
    pos.offset = pos
        .offset
        .saturating_add(u32::try_from(text.len()).unwrap_or(u32::MAX));
    pos
}

#[derive(Default)]
struct Builder {
    out: String,
    anchors: Vec<(usize, usize)>,
}

impl Builder {
    /// Append `text`, which starts at `raw` in the source.
    fn push(&mut self, raw: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        self.anchors.push((self.out.len(), raw));
        self.out.push_str(text);
    }

    fn push_char(&mut self, raw: usize, c: char) {
        let mut buf = [0u8; 4];
        self.push(raw, c.encode_utf8(&mut buf));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    None,
    Single,
    Double,
}

/// Lines of `raw[start..end]` as `(content start, content end, break end)` byte
/// offsets; the content excludes the line break (`\n` or `\r\n`).
fn lines(raw: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = start;
    let text = raw.get(start..end).unwrap_or("");
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let nl = start.saturating_add(i);
            let content_end =
                if nl > line_start && raw.as_bytes().get(nl.saturating_sub(1)) == Some(&b'\r') {
                    nl.saturating_sub(1)
                } else {
                    nl
                };
            out.push((line_start, content_end));
            line_start = nl.saturating_add(1);
        }
    }
    out.push((line_start, end));
    out
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Plain and quoted scalars: line folding, `''` and backslash escapes.
fn decode_flow(raw: &str, start: usize, end: usize, quoting: Quoting, b: &mut Builder) {
    let bytes = raw.as_bytes();
    let all = lines(raw, start, end);
    let last = all.len().saturating_sub(1);
    let mut pending_breaks = 0usize;
    // Where the previous line's break is, and whether it was escaped (`\` at the end of
    // a double-quoted line joins the lines with nothing in between).
    let mut previous_break = start;
    let mut previous_escaped = false;
    let mut first_content = true;
    for (i, &(mut s, mut e)) in all.iter().enumerate() {
        if i > 0 {
            while s < e && bytes.get(s).copied().is_some_and(is_blank) {
                s = s.saturating_add(1);
            }
        }
        let escaped_break = quoting == Quoting::Double && i < last && ends_with_escape(raw, s, e);
        if i < last && !escaped_break {
            while e > s
                && bytes
                    .get(e.saturating_sub(1))
                    .copied()
                    .is_some_and(is_blank)
            {
                e = e.saturating_sub(1);
            }
        }
        if s == e && i > 0 && i < last {
            pending_breaks = pending_breaks.saturating_add(1);
            continue;
        }
        if i > 0 && !first_content {
            if pending_breaks > 0 {
                for _ in 0..pending_breaks {
                    b.push(previous_break, "\n");
                }
            } else if !previous_escaped {
                b.push(previous_break, " ");
            }
        }
        pending_breaks = 0;
        let content_end = if escaped_break {
            e.saturating_sub(1)
        } else {
            e
        };
        decode_segment(raw, s, content_end, quoting, b);
        first_content = false;
        previous_break = content_end;
        previous_escaped = escaped_break;
    }
}

fn ends_with_escape(raw: &str, s: usize, e: usize) -> bool {
    let line = raw.as_bytes().get(s..e).unwrap_or(&[]);
    let backslashes = line.iter().rev().take_while(|&&c| c == b'\\').count();
    backslashes % 2 == 1
}

/// One line's content, unescaped.
fn decode_segment(raw: &str, s: usize, e: usize, quoting: Quoting, b: &mut Builder) {
    let text = raw.get(s..e).unwrap_or("");
    let mut run_start = 0usize;
    let mut i = 0usize;
    let bytes = text.as_bytes();
    while let Some(&c) = bytes.get(i) {
        let special = match quoting {
            Quoting::Single => c == b'\'' && bytes.get(i.saturating_add(1)) == Some(&b'\''),
            Quoting::Double => c == b'\\',
            Quoting::None => false,
        };
        if !special {
            i = i.saturating_add(1);
            continue;
        }
        b.push(
            s.saturating_add(run_start),
            text.get(run_start..i).unwrap_or(""),
        );
        let (decoded, len) = match quoting {
            Quoting::Single => (Some('\''), 2),
            _ => unescape(text.get(i..).unwrap_or("")),
        };
        match decoded {
            Some(ch) => b.push_char(s.saturating_add(i), ch),
            None => b.push(
                s.saturating_add(i),
                text.get(i..i.saturating_add(len)).unwrap_or(""),
            ),
        }
        i = i.saturating_add(len.max(1));
        run_start = i;
    }
    b.push(
        s.saturating_add(run_start),
        text.get(run_start..).unwrap_or(""),
    );
}

/// A double-quoted escape at the start of `text`: the character (None when invalid,
/// kept as written) and the escape's length in bytes.
fn unescape(text: &str) -> (Option<char>, usize) {
    let mut chars = text.chars();
    chars.next();
    let Some(c) = chars.next() else {
        return (None, 1);
    };
    let simple = match c {
        '0' => Some('\0'),
        'a' => Some('\u{07}'),
        'b' => Some('\u{08}'),
        't' | '\t' => Some('\t'),
        'n' => Some('\n'),
        'v' => Some('\u{0b}'),
        'f' => Some('\u{0c}'),
        'r' => Some('\r'),
        'e' => Some('\u{1b}'),
        ' ' => Some(' '),
        '"' => Some('"'),
        '/' => Some('/'),
        '\\' => Some('\\'),
        'N' => Some('\u{85}'),
        '_' => Some('\u{a0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(ch) = simple {
        return (Some(ch), 1usize.saturating_add(c.len_utf8()));
    }
    let digits = match c {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return (None, 1usize.saturating_add(c.len_utf8())),
    };
    let hex = text.get(2..2usize.saturating_add(digits));
    match hex
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
    {
        Some(ch) => (Some(ch), 2usize.saturating_add(digits)),
        None => (None, 2),
    }
}

/// `|` and `>` blocks: header, indentation, folding; chomping applies to the decoded
/// text's end only and does not move any offset.
fn decode_block(raw: &str, folded: bool, extra_indent: Option<usize>, b: &mut Builder) {
    let bytes = raw.as_bytes();
    let header_end = raw.find('\n').map_or(raw.len(), |i| i.saturating_add(1));
    let header = raw.get(..header_end).unwrap_or("");
    let chomp = if header.contains('-') {
        '-'
    } else if header.contains('+') {
        '+'
    } else {
        ' '
    };
    let all = lines(raw, header_end, raw.len());
    let indent = all
        .iter()
        .find(|&&(s, e)| {
            bytes
                .get(s..e)
                .is_some_and(|l| l.iter().any(|&c| c != b' '))
        })
        .map_or(0, |&(s, e)| {
            bytes
                .get(s..e)
                .map_or(0, |l| l.iter().take_while(|&&c| c == b' ').count())
        })
        .saturating_sub(extra_indent.unwrap_or(0));
    // Content lines: those indented at least `indent`, or empty; a less indented
    // non-empty line ends the block (a trailing comment, say).
    let mut content: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in &all {
        let line = bytes.get(s..e).unwrap_or(&[]);
        let spaces = line.iter().take_while(|&&c| c == b' ').count();
        if spaces >= line.len() {
            content.push((e, e));
        } else if spaces >= indent {
            content.push((s.saturating_add(indent), e));
        } else {
            break;
        }
    }
    while content.last().is_some_and(|&(s, e)| s == e) && chomp != '+' {
        content.pop();
    }
    let mut previous_normal = false;
    let mut pending_breaks: Vec<usize> = Vec::new();
    for (i, &(s, e)) in content.iter().enumerate() {
        if s == e {
            pending_breaks.push(s);
            continue;
        }
        let more_indented = bytes.get(s).copied().is_some_and(is_blank);
        if i > 0 {
            let fold = folded && previous_normal && !more_indented;
            let break_raw = pending_breaks.first().copied().unwrap_or(s);
            if fold && pending_breaks.is_empty() {
                b.push(break_raw, " ");
            } else {
                let count = if fold {
                    pending_breaks.len()
                } else {
                    pending_breaks.len().saturating_add(1)
                };
                for _ in 0..count {
                    b.push(break_raw, "\n");
                }
            }
        } else {
            for &r in &pending_breaks {
                b.push(r, "\n");
            }
        }
        pending_breaks.clear();
        b.push(s, raw.get(s..e).unwrap_or(""));
        previous_normal = !more_indented;
    }
    let end = raw.len();
    match chomp {
        '-' => {}
        '+' => {
            if !content.is_empty() && content.iter().any(|&(s, e)| s != e) {
                b.push(end, "\n");
            }
            for _ in 0..pending_breaks.len() {
                b.push(end, "\n");
            }
        }
        _ => {
            if content.iter().any(|&(s, e)| s != e) {
                b.push(end, "\n");
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)] // tests slice known ASCII ranges
mod tests {
    use super::*;

    fn exprs(value: &str) -> Vec<&str> {
        parse(value)
            .unwrap()
            .unwrap()
            .expressions()
            .map(|(_, inner)| &value[inner])
            .collect()
    }

    #[test]
    fn finds_the_first_open() {
        for (value, want) in [
            ("", None),
            ("$", None),
            ("${", None),
            ("$ {{", None),
            ("${{", Some(0)),
            ("$${{ x }}", Some(1)),
            ("a $b ${c} ${{ d }} ${{ e }}", Some(10)),
            ("é${{", Some(2)),
        ] {
            assert_eq!(find_open(value), want, "{value:?}");
            assert_eq!(find_open(value), value.find(OPEN), "{value:?}");
            assert_eq!(contains_expression(value), want.is_some(), "{value:?}");
        }
    }

    #[test]
    fn finds_expressions_and_respects_quotes() {
        assert_eq!(parse("no expressions").unwrap(), None);
        assert_eq!(exprs("a ${{ x }} b ${{y}}"), [" x ", "y"]);
        assert_eq!(
            exprs("${{ format('}}{0}', 'a') }}!"),
            [" format('}}{0}', 'a') "]
        );
        assert_eq!(exprs("${{ 'it''s }}' }}"), [" 'it''s }}' "]);
    }

    #[test]
    fn whole_value_versus_interpolation() {
        let t = parse("${{ matrix.node }}").unwrap().unwrap();
        assert_eq!(t.whole_expression(), Some(3..16));
        let t = parse(" ${{ matrix.node }}").unwrap().unwrap();
        assert_eq!(t.whole_expression(), None);
        assert_eq!(t.segments.first(), Some(&Segment::Literal(0..1)));
        let t = parse("${{ a }}${{ b }}").unwrap().unwrap();
        assert_eq!(t.whole_expression(), None);
    }

    #[test]
    fn errors_are_positioned() {
        let e = parse("ok ${{ a }} then ${{ 'b }}").unwrap_err();
        assert_eq!((e.code, e.start, e.end), ("expression-not-closed", 17, 26));
        let e = parse("x ${{  }}").unwrap_err();
        assert_eq!((e.code, e.start, e.end), ("expression-empty", 2, 9));
    }

    fn at(line: u32, column: u32) -> (u32, u32) {
        (line, column)
    }

    fn map(raw: &str, style: ScalarStyle) -> ScalarMap {
        ScalarMap::new(
            raw,
            Pos {
                offset: 100,
                line: 5,
                column: 7,
            },
            style,
        )
    }

    fn lc(m: &ScalarMap, needle: &str) -> (u32, u32) {
        let offset = m.decoded().find(needle).unwrap();
        let p = m.pos(offset);
        (p.line, p.column)
    }

    #[test]
    fn plain_and_quoted_on_one_line() {
        let m = map("echo ${{ x }}", ScalarStyle::Plain);
        assert_eq!(m.decoded(), "echo ${{ x }}");
        assert_eq!(lc(&m, "x"), at(5, 16));
        assert_eq!(m.pos(9).offset, 109);
        let m = map("'it''s ${{ x }}'", ScalarStyle::SingleQuoted);
        assert_eq!(m.decoded(), "it's ${{ x }}");
        assert_eq!(lc(&m, "x"), at(5, 7 + 11));
        let m = map(r#""tab\there ${{ x }}""#, ScalarStyle::DoubleQuoted);
        assert_eq!(m.decoded(), "tab\there ${{ x }}");
        assert_eq!(lc(&m, "x"), at(5, 7 + 15));
        let m = map(r#""\u00e9 ${{ x }}""#, ScalarStyle::DoubleQuoted);
        assert_eq!(m.decoded(), "é ${{ x }}");
        assert_eq!(lc(&m, "x"), at(5, 7 + 12));
    }

    #[test]
    fn folded_flow_scalars() {
        let m = map("a ${{\n     x }}\n\n   b", ScalarStyle::Plain);
        assert_eq!(m.decoded(), "a ${{ x }}\nb");
        assert_eq!(lc(&m, "x"), at(6, 6));
        assert_eq!(lc(&m, "b"), at(8, 4));
        let m = map("\"a\\\n   ${{ x }}\"", ScalarStyle::DoubleQuoted);
        assert_eq!(m.decoded(), "a${{ x }}");
        assert_eq!(lc(&m, "x"), at(6, 8));
    }

    #[test]
    fn block_scalars() {
        let m = map("|\n  echo one\n  echo ${{ x }}\n", ScalarStyle::Literal);
        assert_eq!(m.decoded(), "echo one\necho ${{ x }}\n");
        assert_eq!(lc(&m, "x"), at(7, 12));
        let m = map(">-\n  a\n  b ${{ x }}\n\n  c\n", ScalarStyle::Folded);
        assert_eq!(m.decoded(), "a b ${{ x }}\nc");
        assert_eq!(lc(&m, "x"), at(7, 9));
        assert_eq!(lc(&m, "c"), at(9, 3));
    }
}
