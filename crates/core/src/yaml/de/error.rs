//! Errors of the serde bridge: a code, a message, and the span of the key or value at
//! fault.

use std::fmt;

use serde::de::{Expected, Unexpected};

use crate::diag::Diagnostic;
use crate::span::Span;
use crate::suggest;

/// A key that is not a field of the target type (at the key).
pub const UNKNOWN_KEY: &str = "unknown-key";
/// A required field has no key (at the mapping).
pub const MISSING_KEY: &str = "missing-key";
/// A field's key is written twice (at the second key).
pub const DUPLICATE_KEY: &str = "duplicate-key";
/// The value has the wrong type: a string where a sequence is expected (at the value).
pub const WRONG_TYPE: &str = "wrong-type";
/// The value has the right type but is not acceptable: out of range, not one of the
/// allowed names, too few items, or rejected by the type's own check (at the value).
pub const INVALID_VALUE: &str = "invalid-value";

/// Every code of [`DeError`], with what it means (checked against `docs/yaml.md`).
pub const DE_ERROR_CODES: &[(&str, &str)] = &[
    (UNKNOWN_KEY, "a key that the configuration does not know"),
    (MISSING_KEY, "a required key is missing"),
    (DUPLICATE_KEY, "a key is written twice in one mapping"),
    (
        WRONG_TYPE,
        "a value of the wrong type (string, number, sequence, …)",
    ),
    (
        INVALID_VALUE,
        "a value of the right type that is not allowed (range, choice, length)",
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Not yet placed: the innermost node that sees it places it.
    Unplaced,
    /// Place at the key that was read last (duplicate field).
    LastKey,
    Placed,
}

/// A typed-loading error, placed at the offending key, value or mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError {
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub(crate) anchor: Anchor,
}

impl DeError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        DeError {
            code,
            message: message.into(),
            span: Span::default(),
            anchor: Anchor::Unplaced,
        }
    }

    pub(crate) fn at(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        DeError {
            code,
            message: message.into(),
            span,
            anchor: Anchor::Placed,
        }
    }

    /// Place the error at `span` unless an inner node already did.
    #[must_use]
    pub(crate) fn place(mut self, span: Span) -> Self {
        if self.anchor == Anchor::Unplaced {
            self.span = span;
            self.anchor = Anchor::Placed;
        }
        self
    }

    /// Place a duplicate-field error at the last key read, anything else at `span`.
    #[must_use]
    pub(crate) fn place_in_map(mut self, last_key: Option<Span>, span: Span) -> Self {
        if self.anchor == Anchor::LastKey {
            self.span = last_key.unwrap_or(span);
            self.anchor = Anchor::Placed;
        }
        self.place(span)
    }

    /// The error as a diagnostic (severity error).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.code, self.message.clone(), self.span)
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} [{}]",
            self.span.start.line, self.span.start.column, self.message, self.code
        )
    }
}

impl std::error::Error for DeError {}

/// "a string", "the number 3", … for messages.
pub(crate) fn describe(u: &Unexpected<'_>) -> String {
    match u {
        Unexpected::Bool(b) => format!("the boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("the number `{n}`"),
        Unexpected::Signed(n) => format!("the number `{n}`"),
        Unexpected::Float(n) => format!("the number `{n}`"),
        Unexpected::Char(c) => format!("the string {:?}", c.to_string()),
        Unexpected::Str(s) => format!("the string {s:?}"),
        Unexpected::Bytes(_) => "bytes".to_owned(),
        Unexpected::Unit => "null".to_owned(),
        Unexpected::Option => "an optional value".to_owned(),
        Unexpected::NewtypeStruct => "a value".to_owned(),
        Unexpected::Seq => "a sequence".to_owned(),
        Unexpected::Map => "a mapping".to_owned(),
        Unexpected::Enum => "an enum".to_owned(),
        Unexpected::UnitVariant
        | Unexpected::NewtypeVariant
        | Unexpected::TupleVariant
        | Unexpected::StructVariant => "a variant".to_owned(),
        Unexpected::Other(o) => (*o).to_owned(),
    }
}

fn one_of(names: &[&str]) -> String {
    if names.is_empty() {
        return "none are allowed here".to_owned();
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("expected one of {}", quoted.join(", "))
}

impl serde::de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(INVALID_VALUE, msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        DeError::new(
            WRONG_TYPE,
            format!("expected {exp}, found {}", describe(&unexp)),
        )
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        DeError::new(
            INVALID_VALUE,
            format!("invalid value: {}, expected {exp}", describe(&unexp)),
        )
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        DeError::new(
            INVALID_VALUE,
            format!("invalid length {len}, expected {exp}"),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(
            INVALID_VALUE,
            format!(
                "unknown value `{variant}`{}; {}",
                suggest::did_you_mean(variant, expected.iter().copied()),
                one_of(expected)
            ),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(
            UNKNOWN_KEY,
            format!(
                "unknown key `{field}`{}; {}",
                suggest::did_you_mean(field, expected.iter().copied()),
                one_of(expected)
            ),
        )
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(MISSING_KEY, format!("missing key `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> Self {
        let mut e = DeError::new(DUPLICATE_KEY, format!("duplicate key `{field}`"));
        e.anchor = Anchor::LastKey;
        e
    }
}
