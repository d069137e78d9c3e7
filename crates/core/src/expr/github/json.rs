//! `toJSON` and `fromJSON`.
//!
//! `toJSON` writes like JavaScript's `JSON.stringify(value, null, 2)`: two-space
//! indentation, `[]` and `{}` for empty containers, numbers as JavaScript prints them
//! (`NaN` and the infinities as `null`). `fromJSON` reads standard JSON (RFC 8259) like
//! `JSON.parse`: a repeated key keeps its first place and takes the last value, and
//! keys that differ only in case keep the first one (objects are case-insensitive).

use std::fmt::Write as _;

use super::number;
use super::value::{Array, MAX_VALUE_DEPTH, Object, Value};

/// Why `toJSON` stopped: the output grew past `limit` UTF-16 code units, or the value
/// nests deeper than [`MAX_VALUE_DEPTH`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum StringifyError {
    TooLong,
    TooDeep,
}

/// `JSON.stringify(value, null, 2)`, stopping once the text exceeds `limit` bytes.
pub(crate) fn stringify(value: &Value, limit: usize) -> Result<String, StringifyError> {
    let mut out = String::new();
    write_value(value, 0, limit, &mut out)?;
    Ok(out)
}

fn write_value(
    value: &Value,
    depth: usize,
    limit: usize,
    out: &mut String,
) -> Result<(), StringifyError> {
    if out.len() > limit {
        return Err(StringifyError::TooLong);
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number::to_json_string(*n)),
        Value::String(s) => write_string(s, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        _ if depth >= MAX_VALUE_DEPTH => return Err(StringifyError::TooDeep),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.items().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(depth.saturating_add(1), out);
                write_value(item, depth.saturating_add(1), limit, out)?;
            }
            newline(depth, out);
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (key, item)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(depth.saturating_add(1), out);
                write_string(key, out);
                out.push_str(": ");
                write_value(item, depth.saturating_add(1), limit, out)?;
            }
            newline(depth, out);
            out.push('}');
        }
    }
    Ok(())
}

fn newline(depth: usize, out: &mut String) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A JSON string literal, escaped as `JSON.stringify` does.
pub(crate) fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `JSON.parse(text)`: the value, or what is wrong and where.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let mut parser = JsonParser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    parser.skip_whitespace();
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct JsonParser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl JsonParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn error(&self, what: &str) -> String {
        let column = self
            .text
            .get(..self.pos.min(self.text.len()))
            .map_or(0, |s| s.chars().count())
            .saturating_add(1);
        format!("{what} at position {column}")
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn expect_word(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self
            .text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word))
        {
            self.pos = self.pos.saturating_add(word.len());
            Ok(value)
        } else {
            Err(self.error("unexpected token"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        match self.peek() {
            None => Err(self.error("unexpected end of JSON input")),
            Some(b'n') => self.expect_word("null", Value::Null),
            Some(b't') => self.expect_word("true", Value::Boolean(true)),
            Some(b'f') => self.expect_word("false", Value::Boolean(false)),
            Some(b'"') => Ok(Value::string(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[' | b'{') if depth >= MAX_VALUE_DEPTH => {
                Err(self.error(&format!("nested deeper than {MAX_VALUE_DEPTH} levels")))
            }
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(_) => Err(self.error("unexpected token")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.bump();
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Value::Array(Array::new(items)));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth.saturating_add(1))?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(Array::new(items)));
                }
                None => return Err(self.error("unexpected end of JSON input")),
                Some(_) => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.bump();
        let mut entries: Vec<(String, Value)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(Object::new(entries)));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a property name"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':'"));
            }
            self.bump();
            self.skip_whitespace();
            let value = self.value(depth.saturating_add(1))?;
            // JavaScript objects: a repeated key keeps its place and takes the new value.
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(Object::new(entries)));
                }
                None => return Err(self.error("unexpected end of JSON input")),
                Some(_) => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error("invalid number"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error("invalid number"));
            }
            self.digits();
        }
        let literal = self.text.get(start..self.pos).unwrap_or("");
        Ok(Value::Number(literal.parse::<f64>().unwrap_or(f64::NAN)))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.bump();
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.bump();
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.pos..).unwrap_or("");
            // Copy the run up to the next quote, backslash or control character.
            let run = rest
                .find(|c: char| c == '"' || c == '\\' || u32::from(c) < 0x20)
                .unwrap_or(rest.len());
            out.push_str(rest.get(..run).unwrap_or(""));
            self.pos = self.pos.saturating_add(run);
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let Some(b) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.bump();
        match b {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{08}'),
            b'f' => out.push('\u{0c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let unit = self.hex4()?;
                let c = if (0xD800..0xDC00).contains(&unit) && self.low_surrogate_follows() {
                    self.pos = self.pos.saturating_add(2);
                    let low = self.hex4()?;
                    let code = 0x10000u32
                        .saturating_add((u32::from(unit).saturating_sub(0xD800)) << 10)
                        .saturating_add(u32::from(low).saturating_sub(0xDC00));
                    char::from_u32(code)
                } else {
                    char::from_u32(u32::from(unit))
                };
                // A lone surrogate is legal JSON but not a Rust string: replace it.
                out.push(c.unwrap_or('\u{FFFD}'));
            }
            _ => return Err(self.error("invalid escape")),
        }
        Ok(())
    }

    fn low_surrogate_follows(&self) -> bool {
        let rest = self.text.get(self.pos..).unwrap_or("");
        rest.starts_with("\\u")
            && rest
                .get(2..6)
                .and_then(|h| u16::from_str_radix(h, 16).ok())
                .is_some_and(|u| (0xDC00..0xE000).contains(&u))
    }

    fn hex4(&mut self) -> Result<u16, String> {
        let hex = self
            .text
            .get(self.pos..self.pos.saturating_add(4))
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid unicode escape"))?;
        let unit =
            u16::from_str_radix(hex, 16).map_err(|_| self.error("invalid unicode escape"))?;
        self.pos = self.pos.saturating_add(4);
        Ok(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        stringify(&parse(text).unwrap(), usize::MAX).unwrap()
    }

    #[test]
    fn stringify_matches_json_stringify_with_two_spaces() {
        assert_eq!(round_trip("[]"), "[]");
        assert_eq!(
            round_trip("[1,[2,{}],{\"a\":null}]"),
            "[\n  1,\n  [\n    2,\n    {}\n  ],\n  {\n    \"a\": null\n  }\n]"
        );
        assert_eq!(
            round_trip("\"a\\u0001\\b\\\"\\\\/\""),
            "\"a\\u0001\\b\\\"\\\\/\""
        );
        assert_eq!(round_trip("-0"), "0");
        assert_eq!(round_trip("1e21"), "1e+21");
    }

    #[test]
    fn parse_follows_json_parse() {
        let v = parse("{\"a\":1,\"b\":2,\"a\":3,\"A\":4}").unwrap();
        assert_eq!(
            stringify(&v, usize::MAX).unwrap(),
            "{\n  \"a\": 3,\n  \"b\": 2\n}"
        );
        assert!(matches!(parse("\"\\ud83d\\ude00\"").unwrap(), Value::String(s) if &*s == "😀"));
        assert!(matches!(parse("\"\\ud83d\"").unwrap(), Value::String(s) if &*s == "\u{FFFD}"));
        for bad in [
            "",
            "01",
            "1.",
            "[1,]",
            "{\"a\" 1}",
            "nul",
            "'a'",
            "[",
            "\"\t\"",
            "1 2",
            "NaN",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn depth_is_bounded_without_recursion_blowup() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).unwrap_err().contains("nested deeper"));
    }

    #[test]
    fn stringify_stops_at_the_limit() {
        let v = parse(&format!("[{}]", vec!["\"xxxxxxxxxx\""; 1000].join(","))).unwrap();
        assert_eq!(stringify(&v, 100).unwrap_err(), StringifyError::TooLong);
    }
}
