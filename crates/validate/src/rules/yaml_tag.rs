//! `yaml-tag`: an explicit YAML tag (`!!str`, `!Ref`), which GitHub rejects.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "yaml-tag",
    summary: "an explicit YAML tag other than the core ones (`!!str`, `!!int`, …), which GitHub's workflow parser rejects",
    severity: Severity::Error,
    docs: "GitHub's parser accepts the YAML core tags (`!!str`, `!!int`, `!!float`, \
`!!bool`, `!!null`) but rejects any other tag (`!!timestamp`, `!reference`, `!env`). \
Quote the value instead.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/yaml-tag/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/yaml-tag/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("yaml-tag"),
};

pub struct YamlTag;
pub const RULE: YamlTag = YamlTag;

fn check(cx: &mut Cx<'_>, walk: &Walk<'_>) {
    for s in &walk.structural {
        if let Structural::Tag { node, tag } = s {
            cx.report(INFO.diag(
                node.site(),
                format!("explicit YAML tag \"{tag}\" is not supported by GitHub Actions; quote the value instead"),
            ));
        }
    }
}

impl Rule for YamlTag {
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
