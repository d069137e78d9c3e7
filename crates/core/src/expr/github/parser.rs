//! Parser: tokens → [`Expr`], with GitHub's precedence, names and limits.
//!
//! Precedence, lowest first: `||`, `&&`, `== !=`, `< <= > >=`, `!`, then property
//! access, index, wildcard and calls. `&&` and `||` chains become one n-ary node.
//! Unknown context names and functions are parse errors (`Unrecognized named-value`,
//! `Unrecognized function`), as are calls with the wrong number of arguments.
//!
//! Nesting is bounded twice, both reported as `Exceeded max expression depth 50`:
//! GitHub's parser depth (each sub-expression, `&&`/`||` chain, `!` and property or
//! index access adds one level; actions/languageservices `parser.ts`), and the height
//! of the resulting tree (which also bounds long `==`/`<` chains, like GitHub's runner).
//! Together they keep parsing, evaluation and dropping the tree off deep recursion.

use super::ast::{BinaryOp, Expr, ExprKind, LogicalOp, Span};
use super::lexer::{Token, TokenKind, lex};
use super::{Function, error_at};
use crate::expr::{ErrorKind, ExprError};

/// Deepest nesting GitHub accepts.
pub const MAX_DEPTH: usize = 50;

/// The context names of GitHub workflows.
pub const WORKFLOW_CONTEXTS: [&str; 12] = [
    "github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix",
    "needs", "inputs",
];

/// Which context names (named values) an expression may use.
#[derive(Clone, Copy, Debug)]
pub enum NamedValues<'a> {
    /// Any name.
    Any,
    /// Only these (compared case-insensitively).
    Only(&'a [&'a str]),
}

/// What an expression may refer to.
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions<'a> {
    pub contexts: NamedValues<'a>,
    /// Workflow functions allowed beyond the built-in ones (see [`Function::STATUS`],
    /// [`Function::HashFiles`]).
    pub functions: &'a [Function],
}

impl Default for ParseOptions<'_> {
    /// Everything a workflow may use anywhere: the twelve workflow contexts and every
    /// function.
    fn default() -> Self {
        ParseOptions {
            contexts: NamedValues::Only(&WORKFLOW_CONTEXTS),
            functions: &Function::ALL,
        }
    }
}

impl ParseOptions<'_> {
    fn allows_context(&self, name: &str) -> bool {
        match self.contexts {
            NamedValues::Any => true,
            NamedValues::Only(names) => names.iter().any(|n| super::fold::eq(n, name)),
        }
    }

    fn allows_function(&self, function: Function) -> bool {
        function.is_built_in() || self.functions.contains(&function)
    }
}

/// Parse `src` (the text between `${{` and `}}`). An empty expression is `null`.
pub fn parse(src: &str, options: &ParseOptions<'_>) -> Result<Expr, ExprError> {
    let tokens = lex(src)?;
    let mut parser = Parser {
        src,
        tokens,
        pos: 0,
        depth: 0,
        options,
    };
    if parser.tokens.is_empty() {
        return Ok(Expr {
            kind: ExprKind::Null,
            span: Span::new(0, 0),
            height: 1,
        });
    }
    let expr = parser.expression()?;
    if let Some(token) = parser.peek() {
        return Err(parser.unexpected(token));
    }
    Ok(expr)
}

/// The parser of a `&&`/`||` chain's operands.
type SubParser<'a, 'o> = fn(&mut Parser<'a, 'o>) -> Result<Expr, ExprError>;

struct Parser<'a, 'o> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    options: &'a ParseOptions<'o>,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn check(&self, kind: &TokenKind) -> bool {
        self.peek().is_some_and(|t| &t.kind == kind)
    }

    fn advance(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos = self.pos.saturating_add(1);
        }
        token
    }

    fn eat(&mut self, kind: &TokenKind) -> Option<Token> {
        if self.check(kind) {
            self.advance()
        } else {
            None
        }
    }

    fn lexeme(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    fn error(&self, description: &str, span: Span) -> ExprError {
        error_at(
            ErrorKind::Parsing,
            description,
            self.lexeme(span),
            span,
            self.src,
        )
    }

    fn unexpected(&self, token: &Token) -> ExprError {
        self.error("Unexpected symbol", token.span)
    }

    /// `Unexpected end of expression`, naming the last token.
    fn unexpected_end(&self) -> ExprError {
        let span = self.tokens.last().map(|t| t.span).unwrap_or_default();
        self.error("Unexpected end of expression", span)
    }

    /// The error for a missing `kind` at the current token.
    fn expect(&mut self, kind: &TokenKind) -> Result<Token, ExprError> {
        if let Some(token) = self.eat(kind) {
            return Ok(token);
        }
        Err(match self.peek() {
            Some(token) => self.unexpected(token),
            None => self.unexpected_end(),
        })
    }

    fn too_deep(&self, span: Span) -> ExprError {
        ExprError {
            kind: ErrorKind::Parsing,
            message: format!("Exceeded max expression depth {MAX_DEPTH}"),
            start: span.start,
            end: span.end,
        }
    }

    fn current_span(&self) -> Span {
        self.peek()
            .or(self.tokens.last())
            .map(|t| t.span)
            .unwrap_or_default()
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err(self.too_deep(self.current_span()));
        }
        Ok(())
    }

    fn leave(&mut self, levels: usize) {
        self.depth = self.depth.saturating_sub(levels);
    }

    /// A node over `children`, checking the height of the tree.
    fn node(&self, kind: ExprKind, span: Span) -> Result<Expr, ExprError> {
        let below = match &kind {
            ExprKind::Property { target, .. } | ExprKind::Wildcard { target } => target.height,
            ExprKind::Index { target, index } => target.height.max(index.height),
            ExprKind::Not(operand) => operand.height,
            ExprKind::Binary { left, right, .. } => left.height.max(right.height),
            ExprKind::Logical { operands, .. } => {
                operands.iter().map(|e| e.height).max().unwrap_or(0)
            }
            ExprKind::Call { args, .. } => args.iter().map(|e| e.height).max().unwrap_or(0),
            _ => 0,
        };
        let height = below.saturating_add(1);
        if usize::from(height) > MAX_DEPTH {
            return Err(self.too_deep(span));
        }
        Ok(Expr { kind, span, height })
    }

    fn expression(&mut self) -> Result<Expr, ExprError> {
        self.enter()?;
        let expr = self.logical(LogicalOp::Or);
        self.leave(1);
        expr
    }

    /// `operand (op operand)*` as one n-ary node.
    fn logical(&mut self, op: LogicalOp) -> Result<Expr, ExprError> {
        let (token, operand): (TokenKind, SubParser<'_, '_>) = match op {
            LogicalOp::Or => (TokenKind::Or, |p| p.logical(LogicalOp::And)),
            LogicalOp::And => (TokenKind::And, Self::equality),
        };
        let first = operand(self)?;
        if !self.check(&token) {
            return Ok(first);
        }
        self.enter()?;
        let mut operands = vec![first];
        while self.eat(&token).is_some() {
            operands.push(operand(self)?);
        }
        self.leave(1);
        let span = match (operands.first(), operands.last()) {
            (Some(a), Some(b)) => a.span.cover(b.span),
            _ => Span::default(),
        };
        self.node(ExprKind::Logical { op, operands }, span)
    }

    fn equality(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.comparison()?;
        loop {
            let op = match self.peek().map(|t| &t.kind) {
                Some(TokenKind::EqualEqual) => BinaryOp::Equal,
                Some(TokenKind::BangEqual) => BinaryOp::NotEqual,
                _ => return Ok(left),
            };
            self.advance();
            let right = self.comparison()?;
            left = self.binary(op, left, right)?;
        }
    }

    fn comparison(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek().map(|t| &t.kind) {
                Some(TokenKind::Less) => BinaryOp::Less,
                Some(TokenKind::LessEqual) => BinaryOp::LessEqual,
                Some(TokenKind::Greater) => BinaryOp::Greater,
                Some(TokenKind::GreaterEqual) => BinaryOp::GreaterEqual,
                _ => return Ok(left),
            };
            self.advance();
            let right = self.unary()?;
            left = self.binary(op, left, right)?;
        }
    }

    fn binary(&self, op: BinaryOp, left: Expr, right: Expr) -> Result<Expr, ExprError> {
        let span = left.span.cover(right.span);
        self.node(
            ExprKind::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            },
            span,
        )
    }

    /// `!`* postfix — iterative, so a long run of `!` cannot recurse.
    fn unary(&mut self) -> Result<Expr, ExprError> {
        let mut bangs = Vec::new();
        while let Some(token) = self.eat(&TokenKind::Bang) {
            bangs.push(token.span);
            self.enter()?;
        }
        let mut expr = self.postfix()?;
        self.leave(bangs.len());
        for bang in bangs.into_iter().rev() {
            let span = bang.cover(expr.span);
            expr = self.node(ExprKind::Not(Box::new(expr)), span)?;
        }
        Ok(expr)
    }

    /// A primary followed by `.name`, `.*`, `[index]`, `[*]` (only after a context, a
    /// call or a parenthesized expression).
    fn postfix(&mut self) -> Result<Expr, ExprError> {
        let (mut expr, accessible) = self.call()?;
        if !accessible {
            return Ok(expr);
        }
        let mut levels = 0usize;
        let result = loop {
            if self.eat(&TokenKind::LeftBracket).is_some() {
                let wildcard = self.eat(&TokenKind::Star).is_some();
                let index = if wildcard {
                    None
                } else {
                    match self.expression() {
                        Ok(index) => Some(index),
                        Err(e) => break Err(e),
                    }
                };
                let close = match self.expect(&TokenKind::RightBracket) {
                    Ok(close) => close,
                    Err(e) => break Err(e),
                };
                if let Err(e) = self.enter() {
                    break Err(e);
                }
                levels = levels.saturating_add(1);
                let span = expr.span.cover(close.span);
                let kind = match index {
                    None => ExprKind::Wildcard {
                        target: Box::new(expr),
                    },
                    Some(index) => ExprKind::Index {
                        target: Box::new(expr),
                        index: Box::new(index),
                    },
                };
                expr = match self.node(kind, span) {
                    Ok(e) => e,
                    Err(e) => break Err(e),
                };
            } else if self.eat(&TokenKind::Dot).is_some() {
                if let Err(e) = self.enter() {
                    break Err(e);
                }
                levels = levels.saturating_add(1);
                let kind = match self.advance() {
                    Some(Token {
                        kind: TokenKind::Identifier,
                        span,
                    }) => ExprKind::Property {
                        name: self.lexeme(span).to_owned(),
                        target: Box::new(expr),
                        name_span: span,
                    },
                    Some(Token {
                        kind: TokenKind::Star,
                        span,
                    }) => {
                        let _ = span;
                        ExprKind::Wildcard {
                            target: Box::new(expr),
                        }
                    }
                    Some(token) => break Err(self.unexpected(&token)),
                    None => break Err(self.unexpected_end()),
                };
                let end = self
                    .tokens
                    .get(self.pos.saturating_sub(1))
                    .map_or(0, |t| t.span.end);
                let span = match &kind {
                    ExprKind::Property { target, .. } | ExprKind::Wildcard { target } => {
                        Span::new(target.span.start, end)
                    }
                    _ => Span::default(),
                };
                expr = match self.node(kind, span) {
                    Ok(e) => e,
                    Err(e) => break Err(e),
                };
            } else {
                break Ok(expr);
            }
        };
        self.leave(levels);
        result
    }

    /// A context, a call, or a primary; and whether property access may follow.
    fn call(&mut self) -> Result<(Expr, bool), ExprError> {
        if !self.check(&TokenKind::Identifier) {
            return self.primary();
        }
        let Some(identifier) = self.advance() else {
            return Err(self.unexpected_end());
        };
        let name = self.lexeme(identifier.span).to_owned();
        if self.eat(&TokenKind::LeftParen).is_none() {
            if !self.options.allows_context(&name) {
                return Err(self.error("Unrecognized named-value", identifier.span));
            }
            let expr = self.node(ExprKind::Context(name), identifier.span)?;
            return Ok((expr, true));
        }
        let mut args = Vec::new();
        let close = loop {
            if let Some(close) = self.eat(&TokenKind::RightParen) {
                break close;
            }
            args.push(self.expression()?);
            if !self.check(&TokenKind::RightParen) {
                self.expect(&TokenKind::Comma)?;
                // `f(a,)`: a trailing comma is a missing argument.
                if let Some(token) = self.peek().filter(|t| t.kind == TokenKind::RightParen) {
                    return Err(self.unexpected(token));
                }
            }
        };
        let function = Function::from_name(&name)
            .filter(|f| self.options.allows_function(*f))
            .ok_or_else(|| self.error("Unrecognized function", identifier.span))?;
        if let Some(description) = function.arity_error(args.len()) {
            return Err(self.error(description, identifier.span));
        }
        let span = identifier.span.cover(close.span);
        let expr = self.node(
            ExprKind::Call {
                function,
                name,
                args,
            },
            span,
        )?;
        Ok((expr, true))
    }

    fn primary(&mut self) -> Result<(Expr, bool), ExprError> {
        let Some(token) = self.advance() else {
            return Err(self.unexpected_end());
        };
        let kind = match token.kind {
            TokenKind::Null => ExprKind::Null,
            TokenKind::True => ExprKind::Boolean(true),
            TokenKind::False => ExprKind::Boolean(false),
            TokenKind::Number(n) => ExprKind::Number(n),
            TokenKind::String(s) => ExprKind::String(s),
            TokenKind::LeftParen => {
                let inner = self.expression()?;
                if self.peek().is_none() {
                    return Err(self.unexpected_end());
                }
                self.expect(&TokenKind::RightParen)?;
                return Ok((inner, true));
            }
            _ => return Err(self.unexpected(&token)),
        };
        Ok((self.node(kind, token.span)?, false))
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)] // tests slice known ASCII ranges
mod tests {
    use super::*;

    fn parse_any(src: &str) -> Result<Expr, ExprError> {
        parse(
            src,
            &ParseOptions {
                contexts: NamedValues::Any,
                functions: &Function::ALL,
            },
        )
    }

    fn shape(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Null => "null".into(),
            ExprKind::Boolean(b) => b.to_string(),
            ExprKind::Number(n) => n.to_string(),
            ExprKind::String(s) => format!("'{s}'"),
            ExprKind::Context(n) => n.clone(),
            ExprKind::Property { target, name, .. } => format!("{}.{name}", shape(target)),
            ExprKind::Index { target, index } => format!("{}[{}]", shape(target), shape(index)),
            ExprKind::Wildcard { target } => format!("{}.*", shape(target)),
            ExprKind::Not(o) => format!("!{}", shape(o)),
            ExprKind::Binary { op, left, right } => {
                format!("({} {} {})", shape(left), op.symbol(), shape(right))
            }
            ExprKind::Logical { op, operands } => format!(
                "({})",
                operands
                    .iter()
                    .map(shape)
                    .collect::<Vec<_>>()
                    .join(op.symbol())
            ),
            ExprKind::Call { function, args, .. } => format!(
                "{function}({})",
                args.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    #[test]
    fn precedence() {
        let cases = [
            ("a || b && c == d < e", "(a||(b&&(c == (d < e))))"),
            ("!a.b", "!a.b"),
            ("(!a).b", "!a.b"),
            ("3 < 2 < 1", "((3 < 2) < 1)"),
            ("a[*].b['c']", "a.*.b['c']"),
            ("toJSON(x)[0]", "toJSON(x)[0]"),
        ];
        for (src, want) in cases {
            assert_eq!(shape(&parse_any(src).unwrap()), want, "{src}");
        }
    }

    #[test]
    fn spans_cover_the_node_text() {
        let src = "contains(github.event.labels.*.name, 'bug')";
        let e = parse_any(src).unwrap();
        assert_eq!(e.span, Span::new(0, src.len()));
        let ExprKind::Call { args, .. } = &e.kind else {
            panic!()
        };
        assert_eq!(
            &src[args[0].span.start..args[0].span.end],
            "github.event.labels.*.name"
        );
        assert_eq!(&src[args[1].span.start..args[1].span.end], "'bug'");
    }

    #[test]
    fn unknown_names_and_functions() {
        let opts = ParseOptions {
            contexts: NamedValues::Only(&["github"]),
            functions: &[],
        };
        let e = parse("GitHub.sha && env.X", &opts).unwrap_err();
        assert!(
            e.message
                .starts_with("Unrecognized named-value: 'env'. Located at position 15")
        );
        let e = parse("success()", &opts).unwrap_err();
        assert!(e.message.starts_with("Unrecognized function: 'success'"));
        assert!(parse("success()", &ParseOptions::default()).is_ok());
    }

    #[test]
    fn trailing_comma_is_an_error() {
        let e = parse_any("format('{0}', 1,)").unwrap_err();
        assert!(
            e.message.starts_with("Unexpected symbol: ')'"),
            "{}",
            e.message
        );
    }

    #[test]
    fn literals_take_no_property_access() {
        assert!(parse_any("'abc'[0]").is_err());
        assert!(parse_any("true.x").is_err());
    }

    #[test]
    fn deep_inputs_fail_cleanly() {
        for src in [
            "(".repeat(10_000),
            "!".repeat(10_000),
            format!("a{}", ".b".repeat(10_000)),
            format!("1{}", " == 1".repeat(3_000)),
            format!("{}1{}", "f(".repeat(5_000), ")".repeat(5_000)),
            format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000)),
        ] {
            let e = parse_any(&src).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Parsing, "{}", &src[..20]);
        }
    }
}
