//! `missing-key`: a required key is absent.

use devplat_core::diag::Severity;

use crate::config::Level;
use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk, mapping_head};

pub const INFO: RuleInfo = RuleInfo {
    code: "missing-key",
    summary: "a required key is missing (`on`, `jobs`, `runs-on`, `runs.using`, …)",
    severity: Severity::Error,
    docs: "Some keys must be present: a workflow needs `on` and `jobs`; a job needs \
`runs-on` (or `uses` to call a reusable workflow); `concurrency` as a mapping needs \
`group`; `environment` as a mapping needs `name`; an action needs `runs` and \
`runs.using`. GitHub refuses to run the workflow otherwise. A misspelled required key \
(`runs-onn`) is reported once, as the `unknown-key` finding that suggests the right \
name, while `unknown-key` is an error; with it turned down or off, the missing key is \
reported here.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/missing-key/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/missing-key/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("missing-key"),
};

pub struct MissingKey;
pub const RULE: MissingKey = MissingKey;

/// A misspelled required key (`runs-onn`) is reported once, as an unknown key that
/// suggests the right one, when that finding is an error; when `unknown-key` is turned
/// off or down, the missing key is still an error (GitHub rejects the file).
fn misspelling_reported(cx: &Cx<'_>) -> bool {
    let unknown = &crate::rules::unknown_key::INFO;
    match cx.config().level(unknown.code) {
        None => unknown.severity == Severity::Error,
        Some(Level::On(severity)) => severity == Severity::Error,
        Some(Level::Off) => false,
    }
}

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::MissingKey {
            at,
            key,
            what,
            misspelled,
        } = s
        {
            if *misspelled && misspelling_reported(cx) {
                continue;
            }
            cx.report(INFO.diag(
                mapping_head(at),
                format!("{what} is missing the required key \"{key}\""),
            ));
        }
    }
}

impl Rule for MissingKey {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        check(cx, &file.walk);
    }
    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        check(cx, &file.walk);
    }
}
