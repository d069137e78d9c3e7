//! `runs-using`: an action's `runs.using` that GitHub no longer runs, or does not know,
//! and the keys each kind of action needs.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{ActionFile, Cx};
use crate::model::ActionKind;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "runs-using",
    summary: "an action's `runs.using` that is unknown or retired (node12, node16), deprecated (node20), or lacks the keys its kind needs",
    severity: Severity::Error,
    docs: "`runs.using` is `composite`, `docker`, or a Node.js version: `node24` today. \
`node12` and `node16` no longer run (error); `node20` is deprecated since GitHub moved \
its runners to Node 24 in 2026 (warning). A JavaScript action needs `runs.main`, a \
Docker action `runs.image`, a composite action `runs.steps`.",
    bad: Example {
        files: &[
            (
                "action.yml",
                include_str!("../../tests/fixtures/runs-using/not-ok/action.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                "action.yml",
                include_str!("../../tests/fixtures/runs-using/ok/action.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("runs-using"),
};

pub struct RunsUsing;
pub const RULE: RunsUsing = RunsUsing;

const KNOWN: &[&str] = &["composite", "docker", "node24", "node20", "node16", "node12"];

impl Rule for RunsUsing {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        let a = &file.action;
        let (Some(runs), Some(using)) = (a.runs, a.using) else {
            return;
        };
        let Some(u) = using.text() else {
            return;
        };
        match u {
            "node12" | "node16" => cx.report(
                INFO.diag(using.site(), format!("`runs.using: {u}` no longer runs on GitHub's runners"))
                    .with_help("use node24"),
            ),
            "node20" => cx.report(
                INFO.diag(using.site(), "`runs.using: node20` is deprecated: GitHub's runners moved to Node 24 in 2026")
                    .with_severity(Severity::Warning)
                    .with_help("use node24"),
            ),
            "composite" | "docker" | "node24" => {}
            other => cx.report(INFO.diag(
                using.site(),
                format!(
                    "unknown `runs.using: {other}`, expected \"composite\", \"docker\" or \"node24\"{}",
                    suggest::did_you_mean(other, KNOWN.iter().copied())
                ),
            )),
        }
        let needed = match a.kind {
            ActionKind::Node => "main",
            ActionKind::Docker => "image",
            ActionKind::Composite => "steps",
            ActionKind::Unknown => return,
        };
        if runs.get(needed).is_none() {
            cx.report(INFO.diag(
                using.site(),
                format!("a `{u}` action needs `runs.{needed}`"),
            ));
        }
    }
}
