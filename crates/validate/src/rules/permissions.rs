//! `permissions`: an unknown `permissions:` scope or level.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::github::permissions::{self, Level};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{Node, NodeExt};

pub const INFO: RuleInfo = RuleInfo {
    code: "permissions",
    summary: "a `permissions:` value with an unknown scope, a level the scope does not take, or an unknown shorthand",
    severity: Severity::Error,
    docs: "`permissions:` is `read-all`, `write-all`, `{}` (nothing), or a mapping of \
scope to level. Scopes are `actions`, `attestations`, `checks`, `contents`, \
`deployments`, `discussions`, `id-token`, `issues`, `models`, `packages`, `pages`, \
`pull-requests`, `repository-projects`, `security-events`, `statuses` (and \
`artifact-metadata`); levels are `read`, `write` and `none`, except `id-token` (`write` \
or `none`) and `models` (`read` or `none`). Scopes not listed become `none`.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/permissions/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/permissions/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("permissions"),
};

pub struct Permissions;
pub const RULE: Permissions = Permissions;

fn check(cx: &mut Cx<'_>, node: &Node) {
    if node.is_null() {
        return;
    }
    if let Some(text) = node.text() {
        if crate::syntax::has_expression(text) {
            return; // expression-not-allowed reports it
        }
        if !permissions::SHORTHANDS.contains(&text) {
            cx.report(INFO.diag(
                node.site(),
                format!("unknown permissions shorthand \"{text}\", expected \"read-all\", \"write-all\" or a mapping of scopes{}", suggest::did_you_mean(text, permissions::SHORTHANDS.iter().copied())),
            ));
        }
        return;
    }
    if node.as_map().is_none() {
        cx.report(INFO.diag(node.site(), format!("`permissions` is a {}, expected read-all, write-all or a mapping of scopes", node.yaml_type().name())));
        return;
    }
    for (scope, knode, value) in node.entries() {
        let Some(s) = permissions::scope(scope) else {
            cx.report(
                INFO.diag(knode.site(), format!("unknown permission scope \"{scope}\"{}", suggest::did_you_mean(scope, permissions::scope_names())))
                    .with_help(format!("scopes: {}", permissions::scope_names().collect::<Vec<_>>().join(", "))),
            );
            continue;
        };
        let text = value.text().unwrap_or("");
        match Level::parse(text) {
            Some(l) if s.levels.contains(&l) => {}
            _ => {
                let levels: Vec<&str> = s.levels.iter().map(|l| l.as_str()).collect();
                cx.report(INFO.diag(
                    value.site(),
                    format!("\"{text}\" is not a level of scope \"{scope}\", expected {}", crate::schema::quote_list(&levels)),
                ));
            }
        }
    }
}

impl Rule for Permissions {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        if let Some(p) = file.wf.permissions {
            check(cx, p);
        }
    }
    fn job(&self, cx: &mut Cx<'_>, _file: &WorkflowFile<'_>, job: &Job<'_>) {
        if let Some(p) = job.permissions {
            check(cx, p);
        }
    }
}
