//! Type casting, equality and ordering: the conversion chart of the Azure Pipelines
//! documentation ("Type casting"), plus what it leaves out (arrays, objects, dates).
//!
//! | from \ to | Boolean | Null | Number | String | Version |
//! |---|---|---|---|---|---|
//! | Null | false | – | 0 | `''` | no |
//! | Boolean | – | no | 0 / 1 | `'True'`/`'False'` | no |
//! | Number | ≠ 0 | no | – | `0.#######` | via its string |
//! | String | ≠ `''` | `''` only | decimal parse | – | `Version.TryParse` |
//! | Version | true | no | no | `1.2.3` | – |
//! | Array, Object | true | no | no | no | no |
//! | DateTime | true | no | no | `yyyy-MM-dd HH:mm:sszzz` | no |
//!
//! Comparisons convert the right operand to the left operand's kind.

use std::borrow::Cow;
use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::datetime::DateTime;
use super::number;
use super::text;
use super::value::Value;
use super::version::Version;

/// A failed conversion: `Unable to convert from String to Number. Value: 'abc'`.
#[derive(Debug)]
pub(crate) struct CastError {
    pub from: &'static str,
    pub to: &'static str,
    pub value: Option<String>,
}

impl CastError {
    fn new(value: &Value<'_>, to: &'static str) -> CastError {
        let shown = match value {
            Value::String(s) => Some(text::quote(s)),
            Value::Number(d) => Some(number::format(*d)),
            Value::Boolean(b) => Some(bool_string(*b).to_owned()),
            Value::Version(v) => Some(v.to_string()),
            Value::DateTime(d) => Some(text::quote(&d.to_string())),
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        };
        CastError {
            from: value.kind_name(),
            to,
            value: shown,
        }
    }

    pub fn message(&self) -> String {
        match &self.value {
            Some(v) => format!(
                "Unable to convert from {} to {}. Value: {v}",
                self.from, self.to
            ),
            None => format!("Unable to convert from {} to {}.", self.from, self.to),
        }
    }
}

pub(crate) fn bool_string(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Truthiness.
pub(crate) fn to_bool(v: &Value<'_>) -> bool {
    match v {
        Value::Null => false,
        Value::Boolean(b) => *b,
        Value::Number(d) => !d.is_zero(),
        Value::String(s) => !s.is_empty(),
        Value::Version(_) | Value::DateTime(_) | Value::Array(_) | Value::Object(_) => true,
    }
}

pub(crate) fn try_number(v: &Value<'_>) -> Option<Decimal> {
    match v {
        Value::Null => Some(Decimal::ZERO),
        Value::Boolean(b) => Some(if *b { Decimal::ONE } else { Decimal::ZERO }),
        Value::Number(d) => Some(*d),
        Value::String(s) if s.is_empty() => Some(Decimal::ZERO),
        Value::String(s) => number::parse_string(s),
        Value::Version(_) | Value::DateTime(_) | Value::Array(_) | Value::Object(_) => None,
    }
}

pub(crate) fn try_string<'v>(v: &'v Value<'_>) -> Option<Cow<'v, str>> {
    match v {
        Value::Null => Some(Cow::Borrowed("")),
        Value::Boolean(b) => Some(Cow::Borrowed(bool_string(*b))),
        Value::Number(d) => Some(Cow::Owned(number::format(*d))),
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Version(ver) => Some(Cow::Owned(ver.to_string())),
        Value::DateTime(d) => Some(Cow::Owned(d.to_string())),
        Value::Array(_) | Value::Object(_) => None,
    }
}

pub(crate) fn try_version(v: &Value<'_>) -> Option<Version> {
    match v {
        Value::Version(ver) => Some(*ver),
        Value::String(s) => Version::parse(s),
        Value::Number(d) => Version::parse(&number::format(*d)),
        _ => None,
    }
}

fn try_datetime(v: &Value<'_>) -> Option<DateTime> {
    match v {
        Value::DateTime(d) => Some(*d),
        Value::String(s) => DateTime::parse(s),
        _ => None,
    }
}

/// Null converts only from null and `''`.
fn is_nullish(v: &Value<'_>) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

pub(crate) fn to_number(v: &Value<'_>) -> Result<Decimal, CastError> {
    try_number(v).ok_or_else(|| CastError::new(v, "Number"))
}

pub(crate) fn to_string<'v>(v: &'v Value<'_>) -> Result<Cow<'v, str>, CastError> {
    try_string(v).ok_or_else(|| CastError::new(v, "String"))
}

/// `eq`: the right operand converted to the left operand's kind; a failed conversion is
/// "not equal".
pub(crate) fn equals(left: &Value<'_>, right: &Value<'_>) -> bool {
    match left {
        Value::Null => is_nullish(right),
        Value::Boolean(b) => *b == to_bool(right),
        Value::Number(d) => try_number(right).is_some_and(|r| *d == r),
        Value::String(s) => try_string(right).is_some_and(|r| text::eq_ignore_case(s, &r)),
        Value::Version(v) => try_version(right).is_some_and(|r| *v == r),
        Value::DateTime(d) => try_datetime(right).is_some_and(|r| d.instant() == r.instant()),
        Value::Array(_) | Value::Object(_) => left.same_collection(right),
    }
}

/// `gt`/`ge`/`lt`/`le`: the right operand converted to the left operand's kind; a failed
/// conversion is an error. A null left operand compares as the number 0.
pub(crate) fn compare(left: &Value<'_>, right: &Value<'_>) -> Result<Ordering, CastError> {
    match left {
        Value::Boolean(b) => Ok(b.cmp(&to_bool(right))),
        Value::Number(d) => Ok(d.cmp(&to_number(right)?)),
        Value::String(s) => Ok(text::cmp_ignore_case(s, &to_string(right)?)),
        Value::Version(v) => {
            let r = try_version(right).ok_or_else(|| CastError::new(right, "Version"))?;
            Ok(v.cmp(&r))
        }
        Value::DateTime(d) => {
            let r = try_datetime(right).ok_or_else(|| CastError::new(right, "DateTime"))?;
            Ok(d.instant().cmp(&r.instant()))
        }
        Value::Null | Value::Array(_) | Value::Object(_) => {
            let l = to_number(left)?;
            Ok(l.cmp(&to_number(right)?))
        }
    }
}
