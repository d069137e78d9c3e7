//! `invalid-value`: a value outside the closed set a key accepts.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk, quote_list};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "invalid-value",
    summary: "a value that is not one of those the key accepts",
    severity: Severity::Error,
    docs: "Some keys take one of a few words: `secrets:` of a reusable-workflow call is \
`inherit` or a mapping, an input `type` is one of the documented types. The message \
names the closest valid value.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    secrets: inherited\n",
        ), (
            ".github/workflows/build.yml",
            "on:\n  workflow_call:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    secrets: inherit\n",
        ), (
            ".github/workflows/build.yml",
            "on:\n  workflow_call:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("invalid-value"),
};

pub struct InvalidValue;
pub const RULE: InvalidValue = InvalidValue;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::InvalidValue {
            node,
            path,
            expected,
        } = s
        {
            let text = node.text().unwrap_or("");
            cx.report(INFO.diag(
                node.site(),
                format!(
                    "\"{text}\" is not valid for `{path}`, expected {}{}",
                    quote_list(expected),
                    suggest::did_you_mean(text, expected.iter().copied())
                ),
            ));
        }
    }
}

impl Rule for InvalidValue {
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
