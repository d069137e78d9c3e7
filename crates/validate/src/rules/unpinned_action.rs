//! `unpinned-action`: a third-party action referenced by a tag or branch instead of a
//! full commit SHA.

use devplat_core::diag::Severity;

use crate::config::pattern_matches;
use crate::engine::Cx;
use crate::model::Step;
use crate::remote::RemoteRef;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "unpinned-action",
    summary: "a third-party action used by tag or branch rather than a full commit SHA",
    severity: Severity::Note,
    docs: "A tag or branch can be moved to other code by whoever controls the action's \
repository; a full 40-character commit SHA cannot. Pin third-party actions to a SHA \
and keep the version in a comment (`uses: owner/action@<sha> # v1.2.3`); Dependabot \
and Renovate update both. Actions owned by GitHub (`actions/*`, `github/*`) are not \
reported by default: GitHub publishes them and moves their major tags deliberately, and \
pinning them is a policy choice rather than a defect; set `validate.pinning.first-party: \
pin` in .devplat.yml to require a SHA for them too. Exempt your own organisation with \
`validate.pinning.exempt`, and raise the severity with \
`validate.rules.unpinned-action: error`.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unpinned-action/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unpinned-action/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("unpinned-action"),
};

pub struct UnpinnedAction;
pub const RULE: UnpinnedAction = UnpinnedAction;

const FIRST_PARTY: &[&str] = &["actions/*", "github/*"];

impl Rule for UnpinnedAction {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, _scope: StepScope<'_, '_>, step: &Step<'_>) {
        let Some(node) = step.uses else {
            return;
        };
        let Some(uses) = node.text() else {
            return;
        };
        let Some((owner, repo, _, git_ref)) = RemoteRef::split(uses) else {
            return;
        };
        if crate::remote::is_full_sha(git_ref) {
            return;
        }
        let first_party: &[&str] = if cx.config().pin_first_party == Some(true) { &[] } else { FIRST_PARTY };
        let exempt = first_party
            .iter()
            .copied()
            .chain(cx.config().pinning_exempt.iter().map(String::as_str))
            .any(|p| pattern_matches(p, uses));
        if exempt {
            return;
        }
        cx.report(
            INFO.diag(node.site(), format!("action \"{owner}/{repo}\" is pinned to \"{git_ref}\", not to a full commit SHA"))
                .with_help("pin it: `uses: owner/repo@<40-hex commit sha> # <tag>`"),
        );
    }
}
