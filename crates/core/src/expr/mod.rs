//! The `${{ }}` expression languages.
//!
//! - [`github`]: GitHub Actions expressions (lexer, parser, evaluator, static analysis);
//! - [`azure`]: Azure Pipelines template (`${{ }}`) and runtime (`$[ ]`) expressions;
//! - [`template`]: finding every `${{ … }}` in a YAML scalar, with positions.

pub mod azure;
pub mod github;
pub mod template;
