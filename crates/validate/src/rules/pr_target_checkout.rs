//! `pr-target-checkout`: a `pull_request_target` workflow that checks out the pull
//! request's head.

use devplat_core::diag::Severity;

use crate::engine::Cx;
use crate::model::Step;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "pr-target-checkout",
    summary: "a `pull_request_target` workflow that checks out the pull request's code",
    severity: Severity::Warning,
    docs: "`pull_request_target` runs in the context of the base repository, with its \
secrets and a write token, even for pull requests from forks. Checking out the pull \
request's head (`ref: ${{ github.event.pull_request.head.sha }}`, `head.ref`, \
`refs/pull/…/merge`) and then building or testing it runs the stranger's code with \
those privileges. Use `pull_request` for untrusted code, or keep the checkout but \
never execute it.",
    bad: Example {
        files: &[
            (
                ".github/workflows/pr.yml",
                include_str!("../../tests/fixtures/pr-target-checkout/not-ok/.github/workflows/pr.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/pr.yml",
                include_str!("../../tests/fixtures/pr-target-checkout/ok/.github/workflows/pr.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("pr-target-checkout"),
};

pub struct PrTargetCheckout;
pub const RULE: PrTargetCheckout = PrTargetCheckout;

impl Rule for PrTargetCheckout {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, scope: StepScope<'_, '_>, step: &Step<'_>) {
        let StepScope::Job(file, _) = scope else {
            return;
        };
        if !file.wf.has_trigger("pull_request_target") {
            return;
        }
        let Some(uses) = step.uses.and_then(NodeExt::text) else {
            return;
        };
        if !uses.to_ascii_lowercase().starts_with("actions/checkout@") {
            return;
        }
        let Some(r) = step.with.and_then(|w| w.get("ref")) else {
            return;
        };
        let text = r.text().unwrap_or("").to_ascii_lowercase();
        let head = ["pull_request.head.sha", "pull_request.head.ref", "github.head_ref", "refs/pull/"]
            .iter()
            .any(|p| text.contains(p));
        if head {
            cx.report(
                INFO.diag(r.site(), "this `pull_request_target` workflow checks out the pull request's head, which then runs with the base repository's secrets and write token")
                    .with_help("use `on: pull_request` to build untrusted code"),
            );
        }
    }
}
