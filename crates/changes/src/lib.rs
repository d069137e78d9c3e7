//! devplat-changes: which services a change affects, and why.
//!
//! - [`files`]: changed files and the text forms they come in (`--name-status -z`);
//! - [`affected`]: files → services (ordered patterns, roots, global files) → transitive
//!   dependents, each with its reasons;
//! - [`report`]: the versioned JSON document, the text table, the step outputs;
//! - [`paths_filter`]: dorny/paths-filter filter files and outputs, for migration;
//! - [`escape`]: file lists safe to paste into a shell (CVE-2023-51664);
//! - [`source`]: base selection per GitHub event, shallow-clone deepening and the PR
//!   files API cap, behind the [`source::Git`] and [`source::PullRequestFiles`] traits.
//!
//! [`run_json`] is the JSON-in/JSON-out entry for the wasm build: changed files and
//! config text in, the report and outputs out, no file system.

pub mod affected;
pub mod escape;
pub mod files;
pub mod git;
pub mod paths_filter;
pub mod report;
pub mod source;

use devplat_core::diag::Diagnostic;
use devplat_core::graph::config::{self, ServiceConfig};
use devplat_core::outputs::Outputs;
use devplat_core::source::Files;
use serde::{Deserialize, Serialize};

pub use affected::{Reason, ServiceResult};
pub use files::{ChangedFile, FileStatus};
pub use report::ChangesReport;

/// Everything one run needs, already read by the host.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// `deployment-config.yaml` text (not needed in paths-filter mode).
    #[serde(default)]
    pub config: Option<String>,
    /// Display path of the config, for diagnostics.
    #[serde(default = "default_config_path")]
    pub config_path: String,
    /// The changed files.
    #[serde(default)]
    pub files: Vec<ChangedFile>,
    /// Or the changed files as text (`git diff --name-status -z` output or one path per
    /// line).
    #[serde(default)]
    pub files_text: Option<String>,
    #[serde(default)]
    pub base: Option<String>,
    #[serde(default)]
    pub head: Option<String>,
    /// Set by the host when the file list is known to be incomplete: every service is
    /// affected, with this message as the reason.
    #[serde(default)]
    pub incomplete: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// paths-filter mode: the filter file text.
    #[serde(default)]
    pub filters: Option<String>,
    #[serde(default = "default_filters_path")]
    pub filters_path: String,
    /// `some` (default), `every` or `ordered`.
    #[serde(default)]
    pub quantifier: Option<String>,
    /// `none` (default), `json`, `csv`, `shell` or `escape`.
    #[serde(default)]
    pub list_files: Option<String>,
}

fn default_config_path() -> String {
    "deployment-config.yaml".to_owned()
}

fn default_filters_path() -> String {
    "filters.yaml".to_owned()
}

/// What a run produced.
#[derive(Clone, Debug, Serialize)]
pub struct Output {
    /// Whether the run succeeded (no error diagnostic).
    pub ok: bool,
    /// The report (service mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ChangesReport>,
    /// paths-filter results (filter mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<paths_filter::FilterResult>>,
    /// Step outputs, already escaped and size-checked.
    pub outputs: Outputs,
    /// Errors and warnings, with positions resolved to file/line/column.
    pub diagnostics: Vec<PlainDiagnostic>,
}

/// A diagnostic with its file path and positions written out (for hosts and JSON).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PlainDiagnostic {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl PlainDiagnostic {
    pub fn from_diag(files: &Files, d: &Diagnostic) -> PlainDiagnostic {
        PlainDiagnostic {
            code: d.code.clone(),
            severity: d.severity.as_str().to_owned(),
            message: d.message.clone(),
            file: files.path(d.primary.file).to_owned(),
            line: d.primary.start.line,
            column: d.primary.start.column,
            end_line: d.primary.end.line,
            end_column: d.primary.end.column,
            help: d.help.clone(),
        }
    }
}

/// A run's diagnostics and the files they point into (for the renderers).
#[derive(Debug, Default)]
pub struct RunResult {
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    pub report: Option<ChangesReport>,
    pub filters: Option<Vec<paths_filter::FilterResult>>,
    pub outputs: Outputs,
    /// The loaded config, for hosts that print more than the report.
    pub config: Option<ServiceConfig>,
    /// Why the step outputs could not be produced (too large, matrix over 256): an
    /// error only for hosts that write outputs; the report itself is still valid.
    pub output_error: Option<Diagnostic>,
}

impl RunResult {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == devplat_core::diag::Severity::Error)
    }
}

fn input_error(files: &mut Files, name: &str, code: &str, message: String) -> Diagnostic {
    let id = files.add(name, "");
    Diagnostic::error(code, message, devplat_core::span::Span::file_start(id))
}

/// Run `devplat changes` on inputs already in memory.
pub fn run(input: &Input) -> RunResult {
    let mut out = RunResult::default();
    let mut files = input.files.clone();
    if let Some(text) = &input.files_text {
        match files::parse_file_list(text) {
            Ok(f) => files.extend(f),
            Err(e) => {
                let d = input_error(
                    &mut out.files,
                    "<files>",
                    "files-invalid",
                    format!(
                        "the file list is not valid at byte {}: {}",
                        e.offset, e.message
                    ),
                );
                out.diagnostics.push(d);
                return out;
            }
        }
    }
    if let Some(filter_text) = &input.filters {
        run_filters(input, filter_text, &files, &mut out);
        return out;
    }
    let Some(config_text) = &input.config else {
        let d = input_error(
            &mut out.files,
            &input.config_path,
            "missing-input",
            "no config given: pass the deployment config (or a paths-filter filter file)"
                .to_owned(),
        );
        out.diagnostics.push(d);
        return out;
    };
    let id = out
        .files
        .add(input.config_path.clone(), config_text.clone());
    let loaded = config::load(config_text, id);
    out.diagnostics.extend(loaded.diagnostics);
    let Some(cfg) = loaded.config else {
        return out;
    };
    let results = affected::compute(&cfg, &files, input.incomplete.as_deref());
    let report = ChangesReport::new(
        &cfg,
        results,
        files,
        input.base.clone(),
        input.head.clone(),
        input.incomplete.is_some(),
        input.notes.clone(),
    );
    match report::outputs(&cfg, &report) {
        Ok(o) => out.outputs = o,
        Err(e) => {
            out.output_error = Some(Diagnostic::error(
                e.code,
                e.message,
                devplat_core::span::Span::file_start(id),
            ));
        }
    }
    out.report = Some(report);
    out.config = Some(cfg);
    out
}

fn run_filters(input: &Input, text: &str, files: &[ChangedFile], out: &mut RunResult) {
    let id = out.files.add(input.filters_path.clone(), text.to_owned());
    let quantifier = match input.quantifier.as_deref() {
        None => paths_filter::Quantifier::Some,
        Some(q) => match paths_filter::Quantifier::parse(q) {
            Some(q) => q,
            None => {
                let d = input_error(
                    &mut out.files,
                    "<quantifier>",
                    "invalid-value",
                    format!("unknown quantifier `{q}`; expected some, every or ordered"),
                );
                out.diagnostics.push(d);
                return;
            }
        },
    };
    let list = match input.list_files.as_deref() {
        None => escape::ListFormat::None,
        Some(l) => match escape::ListFormat::parse(l) {
            Some(l) => l,
            None => {
                let d = input_error(
                    &mut out.files,
                    "<list-files>",
                    "invalid-value",
                    format!("unknown list format `{l}`; expected none, json, csv, shell or escape"),
                );
                out.diagnostics.push(d);
                return;
            }
        },
    };
    match paths_filter::load(text, id) {
        Err(diags) => out.diagnostics.extend(diags),
        Ok(ff) => {
            out.diagnostics.extend(paths_filter::lint(&ff, quantifier));
            let results = paths_filter::evaluate(&ff, files, quantifier);
            let outputs = paths_filter::outputs(&results, list);
            if let Err(e) = devplat_core::outputs::check_github_size(&outputs) {
                out.output_error = Some(Diagnostic::error(
                    "output-too-large",
                    e.to_string(),
                    devplat_core::span::Span::file_start(id),
                ));
            } else {
                out.outputs = outputs;
            }
            out.filters = Some(results);
        }
    }
}

/// The JSON entry for hosts: an [`Input`] as JSON in, an [`Output`] as JSON out. Never
/// fails: bad JSON comes back as an `input-invalid` diagnostic.
pub fn run_json(input: &str) -> String {
    let output = match serde_json::from_str::<Input>(input) {
        Err(e) => Output {
            ok: false,
            report: None,
            filters: None,
            outputs: Outputs::new(),
            diagnostics: vec![PlainDiagnostic {
                code: "input-invalid".to_owned(),
                severity: "error".to_owned(),
                message: format!("the input is not valid JSON for devplat changes: {e}"),
                file: "<input>".to_owned(),
                line: u32::try_from(e.line()).unwrap_or(0),
                column: u32::try_from(e.column()).unwrap_or(0),
                end_line: u32::try_from(e.line()).unwrap_or(0),
                end_column: u32::try_from(e.column()).unwrap_or(0),
                help: None,
            }],
        },
        Ok(input) => {
            let mut r = run(&input);
            // Hosts always write the outputs, so an output problem is an error here.
            if let Some(d) = r.output_error.take() {
                r.diagnostics.push(d);
            }
            Output {
                ok: !r.has_errors(),
                diagnostics: r
                    .diagnostics
                    .iter()
                    .map(|d| PlainDiagnostic::from_diag(&r.files, d))
                    .collect(),
                report: r.report,
                filters: r.filters,
                outputs: r.outputs,
            }
        }
    };
    serde_json::to_string(&output).unwrap_or_else(|e| {
        format!("{{\"ok\":false,\"outputs\":{{}},\"diagnostics\":[{{\"code\":\"internal\",\"severity\":\"error\",\"message\":{:?}}}]}}", e.to_string())
    })
}
