//! Writing a node tree back to YAML (block style, two-space indentation).
//!
//! The promise: loading the output gives the same data — same structure, key order,
//! duplicate keys, typed values and custom tags ([`Node::value_eq`]). Anchors are not
//! written back (aliases are already expanded), nor comments.
//!
//! Scalars are written plain when that reads back as the same value: numbers, booleans
//! and nulls keep their original text when it still means the same (`0x1F`, `~`), and
//! a string is written plain only if it would not read back as another type or fail to
//! parse. Otherwise a string is quoted: a block literal (`|`) when it has line breaks,
//! single quotes when it is printable on one line, double quotes with escapes for the
//! rest.

use crate::yaml::node::{CORE_TAG_HANDLE, Document, Mapping, Node, NodeKind, Tag};
use crate::yaml::scalar::{Scalar, ScalarValue, resolve_plain};

/// Indentation step.
const STEP: usize = 2;
/// Longest implicit key we write (YAML allows 1024 characters); longer keys are
/// written as explicit `? key` entries.
const MAX_IMPLICIT_KEY: usize = 1000;

/// One document's content as YAML text (no `---`).
pub fn emit(node: &Node) -> String {
    let mut e = Emitter { out: String::new() };
    e.root(node);
    e.out
}

/// A stream: documents separated by `---`.
pub fn emit_documents(docs: &[Document]) -> String {
    let mut e = Emitter { out: String::new() };
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            e.out.push_str("---\n");
        }
        e.root(&d.root);
    }
    e.out
}

struct Emitter {
    out: String,
}

/// Where a node is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// After `key:`; the mapping is at column `indent`.
    Value,
    /// After `- `, `? ` or `: `; the indicator is at column `indent`.
    Item,
}

impl Emitter {
    fn pad(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push(' ');
        }
    }

    fn root(&mut self, node: &Node) {
        let tag = written_tag(node);
        match &node.kind {
            NodeKind::Scalar(s) => {
                if let Some(t) = tag {
                    self.out.push_str(&t);
                    self.out.push(' ');
                }
                self.scalar(s, 0, false, true);
            }
            NodeKind::Mapping(m) if !m.is_empty() => {
                if let Some(t) = tag {
                    self.out.push_str(&t);
                    self.out.push('\n');
                }
                self.entries(m, 0, false);
            }
            NodeKind::Sequence(items) if !items.is_empty() => {
                if let Some(t) = tag {
                    self.out.push_str(&t);
                    self.out.push('\n');
                }
                self.items(items, 0, false);
            }
            NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
                if let Some(t) = tag {
                    self.out.push_str(&t);
                    self.out.push(' ');
                }
                self.out.push_str(empty_flow(node));
                self.out.push('\n');
            }
        }
    }

    /// A node after `key:` (`Ctx::Value`) or after an indicator (`Ctx::Item`). The
    /// enclosing collection (or the indicator) is at column `indent`.
    fn node(&mut self, node: &Node, indent: usize, ctx: Ctx) {
        let tag = written_tag(node);
        let sep = if ctx == Ctx::Value { " " } else { "" };
        let child = indent.saturating_add(STEP);
        match &node.kind {
            NodeKind::Scalar(s) => {
                self.out.push_str(sep);
                if let Some(t) = tag {
                    self.out.push_str(&t);
                    self.out.push(' ');
                }
                self.scalar(s, indent, false, false);
            }
            NodeKind::Mapping(m) if !m.is_empty() => {
                match (tag, ctx) {
                    (Some(t), _) => {
                        self.out.push_str(sep);
                        self.out.push_str(&t);
                        self.out.push('\n');
                        self.entries(m, child, false);
                    }
                    (None, Ctx::Value) => {
                        self.out.push('\n');
                        self.entries(m, child, false);
                    }
                    // `- a: 1` with the rest of the mapping under `a`.
                    (None, Ctx::Item) => self.entries(m, child, true),
                }
            }
            NodeKind::Sequence(items) if !items.is_empty() => match (tag, ctx) {
                (Some(t), _) => {
                    self.out.push_str(sep);
                    self.out.push_str(&t);
                    self.out.push('\n');
                    self.items(items, child, false);
                }
                (None, Ctx::Value) => {
                    self.out.push('\n');
                    self.items(items, child, false);
                }
                (None, Ctx::Item) => self.items(items, child, true),
            },
            NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
                self.out.push_str(sep);
                if let Some(t) = tag {
                    self.out.push_str(&t);
                    self.out.push(' ');
                }
                self.out.push_str(empty_flow(node));
                self.out.push('\n');
            }
        }
    }

    /// Sequence items at column `indent`; the first one on the current line if `inline`.
    fn items(&mut self, items: &[Node], indent: usize, inline: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !inline {
                self.pad(indent);
            }
            self.out.push_str("- ");
            self.node(item, indent, Ctx::Item);
        }
    }

    /// Mapping entries at column `indent`; the first one on the current line if `inline`.
    fn entries(&mut self, m: &Mapping, indent: usize, inline: bool) {
        for (i, e) in m.entries.iter().enumerate() {
            if i > 0 || !inline {
                self.pad(indent);
            }
            match implicit_key(&e.key) {
                Some(k) => {
                    self.out.push_str(&k);
                    self.out.push(':');
                    self.node(&e.value, indent, Ctx::Value);
                }
                None => {
                    self.out.push_str("? ");
                    self.node(&e.key, indent, Ctx::Item);
                    self.pad(indent);
                    self.out.push_str(": ");
                    self.node(&e.value, indent, Ctx::Item);
                }
            }
        }
    }

    /// A scalar value; ends the line. Block scalars indent their content at
    /// `indent + STEP`.
    fn scalar(&mut self, s: &Scalar, indent: usize, is_key: bool, root: bool) {
        let text = match s.resolve() {
            ScalarValue::Str(t) => t,
            other => {
                self.out.push_str(&typed_repr(s, other));
                self.out.push('\n');
                return;
            }
        };
        if !is_key && let Some(header) = literal_header(text, root) {
            self.literal(text, &header, indent.saturating_add(STEP));
            return;
        }
        self.out.push_str(&string_repr(text, is_key));
        self.out.push('\n');
    }

    fn literal(&mut self, text: &str, header: &str, indent: usize) {
        self.out.push_str(header);
        self.out.push('\n');
        let body = text.strip_suffix('\n').unwrap_or(text);
        let body = body.trim_end_matches('\n');
        for line in body.split('\n') {
            if !line.is_empty() {
                self.pad(indent);
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
        // Keep chomping: the trailing line breaks beyond the first are empty lines.
        let trailing = text.len().saturating_sub(text.trim_end_matches('\n').len());
        for _ in 1..trailing {
            self.out.push('\n');
        }
    }
}

/// The tag to write, if any: core-schema tags are implied by how the value is written
/// (and `!`, the non-specific tag, by quoting).
fn written_tag(node: &Node) -> Option<String> {
    let t: &Tag = node.tag.as_deref()?;
    if t.handle == CORE_TAG_HANDLE
        && matches!(
            t.suffix.as_str(),
            "str" | "int" | "float" | "bool" | "null" | "seq" | "map" | "merge"
        )
    {
        return None;
    }
    if t.handle.is_empty() && t.suffix == "!" {
        return None;
    }
    Some(t.to_string())
}

fn empty_flow(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::Mapping(_) => "{}",
        _ => "[]",
    }
}

/// A key written on the entry's line, or `None` when it needs `? key`.
fn implicit_key(key: &Node) -> Option<String> {
    let NodeKind::Scalar(s) = &key.kind else {
        return None;
    };
    let mut out = written_tag(key).map_or_else(String::new, |t| format!("{t} "));
    match s.resolve() {
        ScalarValue::Str(t) => {
            if t.chars().count() > MAX_IMPLICIT_KEY {
                return None;
            }
            out.push_str(&string_repr(t, true));
        }
        other => out.push_str(&typed_repr(s, other)),
    }
    Some(out)
}

/// A non-string value: its own text when that reads back the same, else canonical.
fn typed_repr(s: &Scalar, v: ScalarValue<'_>) -> String {
    if !s.text.is_empty() && same_value(resolve_plain(&s.text), v) {
        return s.text.to_string();
    }
    match v {
        ScalarValue::Null => "null".to_owned(),
        ScalarValue::Bool(b) => b.to_string(),
        ScalarValue::Int(i) => i.to_string(),
        ScalarValue::Float(f) if f.is_nan() => ".nan".to_owned(),
        ScalarValue::Float(f) if f.is_infinite() => {
            if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
        }
        // Debug always has a `.` or an exponent: `1.0`, `1e300`.
        ScalarValue::Float(f) => format!("{f:?}"),
        ScalarValue::Str(t) => string_repr(t, false),
    }
}

fn same_value(a: ScalarValue<'_>, b: ScalarValue<'_>) -> bool {
    match (a, b) {
        (ScalarValue::Float(x), ScalarValue::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (x, y) => x == y,
    }
}

/// A string on one line: plain if safe, else single- or double-quoted.
fn string_repr(t: &str, is_key: bool) -> String {
    if plain_ok(t, is_key) {
        t.to_owned()
    } else if t
        .chars()
        .all(|c| is_printable(c) && !is_break(c) && c != '\t')
    {
        format!("'{}'", t.replace('\'', "''"))
    } else {
        double_quoted(t)
    }
}

/// YAML's printable characters (1.2.2, production 1).
fn is_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
        && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether `t` can be written as a plain scalar and read back as the same string.
fn plain_ok(t: &str, is_key: bool) -> bool {
    let Some(first) = t.chars().next() else {
        return false;
    };
    if !matches!(resolve_plain(t), ScalarValue::Str(_)) {
        return false;
    }
    if t.chars()
        .any(|c| !is_printable(c) || is_break(c) || c == '\t')
    {
        return false;
    }
    if t.starts_with(' ') || t.ends_with(' ') || t.starts_with("---") || t.starts_with("...") {
        return false;
    }
    let second = t.chars().nth(1);
    let indicator_ok = match first {
        // `-x`, `?x`, `:x` are plain; `- x`, `? x`, `: x` and a lone indicator are not.
        '-' | '?' | ':' => {
            second.is_some_and(|c| c != ' ' && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        }
        ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
        | '@' | '`' => false,
        _ => true,
    };
    if !indicator_ok {
        return false;
    }
    if t.contains(": ") || t.ends_with(':') || t.contains(" #") {
        return false;
    }
    // Flow indicators are fine in block context, but keep keys simple to read.
    if is_key && t.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // A plain `<<` key is a merge key where merges apply; a string `<<` stays quoted.
    if is_key && t == "<<" {
        return false;
    }
    true
}

/// The header (`|`, `|-`, `|+`, with an indentation indicator when needed) if `t` is
/// best written as a literal block scalar.
fn literal_header(t: &str, root: bool) -> Option<String> {
    if !t.contains('\n') {
        return None;
    }
    if t.chars()
        .any(|c| !is_printable(c) || matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
    {
        return None;
    }
    let first_content = t.split('\n').find(|l| !l.is_empty())?;
    let needs_indicator = first_content.starts_with(' ');
    if needs_indicator && root {
        return None;
    }
    let trailing = t.len().saturating_sub(t.trim_end_matches('\n').len());
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let indicator = if needs_indicator { "2" } else { "" };
    Some(format!("|{indicator}{chomp}"))
}

fn double_quoted(t: &str) -> String {
    let mut out = String::with_capacity(t.len().saturating_add(2));
    out.push('"');
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{B}' => out.push_str("\\v"),
            '\u{C}' => out.push_str("\\f"),
            '\u{1B}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x100 && !is_printable(c) => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c if (c as u32) < 0x10000 && !is_printable(c) => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c if !is_printable(c) => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load_one_str;

    fn round(text: &str) -> String {
        let n = load_one_str(text).unwrap();
        let out = emit(&n);
        let back = load_one_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert!(n.value_eq(&back), "changed:\n{text}\n---\n{out}");
        out
    }

    #[test]
    fn quotes_what_would_change_type_or_not_parse() {
        let out = round(
            "a: 'on'\nb: 'true'\nc: '010'\nd: ''\ne: '- x'\nf: 'a: b'\ng: 'x #y'\nh: '*x'\ni: ' lead'\nj: \"\\ttab\"\nk: '~'\nl: '@x'\nm: '`x'\nn: '{x'\no: '!x'\np: '%x'\nq: '|x'\nr: '>x'\ns: '&x'\nt: '1.5'\nu: 'null'\n",
        );
        assert_eq!(
            out,
            "a: on\nb: 'true'\nc: '010'\nd: ''\ne: '- x'\nf: 'a: b'\ng: 'x #y'\nh: '*x'\ni: ' lead'\nj: \"\\ttab\"\nk: '~'\nl: '@x'\nm: '`x'\nn: '{x'\no: '!x'\np: '%x'\nq: '|x'\nr: '>x'\ns: '&x'\nt: '1.5'\nu: 'null'\n"
        );
    }

    #[test]
    fn keeps_typed_text_and_writes_blocks() {
        let out = round(
            "a: 0x1F\nb: ~\nc: !!float 1\nd: \"x\\ny\\n\"\ne: \"  lead\\nx\"\nf: !Ref z\ng: [[], {}]\n",
        );
        assert_eq!(
            out,
            "a: 0x1F\nb: ~\nc: 1.0\nd: |\n  x\n  y\ne: |2-\n    lead\n  x\nf: !Ref z\ng:\n  - []\n  - {}\n"
        );
    }

    #[test]
    fn nested_and_complex_keys() {
        let out = round("- a: 1\n  b: [x, y]\n- - 1\n  - 2\n- ? [k]\n  : v\n");
        assert_eq!(
            out,
            "- a: 1\n  b:\n    - x\n    - y\n- - 1\n  - 2\n- ? - k\n  : v\n"
        );
    }
}
