//! The one-shot decision, JSON in and JSON out: what `devplat alerts decide`, the
//! `alert-dispatch` action and the `AlertDispatch` task run (the latter two through the
//! wasm build). No state: every alert is new, but alerts of one payload still see each
//! other (cooldown and caps apply within it).
//!
//! Input: `{"config": "<alerts.yml text>", "config_path"?: "alerts.yml",
//! "payload": <webhook body | one alert | {"alert": one alert}> (object or JSON text),
//! "now_ms"?: 0, "dry_run"?: false}`.
//!
//! Output (version 1): `{"version":1,"ok":true,"decisions":[…],"remediations":[…],
//! "diagnostics":[…]}` or `{"version":1,"ok":false,"error":{"code","message"},
//! "diagnostics":[…]}`.

use devplat_core::diag::Diagnostic;
use devplat_core::source::Files;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::config;
use crate::decide::{self, Decision, MemoryState};
use crate::payload::{Alert, Payload};

/// Output format version.
pub const VERSION: u32 = 1;

#[derive(Deserialize)]
struct Input {
    config: String,
    #[serde(default = "default_path")]
    config_path: String,
    payload: Value,
    #[serde(default)]
    now_ms: i64,
    #[serde(default)]
    dry_run: bool,
}

fn default_path() -> String {
    "alerts.yml".into()
}

/// A diagnostic as JSON (the shape of the core's JSON renderer: code, severity,
/// message, file, line, column, end_line, end_column, help).
pub fn diagnostic_json(files: &Files, d: &Diagnostic) -> Value {
    let mut v = json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": files.path(d.primary.file),
        "line": d.primary.start.line,
        "column": d.primary.start.column,
        "end_line": d.primary.end.line,
        "end_column": d.primary.end.column,
    });
    if let (Some(h), Some(obj)) = (&d.help, v.as_object_mut()) {
        obj.insert("help".into(), Value::String(h.clone()));
    }
    v
}

/// Read a payload: a webhook body, one alert, or `{"alert": …}` (a `client_payload`).
pub fn payload_from_value(v: Value) -> Result<Payload, (String, String)> {
    let v = match v {
        Value::String(s) => serde_json::from_str(&s).map_err(|e| {
            (
                "invalid-payload".to_owned(),
                format!("payload is not JSON: {e}"),
            )
        })?,
        other => other,
    };
    let single = |a: Value| -> Result<Payload, (String, String)> {
        let alert: Alert = serde_json::from_value(a)
            .map_err(|e| ("invalid-payload".to_owned(), format!("not an alert: {e}")))?;
        Ok(Payload {
            status: alert.status.clone(),
            alerts: vec![alert],
            version: "4".into(),
            ..Payload::default()
        })
    };
    if v.get("alerts").is_some() {
        Payload::from_value(v).map_err(|e| (e.code().to_owned(), e.to_string()))
    } else if let Some(a) = v.get("alert") {
        single(a.clone())
    } else if v.get("labels").is_some() {
        single(v)
    } else {
        Err((
            "invalid-payload".into(),
            "payload is neither an Alertmanager webhook body (`alerts`), one alert (`labels`), nor `{\"alert\": …}`".into(),
        ))
    }
}

/// The remediation view of a decision that sends something: what the action's next
/// steps need.
fn remediation(d: &Decision) -> Option<Value> {
    let req = d.request.as_ref()?;
    if !d.outcome.sends() {
        return None;
    }
    Some(json!({
        "action": req.kind(),
        "outcome": d.outcome.as_str(),
        "rule": d.rule,
        "service": d.labels.get("service").cloned().unwrap_or_default(),
        "alertname": d.alertname,
        "fingerprint": d.fingerprint,
        "dry_run": d.dry_run,
        "parameters": req,
    }))
}

fn fail(code: &str, message: &str, diagnostics: Vec<Value>) -> Value {
    json!({
        "version": VERSION,
        "ok": false,
        "error": {"code": code, "message": message},
        "diagnostics": diagnostics,
    })
}

/// Decide one payload against one config, JSON in and JSON out. Never panics; every
/// failure is an `ok: false` document.
pub fn decide_value(input: Value) -> Value {
    let input: Input = match serde_json::from_value(input) {
        Ok(i) => i,
        Err(e) => return fail("invalid-input", &format!("invalid input: {e}"), vec![]),
    };
    let loaded = config::load(&input.config_path, &input.config);
    let diagnostics: Vec<Value> = loaded
        .diagnostics
        .iter()
        .map(|d| diagnostic_json(&loaded.files, d))
        .collect();
    let Some(cfg) = loaded.config else {
        return fail("invalid-config", "the config has errors", diagnostics);
    };
    let payload = match payload_from_value(input.payload) {
        Ok(p) => p,
        Err((code, message)) => return fail(&code, &message, diagnostics),
    };
    let mut state = MemoryState::default();
    let decisions = match decide::decide(&cfg, &payload, input.now_ms, input.dry_run, &mut state) {
        Ok(d) => d,
        Err(never) => match never {},
    };
    let remediations: Vec<Value> = decisions.iter().filter_map(remediation).collect();
    json!({
        "version": VERSION,
        "ok": true,
        "decisions": decisions,
        "remediations": remediations,
        "diagnostics": diagnostics,
    })
}

/// [`decide_value`] over JSON text: the wasm entry point.
pub fn decide_json(input: &str) -> String {
    let out = match serde_json::from_str::<Value>(input) {
        Ok(v) => decide_value(v),
        Err(e) => fail("invalid-input", &format!("input is not JSON: {e}"), vec![]),
    };
    out.to_string()
}
