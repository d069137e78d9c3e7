//! `yaml-tag`: an explicit YAML tag (`!!str`, `!Ref`), which GitHub rejects.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::{Structural, Walk};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "yaml-tag",
    summary: "an explicit YAML tag, which GitHub's workflow parser does not support",
    severity: Severity::Error,
    docs: "GitHub's parser rejects explicit tags (`!!str 1.0`, `!reference`). Quote the \
value instead: `'1.0'`.",
    bad: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      VERSION: !!str 1.10\n    steps:\n      - run: make\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      VERSION: '1.10'\n    steps:\n      - run: make\n",
        )],
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
