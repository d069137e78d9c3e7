//! The parser: tokens → [`Expr`], checking syntax and the arity of known functions.
//!
//! Grammar (Azure has no operators; everything is a function):
//!
//! ```text
//! value   := literal | (named-value | call) accessor*
//! call    := function '(' [value (',' value)*] ')'
//! accessor:= '.' property-name | '.' '*' | '[' '*' ']' | '[' value ']'
//! ```
//!
//! As in Azure, names are not resolved here: an unknown function or named-value is an
//! error only where the expression is evaluated or analysed for a mode (so a template
//! branch that is never taken may name a loop variable it does not have), but a syntax
//! error, or a known function with the wrong number of arguments, always is.

use std::ops::Range;

use super::ast::{Accessor, Expr, Literal, Node};
use super::errors::{self, MAX_DEPTH, MAX_LENGTH};
use super::functions;
use super::lexer::{Token, TokenKind, lex};
use super::text::utf16_len;
use crate::expr::{ErrorKind, ExprError};

/// Parse `source` (the text inside `${{ }}`, `$[ ]` or a `condition:`).
pub fn parse(source: &str) -> Result<Expr, ExprError> {
    if utf16_len(source) > MAX_LENGTH {
        return Err(errors::max_length(source.len()));
    }
    let mut parser = Parser {
        source,
        tokens: lex(source),
        next: 0,
        depth: 0,
        open: Vec::new(),
    };
    let root = parser.value()?;
    if let Some(token) = parser.peek() {
        return Err(parser.unexpected(token));
    }
    Ok(Expr {
        root,
        source: source.to_owned(),
    })
}

struct Parser<'s> {
    source: &'s str,
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
    /// The function names and `[` still open, innermost last: for "Unclosed …" errors.
    open: Vec<(bool, Range<usize>)>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.next).cloned();
        if token.is_some() {
            self.next = self.next.saturating_add(1);
        }
        token
    }

    fn unexpected(&self, token: &Token) -> ExprError {
        let kind = if token.kind == TokenKind::Unexpected {
            ErrorKind::Lexing
        } else {
            ErrorKind::Parsing
        };
        errors::located(
            kind,
            errors::UNEXPECTED_SYMBOL,
            self.source,
            token.span.clone(),
        )
    }

    /// The error for the end of the text where more was needed.
    fn unexpected_end(&self) -> ExprError {
        match self.open.last() {
            Some((true, span)) => errors::located(
                ErrorKind::Parsing,
                errors::UNCLOSED_FUNCTION,
                self.source,
                span.clone(),
            ),
            Some((false, span)) => errors::located(
                ErrorKind::Parsing,
                errors::UNCLOSED_INDEXER,
                self.source,
                span.clone(),
            ),
            None => errors::plain(
                ErrorKind::Parsing,
                errors::UNEXPECTED_END,
                self.source.len()..self.source.len(),
            ),
        }
    }

    fn enter(
        &mut self,
        function: bool,
        span: Range<usize>,
        at: Range<usize>,
    ) -> Result<(), ExprError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err(errors::max_depth(at));
        }
        self.open.push((function, span));
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.open.pop();
    }

    fn value(&mut self) -> Result<Node, ExprError> {
        let token = self.bump().ok_or_else(|| self.unexpected_end())?;
        let span = token.span.clone();
        let literal = |value| {
            Ok(Node::Literal {
                value,
                span: span.clone(),
            })
        };
        let base = match token.kind {
            TokenKind::Null => return literal(Literal::Null),
            TokenKind::Boolean(b) => return literal(Literal::Boolean(b)),
            TokenKind::Number(d) => return literal(Literal::Number(d)),
            TokenKind::Version(v) => return literal(Literal::Version(v)),
            TokenKind::String(s) => return literal(Literal::String(s)),
            TokenKind::NamedValue => Node::NamedValue {
                name: self.text(&span),
                span,
            },
            TokenKind::Function => self.call(span)?,
            _ => return Err(self.unexpected(&token)),
        };
        self.accessors(base)
    }

    fn text(&self, span: &Range<usize>) -> String {
        self.source.get(span.clone()).unwrap_or("").to_owned()
    }

    fn call(&mut self, name_span: Range<usize>) -> Result<Node, ExprError> {
        let name = self.text(&name_span);
        let open = self.bump().ok_or_else(|| self.unexpected_end())?;
        if open.kind != TokenKind::StartParameters {
            return Err(self.unexpected(&open));
        }
        self.enter(true, name_span.clone(), open.span)?;
        let mut args = Vec::new();
        let end = if let Some(close) = self.peek().filter(|t| t.kind == TokenKind::EndParameters) {
            let end = close.span.end;
            self.next = self.next.saturating_add(1);
            end
        } else {
            loop {
                args.push(self.value()?);
                let token = self.bump().ok_or_else(|| self.unexpected_end())?;
                match token.kind {
                    TokenKind::Separator => {}
                    TokenKind::EndParameters => break token.span.end,
                    _ => return Err(self.unexpected(&token)),
                }
            }
        };
        self.leave();
        let def = functions::lookup(&name);
        if let Some(def) = def {
            let description = if args.len() < def.min_args {
                Some(errors::TOO_FEW_PARAMETERS)
            } else if args.len() > def.max_args {
                Some(errors::TOO_MANY_PARAMETERS)
            } else {
                None
            };
            if let Some(description) = description {
                return Err(errors::located(
                    ErrorKind::Parsing,
                    description,
                    self.source,
                    name_span,
                ));
            }
        }
        Ok(Node::Call {
            name,
            def,
            args,
            span: name_span.start..end,
            name_span,
        })
    }

    fn accessors(&mut self, base: Node) -> Result<Node, ExprError> {
        let mut path = Vec::new();
        while let Some(token) = self.peek().cloned() {
            match token.kind {
                TokenKind::Dereference => {
                    self.next = self.next.saturating_add(1);
                    let name = self.bump().filter(|t| {
                        matches!(t.kind, TokenKind::PropertyName | TokenKind::Wildcard)
                    });
                    let Some(name) = name else {
                        return Err(errors::located(
                            ErrorKind::Parsing,
                            errors::EXPECTED_PROPERTY_NAME,
                            self.source,
                            token.span,
                        ));
                    };
                    let span = token.span.start..name.span.end;
                    path.push(if name.kind == TokenKind::Wildcard {
                        Accessor::Wildcard { span }
                    } else {
                        Accessor::Property {
                            name: self.text(&name.span),
                            span,
                        }
                    });
                }
                TokenKind::StartIndex => {
                    self.next = self.next.saturating_add(1);
                    self.enter(false, token.span.clone(), token.span.clone())?;
                    let wildcard = self.peek().is_some_and(|t| t.kind == TokenKind::Wildcard);
                    let index = if wildcard {
                        self.next = self.next.saturating_add(1);
                        None
                    } else {
                        Some(self.value()?)
                    };
                    let close = self.bump().ok_or_else(|| self.unexpected_end())?;
                    if close.kind != TokenKind::EndIndex {
                        return Err(self.unexpected(&close));
                    }
                    self.leave();
                    let span = token.span.start..close.span.end;
                    path.push(match index {
                        None => Accessor::Wildcard { span },
                        Some(index) => Accessor::Index { index, span },
                    });
                }
                _ => break,
            }
        }
        let Some(last) = path.last() else {
            return Ok(base);
        };
        let span = base.span().start..last.span().end;
        Ok(Node::Access {
            base: Box::new(base),
            path,
            span,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        parse(s).unwrap_err().message
    }

    #[test]
    fn syntax_errors_name_the_token() {
        assert_eq!(
            err("3 + 4"),
            "Unexpected symbol: '+'. Located at position 3 within expression: 3 + 4"
        );
        assert!(err("eq(1,").starts_with("Unclosed function: 'eq'."));
        assert!(err("a[1").starts_with("Unclosed indexer: '['."));
        assert!(err("a.").starts_with("Expected a property name"));
        assert!(err("eq(1)").starts_with("Too few parameters supplied: 'eq'."));
        assert!(err("not(1, 2)").starts_with("Too many parameters supplied: 'not'."));
        assert_eq!(err(""), "Unexpected end of expression");
        assert!(parse("nothing(1, 2, 3)").is_ok());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}1{}", "not(".repeat(50), ")".repeat(50));
        assert!(parse(&deep).is_ok());
        let deeper = format!("{}1{}", "not(".repeat(51), ")".repeat(51));
        assert_eq!(err(&deeper), "Exceeded max expression depth 50");
        let long = format!("a{}", ".b".repeat(10_000));
        assert!(parse(&long).is_ok());
    }
}
