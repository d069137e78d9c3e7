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
    summary: "reusable workflows that call themselves (directly or not), nest more than 10 levels deep, or number more than 50 in one run",
    severity: Severity::Error,
    docs: "A reusable workflow may call others, up to 10 levels in all (the caller \
counts as one; GitHub Enterprise Server allows 4), and the calls may not loop. One \
workflow may reach at most 50 distinct reusable workflows in all (20 on GitHub \
Enterprise Server). The chain is followed through local callees (and remote ones with \
`--resolve-remote`).",
    bad: Example {
        files: &[
            (
                ".github/workflows/a.yml",
                include_str!("../../tests/fixtures/reusable-workflow-depth/not-ok/.github/workflows/a.yml"),
            ),
            (
                ".github/workflows/b.yml",
                include_str!("../../tests/fixtures/reusable-workflow-depth/not-ok/.github/workflows/b.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/a.yml",
                include_str!("../../tests/fixtures/reusable-workflow-depth/ok/.github/workflows/a.yml"),
            ),
            (
                ".github/workflows/b.yml",
                include_str!("../../tests/fixtures/reusable-workflow-depth/ok/.github/workflows/b.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("reusable-workflow-depth"),
};

pub struct ReusableWorkflowDepth;
pub const RULE: ReusableWorkflowDepth = ReusableWorkflowDepth;

/// Levels of workflows in one run, the top caller included.
pub const MAX_DEPTH: usize = 10;
/// Distinct reusable workflows one caller's tree may reach.
pub const MAX_UNIQUE: usize = 50;

/// Every reusable workflow reachable from `path`'s calls (by display path).
fn reachable(engine: &Engine<'_>, path: &str, uses: &[String]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut todo: Vec<(String, String)> = uses.iter().map(|u| (path.to_owned(), u.clone())).collect();
    while let Some((caller, u)) = todo.pop() {
        if seen.len() > MAX_UNIQUE {
            break;
        }
        let Resolution::Found(callee) = engine.reusable_workflow(&caller, &u) else {
            continue;
        };
        if seen.contains(&callee.path) {
            continue;
        }
        seen.push(callee.path.clone());
        for (next, _, _) in &callee.calls {
            todo.push((callee.path.clone(), next.clone()));
        }
    }
    seen
}

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
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        let uses: Vec<String> = file
            .wf
            .jobs
            .iter()
            .filter_map(|j| j.uses.and_then(NodeExt::text).map(str::to_owned))
            .collect();
        if uses.is_empty() {
            return;
        }
        let all = reachable(cx.engine, file.path, &uses);
        if all.len() > MAX_UNIQUE {
            let at = file.wf.jobs.iter().find_map(|j| j.uses).map_or(file.wf.root.site(), NodeExt::site);
            cx.report(INFO.diag(
                at,
                format!("this workflow reaches more than {MAX_UNIQUE} distinct reusable workflows; GitHub allows at most {MAX_UNIQUE} in one run"),
            ));
        }
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
