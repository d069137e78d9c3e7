//! Static analysis of a parsed expression, for linters.
//!
//! - [`references`]: every context read, with its property path as far as it is static
//!   (`steps.build.outputs.version`, `needs.test.result`, `matrix.os`), and every
//!   function called, each with its position;
//! - [`infer_type`]: the set of kinds an expression may evaluate to, given the types of
//!   the contexts (a [`TypeEnv`] supplied by the caller);
//! - [`comparisons`]: every `==`/`!=`/`<`/… with its operand types and, when it is
//!   decided by the types or constants alone, its outcome (`'abc' == 1` is always false);
//! - [`constant`]: the value of an expression that reads no context and calls no
//!   workflow function.
//!
//! Arity problems and unknown functions never reach here: they are parse errors in
//! GitHub (`Too few parameters supplied`, `Unrecognized function`).

use serde::Serialize;

use super::ast::{BinaryOp, Expr, ExprKind, LogicalOp, Span};
use super::{Contexts, Evaluator, Function, Value, compare};
use crate::expr::Kind;

/// One step of a property path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Key {
    /// `.name` or `['name']`.
    Name(String),
    /// `[0]`: a non-negative integer literal.
    Index(usize),
    /// `.*` or `[*]`.
    Wildcard,
}

/// A step with where it is written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathStep {
    pub key: Key,
    pub span: Span,
}

/// A context read: `steps.build.outputs.version` is context `steps` with the path
/// `build`, `outputs`, `version`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContextRef {
    /// The context name as written (`github`, `Matrix`).
    pub context: String,
    pub context_span: Span,
    /// The static part of the access path.
    pub path: Vec<PathStep>,
    /// From the context name to the end of the static path.
    pub span: Span,
    /// The access goes on with a computed key (`needs[matrix.job].result`): `path`
    /// is only its static prefix.
    pub dynamic: bool,
}

impl ContextRef {
    /// The reference as text, lower-cased context name first:
    /// `steps.build.outputs.version`, `github.event.labels.*.name`, `matrix.include[0]`.
    pub fn path_string(&self) -> String {
        let mut out = self.context.to_ascii_lowercase();
        for step in &self.path {
            match &step.key {
                Key::Name(n) if is_plain_name(n) => {
                    out.push('.');
                    out.push_str(n);
                }
                Key::Name(n) => {
                    out.push_str("['");
                    out.push_str(&n.replace('\'', "''"));
                    out.push_str("']");
                }
                Key::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Key::Wildcard => out.push_str(".*"),
            }
        }
        out
    }

    /// The names of the path, `None` once a step is not a name.
    pub fn names(&self) -> Vec<&str> {
        self.path
            .iter()
            .map_while(|s| match &s.key {
                Key::Name(n) => Some(n.as_str()),
                _ => None,
            })
            .collect()
    }
}

fn is_plain_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A function call.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunctionCall {
    pub function: Function,
    /// The name as written (`tojson`).
    pub name: String,
    pub name_span: Span,
    /// The whole call.
    pub span: Span,
    pub args: usize,
}

/// What an expression reads and calls, in source order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct References {
    pub contexts: Vec<ContextRef>,
    pub functions: Vec<FunctionCall>,
}

/// Every context read and function call in `expr`.
pub fn references(expr: &Expr) -> References {
    let mut refs = References::default();
    collect(expr, &mut refs);
    refs.contexts.sort_by_key(|r| r.span.start);
    refs.functions.sort_by_key(|f| f.span.start);
    refs
}

/// An access chain: the node at its root and the accesses from the root outwards.
fn chain(expr: &Expr) -> (&Expr, Vec<&Expr>) {
    let mut accesses = Vec::new();
    let mut node = expr;
    while let ExprKind::Property { target, .. }
    | ExprKind::Index { target, .. }
    | ExprKind::Wildcard { target } = &node.kind
    {
        accesses.push(node);
        node = target;
    }
    accesses.reverse();
    (node, accesses)
}

/// The context reference of the access chain ending at `expr`, if it starts at a
/// context.
fn context_ref(expr: &Expr) -> Option<ContextRef> {
    let (root, accesses) = chain(expr);
    let ExprKind::Context(name) = &root.kind else {
        return None;
    };
    let mut path = Vec::new();
    let mut span = root.span;
    let mut dynamic = false;
    for access in accesses {
        let key = match &access.kind {
            ExprKind::Property {
                name, name_span, ..
            } => Some((Key::Name(name.clone()), *name_span)),
            ExprKind::Wildcard { target } => {
                Some((Key::Wildcard, Span::new(target.span.end, access.span.end)))
            }
            ExprKind::Index { index, .. } => match &index.kind {
                ExprKind::String(s) => Some((Key::Name(s.clone()), index.span)),
                ExprKind::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 1e15 => {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let i = *n as usize;
                    Some((Key::Index(i), index.span))
                }
                _ => None,
            },
            _ => None,
        };
        let Some((key, key_span)) = key else {
            dynamic = true;
            break;
        };
        path.push(PathStep {
            key,
            span: key_span,
        });
        span = span.cover(access.span);
    }
    Some(ContextRef {
        context: name.clone(),
        context_span: root.span,
        path,
        span,
        dynamic,
    })
}

fn collect(expr: &Expr, refs: &mut References) {
    match &expr.kind {
        ExprKind::Property { .. } | ExprKind::Index { .. } | ExprKind::Wildcard { .. } => {
            let (root, accesses) = chain(expr);
            if let Some(r) = context_ref(expr) {
                refs.contexts.push(r);
            } else {
                collect(root, refs);
            }
            for access in accesses {
                if let ExprKind::Index { index, .. } = &access.kind {
                    collect(index, refs);
                }
            }
        }
        ExprKind::Context(_) => refs.contexts.extend(context_ref(expr)),
        ExprKind::Call {
            function,
            name,
            args,
        } => {
            refs.functions.push(FunctionCall {
                function: *function,
                name: name.clone(),
                name_span: Span::new(expr.span.start, expr.span.start.saturating_add(name.len())),
                span: expr.span,
                args: args.len(),
            });
            for arg in args {
                collect(arg, refs);
            }
        }
        _ => {
            for child in expr.children() {
                collect(child, refs);
            }
        }
    }
}

/// A set of kinds a value may have.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Ty(u8);

impl Ty {
    pub const NEVER: Ty = Ty(0);
    pub const NULL: Ty = Ty(1);
    pub const BOOLEAN: Ty = Ty(2);
    pub const NUMBER: Ty = Ty(4);
    pub const STRING: Ty = Ty(8);
    pub const ARRAY: Ty = Ty(16);
    pub const OBJECT: Ty = Ty(32);
    pub const ANY: Ty = Ty(63);
    /// The kinds that can be falsy.
    const FALSY_CAPABLE: Ty = Ty(1 | 2 | 4 | 8);

    const KINDS: [(Ty, Kind, &'static str); 6] = [
        (Ty::NULL, Kind::Null, "null"),
        (Ty::BOOLEAN, Kind::Boolean, "boolean"),
        (Ty::NUMBER, Kind::Number, "number"),
        (Ty::STRING, Kind::String, "string"),
        (Ty::ARRAY, Kind::Array, "array"),
        (Ty::OBJECT, Kind::Object, "object"),
    ];

    /// The type of one kind.
    pub fn of(kind: Kind) -> Ty {
        Ty::KINDS
            .iter()
            .find(|(_, k, _)| *k == kind)
            .map_or(Ty::ANY, |(t, _, _)| *t)
    }

    pub fn union(self, other: Ty) -> Ty {
        Ty(self.0 | other.0)
    }

    pub fn intersect(self, other: Ty) -> Ty {
        Ty(self.0 & other.0)
    }

    fn minus(self, other: Ty) -> Ty {
        Ty(self.0 & !other.0)
    }

    /// May be a value of `kind`.
    pub fn may_be(self, kind: Kind) -> bool {
        self.0 & Ty::of(kind).0 != 0
    }

    /// Exactly one kind, and that is `kind`.
    pub fn is(self, kind: Kind) -> bool {
        self == Ty::of(kind)
    }

    pub fn is_any(self) -> bool {
        self == Ty::ANY
    }

    /// The kinds in the set.
    pub fn kinds(self) -> impl Iterator<Item = Kind> {
        Ty::KINDS
            .into_iter()
            .filter(move |(t, _, _)| self.0 & t.0 != 0)
            .map(|(_, k, _)| k)
    }
}

impl std::fmt::Display for Ty {
    /// `string`, `string | null`, `any`, `never`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_any() {
            return f.write_str("any");
        }
        if *self == Ty::NEVER {
            return f.write_str("never");
        }
        let names: Vec<&str> = Ty::KINDS
            .iter()
            .filter(|(t, _, _)| self.0 & t.0 != 0)
            .map(|(_, _, n)| *n)
            .collect();
        f.write_str(&names.join(" | "))
    }
}

impl std::fmt::Debug for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ty({self})")
    }
}

impl Serialize for Ty {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The caller's knowledge of context types.
pub trait TypeEnv {
    /// The type of a context read (`reference.dynamic` tells that only a prefix of the
    /// path is known). [`Ty::ANY`] when unknown.
    fn context_type(&self, reference: &ContextRef) -> Ty;
}

/// Knows nothing: every context read is [`Ty::ANY`].
#[derive(Clone, Copy, Debug, Default)]
pub struct UnknownContexts;

impl TypeEnv for UnknownContexts {
    fn context_type(&self, _reference: &ContextRef) -> Ty {
        Ty::ANY
    }
}

/// The kinds `expr` may evaluate to.
pub fn infer_type(expr: &Expr, env: &dyn TypeEnv) -> Ty {
    if let Some(value) = constant(expr) {
        return Ty::of(value.kind());
    }
    match &expr.kind {
        ExprKind::Null => Ty::NULL,
        ExprKind::Boolean(_) => Ty::BOOLEAN,
        ExprKind::Number(_) => Ty::NUMBER,
        ExprKind::String(_) => Ty::STRING,
        ExprKind::Context(_)
        | ExprKind::Property { .. }
        | ExprKind::Index { .. }
        | ExprKind::Wildcard { .. } => {
            let (_, accesses) = chain(expr);
            let filtered = accesses
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Wildcard { .. }));
            if filtered {
                Ty::ARRAY
            } else {
                context_ref(expr).map_or(Ty::ANY, |r| env.context_type(&r))
            }
        }
        ExprKind::Not(_) | ExprKind::Binary { .. } => Ty::BOOLEAN,
        ExprKind::Logical { op, operands } => {
            let mut ty = Ty::NEVER;
            let last = operands.len().saturating_sub(1);
            for (i, operand) in operands.iter().enumerate() {
                let t = infer_type(operand, env);
                ty = ty.union(match op {
                    _ if i == last => t,
                    // `a && b` yields `a` only when it is falsy; `a || b` only when truthy.
                    LogicalOp::And => t.intersect(Ty::FALSY_CAPABLE),
                    LogicalOp::Or => t.minus(Ty::NULL),
                });
            }
            ty
        }
        ExprKind::Call { function, args, .. } => match function {
            Function::Contains
            | Function::StartsWith
            | Function::EndsWith
            | Function::Always
            | Function::Cancelled
            | Function::Failure
            | Function::Success => Ty::BOOLEAN,
            Function::Format | Function::Join | Function::ToJson | Function::HashFiles => {
                Ty::STRING
            }
            Function::FromJson => Ty::ANY,
            Function::Case => args
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == 1 || *i == args.len().saturating_sub(1))
                .fold(Ty::NEVER, |ty, (_, a)| ty.union(infer_type(a, env))),
        },
    }
}

/// A comparison and what is known about it statically.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub op: BinaryOp,
    pub span: Span,
    pub left: Ty,
    pub right: Ty,
    /// The result, when the operand types or constant operands decide it.
    pub outcome: Option<bool>,
}

/// Every comparison in `expr`, in source order.
pub fn comparisons(expr: &Expr, env: &dyn TypeEnv) -> Vec<Comparison> {
    let mut out = Vec::new();
    collect_comparisons(expr, env, &mut out);
    out.sort_by_key(|c| c.span.start);
    out
}

fn collect_comparisons(expr: &Expr, env: &dyn TypeEnv, out: &mut Vec<Comparison>) {
    if let ExprKind::Binary { op, left, right } = &expr.kind {
        let lt = infer_type(left, env);
        let rt = infer_type(right, env);
        let outcome = match (constant(left), constant(right)) {
            (Some(l), Some(r)) => Some(apply(*op, &l, &r)),
            _ => decided_by_types(*op, lt, rt),
        };
        out.push(Comparison {
            op: *op,
            span: expr.span,
            left: lt,
            right: rt,
            outcome,
        });
    }
    for child in expr.children() {
        collect_comparisons(child, env, out);
    }
}

fn apply(op: BinaryOp, l: &Value, r: &Value) -> bool {
    match op {
        BinaryOp::Equal => compare::equals(l, r),
        BinaryOp::NotEqual => !compare::equals(l, r),
        BinaryOp::Less => compare::less(l, r),
        BinaryOp::LessEqual => compare::less_or_equal(l, r),
        BinaryOp::Greater => compare::greater(l, r),
        BinaryOp::GreaterEqual => compare::greater_or_equal(l, r),
    }
}

/// The outcome of `op` for values of kinds `l` and `r`, when the kinds alone decide it.
fn decided_by_kinds(op: BinaryOp, l: Kind, r: Kind) -> Option<bool> {
    let container = |k: Kind| matches!(k, Kind::Array | Kind::Object);
    let unrelated = (container(l) || container(r)) && l != r;
    let both_null = l == Kind::Null && r == Kind::Null;
    let equal = if unrelated {
        Some(false)
    } else if both_null {
        Some(true)
    } else {
        None
    };
    // Arrays, objects and two nulls never order.
    let ordered = if container(l) || container(r) || both_null {
        Some(false)
    } else {
        None
    };
    match op {
        BinaryOp::Equal => equal,
        BinaryOp::NotEqual => equal.map(|e| !e),
        BinaryOp::Less | BinaryOp::Greater => ordered,
        BinaryOp::LessEqual | BinaryOp::GreaterEqual => match (equal, ordered) {
            (Some(true), _) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
    }
}

fn decided_by_types(op: BinaryOp, l: Ty, r: Ty) -> Option<bool> {
    let mut outcome = None;
    for lk in l.kinds() {
        for rk in r.kinds() {
            let o = decided_by_kinds(op, lk, rk)?;
            if outcome.is_some_and(|prev| prev != o) {
                return None;
            }
            outcome = Some(o);
        }
    }
    outcome
}

/// The value of `expr` when it reads no context and calls no workflow function.
pub fn constant(expr: &Expr) -> Option<Value> {
    if !is_closed(expr) {
        return None;
    }
    let contexts = Contexts::new();
    Evaluator::new(&contexts).evaluate(expr).ok()
}

fn is_closed(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Context(_) => false,
        ExprKind::Call { function, .. } if !function.is_built_in() => false,
        _ => expr.children().into_iter().all(is_closed),
    }
}

#[cfg(test)]
#[allow(clippy::string_slice)] // tests slice known ASCII ranges
mod tests {
    use super::*;
    use crate::expr::github::{NamedValues, ParseOptions, parse};

    fn p(src: &str) -> Expr {
        parse(
            src,
            &ParseOptions {
                contexts: NamedValues::Any,
                functions: &Function::ALL,
            },
        )
        .unwrap()
    }

    #[test]
    fn references_with_static_paths_and_positions() {
        let src = "steps.build.outputs.version != '' && needs[matrix.job].result == 'success' && contains(github.event.pull_request.labels.*.name, 'x') && inputs['my-input']";
        let e = p(src);
        let refs = references(&e);
        let paths: Vec<String> = refs.contexts.iter().map(ContextRef::path_string).collect();
        assert_eq!(
            paths,
            [
                "steps.build.outputs.version",
                "needs",
                "matrix.job",
                "github.event.pull_request.labels.*.name",
                "inputs.my-input",
            ]
        );
        let needs = &refs.contexts[1];
        assert!(needs.dynamic);
        let steps = &refs.contexts[0];
        assert_eq!(
            &src[steps.span.start..steps.span.end],
            "steps.build.outputs.version"
        );
        assert_eq!(
            &src[steps.path[0].span.start..steps.path[0].span.end],
            "build"
        );
        let f = &refs.functions[0];
        assert_eq!((f.function, f.args), (Function::Contains, 2));
        assert_eq!(&src[f.name_span.start..f.name_span.end], "contains");
    }

    #[test]
    fn references_inside_non_context_chains() {
        let refs = references(&p("fromJSON(env.X)[inputs.i].name"));
        let paths: Vec<String> = refs.contexts.iter().map(ContextRef::path_string).collect();
        assert_eq!(paths, ["env.X", "inputs.i"]);
    }

    struct Typed;
    impl TypeEnv for Typed {
        fn context_type(&self, r: &ContextRef) -> Ty {
            match r.path_string().as_str() {
                "inputs.count" => Ty::NUMBER,
                "github.event_name" => Ty::STRING,
                "github.event" => Ty::OBJECT,
                _ => Ty::ANY,
            }
        }
    }

    #[test]
    fn types() {
        let t = |src: &str| infer_type(&p(src), &Typed).to_string();
        assert_eq!(t("inputs.count"), "number");
        assert_eq!(t("github.event_name == 'push'"), "boolean");
        assert_eq!(t("format('{0}', 1)"), "string");
        assert_eq!(t("github.event_name || 'default'"), "string");
        assert_eq!(t("inputs.count && 'x'"), "number | string");
        assert_eq!(t("github.event.*"), "array");
        assert_eq!(t("fromJSON('[1]')"), "array");
        assert_eq!(t("fromJSON(github.event_name)"), "any");
        assert_eq!(t("case(inputs.count > 1, 'a', 2)"), "number | string");
        assert_eq!(t("success()"), "boolean");
    }

    #[test]
    fn comparison_outcomes() {
        let c = |src: &str| comparisons(&p(src), &Typed)[0].outcome;
        assert_eq!(c("'abc' == 1"), Some(false));
        assert_eq!(c("'1' == 1"), Some(true));
        assert_eq!(c("github.event == 'push'"), Some(false));
        assert_eq!(c("github.event != 'push'"), Some(true));
        assert_eq!(c("github.event_name == 1"), None);
        assert_eq!(c("github.event > 1"), Some(false));
        assert_eq!(c("inputs.unknown == 1"), None);
    }

    #[test]
    fn constants() {
        assert!(matches!(constant(&p("format('{0}!', 1)")), Some(Value::String(s)) if &*s == "1!"));
        assert!(constant(&p("success()")).is_none());
        assert!(constant(&p("github.x")).is_none());
        assert!(constant(&p("fromJSON('bad')")).is_none());
    }
}
