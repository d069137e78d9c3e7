//! The spanned node tree: documents, nodes, mappings that keep order and duplicates.

use serde_json::Value;

use crate::span::Span;
use crate::yaml::scalar::{Scalar, ScalarValue};

/// One document of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The content; an empty document has a null scalar root.
    pub root: Node,
    /// From the document's first token (`---` or the first node) to its end.
    pub span: Span,
    /// Every anchor defined in the document, in order (they are already resolved in the
    /// tree; kept for tools that must flag anchors where a platform rejects them).
    pub anchors: Vec<Anchor>,
}

/// An anchor definition (`&name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub name: String,
    /// The span of the anchored node (including its `&name`).
    pub span: Span,
}

/// A tag as resolved by the parser: `!!str` is handle `tag:yaml.org,2002:` + suffix
/// `str`; a local `!Ref` is handle `!` + suffix `Ref`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    pub handle: String,
    pub suffix: String,
}

/// The handle of the YAML core tags (`!!x`).
pub const CORE_TAG_HANDLE: &str = "tag:yaml.org,2002:";

impl Tag {
    /// Whether this is `!!<suffix>` (a tag of the YAML core schema).
    pub fn is_core(&self, suffix: &str) -> bool {
        self.handle == CORE_TAG_HANDLE && self.suffix == suffix
    }
}

impl std::fmt::Display for Tag {
    /// The tag as it can be written in YAML: `!`, `!!str`, `!Ref`, or verbatim
    /// `!<uri>`; characters a tag cannot hold are percent-encoded.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.handle.is_empty() && self.suffix == "!" {
            // The non-specific tag.
            return f.write_str("!");
        }
        let short = match self.handle.as_str() {
            CORE_TAG_HANDLE => Some("!!"),
            "!" => Some("!"),
            _ => None,
        };
        match short {
            Some(h) if !self.suffix.is_empty() => {
                f.write_str(h)?;
                write_uri(f, &self.suffix, false)
            }
            _ => {
                f.write_str("!<")?;
                write_uri(f, &self.handle, true)?;
                write_uri(f, &self.suffix, true)?;
                f.write_str(">")
            }
        }
    }
}

/// Write `s` with every character a tag cannot hold percent-encoded (YAML 1.2.2
/// productions 39-40: `ns-uri-char`, and `ns-tag-char` for shorthand tags).
fn write_uri(f: &mut std::fmt::Formatter<'_>, s: &str, verbatim: bool) -> std::fmt::Result {
    for c in s.chars() {
        let plain = c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '#'
                    | ';'
                    | '/'
                    | '?'
                    | ':'
                    | '@'
                    | '&'
                    | '='
                    | '+'
                    | '$'
                    | '_'
                    | '.'
                    | '~'
                    | '*'
                    | '\''
                    | '('
                    | ')'
            )
            || (verbatim && matches!(c, '!' | ',' | '[' | ']'));
        if plain {
            write!(f, "{c}")?;
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                write!(f, "%{b:02X}")?;
            }
        }
    }
    Ok(())
}

/// One node: a scalar, a sequence or a mapping, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the node is written (from its `&anchor`/`!tag`, if any, to its end). For a
    /// node reached through an alias, the `*alias` token.
    pub span: Span,
    pub kind: NodeKind,
    /// When this node is the expansion of an alias: the anchored node's span (the
    /// definition site). The nodes inside an expansion keep their own spans, which are
    /// in the definition.
    pub alias_of: Option<Span>,
    /// The explicit tag, if any.
    pub tag: Option<Box<Tag>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Mapping),
}

/// A mapping: entries in source order, duplicates kept.
///
/// Keys are compared by their scalar text (`1` and `"1"` are the same key, as on the
/// platforms, where keys are strings); keys that are collections match nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Entry {
    /// The key's scalar text (`None` for a collection key).
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_str()
    }

    /// From the start of the key to the end of the value.
    pub fn span(&self) -> Span {
        if self.key.span.file == self.value.span.file {
            self.key.span.cover(self.value.span)
        } else {
            self.key.span
        }
    }
}

/// A key that appears more than once in a mapping.
#[derive(Clone, Copy, Debug)]
pub struct Duplicate<'a> {
    pub key: &'a str,
    /// The first entry with this key.
    pub first: &'a Entry,
    /// A later entry with the same key.
    pub repeat: &'a Entry,
}

impl Mapping {
    /// The value of the first entry whose key is `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|e| &e.value)
    }

    /// The first entry whose key is `key`.
    pub fn get_entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key_str() == Some(key))
    }

    /// The value of the first entry whose key equals `key` ignoring ASCII case (Azure
    /// Pipelines reads many keys case-insensitively).
    pub fn get_ignore_ascii_case(&self, key: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|e| e.key_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
            .map(|e| &e.value)
    }

    /// Every entry whose key is `key`, in order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.key_str() == Some(key))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Entry> {
        self.entries.iter()
    }

    /// The keys' scalar texts in order (collection keys skipped).
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().filter_map(Entry::key_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every repeated key: one item per later occurrence, paired with the first.
    pub fn duplicates(&self) -> Vec<Duplicate<'_>> {
        let mut out = Vec::new();
        if self.entries.len() < 2 {
            return out;
        }
        let mut first: std::collections::HashMap<&str, &Entry> =
            std::collections::HashMap::with_capacity(self.entries.len());
        for e in &self.entries {
            let Some(k) = e.key_str() else { continue };
            match first.get(k) {
                Some(f) => out.push(Duplicate {
                    key: k,
                    first: f,
                    repeat: e,
                }),
                None => {
                    first.insert(k, e);
                }
            }
        }
        out
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = &'a Entry;
    type IntoIter = std::slice::Iter<'a, Entry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Node {
    /// A node with no tag and no alias.
    pub fn new(kind: NodeKind, span: Span) -> Self {
        Node {
            span,
            kind,
            alias_of: None,
            tag: None,
        }
    }

    /// A null scalar (an empty plain scalar) at `span`.
    pub fn null(span: Span) -> Self {
        Node::new(NodeKind::Scalar(Scalar::plain("")), span)
    }

    /// A string scalar, whatever its text looks like.
    pub fn string(text: impl Into<compact_str::CompactString>, span: Span) -> Self {
        Node::new(NodeKind::Scalar(Scalar::string(text)), span)
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text, whatever its type (`None` for collections).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The scalar's typed value (`None` for collections).
    pub fn value(&self) -> Option<ScalarValue<'_>> {
        self.as_scalar().map(Scalar::resolve)
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_mapping_mut(&mut self) -> Option<&mut Mapping> {
        match &mut self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_sequence_mut(&mut self) -> Option<&mut Vec<Node>> {
        match &mut self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }

    /// `self[key]` for a mapping; `None` for other nodes.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping().and_then(|m| m.get(key))
    }

    /// The type's name for messages: "mapping", "sequence", "string", "number",
    /// "boolean" or "null".
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Mapping(_) => "mapping",
            NodeKind::Sequence(_) => "sequence",
            NodeKind::Scalar(s) => s.resolve().type_name(),
        }
    }

    /// The node as JSON: mappings become objects (keys are the scalar text; a
    /// collection key is written as its compact JSON; a repeated key keeps the last
    /// value), numbers become numbers (NaN and infinities, which JSON lacks, become
    /// null), everything else as expected.
    pub fn to_json(&self) -> Value {
        match &self.kind {
            NodeKind::Scalar(s) => match s.resolve() {
                ScalarValue::Null => Value::Null,
                ScalarValue::Bool(b) => Value::Bool(b),
                ScalarValue::Int(i) => Value::from(i),
                ScalarValue::Float(f) => {
                    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
                }
                ScalarValue::Str(t) => Value::String(t.to_owned()),
            },
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping(m) => {
                let mut obj = serde_json::Map::with_capacity(m.len());
                for e in m {
                    let key = match e.key.as_str() {
                        Some(k) => k.to_owned(),
                        None => e.key.to_json().to_string(),
                    };
                    obj.insert(key, e.value.to_json());
                }
                Value::Object(obj)
            }
        }
    }

    /// Whether two nodes hold the same data: same structure, same key order, same
    /// typed scalar values (so `"1"` differs from `1`, `0x10` equals `16`, NaN equals
    /// NaN), same tags. Spans, styles and alias origins are ignored.
    pub fn value_eq(&self, other: &Node) -> bool {
        if self.tag != other.tag && !(core_tag_only(self) && core_tag_only(other)) {
            return false;
        }
        match (&self.kind, &other.kind) {
            (NodeKind::Scalar(a), NodeKind::Scalar(b)) => match (a.resolve(), b.resolve()) {
                (ScalarValue::Float(x), ScalarValue::Float(y)) => {
                    x == y || (x.is_nan() && y.is_nan())
                }
                (x, y) => x == y,
            },
            (NodeKind::Sequence(a), NodeKind::Sequence(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value_eq(y))
            }
            (NodeKind::Mapping(a), NodeKind::Mapping(b)) => {
                a.len() == b.len()
                    && a.entries
                        .iter()
                        .zip(&b.entries)
                        .all(|(x, y)| x.key.value_eq(&y.key) && x.value.value_eq(&y.value))
            }
            _ => false,
        }
    }
}

/// A node whose tag (if any) is a core tag: its type is already in its value, so
/// `!!str a` and `"a"` hold the same data.
fn core_tag_only(n: &Node) -> bool {
    n.tag
        .as_deref()
        .is_none_or(|t| t.handle == CORE_TAG_HANDLE || (t.handle.is_empty() && t.suffix == "!"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Node {
        Node::new(NodeKind::Scalar(Scalar::plain(text)), Span::default())
    }

    #[test]
    fn mapping_queries() {
        let m = Mapping {
            entries: vec![
                Entry {
                    key: s("a"),
                    value: s("1"),
                },
                Entry {
                    key: s("b"),
                    value: s("2"),
                },
                Entry {
                    key: s("a"),
                    value: s("3"),
                },
            ],
        };
        assert_eq!(m.get("a").and_then(Node::as_str), Some("1"));
        assert_eq!(
            m.get_ignore_ascii_case("B").and_then(Node::as_str),
            Some("2")
        );
        assert_eq!(m.get_all("a").count(), 2);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "a"]);
        let d = m.duplicates();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].key, "a");
        assert_eq!(d[0].repeat.value.as_str(), Some("3"));
        assert!(m.get("c").is_none());
    }

    #[test]
    fn type_names_and_json() {
        assert_eq!(s("on").type_name(), "string");
        assert_eq!(s("010").type_name(), "number");
        assert_eq!(s("").type_name(), "null");
        assert_eq!(s("010").to_json(), serde_json::json!(10));
        assert_eq!(s(".nan").to_json(), Value::Null);
        assert!(s("0x10").value_eq(&s("16")));
        assert!(!s("1").value_eq(&Node::string("1", Span::default())));
    }
}
