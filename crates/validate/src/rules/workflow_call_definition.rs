//! `workflow-call-definition`: `on.workflow_call` inputs, secrets or outputs defined in
//! a way GitHub rejects.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::rules::dispatch_input::default_fits;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "workflow-call-definition",
    summary: "a `workflow_call` input without a valid `type`, a default of the wrong type, an unknown key, or an output without `value`",
    severity: Severity::Error,
    docs: "A reusable workflow declares its interface under `on.workflow_call`. Each \
input needs a `type` (`string`, `number` or `boolean`) and takes only `description`, \
`required`, `default` and `type`; its default must fit the type. Secrets take \
`description` and `required`. Each output needs a `value` (usually \
`${{ jobs.<job>.outputs.<name> }}`).",
    bad: Example {
        files: &[
            (
                ".github/workflows/build.yml",
                include_str!("../../tests/fixtures/workflow-call-definition/not-ok/.github/workflows/build.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/build.yml",
                include_str!("../../tests/fixtures/workflow-call-definition/ok/.github/workflows/build.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("workflow-call-definition"),
};

pub struct WorkflowCallDefinition;
pub const RULE: WorkflowCallDefinition = WorkflowCallDefinition;

const TYPES: &[&str] = &["string", "number", "boolean"];
const INPUT_KEYS: &[&str] = &["description", "required", "default", "type"];
const SECRET_KEYS: &[&str] = &["description", "required"];
const OUTPUT_KEYS: &[&str] = &["description", "value"];
const SECTIONS: &[&str] = &["inputs", "secrets", "outputs"];

impl Rule for WorkflowCallDefinition {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        let Some(call) = file.wf.workflow_call() else {
            return;
        };
        if call.is_null() {
            return;
        }
        for (section, knode, defs) in call.entries() {
            let keys = match section {
                "inputs" => INPUT_KEYS,
                "secrets" => SECRET_KEYS,
                "outputs" => OUTPUT_KEYS,
                other => {
                    cx.report(INFO.diag(
                        knode.site(),
                        format!("unknown key \"{other}\" in `on.workflow_call`, expected inputs, secrets or outputs{}", suggest::did_you_mean(other, SECTIONS.iter().copied())),
                    ));
                    continue;
                }
            };
            for (name, nnode, def) in defs.entries() {
                if def.is_null() {
                    if section == "inputs" {
                        cx.report(INFO.diag(nnode.site(), format!("input \"{name}\" needs a `type` (string, number or boolean)")));
                    }
                    continue;
                }
                for (k, kn, _) in def.entries() {
                    if !keys.contains(&k) {
                        cx.report(INFO.diag(
                            kn.site(),
                            format!("unknown key \"{k}\" in {section} \"{name}\", expected one of {}{}", keys.join(", "), suggest::did_you_mean(k, keys.iter().copied())),
                        ));
                    }
                }
                match section {
                    "inputs" => {
                        let Some(tn) = def.get("type") else {
                            cx.report(INFO.diag(nnode.site(), format!("input \"{name}\" needs a `type` (string, number or boolean)")));
                            continue;
                        };
                        let ty = tn.text().unwrap_or("");
                        if !TYPES.contains(&ty) {
                            cx.report(INFO.diag(
                                tn.site(),
                                format!("input \"{name}\" has type \"{ty}\", expected string, number or boolean{}", suggest::did_you_mean(ty, TYPES.iter().copied())),
                            ));
                            continue;
                        }
                        if let Some(d) = def.get("default") {
                            let is_expr = d.text().is_some_and(has_expression);
                            if !d.is_null() && !is_expr && default_fits(ty, d) == Some(false) {
                                cx.report(INFO.diag(d.site(), format!("default of {ty} input \"{name}\" is a {}", d.yaml_type().name())));
                            }
                        }
                    }
                    "outputs"
                        if def.get("value").is_none() => {
                            cx.report(INFO.diag(nnode.site(), format!("output \"{name}\" needs a `value`")));
                        }
                    _ => {}
                }
            }
        }
    }
}
