//! `devplat plan --format github-matrix` as `actions/deploy-plan` and the `DeployPlan`
//! task: deployment waves as matrix outputs.
//!
//! Inputs: `config` (default `deployment-config.yaml`), `services` (the services to
//! deploy: a JSON list such as detect-changes' `services` output, or names one per line
//! or comma-separated; empty plans every service), `max-waves` (the number of wave jobs
//! the workflow declares; empty: as many as the plan needs).
//! Outputs: `wave_count`, `services`, `any`, `rollback`, and for each declared wave `k`
//! `wave_k` (`{"include":[…]}`) and `has_wave_k` — the same names and values as
//! `devplat plan --format github-matrix`.

use devplat_core::diag::render::Report;
use devplat_core::diag::{ExitCode, FailOn, Summary, ToolInfo};
use devplat_core::source::FileSource;
use devplat_plan::{Format, Include, Input};

use crate::findings;
use crate::protocol::{HostRequest, HostResponse, InputSpec, Output, OutputSpec, ToolSpec};
use crate::tools::{read_text, split_list};

pub const CONFIG: InputSpec = InputSpec {
    github: "config",
    azure: "config",
    default: "deployment-config.yaml",
};
pub const SERVICES: InputSpec = InputSpec {
    github: "services",
    azure: "services",
    default: "",
};
pub const MAX_WAVES: InputSpec = InputSpec {
    github: "max-waves",
    azure: "maxWaves",
    default: "",
};

pub const SPEC: ToolSpec = ToolSpec {
    tool: "deploy-plan",
    inputs: &[CONFIG, SERVICES, MAX_WAVES],
    // `wave_<k>` and `has_wave_<k>` follow, one pair per declared wave.
    outputs: &[
        OutputSpec::same("wave_count"),
        OutputSpec::same("services"),
        OutputSpec::same("any"),
        OutputSpec::same("rollback"),
    ],
};

fn tool_info() -> ToolInfo {
    ToolInfo {
        name: "devplat".to_owned(),
        component: "devplat plan".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        information_uri: "https://github.com/org/devplat/blob/main/docs/plan.md".to_owned(),
    }
}

/// `["a","b"]` or `a, b` / one per line; empty means every service.
fn services(value: &str) -> Result<Option<Vec<String>>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    if value.starts_with('[') {
        return serde_json::from_str::<Vec<String>>(value)
            .map(Some)
            .map_err(|e| format!("not a JSON list of service names: {e}"));
    }
    Ok(Some(split_list(value)))
}

pub fn run(request: &HostRequest, fs: &dyn FileSource) -> HostResponse {
    let platform = request.platform;
    let only = match services(&request.input(&SERVICES)) {
        Ok(only) => only,
        Err(e) => {
            return HostResponse::usage_error(format!(
                "devplat plan: input `{}`: {e}",
                SERVICES.name(platform)
            ));
        }
    };
    let max_waves = match request.input(&MAX_WAVES) {
        v if v.is_empty() => None,
        v => match v.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => {
                return HostResponse::usage_error(format!(
                    "devplat plan: input `{}`: expected a number of wave jobs, found `{v}`",
                    MAX_WAVES.name(platform)
                ));
            }
        },
    };
    let config_path = crate::tools::relativize(&request.workspace, &request.input(&CONFIG));
    let config = match read_text(fs, &config_path) {
        Ok(text) => text,
        Err(e) => {
            return HostResponse::usage_error(format!(
                "devplat plan: cannot read the config `{config_path}`: {e}"
            ));
        }
    };
    let run = devplat_plan::run(&Input {
        config,
        config_path,
        only,
        changes: None,
        include: Include::None,
        format: Format::GithubMatrix,
        max_waves,
        workflow: None,
        rollback_workflow: None,
        template: None,
        azure_vm_rolling: false,
    });
    let exit = if run.has_errors() {
        ExitCode::UsageOrInput
    } else {
        ExitCode::Clean
    };
    let tool = tool_info();
    let report = Report {
        files: &run.files,
        diagnostics: &run.diagnostics,
        rules: &[],
        tool: &tool,
        checked: None,
    };
    let counts = Summary::of(1, &run.diagnostics);
    let mut response =
        findings::report_response(request, fs, "plan", &report, FailOn::Error, exit, &counts);
    if exit == ExitCode::Clean {
        response.outputs = run
            .outputs
            .iter()
            .map(|(name, value)| Output {
                name: name.clone(),
                value: value.clone(),
            })
            .collect();
        let plan = run
            .plan
            .as_ref()
            .zip(run.config.as_ref())
            .map(|(plan, cfg)| plan.to_json(cfg));
        response.summary = Some(summary(plan.as_ref()));
        let out = |name: &str| run.outputs.get(name).cloned().unwrap_or_default();
        response.result.message = format!(
            "devplat plan: {} waves; services {}; rollback {}",
            out("wave_count"),
            out("services"),
            out("rollback")
        );
    }
    response
}

/// The step summary: the waves and the rollback order.
fn summary(plan: Option<&serde_json::Value>) -> String {
    let mut md = String::from("## devplat plan\n\n");
    let waves = plan
        .and_then(|p| p.get("waves"))
        .and_then(serde_json::Value::as_array);
    let rollback = plan
        .and_then(|p| p.get("rollback"))
        .and_then(serde_json::Value::as_array);
    let names = |w: &serde_json::Value| {
        w.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(serde_json::Value::as_str)
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    match waves {
        Some(waves) if !waves.is_empty() => {
            md.push_str("| wave | services |\n| --- | --- |\n");
            for (k, w) in waves.iter().enumerate() {
                md.push_str(&format!("| {k} | {} |\n", names(w)));
            }
            if let Some(rollback) = rollback {
                md.push_str("\nRollback order: ");
                let steps: Vec<String> =
                    rollback.iter().map(|w| format!("[{}]", names(w))).collect();
                md.push_str(&steps.join(" → "));
                md.push('\n');
            }
        }
        _ => md.push_str("Nothing to deploy.\n"),
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_lists() {
        assert_eq!(services(""), Ok(None));
        assert_eq!(
            services(r#"["api","db"]"#),
            Ok(Some(vec!["api".to_owned(), "db".to_owned()]))
        );
        assert_eq!(
            services("api, db"),
            Ok(Some(vec!["api".to_owned(), "db".to_owned()]))
        );
        assert!(services("[api").is_err());
    }
}
