//! `local-action`: a `uses: ./path` that has no action metadata.

use devplat_core::diag::Severity;

use crate::engine::{Cx, Resolution};
use crate::model::Step;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "local-action",
    summary: "a local action (`uses: ./path`) whose `action.yml` does not exist or cannot be parsed",
    severity: Severity::Error,
    docs: "A local action path is relative to the repository root (not to the workflow \
file) and must hold an `action.yml` or `action.yaml`. The job fails when it reaches the \
step otherwise. (Local actions are read lazily: the action itself is validated when it \
is under the validated paths.) A path under the `path:` of an earlier \
`actions/checkout` step of the job is another checkout, often of another repository, \
and is not looked for.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/local-action/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/local-action/ok/.github/workflows/ci.yml"),
            ),
            (
                ".github/actions/setup/action.yml",
                include_str!("../../tests/fixtures/local-action/ok/.github/actions/setup/action.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("local-action"),
};

pub struct LocalAction;
pub const RULE: LocalAction = LocalAction;

/// The display path of the file a step belongs to.
pub fn scope_path<'s>(scope: &StepScope<'s, '_>) -> &'s str {
    match scope {
        StepScope::Job(f, _) => f.path,
        StepScope::Composite(f) => f.path,
    }
}

/// Whether `uses` (`./dir/…`) lies under the `path:` of an earlier `actions/checkout`
/// step of the job: another checkout (often another repository) that is not in this
/// one, so the action cannot be looked for here (seen in inspect-ai's release workflow,
/// `path: .ci` then `uses: ./.ci/.github/actions/publish-dist`).
fn from_other_checkout(job: &crate::model::Job<'_>, step: &Step<'_>, uses: &str) -> bool {
    let target = uses.trim_start_matches("./");
    job.steps.iter().take_while(|s| s.index < step.index).any(|s| {
        let is_checkout = s
            .uses
            .and_then(NodeExt::text)
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("actions/checkout@"));
        let path = s
            .with
            .and_then(|w| w.get("path"))
            .and_then(NodeExt::text)
            .map(|p| p.trim_start_matches("./").trim_end_matches('/'));
        is_checkout
            && path.is_some_and(|p| !p.is_empty() && p != "." && (target == p || target.starts_with(&format!("{p}/"))))
    })
}

impl Rule for LocalAction {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, scope: StepScope<'_, '_>, step: &Step<'_>) {
        let Some(node) = step.uses else {
            return;
        };
        let Some(uses) = node.text() else {
            return;
        };
        if !uses.starts_with("./") {
            return;
        }
        if let StepScope::Job(_, job) = &scope
            && from_other_checkout(job, step, uses)
        {
            return;
        }
        match cx.engine.action(scope_path(&scope), uses) {
            Resolution::NotFound(why) => cx.report(INFO.diag(
                node.site(),
                format!("local action \"{uses}\" not found: {why}"),
            )),
            Resolution::Found(a) if !a.parsed => cx.report(
                INFO.diag(node.site(), format!("local action \"{uses}\" could not be parsed"))
                    .with_related(devplat_core::span::Span::file_start(a.file), "this file"),
            ),
            _ => {}
        }
    }
}
