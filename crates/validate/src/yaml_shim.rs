//! Stand-in for `devplat_core::yaml` while the `yaml` branch is being built: the same
//! shape (spanned nodes, ordered mappings with duplicates, aliases resolved), just enough
//! for validate. It is removed when `core::yaml` lands; only `syntax.rs` refers to it.

use devplat_core::source::Files;
use devplat_core::span::{FileId, Span};
use saphyr_parser::{Event, Parser, ScalarStyle as PStyle};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone)]
pub struct Scalar {
    pub text: String,
    pub style: ScalarStyle,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScalarValue<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Scalar {
    /// YAML 1.2 core schema resolution of plain scalars.
    pub fn resolve(&self) -> ScalarValue<'_> {
        if self.style != ScalarStyle::Plain {
            return ScalarValue::Str(&self.text);
        }
        let v = self.text.as_str();
        match v {
            "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
            "true" | "True" | "TRUE" => return ScalarValue::Bool(true),
            "false" | "False" | "FALSE" => return ScalarValue::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                return ScalarValue::Float(f64::INFINITY);
            }
            "-.inf" | "-.Inf" | "-.INF" => return ScalarValue::Float(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => return ScalarValue::Float(f64::NAN),
            _ => {}
        }
        if let Some(h) = v.strip_prefix("0x") {
            if let Ok(i) = i64::from_str_radix(h, 16) {
                return ScalarValue::Int(i);
            }
        }
        if let Some(o) = v.strip_prefix("0o") {
            if let Ok(i) = i64::from_str_radix(o, 8) {
                return ScalarValue::Int(i);
            }
        }
        let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(i) = v.parse::<i64>() {
                return ScalarValue::Int(i);
            }
        }
        let is_float = !digits.is_empty()
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'-' || b == b'+')
            && digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
            && digits.bytes().any(|b| b.is_ascii_digit());
        if is_float {
            if let Ok(f) = v.parse::<f64>() {
                return ScalarValue::Float(f);
            }
        }
        ScalarValue::Str(v)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Mapping {
    pub fn iter(&self) -> std::slice::Iter<'_, Entry> {
        self.entries.iter()
    }
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Scalar(Scalar),
    Mapping(Mapping),
    Sequence(Vec<Node>),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
    /// For the expansion of an alias: the anchored node's span (`span` is the `*alias`).
    pub alias_of: Option<Span>,
    pub tag: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub root: Node,
}

#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

/// Load a YAML stream into `files` and parse it.
pub fn load_stream(
    files: &mut Files,
    path: &str,
    bytes: &[u8],
) -> (FileId, Result<Vec<Document>, YamlError>) {
    let (text, utf8_err) = match std::str::from_utf8(bytes) {
        Ok(t) => (t.to_owned(), None),
        Err(e) => (String::from_utf8_lossy(bytes).into_owned(), Some(e.valid_up_to())),
    };
    let id = files.add(path, text.clone());
    if let Some(at) = utf8_err {
        let pos = files.get(id).map(|f| f.pos_of_offset(at)).unwrap_or_default();
        return (
            id,
            Err(YamlError {
                message: "file is not valid UTF-8".to_owned(),
                span: Span::new(id, pos, pos),
            }),
        );
    }
    let result = Builder::new(files, id, &text).run();
    (id, result)
}

struct Builder<'a> {
    files: &'a Files,
    file: FileId,
    text: &'a str,
    /// byte offset of each char index
    char_to_byte: Vec<usize>,
    anchors: std::collections::HashMap<usize, Node>,
    budget: usize,
}

enum Frame {
    Seq(Span, Vec<Node>, usize, Option<String>),
    Map(Span, Vec<Entry>, Option<Node>, usize, Option<String>),
}

impl<'a> Builder<'a> {
    fn new(files: &'a Files, file: FileId, text: &'a str) -> Self {
        let mut char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_to_byte.push(text.len());
        Builder {
            files,
            file,
            text,
            char_to_byte,
            anchors: std::collections::HashMap::new(),
            budget: 1_000_000,
        }
    }

    fn span(&self, s: saphyr_parser::Span) -> Span {
        let f = self.files.get(self.file);
        let b0 = self.char_to_byte.get(s.start.index()).copied().unwrap_or(self.text.len());
        let b1 = self.char_to_byte.get(s.end.index()).copied().unwrap_or(self.text.len());
        let p0 = f.map(|f| f.pos_of_offset(b0)).unwrap_or_default();
        let p1 = f.map(|f| f.pos_of_offset(b1)).unwrap_or_default();
        Span::new(self.file, p0, p1)
    }

    fn run(mut self) -> Result<Vec<Document>, YamlError> {
        let mut parser = Parser::new_from_str(self.text);
        let mut docs = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut in_doc = false;
        let mut root: Option<Node> = None;
        while let Some(ev) = parser.next_event() {
            let (ev, sp) = ev.map_err(|e| {
                let m = e.marker();
                let b = self.char_to_byte.get(m.index()).copied().unwrap_or(self.text.len());
                let p = self.files.get(self.file).map(|f| f.pos_of_offset(b)).unwrap_or_default();
                YamlError {
                    message: e.info().to_owned(),
                    span: Span::new(self.file, p, p),
                }
            })?;
            let span = self.span(sp);
            let node = match ev {
                Event::DocumentStart(_) => {
                    in_doc = true;
                    continue;
                }
                Event::DocumentEnd => {
                    if in_doc {
                        let r = root.take().unwrap_or(Node {
                            span,
                            kind: NodeKind::Scalar(Scalar {
                                text: String::new(),
                                style: ScalarStyle::Plain,
                            }),
                            alias_of: None,
                            tag: None,
                        });
                        docs.push(Document { root: r });
                    }
                    in_doc = false;
                    continue;
                }
                Event::Scalar(v, style, aid, tag) => {
                    let style = match style {
                        PStyle::Plain => ScalarStyle::Plain,
                        PStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                        PStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                        PStyle::Literal => ScalarStyle::Literal,
                        PStyle::Folded => ScalarStyle::Folded,
                    };
                    let n = Node {
                        span,
                        kind: NodeKind::Scalar(Scalar {
                            text: v.into_owned(),
                            style,
                        }),
                        alias_of: None,
                        tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    };
                    if aid > 0 {
                        self.anchors.insert(aid, n.clone());
                    }
                    n
                }
                Event::Alias(aid) => {
                    let Some(mut n) = self.anchors.get(&aid).cloned() else {
                        return Err(YamlError {
                            message: "unknown anchor".to_owned(),
                            span,
                        });
                    };
                    self.budget = self.budget.saturating_sub(count(&n));
                    if self.budget == 0 {
                        return Err(YamlError {
                            message: "too many nodes after alias expansion".to_owned(),
                            span,
                        });
                    }
                    n.alias_of = Some(n.span);
                    n.span = span;
                    n
                }
                Event::SequenceStart(aid, tag) => {
                    stack.push(Frame::Seq(span, Vec::new(), aid, tag.map(|t| format!("{}{}", t.handle, t.suffix))));
                    continue;
                }
                Event::MappingStart(aid, tag) => {
                    stack.push(Frame::Map(span, Vec::new(), None, aid, tag.map(|t| format!("{}{}", t.handle, t.suffix))));
                    continue;
                }
                Event::SequenceEnd => {
                    let Some(Frame::Seq(start, items, aid, tag)) = stack.pop() else {
                        continue;
                    };
                    let n = Node {
                        span: Span::new(self.file, start.start, span.end.max(start.end)),
                        kind: NodeKind::Sequence(items),
                        alias_of: None,
                        tag,
                    };
                    if aid > 0 {
                        self.anchors.insert(aid, n.clone());
                    }
                    n
                }
                Event::MappingEnd => {
                    let Some(Frame::Map(start, entries, _, aid, tag)) = stack.pop() else {
                        continue;
                    };
                    let end = entries.last().map_or(start.end, |e| e.value.span.end.max(start.end));
                    let n = Node {
                        span: Span::new(self.file, start.start, end.max(span.end)),
                        kind: NodeKind::Mapping(Mapping { entries }),
                        alias_of: None,
                        tag,
                    };
                    if aid > 0 {
                        self.anchors.insert(aid, n.clone());
                    }
                    n
                }
                _ => continue,
            };
            match stack.last_mut() {
                Some(Frame::Seq(_, items, _, _)) => items.push(node),
                Some(Frame::Map(_, entries, key, _, _)) => match key.take() {
                    Some(key) => entries.push(Entry { key, value: node }),
                    None => *key = Some(node),
                },
                None => root = Some(node),
            }
        }
        Ok(docs)
    }
}

fn count(n: &Node) -> usize {
    match &n.kind {
        NodeKind::Scalar(_) => 1,
        NodeKind::Sequence(items) => items.iter().map(count).sum::<usize>().saturating_add(1),
        NodeKind::Mapping(m) => m
            .entries
            .iter()
            .map(|e| count(&e.key).saturating_add(count(&e.value)))
            .sum::<usize>()
            .saturating_add(1),
    }
}
