//! Error texts and limits, as Azure Pipelines words and sets them.
//!
//! Syntax errors carry the token and its 1-based position (in UTF-16 units, as .NET
//! counts): `Unexpected symbol: '+'. Located at position 3 within expression: 3 + 4`.

use std::ops::Range;

use super::text;
use crate::expr::{ErrorKind, ExprError};

/// Deepest nesting of `(` and `[`.
pub const MAX_DEPTH: usize = 50;
/// Longest expression, in UTF-16 units.
pub const MAX_LENGTH: usize = 21_000;
/// Largest string or array (in bytes, estimated) one evaluation step may produce.
pub const MAX_MEMORY: usize = 1_048_576;

pub(crate) const UNEXPECTED_SYMBOL: &str = "Unexpected symbol";
pub(crate) const UNCLOSED_FUNCTION: &str = "Unclosed function";
pub(crate) const UNCLOSED_INDEXER: &str = "Unclosed indexer";
pub(crate) const EXPECTED_PROPERTY_NAME: &str =
    "Expected a property name to follow the dereference operator '.'";
pub(crate) const TOO_FEW_PARAMETERS: &str = "Too few parameters supplied";
pub(crate) const TOO_MANY_PARAMETERS: &str = "Too many parameters supplied";
pub(crate) const UNRECOGNIZED_FUNCTION: &str = "Unrecognized function";
pub(crate) const UNRECOGNIZED_NAMED_VALUE: &str = "Unrecognized named-value";
pub(crate) const UNEXPECTED_END: &str = "Unexpected end of expression";

/// An error about the token at `span`, in Azure's "Located at position" form.
pub(crate) fn located(
    kind: ErrorKind,
    description: &str,
    source: &str,
    span: Range<usize>,
) -> ExprError {
    let raw = source.get(span.clone()).unwrap_or("");
    ExprError {
        kind,
        message: format!(
            "{description}: '{raw}'. Located at position {} within expression: {source}",
            text::position(source, span.start)
        ),
        start: span.start,
        end: span.end,
    }
}

/// An error with a plain message.
pub(crate) fn plain(kind: ErrorKind, message: impl Into<String>, span: Range<usize>) -> ExprError {
    ExprError {
        kind,
        message: message.into(),
        start: span.start,
        end: span.end,
    }
}

pub(crate) fn max_depth(span: Range<usize>) -> ExprError {
    plain(
        ErrorKind::Parsing,
        format!("Exceeded max expression depth {MAX_DEPTH}"),
        span,
    )
}

pub(crate) fn max_length(len: usize) -> ExprError {
    plain(
        ErrorKind::Parsing,
        format!("Exceeded max expression length {MAX_LENGTH}"),
        0..len,
    )
}

pub(crate) fn max_memory(source: &str, span: Range<usize>) -> ExprError {
    plain(
        ErrorKind::Evaluation,
        format!(
            "The maximum allowed memory size was exceeded while evaluating the following expression: {source}"
        ),
        span,
    )
}
