//! `unknown-property`: an expression that reads something the workflow does not have:
//! a step id that is not (yet) defined, a job that is not in `needs`, an undeclared
//! input or output, a matrix key the matrix lacks, an unknown `github.*`/`runner.*`
//! property.

use devplat_core::diag::Severity;
use devplat_core::expr::github::analysis::{ContextRef, Key};
use devplat_core::suggest;

use crate::engine::{ActionFile, Cx, Resolution, WorkflowFile};
use crate::exprs::{Parsed, SiteExprs};
use crate::github::contexts;
use crate::model::{Job, Step};
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{Node, NodeExt};

pub const INFO: RuleInfo = RuleInfo {
    code: "unknown-property",
    summary: "an expression reading a step, job, input, output, matrix key or context property that does not exist there",
    severity: Severity::Warning,
    docs: "Typed contexts are checked against the workflow: `steps.<id>` must be a step \
with that id earlier in the same job (or composite action), `needs.<job>` a job listed \
in the current job's `needs:` and `needs.<job>.outputs.<name>` one of its declared \
outputs (for a reusable-workflow job, the callee's outputs), `inputs.<name>` a declared \
input, `matrix.<key>` a key of the job's matrix, `jobs.<id>.outputs.<name>` (in \
`workflow_call` outputs) a declared job output, and `github.*`, `runner.*`, `job.*` and \
`strategy.*` documented properties. A misspelled name evaluates to an empty string at \
run time instead of failing, so the workflow silently does the wrong thing (GitHub \
accepts the workflow: hence a warning by default).",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unknown-property/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/unknown-property/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("unknown-property"),
};

pub struct UnknownProperty;
pub const RULE: UnknownProperty = UnknownProperty;

/// Where in a file an expression is: the job and step it belongs to, from its path.
fn locate(path: &str) -> (Option<&str>, Option<usize>) {
    let job = path.strip_prefix("jobs.").and_then(|r| r.split(['.', '[']).next());
    let step = path
        .find("steps[")
        .and_then(|i| path.get(i.saturating_add(6)..))
        .and_then(|r| r.split(']').next())
        .and_then(|n| n.parse().ok());
    (job, step)
}

fn names(r: &ContextRef) -> Option<Vec<&str>> {
    if r.dynamic {
        return None;
    }
    let mut out = Vec::new();
    for s in &r.path {
        match &s.key {
            Key::Name(n) => out.push(n.as_str()),
            // A wildcard or index ends what we can check.
            _ => break,
        }
    }
    Some(out)
}

struct Ctx<'a, 'c> {
    an: &'a SiteExprs,
    p: &'a Parsed,
    cx: &'a mut Cx<'c>,
}

impl Ctx<'_, '_> {
    fn report(&mut self, r: &ContextRef, message: String, help: Option<String>) {
        let mut d = INFO.diag(self.an.inner_span(self.p, r.span.start, r.span.end), message);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.cx.report(d);
    }
}

fn check_fixed(c: &mut Ctx<'_, '_>, r: &ContextRef, ctx: &str, path: &[&str]) {
    let (Some(props), Some(first)) = (contexts::fixed_properties(ctx), path.first()) else {
        return;
    };
    let lower = first.to_ascii_lowercase();
    if !props.iter().any(|(p, _)| *p == lower) {
        let names: Vec<&str> = props.iter().map(|(p, _)| *p).collect();
        c.report(
            r,
            format!("`{ctx}` has no property \"{first}\"{}", suggest::did_you_mean(first, names.iter().copied())),
            None,
        );
    }
}

fn check_steps(c: &mut Ctx<'_, '_>, r: &ContextRef, path: &[&str], steps: &[Step<'_>], before: Option<usize>, caller: &str) {
    let Some(id) = path.first() else {
        return;
    };
    let visible: Vec<&Step<'_>> = steps.iter().filter(|s| before.is_none_or(|b| s.index < b)).collect();
    let Some(step) = visible.iter().find(|s| s.id_str().is_some_and(|i| i.eq_ignore_ascii_case(id))) else {
        let later = steps.iter().any(|s| s.id_str().is_some_and(|i| i.eq_ignore_ascii_case(id)));
        let ids: Vec<&str> = visible.iter().filter_map(|s| s.id_str()).collect();
        let own = before.is_some_and(|b| steps.iter().any(|s| s.index == b && s.id_str().is_some_and(|i| i.eq_ignore_ascii_case(id))));
        let msg = if own {
            format!("`steps.{id}` is this step itself: its outputs exist only after it has run")
        } else if later {
            format!("step \"{id}\" runs after this one: `steps.{id}` is not available yet")
        } else {
            format!("no step with id \"{id}\" in this job{}", suggest::did_you_mean(id, ids.iter().copied()))
        };
        c.report(r, msg, None);
        return;
    };
    let Some(prop) = path.get(1) else {
        return;
    };
    let lower = prop.to_ascii_lowercase();
    if !contexts::STEP.iter().any(|(p, _)| *p == lower) {
        c.report(
            r,
            format!("`steps.{id}` has no property \"{prop}\"{}", suggest::did_you_mean(prop, contexts::STEP.iter().map(|(p, _)| *p))),
            Some("a step has outputs, outcome and conclusion".to_owned()),
        );
        return;
    }
    // Outputs of a local action are declared in its metadata.
    if let (Some(name), "outputs", Some(uses)) = (path.get(2), lower.as_str(), step.uses.and_then(NodeExt::text))
        && uses.starts_with("./")
            && let Resolution::Found(a) = c.cx.engine.action(caller, uses)
                && a.parsed && !a.outputs.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                    c.report(
                        r,
                        format!("action \"{uses}\" (step \"{id}\") has no output \"{name}\"{}", suggest::did_you_mean(name, a.outputs.iter().map(String::as_str))),
                        None,
                    );
                }
}

fn declared_outputs(node: Option<&Node>) -> Option<Vec<&str>> {
    let n = node?;
    n.as_map()?;
    Some(n.entries().into_iter().map(|(k, _, _)| k).collect())
}

fn check_needs(c: &mut Ctx<'_, '_>, r: &ContextRef, path: &[&str], file: &WorkflowFile<'_>, job: &Job<'_>) {
    let Some(id) = path.first() else {
        return;
    };
    if !job.needs.iter().any(|(n, _)| n.eq_ignore_ascii_case(id)) {
        let needs: Vec<&str> = job.needs.iter().map(|(n, _)| *n).collect();
        let in_wf = file.wf.jobs.iter().any(|j| j.id.eq_ignore_ascii_case(id));
        let msg = if in_wf {
            format!("job \"{id}\" is not in the `needs:` of job \"{}\", so `needs.{id}` is empty", job.id)
        } else {
            format!("no job \"{id}\" in `needs:` of job \"{}\"{}", job.id, suggest::did_you_mean(id, needs.iter().copied()))
        };
        c.report(r, msg, Some(format!("needs: {}", if needs.is_empty() { "(none)".to_owned() } else { needs.join(", ") })));
        return;
    }
    let Some(prop) = path.get(1) else {
        return;
    };
    let lower = prop.to_ascii_lowercase();
    if !contexts::NEEDS.iter().any(|(p, _)| *p == lower) {
        c.report(r, format!("`needs.{id}` has no property \"{prop}\"{}", suggest::did_you_mean(prop, contexts::NEEDS.iter().map(|(p, _)| *p))), Some("a needed job has outputs and result".to_owned()));
        return;
    }
    let (Some(name), "outputs") = (path.get(2), lower.as_str()) else {
        return;
    };
    let Some(needed) = file.wf.jobs.iter().find(|j| j.id.eq_ignore_ascii_case(id)) else {
        return;
    };
    let outputs: Option<Vec<String>> = match needed.uses.and_then(NodeExt::text) {
        Some(uses) => match c.cx.engine.reusable_workflow(file.path, uses) {
            Resolution::Found(w) if w.parsed && w.call_span.is_some() => Some(w.outputs.iter().map(|(n, _)| n.clone()).collect()),
            _ => None,
        },
        None => Some(declared_outputs(needed.outputs).unwrap_or_default().into_iter().map(str::to_owned).collect()),
    };
    if let Some(outputs) = outputs {
        if needed.outputs.is_some_and(|o| o.as_map().is_none()) {
            return;
        }
        if !outputs.iter().any(|o| o.eq_ignore_ascii_case(name)) {
            c.report(
                r,
                format!("job \"{id}\" has no output \"{name}\"{}", suggest::did_you_mean(name, outputs.iter().map(String::as_str))),
                Some(if outputs.is_empty() { format!("job \"{id}\" declares no outputs") } else { format!("outputs of \"{id}\": {}", outputs.join(", ")) }),
            );
        }
    }
}

fn check_matrix(c: &mut Ctx<'_, '_>, r: &ContextRef, path: &[&str], job: &Job<'_>) {
    let Some(key) = path.first() else {
        return;
    };
    let Some(matrix) = job.matrix else {
        // No `strategy.matrix` at all (a `strategy:` given by an expression may hold
        // one): `matrix` is an empty object and every key reads as an empty string.
        if job.node.get("strategy").is_none_or(|s| s.as_map().is_some()) {
            c.report(
                r,
                format!("job \"{}\" has no `strategy.matrix`, so `matrix.{key}` is always empty", job.id),
                Some("define the key under `strategy.matrix`, or read it from where it is set".to_owned()),
            );
        }
        return;
    };
    if matrix.as_map().is_none() {
        return;
    }
    let mut keys: Vec<&str> = Vec::new();
    for (k, _, v) in matrix.entries() {
        if k == "include" || k == "exclude" {
            if k == "include" {
                let Some(items) = v.as_seq() else {
                    return; // include from an expression: keys unknown
                };
                for item in items {
                    if item.as_map().is_none() {
                        return;
                    }
                    keys.extend(item.entries().into_iter().map(|(k, _, _)| k));
                }
            }
            continue;
        }
        keys.push(k);
    }
    if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        c.report(r, format!("the matrix of job \"{}\" has no key \"{key}\"{}", job.id, suggest::did_you_mean(key, keys.iter().copied())), Some(format!("matrix keys: {}", keys.join(", "))));
    }
}

fn check_inputs(c: &mut Ctx<'_, '_>, r: &ContextRef, path: &[&str], declared: &[&str]) {
    let Some(name) = path.first() else {
        return;
    };
    if !declared.iter().any(|d| d.eq_ignore_ascii_case(name)) {
        c.report(
            r,
            format!("input \"{name}\" is not declared{}", suggest::did_you_mean(name, declared.iter().copied())),
            Some(if declared.is_empty() { "no inputs are declared".to_owned() } else { format!("declared inputs: {}", declared.join(", ")) }),
        );
    }
}

fn check_jobs_ctx(c: &mut Ctx<'_, '_>, r: &ContextRef, path: &[&str], file: &WorkflowFile<'_>) {
    let Some(id) = path.first() else {
        return;
    };
    let Some(job) = file.wf.jobs.iter().find(|j| j.id.eq_ignore_ascii_case(id)) else {
        let ids: Vec<&str> = file.wf.jobs.iter().map(|j| j.id).collect();
        c.report(r, format!("no job \"{id}\" in this workflow{}", suggest::did_you_mean(id, ids.iter().copied())), None);
        return;
    };
    if let (Some(p), Some(name)) = (path.get(1), path.get(2))
        && p.eq_ignore_ascii_case("outputs") && job.uses.is_none()
            && let Some(outputs) = declared_outputs(job.outputs)
                && !outputs.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                    c.report(r, format!("job \"{id}\" has no output \"{name}\"{}", suggest::did_you_mean(name, outputs.iter().copied())), None);
                }
}

impl Rule for UnknownProperty {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        let declared: Vec<&str> = file.wf.declared_inputs().into_iter().map(|(n, _)| n).collect();
        let has_inputs = file.wf.has_trigger("workflow_call") || file.wf.has_trigger("workflow_dispatch");
        // `github.event.inputs` is the `workflow_dispatch` event's: checkable when that is
        // the only event that has inputs (in a reusable workflow, `github.event` is the
        // caller's event).
        let dispatch_inputs: Option<Vec<&str>> = (file.wf.has_trigger("workflow_dispatch") && !file.wf.has_trigger("workflow_call")).then(|| {
            file.wf
                .trigger("workflow_dispatch")
                .and_then(|t| t.config)
                .and_then(|c| c.get("inputs"))
                .map(|i| i.entries().into_iter().map(|(n, _, _)| n).collect())
                .unwrap_or_default()
        });
        for (site, an) in file.walk.expressions.iter().zip(&file.exprs) {
            let (job_id, step) = locate(&site.path);
            let job = job_id.and_then(|id| file.wf.job(id));
            for p in &an.exprs {
                for r in &p.refs.contexts {
                    let Some(path) = names(r) else {
                        continue;
                    };
                    let ctx = r.context.to_ascii_lowercase();
                    let mut c = Ctx { an, p, cx };
                    match (ctx.as_str(), job) {
                        ("github", _) if path.len() >= 3 && path.first().is_some_and(|p| p.eq_ignore_ascii_case("event")) && path.get(1).is_some_and(|p| p.eq_ignore_ascii_case("inputs")) => {
                            if let Some(d) = &dispatch_inputs {
                                check_inputs(&mut c, r, path.get(2..).unwrap_or_default(), d);
                            }
                        }
                        ("github" | "runner" | "job" | "strategy", _) => check_fixed(&mut c, r, &ctx, &path),
                        ("steps", Some(job)) => check_steps(&mut c, r, &path, &job.steps, step, file.path),
                        ("needs", Some(job)) => check_needs(&mut c, r, &path, file, job),
                        ("matrix", Some(job)) => check_matrix(&mut c, r, &path, job),
                        ("inputs", _) if has_inputs => check_inputs(&mut c, r, &path, &declared),
                        ("jobs", _) => check_jobs_ctx(&mut c, r, &path, file),
                        _ => {}
                    }
                }
            }
        }
    }

    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        let declared: Vec<&str> = file.action.inputs.iter().map(|(n, _, _)| *n).collect();
        for (site, an) in file.walk.expressions.iter().zip(&file.exprs) {
            let (_, step) = locate(&site.path);
            let in_outputs = site.path.starts_with("outputs.");
            for p in &an.exprs {
                for r in &p.refs.contexts {
                    let Some(path) = names(r) else {
                        continue;
                    };
                    let ctx = r.context.to_ascii_lowercase();
                    let mut c = Ctx { an, p, cx };
                    match ctx.as_str() {
                        "github" | "runner" | "job" | "strategy" => check_fixed(&mut c, r, &ctx, &path),
                        "inputs" => check_inputs(&mut c, r, &path, &declared),
                        "steps" if step.is_some() || in_outputs => {
                            check_steps(&mut c, r, &path, &file.action.steps, step, file.path);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}
