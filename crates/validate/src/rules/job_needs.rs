//! `job-needs`: `needs:` that names an unknown job, the job itself, or forms a cycle.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "job-needs",
    summary: "`needs:` naming an unknown job or the job itself, or jobs that depend on each other in a cycle",
    severity: Severity::Error,
    docs: "Every id in `needs:` must be a job of the same workflow (ids are compared \
case-insensitively, as GitHub does). A job cannot need itself, and the dependencies \
cannot form a cycle: the message names every job of the cycle. At least one job must \
need nothing, or nothing can start.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/job-needs/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/job-needs/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("job-needs"),
};

pub struct JobNeeds;
pub const RULE: JobNeeds = JobNeeds;

impl Rule for JobNeeds {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        let jobs = &file.wf.jobs;
        let index = |id: &str| jobs.iter().position(|j| j.id.eq_ignore_ascii_case(id));
        let ids: Vec<&str> = jobs.iter().map(|j| j.id).collect();
        // Edges by index, for the cycle search.
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); jobs.len()];
        for (i, job) in jobs.iter().enumerate() {
            for (k, (need, node)) in job.needs.iter().enumerate() {
                if job.needs.iter().take(k).any(|(n, _)| n.eq_ignore_ascii_case(need)) {
                    continue;
                }
                match index(need) {
                    None => cx.report(
                        INFO.diag(
                            node.site(),
                            format!(
                                "job \"{}\" needs \"{need}\", which is not a job of this workflow{}",
                                job.id,
                                suggest::did_you_mean(need, ids.iter().copied())
                            ),
                        )
                        .with_help(format!("jobs: {}", ids.join(", "))),
                    ),
                    Some(j) if j == i => cx.report(INFO.diag(
                        node.site(),
                        format!("job \"{}\" needs itself", job.id),
                    )),
                    Some(j) => {
                        if let Some(e) = edges.get_mut(i) {
                            e.push(j);
                        }
                    }
                }
            }
        }
        // Cycles: strongly connected components with more than one job.
        for comp in sccs(&edges) {
            if comp.len() < 2 {
                continue;
            }
            let mut names: Vec<&str> = comp.iter().filter_map(|&i| jobs.get(i).map(|j| j.id)).collect();
            names.sort_unstable();
            let Some(first) = comp.iter().filter_map(|&i| jobs.get(i)).min_by_key(|j| j.key.span.start) else {
                continue;
            };
            let mut d = INFO.diag(
                first.key.site(),
                format!("jobs {} depend on each other in a cycle", names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")),
            );
            for &i in &comp {
                if let Some(job) = jobs.get(i) {
                    for (need, node) in &job.needs {
                        if index(need).is_some_and(|j| comp.contains(&j)) {
                            d = d.with_related(node.site(), format!("\"{}\" needs \"{need}\"", job.id));
                        }
                    }
                }
            }
            cx.report(d);
        }
        if !jobs.is_empty() && jobs.iter().all(|j| !j.needs.is_empty())
            && let Some(first) = jobs.first() {
                cx.report(INFO.diag(
                    first.key.site(),
                    "every job needs another job, so none can start: at least one job must have no `needs:`",
                ));
            }
    }
}

/// Tarjan's strongly connected components, iteratively (no recursion on user input).
fn sccs(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0usize;
    for start in 0..n {
        if index.get(start).copied() != Some(usize::MAX) {
            continue;
        }
        // (node, next edge position)
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos == 0 && index.get(v).copied() == Some(usize::MAX) {
                if let Some(x) = index.get_mut(v) {
                    *x = next;
                }
                if let Some(x) = low.get_mut(v) {
                    *x = next;
                }
                next = next.saturating_add(1);
                stack.push(v);
                if let Some(x) = on_stack.get_mut(v) {
                    *x = true;
                }
            }
            let succ = edges.get(v).and_then(|e| e.get(*pos)).copied();
            if let Some(w) = succ {
                *pos = pos.saturating_add(1);
                if index.get(w).copied() == Some(usize::MAX) {
                    work.push((w, 0));
                } else if on_stack.get(w).copied().unwrap_or(false) {
                    let iw = index.get(w).copied().unwrap_or(0);
                    if let Some(lv) = low.get_mut(v) {
                        *lv = (*lv).min(iw);
                    }
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let lv = low.get(v).copied().unwrap_or(0);
                if let Some(lp) = low.get_mut(parent) {
                    *lp = (*lp).min(lv);
                }
            }
            if low.get(v) == index.get(v) {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    if let Some(x) = on_stack.get_mut(w) {
                        *x = false;
                    }
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}
