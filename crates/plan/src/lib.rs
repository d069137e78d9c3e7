//! devplat-plan: deployment waves and rollback order from the service graph, written as
//! JSON, GitHub matrix outputs, a generated GitHub workflow, or Azure DevOps stages.
//!
//! - [`select`]: which services to plan (`--only`, the `affected` list of a
//!   `devplat changes` report, plus dependents or dependencies);
//! - [`Plan`]: waves by longest-path layering over the selection, rollback = the waves
//!   reversed;
//! - [`github`]: matrix outputs (`wave_count`, `wave_k`, `has_wave_k`) and the generated
//!   workflow with exact `needs:` edges;
//! - [`azure`]: stages with `dependsOn` edges and deployment strategies.
//!
//! [`run_json`] is the JSON-in/JSON-out entry for the wasm build.

pub mod azure;
pub mod github;
mod yaml_out;

use devplat_core::diag::Diagnostic;
use devplat_core::graph::Direction;
use devplat_core::graph::config::{self, ServiceConfig};
use devplat_core::outputs::Outputs;
use devplat_core::source::Files;
use devplat_core::span::Span;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// Which related services join the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Include {
    /// Also every service that depends on a selected one.
    Dependents,
    /// Also every service a selected one depends on.
    Dependencies,
    #[default]
    None,
}

impl Include {
    pub fn parse(s: &str) -> Option<Include> {
        match s {
            "dependents" => Some(Include::Dependents),
            "dependencies" => Some(Include::Dependencies),
            "none" => Some(Include::None),
            _ => None,
        }
    }
}

/// A plan error that is not about a place in the config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError {
    pub code: &'static str,
    pub message: String,
}

impl PlanError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        PlanError {
            code,
            message: message.into(),
        }
    }
}

/// The selected services (by config index). `None` for `names` means all services.
pub fn select(
    cfg: &ServiceConfig,
    names: Option<&[String]>,
    include: Include,
) -> Result<Vec<bool>, PlanError> {
    let n = cfg.services.len();
    let Some(names) = names else {
        return Ok(vec![true; n]);
    };
    let mut seeds = Vec::with_capacity(names.len());
    for name in names {
        match cfg.service_index(name) {
            Some(i) => seeds.push(i),
            None => {
                return Err(PlanError::new(
                    "unknown-service",
                    format!(
                        "`{name}` is not a service of the config{}",
                        devplat_core::suggest::did_you_mean(name, cfg.names())
                    ),
                ));
            }
        }
    }
    let mut selected = vec![false; n];
    for &s in &seeds {
        if let Some(slot) = selected.get_mut(s) {
            *slot = true;
        }
    }
    let dir = match include {
        Include::None => return Ok(selected),
        Include::Dependents => Direction::Dependents,
        Include::Dependencies => Direction::Dependencies,
    };
    for (i, chain) in cfg.graph.closure(&seeds, dir).into_iter().enumerate() {
        if chain.is_some()
            && let Some(slot) = selected.get_mut(i)
        {
            *slot = true;
        }
    }
    Ok(selected)
}

/// The affected services of a `devplat changes` JSON report (`{"version":1,"affected":[…]}`).
pub fn affected_from_changes(json_text: &str) -> Result<Vec<String>, PlanError> {
    let v: Value = serde_json::from_str(json_text).map_err(|e| {
        PlanError::new(
            "changes-invalid",
            format!("the changes report is not JSON: {e}"),
        )
    })?;
    if v.get("version").and_then(Value::as_u64) != Some(1) {
        return Err(PlanError::new(
            "changes-invalid",
            "the changes report must be the output of `devplat changes --format json` (version 1)",
        ));
    }
    let list = v.get("affected").and_then(Value::as_array).ok_or_else(|| {
        PlanError::new(
            "changes-invalid",
            "the changes report has no `affected` list",
        )
    })?;
    list.iter()
        .map(|s| {
            s.as_str().map(str::to_owned).ok_or_else(|| {
                PlanError::new("changes-invalid", "`affected` must list service names")
            })
        })
        .collect()
}

/// Waves and rollback order of a selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Config indices per wave, sorted by name.
    pub waves: Vec<Vec<usize>>,
}

impl Plan {
    pub fn new(cfg: &ServiceConfig, selected: &[bool]) -> Plan {
        Plan {
            waves: cfg.graph.waves_of(selected),
        }
    }

    pub fn rollback(&self) -> Vec<Vec<usize>> {
        self.waves.iter().rev().cloned().collect()
    }

    pub fn services(&self) -> impl Iterator<Item = usize> + '_ {
        self.waves.iter().flatten().copied()
    }

    /// Whether `i` is planned.
    pub fn contains(&self, i: usize) -> bool {
        self.waves.iter().any(|w| w.contains(&i))
    }

    fn names(cfg: &ServiceConfig, waves: &[Vec<usize>]) -> Vec<Vec<String>> {
        waves
            .iter()
            .map(|w| w.iter().map(|&i| cfg.graph.name(i).to_owned()).collect())
            .collect()
    }

    /// `{"version":1,"waves","rollback","services":{name:{"wave","dependencies",…}}}`.
    pub fn to_json(&self, cfg: &ServiceConfig) -> Value {
        let mut services = Map::new();
        for (k, wave) in self.waves.iter().enumerate() {
            for &i in wave {
                let Some(s) = cfg.services.get(i) else {
                    continue;
                };
                let mut entry = Map::new();
                entry.insert("wave".into(), json!(k));
                let deps: Vec<&str> = cfg
                    .graph
                    .dependencies(i)
                    .iter()
                    .map(|&d| cfg.graph.name(d))
                    .collect();
                entry.insert("dependencies".into(), json!(deps));
                if let Value::Object(fields) = service_fields(s) {
                    for (key, v) in fields {
                        if key != "service" {
                            entry.insert(key, v);
                        }
                    }
                }
                services.insert(s.name.value.clone(), Value::Object(entry));
            }
        }
        json!({
            "version": 1,
            "waves": Plan::names(cfg, &self.waves),
            "rollback": Plan::names(cfg, &self.rollback()),
            "services": services,
        })
    }
}

/// A service's fields for matrix entries and templates: `service`, the deployment
/// fields that are set, then its `with:` keys.
pub fn service_fields(s: &config::Service) -> Value {
    let mut m = Map::new();
    m.insert("service".into(), Value::String(s.name.value.clone()));
    if let Some(st) = &s.deployment_strategy {
        m.insert(
            "deployment_strategy".into(),
            Value::String(st.value.as_str().into()),
        );
    }
    if let Some(h) = &s.health_check {
        m.insert("health_check".into(), Value::String(h.clone()));
    }
    if let Some(e) = &s.environment {
        m.insert("environment".into(), Value::String(e.clone()));
    }
    if !s.migration_scripts.is_empty() {
        m.insert("migration_scripts".into(), json!(s.migration_scripts));
    }
    if let Some(t) = &s.traffic_split {
        m.insert("traffic_split".into(), json!(t.value));
    }
    for (k, v) in &s.with {
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    #[default]
    Json,
    Text,
    GithubMatrix,
    GithubWorkflow,
    AzureStages,
}

impl Format {
    pub const NAMES: [&'static str; 5] = [
        "json",
        "text",
        "github-matrix",
        "github-workflow",
        "azure-stages",
    ];

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            "text" => Some(Format::Text),
            "github-matrix" => Some(Format::GithubMatrix),
            "github-workflow" => Some(Format::GithubWorkflow),
            "azure-stages" => Some(Format::AzureStages),
            _ => None,
        }
    }
}

/// Everything one run needs, already read by the host.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub config: String,
    #[serde(default = "default_config_path")]
    pub config_path: String,
    /// `--only a,b`.
    #[serde(default)]
    pub only: Option<Vec<String>>,
    /// `--changes`: the text of a `devplat changes --format json` report.
    #[serde(default)]
    pub changes: Option<String>,
    #[serde(default)]
    pub include: Include,
    #[serde(default)]
    pub format: Format,
    /// github-matrix: the number of wave jobs the workflow declares.
    #[serde(default)]
    pub max_waves: Option<usize>,
    /// github-workflow: the reusable workflow each job calls.
    #[serde(default)]
    pub workflow: Option<String>,
    /// github-workflow: the reusable workflow of rollback jobs (default: `workflow`).
    #[serde(default)]
    pub rollback_workflow: Option<String>,
    /// azure-stages: the steps template each deployment hook includes.
    #[serde(default)]
    pub template: Option<String>,
    /// azure-stages: write `rolling` services as the `rolling` strategy (VM
    /// environments) instead of `runOnce`.
    #[serde(default)]
    pub azure_vm_rolling: bool,
}

fn default_config_path() -> String {
    "deployment-config.yaml".to_owned()
}

/// What a run produced: a text document (JSON, YAML or a table) and/or step outputs.
#[derive(Debug, Default)]
pub struct RunResult {
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    /// The document for stdout.
    pub text: String,
    /// Step outputs (github-matrix).
    pub outputs: Outputs,
    /// The plan as JSON (every format).
    pub plan: Option<Value>,
}

impl RunResult {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == devplat_core::diag::Severity::Error)
    }
}

/// Run `devplat plan` on inputs already in memory.
pub fn run(input: &Input) -> RunResult {
    let mut out = RunResult::default();
    let id = out
        .files
        .add(input.config_path.clone(), input.config.clone());
    let at = Span::file_start(id);
    let loaded = config::load(&input.config, id);
    out.diagnostics.extend(loaded.diagnostics);
    let Some(cfg) = loaded.config else {
        return out;
    };
    let fail = |out: &mut RunResult, e: PlanError| {
        out.diagnostics
            .push(Diagnostic::error(e.code, e.message, at));
    };
    let names = match (&input.only, &input.changes) {
        (Some(_), Some(_)) => {
            fail(
                &mut out,
                PlanError::new("usage", "give either --only or --changes, not both"),
            );
            return out;
        }
        (Some(only), None) => Some(only.clone()),
        (None, Some(text)) => match affected_from_changes(text) {
            Ok(n) => Some(n),
            Err(e) => {
                fail(&mut out, e);
                return out;
            }
        },
        (None, None) => None,
    };
    let selected = match select(&cfg, names.as_deref(), input.include) {
        Ok(s) => s,
        Err(e) => {
            fail(&mut out, e);
            return out;
        }
    };
    let plan = Plan::new(&cfg, &selected);
    out.plan = Some(plan.to_json(&cfg));
    let result = match input.format {
        Format::Json => Ok(serde_json::to_string_pretty(&plan.to_json(&cfg))
            .map(|s| s + "\n")
            .unwrap_or_default()),
        Format::Text => Ok(text(&cfg, &plan)),
        Format::GithubMatrix => {
            github::matrix_outputs(&cfg, &plan, input.max_waves).map(|(o, notes)| {
                out.outputs = o;
                for n in notes {
                    out.diagnostics.push(Diagnostic::note("wave-split", n, at));
                }
                String::new()
            })
        }
        Format::GithubWorkflow => match &input.workflow {
            Some(w) => github::workflow(
                &cfg,
                &plan,
                w,
                input.rollback_workflow.as_deref().unwrap_or(w),
                &input.config_path,
            ),
            None => Err(PlanError::new(
                "missing-option",
                "--format github-workflow needs --workflow, the reusable workflow each job calls (e.g. ./.github/workflows/deploy-service.yml)",
            )),
        },
        Format::AzureStages => match &input.template {
            Some(t) => azure::stages(&cfg, &plan, t, input.azure_vm_rolling, &input.config_path),
            None => Err(PlanError::new(
                "missing-option",
                "--format azure-stages needs --template, the steps template each deployment hook includes (e.g. templates/deploy-service.yml)",
            )),
        },
    };
    match result {
        Ok(t) => out.text = t,
        Err(e) => fail(&mut out, e),
    }
    out
}

/// A human table: waves, then rollback order.
pub fn text(cfg: &ServiceConfig, plan: &Plan) -> String {
    let mut s = format!(
        "{} service{} in {} wave{}\n",
        plan.services().count(),
        if plan.services().count() == 1 {
            ""
        } else {
            "s"
        },
        plan.waves.len(),
        if plan.waves.len() == 1 { "" } else { "s" }
    );
    for (k, w) in plan.waves.iter().enumerate() {
        let names: Vec<&str> = w.iter().map(|&i| cfg.graph.name(i)).collect();
        s.push_str(&format!("  wave {k}: {}\n", names.join(", ")));
    }
    s.push_str("rollback:\n");
    for (k, w) in plan.rollback().iter().enumerate() {
        let names: Vec<&str> = w.iter().map(|&i| cfg.graph.name(i)).collect();
        s.push_str(&format!("  step {k}: {}\n", names.join(", ")));
    }
    s
}

/// A diagnostic with its file path and positions written out.
#[derive(Clone, Debug, Serialize)]
pub struct PlainDiagnostic {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The JSON entry for hosts: an [`Input`] as JSON in;
/// `{"ok","plan","text","outputs","diagnostics"}` out.
pub fn run_json(input: &str) -> String {
    let v = match serde_json::from_str::<Input>(input) {
        Err(e) => json!({
            "ok": false,
            "outputs": {},
            "diagnostics": [{"code": "input-invalid", "severity": "error",
                "message": format!("the input is not valid JSON for devplat plan: {e}"),
                "file": "<input>", "line": e.line(), "column": e.column()}],
        }),
        Ok(input) => {
            let r = run(&input);
            let diags: Vec<PlainDiagnostic> = r
                .diagnostics
                .iter()
                .map(|d| PlainDiagnostic {
                    code: d.code.clone(),
                    severity: d.severity.as_str().to_owned(),
                    message: d.message.clone(),
                    file: r.files.path(d.primary.file).to_owned(),
                    line: d.primary.start.line,
                    column: d.primary.start.column,
                    help: d.help.clone(),
                })
                .collect();
            json!({
                "ok": !r.has_errors(),
                "plan": r.plan,
                "text": r.text,
                "outputs": r.outputs,
                "diagnostics": diags,
            })
        }
    };
    v.to_string()
}
