//! Static analysis for validators: what an expression references and calls, and what is
//! wrong with it for a mode, without evaluating it.
//!
//! Every finding has a stable code (see [`FindingCode`]) and a byte range inside the
//! expression; its message is Azure's own text.

use std::ops::Range;

use serde::Serialize;

use super::ast::{Accessor, Expr, Literal, Node};
use super::errors;
use super::functions::{Availability, FunctionDef, Mode};
use super::parser::parse;
use crate::expr::{ErrorKind, ExprError};

/// The kinds of findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingCode {
    /// The expression does not parse (unexpected symbol, unclosed function or indexer,
    /// too deep, too long).
    ExprSyntax,
    /// A known function called with too few or too many arguments.
    ExprArity,
    /// A function no mode knows.
    ExprUnknownFunction,
    /// A named-value that does not exist in this mode.
    ExprUnknownNamedValue,
    /// A function that exists, but not in this mode (`counter` outside a runtime variable
    /// definition, a job status function outside a runtime condition).
    ExprFunctionNotAllowed,
}

impl FindingCode {
    pub const ALL: [FindingCode; 5] = [
        FindingCode::ExprSyntax,
        FindingCode::ExprArity,
        FindingCode::ExprUnknownFunction,
        FindingCode::ExprUnknownNamedValue,
        FindingCode::ExprFunctionNotAllowed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::ExprSyntax => "expr-syntax",
            FindingCode::ExprArity => "expr-arity",
            FindingCode::ExprUnknownFunction => "expr-unknown-function",
            FindingCode::ExprUnknownNamedValue => "expr-unknown-named-value",
            FindingCode::ExprFunctionNotAllowed => "expr-function-not-allowed",
        }
    }

    /// One line: what the finding means.
    pub fn description(self) -> &'static str {
        match self {
            FindingCode::ExprSyntax => {
                "the expression does not parse: unexpected symbol, unclosed function or indexer, missing property name, too deep or too long"
            }
            FindingCode::ExprArity => {
                "a known function is called with too few or too many arguments"
            }
            FindingCode::ExprUnknownFunction => "no mode has a function of that name",
            FindingCode::ExprUnknownNamedValue => {
                "the named-value does not exist in this mode (and the caller did not add it)"
            }
            FindingCode::ExprFunctionNotAllowed => {
                "the function exists, but not in this mode: `counter` outside runtime variable definitions, a job status function outside runtime conditions"
            }
        }
    }
}

/// One problem in an expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    /// Azure's message and the byte range inside the expression.
    pub error: ExprError,
    /// What to do about it, when there is something to say.
    pub help: Option<String>,
}

/// One literal step after a named-value: `.name` or `['name']`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathSegment {
    pub key: String,
    pub span: Range<usize>,
}

/// A use of a named-value, with the literal path that follows it:
/// `parameters.x` → `parameters` + `[x]`; `variables['a.b']` → `variables` + `[a.b]`.
/// The path stops at the first step that is not a literal name (`[*]`, `[variables.i]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub name: String,
    pub name_span: Range<usize>,
    pub path: Vec<PathSegment>,
    /// The named-value and its literal path.
    pub span: Range<usize>,
}

/// A function call.
#[derive(Clone, Debug, Serialize)]
pub struct FunctionCall {
    /// As written.
    pub name: String,
    /// The function's documented spelling, when it is known in some mode.
    pub function: Option<&'static str>,
    pub args: usize,
    pub name_span: Range<usize>,
    pub span: Range<usize>,
}

/// Everything [`analyze`] learns about an expression.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Analysis {
    /// Named-value uses, in text order (empty when the expression does not parse).
    pub references: Vec<Reference>,
    /// Calls, in text order (empty when the expression does not parse).
    pub calls: Vec<FunctionCall>,
    /// Problems, in text order: one syntax finding, or the unresolved names.
    pub findings: Vec<Finding>,
}

/// Analyse `source` for `mode`. `extra_names` are named-values the caller adds (the
/// loop variable of `${{ each }}`, …).
pub fn analyze(source: &str, mode: Mode, extra_names: &[&str]) -> Analysis {
    let expr = match parse(source) {
        Ok(expr) => expr,
        Err(error) => {
            let code = if error.message.starts_with(errors::TOO_FEW_PARAMETERS)
                || error.message.starts_with(errors::TOO_MANY_PARAMETERS)
            {
                FindingCode::ExprArity
            } else {
                FindingCode::ExprSyntax
            };
            return Analysis {
                findings: vec![Finding {
                    code,
                    error,
                    help: None,
                }],
                ..Analysis::default()
            };
        }
    };
    let extra = |name: &str| extra_names.iter().any(|n| n.eq_ignore_ascii_case(name));
    let mut analysis = Analysis {
        findings: resolve(&expr, mode, &extra),
        ..Analysis::default()
    };
    collect(&expr.root, &mut analysis);
    analysis
}

/// The unresolved named-values and functions of a parsed expression for `mode`, in text
/// order. `extra` says whether the caller supplies a named-value the mode lacks.
pub fn resolve(expr: &Expr, mode: Mode, extra: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut resolver = Resolver {
        source: &expr.source,
        mode,
        extra,
        findings: &mut findings,
    };
    resolver.node(&expr.root);
    findings
}

struct Resolver<'r> {
    source: &'r str,
    mode: Mode,
    extra: &'r dyn Fn(&str) -> bool,
    findings: &'r mut Vec<Finding>,
}

impl Resolver<'_> {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Literal { .. } => {}
            Node::NamedValue { name, span } => {
                let known = self
                    .mode
                    .named_values()
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(name))
                    || (self.extra)(name);
                if !known {
                    let help = format!(
                        "named-values in {} expressions: {}",
                        self.mode.as_str(),
                        self.mode.named_values().join(", ")
                    );
                    self.push(
                        FindingCode::ExprUnknownNamedValue,
                        errors::UNRECOGNIZED_NAMED_VALUE,
                        span,
                        Some(help),
                    );
                }
            }
            Node::Call {
                def,
                args,
                name_span,
                ..
            } => {
                match def {
                    None => self.push(
                        FindingCode::ExprUnknownFunction,
                        errors::UNRECOGNIZED_FUNCTION,
                        name_span,
                        None,
                    ),
                    Some(def) if !self.mode.allows(def.availability) => self.push(
                        FindingCode::ExprFunctionNotAllowed,
                        errors::UNRECOGNIZED_FUNCTION,
                        name_span,
                        Some(not_allowed_help(def, self.mode)),
                    ),
                    Some(_) => {}
                }
                for arg in args {
                    self.node(arg);
                }
            }
            Node::Access { base, path, .. } => {
                self.node(base);
                for accessor in path {
                    if let Accessor::Index { index, .. } = accessor {
                        self.node(index);
                    }
                }
            }
        }
    }

    fn push(
        &mut self,
        code: FindingCode,
        description: &str,
        span: &Range<usize>,
        help: Option<String>,
    ) {
        self.findings.push(Finding {
            code,
            error: errors::located(ErrorKind::Parsing, description, self.source, span.clone()),
            help,
        });
    }
}

fn not_allowed_help(def: &FunctionDef, mode: Mode) -> String {
    let place = match def.availability {
        Availability::Variable => "runtime variable definitions ($[ ] as a variable's value)",
        Availability::Condition => "runtime conditions (condition:)",
        Availability::Everywhere => "every expression",
    };
    format!(
        "{}() is only available in {place}, not in {} expressions",
        def.name,
        mode.as_str()
    )
}

fn collect(node: &Node, analysis: &mut Analysis) {
    match node {
        Node::Literal { .. } => {}
        Node::NamedValue { name, span } => analysis.references.push(Reference {
            name: name.clone(),
            name_span: span.clone(),
            path: Vec::new(),
            span: span.clone(),
        }),
        Node::Call {
            name,
            def,
            args,
            name_span,
            span,
        } => {
            analysis.calls.push(FunctionCall {
                name: name.clone(),
                function: def.map(|d| d.name),
                args: args.len(),
                name_span: name_span.clone(),
                span: span.clone(),
            });
            for arg in args {
                collect(arg, analysis);
            }
        }
        Node::Access { base, path, .. } => {
            collect(base, analysis);
            // A named-value base pushed exactly one reference: the last one.
            if matches!(base.as_ref(), Node::NamedValue { .. }) {
                let segments = literal_path(path);
                if let Some(reference) = analysis.references.last_mut() {
                    if let Some(last) = segments.last() {
                        reference.span = reference.name_span.start..last.span.end;
                    }
                    reference.path = segments;
                }
            }
            for accessor in path {
                if let Accessor::Index { index, .. } = accessor {
                    collect(index, analysis);
                }
            }
        }
    }
}

/// The leading literal steps of an access path.
fn literal_path(path: &[Accessor]) -> Vec<PathSegment> {
    path.iter()
        .map_while(|accessor| {
            let key = match accessor {
                Accessor::Property { name, .. } => name.clone(),
                Accessor::Index {
                    index:
                        Node::Literal {
                            value: Literal::String(s),
                            ..
                        },
                    ..
                } => s.clone(),
                _ => return None,
            };
            Some(PathSegment {
                key,
                span: accessor.span(),
            })
        })
        .collect()
}
