//! The result of `devplat changes`: the versioned JSON document, the text table, and the
//! step outputs (`services`, `any`, `matrix`, `files`, …) for GitHub and Azure.

use devplat_core::graph::config::ServiceConfig;
use devplat_core::outputs::Outputs;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::affected::{Reason, ServiceResult};
use crate::escape::ListFormat;
use crate::files::ChangedFile;

/// GitHub runs at most 256 jobs from one matrix.
pub const GITHUB_MATRIX_MAX: usize = 256;

/// `{"version":1,…}`: what `--format json` prints.
#[derive(Clone, Debug, Serialize)]
pub struct ChangesReport {
    pub version: u32,
    pub base: Option<String>,
    pub head: Option<String>,
    /// The file list is known to be incomplete (every service is then affected).
    pub truncated: bool,
    pub files: Vec<ChangedFile>,
    /// Affected services, sorted by name.
    pub affected: Vec<String>,
    /// Every service, sorted by name.
    pub services: IndexMap<String, ServiceResult>,
    /// What happened on the way (API cap hit, fallback to git, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl ChangesReport {
    pub fn new(
        config: &ServiceConfig,
        results: Vec<ServiceResult>,
        files: Vec<ChangedFile>,
        base: Option<String>,
        head: Option<String>,
        truncated: bool,
        notes: Vec<String>,
    ) -> ChangesReport {
        let mut services: Vec<(String, ServiceResult)> =
            config.names().map(str::to_owned).zip(results).collect();
        services.sort_by(|a, b| a.0.cmp(&b.0));
        let affected = services
            .iter()
            .filter(|(_, r)| r.affected)
            .map(|(n, _)| n.clone())
            .collect();
        ChangesReport {
            version: 1,
            base,
            head,
            truncated,
            files,
            affected,
            services: services.into_iter().collect(),
            notes,
        }
    }

    /// A human table: one line per affected service with its reasons.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let range = match (&self.base, &self.head) {
            (Some(b), Some(h)) => format!(" ({b}..{h})"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{} changed file{}{range}, {} of {} service{} affected{}\n",
            self.files.len(),
            if self.files.len() == 1 { "" } else { "s" },
            self.affected.len(),
            self.services.len(),
            if self.services.len() == 1 { "" } else { "s" },
            if self.truncated {
                " (file list incomplete)"
            } else {
                ""
            },
        ));
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        let width = self
            .affected
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        for name in &self.affected {
            let Some(r) = self.services.get(name) else {
                continue;
            };
            let kind = if r.direct { "direct" } else { "dependent" };
            let mut first = true;
            for reason in summarize(&r.reasons) {
                let label = if first { name.as_str() } else { "" };
                let k = if first { kind } else { "" };
                out.push_str(&format!("  {label:<width$}  {k:<9}  {reason}\n"));
                first = false;
            }
        }
        out
    }
}

/// At most five reasons per service in the text table, then a count.
fn summarize(reasons: &[Reason]) -> Vec<String> {
    let mut lines: Vec<String> = reasons
        .iter()
        .take(5)
        .map(|r| match r {
            Reason::File { file, pattern } => format!("{file} (matches {pattern})"),
            Reason::Global { file, pattern } => format!("{file} (global: {pattern})"),
            Reason::Dependency { via } => format!("depends on {}", via.join(" → ")),
            Reason::Incomplete { message } => format!("file list incomplete: {message}"),
        })
        .collect();
    if reasons.len() > 5 {
        lines.push(format!("… and {} more", reasons.len().saturating_sub(5)));
    }
    lines
}

/// Why the step outputs cannot be produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputError {
    pub code: &'static str,
    pub message: String,
}

/// The step outputs: `services` (JSON list), `any`, `count`, `matrix`
/// (`{"include":[{service, …}]}`), `files` (shell-quoted, space-separated) and
/// `files_json`. Matrix entries carry the service's deployment fields and its `with:`
/// keys.
pub fn outputs(config: &ServiceConfig, report: &ChangesReport) -> Result<Outputs, OutputError> {
    let mut o = Outputs::new();
    o.insert(
        "services".into(),
        serde_json::to_string(&report.affected).unwrap_or_else(|_| "[]".into()),
    );
    o.insert("any".into(), (!report.affected.is_empty()).to_string());
    o.insert("count".into(), report.affected.len().to_string());
    if report.affected.len() > GITHUB_MATRIX_MAX {
        return Err(OutputError {
            code: "matrix-too-large",
            message: format!(
                "{} services are affected, more than the {GITHUB_MATRIX_MAX} jobs a GitHub matrix can hold; use `devplat plan --format github-matrix`, which splits waves, or the `services` output",
                report.affected.len()
            ),
        });
    }
    let include: Vec<Value> = report
        .affected
        .iter()
        .filter_map(|name| config.service_index(name))
        .filter_map(|i| config.services.get(i))
        .map(matrix_entry)
        .collect();
    o.insert("matrix".into(), json!({ "include": include }).to_string());
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    o.insert(
        "files".into(),
        ListFormat::Shell.render(&paths).unwrap_or_default(),
    );
    o.insert(
        "files_json".into(),
        ListFormat::Json.render(&paths).unwrap_or_default(),
    );
    o.insert("truncated".into(), report.truncated.to_string());
    devplat_core::outputs::check_github_size(&o).map_err(|e| OutputError {
        code: "output-too-large",
        message: e.to_string(),
    })?;
    Ok(o)
}

/// One matrix entry: `service`, the deployment fields that are set, then `with:`.
pub fn matrix_entry(s: &devplat_core::graph::config::Service) -> Value {
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
