//! `workflow-call-inputs`: a reusable-workflow call whose `with:` misses a required
//! input, passes an undeclared one, or passes a value of the wrong type.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, Resolution, WorkflowFile};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{NodeExt, YamlType, has_expression, is_whole_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "workflow-call-inputs",
    summary: "a reusable-workflow call that misses a required input, passes an undeclared input, or passes a value of the wrong type",
    severity: Severity::Error,
    docs: "The caller's `with:` must give every input the callee declares as `required` \
(without a default), may give only declared inputs, and each literal value must fit \
the declared type (`number`: a number, `boolean`: `true`/`false`). GitHub's own parser \
does not check the types; the run fails later. The finding points at the caller and at \
the callee's declaration.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      replicas: three\n",
        ), (
            ".github/workflows/deploy.yml",
            "on:\n  workflow_call:\n    inputs:\n      environment:\n        type: string\n        required: true\n      replicas:\n        type: number\n        default: 1\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      environment: staging\n      replicas: 3\n",
        ), (
            ".github/workflows/deploy.yml",
            "on:\n  workflow_call:\n    inputs:\n      environment:\n        type: string\n        required: true\n      replicas:\n        type: number\n        default: 1\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n",
        )],
    },
    help_uri: crate::help_uri!("workflow-call-inputs"),
};

pub struct WorkflowCallInputs;
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
            if value.text().is_some_and(is_whole_expression) || value.text().is_some_and(has_expression) && ty == "string" {
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
