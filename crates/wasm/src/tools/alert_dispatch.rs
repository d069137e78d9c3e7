//! `devplat alerts decide` as `actions/alert-dispatch` and the `AlertDispatch` task: the
//! one-shot, stateless decision for an alert that reached a pipeline (on GitHub, a
//! `repository_dispatch` whose `client_payload` carries it), as outputs for the steps
//! that remediate.
//!
//! Inputs: `config` (default `alerts.yml`), `payload` (a webhook body, one alert, or
//! `{"alert": …}`; empty on GitHub: the `repository_dispatch` event's `client_payload`),
//! `dry-run`. Outputs: `action`, `service`, `parameters` (of the first remediation),
//! `count`, `remediations` (every one, JSON) and `decisions` (the whole decision
//! document, as `devplat alerts decide` prints it).

use devplat_core::diag::render::Report;
use devplat_core::diag::{ExitCode, FailOn, Summary, ToolInfo};
use devplat_core::source::FileSource;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::findings;
use crate::protocol::{
    HostRequest, HostResponse, InputSpec, Output, OutputSpec, Platform, ToolSpec,
};
use crate::tools::{read_text, relativize};

pub const CONFIG: InputSpec = InputSpec {
    github: "config",
    azure: "config",
    default: "alerts.yml",
};
pub const PAYLOAD: InputSpec = InputSpec {
    github: "payload",
    azure: "payload",
    default: "",
};
pub const DRY_RUN: InputSpec = InputSpec {
    github: "dry-run",
    azure: "dryRun",
    default: "false",
};

pub const SPEC: ToolSpec = ToolSpec {
    tool: "alert-dispatch",
    inputs: &[CONFIG, PAYLOAD, DRY_RUN],
    outputs: &[
        OutputSpec::same("action"),
        OutputSpec::same("service"),
        OutputSpec::same("parameters"),
        OutputSpec::same("count"),
        OutputSpec::same("remediations"),
        OutputSpec::same("decisions"),
    ],
};

/// What the host tells about the run.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Context {
    /// The decision time (the host's clock), in milliseconds since the epoch.
    now_ms: i64,
    /// GitHub: `GITHUB_EVENT_NAME` and the payload at `GITHUB_EVENT_PATH`.
    event_name: String,
    event: Value,
}

fn tool_info() -> ToolInfo {
    ToolInfo {
        name: "devplat".to_owned(),
        component: "devplat alerts".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        information_uri: "https://github.com/org/devplat/blob/main/docs/alerts.md".to_owned(),
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub fn run(request: &HostRequest, fs: &dyn FileSource) -> HostResponse {
    let platform = request.platform;
    let ctx: Context = match serde_json::from_value(request.context.clone()) {
        Ok(ctx) => ctx,
        Err(e) => {
            return HostResponse::usage_error(format!(
                "devplat alerts: the host sent a context this build cannot read: {e}"
            ));
        }
    };
    let dry_run = match request.input(&DRY_RUN).as_str() {
        "true" => true,
        "false" => false,
        other => {
            return HostResponse::usage_error(format!(
                "devplat alerts: input `{}`: expected true or false, found `{other}`",
                DRY_RUN.name(platform)
            ));
        }
    };
    let payload_input = request.input(&PAYLOAD);
    let payload = if !payload_input.is_empty() {
        Value::String(payload_input)
    } else if platform == Platform::Github && ctx.event_name == "repository_dispatch" {
        ctx.event
            .get("client_payload")
            .cloned()
            .unwrap_or(Value::Null)
    } else {
        return HostResponse::usage_error(format!(
            "devplat alerts: no alert to decide on: set the `{}` input{}",
            PAYLOAD.name(platform),
            if platform == Platform::Github {
                " (or run on a repository_dispatch event, whose client_payload carries it)"
            } else {
                ""
            }
        ));
    };
    let config_path = relativize(&request.workspace, &request.input(&CONFIG));
    let config = match read_text(fs, &config_path) {
        Ok(text) => text,
        Err(e) => {
            return HostResponse::usage_error(format!(
                "devplat alerts: cannot read the config `{config_path}`: {e}"
            ));
        }
    };

    // The decision document, exactly as `devplat alerts decide` prints it.
    let doc = devplat_alerts::oneshot::decide_value(json!({
        "config": config,
        "config_path": config_path,
        "payload": payload,
        "now_ms": ctx.now_ms,
        "dry_run": dry_run,
    }));
    let ok = doc.get("ok").and_then(Value::as_bool).unwrap_or(false);
    // The config's diagnostics with positions, for annotations and the log.
    let loaded = devplat_alerts::load(&config_path, &config);
    let exit = if ok {
        ExitCode::Clean
    } else {
        ExitCode::UsageOrInput
    };
    let tool = tool_info();
    let report = Report {
        files: &loaded.files,
        diagnostics: &loaded.diagnostics,
        rules: &[],
        tool: &tool,
        checked: None,
    };
    let counts = Summary::of(1, &loaded.diagnostics);
    let mut response =
        findings::report_response(request, fs, "alerts", &report, FailOn::Error, exit, &counts);
    if !ok {
        if let Some(e) = doc.get("error") {
            response.result.message = format!(
                "devplat alerts: {} ({})",
                e.get("message").and_then(Value::as_str).unwrap_or("failed"),
                e.get("code").and_then(Value::as_str).unwrap_or("error")
            );
        }
        return response;
    }
    let remediations = doc
        .get("remediations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let first = remediations.first().cloned().unwrap_or(Value::Null);
    let field = |name: &str| first.get(name).map(text_of).unwrap_or_default();
    let outputs = [
        ("action", field("action")),
        ("service", field("service")),
        ("parameters", field("parameters")),
        ("count", remediations.len().to_string()),
        (
            "remediations",
            Value::Array(remediations.clone()).to_string(),
        ),
        ("decisions", doc.to_string()),
    ];
    response.outputs = outputs
        .into_iter()
        .map(|(name, value)| Output {
            name: name.to_owned(),
            value,
        })
        .collect();
    response.summary = Some(summary(&doc));
    response.result.message = match remediations.len() {
        0 => "devplat alerts: no remediation for this alert".to_owned(),
        n => format!(
            "devplat alerts: {n} remediation{}: {} for {}",
            if n == 1 { "" } else { "s" },
            field("action"),
            field("service")
        ),
    };
    response
}

/// The step summary: one row per decision.
fn summary(doc: &Value) -> String {
    let mut md = String::from("## devplat alerts\n\n");
    let decisions = doc
        .get("decisions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if decisions.is_empty() {
        md.push_str("No alert in the payload.\n");
        return md;
    }
    md.push_str("| alert | rule | outcome | dry run |\n| --- | --- | --- | --- |\n");
    for d in &decisions {
        let cell = |k: &str| {
            d.get(k)
                .map(text_of)
                .unwrap_or_default()
                .replace('|', "\\|")
        };
        md.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            cell("alertname"),
            cell("rule"),
            cell("outcome"),
            cell("dry_run")
        ));
    }
    md
}
