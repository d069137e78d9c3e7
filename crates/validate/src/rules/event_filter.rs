//! `event-filter`: an event configuration with a filter or key the event does not take,
//! conflicting filters, unknown activity types, or a bad glob.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::github::events::{self, Filter};
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{Node, NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "event-filter",
    summary: "an event filter the event does not take, `branches` with `branches-ignore` (or `paths` with `paths-ignore`), an unknown activity type, or an invalid glob",
    severity: Severity::Error,
    docs: "Each event takes its own filters: `branches`/`branches-ignore` on push, \
pull_request, pull_request_target and workflow_run; `tags`/`tags-ignore` on push; \
`paths`/`paths-ignore` on push and the pull_request events; `workflows` on \
workflow_run; `types` on events with activity types, whose values must be ones the \
event has (`pull_request` has `opened`, `synchronize`, …). A filter and its `-ignore` \
twin cannot both be used for the same event (use `!pattern` instead). Globs are \
checked for unbalanced brackets and empty patterns.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/event-filter/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/event-filter/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("event-filter"),
};

pub struct EventFilter;
pub const RULE: EventFilter = EventFilter;

/// Why a filter glob is invalid, if it is.
pub fn glob_problem(p: &str) -> Option<&'static str> {
    let body = p.strip_prefix('!').unwrap_or(p);
    if body.is_empty() {
        return Some("the pattern is empty");
    }
    let mut depth = 0i32;
    for c in body.chars() {
        match c {
            '[' => depth = depth.saturating_add(1),
            ']' => {
                if depth == 0 {
                    return Some("`]` without a matching `[`");
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Some("`[` without a matching `]`");
    }
    None
}

fn check_globs(cx: &mut Cx<'_>, event: &str, key: &str, value: &Node) {
    for item in value.items_or_self() {
        let Some(p) = item.text() else {
            cx.report(INFO.diag(item.site(), format!("`on.{event}.{key}` holds a {}, expected glob strings", item.yaml_type().name())));
            continue;
        };
        if let Some(problem) = glob_problem(p) {
            cx.report(INFO.diag(item.site(), format!("invalid glob \"{p}\" in `on.{event}.{key}`: {problem}")));
        }
    }
}

impl Rule for EventFilter {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        for t in &file.wf.triggers {
            let Some(ev) = events::event(t.event) else {
                continue;
            };
            let Some(config) = t.config else {
                continue;
            };
            if ev.special || config.is_null() {
                continue;
            }
            if config.as_map().is_none() {
                cx.report(INFO.diag(
                    config.site(),
                    format!("`on.{}` is a {}, expected a mapping of filters or nothing", t.event, config.yaml_type().name()),
                ));
                continue;
            }
            let mut allowed: Vec<&str> = ev.filters.iter().map(|f| f.key()).collect();
            if !ev.types.is_empty() || ev.custom_types {
                allowed.push("types");
            }
            for (key, knode, value) in config.entries() {
                // A filter with no value (`branches:` and nothing after it) filters
                // nothing: GitHub runs such workflows as if the key were absent.
                if value.is_null() && allowed.contains(&key) {
                    continue;
                }
                if key == "types" && allowed.contains(&"types") {
                    for item in value.items_or_self() {
                        let Some(ty) = item.text() else {
                            continue;
                        };
                        if ev.custom_types || has_expression(ty) || ev.types.contains(&ty) {
                            continue;
                        }
                        cx.report(
                            INFO.diag(
                                item.site(),
                                format!(
                                    "\"{ty}\" is not an activity type of `{}`{}",
                                    t.event,
                                    suggest::did_you_mean(ty, ev.types.iter().copied())
                                ),
                            )
                            .with_help(format!("activity types of {}: {}", t.event, ev.types.join(", "))),
                        );
                    }
                    continue;
                }
                if !allowed.contains(&key) {
                    let help = if allowed.is_empty() {
                        format!("`{}` takes no configuration", t.event)
                    } else {
                        format!("`{}` takes: {}", t.event, allowed.join(", "))
                    };
                    cx.report(
                        INFO.diag(
                            knode.site(),
                            format!(
                                "`{key}` is not a filter of `{}`{}",
                                t.event,
                                suggest::did_you_mean(key, allowed.iter().copied())
                            ),
                        )
                        .with_help(help),
                    );
                    continue;
                }
                if key != "workflows" {
                    check_globs(cx, t.event, key, value);
                }
            }
            for (a, b) in [
                (Filter::Branches, Filter::BranchesIgnore),
                (Filter::Tags, Filter::TagsIgnore),
                (Filter::Paths, Filter::PathsIgnore),
            ] {
                let given = |f: Filter| config.get(f.key()).is_some_and(|v| !v.is_null()).then(|| config.key_node(f.key())).flatten();
                if let (Some(ka), Some(kb)) = (given(a), given(b)) {
                    cx.report(
                        INFO.diag(
                            kb.site(),
                            format!("`{}` and `{}` cannot both filter `{}`", a.key(), b.key(), t.event),
                        )
                        .with_related(ka.site(), format!("`{}` is here", a.key()))
                        .with_help(format!("keep `{}` and write the exclusions as `!pattern` entries", a.key())),
                    );
                }
            }
        }
    }
}
