//! [`Spanned<T>`]: a value together with the span of the node it came from.
//!
//! It asks the deserializer for a struct with a reserved name; [`super::NodeDe`]
//! recognises the name and hands over the node's span and then the node itself. Any
//! other deserializer fails with a clear message.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::span::{FileId, Pos, Span};
use crate::yaml::de::{DeError, NodeDe};
use crate::yaml::node::Node;

pub(crate) const NAME: &str = "$devplat::yaml::Spanned";
const SPAN_KEY: &str = "$span";
const VALUE_KEY: &str = "$value";
const FIELDS: &[&str] = &[SPAN_KEY, VALUE_KEY];

/// A value and where it was written. As a map key (`BTreeMap<Spanned<String>, T>`) it
/// records the key's span. Equality, ordering and hashing look at the value only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl Borrow<str> for Spanned<String> {
    fn borrow(&self) -> &str {
        &self.value
    }
}

impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct(NAME, FIELDS, SpannedVisitor(std::marker::PhantomData))
    }
}

struct SpannedVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value loaded with devplat_core::yaml::de (Spanned needs its spans)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
        let mut span = None;
        let mut value = None;
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                SPAN_KEY => span = Some(span_from_parts(map.next_value::<[u32; 7]>()?)),
                VALUE_KEY => value = Some(map.next_value::<T>()?),
                other => {
                    return Err(de::Error::custom(format!(
                        "Spanned needs devplat_core::yaml::de (found key `{other}`)"
                    )));
                }
            }
        }
        match (span, value) {
            (Some(span), Some(value)) => Ok(Spanned { value, span }),
            _ => Err(de::Error::custom(
                "Spanned needs devplat_core::yaml::de (span or value missing)",
            )),
        }
    }
}

/// A span in transit: `[file, start offset, line, column, end offset, line, column]`.
fn span_parts(s: Span) -> [u32; 7] {
    [
        s.file.0,
        s.start.offset,
        s.start.line,
        s.start.column,
        s.end.offset,
        s.end.line,
        s.end.column,
    ]
}

fn span_from_parts(parts: [u32; 7]) -> Span {
    let [file, so, sl, sc, eo, el, ec] = parts;
    Span::new(
        FileId(file),
        Pos {
            offset: so,
            line: sl,
            column: sc,
        },
        Pos {
            offset: eo,
            line: el,
            column: ec,
        },
    )
}

/// The two-entry map [`NodeDe`] presents for a [`Spanned`].
pub(crate) struct SpannedAccess<'de> {
    node: &'de Node,
    step: u8,
}

impl<'de> SpannedAccess<'de> {
    pub(crate) fn new(node: &'de Node) -> Self {
        SpannedAccess { node, step: 0 }
    }
}

impl<'de> MapAccess<'de> for SpannedAccess<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let key = match self.step {
            0 => SPAN_KEY,
            1 => VALUE_KEY,
            _ => return Ok(None),
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let step = self.step;
        self.step = self.step.saturating_add(1);
        if step == 0 {
            let parts = span_parts(self.node.span);
            seed.deserialize(de::value::SeqDeserializer::new(parts.into_iter()))
        } else {
            seed.deserialize(NodeDe::new(self.node))
        }
    }
}
