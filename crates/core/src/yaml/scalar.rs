//! Scalars and the YAML 1.2 core schema (spec 1.2.2, section 10.3.2).
//!
//! Untagged plain scalars resolve by these exact rules; everything else is a string:
//!
//! | type  | plain text |
//! |-------|------------|
//! | null  | `~`, `null`, `Null`, `NULL`, empty |
//! | bool  | `true`, `True`, `TRUE`, `false`, `False`, `FALSE` |
//! | int   | `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+` |
//! | float | `[-+]?(\.[0-9]+\|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?(\.inf\|\.Inf\|\.INF)`, `\.nan\|\.NaN\|\.NAN` |
//!
//! So `on`, `yes`, `no`, `y` are strings (YAML 1.1 made them booleans), `010` is the
//! integer 10 (1.1 read it as octal 8), `0o10` is 8. Quoted and block scalars are
//! always strings. Explicit core tags (`!!str`, `!!int`, …) force the type.

use serde::Serialize;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

impl ScalarStyle {
    pub(crate) fn from_parser(s: saphyr_parser::ScalarStyle) -> Self {
        match s {
            saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
            saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
            saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
        }
    }
}

/// A core-schema type forced by an explicit tag (`!!str`, `!!int`, `!!float`,
/// `!!bool`, `!!null`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoreType {
    Null,
    Bool,
    Int,
    Float,
    Str,
}

impl CoreType {
    /// The core type named by the suffix of a `tag:yaml.org,2002:` tag.
    pub fn from_suffix(suffix: &str) -> Option<CoreType> {
        Some(match suffix {
            "null" => CoreType::Null,
            "bool" => CoreType::Bool,
            "int" => CoreType::Int,
            "float" => CoreType::Float,
            "str" => CoreType::Str,
            _ => return None,
        })
    }
}

/// A scalar as written: its text after unescaping and folding, and its style.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scalar {
    /// The value after unescaping (for plain scalars, the text as written).
    pub text: compact_str::CompactString,
    pub style: ScalarStyle,
    /// The type forced by an explicit core tag, if any (the loader checks that the text
    /// fits it).
    pub core_type: Option<CoreType>,
}

/// The typed value of a scalar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScalarValue<'a> {
    Null,
    Bool(bool),
    /// An integer that fits in `i64`. Larger integers (`[-+]?[0-9]+` beyond `i64`)
    /// resolve to [`ScalarValue::Float`] — a number, like JSON and the platforms' own
    /// parsers read them; the exact digits stay in [`Scalar::text`].
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl ScalarValue<'_> {
    /// The type's name for messages: "null", "boolean", "number" or "string".
    pub fn type_name(&self) -> &'static str {
        match self {
            ScalarValue::Null => "null",
            ScalarValue::Bool(_) => "boolean",
            ScalarValue::Int(_) | ScalarValue::Float(_) => "number",
            ScalarValue::Str(_) => "string",
        }
    }
}

impl Scalar {
    /// A plain scalar (typed by the core schema when resolved).
    pub fn plain(text: impl Into<compact_str::CompactString>) -> Self {
        Scalar {
            text: text.into(),
            style: ScalarStyle::Plain,
            core_type: None,
        }
    }

    /// A string scalar, whatever its text looks like.
    pub fn string(text: impl Into<compact_str::CompactString>) -> Self {
        Scalar {
            text: text.into(),
            style: ScalarStyle::DoubleQuoted,
            core_type: None,
        }
    }

    /// The value under the YAML 1.2 core schema (honouring an explicit core tag).
    pub fn resolve(&self) -> ScalarValue<'_> {
        match self.core_type {
            Some(t) => resolve_as(t, &self.text).unwrap_or(ScalarValue::Str(&self.text)),
            None if self.style == ScalarStyle::Plain => resolve_plain(&self.text),
            None => ScalarValue::Str(&self.text),
        }
    }

    /// Whether this is a null (`~`, `null`, empty plain, or `!!null`).
    pub fn is_null(&self) -> bool {
        matches!(self.resolve(), ScalarValue::Null)
    }
}

/// The core-schema value of untagged plain text.
pub fn resolve_plain(text: &str) -> ScalarValue<'_> {
    if let Some(v) = resolve_null(text)
        .or_else(|| resolve_bool(text))
        .or_else(|| resolve_int(text))
        .or_else(|| resolve_float(text))
    {
        return v;
    }
    ScalarValue::Str(text)
}

/// The value of `text` under an explicit core tag, or `None` when it does not fit.
pub fn resolve_as(t: CoreType, text: &str) -> Option<ScalarValue<'_>> {
    match t {
        CoreType::Str => Some(ScalarValue::Str(text)),
        CoreType::Null => resolve_null(text),
        CoreType::Bool => resolve_bool(text),
        CoreType::Int => resolve_int(text),
        CoreType::Float => resolve_float(text).or_else(|| match resolve_int(text) {
            Some(ScalarValue::Int(i)) => Some(ScalarValue::Float(i as f64)),
            other => other,
        }),
    }
}

fn resolve_null(text: &str) -> Option<ScalarValue<'static>> {
    matches!(text, "" | "~" | "null" | "Null" | "NULL").then_some(ScalarValue::Null)
}

fn resolve_bool(text: &str) -> Option<ScalarValue<'static>> {
    match text {
        "true" | "True" | "TRUE" => Some(ScalarValue::Bool(true)),
        "false" | "False" | "FALSE" => Some(ScalarValue::Bool(false)),
        _ => None,
    }
}

fn all_digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

fn resolve_int(text: &str) -> Option<ScalarValue<'static>> {
    let (radix, digits) = if let Some(oct) = text.strip_prefix("0o") {
        (8, oct)
    } else if let Some(hex) = text.strip_prefix("0x") {
        (16, hex)
    } else {
        let unsigned = text
            .strip_prefix('-')
            .or_else(|| text.strip_prefix('+'))
            .unwrap_or(text);
        if !all_digits(unsigned, 10) {
            return None;
        }
        return Some(match text.parse::<i64>() {
            Ok(i) => ScalarValue::Int(i),
            // Beyond i64: still a number (see `ScalarValue::Int`).
            Err(_) => ScalarValue::Float(text.parse::<f64>().ok()?),
        });
    };
    if !all_digits(digits, radix) {
        return None;
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(i) => ScalarValue::Int(i),
        Err(_) => ScalarValue::Float(big_radix_to_f64(digits, radix)),
    })
}

fn big_radix_to_f64(digits: &str, radix: u32) -> f64 {
    digits.chars().fold(0.0, |acc, c| {
        acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
    })
}

fn resolve_float(text: &str) -> Option<ScalarValue<'static>> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(ScalarValue::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(ScalarValue::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(ScalarValue::Float(f64::NAN)),
        _ => {}
    }
    if !is_core_float(text) {
        return None;
    }
    text.parse::<f64>().ok().map(ScalarValue::Float)
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0usize;
    let at = |i: usize| b.get(i).copied();
    let digits = |mut i: usize| {
        let start = i;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i = i.saturating_add(1);
        }
        (i, i > start)
    };
    if matches!(at(i), Some(b'-' | b'+')) {
        i = i.saturating_add(1);
    }
    if at(i) == Some(b'.') {
        let (j, any) = digits(i.saturating_add(1));
        if !any {
            return false;
        }
        i = j;
    } else {
        let (j, any) = digits(i);
        if !any {
            return false;
        }
        i = j;
        if at(i) == Some(b'.') {
            i = digits(i.saturating_add(1)).0;
        }
    }
    if matches!(at(i), Some(b'e' | b'E')) {
        i = i.saturating_add(1);
        if matches!(at(i), Some(b'-' | b'+')) {
            i = i.saturating_add(1);
        }
        let (j, any) = digits(i);
        if !any {
            return false;
        }
        i = j;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> ScalarValue<'_> {
        resolve_plain(s)
    }

    #[test]
    fn core_schema_exactly() {
        for s in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(r(s), ScalarValue::Null, "{s:?}");
        }
        for s in ["nULL", "NuLL", "none", "None"] {
            assert_eq!(r(s), ScalarValue::Str(s), "{s:?}");
        }
        assert_eq!(r("True"), ScalarValue::Bool(true));
        assert_eq!(r("FALSE"), ScalarValue::Bool(false));
        for s in ["yes", "no", "on", "off", "y", "n", "tRUE", "Yes", "ON"] {
            assert_eq!(r(s), ScalarValue::Str(s), "{s:?}");
        }
        assert_eq!(r("010"), ScalarValue::Int(10));
        assert_eq!(r("-010"), ScalarValue::Int(-10));
        assert_eq!(r("+7"), ScalarValue::Int(7));
        assert_eq!(r("0o17"), ScalarValue::Int(15));
        assert_eq!(r("0x1F"), ScalarValue::Int(31));
        assert_eq!(r("0xff"), ScalarValue::Int(255));
        for s in [
            "-0x1F", "0o8", "0x", "0o", "0X1F", "0O17", "1_000", "0b101", "1:20", "- 1",
        ] {
            assert_eq!(r(s), ScalarValue::Str(s), "{s:?}");
        }
        assert_eq!(r("1.5"), ScalarValue::Float(1.5));
        assert_eq!(r("1."), ScalarValue::Float(1.0));
        assert_eq!(r(".5"), ScalarValue::Float(0.5));
        assert_eq!(r("-.5e3"), ScalarValue::Float(-500.0));
        assert_eq!(r("1e3"), ScalarValue::Float(1000.0));
        assert_eq!(r("1E-2"), ScalarValue::Float(0.01));
        assert_eq!(r(".inf"), ScalarValue::Float(f64::INFINITY));
        assert_eq!(r("-.Inf"), ScalarValue::Float(f64::NEG_INFINITY));
        assert!(matches!(r(".NaN"), ScalarValue::Float(f) if f.is_nan()));
        for s in [
            ".", "-", "+", "e3", "1e", "1.e", ".e1", "inf", "nan", "-.nan", "1.2.3", "1e3.5",
        ] {
            assert_eq!(r(s), ScalarValue::Str(s), "{s:?}");
        }
        assert_eq!(r("9223372036854775807"), ScalarValue::Int(i64::MAX));
        assert_eq!(
            r("9223372036854775808"),
            ScalarValue::Float(9_223_372_036_854_775_808.0)
        );
        assert_eq!(
            r("0x10000000000000000"),
            ScalarValue::Float(18_446_744_073_709_551_616.0)
        );
    }

    #[test]
    fn tags_force_types() {
        assert_eq!(
            resolve_as(CoreType::Str, "123"),
            Some(ScalarValue::Str("123"))
        );
        assert_eq!(
            resolve_as(CoreType::Float, "1"),
            Some(ScalarValue::Float(1.0))
        );
        assert_eq!(resolve_as(CoreType::Int, "1.5"), None);
        assert_eq!(resolve_as(CoreType::Bool, "yes"), None);
        assert_eq!(resolve_as(CoreType::Null, ""), Some(ScalarValue::Null));
        let quoted_int = Scalar {
            text: "12".into(),
            style: ScalarStyle::DoubleQuoted,
            core_type: Some(CoreType::Int),
        };
        assert_eq!(quoted_int.resolve(), ScalarValue::Int(12));
        assert_eq!(Scalar::string("true").resolve(), ScalarValue::Str("true"));
    }
}
