//! The few questions validate asks of a YAML node, in one place: the rest of the crate
//! reads nodes only through [`NodeExt`], so the tree's own API can change without the
//! rules noticing.

use devplat_core::span::Span;

pub use devplat_core::yaml::{
    Document, Entry, Mapping, Node, NodeKind, Scalar, ScalarStyle, ScalarValue, Tag,
};

/// The YAML type of a node, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlType {
    Null,
    Boolean,
    Number,
    String,
    Sequence,
    Mapping,
}

impl YamlType {
    pub fn name(self) -> &'static str {
        match self {
            YamlType::Null => "null",
            YamlType::Boolean => "boolean",
            YamlType::Number => "number",
            YamlType::String => "string",
            YamlType::Sequence => "sequence",
            YamlType::Mapping => "mapping",
        }
    }
}

pub trait NodeExt {
    fn node(&self) -> &Node;

    fn span(&self) -> Span {
        self.node().span
    }

    fn as_map(&self) -> Option<&Mapping> {
        match &self.node().kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    fn as_seq(&self) -> Option<&[Node]> {
        match &self.node().kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    fn as_scalar(&self) -> Option<&Scalar> {
        match &self.node().kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar, whatever its resolved type (`on: 1` gives `"1"`).
    fn text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The text of a scalar that resolves to a string (not null, boolean or number).
    fn as_string(&self) -> Option<&str> {
        let s = self.as_scalar()?;
        match s.resolve() {
            ScalarValue::Str(_) => Some(s.text.as_str()),
            _ => None,
        }
    }

    fn resolved(&self) -> Option<ScalarValue<'_>> {
        self.as_scalar().map(Scalar::resolve)
    }

    fn is_null(&self) -> bool {
        matches!(self.resolved(), Some(ScalarValue::Null))
    }

    fn yaml_type(&self) -> YamlType {
        match &self.node().kind {
            NodeKind::Mapping(_) => YamlType::Mapping,
            NodeKind::Sequence(_) => YamlType::Sequence,
            NodeKind::Scalar(s) => match s.resolve() {
                ScalarValue::Null => YamlType::Null,
                ScalarValue::Bool(_) => YamlType::Boolean,
                ScalarValue::Int(_) | ScalarValue::Float(_) => YamlType::Number,
                ScalarValue::Str(_) => YamlType::String,
            },
        }
    }

    /// The value of `key` in a mapping (the first one, when duplicated).
    fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|e| e.key.text() == Some(key))
            .map(|e| &e.value)
    }

    /// The key node of `key` in a mapping.
    fn key_node(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|e| e.key.text() == Some(key))
            .map(|e| &e.key)
    }

    /// The entries of a mapping as (key text, key node, value); empty for non-mappings.
    /// Keys that are not scalars get the text `""`.
    fn entries(&self) -> Vec<(&str, &Node, &Node)> {
        match self.as_map() {
            Some(m) => m
                .iter()
                .map(|e| (e.key.text().unwrap_or(""), &e.key, &e.value))
                .collect(),
            None => Vec::new(),
        }
    }

    /// A sequence's items, or the node itself when it is a scalar (GitHub accepts a
    /// single value wherever it accepts a list of strings).
    fn items_or_self(&self) -> Vec<&Node> {
        match &self.node().kind {
            NodeKind::Sequence(s) => s.iter().collect(),
            NodeKind::Scalar(_) => vec![self.node()],
            NodeKind::Mapping(_) => Vec::new(),
        }
    }

    /// Where a finding about this node should point (for an alias, the `*alias`).
    fn site(&self) -> Span {
        self.node().span
    }

    fn bool_value(&self) -> Option<bool> {
        match self.resolved()? {
            ScalarValue::Bool(b) => Some(b),
            _ => None,
        }
    }
}

impl NodeExt for Node {
    fn node(&self) -> &Node {
        self
    }
}

/// Whether `text` holds a `${{`.
pub fn has_expression(text: &str) -> bool {
    devplat_core::expr::template::contains_expression(text)
}

/// Whether `text` is exactly one `${{ … }}` (surrounding whitespace allowed).
pub fn is_whole_expression(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("${{")
        && t.ends_with("}}")
        && t.get(3..).is_some_and(|rest| !has_expression(rest))
}
