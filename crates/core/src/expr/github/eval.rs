//! Evaluation of a parsed expression against contexts.
//!
//! `&&` and `||` short-circuit and return an operand (not a boolean); `case` evaluates
//! only what it selects. The job status (for `success()` and friends) and `hashFiles`
//! come from the caller. Memory is accounted like GitHub's runner: the results held at
//! once may not exceed [`DEFAULT_MAX_MEMORY`] bytes (strings count two bytes per UTF-16
//! code unit plus 26, other values 24, a wildcard result 8 more per element).

use std::borrow::Cow;

use super::ast::{BinaryOp, Expr, ExprKind, LogicalOp, Span};
use super::value::{Array, Value};
use super::{Function, compare, format, json};
use crate::expr::{ErrorKind, ExprError};

/// GitHub's memory budget for one evaluation (1 MiB).
pub const DEFAULT_MAX_MEMORY: usize = 1_048_576;

/// The status of the job (or composite action) so far, for `success()`,
/// `failure()`, `cancelled()` and `always()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum JobStatus {
    #[default]
    Success,
    Failure,
    Cancelled,
}

/// What only the host can do.
pub trait Host {
    /// `hashFiles(patterns…)`: the hash of the files matching `patterns` (relative to
    /// the workspace), `''` when none match; `Err(message)` on failure.
    fn hash_files(&self, patterns: &[String]) -> Result<String, String>;
}

/// The contexts an expression reads (`github`, `matrix`, …), with case-insensitive names.
#[derive(Clone, Debug, Default)]
pub struct Contexts {
    entries: Vec<(String, Value)>,
}

impl Contexts {
    pub fn new() -> Self {
        Contexts::default()
    }

    /// Set context `name` (replacing one of the same name, ignoring case).
    pub fn insert(&mut self, name: impl Into<String>, value: Value) {
        let name = name.into();
        match self
            .entries
            .iter_mut()
            .find(|(n, _)| super::fold::eq(n, &name))
        {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// Contexts from a JSON object of context name → value. Of two names that differ
    /// only in case, the first is kept (as in GitHub's dictionaries).
    pub fn from_json(
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Contexts, super::TooDeep> {
        let mut contexts = Contexts::new();
        for (name, value) in map {
            if contexts.get(name).is_none() {
                contexts.insert(name.as_str(), Value::from_json(value)?);
            }
        }
        Ok(contexts)
    }

    /// The value of context `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(n, _)| super::fold::eq(n, name))
            .map(|(_, v)| v)
    }

    /// The context names, as inserted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }
}

/// Evaluates expressions against one set of contexts.
#[derive(Clone, Copy)]
pub struct Evaluator<'a> {
    contexts: &'a Contexts,
    status: JobStatus,
    host: Option<&'a dyn Host>,
    max_memory: usize,
}

impl std::fmt::Debug for Evaluator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evaluator")
            .field("contexts", self.contexts)
            .field("status", &self.status)
            .field("host", &self.host.is_some())
            .field("max_memory", &self.max_memory)
            .finish()
    }
}

impl<'a> Evaluator<'a> {
    /// An evaluator with status `success`, no host (so `hashFiles` fails) and GitHub's
    /// memory budget.
    pub fn new(contexts: &'a Contexts) -> Self {
        Evaluator {
            contexts,
            status: JobStatus::Success,
            host: None,
            max_memory: DEFAULT_MAX_MEMORY,
        }
    }

    pub fn with_status(mut self, status: JobStatus) -> Self {
        self.status = status;
        self
    }

    pub fn with_host(mut self, host: &'a dyn Host) -> Self {
        self.host = Some(host);
        self
    }

    pub fn with_max_memory(mut self, bytes: usize) -> Self {
        self.max_memory = bytes;
        self
    }

    /// The value of `expr`, or an evaluation error positioned at the failing node.
    pub fn evaluate(&self, expr: &Expr) -> Result<Value, ExprError> {
        let mut run = Run {
            ev: *self,
            memory: Memory::new(self.max_memory),
        };
        run.eval(expr, 0)
    }
}

/// The results held at each depth of the tree (GitHub's `EvaluationMemory`).
struct Memory {
    max: usize,
    depths: Vec<usize>,
    total: usize,
}

impl Memory {
    fn new(max: usize) -> Self {
        Memory {
            max,
            depths: Vec::new(),
            total: 0,
        }
    }

    /// A node at `depth` finished with a result of `bytes`: its children's results are
    /// released, its own is held until its parent finishes.
    fn add(&mut self, depth: usize, bytes: usize) -> bool {
        while self.depths.len() > depth.saturating_add(1) {
            let released = self.depths.pop().unwrap_or(0);
            self.total = self.total.saturating_sub(released);
        }
        while self.depths.len() <= depth {
            self.depths.push(0);
        }
        if let Some(slot) = self.depths.get_mut(depth) {
            *slot = slot.saturating_add(bytes);
        }
        self.total = self.total.saturating_add(bytes);
        self.total <= self.max
    }
}

const OBJECT_BYTES: usize = 24;
const STRING_BYTES: usize = 26;
const POINTER_BYTES: usize = 8;

fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

fn string_bytes(s: &str) -> usize {
    utf16_len(s).saturating_mul(2).saturating_add(STRING_BYTES)
}

struct Run<'a> {
    ev: Evaluator<'a>,
    memory: Memory,
}

fn error(message: impl Into<String>, span: Span) -> ExprError {
    ExprError {
        kind: ErrorKind::Evaluation,
        message: message.into(),
        start: span.start,
        end: span.end,
    }
}

fn memory_error(limit: usize, span: Span) -> ExprError {
    error(
        format!(
            "The maximum allowed memory size was exceeded while evaluating the expression (limit {limit} bytes)"
        ),
        span,
    )
}

/// How a property or index access selects.
enum Key<'a> {
    Star,
    /// A primitive index: as an object key, and as an array index when it is a finite
    /// number ≥ 0 (floored).
    Value {
        name: Option<Cow<'a, str>>,
        position: Option<usize>,
    },
}

impl<'a> Key<'a> {
    fn of(index: &'a Value) -> Key<'a> {
        let name = index.is_primitive().then(|| index.to_display_string());
        let n = index.to_number();
        let position = (n.is_finite() && n >= 0.0).then(|| {
            // Saturating float → integer conversion; indexes past `usize::MAX` miss anyway.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let i = n.floor() as usize;
            i
        });
        Key::Value { name, position }
    }

    /// `.name`: a property name is never a number (`Infinity` and `NaN` are not finite
    /// indexes), so it only selects object keys.
    fn name(name: &'a str) -> Key<'a> {
        Key::Value {
            name: Some(Cow::Borrowed(name)),
            position: None,
        }
    }
}

/// `target[key]`.
fn access(target: &Value, key: &Key<'_>) -> Value {
    match (target, key) {
        (Value::Array(a), _) if a.is_filtered() => {
            let mut out = Vec::new();
            for item in a.items() {
                match (item, key) {
                    (Value::Object(o), Key::Star) => out.extend(o.values().cloned()),
                    (Value::Object(o), Key::Value { name: Some(n), .. }) => {
                        out.extend(o.get(n).cloned());
                    }
                    (Value::Array(inner), Key::Star) => out.extend(inner.items().iter().cloned()),
                    (
                        Value::Array(inner),
                        Key::Value {
                            position: Some(i), ..
                        },
                    ) => out.extend(inner.get(*i).cloned()),
                    _ => {}
                }
            }
            Value::Array(Array::filtered(out))
        }
        (Value::Array(a), Key::Star) => Value::Array(Array::filtered(a.items().to_vec())),
        (
            Value::Array(a),
            Key::Value {
                position: Some(i), ..
            },
        ) => a.get(*i).cloned().unwrap_or(Value::Null),
        (Value::Object(o), Key::Star) => {
            Value::Array(Array::filtered(o.values().cloned().collect()))
        }
        (Value::Object(o), Key::Value { name: Some(n), .. }) => {
            o.get(n).cloned().unwrap_or(Value::Null)
        }
        (_, Key::Star) => Value::Array(Array::filtered(Vec::new())),
        _ => Value::Null,
    }
}

impl Run<'_> {
    fn eval(&mut self, expr: &Expr, depth: usize) -> Result<Value, ExprError> {
        let value = self.eval_node(expr, depth)?;
        let bytes = match (&expr.kind, &value) {
            (ExprKind::String(_) | ExprKind::Call { .. }, Value::String(s)) => string_bytes(s),
            (_, Value::Array(a)) if a.is_filtered() => {
                OBJECT_BYTES.saturating_add(a.len().saturating_mul(POINTER_BYTES))
            }
            _ => OBJECT_BYTES,
        };
        if !self.memory.add(depth, bytes) {
            return Err(memory_error(self.memory.max, expr.span));
        }
        Ok(value)
    }

    fn eval_node(&mut self, expr: &Expr, depth: usize) -> Result<Value, ExprError> {
        let below = depth.saturating_add(1);
        Ok(match &expr.kind {
            ExprKind::Null => Value::Null,
            ExprKind::Boolean(b) => Value::Boolean(*b),
            ExprKind::Number(n) => Value::Number(*n),
            ExprKind::String(s) => Value::string(s.as_str()),
            ExprKind::Context(name) => self.ev.contexts.get(name).cloned().unwrap_or(Value::Null),
            ExprKind::Property { target, name, .. } => {
                let target = self.eval(target, below)?;
                access(&target, &Key::name(name))
            }
            ExprKind::Index { target, index } => {
                let target = self.eval(target, below)?;
                let index = self.eval(index, below)?;
                access(&target, &Key::of(&index))
            }
            ExprKind::Wildcard { target } => {
                let target = self.eval(target, below)?;
                access(&target, &Key::Star)
            }
            ExprKind::Not(operand) => Value::Boolean(!self.eval(operand, below)?.is_truthy()),
            ExprKind::Binary { op, left, right } => {
                let l = self.eval(left, below)?;
                let r = self.eval(right, below)?;
                Value::Boolean(match op {
                    BinaryOp::Equal => compare::equals(&l, &r),
                    BinaryOp::NotEqual => !compare::equals(&l, &r),
                    BinaryOp::Less => compare::less(&l, &r),
                    BinaryOp::LessEqual => compare::less_or_equal(&l, &r),
                    BinaryOp::Greater => compare::greater(&l, &r),
                    BinaryOp::GreaterEqual => compare::greater_or_equal(&l, &r),
                })
            }
            ExprKind::Logical { op, operands } => {
                let mut result = Value::Null;
                for operand in operands {
                    result = self.eval(operand, below)?;
                    let stop = match op {
                        LogicalOp::And => !result.is_truthy(),
                        LogicalOp::Or => result.is_truthy(),
                    };
                    if stop {
                        break;
                    }
                }
                result
            }
            ExprKind::Call { function, args, .. } => {
                self.call(*function, args, below, expr.span)?
            }
        })
    }

    fn eval_args(&mut self, args: &[Expr], depth: usize) -> Result<Vec<Value>, ExprError> {
        args.iter().map(|a| self.eval(a, depth)).collect()
    }

    /// The longest string (in bytes of UTF-8, which bounds its UTF-16 size) a function
    /// may build within the memory budget.
    fn string_limit(&self) -> usize {
        self.memory.max.saturating_sub(STRING_BYTES) / 2
    }

    fn call(
        &mut self,
        function: Function,
        args: &[Expr],
        depth: usize,
        span: Span,
    ) -> Result<Value, ExprError> {
        match function {
            Function::Case => return self.case(args, depth),
            Function::Always => return Ok(Value::Boolean(true)),
            Function::Success => return Ok(Value::Boolean(self.ev.status == JobStatus::Success)),
            Function::Failure => return Ok(Value::Boolean(self.ev.status == JobStatus::Failure)),
            Function::Cancelled => {
                return Ok(Value::Boolean(self.ev.status == JobStatus::Cancelled));
            }
            _ => {}
        }
        let values = self.eval_args(args, depth)?;
        let arg = |i: usize| values.get(i).unwrap_or(&Value::Null);
        Ok(match function {
            Function::Contains => Value::Boolean(contains(arg(0), arg(1))),
            Function::StartsWith => {
                Value::Boolean(both_primitive(arg(0), arg(1), super::fold::starts_with))
            }
            Function::EndsWith => {
                Value::Boolean(both_primitive(arg(0), arg(1), super::fold::ends_with))
            }
            Function::Format => {
                let template = arg(0).to_display_string();
                let strings: Vec<_> = values
                    .iter()
                    .skip(1)
                    .map(Value::to_display_string)
                    .collect();
                let refs: Vec<&str> = strings.iter().map(AsRef::as_ref).collect();
                match format::format(&template, &refs, self.string_limit()) {
                    Ok(s) => Value::string(s),
                    Err(format::FormatError::TooLong) => {
                        return Err(memory_error(self.memory.max, span));
                    }
                    Err(e) => return Err(error(e.message(&template), span)),
                }
            }
            Function::Join => self.join(arg(0), values.get(1), span)?,
            Function::ToJson => match json::stringify(arg(0), self.string_limit()) {
                Ok(s) => Value::string(s),
                Err(json::StringifyError::TooLong) => {
                    return Err(memory_error(self.memory.max, span));
                }
                Err(json::StringifyError::TooDeep) => {
                    return Err(error(
                        format!(
                            "toJSON: the value is nested deeper than {} levels",
                            super::value::MAX_VALUE_DEPTH
                        ),
                        span,
                    ));
                }
            },
            Function::FromJson => {
                let text = arg(0).to_display_string();
                if text.trim().is_empty() {
                    return Err(error(
                        "Error parsing JSON when evaluating fromJson: empty input",
                        span,
                    ));
                }
                json::parse(&text).map_err(|e| {
                    error(
                        format!("Error parsing JSON when evaluating fromJson: {e}"),
                        span,
                    )
                })?
            }
            Function::HashFiles => {
                let patterns: Vec<String> = values
                    .iter()
                    .map(|v| v.to_display_string().into_owned())
                    .collect();
                let Some(host) = self.ev.host else {
                    return Err(error(
                        "hashFiles() is not available here: this evaluation has no access to files",
                        span,
                    ));
                };
                let hash = host.hash_files(&patterns).map_err(|e| {
                    error(
                        format!("hashFiles({}) failed: {e}", patterns.join(", ")),
                        span,
                    )
                })?;
                Value::string(hash)
            }
            Function::Case
            | Function::Always
            | Function::Success
            | Function::Failure
            | Function::Cancelled => Value::Null,
        })
    }

    /// `case(pred1, value1, …, default)`: predicates must be booleans; evaluates only
    /// up to the first true predicate.
    fn case(&mut self, args: &[Expr], depth: usize) -> Result<Value, ExprError> {
        let mut pairs = args.chunks_exact(2);
        for pair in pairs.by_ref() {
            let [predicate, value] = pair else { break };
            match self.eval(predicate, depth)? {
                Value::Boolean(true) => return self.eval(value, depth),
                Value::Boolean(false) => {}
                _ => {
                    return Err(error(
                        "case predicate must evaluate to a boolean value",
                        predicate.span,
                    ));
                }
            }
        }
        match pairs.remainder().first() {
            Some(default) => self.eval(default, depth),
            None => Ok(Value::Null),
        }
    }

    fn join(
        &mut self,
        items: &Value,
        separator: Option<&Value>,
        span: Span,
    ) -> Result<Value, ExprError> {
        let array = match items {
            Value::Array(a) => a,
            Value::Object(_) => return Ok(Value::string("")),
            primitive => return Ok(Value::string(primitive.to_display_string())),
        };
        let separator = match separator {
            Some(s) if s.is_primitive() => s.to_display_string(),
            _ => std::borrow::Cow::Borrowed(","),
        };
        let limit = self.string_limit();
        let mut out = String::new();
        for (i, item) in array.items().iter().enumerate() {
            if i > 0 {
                out.push_str(&separator);
            }
            out.push_str(&item.to_display_string());
            if out.len() > limit {
                return Err(memory_error(self.memory.max, span));
            }
        }
        Ok(Value::string(out))
    }
}

/// `contains(search, item)`: a substring test (ignoring case) when `search` is a
/// primitive, membership (loose equality) when it is an array.
fn contains(search: &Value, item: &Value) -> bool {
    match search {
        Value::Array(a) => a.items().iter().any(|v| compare::equals(item, v)),
        Value::Object(_) => false,
        s => {
            item.is_primitive()
                && super::fold::contains(&s.to_display_string(), &item.to_display_string())
        }
    }
}

fn both_primitive(a: &Value, b: &Value, test: fn(&str, &str) -> bool) -> bool {
    a.is_primitive() && b.is_primitive() && test(&a.to_display_string(), &b.to_display_string())
}

#[cfg(test)]
#[allow(clippy::string_slice)] // tests slice known ASCII ranges
mod tests {
    use super::*;
    use crate::expr::github::{NamedValues, ParseOptions, parse};

    fn eval_with(src: &str, contexts: &Contexts, status: JobStatus) -> Result<Value, ExprError> {
        let names: Vec<&str> = contexts.names().collect();
        let expr = parse(
            src,
            &ParseOptions {
                contexts: NamedValues::Only(&names),
                functions: &Function::ALL,
            },
        )?;
        Evaluator::new(contexts).with_status(status).evaluate(&expr)
    }

    #[test]
    fn status_functions_follow_the_caller() {
        let c = Contexts::new();
        let t = |src, status| eval_with(src, &c, status).unwrap().is_truthy();
        assert!(t("success()", JobStatus::Success));
        assert!(!t("success()", JobStatus::Failure));
        assert!(t("failure()", JobStatus::Failure));
        assert!(t("cancelled()", JobStatus::Cancelled));
        assert!(t("always()", JobStatus::Cancelled));
    }

    struct FakeHost;
    impl Host for FakeHost {
        fn hash_files(&self, patterns: &[String]) -> Result<String, String> {
            if patterns.iter().any(|p| p.is_empty()) {
                return Err("empty pattern".to_owned());
            }
            Ok(format!("hash:{}", patterns.join("|")))
        }
    }

    #[test]
    fn hash_files_asks_the_host() {
        let c = Contexts::new();
        let expr = parse("hashFiles('**/Cargo.lock', 1)", &ParseOptions::default()).unwrap();
        let v = Evaluator::new(&c)
            .with_host(&FakeHost)
            .evaluate(&expr)
            .unwrap();
        assert!(matches!(v, Value::String(s) if &*s == "hash:**/Cargo.lock|1"));
        let e = Evaluator::new(&c).evaluate(&expr).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Evaluation);
        let expr = parse("hashFiles('')", &ParseOptions::default()).unwrap();
        let e = Evaluator::new(&c)
            .with_host(&FakeHost)
            .evaluate(&expr)
            .unwrap_err();
        assert!(e.message.contains("empty pattern"));
    }

    #[test]
    fn case_is_lazy() {
        let c = Contexts::new();
        let v = eval_with(
            "case(true, 'a', fromJSON('not json'))",
            &c,
            JobStatus::Success,
        )
        .unwrap();
        assert!(matches!(v, Value::String(s) if &*s == "a"));
    }

    #[test]
    fn evaluation_errors_point_at_the_call() {
        let c = Contexts::new();
        let src = "1 == 1 && format('{0')";
        let e = eval_with(src, &c, JobStatus::Success).unwrap_err();
        assert_eq!(&src[e.start..e.end], "format('{0')");
    }

    #[test]
    fn memory_is_bounded() {
        let c = Contexts::new();
        let src = format!(
            "format('{}', format('{}', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'))",
            "{0}".repeat(100),
            "{0}".repeat(100)
        );
        let e = eval_with(&src, &c, JobStatus::Success).unwrap_err();
        assert!(
            e.message
                .starts_with("The maximum allowed memory size was exceeded")
        );
    }
}
