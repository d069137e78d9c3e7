//! Azure Pipelines expressions: template expressions (`${{ }}`, expanded when the
//! pipeline compiles) and runtime expressions (`$[ ]`, `condition:`). One grammar; the
//! [`Mode`] decides which functions and named-values exist.
//!
//! - [`parse`]: text → [`Expr`] (syntax, and the arity of known functions);
//! - [`evaluate`]: [`Expr`] + contexts + [`EvalOptions`] → [`Value`];
//! - [`directive`]: `if`/`elseif`/`else`/`each`/`insert` inside a `${{ }}` key;
//! - [`analyze`]: references, calls and findings for validators, without evaluating;
//! - [`eval_to_json`]/[`eval_to_json_with`]: what `devplat expr eval --dialect azure`
//!   prints.
//!
//! Values follow Azure's engine: numbers are .NET decimals ([`number`]), versions are
//! .NET `System.Version` ([`Version`]), strings compare ordinally ignoring case, and the
//! right operand of a comparison is converted to the left operand's kind ([`convert`]).
//! The rules, with their sources, are in `docs/expressions-azure.md`.

mod analysis;
mod ast;
mod convert;
mod datetime;
mod directive;
mod errors;
mod eval;
mod functions;
mod lexer;
mod number;
mod parser;
mod text;
mod value;
mod version;

use serde_json::{Map, Value as Json};

pub use analysis::{
    Analysis, Finding, FindingCode, FunctionCall, PathSegment, Reference, analyze, resolve,
};
pub use ast::{Accessor, Expr, Literal, Node};
pub use datetime::DateTime;
pub use directive::{Directive, directive};
pub use errors::{MAX_DEPTH, MAX_LENGTH, MAX_MEMORY};
pub use eval::{EvalOptions, JobStatus, Outcome, evaluate};
pub use functions::{Availability, Builtin, FUNCTIONS, FunctionDef, Mode, lookup};
pub use parser::parse;
pub use value::{Array, Text, Value};
pub use version::Version;

use super::{ExprError, Kind};

/// Evaluate `expression` (without `${{ }}`) as a template expression against `contexts`
/// (context name → value) and describe the result as `(kind, JSON value)`, the shape
/// `devplat expr eval` prints. Versions print as strings (`"1.2.3"`), dates as Azure's
/// string form with kind `String`.
pub fn eval_to_json(
    expression: &str,
    contexts: &Map<String, Json>,
) -> Result<(Kind, Json), ExprError> {
    eval_to_json_with(expression, contexts, &EvalOptions::default())
}

/// [`eval_to_json`] in any mode, with the run state for runtime functions.
pub fn eval_to_json_with(
    expression: &str,
    contexts: &Map<String, Json>,
    options: &EvalOptions,
) -> Result<(Kind, Json), ExprError> {
    let expr = parse(expression)?;
    let value = evaluate(&expr, contexts, options)?;
    Ok((value.kind(), value.to_json()))
}
