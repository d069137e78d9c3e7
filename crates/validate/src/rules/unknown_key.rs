//! `unknown-key`: a key that GitHub does not accept where it is written.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "unknown-key",
    summary: "a key that is not valid at that place in a workflow or action",
    severity: Severity::Error,
    docs: "GitHub rejects a workflow with a key it does not know (a typo such as \
`runs_on`, or a key at the wrong level, such as `runs-on` in a job that calls a \
reusable workflow). The message names the closest valid key; the help lists them all. \
In an action's input and output definitions GitHub ignores keys it does not know (so \
`type: boolean` does nothing, and a misspelt `required` leaves the input optional): \
there the finding is a warning.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unknown-key/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unknown-key/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("unknown-key"),
};

pub struct UnknownKey;
pub const RULE: UnknownKey = UnknownKey;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::UnknownKey {
            key,
            name,
            what,
            expected,
            hint,
            ignored,
        } = s
        {
            let mut d = INFO.diag(
                key.site(),
                format!(
                    "unknown key \"{name}\" in {what}{}{}",
                    if *ignored { " (GitHub ignores it)" } else { "" },
                    suggest::did_you_mean(name, expected.iter().copied())
                ),
            );
            if *ignored {
                d = d.with_severity(devplat_core::diag::Severity::Warning);
            }
            d = d.with_help(match hint {
                Some(h) => (*h).to_owned(),
                None => format!("valid keys here: {}", expected.join(", ")),
            });
            cx.report(d);
        }
    }
}

impl Rule for UnknownKey {
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
