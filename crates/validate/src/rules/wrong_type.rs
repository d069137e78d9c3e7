//! `wrong-type`: a value of the wrong YAML type.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "wrong-type",
    summary: "a value of the wrong type (a mapping where a list is expected, a string where a boolean is)",
    severity: Severity::Error,
    docs: "Each key takes values of given types: `steps` is a sequence of mappings, \
`timeout-minutes` a number, `continue-on-error` a boolean, `env` a mapping of strings. \
Where a boolean or a number is expected, one whole `${{ }}` expression is also accepted.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: ten\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("wrong-type"),
};

pub struct WrongType;
pub const RULE: WrongType = WrongType;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::WrongType {
            node,
            path,
            expected,
        } = s
        {
            let found = match node.text() {
                Some(t) if t.chars().count() <= 40 => {
                    format!("{} \"{t}\"", node.yaml_type().name())
                }
                _ => format!("a {}", node.yaml_type().name()),
            };
            cx.report(INFO.diag(
                node.site(),
                format!("`{path}` is {found}, expected {expected}"),
            ));
        }
    }
}

impl Rule for WrongType {
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
