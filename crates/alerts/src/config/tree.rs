//! `alerts.yml` as a JSON value plus the position of every key and value, addressed by
//! JSON pointer (`/rules/0/action`). The serde model reads the value; every error, from
//! serde or from the checks, finds its position through the pointer.
//!
//! The tree is built from `saphyr-parser` events with YAML 1.2 core-schema scalars
//! (`on`, `yes` and `no` are strings; `~`, `null` and empty are null), anchors and
//! aliases expanded under a node budget, and duplicate keys reported.

// A load stops at its first YAML error, so the size of the error value does not matter.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;
use std::collections::HashMap;

use devplat_core::diag::Diagnostic;
use devplat_core::span::{FileId, Pos, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

/// Where a node is: the key that introduces it (for mapping values) and the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<Span>,
    pub value: Span,
}

/// A loaded document.
#[derive(Clone, Debug)]
pub struct Tree {
    pub value: Value,
    /// The file's text, to place errors inside a scalar.
    pub text: String,
    pub spans: HashMap<String, NodeSpan>,
    pub file: FileId,
}

/// Most nodes an alias expansion may create (against "billion laughs").
const NODE_BUDGET: usize = 100_000;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 64;

impl Tree {
    /// The span of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn span_at(&self, pointer: &str, prefer_key: bool) -> Span {
        let mut p = pointer.to_owned();
        loop {
            if let Some(s) = self.spans.get(&p) {
                return if prefer_key {
                    s.key.unwrap_or(s.value)
                } else {
                    s.value
                };
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return Span::file_start(self.file),
            }
        }
    }

    /// The span of byte `offset` of the string value at `pointer`, when the scalar is
    /// written on one line without escapes (plain or quoted); else the whole value.
    pub fn span_in_string(&self, pointer: &str, value: &str, offset: usize) -> Span {
        let whole = self.span_at(pointer, false);
        let written = self.text.get(whole.byte_range()).unwrap_or("");
        let inner = if written == value {
            Some(0)
        } else if written.len() == value.len().saturating_add(2)
            && (written.starts_with('"') || written.starts_with('\''))
            && written.get(1..written.len().saturating_sub(1)) == Some(value)
        {
            Some(1)
        } else {
            None
        };
        match inner {
            Some(lead)
                if whole.start.line == whole.end.line
                    && value.is_char_boundary(offset.min(value.len())) =>
            {
                let at = offset.min(value.len());
                let chars = value.get(..at).map_or(0, |p| p.chars().count());
                let rest = value.get(at..).map_or(0, |p| p.chars().count());
                let shift = |n: usize| u32::try_from(n.saturating_add(lead)).unwrap_or(0);
                let mut start = whole.start;
                start.offset = start
                    .offset
                    .saturating_add(u32::try_from(at.saturating_add(lead)).unwrap_or(0));
                start.column = start.column.saturating_add(shift(chars));
                let mut end = start;
                let len = u32::try_from(rest.max(1)).unwrap_or(1);
                end.offset = start
                    .offset
                    .saturating_add(u32::try_from(value.len().saturating_sub(at)).unwrap_or(0));
                end.column = start.column.saturating_add(len);
                Span::new(self.file, start, end)
            }
            _ => whole,
        }
    }

    /// Parse `text` (file `file`).
    pub fn parse(text: &str, file: FileId) -> Result<Tree, Diagnostic> {
        let mut b = Builder {
            text,
            file,
            char_to_byte: text.char_indices().map(|(i, _)| i).collect(),
            parser: Parser::new_from_str(text),
            anchors: HashMap::new(),
            spans: HashMap::new(),
            nodes: 0,
        };
        b.document()
    }
}

struct Builder<'a> {
    text: &'a str,
    file: FileId,
    char_to_byte: Vec<usize>,
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Value>,
    spans: HashMap<String, NodeSpan>,
    nodes: usize,
}

fn err(code: &str, message: impl Into<String>, span: Span) -> Diagnostic {
    Diagnostic::error(code, message, span)
}

impl<'a> Builder<'a> {
    fn pos(&self, m: saphyr_parser::Marker) -> Pos {
        let offset = self
            .char_to_byte
            .get(m.index())
            .copied()
            .unwrap_or(self.text.len());
        Pos {
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
            line: u32::try_from(m.line()).unwrap_or(u32::MAX),
            column: u32::try_from(m.col().saturating_add(1)).unwrap_or(u32::MAX),
        }
    }

    fn span(&self, s: saphyr_parser::Span) -> Span {
        Span::new(self.file, self.pos(s.start), self.pos(s.end))
    }

    fn next(&mut self) -> Result<(Event<'a>, Span), Diagnostic> {
        match self.parser.next_event() {
            Some(Ok((ev, sp))) => Ok((ev, self.span(sp))),
            Some(Err(e)) => {
                let p = self.pos(*e.marker());
                Err(err(
                    "yaml-syntax",
                    format!("invalid YAML: {}", e.info()),
                    Span::new(self.file, p, p),
                ))
            }
            None => {
                let end = self.pos(saphyr_parser::Marker::new(self.char_to_byte.len(), 0, 0));
                Err(err(
                    "yaml-syntax",
                    "unexpected end of the YAML stream",
                    Span::new(self.file, end, end),
                ))
            }
        }
    }

    fn document(&mut self) -> Result<Tree, Diagnostic> {
        let mut value = None;
        loop {
            let (ev, sp) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart(_) => {
                    if value.is_some() {
                        return Err(err(
                            "multiple-documents",
                            "alerts.yml holds one YAML document; found a second `---` document",
                            sp,
                        ));
                    }
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::DocumentEnd) {
                        value = Some(Value::Null);
                        continue;
                    }
                    value = Some(self.node(ev, sp, "", None, 0)?);
                }
                Event::StreamEnd => break,
                _ => return Err(err("yaml-syntax", "unexpected YAML event", sp)),
            }
        }
        Ok(Tree {
            value: value.unwrap_or(Value::Null),
            text: self.text.to_owned(),
            spans: std::mem::take(&mut self.spans),
            file: self.file,
        })
    }

    fn count(&mut self, span: Span) -> Result<(), Diagnostic> {
        self.nodes = self.nodes.saturating_add(1);
        if self.nodes > NODE_BUDGET {
            return Err(err(
                "yaml-too-large",
                format!("the document expands to more than {NODE_BUDGET} nodes (alias bomb?)"),
                span,
            ));
        }
        Ok(())
    }

    fn node(
        &mut self,
        ev: Event<'a>,
        span: Span,
        pointer: &str,
        key: Option<Span>,
        depth: usize,
    ) -> Result<Value, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(err(
                "yaml-too-deep",
                format!("nesting deeper than {MAX_DEPTH} levels"),
                span,
            ));
        }
        self.count(span)?;
        let (value, end) = match ev {
            Event::Scalar(text, style, anchor, _tag) => {
                let v = scalar(&text, style);
                if anchor > 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                (v, span)
            }
            Event::Alias(id) => {
                let v = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| err("yaml-syntax", "alias to an unknown anchor", span))?;
                // Charge the expanded size to the budget.
                self.nodes = self.nodes.saturating_add(size_of_value(&v));
                self.count(span)?;
                (v, span)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break sp;
                    }
                    let child = format!("{pointer}/{}", items.len());
                    items.push(self.node(ev, sp, &child, None, depth.saturating_add(1))?);
                };
                let v = Value::Array(items);
                if anchor > 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                (v, end)
            }
            Event::MappingStart(anchor, _) => {
                let mut map = Map::new();
                let end = loop {
                    let (ev, ksp) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break ksp;
                    }
                    let key = match ev {
                        Event::Scalar(text, _, _, _) => text.into_owned(),
                        _ => {
                            return Err(err(
                                "invalid-key",
                                "mapping keys in alerts.yml are plain strings",
                                ksp,
                            ));
                        }
                    };
                    if map.contains_key(&key) {
                        let first = self
                            .spans
                            .get(&format!("{pointer}/{}", escape(&key)))
                            .and_then(|s| s.key);
                        let mut d = err(
                            "duplicate-key",
                            format!("key `{key}` appears twice in this mapping"),
                            ksp,
                        );
                        if let Some(first) = first {
                            d = d.with_related(first, "first defined here");
                        }
                        return Err(d);
                    }
                    let child = format!("{pointer}/{}", escape(&key));
                    let (ev, vsp) = self.next()?;
                    let v = self.node(ev, vsp, &child, Some(ksp), depth.saturating_add(1))?;
                    map.insert(key, v);
                };
                let v = Value::Object(map);
                if anchor > 0 {
                    self.anchors.insert(anchor, v.clone());
                }
                (v, end)
            }
            _ => return Err(err("yaml-syntax", "unexpected YAML event", span)),
        };
        let value_span = Span::new(self.file, span.start, end.end.max(span.end));
        self.spans.insert(
            pointer.to_owned(),
            NodeSpan {
                key,
                value: value_span,
            },
        );
        Ok(value)
    }
}

/// JSON-pointer escaping of one key (`~` → `~0`, `/` → `~1`).
pub fn escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}

fn size_of_value(v: &Value) -> usize {
    match v {
        Value::Array(a) => a
            .iter()
            .map(size_of_value)
            .fold(1usize, usize::saturating_add),
        Value::Object(m) => m
            .values()
            .map(size_of_value)
            .fold(1usize, usize::saturating_add),
        _ => 1,
    }
}

/// YAML 1.2 core schema resolution of a scalar.
fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let is_int = {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if is_int && let Ok(i) = text.parse::<i64>() {
        return Value::Number(i.into());
    }
    let looks_float = text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float && let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_core_schema() {
        let t = Tree::parse("a: on\nb:\n  - 1\n  - 'x'\nc: ~\n", FileId(0)).unwrap();
        assert_eq!(t.value["a"], "on");
        assert_eq!(t.value["b"][0], 1);
        assert_eq!(t.value["c"], Value::Null);
        let s = t.spans["/b/1"];
        assert_eq!((s.value.start.line, s.value.start.column), (4, 5));
        let k = t.spans["/b"].key.unwrap();
        assert_eq!((k.start.line, k.start.column), (2, 1));
    }

    #[test]
    fn duplicates_and_bombs_are_errors() {
        let e = Tree::parse("a: 1\na: 2\n", FileId(0)).unwrap_err();
        assert_eq!(e.code, "duplicate-key");
        assert_eq!(e.primary.start.line, 2);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 {
                "a".to_owned()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let e = Tree::parse(&bomb, FileId(0)).unwrap_err();
        assert_eq!(e.code, "yaml-too-large");
        let e = Tree::parse("a: [\n", FileId(0)).unwrap_err();
        assert_eq!(e.code, "yaml-syntax");
    }
}
