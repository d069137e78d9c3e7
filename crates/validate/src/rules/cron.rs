//! `cron`: an `on.schedule` cron expression GitHub does not accept.

use devplat_core::diag::Severity;

use crate::engine::{Cx, WorkflowFile};
use crate::github::cron;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "cron",
    summary: "an `on.schedule` entry that is not a valid five-field cron expression, or runs more often than every 5 minutes",
    severity: Severity::Error,
    docs: "`on.schedule` is a list of `- cron: '…'` entries in POSIX cron syntax with \
five fields (minute hour day-of-month month day-of-week, in UTC). Macros such as \
`@daily` are not supported. GitHub runs a schedule at most every 5 minutes: a shorter \
interval is a warning.",
    bad: Example {
        files: &[
            (
                ".github/workflows/nightly.yml",
                include_str!("../../tests/fixtures/cron/not-ok/.github/workflows/nightly.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/nightly.yml",
                include_str!("../../tests/fixtures/cron/ok/.github/workflows/nightly.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("cron"),
};

pub struct Cron;
pub const RULE: Cron = Cron;

impl Rule for Cron {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        let Some(t) = file.wf.trigger("schedule") else {
            return;
        };
        let Some(config) = t.config else {
            cx.report(INFO.diag(t.name_node.site(), "`schedule` needs a list of `- cron: '…'` entries"));
            return;
        };
        let Some(items) = config.as_seq() else {
            cx.report(INFO.diag(
                config.site(),
                format!("`on.schedule` is a {}, expected a list of `- cron: '…'` entries", config.yaml_type().name()),
            ));
            return;
        };
        for item in items {
            let Some(c) = item.get("cron") else {
                cx.report(INFO.diag(item.site(), "a schedule entry needs a `cron:` key"));
                continue;
            };
            for (key, knode, _) in item.entries() {
                if key != "cron" && key != "timezone" {
                    cx.report(INFO.diag(knode.site(), format!("unknown key \"{key}\" in a schedule entry, expected \"cron\"")));
                }
            }
            let Some(expr) = c.text() else {
                continue;
            };
            match cron::check(expr) {
                Err(e) => cx.report(INFO.diag(c.site(), e.message)),
                Ok(Some(gap)) if gap < 5 => cx.report(
                    INFO.diag(
                        c.site(),
                        format!("cron \"{expr}\" fires every {gap} minute(s); GitHub runs schedules at most every 5 minutes"),
                    )
                    .with_severity(Severity::Warning),
                ),
                Ok(_) => {}
            }
        }
    }
}
