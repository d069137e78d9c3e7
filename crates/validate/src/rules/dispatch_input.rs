//! `dispatch-input`: a `workflow_dispatch` input definition GitHub rejects.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{Node, NodeExt, YamlType};

pub const INFO: RuleInfo = RuleInfo {
    code: "dispatch-input",
    summary: "a `workflow_dispatch` input with an unknown type, a `choice` without options, a default outside its options or of the wrong type, or more than 25 inputs",
    severity: Severity::Error,
    docs: "A manual trigger's inputs have a `type` among `string`, `boolean`, `number`, \
`choice` and `environment` (default `string`). A `choice` input needs a non-empty \
`options` list and its `default` must be one of them; a `boolean` default is `true` or \
`false`; a `number` default is a number. GitHub accepts at most 25 inputs.",
    bad: Example {
        files: &[
            (
                ".github/workflows/deploy.yml",
                include_str!("../../tests/fixtures/dispatch-input/not-ok/.github/workflows/deploy.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/deploy.yml",
                include_str!("../../tests/fixtures/dispatch-input/ok/.github/workflows/deploy.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("dispatch-input"),
};

pub struct DispatchInput;
pub const RULE: DispatchInput = DispatchInput;

const TYPES: &[&str] = &["string", "boolean", "number", "choice", "environment"];
const MAX_INPUTS: usize = 25;
const INPUT_KEYS: &[&str] = &["description", "required", "default", "type", "options", "deprecationMessage"];

/// Whether a scalar default fits a declared input type (`None`: cannot tell).
pub fn default_fits(ty: &str, default: &Node) -> Option<bool> {
    let t = default.yaml_type();
    match ty {
        "boolean" => Some(t == YamlType::Boolean || default.text().is_some_and(|s| s == "true" || s == "false")),
        "number" => Some(t == YamlType::Number || default.text().is_some_and(|s| s.trim().parse::<f64>().is_ok())),
        "string" | "choice" | "environment" => Some(t != YamlType::Mapping && t != YamlType::Sequence),
        _ => None,
    }
}

fn check_input(cx: &mut Cx<'_>, name: &str, def: &Node) {
    if def.is_null() {
        return;
    }
    if def.as_map().is_none() {
        cx.report(INFO.diag(def.site(), format!("input \"{name}\" is a {}, expected a mapping", def.yaml_type().name())));
        return;
    }
    let ty_node = def.get("type");
    let ty = ty_node.and_then(NodeExt::text).unwrap_or("string");
    if let Some(tn) = ty_node
        && !TYPES.contains(&ty) {
            cx.report(INFO.diag(
                tn.site(),
                format!("input \"{name}\" has unknown type \"{ty}\", expected one of string, boolean, number, choice, environment{}", suggest::did_you_mean(ty, TYPES.iter().copied())),
            ));
            return;
        }
    for (key, knode, _) in def.entries() {
        if !INPUT_KEYS.contains(&key) {
            cx.report(INFO.diag(
                knode.site(),
                format!("unknown key \"{key}\" in input \"{name}\", expected one of {}{}", INPUT_KEYS.join(", "), suggest::did_you_mean(key, INPUT_KEYS.iter().copied())),
            ));
        }
    }
    if let Some(r) = def.get("required")
        && r.bool_value().is_none() {
            cx.report(INFO.diag(r.site(), format!("`required` of input \"{name}\" is a {}, expected true or false", r.yaml_type().name())));
        }
    let options = def.get("options");
    let option_texts: Vec<&str> = options.and_then(NodeExt::as_seq).unwrap_or(&[]).iter().filter_map(NodeExt::text).collect();
    if ty == "choice" {
        match options {
            None => cx.report(INFO.diag(ty_node.map_or(def.site(), NodeExt::site), format!("choice input \"{name}\" needs `options`"))),
            Some(o) if o.as_seq().is_none_or(<[_]>::is_empty) => cx.report(INFO.diag(o.site(), format!("`options` of choice input \"{name}\" must be a non-empty list"))),
            _ => {}
        }
    } else if let Some(k) = def.key_node("options") {
        cx.report(INFO.diag(k.site(), format!("`options` applies to `type: choice` only; input \"{name}\" is a {ty}")).with_severity(Severity::Warning));
    }
    if let Some(default) = def.get("default") {
        if default.is_null() {
            return;
        }
        if ty == "choice" && !option_texts.is_empty() {
            if let Some(d) = default.text()
                && !option_texts.contains(&d) {
                    cx.report(INFO.diag(
                        default.site(),
                        format!(
                            "default \"{d}\" of input \"{name}\" is not one of its options{}",
                            suggest::did_you_mean(d, option_texts.iter().copied())
                        ),
                    ).with_related(options.map_or(def.site(), NodeExt::site), "the options"));
                }
        } else if default_fits(ty, default) == Some(false) {
            cx.report(INFO.diag(
                default.site(),
                format!("default of {ty} input \"{name}\" is a {}", default.yaml_type().name()),
            ));
        }
    }
}

impl Rule for DispatchInput {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        let Some(config) = file.wf.trigger("workflow_dispatch").and_then(|t| t.config) else {
            return;
        };
        for (key, knode, _) in config.entries() {
            if key != "inputs" {
                cx.report(INFO.diag(knode.site(), format!("unknown key \"{key}\" in `on.workflow_dispatch`, expected \"inputs\"")));
            }
        }
        let Some(inputs) = config.get("inputs") else {
            return;
        };
        let entries = inputs.entries();
        if entries.len() > MAX_INPUTS {
            cx.report(INFO.diag(
                inputs.site(),
                format!("workflow_dispatch has {} inputs; GitHub accepts at most {MAX_INPUTS}", entries.len()),
            ));
        }
        for (name, _, def) in entries {
            check_input(cx, name, def);
        }
    }
}
