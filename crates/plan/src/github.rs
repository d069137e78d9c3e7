//! GitHub shapes: matrix outputs for pre-declared wave jobs, and a generated workflow
//! with one job per service and exact `needs:` edges.

use devplat_core::graph::config::ServiceConfig;
use devplat_core::outputs::{Outputs, check_github_size};
use serde_json::{Value, json};

use crate::yaml_out::{Writer, flow_list, q};
use crate::{Plan, PlanError, service_fields};

/// GitHub runs at most 256 jobs from one matrix.
pub const MATRIX_MAX: usize = 256;

/// `wave_count`, `wave_<k>` (`{"include":[…]}`), `has_wave_<k>`, `services`, `rollback`
/// and `any`. A wave of more than 256 services is split into consecutive waves of at
/// most 256 (the order stays valid; a note says so). With `max_waves`, exactly that
/// many `wave_k`/`has_wave_k` pairs are written (empty waves as `{"include":[]}` with
/// `has_wave_k=false`, so guarded jobs skip), and more waves than that is an error.
pub fn matrix_outputs(
    cfg: &ServiceConfig,
    plan: &Plan,
    max_waves: Option<usize>,
) -> Result<(Outputs, Vec<String>), PlanError> {
    let mut notes = Vec::new();
    let mut waves: Vec<Vec<usize>> = Vec::new();
    for (k, w) in plan.waves.iter().enumerate() {
        if w.len() > MATRIX_MAX {
            notes.push(format!(
                "wave {k} has {} services, more than the {MATRIX_MAX} jobs a matrix can hold: split into {} consecutive waves",
                w.len(),
                w.len().div_ceil(MATRIX_MAX)
            ));
        }
        for chunk in w.chunks(MATRIX_MAX) {
            waves.push(chunk.to_vec());
        }
    }
    let declared = max_waves.unwrap_or(waves.len());
    if waves.len() > declared {
        return Err(PlanError::new(
            "too-many-waves",
            format!(
                "the plan has {} waves but the workflow declares {declared} wave jobs (--max-waves); add wave jobs or raise --max-waves",
                waves.len()
            ),
        ));
    }
    let mut o = Outputs::new();
    o.insert("wave_count".into(), waves.len().to_string());
    for k in 0..declared {
        let include: Vec<Value> = waves
            .get(k)
            .into_iter()
            .flatten()
            .filter_map(|&i| cfg.services.get(i))
            .map(|s| {
                let mut v = service_fields(s);
                if let Value::Object(m) = &mut v {
                    m.insert("wave".into(), json!(k));
                }
                v
            })
            .collect();
        let has = !include.is_empty();
        o.insert(
            format!("wave_{k}"),
            json!({ "include": include }).to_string(),
        );
        o.insert(format!("has_wave_{k}"), has.to_string());
    }
    let names: Vec<&str> = plan.services().map(|i| cfg.graph.name(i)).collect();
    o.insert("services".into(), json!(names).to_string());
    o.insert("any".into(), (!names.is_empty()).to_string());
    let rollback: Vec<Vec<&str>> = plan
        .rollback()
        .iter()
        .map(|w| w.iter().map(|&i| cfg.graph.name(i)).collect())
        .collect();
    o.insert("rollback".into(), json!(rollback).to_string());
    check_github_size(&o).map_err(|e| PlanError::new("output-too-large", e.to_string()))?;
    Ok((o, notes))
}

/// A GitHub job id for `prefix` + service name: letters, digits, `-` and `_`, starting
/// with a letter or `_`.
pub fn job_id(prefix: &str, name: &str) -> String {
    let body: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{body}")
}

/// Job ids for every planned service, or an error naming two services whose ids collide.
fn ids(cfg: &ServiceConfig, plan: &Plan, prefix: &str) -> Result<Vec<(usize, String)>, PlanError> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for i in plan.services() {
        let id = job_id(prefix, cfg.graph.name(i));
        if let Some((other, _)) = out.iter().find(|(_, o)| o.eq_ignore_ascii_case(&id)) {
            return Err(PlanError::new(
                "id-collision",
                format!(
                    "services `{}` and `{}` both become job id `{id}`; rename one",
                    cfg.graph.name(*other),
                    cfg.graph.name(i)
                ),
            ));
        }
        out.push((i, id));
    }
    Ok(out)
}

/// The generated workflow: a `deploy-<service>` job per planned service calling
/// `workflow` with `needs:` on exactly its planned dependencies (transitively through
/// unplanned ones), and a `rollback-<service>` job per service that runs when any deploy
/// job failed and this service was deployed, after the rollback of its dependents.
pub fn workflow(
    cfg: &ServiceConfig,
    plan: &Plan,
    workflow: &str,
    rollback_workflow: &str,
    config_path: &str,
) -> Result<String, PlanError> {
    let deploy = ids(cfg, plan, "deploy")?;
    let rollback = ids(cfg, plan, "rollback")?;
    let id_of = |list: &[(usize, String)], i: usize| {
        list.iter()
            .find(|(k, _)| *k == i)
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };
    let mut w = Writer::default();
    w.line(0, &format!("# Generated by `devplat plan --format github-workflow` from {config_path}. Do not edit by hand."));
    w.line(0, "name: \"Deploy services\"");
    w.line(0, "on:");
    w.line(1, "workflow_dispatch: {}");
    w.line(1, "workflow_call: {}");
    w.line(0, "permissions:");
    w.line(1, "contents: read");
    w.line(0, "jobs:");
    if deploy.is_empty() {
        // A workflow needs at least one job; say plainly that nothing is planned.
        w.line(1, "nothing-to-deploy:");
        w.line(2, "runs-on: ubuntu-latest");
        w.line(2, "steps:");
        w.line(3, "- run: echo \"No service to deploy.\"");
        return Ok(w.finish());
    }
    for (i, id) in &deploy {
        let Some(s) = cfg.services.get(*i) else {
            continue;
        };
        w.line(1, &format!("{id}:"));
        w.line(
            2,
            &format!("name: {}", q(&format!("deploy {}", s.name.value))),
        );
        let needs: Vec<String> = planned_dependencies(cfg, plan, *i)
            .into_iter()
            .map(|d| id_of(&deploy, d))
            .collect();
        if !needs.is_empty() {
            w.line(
                2,
                &format!("needs: {}", flow_list(needs.iter().map(String::as_str))),
            );
        }
        call(&mut w, workflow, s, "deploy");
    }
    let all_deploy: Vec<&str> = deploy.iter().map(|(_, id)| id.as_str()).collect();
    for (i, id) in &rollback {
        let Some(s) = cfg.services.get(*i) else {
            continue;
        };
        w.line(1, &format!("{id}:"));
        w.line(
            2,
            &format!("name: {}", q(&format!("roll back {}", s.name.value))),
        );
        let mut needs: Vec<String> = all_deploy.iter().map(|s| (*s).to_owned()).collect();
        for d in planned_dependents(cfg, plan, *i) {
            needs.push(id_of(&rollback, d));
        }
        w.line(
            2,
            &format!("needs: {}", flow_list(needs.iter().map(String::as_str))),
        );
        let own = id_of(&deploy, *i);
        w.line(
            2,
            &format!(
                "if: {}",
                q(&format!(
                    "${{{{ always() && needs.{own}.result == 'success' && contains(needs.*.result, 'failure') }}}}"
                ))
            ),
        );
        call(&mut w, rollback_workflow, s, "rollback");
    }
    Ok(w.finish())
}

fn call(w: &mut Writer, workflow: &str, s: &devplat_core::graph::config::Service, action: &str) {
    w.line(2, &format!("uses: {}", q(workflow)));
    w.line(2, "with:");
    w.line(3, &format!("service: {}", q(&s.name.value)));
    w.line(3, &format!("action: {}", q(action)));
    if let Some(st) = &s.deployment_strategy {
        w.line(3, &format!("deployment_strategy: {}", q(st.value.as_str())));
    }
    let fields = service_fields(s).to_string();
    w.line(3, &format!("config: {}", q(&fields)));
    w.line(2, "secrets: inherit");
}

/// The planned services that `i` must wait for: its dependencies, looking through
/// services that are not planned (their own dependencies count instead).
pub(crate) fn planned_dependencies(cfg: &ServiceConfig, plan: &Plan, i: usize) -> Vec<usize> {
    nearest_planned(cfg, plan, i, |n| cfg.graph.dependencies(n))
}

/// The planned services that wait for `i` (the mirror of [`planned_dependencies`]).
pub(crate) fn planned_dependents(cfg: &ServiceConfig, plan: &Plan, i: usize) -> Vec<usize> {
    nearest_planned(cfg, plan, i, |n| cfg.graph.dependents(n))
}

fn nearest_planned<'g>(
    cfg: &'g ServiceConfig,
    plan: &Plan,
    i: usize,
    next: impl Fn(usize) -> &'g [usize],
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = vec![false; cfg.services.len()];
    let mut stack: Vec<usize> = next(i).to_vec();
    while let Some(n) = stack.pop() {
        if seen.get(n).copied().unwrap_or(true) {
            continue;
        }
        if let Some(s) = seen.get_mut(n) {
            *s = true;
        }
        if plan.contains(n) {
            out.push(n);
        } else {
            stack.extend_from_slice(next(n));
        }
    }
    out.sort_by(|a, b| cfg.graph.name(*a).cmp(cfg.graph.name(*b)));
    out
}
