//! Azure Pipelines expressions (being built: see the foundation issue).

use super::{ErrorKind, ExprError, Kind};

/// Evaluate `expression` (without `${{ }}`) against `contexts` (context name → value)
/// and describe the result as `(kind, JSON value)`, the shape `devplat expr eval` prints.
pub fn eval_to_json(
    expression: &str,
    _contexts: &serde_json::Map<String, serde_json::Value>,
) -> Result<(Kind, serde_json::Value), ExprError> {
    Err(ExprError {
        kind: ErrorKind::Evaluation,
        message: "the Azure dialect is not built yet".to_owned(),
        start: 0,
        end: expression.len(),
    })
}
