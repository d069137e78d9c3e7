//! The lexer: expression text → tokens with byte ranges.
//!
//! As in Azure's engine, a token never fails to lex: what is not a valid token becomes an
//! [`TokenKind::Unexpected`] token, reported by the parser only when it is reached (so the
//! first error in the text is the one reported).
//!
//! - `'…'` strings, `''` for a quote;
//! - numbers and versions start with `-`, `0`–`9`, or `.` where a value may start; they run
//!   to the next whitespace or `[ ( ] ) ,` (dots included); 2 or more dots make a version;
//! - keywords are `[A-Za-z_][A-Za-z0-9_]*`: after `.` a property name, else `true`/`false`/
//!   `null` (any case), a function when `(` follows (after optional whitespace), or a
//!   named-value.

use std::ops::Range;

use rust_decimal::Decimal;

use super::number;
use super::text::is_dotnet_whitespace;
use super::version::Version;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    StartIndex,
    EndIndex,
    StartParameters,
    EndParameters,
    Separator,
    Dereference,
    Wildcard,
    Null,
    Boolean(bool),
    Number(Decimal),
    Version(Version),
    String(String),
    PropertyName,
    Function,
    NamedValue,
    Unexpected,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Range<usize>,
}

/// Split `source` into tokens.
pub(crate) fn lex(source: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut at = 0_usize;
    while let Some(c) = source.get(at..).and_then(|rest| rest.chars().next()) {
        if is_dotnet_whitespace(c) {
            at = at.saturating_add(c.len_utf8());
            continue;
        }
        let last = tokens.last().map(|t| &t.kind);
        let token = match c {
            '[' => single(TokenKind::StartIndex, at),
            '(' => single(TokenKind::StartParameters, at),
            ']' => single(TokenKind::EndIndex, at),
            ')' => single(TokenKind::EndParameters, at),
            ',' => single(TokenKind::Separator, at),
            '*' => single(TokenKind::Wildcard, at),
            '\'' => string(source, at),
            '.' if !value_may_start(last) => single(TokenKind::Dereference, at),
            '.' | '-' | '0'..='9' => number_or_version(source, at),
            _ => keyword(source, at, last),
        };
        at = token.span.end;
        tokens.push(token);
    }
    tokens
}

fn single(kind: TokenKind, at: usize) -> Token {
    Token {
        kind,
        span: at..at.saturating_add(1),
    }
}

/// Whether a value (so a number like `.5`) may start after `last`.
fn value_may_start(last: Option<&TokenKind>) -> bool {
    matches!(
        last,
        None | Some(TokenKind::Separator | TokenKind::StartIndex | TokenKind::StartParameters)
    )
}

/// Whitespace and the punctuation that ends a keyword or number.
fn is_boundary(c: char) -> bool {
    matches!(c, '[' | '(' | ']' | ')' | ',' | '.') || is_dotnet_whitespace(c)
}

/// The end of the run starting at `start` that `keep` accepts (the first char is taken).
fn run_end(source: &str, start: usize, keep: impl Fn(char) -> bool) -> usize {
    let rest = source.get(start..).unwrap_or("");
    let mut chars = rest.char_indices();
    let first_len = chars.next().map_or(0, |(_, c)| c.len_utf8());
    let len = chars
        .find(|&(_, c)| !keep(c))
        .map_or(rest.len(), |(i, _)| i)
        .max(first_len);
    start.saturating_add(len)
}

fn string(source: &str, start: usize) -> Token {
    let mut value = String::new();
    let mut at = start.saturating_add(1);
    loop {
        let rest = source.get(at..).unwrap_or("");
        let Some(quote) = rest.find('\'') else {
            return Token {
                kind: TokenKind::Unexpected,
                span: start..source.len(),
            };
        };
        value.push_str(rest.get(..quote).unwrap_or(""));
        let after = at.saturating_add(quote).saturating_add(1);
        if source.get(after..).is_some_and(|r| r.starts_with('\'')) {
            value.push('\'');
            at = after.saturating_add(1);
        } else {
            return Token {
                kind: TokenKind::String(value),
                span: start..after,
            };
        }
    }
}

fn number_or_version(source: &str, start: usize) -> Token {
    let end = run_end(source, start, |c| c == '.' || !is_boundary(c));
    let raw = source.get(start..end).unwrap_or("");
    let kind = if raw.matches('.').count() >= 2 {
        Version::parse(raw).map_or(TokenKind::Unexpected, TokenKind::Version)
    } else {
        number::parse_literal(raw).map_or(TokenKind::Unexpected, TokenKind::Number)
    };
    Token {
        kind,
        span: start..end,
    }
}

fn keyword(source: &str, start: usize, last: Option<&TokenKind>) -> Token {
    let end = run_end(source, start, |c| !is_boundary(c));
    let raw = source.get(start..end).unwrap_or("");
    let kind = if !is_legal_keyword(raw) {
        TokenKind::Unexpected
    } else if last == Some(&TokenKind::Dereference) {
        TokenKind::PropertyName
    } else if raw.eq_ignore_ascii_case("true") {
        TokenKind::Boolean(true)
    } else if raw.eq_ignore_ascii_case("false") {
        TokenKind::Boolean(false)
    } else if raw.eq_ignore_ascii_case("null") {
        TokenKind::Null
    } else if source.get(end..).is_some_and(|rest| {
        rest.trim_start_matches(is_dotnet_whitespace)
            .starts_with('(')
    }) {
        TokenKind::Function
    } else {
        TokenKind::NamedValue
    };
    Token {
        kind,
        span: start..end,
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`
pub(crate) fn is_legal_keyword(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<TokenKind> {
        lex(s).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn tokens() {
        use TokenKind as K;
        assert_eq!(
            kinds("eq(a.b, 'it''s')"),
            vec![
                K::Function,
                K::StartParameters,
                K::NamedValue,
                K::Dereference,
                K::PropertyName,
                K::Separator,
                K::String("it's".into()),
                K::EndParameters
            ]
        );
        assert_eq!(
            kinds("a.true"),
            vec![K::NamedValue, K::Dereference, K::PropertyName]
        );
        assert_eq!(kinds("TRUE"), vec![K::Boolean(true)]);
        assert_eq!(kinds("f ()").first(), Some(&K::Function));
        assert_eq!(kinds("'abc"), vec![K::Unexpected]);
        assert_eq!(kinds("0.9.o.9"), vec![K::Unexpected]);
        assert!(matches!(kinds("1.2.3").as_slice(), [K::Version(_)]));
        assert!(matches!(kinds(".5").as_slice(), [K::Number(_)]));
        assert_eq!(kinds("a-b"), vec![K::Unexpected]);
        assert_eq!(lex("é+x").first().map(|t| t.span.clone()), Some(0..4));
    }
}
