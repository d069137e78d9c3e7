//! `workflow-call-inputs`: a reusable-workflow call whose `with:` misses a required
//! input, passes an undeclared one, or passes a value of the wrong type.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use devplat_core::expr::Kind;
use devplat_core::expr::github::analysis::{self, ContextRef, Key, Ty, TypeEnv};
use devplat_core::expr::github::{self, Function, NamedValues, ParseOptions};

use crate::engine::{Cx, Resolution, WorkflowFile};
use crate::github::contexts;
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{NodeExt, YamlType, has_expression, is_whole_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "workflow-call-inputs",
    summary: "a reusable-workflow call that misses a required input, passes an undeclared input, or passes a value of the wrong type",
    severity: Severity::Error,
    docs: "The caller's `with:` must give every input the callee declares as `required` \
(without a default), may give only declared inputs, and each literal value must fit \
the declared type (`number`: a number, `boolean`: `true`/`false`); a whole `${{ }}` \
value must be able to produce the declared type (its type is inferred from the \
typed contexts, the caller's own inputs, literals and functions). GitHub's own parser \
does not check the types; the run fails later. The finding points at the caller and at \
the callee's declaration.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/workflow-call-inputs/not-ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/deploy.yml",
                include_str!("../../tests/fixtures/workflow-call-inputs/not-ok/.github/workflows/deploy.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/workflow-call-inputs/ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/workflows/deploy.yml",
                include_str!("../../tests/fixtures/workflow-call-inputs/ok/.github/workflows/deploy.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("workflow-call-inputs"),
};

pub struct WorkflowCallInputs;

/// What a whole-value expression may evaluate to, knowing the typed contexts and the
/// caller's own inputs; `None` when it does not parse (expression-syntax reports it).
fn expression_type(text: &str, inputs: &[(String, Ty)]) -> Option<Ty> {
    let t = text.trim();
    let inner = t.strip_prefix("${{")?.strip_suffix("}}")?;
    let opts = ParseOptions {
        contexts: NamedValues::Any,
        functions: &Function::ALL,
    };
    let expr = github::parse(inner, &opts).ok()?;
    Some(analysis::infer_type(&expr, &Env { inputs }))
}

struct Env<'a> {
    inputs: &'a [(String, Ty)],
}

impl TypeEnv for Env<'_> {
    fn context_type(&self, r: &ContextRef) -> Ty {
        if r.dynamic || r.path.len() != 1 {
            return Ty::ANY;
        }
        let Some(Key::Name(name)) = r.path.first().map(|s| &s.key) else {
            return Ty::ANY;
        };
        let lower = name.to_ascii_lowercase();
        match r.context.to_ascii_lowercase().as_str() {
            "inputs" => self.inputs.iter().find(|(n, _)| *n == lower).map_or(Ty::ANY, |(_, t)| *t),
            ctx => match contexts::fixed_properties(ctx).and_then(|p| p.iter().find(|(n, _)| *n == lower)) {
                Some((_, contexts::Ty::String)) if ctx != "github" || !["token", "job", "event"].contains(&lower.as_str()) => Ty::of(Kind::String),
                Some((_, contexts::Ty::Number)) => Ty::of(Kind::Number),
                Some((_, contexts::Ty::Boolean)) => Ty::of(Kind::Boolean),
                _ => Ty::ANY,
            },
        }
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Null => "null",
        Kind::Boolean => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
        Kind::Version => "a version",
    }
}
pub const RULE: WorkflowCallInputs = WorkflowCallInputs;

impl Rule for WorkflowCallInputs {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>, job: &Job<'_>) {
        let Some(uses) = job.uses.and_then(NodeExt::text) else {
            return;
        };
        if has_expression(uses) {
            return;
        }
        let Resolution::Found(callee) = cx.engine.reusable_workflow(file.path, uses) else {
            return;
        };
        if !callee.parsed || callee.call_span.is_none() {
            return;
        }
        let given = job.with.map(NodeExt::entries).unwrap_or_default();
        let names: Vec<&str> = callee.inputs.iter().map(|i| i.name.as_str()).collect();
        let caller_inputs: Vec<(String, Ty)> = file
            .wf
            .declared_inputs()
            .into_iter()
            .map(|(n, def)| {
                let ty = match def.get("type").and_then(NodeExt::text) {
                    Some("boolean") => Ty::of(Kind::Boolean),
                    Some("number") => Ty::of(Kind::Number),
                    Some("string" | "choice" | "environment") | None => Ty::of(Kind::String),
                    Some(_) => Ty::ANY,
                };
                (n.to_ascii_lowercase(), ty)
            })
            .collect();
        for (name, knode, value) in &given {
            let Some(decl) = callee.inputs.iter().find(|i| i.name.eq_ignore_ascii_case(name)) else {
                let mut d = INFO.diag(
                    knode.site(),
                    format!("input \"{name}\" is not declared by \"{uses}\"{}", suggest::did_you_mean(name, names.iter().copied())),
                );
                d = if names.is_empty() {
                    d.with_help("the callee declares no inputs")
                } else {
                    d.with_help(format!("declared inputs: {}", names.join(", ")))
                };
                cx.report(d.with_related(callee.call_span.unwrap_or(callee.on_span), "the callee's `workflow_call`"));
                continue;
            };
            let Some(ty) = decl.ty.as_deref() else {
                continue;
            };
            if value.text().is_some_and(is_whole_expression) {
                if let Some(found) = expression_type(value.text().unwrap_or(""), &caller_inputs) {
                    let wanted = match ty {
                        "number" => Some(Kind::Number),
                        "boolean" => Some(Kind::Boolean),
                        _ => None,
                    };
                    if let Some(w) = wanted
                        && !found.may_be(w) && !found.is_any() {
                            let kinds: Vec<&str> = found.kinds().map(kind_name).collect();
                            cx.report(
                                INFO.diag(
                                    value.site(),
                                    format!("input \"{name}\" of \"{uses}\" is declared as {ty}, but the expression gives {}", kinds.join(" or ")),
                                )
                                .with_related(decl.span, format!("declared as {ty} here")),
                            );
                        }
                }
                continue;
            }
            if value.text().is_some_and(has_expression) && ty == "string" {
                continue;
            }
            let t = value.yaml_type();
            let fits = match ty {
                "number" => t == YamlType::Number,
                "boolean" => t == YamlType::Boolean,
                // Numbers and booleans are accepted for strings (GitHub converts them).
                "string" => t != YamlType::Mapping && t != YamlType::Sequence,
                _ => true,
            };
            if !fits {
                let shown = value.text().map_or_else(|| format!("a {}", t.name()), |v| format!("{} \"{v}\"", t.name()));
                cx.report(
                    INFO.diag(value.site(), format!("input \"{name}\" of \"{uses}\" is declared as {ty}, but is given {shown}"))
                        .with_related(decl.span, format!("declared as {ty} here")),
                );
            }
        }
        for decl in callee.inputs.iter().filter(|i| i.required && !i.has_default) {
            if given.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(&decl.name)) {
                continue;
            }
            let at = job.with.map_or(job.uses.map_or(job.key.site(), NodeExt::site), |w| w.site());
            cx.report(
                INFO.diag(at, format!("\"{uses}\" requires input \"{}\", which `with:` does not give", decl.name))
                    .with_related(decl.span, "declared as required here"),
            );
        }
    }
}
