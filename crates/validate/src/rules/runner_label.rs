//! `runner-label`: a `runs-on` label that no GitHub-hosted or configured runner has.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::github::runners::{self, LabelKind};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{Node, NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "runner-label",
    summary: "a `runs-on` label that is not a GitHub-hosted image, a default self-hosted label, or a configured one",
    severity: Severity::Warning,
    docs: "A job whose `runs-on` matches no runner waits in the queue until it times out \
(24 hours). Labels are checked against GitHub's hosted images, the labels every \
self-hosted runner has (`self-hosted`, `linux`, `x64`, …) and the labels you list in \
`.devplat.yml` (`validate.runner-labels`). Retired images (`ubuntu-20.04`, \
`windows-2019`, `macos-12`, …) are named as such. A label that is exactly \
`${{ matrix.<key> }}` is checked through the matrix: each value of that key (and of it \
in `include` entries) is checked where it is written. Other expressions and runner \
`group`s are not checked. Larger runners have names you choose: list them in the \
configuration.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/runner-label/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/runner-label/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("runner-label"),
};

pub struct RunnerLabel;
pub const RULE: RunnerLabel = RunnerLabel;

fn check_label(cx: &mut Cx<'_>, node: &Node) {
    let Some(label) = node.text() else {
        return;
    };
    if has_expression(label) || label.is_empty() {
        return;
    }
    let configured = cx.config().runner_labels.clone();
    match runners::classify(label, &configured) {
        LabelKind::Hosted | LabelKind::SelfHosted | LabelKind::Configured => {}
        LabelKind::Retired => cx.report(
            INFO.diag(
                node.site(),
                format!("runner image \"{label}\" has been retired by GitHub; jobs asking for it never start"),
            )
            .with_help("use a current image such as ubuntu-latest, windows-latest or macos-latest"),
        ),
        LabelKind::Unknown => {
            let candidates = runners::HOSTED
                .iter()
                .chain(runners::SELF_HOSTED)
                .copied()
                .chain(configured.iter().map(String::as_str));
            cx.report(
                INFO.diag(
                    node.site(),
                    format!(
                        "unknown runner label \"{label}\"{}",
                        suggest::did_you_mean(label, candidates)
                    ),
                )
                .with_help("if a self-hosted or larger runner has this label, list it under `validate.runner-labels` in .devplat.yml"),
            );
        }
    }
}

impl Rule for RunnerLabel {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, _file: &WorkflowFile<'_>, job: &Job<'_>) {
        let Some(runs_on) = job.runs_on else {
            return;
        };
        if let Some(group) = runs_on.get("group")
            && let Some(g) = group.text().filter(|g| !has_expression(g))
                && let Some((prefix, rest)) = g.split_once('/')
                    && (!["organization", "enterprise", "org", "ent"].contains(&prefix) || rest.is_empty() || rest.contains('/')) {
                        cx.report(INFO.diag(
                            group.site(),
                            format!("invalid runner group \"{g}\": a prefixed group is `organization/<name>` or `enterprise/<name>`"),
                        ).with_severity(Severity::Error));
                    }
        let labels: Vec<&Node> = if runs_on.as_map().is_some() {
            runs_on.get("labels").map(NodeExt::items_or_self).unwrap_or_default()
        } else {
            runs_on.items_or_self()
        };
        for l in labels {
            match l.text().and_then(matrix_path) {
                Some(path) => {
                    for value in matrix_values(job.matrix, &path) {
                        for item in value.items_or_self() {
                            check_label(cx, item);
                        }
                    }
                }
                None => check_label(cx, l),
            }
        }
    }
}

/// `["os"]` for a label that is exactly `${{ matrix.os }}` (`["cfg", "os"]` for
/// `${{ matrix.cfg.os }}`).
fn matrix_path(text: &str) -> Option<Vec<&str>> {
    let inner = text.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let rest = inner.strip_prefix("matrix.")?;
    let path: Vec<&str> = rest.split('.').collect();
    path.iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then_some(path)
}

/// The values a matrix gives `path`: the key's vector, and the key in `include` entries
/// (nested keys followed through mapping values). Values written as expressions are
/// skipped by the caller.
fn matrix_values<'a>(matrix: Option<&'a Node>, path: &[&str]) -> Vec<&'a Node> {
    let (Some(matrix), Some((key, nested))) = (matrix, path.split_first()) else {
        return Vec::new();
    };
    let mut roots: Vec<&Node> = Vec::new();
    if let Some(v) = matrix.get(key) {
        roots.extend(v.as_seq().map(|items| items.iter().collect::<Vec<_>>()).unwrap_or_default());
    }
    if let Some(include) = matrix.get("include").and_then(NodeExt::as_seq) {
        roots.extend(include.iter().filter_map(|entry| entry.get(key)));
    }
    roots
        .into_iter()
        .filter_map(|mut v| {
            for k in nested {
                v = v.get(k)?;
            }
            Some(v)
        })
        .collect()
}
