//! GitHub Actions expressions: lexer, parser, evaluator and static analysis.
//!
//! The reference is actions/languageservices' `expressions` package (which GitHub's
//! runner agrees with on every shared conformance case): literals (`null`, booleans,
//! numbers with hex/octal/exponents/`Infinity`/`NaN`, single-quoted strings), property
//! access, index, wildcards, `! < <= > >= == != && ||` with GitHub's precedence and
//! loose coercions, case-insensitive names and string comparisons, and the functions.
//!
//! ```
//! use devplat_core::expr::github::{self, Contexts, Evaluator, ParseOptions, Value};
//!
//! let expr = github::parse("contains(github.event.pull_request.labels.*.name, 'bug')",
//!     &ParseOptions::default()).unwrap();
//! let event = serde_json::json!({"event": {"pull_request": {"labels": [{"name": "BUG"}]}}});
//! let mut contexts = Contexts::new();
//! contexts.insert("github", Value::from_json(&event).unwrap());
//! let value = Evaluator::new(&contexts).evaluate(&expr).unwrap();
//! assert!(value.is_truthy());
//! ```
//!
//! Inside: `lexer` and `parser` (text → [`Expr`], [`parse`]), `eval` ([`Evaluator`]),
//! `value` ([`Value`]), `compare`, `fold` and [`number`] (GitHub's coercions, case
//! folding, JavaScript number semantics), `format` and `json` (the string functions),
//! `template_eval` ([`evaluate_template`]) and [`analysis`] (what an expression reads and
//! calls, inferred types, decided comparisons). The user documentation is
//! `docs/expressions.md`.

pub mod analysis;
mod ast;
mod compare;
mod eval;
mod fold;
mod format;
mod functions;
mod json;
mod lexer;
pub mod number;
mod parser;
mod template_eval;
mod value;

pub use ast::{BinaryOp, Expr, ExprKind, LogicalOp, Span};
pub use compare::{equals, greater, greater_or_equal, less, less_or_equal};
pub use eval::{Contexts, DEFAULT_MAX_MEMORY, Evaluator, Host, JobStatus};
pub use functions::{Function, MAX_ARGUMENTS};
pub use lexer::MAX_EXPRESSION_LENGTH;
pub use parser::{MAX_DEPTH, NamedValues, ParseOptions, WORKFLOW_CONTEXTS, parse};
pub use template_eval::evaluate_template;
pub use value::{Array, MAX_VALUE_DEPTH, Object, TooDeep, Value};

use super::{ErrorKind, ExprError, Kind};

/// An error with GitHub's wording: `{description}: '{symbol}'. Located at position {n}
/// within expression: {src}`, where `n` counts UTF-16 code units from 1.
pub(crate) fn error_at(
    kind: ErrorKind,
    description: &str,
    symbol: &str,
    span: Span,
    src: &str,
) -> ExprError {
    let position = src
        .get(..span.start)
        .map_or(0, |before| before.encode_utf16().count())
        .saturating_add(1);
    ExprError {
        kind,
        message: format!(
            "{description}: '{symbol}'. Located at position {position} within expression: {src}"
        ),
        start: span.start,
        end: span.end,
    }
}

/// Parse and evaluate `expression` (without `${{ }}`) against `contexts` (context name →
/// value; these names, and only these, may be referenced), with every function allowed,
/// status `success` and no file access; describe the result as `(kind, JSON value)`, the
/// shape `devplat expr eval` prints (see [`Value::to_json`]).
pub fn eval_to_json(
    expression: &str,
    contexts: &serde_json::Map<String, serde_json::Value>,
) -> Result<(Kind, serde_json::Value), ExprError> {
    eval_to_json_with_status(expression, contexts, JobStatus::Success)
}

/// [`eval_to_json`] with the job status seen by `success()`, `failure()` and
/// `cancelled()`.
pub fn eval_to_json_with_status(
    expression: &str,
    contexts: &serde_json::Map<String, serde_json::Value>,
    status: JobStatus,
) -> Result<(Kind, serde_json::Value), ExprError> {
    let values = Contexts::from_json(contexts).map_err(|e| ExprError {
        kind: ErrorKind::Evaluation,
        message: format!("contexts: {e}"),
        start: 0,
        end: 0,
    })?;
    let names: Vec<&str> = contexts.keys().map(String::as_str).collect();
    let options = ParseOptions {
        contexts: NamedValues::Only(&names),
        functions: &Function::ALL,
    };
    let expr = parse(expression, &options)?;
    let value = Evaluator::new(&values)
        .with_status(status)
        .evaluate(&expr)?;
    Ok((value.kind(), value.to_json()))
}
