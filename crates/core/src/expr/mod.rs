//! The `${{ }}` expression languages.
//!
//! - [`github`]: GitHub Actions expressions (lexer, parser, evaluator, static analysis);
//! - [`azure`]: Azure Pipelines template (`${{ }}`) and runtime (`$[ ]`) expressions;
//! - [`template`]: finding every `${{ … }}` in a YAML scalar, with positions.
//!
//! Both dialects report errors as [`ExprError`] and describe values with [`Kind`], so
//! tools (and `devplat expr eval`) treat them alike.

pub mod azure;
pub mod github;
pub mod template;

use serde::Serialize;

/// The kind of an expression value, as printed by `devplat expr eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Kind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
    /// Azure only: a version literal such as `1.2.3`.
    Version,
}

/// Which phase of evaluation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    Lexing,
    Parsing,
    Evaluation,
}

/// An expression error, positioned inside the expression text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExprError {
    pub kind: ErrorKind,
    pub message: String,
    /// Byte range inside the expression text (not the file) where the error is.
    pub start: usize,
    pub end: usize,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Which expression language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Github,
    Azure,
}
