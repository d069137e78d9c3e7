//! serde bridge: load a [`Node`] into `#[derive(Deserialize)]` types, with errors that
//! point into the user's file.
//!
//! - An unknown key is reported at the key, with "did you mean" and the valid keys; a
//!   wrong type at the value ("expected a sequence, found a string"); a missing key at
//!   the mapping; a repeated field at its second key.
//! - Scalars are typed by what the target asks for, on top of the YAML 1.2 core schema:
//!   a `String` accepts any non-null scalar as its text (`on`, `yes`, `010`, `1.0`); a
//!   `bool` only `true`/`false`; integers only integers (`0x1F`, `0o17` included, and
//!   beyond `i64` for `u64`/`i128`/`u128`); floats integers and floats; `Option` maps
//!   null to `None`.
//! - [`Spanned<T>`] records the span of any value (and, as a map key, of the key).
//!   It only works with this deserializer.
//! - Externally tagged enums: a scalar names a unit variant; a one-entry mapping names
//!   a variant and holds its content.

mod error;
mod spanned;

pub use error::{
    DE_ERROR_CODES, DUPLICATE_KEY, DeError, INVALID_VALUE, MISSING_KEY, UNKNOWN_KEY, WRONG_TYPE,
};
pub use spanned::Spanned;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::span::Span;
use crate::yaml::node::{Entry, Mapping, Node, NodeKind};
use crate::yaml::scalar::ScalarValue;

/// Deserialize `T` from `node`. Strings may borrow from the node.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDe::new(node)).map_err(|e: DeError| e.place(node.span))
}

/// A serde `Deserializer` over one node.
#[derive(Clone, Copy, Debug)]
pub struct NodeDe<'de> {
    node: &'de Node,
}

impl<'de> NodeDe<'de> {
    pub fn new(node: &'de Node) -> Self {
        NodeDe { node }
    }

    fn span(&self) -> Span {
        self.node.span
    }

    fn found(&self) -> String {
        match &self.node.kind {
            NodeKind::Mapping(_) => "a mapping".to_owned(),
            NodeKind::Sequence(_) => "a sequence".to_owned(),
            NodeKind::Scalar(s) => match s.resolve() {
                ScalarValue::Null => "null".to_owned(),
                ScalarValue::Bool(_) => format!("the boolean `{}`", s.text),
                ScalarValue::Int(_) | ScalarValue::Float(_) => format!("the number `{}`", s.text),
                ScalarValue::Str(t) => format!("the string {t:?}"),
            },
        }
    }

    fn wrong_type(&self, expected: &str) -> DeError {
        DeError::at(
            error::WRONG_TYPE,
            format!("expected {expected}, found {}", self.found()),
            self.span(),
        )
    }

    /// The text of an integer scalar (`None` for anything else).
    fn int_text(&self) -> Option<&'de str> {
        let s = self.node.as_scalar()?;
        match s.resolve() {
            ScalarValue::Int(_) => Some(&s.text),
            // Integers beyond i64 resolve to floats; their text is still all digits.
            ScalarValue::Float(_) if is_decimal_int(&s.text) => Some(&s.text),
            _ => None,
        }
    }

    fn integer<V: Visitor<'de>>(self, visitor: V, wide: Wide) -> Result<V::Value, DeError> {
        let Some(s) = self.node.as_scalar() else {
            return Err(self.wrong_type("an integer"));
        };
        let r = match s.resolve() {
            ScalarValue::Int(i) => visitor.visit_i64(i),
            ScalarValue::Float(_) if self.int_text().is_some() => {
                let text = s.text.trim_start_matches('+');
                let parsed = match wide {
                    Wide::U64 => text.parse::<u64>().ok().map(|n| visitor.visit_u64(n)),
                    Wide::I128 => text.parse::<i128>().ok().map(|n| visitor.visit_i128(n)),
                    Wide::U128 => text.parse::<u128>().ok().map(|n| visitor.visit_u128(n)),
                    Wide::No => None,
                };
                match parsed {
                    Some(r) => r,
                    None => {
                        return Err(DeError::at(
                            error::INVALID_VALUE,
                            format!("the number `{}` is out of range", s.text),
                            self.span(),
                        ));
                    }
                }
            }
            _ => return Err(self.wrong_type("an integer")),
        };
        r.map_err(|e: DeError| e.place(self.span()))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wide {
    No,
    U64,
    I128,
    U128,
}

fn is_decimal_int(t: &str) -> bool {
    let digits = t
        .strip_prefix('-')
        .or_else(|| t.strip_prefix('+'))
        .unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

macro_rules! int_method {
    ($name:ident, $wide:expr) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            self.integer(visitor, $wide)
        }
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.span();
        let r = match &self.node.kind {
            NodeKind::Mapping(m) => visit_mapping(m, span, visitor),
            NodeKind::Sequence(items) => visit_sequence(items, span, visitor),
            NodeKind::Scalar(s) => match s.resolve() {
                ScalarValue::Null => visitor.visit_unit(),
                ScalarValue::Bool(b) => visitor.visit_bool(b),
                ScalarValue::Int(i) => visitor.visit_i64(i),
                ScalarValue::Float(f) => {
                    match self.int_text().and_then(|t| t.parse::<u64>().ok()) {
                        Some(n) => visitor.visit_u64(n),
                        None => visitor.visit_f64(f),
                    }
                }
                ScalarValue::Str(_) => visitor.visit_borrowed_str(&s.text),
            },
        };
        r.map_err(|e: DeError| e.place(span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value() {
            Some(ScalarValue::Bool(b)) => visitor
                .visit_bool(b)
                .map_err(|e: DeError| e.place(self.span())),
            _ => Err(self.wrong_type("a boolean (`true` or `false`)")),
        }
    }

    int_method!(deserialize_i8, Wide::No);
    int_method!(deserialize_i16, Wide::No);
    int_method!(deserialize_i32, Wide::No);
    int_method!(deserialize_i64, Wide::No);
    int_method!(deserialize_i128, Wide::I128);
    int_method!(deserialize_u8, Wide::No);
    int_method!(deserialize_u16, Wide::No);
    int_method!(deserialize_u32, Wide::No);
    int_method!(deserialize_u64, Wide::U64);
    int_method!(deserialize_u128, Wide::U128);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let r = match self.node.value() {
            Some(ScalarValue::Int(i)) => visitor.visit_i64(i),
            Some(ScalarValue::Float(f)) => visitor.visit_f64(f),
            _ => return Err(self.wrong_type("a number")),
        };
        r.map_err(|e: DeError| e.place(self.span()))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.as_scalar() {
            Some(s) if !s.is_null() => visitor
                .visit_borrowed_str(&s.text)
                .map_err(|e: DeError| e.place(self.span())),
            _ => Err(self.wrong_type("a string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.as_scalar() {
            Some(s) if !s.is_null() => visitor
                .visit_borrowed_bytes(s.text.as_bytes())
                .map_err(|e: DeError| e.place(self.span())),
            _ => Err(self.wrong_type("a string")),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            visitor
                .visit_none()
                .map_err(|e: DeError| e.place(self.span()))
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            visitor
                .visit_unit()
                .map_err(|e: DeError| e.place(self.span()))
        } else {
            Err(self.wrong_type("null"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor
            .visit_newtype_struct(self)
            .map_err(|e: DeError| e.place(self.span()))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Sequence(items) => visit_sequence(items, self.span(), visitor),
            _ => Err(self.wrong_type("a sequence")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Mapping(m) => visit_mapping(m, self.span(), visitor),
            _ => Err(self.wrong_type("a mapping")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == spanned::NAME {
            return visitor.visit_map(spanned::SpannedAccess::new(self.node));
        }
        match &self.node.kind {
            NodeKind::Mapping(m) => visit_mapping(m, self.span(), visitor),
            _ => Err(self.wrong_type("a mapping")),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.span();
        match &self.node.kind {
            NodeKind::Scalar(s) if !s.is_null() => visitor
                .visit_enum(EnumDe {
                    variant: self.node,
                    content: None,
                })
                .map_err(|e: DeError| e.place(span)),
            NodeKind::Mapping(m) if m.len() == 1 => {
                let Some(Entry { key, value }) = m.entries.first() else {
                    return Err(self.wrong_type("a variant name or a one-key mapping"));
                };
                visitor
                    .visit_enum(EnumDe {
                        variant: key,
                        content: Some(value),
                    })
                    .map_err(|e: DeError| e.place(span))
            }
            _ => Err(self.wrong_type("a variant name or a one-key mapping")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

fn visit_sequence<'de, V: Visitor<'de>>(
    items: &'de [Node],
    span: Span,
    visitor: V,
) -> Result<V::Value, DeError> {
    let mut access = SeqDe {
        items: items.iter(),
    };
    let value = visitor
        .visit_seq(&mut access)
        .map_err(|e: DeError| e.place(span))?;
    if access.items.len() > 0 {
        return Err(DeError::at(
            error::INVALID_VALUE,
            format!(
                "too many items: expected {}, found {}",
                items.len().saturating_sub(access.items.len()),
                items.len()
            ),
            span,
        ));
    }
    Ok(value)
}

fn visit_mapping<'de, V: Visitor<'de>>(
    m: &'de Mapping,
    span: Span,
    visitor: V,
) -> Result<V::Value, DeError> {
    let mut access = MapDe {
        entries: m.entries.iter(),
        value: None,
        last_key: None,
    };
    visitor
        .visit_map(&mut access)
        .map_err(|e: DeError| e.place_in_map(access.last_key, span))
}

struct SeqDe<'de> {
    items: std::slice::Iter<'de, Node>,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            None => Ok(None),
            Some(n) => seed
                .deserialize(NodeDe::new(n))
                .map(Some)
                .map_err(|e: DeError| e.place(n.span)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'de> {
    entries: std::slice::Iter<'de, Entry>,
    value: Option<&'de Node>,
    last_key: Option<Span>,
}

impl<'de> de::MapAccess<'de> for MapDe<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(e) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(&e.value);
        self.last_key = Some(e.key.span);
        seed.deserialize(NodeDe::new(&e.key))
            .map(Some)
            .map_err(|err: DeError| err.place(e.key.span))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some(v) = self.value.take() else {
            return Err(DeError::new(
                error::INVALID_VALUE,
                "a value was requested before its key",
            ));
        };
        seed.deserialize(NodeDe::new(v))
            .map_err(|err: DeError| err.place(v.span))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct EnumDe<'de> {
    variant: &'de Node,
    content: Option<&'de Node>,
}

impl<'de> de::EnumAccess<'de> for EnumDe<'de> {
    type Error = DeError;
    type Variant = VariantDe<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantDe<'de>), DeError> {
        let name = seed
            .deserialize(NodeDe::new(self.variant))
            .map_err(|e: DeError| e.place(self.variant.span))?;
        Ok((
            name,
            VariantDe {
                variant: self.variant,
                content: self.content,
            },
        ))
    }
}

struct VariantDe<'de> {
    variant: &'de Node,
    content: Option<&'de Node>,
}

impl VariantDe<'_> {
    fn name(&self) -> &str {
        self.variant.as_str().unwrap_or("")
    }
}

impl<'de> de::VariantAccess<'de> for VariantDe<'de> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.content {
            None => Ok(()),
            Some(c) if c.is_null() => Ok(()),
            Some(c) => Err(DeError::at(
                error::WRONG_TYPE,
                format!("`{}` takes no value", self.name()),
                c.span,
            )),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        match self.content {
            Some(c) => seed
                .deserialize(NodeDe::new(c))
                .map_err(|e: DeError| e.place(c.span)),
            None => Err(DeError::at(
                error::WRONG_TYPE,
                format!(
                    "`{}` needs a value: write `{}: <value>`",
                    self.name(),
                    self.name()
                ),
                self.variant.span,
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        match self.content {
            Some(c) => de::Deserializer::deserialize_seq(NodeDe::new(c), visitor),
            None => Err(DeError::at(
                error::WRONG_TYPE,
                format!("`{}` needs a sequence", self.name()),
                self.variant.span,
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.content {
            Some(c) => de::Deserializer::deserialize_map(NodeDe::new(c), visitor),
            None => Err(DeError::at(
                error::WRONG_TYPE,
                format!("`{}` needs a mapping", self.name()),
                self.variant.span,
            )),
        }
    }
}

impl<'de> IntoDeserializer<'de, DeError> for &'de Node {
    type Deserializer = NodeDe<'de>;
    fn into_deserializer(self) -> NodeDe<'de> {
        NodeDe::new(self)
    }
}
