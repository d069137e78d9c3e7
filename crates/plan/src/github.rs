//! GitHub shapes: matrix outputs for pre-declared wave jobs, and a generated workflow
//! with one job per service and exact `needs:` edges.

use std::collections::HashMap;

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

/// Job ids of the planned services (indexed by service; `None` when not planned), or
/// an error naming two services whose ids collide (GitHub compares ids ignoring case).
pub(crate) fn ids(
    cfg: &ServiceConfig,
    plan: &Plan,
    make: impl Fn(&str) -> String,
    what: &str,
) -> Result<Vec<Option<String>>, PlanError> {
    let mut out: Vec<Option<String>> = vec![None; cfg.services.len()];
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in plan.services() {
        let id = make(cfg.graph.name(i));
        if let Some(&other) = seen.get(&id.to_ascii_lowercase()) {
            return Err(PlanError::new(
                "id-collision",
                format!(
                    "services `{}` and `{}` both become {what} `{id}`; rename one",
                    cfg.graph.name(other),
                    cfg.graph.name(i)
                ),
            ));
        }
        seen.insert(id.to_ascii_lowercase(), i);
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(id);
        }
    }
    Ok(out)
}

/// The id of the gate job that fails when any deploy job failed.
pub const OUTCOME_JOB: &str = "deploy-outcome";

/// The generated workflow: a `deploy-<service>` job per planned service calling
/// `workflow` with `needs:` on exactly its planned dependencies (transitively through
/// unplanned ones); a `deploy-outcome` gate that needs every deploy job and fails when
/// one of them failed or was cancelled; and a `rollback-<service>` job per service that
/// runs when the gate failed and this service was deployed, after the rollback of its
/// dependents.
pub fn workflow(
    cfg: &ServiceConfig,
    plan: &Plan,
    workflow: &str,
    rollback_workflow: &str,
    config_path: &str,
) -> Result<String, PlanError> {
    let deploy = ids(cfg, plan, |n| job_id("deploy", n), "job id")?;
    let rollback = ids(cfg, plan, |n| job_id("rollback", n), "job id")?;
    if deploy
        .iter()
        .flatten()
        .any(|id| id.eq_ignore_ascii_case(OUTCOME_JOB))
    {
        return Err(PlanError::new(
            "id-collision",
            format!(
                "a service named `outcome` would collide with the `{OUTCOME_JOB}` gate job; rename it"
            ),
        ));
    }
    let id_of =
        |list: &[Option<String>], i: usize| list.get(i).cloned().flatten().unwrap_or_default();
    let mut w = Writer::default();
    w.line(0, &format!("# Generated by `devplat plan --format github-workflow` from {config_path}. Do not edit by hand."));
    w.line(0, "name: \"Deploy services\"");
    w.line(0, "on:");
    w.line(1, "workflow_dispatch: {}");
    w.line(1, "workflow_call: {}");
    w.line(0, "permissions:");
    w.line(1, "contents: read");
    w.line(0, "jobs:");
    let planned: Vec<usize> = plan.services().collect();
    if planned.is_empty() {
        // A workflow needs at least one job; say plainly that nothing is planned.
        w.line(1, "nothing-to-deploy:");
        w.line(2, "runs-on: ubuntu-latest");
        w.line(2, "steps:");
        w.line(
            3,
            &format!("- run: {}", q("echo \"No service to deploy.\"")),
        );
        return Ok(w.finish());
    }
    for &i in &planned {
        let Some(s) = cfg.services.get(i) else {
            continue;
        };
        w.line(1, &format!("{}:", id_of(&deploy, i)));
        w.line(
            2,
            &format!("name: {}", q(&format!("deploy {}", s.name.value))),
        );
        let needs: Vec<String> = planned_dependencies(cfg, plan, i)
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
    let all_deploy: Vec<String> = planned.iter().map(|&i| id_of(&deploy, i)).collect();
    w.line(1, &format!("{OUTCOME_JOB}:"));
    w.line(2, "name: \"deploy outcome\"");
    w.line(
        2,
        &format!(
            "needs: {}",
            flow_list(all_deploy.iter().map(String::as_str))
        ),
    );
    w.line(2, "if: \"${{ always() }}\"");
    w.line(2, "runs-on: ubuntu-latest");
    w.line(2, "steps:");
    w.line(3, "- name: \"fail when a deploy job failed\"");
    w.line(4, "if: \"${{ contains(needs.*.result, 'failure') || contains(needs.*.result, 'cancelled') }}\"");
    w.line(4, "run: exit 1");
    for &i in &planned {
        let Some(s) = cfg.services.get(i) else {
            continue;
        };
        w.line(1, &format!("{}:", id_of(&rollback, i)));
        w.line(
            2,
            &format!("name: {}", q(&format!("roll back {}", s.name.value))),
        );
        let own = id_of(&deploy, i);
        let mut needs: Vec<String> = vec![OUTCOME_JOB.to_owned(), own.clone()];
        for d in planned_dependents(cfg, plan, i) {
            needs.push(id_of(&rollback, d));
        }
        w.line(
            2,
            &format!("needs: {}", flow_list(needs.iter().map(String::as_str))),
        );
        w.line(
            2,
            &format!(
                "if: {}",
                q(&format!(
                    "${{{{ always() && needs.{OUTCOME_JOB}.result == 'failure' && needs.{own}.result == 'success' }}}}"
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
    // A set, not a vector of flags: this runs once per service.
    let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut stack: Vec<usize> = next(i).to_vec();
    while let Some(n) = stack.pop() {
        if !seen.insert(n) {
            continue;
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
