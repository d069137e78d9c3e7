//! `alerts.yml` as a JSON value plus the position of every key and value, addressed by
//! JSON pointer (`/rules/0/action`). The serde model reads the value; every error, from
//! serde or from the checks, finds its position through the pointer.
//!
//! The text is loaded by the core's spanned YAML tree (`devplat_core::yaml`: YAML 1.2
//! core-schema scalars, aliases expanded under a budget, no merge keys); this module
//! walks that tree once, refusing duplicate keys and non-string keys.

use std::borrow::Cow;
use std::collections::HashMap;

use devplat_core::diag::Diagnostic;
use devplat_core::span::{FileId, Span};
use devplat_core::yaml::{LoadOptions, Node, NodeKind};
use serde_json::Value;

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
    pub fn parse(text: &str, file: FileId) -> Result<Tree, Box<Diagnostic>> {
        let doc = devplat_core::yaml::load_text_document(text, file, &LoadOptions::default())
            .map_err(|e| Box::new(e.to_diagnostic()))?;
        let mut spans = HashMap::new();
        walk(&doc.root, "", None, &mut spans)?;
        Ok(Tree {
            value: doc.root.to_json(),
            text: text.to_owned(),
            spans,
            file,
        })
    }
}

/// Record the spans of `node` and its children; refuse duplicate and non-string keys.
fn walk(
    node: &Node,
    pointer: &str,
    key: Option<Span>,
    spans: &mut HashMap<String, NodeSpan>,
) -> Result<(), Box<Diagnostic>> {
    spans.insert(
        pointer.to_owned(),
        NodeSpan {
            key,
            value: node.span,
        },
    );
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), None, spans)?;
            }
        }
        NodeKind::Mapping(m) => {
            if let Some(d) = m.duplicates().first() {
                return Err(Box::new(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("key `{}` appears twice in this mapping", d.key),
                        d.repeat.key.span,
                    )
                    .with_related(d.first.key.span, "first defined here"),
                ));
            }
            for e in m.iter() {
                let Some(k) = e.key.as_str() else {
                    return Err(Box::new(Diagnostic::error(
                        "invalid-key",
                        "mapping keys in alerts.yml are plain strings",
                        e.key.span,
                    )));
                };
                walk(
                    &e.value,
                    &format!("{pointer}/{}", escape(k)),
                    Some(e.key.span),
                    spans,
                )?;
            }
        }
    }
    Ok(())
}

/// JSON-pointer escaping of one key (`~` → `~0`, `/` → `~1`).
pub fn escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
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
        for i in 0..9 {
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
        assert!(e.code.starts_with("yaml-"), "{}", e.code);
        let e = Tree::parse("a: [\n", FileId(0)).unwrap_err();
        assert_eq!(e.code, "yaml-syntax");
        let e = Tree::parse("a: 1\n---\nb: 2\n", FileId(0)).unwrap_err();
        assert_eq!(e.code, "yaml-multiple-documents");
    }
}
