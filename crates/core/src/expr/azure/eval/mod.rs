//! The evaluator: a parsed [`Expr`] + contexts + [`EvalOptions`] → a [`Value`].
//!
//! Before evaluating, every named-value and function is resolved for the mode (see
//! [`super::analysis::resolve`]); the first unknown one is the error, in Azure's words.
//! Arguments are evaluated left to right, and only as far as a function needs them
//! (`and`, `or`, `in`, `coalesce` stop early), except `iif`, which evaluates both
//! branches as Azure does.

mod access;
mod collections;
mod compare;
mod format;
mod logic;
mod runtime;
mod strings;

use std::ops::Range;

use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

pub use runtime::{JobStatus, Outcome};

use super::analysis;
use super::ast::{Expr, Literal, Node};
use super::convert::{self, CastError};
use super::errors::{self, MAX_MEMORY};
use super::functions::{Builtin, Mode};
use super::text;
use super::value::{Text, Value};
use crate::expr::{ErrorKind, ExprError};

/// What the caller knows about the run, beyond the contexts.
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    /// Where the expression is evaluated.
    pub mode: Mode,
    /// For the job status functions (runtime conditions).
    pub status: JobStatus,
    /// For `counter(prefix, seed)`: the value each prefix's counter returned on the
    /// previous run. A prefix not listed starts at the seed.
    pub counters: IndexMap<String, i64>,
}

/// Evaluate a parsed expression. `contexts` maps named-values (`parameters`,
/// `variables`, loop variables…) to their JSON values; a named-value the mode knows but
/// `contexts` lacks is null.
pub fn evaluate<'a>(
    expr: &'a Expr,
    contexts: &'a Map<String, Json>,
    options: &'a EvalOptions,
) -> Result<Value<'a>, ExprError> {
    let extra = |name: &str| lookup_key(contexts, name).is_some();
    if let Some(finding) = analysis::resolve(expr, options.mode, &extra)
        .into_iter()
        .next()
    {
        return Err(finding.error);
    }
    let evaluator = Evaluator {
        source: &expr.source,
        contexts,
        options,
    };
    evaluator.eval(&expr.root)
}

/// The value of `key` in `map`: an exact match, else the first that matches ignoring case
/// (Azure looks names up case-insensitively).
pub(crate) fn lookup_key<'a>(map: &'a Map<String, Json>, key: &str) -> Option<&'a Json> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| text::eq_ignore_case(k, key))
            .map(|(_, v)| v)
    })
}

pub(crate) struct Evaluator<'a> {
    source: &'a str,
    contexts: &'a Map<String, Json>,
    options: &'a EvalOptions,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn eval(&self, node: &'a Node) -> Result<Value<'a>, ExprError> {
        match node {
            Node::Literal { value, .. } => Ok(match value {
                Literal::Null => Value::Null,
                Literal::Boolean(b) => Value::Boolean(*b),
                Literal::Number(d) => Value::Number(*d),
                Literal::String(s) => Value::String(Text::Borrowed(s)),
                Literal::Version(v) => Value::Version(*v),
            }),
            Node::NamedValue { name, .. } => Ok(self.named_value(name)),
            Node::Call {
                def: Some(def),
                args,
                span,
                ..
            } => self.call(def.builtin, args, span),
            Node::Call { name_span, .. } => Err(errors::located(
                ErrorKind::Parsing,
                errors::UNRECOGNIZED_FUNCTION,
                self.source,
                name_span.clone(),
            )),
            Node::Access { base, path, .. } => self.access(base, path),
        }
    }

    fn named_value(&self, name: &str) -> Value<'a> {
        lookup_key(self.contexts, name).map_or(Value::Null, Value::from_json)
    }

    fn call(
        &self,
        builtin: Builtin,
        args: &'a [Node],
        span: &Range<usize>,
    ) -> Result<Value<'a>, ExprError> {
        let call = Call {
            ev: self,
            args,
            span: span.clone(),
        };
        match builtin {
            Builtin::And => logic::and(&call),
            Builtin::Or => logic::or(&call),
            Builtin::Not => logic::not(&call),
            Builtin::Xor => logic::xor(&call),
            Builtin::Iif => logic::iif(&call),
            Builtin::Coalesce => logic::coalesce(&call),
            Builtin::Eq => compare::eq(&call, false),
            Builtin::Ne => compare::eq(&call, true),
            Builtin::Gt => compare::order(&call, |o| o.is_gt()),
            Builtin::Ge => compare::order(&call, |o| o.is_ge()),
            Builtin::Lt => compare::order(&call, |o| o.is_lt()),
            Builtin::Le => compare::order(&call, |o| o.is_le()),
            Builtin::In => compare::is_in(&call, false),
            Builtin::NotIn => compare::is_in(&call, true),
            Builtin::ContainsValue => compare::contains_value(&call),
            Builtin::Contains => strings::test(&call, text::contains_ignore_case),
            Builtin::StartsWith => strings::test(&call, text::starts_with_ignore_case),
            Builtin::EndsWith => strings::test(&call, text::ends_with_ignore_case),
            Builtin::Lower => strings::map(&call, text::lower),
            Builtin::Upper => strings::map(&call, text::upper),
            Builtin::Trim => strings::map(&call, |s| {
                s.trim_matches(text::is_dotnet_whitespace).to_owned()
            }),
            Builtin::Replace => strings::replace(&call),
            Builtin::Substring => strings::substring(&call),
            Builtin::Format => format::format(&call),
            Builtin::Join => collections::join(&call),
            Builtin::Split => collections::split(&call),
            Builtin::Length => collections::length(&call),
            Builtin::ConvertToJson => collections::convert_to_json(&call),
            Builtin::Counter => runtime::counter(&call),
            Builtin::Always => Ok(Value::Boolean(true)),
            Builtin::Canceled => Ok(Value::Boolean(self.options.status.canceled)),
            Builtin::Failed => runtime::failed(&call),
            Builtin::Succeeded => runtime::succeeded(&call),
            Builtin::SucceededOrFailed => runtime::succeeded_or_failed(&call),
        }
    }
}

/// One function call being evaluated: its arguments and helpers shared by the functions.
pub(crate) struct Call<'e, 'a> {
    ev: &'e Evaluator<'a>,
    args: &'a [Node],
    span: Range<usize>,
}

impl<'a> Call<'_, 'a> {
    /// Evaluate argument `i` (the parser checked the arity, so a missing one is null).
    fn arg(&self, i: usize) -> Result<Value<'a>, ExprError> {
        match self.args.get(i) {
            Some(node) => self.ev.eval(node),
            None => Ok(Value::Null),
        }
    }

    fn options(&self) -> &'a EvalOptions {
        self.ev.options
    }

    /// An evaluation error at this call.
    fn error(&self, message: impl Into<String>) -> ExprError {
        errors::plain(ErrorKind::Evaluation, message, self.span.clone())
    }

    fn cast_error(&self, e: &CastError) -> ExprError {
        self.error(e.message())
    }

    /// Argument `i` converted to a string (an error for arrays and objects).
    fn string_arg(&self, i: usize) -> Result<String, ExprError> {
        let v = self.arg(i)?;
        convert::to_string(&v)
            .map(|s| s.into_owned())
            .map_err(|e| self.cast_error(&e))
    }

    /// Fail when a result would exceed the memory budget.
    fn check_size(&self, bytes: usize) -> Result<(), ExprError> {
        if bytes > MAX_MEMORY {
            Err(errors::max_memory(self.ev.source, self.span.clone()))
        } else {
            Ok(())
        }
    }
}
