//! JavaScript number semantics, which GitHub's expression language inherits.
//!
//! - [`parse`]: `Number(string)` (ECMAScript *StringToNumber*): used for number literals
//!   in expressions and for coercing strings to numbers;
//! - [`to_display_string`]: how a number becomes a string in `format`, `join`, string
//!   comparisons and object keys (JavaScript `toString` after rounding to 15 decimals);
//! - [`to_json_string`]: how `toJSON` writes a number (`JSON.stringify`).

/// Characters JavaScript trims in `Number(string)` (*WhiteSpace* and *LineTerminator*).
/// That is Unicode `White_Space` without U+0085, plus U+FEFF.
pub(crate) fn is_js_whitespace(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{FEFF}'
}

/// JavaScript `Number(s)`: `NaN` when `s` is not a number.
///
/// Accepts surrounding whitespace, the empty string (0), decimal literals with an
/// optional sign, fraction and exponent, `Infinity` with an optional sign, and unsigned
/// `0x`/`0o`/`0b` integers (either letter case).
pub fn parse(s: &str) -> f64 {
    let t = s.trim_matches(is_js_whitespace);
    if t.is_empty() {
        return 0.0;
    }
    if let Some(v) = parse_radix_literal(t) {
        return v;
    }
    let (negative, unsigned) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or("")),
        Some(b'+') => (false, t.get(1..).unwrap_or("")),
        _ => (false, t),
    };
    let magnitude = if unsigned == "Infinity" {
        f64::INFINITY
    } else if is_decimal_literal(unsigned) {
        // Validated above, so Rust's (correctly rounded) parser reads the same grammar.
        unsigned.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        return f64::NAN;
    };
    if negative { -magnitude } else { magnitude }
}

/// `digits [. digits] [e [+-] digits]` or `. digits [e …]`, with at least one digit
/// before the exponent.
fn is_decimal_literal(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0usize;
    let mut mantissa_digits = 0usize;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i = i.saturating_add(1);
        mantissa_digits = mantissa_digits.saturating_add(1);
    }
    if bytes.get(i) == Some(&b'.') {
        i = i.saturating_add(1);
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i = i.saturating_add(1);
            mantissa_digits = mantissa_digits.saturating_add(1);
        }
    }
    if mantissa_digits == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i = i.saturating_add(1);
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i = i.saturating_add(1);
        }
        let mut exponent_digits = 0usize;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i = i.saturating_add(1);
            exponent_digits = exponent_digits.saturating_add(1);
        }
        if exponent_digits == 0 {
            return false;
        }
    }
    i == bytes.len()
}

/// `0x…`, `0o…`, `0b…` (no sign, at least one digit): the value rounded to the nearest
/// double, like JavaScript.
fn parse_radix_literal(s: &str) -> Option<f64> {
    let mut chars = s.chars();
    if chars.next() != Some('0') {
        return None;
    }
    let (radix, bits_per_digit) = match chars.next()? {
        'x' | 'X' => (16, 4),
        'o' | 'O' => (8, 3),
        'b' | 'B' => (2, 1),
        _ => return None,
    };
    let digits = chars.as_str();
    if digits.is_empty() {
        return Some(f64::NAN);
    }
    // Keep the first 120 significant bits exactly; later non-zero digits only need a
    // "sticky" bit for correct rounding, and every later digit scales by a power of two.
    let mut acc: u128 = 0;
    let mut used_bits: u32 = 0;
    let mut extra_digits: i32 = 0;
    let mut sticky = false;
    for c in digits.chars() {
        let d = c.to_digit(radix)?;
        if used_bits == 0 && d == 0 {
            continue;
        }
        if used_bits.saturating_add(bits_per_digit) <= 120 {
            acc = (acc << bits_per_digit) | u128::from(d);
            used_bits = 128u32.saturating_sub(acc.leading_zeros());
        } else {
            extra_digits = extra_digits.saturating_add(1);
            sticky |= d != 0;
        }
    }
    if sticky {
        acc |= 1;
    }
    // u128 → f64 rounds to nearest, ties to even; the sticky bit sits far below the
    // rounding position so it only breaks exact ties, as it should.
    #[allow(clippy::cast_precision_loss)]
    let base = acc as f64;
    let scale = extra_digits.saturating_mul(i32::try_from(bits_per_digit).unwrap_or(1));
    Some(base * 2f64.powi(scale))
}

/// JavaScript `Number.prototype.toString()` (shortest round-trip digits).
pub fn to_js_string(n: f64) -> String {
    ryu_js::Buffer::new().format(n).to_owned()
}

/// How a number becomes a string when an expression coerces it (`format`, `join`,
/// comparisons with strings, object keys): `0` for both zeros, `NaN`, `Infinity`,
/// `-Infinity`, otherwise JavaScript's `toString` of the number rounded to 15 decimals
/// (`(+n.toFixed(15)).toString()`), which hides binary noise such as
/// `0.84551240822557006` → `0.84551240822557`.
pub fn to_display_string(n: f64) -> String {
    if n == 0.0 {
        return "0".to_owned();
    }
    if !n.is_finite() {
        return to_js_string(n);
    }
    let mut buffer = ryu_js::Buffer::new();
    let fixed = buffer.format_to_fixed(n, 15);
    let rounded = parse(fixed);
    if rounded == 0.0 {
        // `(+(-1e-20).toFixed(15)).toString()` is "0", not "-0".
        return "0".to_owned();
    }
    to_js_string(rounded)
}

/// How `toJSON` writes a number: `JSON.stringify`, so `null` for `NaN` and the
/// infinities and `0` for `-0`.
pub fn to_json_string(n: f64) -> String {
    if n.is_finite() {
        to_js_string(n)
    } else {
        "null".to_owned()
    }
}

#[cfg(test)]
// The literals spell out the binary noise that display strings must hide.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_javascript_number() {
        let cases: &[(&str, f64)] = &[
            ("", 0.0),
            ("  ", 0.0),
            (" 123456.789 ", 123_456.789),
            (" +123456.789 ", 123_456.789),
            ("-.5", -0.5),
            ("1.", 1.0),
            ("1e2", 100.0),
            ("1E+2", 100.0),
            ("1.2e-2", 0.012),
            (" 0xff ", 255.0),
            ("0XfF", 255.0),
            ("0o10", 8.0),
            ("0b101", 5.0),
            ("Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("+Infinity", f64::INFINITY),
            ("1e400", f64::INFINITY),
            ("\u{a0}7\u{feff}", 7.0),
            ("0x1fffffffffffff", 9_007_199_254_740_991.0),
            ("0x20000000000001", 9_007_199_254_740_992.0),
            ("0x20000000000003", 9_007_199_254_740_996.0),
        ];
        for (s, want) in cases {
            assert_eq!(parse(s), *want, "Number({s:?})");
        }
        assert!(parse("-0").is_sign_negative());
        for s in [
            "abc", "-0xff", "0x", "0x01p2", "-Inf", ".", "e5", "1e", "1_000", "1,000", "NaN",
            "infinity", "\u{85}1", "0xFZ", "1.2.3", "--1",
        ] {
            assert!(parse(s).is_nan(), "Number({s:?}) should be NaN");
        }
    }

    #[test]
    fn huge_radix_literals_round_to_nearest() {
        let hex = format!("0x1{}", "0".repeat(300));
        assert_eq!(parse(&hex), f64::INFINITY);
        let hex = format!("0x1{}", "0".repeat(40));
        assert_eq!(parse(&hex), 2f64.powi(160));
    }

    #[test]
    fn display_strings_match_the_expression_language() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-2.0, "-2"),
            (0.5, "0.5"),
            (123_456.789, "123456.789"),
            (0.845_512_408_225_570_06, "0.84551240822557"),
            (1234.56, "1234.56"),
            (0.012, "0.012"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-20, "0"),
            (-1e-20, "0"),
            (0.1 + 0.2, "0.3"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            // An exact tie at the 16th decimal rounds up, as `toFixed` does.
            (2f64.powi(-16), "0.000015258789063"),
        ];
        for (n, want) in cases {
            assert_eq!(to_display_string(*n), *want, "{n:e}");
        }
    }

    #[test]
    fn json_strings_match_json_stringify() {
        assert_eq!(to_json_string(-0.0), "0");
        assert_eq!(
            to_json_string(0.845_512_408_225_570_06),
            "0.8455124082255701"
        );
        assert_eq!(to_json_string(1e21), "1e+21");
        assert_eq!(to_json_string(f64::NAN), "null");
        assert_eq!(to_json_string(f64::NEG_INFINITY), "null");
    }
}
