//! `reusable-workflow-depth`: reusable workflows that call each other in a loop, or
//! nest deeper than GitHub allows.

use std::collections::HashSet;

use devplat_core::diag::Severity;

use crate::engine::{Cx, Engine, Resolution, WorkflowFile};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "reusable-workflow-depth",
    summary: "reusable workflows that call themselves (directly or not), or nest more than 10 levels deep",
    severity: Severity::Error,
    docs: "A reusable workflow may call others, up to 10 levels in all (the caller \
counts as one; GitHub Enterprise Server allows 4), and the calls may not loop. The \
chain is followed through local callees (and remote ones with `--resolve-remote`).",
    bad: Example {
        files: &[(
            ".github/workflows/a.yml",
            "on:\n  workflow_call:\njobs:\n  call:\n    uses: ./.github/workflows/b.yml\n",
        ), (
            ".github/workflows/b.yml",
            "on:\n  workflow_call:\njobs:\n  call:\n    uses: ./.github/workflows/a.yml\n",
        )],
    },
    good: Example {
        files: &[(
            ".github/workflows/a.yml",
            "on:\n  workflow_call:\njobs:\n  call:\n    uses: ./.github/workflows/b.yml\n",
        ), (
            ".github/workflows/b.yml",
            "on:\n  workflow_call:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    },
    help_uri: crate::help_uri!("reusable-workflow-depth"),
};

pub struct ReusableWorkflowDepth;
pub const RULE: ReusableWorkflowDepth = ReusableWorkflowDepth;

/// Levels of workflows in one run, the top caller included.
pub const MAX_DEPTH: usize = 10;

enum Found {
    Loop(Vec<String>),
    TooDeep(Vec<String>),
}

/// Depth-first search along calls from `path`; `chain` holds the callers so far.
fn search(engine: &Engine<'_>, path: &str, uses: &str, chain: &mut Vec<String>, seen: &mut HashSet<String>) -> Option<Found> {
    let Resolution::Found(callee) = engine.reusable_workflow(path, uses) else {
        return None;
    };
    if chain.iter().any(|c| *c == callee.path) {
        let mut cycle = chain.clone();
        cycle.push(callee.path.clone());
        return Some(Found::Loop(cycle));
    }
    chain.push(callee.path.clone());
    if chain.len() > MAX_DEPTH {
        return Some(Found::TooDeep(chain.clone()));
    }
    if seen.insert(callee.path.clone()) {
        for (next, _, _) in &callee.calls {
            if let Some(f) = search(engine, &callee.path, next, chain, seen) {
                return Some(f);
            }
        }
        seen.remove(&callee.path);
    }
    chain.pop();
    None
}

impl Rule for ReusableWorkflowDepth {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>, job: &Job<'_>) {
        let Some(node) = job.uses else {
            return;
        };
        let Some(uses) = node.text() else {
            return;
        };
        let mut chain = vec![file.path.to_owned()];
        let mut seen = HashSet::new();
        match search(cx.engine, file.path, uses, &mut chain, &mut seen) {
            Some(Found::Loop(cycle)) => cx.report(INFO.diag(
                node.site(),
                format!("reusable workflows call each other in a loop: {}", cycle.join(" → ")),
            )),
            Some(Found::TooDeep(chain)) => cx.report(INFO.diag(
                node.site(),
                format!("reusable workflows nest {} levels deep (GitHub allows {MAX_DEPTH}): {}", chain.len(), chain.join(" → ")),
            )),
            None => {}
        }
    }
}
