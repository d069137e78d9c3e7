//! `unknown-event`: an `on:` event GitHub does not have.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::github::events;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "unknown-event",
    summary: "an event under `on:` that GitHub does not have (`pull-request`, `pull_request_comment`, …)",
    severity: Severity::Error,
    docs: "Event names are exact and case-sensitive (`pull_request`, `workflow_dispatch`). \
A misspelled event makes GitHub reject the workflow; the message suggests the closest \
event. `on:` itself is an event name, a list of them, or a mapping of event to \
configuration.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unknown-event/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unknown-event/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("unknown-event"),
};

pub struct UnknownEvent;
pub const RULE: UnknownEvent = UnknownEvent;

impl Rule for UnknownEvent {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        let Some(on) = file.wf.on else {
            return;
        };
        if on.as_map().is_none() && on.as_seq().is_none() && on.as_string().is_none() {
            cx.report(INFO.diag(
                on.site(),
                format!("`on` is a {}, expected an event name, a list of events, or a mapping of events", on.yaml_type().name()),
            ));
            return;
        }
        if on.as_map().is_some_and(|m| m.entries.is_empty()) || on.as_seq().is_some_and(<[_]>::is_empty) {
            cx.report(INFO.diag(on.site(), "`on` names no event: the workflow can never run"));
        }
        for t in &file.wf.triggers {
            if has_expression(t.event) {
                continue; // reported by expression-not-allowed
            }
            if events::event(t.event).is_none() {
                let hint = if t.event == "pull_request_comment" {
                    " (comments on pull requests are `issue_comment` events)".to_owned()
                } else {
                    suggest::did_you_mean(t.event, events::names())
                };
                cx.report(INFO.diag(t.name_node.site(), format!("unknown event \"{}\"{hint}", t.event)));
            }
        }
    }
}
