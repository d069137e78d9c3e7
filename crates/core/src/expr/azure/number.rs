//! Numbers: .NET `System.Decimal`, as the Azure Pipelines expression engine uses them.
//!
//! `rust_decimal` has the same representation (96-bit mantissa, scale 0–28), so literals,
//! string conversions and comparisons behave as in Azure: `0.1` is exact, a number with
//! more than 28 decimals is rounded, one above about 7.9e28 does not parse.
//!
//! - literals parse as `Decimal.TryParse(s, AllowDecimalPoint | AllowLeadingSign |
//!   AllowExponent, InvariantCulture)`;
//! - strings convert as `Decimal.TryParse(s, AllowDecimalPoint | AllowLeadingSign |
//!   AllowLeadingWhite | AllowThousands | AllowTrailingWhite, InvariantCulture)` (the
//!   documentation names `Int32.TryParse`, but the engine parses a decimal: `'1.5'` is 1.5);
//! - numbers print with the .NET custom format `0.#######`.

use std::ops::Neg;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::text::is_number_whitespace;

/// Largest decimal exponent worth building a digit string for: beyond it a non-zero
/// mantissa overflows (or underflows to zero) anyway.
const MAX_SHIFT: i64 = 64;

/// A number literal in an expression (`-1.5`, `.5`, `1e3`).
pub(crate) fn parse_literal(s: &str) -> Option<Decimal> {
    let mut rest = s;
    let negative = take_sign(&mut rest);
    let (int_digits, after_int) = split_digits(rest);
    rest = after_int;
    let mut frac_digits = "";
    if let Some(after_point) = rest.strip_prefix('.') {
        let (digits, after) = split_digits(after_point);
        frac_digits = digits;
        rest = after;
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    let mut exponent: i64 = 0;
    if let Some(after_e) = rest.strip_prefix(['e', 'E']) {
        let mut exp_rest = after_e;
        let exp_negative = take_sign(&mut exp_rest);
        let (digits, after) = split_digits(exp_rest);
        if digits.is_empty() {
            return None;
        }
        exponent = parse_exponent(digits, exp_negative);
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }
    build(negative, int_digits, frac_digits, exponent)
}

/// A string converted to a number (see the module doc for the accepted syntax).
pub(crate) fn parse_string(s: &str) -> Option<Decimal> {
    let mut rest = s.trim_start_matches(is_number_whitespace);
    rest = rest.trim_end_matches(is_number_whitespace);
    let negative = take_sign(&mut rest);
    // Group separators are allowed once a digit was seen, before the decimal point.
    let mut int_digits = String::new();
    let mut chars = rest.char_indices().peekable();
    let mut consumed = 0;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() {
            int_digits.push(c);
        } else if c == ',' && !int_digits.is_empty() {
        } else {
            break;
        }
        consumed = i.saturating_add(c.len_utf8());
        chars.next();
    }
    rest = rest.get(consumed..).unwrap_or("");
    let mut frac_digits = "";
    if let Some(after_point) = rest.strip_prefix('.') {
        let (digits, after) = split_digits(after_point);
        frac_digits = digits;
        rest = after;
    }
    if (int_digits.is_empty() && frac_digits.is_empty()) || !rest.is_empty() {
        return None;
    }
    build(negative, &int_digits, frac_digits, 0)
}

/// The .NET `0.#######` format: at most 7 decimals (rounded half away from zero), no
/// trailing zeros, no group separator.
pub(crate) fn format(d: Decimal) -> String {
    let rounded = d
        .round_dp_with_strategy(7, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    if rounded.is_zero() {
        "0".to_owned()
    } else {
        rounded.to_string()
    }
}

/// A number as JSON: an integer when it is one and fits, else a float.
pub(crate) fn to_json(d: Decimal) -> serde_json::Value {
    let n = d.normalize();
    if let Some(i) = n.to_i64().filter(|_| n.scale() == 0) {
        return serde_json::Value::from(i);
    }
    n.to_f64()
        .and_then(serde_json::Number::from_f64)
        .map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// A JSON number as a decimal. Floats beyond the decimal range saturate at its bounds.
pub(crate) fn from_json(n: &serde_json::Number) -> Decimal {
    if let Some(i) = n.as_i64() {
        return Decimal::from(i);
    }
    if let Some(u) = n.as_u64() {
        return Decimal::from(u);
    }
    let text = n.to_string();
    parse_literal(&text).unwrap_or_else(|| {
        if text.starts_with('-') {
            Decimal::MIN
        } else if text.contains("e-") || text.contains("E-") {
            Decimal::ZERO
        } else {
            Decimal::MAX
        }
    })
}

fn take_sign(rest: &mut &str) -> bool {
    if let Some(r) = rest.strip_prefix('-') {
        *rest = r;
        true
    } else if let Some(r) = rest.strip_prefix('+') {
        *rest = r;
        false
    } else {
        false
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    (s.get(..end).unwrap_or(""), s.get(end..).unwrap_or(""))
}

fn parse_exponent(digits: &str, negative: bool) -> i64 {
    let trimmed = digits.trim_start_matches('0');
    // Any exponent this long is far outside the decimal range: clamp it.
    let magnitude = if trimmed.len() > 6 {
        1_000_000
    } else {
        trimmed.parse::<i64>().unwrap_or(0)
    };
    if negative {
        magnitude.saturating_neg()
    } else {
        magnitude
    }
}

/// Build `±int.frac × 10^exponent` from its digits.
fn build(negative: bool, int_digits: &str, frac_digits: &str, exponent: i64) -> Option<Decimal> {
    let digits: String = int_digits.chars().chain(frac_digits.chars()).collect();
    let leading = digits
        .len()
        .saturating_sub(digits.trim_start_matches('0').len());
    let significant = digits.get(leading..).unwrap_or("");
    if significant.is_empty() {
        return Some(Decimal::ZERO);
    }
    // Position of the decimal point, counted from the first significant digit.
    let len = i64::try_from(significant.len()).ok()?;
    let int_len = i64::try_from(int_digits.len()).ok()?;
    let lead = i64::try_from(leading).ok()?;
    let point = int_len.checked_sub(lead)?.checked_add(exponent)?;
    if point > MAX_SHIFT {
        return None;
    }
    if point < -MAX_SHIFT {
        return Some(Decimal::ZERO);
    }
    let text = if point <= 0 {
        let zeros = usize::try_from(point.checked_neg()?).ok()?;
        format!("0.{}{significant}", "0".repeat(zeros))
    } else if point >= len {
        let zeros = usize::try_from(point.checked_sub(len)?).ok()?;
        format!("{significant}{}", "0".repeat(zeros))
    } else {
        let at = usize::try_from(point).ok()?;
        format!(
            "{}.{}",
            significant.get(..at).unwrap_or(""),
            significant.get(at..).unwrap_or("")
        )
    };
    let value = Decimal::from_str(&text).ok()?;
    Some(if negative { value.neg() } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Option<String> {
        parse_literal(s).map(format)
    }

    fn conv(s: &str) -> Option<String> {
        parse_string(s).map(format)
    }

    #[test]
    fn literals() {
        assert_eq!(lit("1").as_deref(), Some("1"));
        assert_eq!(lit("-1.50").as_deref(), Some("-1.5"));
        assert_eq!(lit(".5").as_deref(), Some("0.5"));
        assert_eq!(lit("5.").as_deref(), Some("5"));
        assert_eq!(lit("1e3").as_deref(), Some("1000"));
        assert_eq!(lit("1E-2").as_deref(), Some("0.01"));
        assert_eq!(lit("-").as_deref(), None);
        assert_eq!(lit(".").as_deref(), None);
        assert_eq!(lit("1e").as_deref(), None);
        assert_eq!(lit("1a").as_deref(), None);
        assert_eq!(lit("1e400").as_deref(), None);
        assert_eq!(lit("1e-400").as_deref(), Some("0"));
        assert_eq!(lit("79228162514264337593543950336").as_deref(), None);
        assert_eq!(
            lit("79228162514264337593543950335").as_deref(),
            Some("79228162514264337593543950335")
        );
    }

    #[test]
    fn strings() {
        assert_eq!(conv("").as_deref(), None);
        assert_eq!(conv(" 1,234.5 ").as_deref(), Some("1234.5"));
        assert_eq!(conv("1,,2").as_deref(), Some("12"));
        assert_eq!(conv(",1").as_deref(), None);
        assert_eq!(conv("1.2,3").as_deref(), None);
        assert_eq!(conv("+7").as_deref(), Some("7"));
        assert_eq!(conv("1e3").as_deref(), None);
        assert_eq!(conv("\u{a0}1").as_deref(), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(
            format(Decimal::from_str("1.23456789").unwrap()),
            "1.2345679"
        );
        assert_eq!(
            format(Decimal::from_str("0.00000005").unwrap()),
            "0.0000001"
        );
        assert_eq!(format(Decimal::from_str("-0.00000001").unwrap()), "0");
        assert_eq!(
            to_json(Decimal::from_str("2.50").unwrap()),
            serde_json::json!(2.5)
        );
        assert_eq!(
            to_json(Decimal::from_str("3.0").unwrap()),
            serde_json::json!(3)
        );
    }
}
