//! Tokens of a GitHub expression.
//!
//! Follows GitHub's lexer (actions/languageservices `lexer.ts`): a `.` is a property
//! access after an identifier, `]`, `)` or `*` and starts a number anywhere else;
//! numbers and identifiers run to the next boundary character, so `1-2` or `b@r` is one
//! bad symbol; `true`, `false`, `null`, `NaN` and `Infinity` are literals except right
//! after a `.`, where they are property names.

use super::number::{self, is_js_whitespace};
use super::{Span, error_at};
use crate::expr::{ErrorKind, ExprError};

/// Longest expression accepted, in UTF-16 code units (GitHub's limit).
pub const MAX_EXPRESSION_LENGTH: usize = 21_000;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Bang,
    BangEqual,
    EqualEqual,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
    And,
    Or,
    Star,
    Number(f64),
    /// A string literal, unescaped.
    String(String),
    /// A name: context, function or property.
    Identifier,
    True,
    False,
    Null,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Characters that end a number or a name.
fn is_boundary(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '(' | '[' | ')' | ']' | ',' | '.' | '!' | '>' | '<' | '=' | '&' | '|'
        ) || c.is_ascii_whitespace()
            || c == '\u{0b}';
    }
    is_js_whitespace(c)
}

fn is_legal_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

struct Lexer<'a> {
    src: &'a str,
    offset: usize,
    start: usize,
    tokens: Vec<Token>,
}

/// Split `src` into tokens, or report the first bad symbol.
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    if src.encode_utf16().count() > MAX_EXPRESSION_LENGTH {
        return Err(ExprError {
            kind: ErrorKind::Parsing,
            message: format!("Exceeded max expression length {MAX_EXPRESSION_LENGTH}"),
            start: 0,
            end: src.len(),
        });
    }
    let mut lexer = Lexer {
        src,
        offset: 0,
        start: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), ExprError> {
        while let Some(c) = self.peek() {
            self.start = self.offset;
            self.bump();
            match c {
                '(' => self.push(TokenKind::LeftParen),
                ')' => self.push(TokenKind::RightParen),
                '[' => self.push(TokenKind::LeftBracket),
                ']' => self.push(TokenKind::RightBracket),
                ',' => self.push(TokenKind::Comma),
                '*' => self.push(TokenKind::Star),
                '.' => {
                    if matches!(
                        self.tokens.last().map(|t| &t.kind),
                        Some(
                            TokenKind::Identifier
                                | TokenKind::RightBracket
                                | TokenKind::RightParen
                                | TokenKind::Star
                        )
                    ) {
                        self.push(TokenKind::Dot);
                    } else {
                        self.number()?;
                    }
                }
                '-' | '+' => self.number()?,
                '!' => {
                    let kind = if self.eat('=') {
                        TokenKind::BangEqual
                    } else {
                        TokenKind::Bang
                    };
                    self.push(kind);
                }
                '<' => {
                    let kind = if self.eat('=') {
                        TokenKind::LessEqual
                    } else {
                        TokenKind::Less
                    };
                    self.push(kind);
                }
                '>' => {
                    let kind = if self.eat('=') {
                        TokenKind::GreaterEqual
                    } else {
                        TokenKind::Greater
                    };
                    self.push(kind);
                }
                '=' | '&' | '|' => {
                    if self.eat(c) {
                        self.push(match c {
                            '=' => TokenKind::EqualEqual,
                            '&' => TokenKind::And,
                            _ => TokenKind::Or,
                        });
                    } else {
                        // A lone `=`, `&` or `|`: report it with what follows it.
                        self.identifier()?;
                    }
                }
                '\'' => self.string()?,
                c if is_js_whitespace(c) => {}
                c if c.is_ascii_digit() => self.number()?,
                _ => self.identifier()?,
            }
        }
        Ok(())
    }

    fn peek(&self) -> Option<char> {
        match self.src.as_bytes().get(self.offset) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => self.src.get(self.offset..)?.chars().next(),
            None => None,
        }
    }

    fn peek_second(&self) -> Option<char> {
        let mut chars = self.src.get(self.offset..)?.chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.offset = self.offset.saturating_add(c.len_utf8());
        }
    }

    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn lexeme(&self) -> &str {
        self.src.get(self.start..self.offset).unwrap_or("")
    }

    fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.offset,
        }
    }

    fn push(&mut self, kind: TokenKind) {
        let span = self.span();
        self.tokens.push(Token { kind, span });
    }

    fn unexpected(&self) -> ExprError {
        error_at(
            ErrorKind::Lexing,
            "Unexpected symbol",
            self.lexeme(),
            self.span(),
            self.src,
        )
    }

    fn number(&mut self) -> Result<(), ExprError> {
        while let Some(c) = self.peek() {
            if is_boundary(c) && c != '.' {
                break;
            }
            self.bump();
        }
        let value = number::parse(self.lexeme());
        if value.is_nan() {
            return Err(self.unexpected());
        }
        self.push(TokenKind::Number(value));
        Ok(())
    }

    fn string(&mut self) -> Result<(), ExprError> {
        let mut value = String::new();
        loop {
            match self.peek() {
                None => {
                    // Unterminated: the bad symbol is the rest of the expression.
                    return Err(self.unexpected());
                }
                Some('\'') if self.peek_second() == Some('\'') => {
                    value.push('\'');
                    self.bump();
                    self.bump();
                }
                Some('\'') => {
                    self.bump();
                    break;
                }
                Some(c) => {
                    value.push(c);
                    self.bump();
                }
            }
        }
        self.push(TokenKind::String(value));
        Ok(())
    }

    fn identifier(&mut self) -> Result<(), ExprError> {
        while let Some(c) = self.peek() {
            if is_boundary(c) {
                break;
            }
            self.bump();
        }
        let lexeme = self.lexeme();
        let after_dot = matches!(self.tokens.last().map(|t| &t.kind), Some(TokenKind::Dot));
        let kind = match lexeme {
            _ if after_dot => TokenKind::Identifier,
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            "null" => TokenKind::Null,
            "NaN" => TokenKind::Number(f64::NAN),
            "Infinity" => TokenKind::Number(f64::INFINITY),
            _ => TokenKind::Identifier,
        };
        if !is_legal_identifier(lexeme) {
            return Err(self.unexpected());
        }
        self.push(kind);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        lex(src).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn dot_is_access_after_names_and_closers_number_elsewhere() {
        use TokenKind::*;
        assert_eq!(kinds("a.b"), [Identifier, Dot, Identifier]);
        assert_eq!(kinds("a.*.b"), [Identifier, Dot, Star, Dot, Identifier]);
        assert_eq!(
            kinds("f().x"),
            [Identifier, LeftParen, RightParen, Dot, Identifier]
        );
        assert_eq!(kinds("!.5"), [Bang, Number(0.5)]);
        assert_eq!(kinds("a.true"), [Identifier, Dot, Identifier]);
    }

    #[test]
    fn strings_unescape_every_doubled_quote() {
        assert_eq!(kinds("'a''b''c'"), [TokenKind::String("a'b'c".to_owned())]);
    }

    #[test]
    fn bad_symbols_run_to_a_boundary() {
        let err = lex("1 =2 =3").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Lexing);
        assert!(
            err.message
                .starts_with("Unexpected symbol: '=2'. Located at position 3")
        );
        assert_eq!((err.start, err.end), (2, 4));
        let err = lex("1-2").unwrap_err();
        assert!(err.message.starts_with("Unexpected symbol: '1-2'"));
    }

    #[test]
    fn positions_count_utf16_units() {
        let err = lex("'é😊' @").unwrap_err();
        assert!(
            err.message.contains("Located at position 7 within"),
            "{}",
            err.message
        );
    }

    #[test]
    fn length_is_bounded() {
        let long = "1".repeat(MAX_EXPRESSION_LENGTH + 1);
        assert_eq!(
            lex(&long).unwrap_err().message,
            "Exceeded max expression length 21000"
        );
    }
}
