//! `<<` merge keys (YAML 1.1's merge type, which many tools still apply).
//!
//! Applied after a document is built, innermost mappings first, only when
//! [`LoadOptions::merge_keys`](crate::yaml::LoadOptions) is set. The value of `<<` is a
//! mapping (usually an alias) or a sequence of them. Entries of the mapping itself win
//! over merged ones wherever they are written; among several merged mappings the
//! earlier wins. Merged entries take the place of the `<<` entry and keep their own
//! spans (in the anchored mapping).

use std::collections::HashSet;

use crate::yaml::error::{self, YamlError};
use crate::yaml::node::{Entry, Mapping, Node, NodeKind};
use crate::yaml::scalar::ScalarStyle;

/// Apply every merge key under `node`. Recursion is bounded by the depth limit the
/// tree was built with.
pub(crate) fn apply(node: &mut Node) -> Result<(), YamlError> {
    match &mut node.kind {
        NodeKind::Scalar(_) => Ok(()),
        NodeKind::Sequence(items) => items.iter_mut().try_for_each(apply),
        NodeKind::Mapping(m) => {
            for e in &mut m.entries {
                apply(&mut e.key)?;
                apply(&mut e.value)?;
            }
            merge_mapping(m)
        }
    }
}

/// Whether `key` is a merge key: plain `<<`, or any scalar tagged `!!merge`.
pub fn is_merge_key(key: &Node) -> bool {
    match (&key.kind, key.tag.as_deref()) {
        (NodeKind::Scalar(s), None) => s.style == ScalarStyle::Plain && s.text == "<<",
        (NodeKind::Scalar(_), Some(t)) => t.is_core("merge"),
        _ => false,
    }
}

fn merge_mapping(m: &mut Mapping) -> Result<(), YamlError> {
    if !m.entries.iter().any(|e| is_merge_key(&e.key)) {
        return Ok(());
    }
    let mut seen: HashSet<String> = m
        .entries
        .iter()
        .filter(|e| !is_merge_key(&e.key))
        .filter_map(|e| e.key_str().map(str::to_owned))
        .collect();
    let old = std::mem::take(&mut m.entries);
    let mut out = Vec::with_capacity(old.len());
    for entry in old {
        if !is_merge_key(&entry.key) {
            out.push(entry);
            continue;
        }
        let Entry { value, .. } = entry;
        let value_type = value.type_name();
        let value_span = value.span;
        let sources = match value.kind {
            NodeKind::Mapping(src) => vec![src],
            NodeKind::Sequence(items) => {
                let mut maps = Vec::with_capacity(items.len());
                for item in items {
                    let item_type = item.type_name();
                    match item.kind {
                        NodeKind::Mapping(src) => maps.push(src),
                        _ => {
                            return Err(YamlError::new(
                                error::INVALID_MERGE,
                                format!(
                                    "invalid merge: every item merged with `<<` must be a mapping, found a {item_type}"
                                ),
                                item.span,
                            ));
                        }
                    }
                }
                maps
            }
            NodeKind::Scalar(_) => {
                return Err(YamlError::new(
                    error::INVALID_MERGE,
                    format!(
                        "invalid merge: the value of `<<` must be a mapping or a sequence of mappings, found a {value_type}"
                    ),
                    value_span,
                ));
            }
        };
        for src in sources {
            for e in src.entries {
                let keep = match e.key_str() {
                    Some(k) => seen.insert(k.to_owned()),
                    None => true,
                };
                if keep {
                    out.push(e);
                }
            }
        }
    }
    m.entries = out;
    Ok(())
}
