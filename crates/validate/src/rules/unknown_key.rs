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
reusable workflow). The message names the closest valid key; the help lists them all.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs_on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
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
        } = s
        {
            let mut d = INFO.diag(
                key.site(),
                format!(
                    "unknown key \"{name}\" in {what}{}",
                    suggest::did_you_mean(name, expected.iter().copied())
                ),
            );
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
