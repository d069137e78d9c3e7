//! devplat validate: lints GitHub Actions workflows, reusable workflows with their
//! callers, and action metadata (composite, JavaScript and Docker actions).
//!
//! The entry point is [`validate`]: a [`Request`] in, an [`Outcome`] out, files read
//! through the host's [`FileSource`] and, when the host allows it, remote references
//! through a [`RemoteSource`]. No I/O here: the CLI and the wasm build are the hosts.
//!
//! - [`github`]: what GitHub accepts, as tables (events, permissions, contexts, …);
//! - [`schema`]: the shape of workflow and action files and one walk that checks it;
//! - [`model`]: typed views of workflows and actions;
//! - [`rules`]: one file per rule, and the registry;
//! - [`engine`]: one run (loading, rule dispatch, configuration, suppressions).

pub mod config;
pub mod discover;
pub mod docs;
pub mod engine;
pub mod github;
pub mod model;
pub mod remote;
pub mod rules;
pub mod schema;
pub mod summary;
pub mod suppress;
pub mod syntax;
mod yaml_shim;

use devplat_core::diag::{self, Diagnostic, ExitCode, FailOn, Summary};
use devplat_core::source::{FileSource, Files};
use devplat_core::span::Span;
use serde::{Deserialize, Serialize};

pub use devplat_core::source;
pub use remote::{RemoteError, RemoteRef, RemoteSource};

/// What to validate, and how strictly.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct Request {
    /// Files or directories, relative to the host's root; empty means the root.
    pub paths: Vec<String>,
    /// The configuration file; `None` reads `.devplat.yml` when it exists.
    pub config: Option<String>,
    /// Ignore `.devplat.yml` even when it exists.
    pub no_config: bool,
    /// The lowest severity that fails the run.
    #[serde(with = "fail_on_serde")]
    pub fail_on: FailOn,
}

mod fail_on_serde {
    use devplat_core::diag::FailOn;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &FailOn, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match v {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Note => "note",
            FailOn::Never => "never",
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FailOn, D::Error> {
        let s = String::deserialize(d)?;
        FailOn::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "fail-on \"{s}\" is not one of \"error\", \"warning\", \"note\", \"never\""
            ))
        })
    }
}

/// What a run found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Every file the run read (validated files, callees, the configuration).
    pub files: Files,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    pub exit: ExitCode,
}

/// The default configuration file name.
pub const CONFIG_FILE: &str = ".devplat.yml";

/// Validate what `request` names.
pub fn validate(fs: &dyn FileSource, request: &Request, remote: Option<&dyn RemoteSource>) -> Outcome {
    let codes: Vec<&str> = rules::all().iter().map(|r| r.info().code).collect();
    let mut usage_error = false;
    let mut pre: Vec<Diagnostic> = Vec::new();

    // Configuration: errors in it are usage errors (exit 2), reported with positions.
    let config_path = match (&request.config, request.no_config) {
        (Some(p), _) => Some((p.clone(), true)),
        (None, false) if fs.kind(CONFIG_FILE).is_some() => Some((CONFIG_FILE.to_owned(), false)),
        _ => None,
    };
    let mut engine = engine::Engine::new(fs, remote, config::Config::default());
    if let Some((path, _explicit)) = &config_path {
        let loaded = engine.load(path);
        match &loaded.docs {
            Err(d) => {
                usage_error = true;
                let mut d = d.clone();
                d.code = config::CONFIG_CODE.to_owned();
                pre.push(d);
            }
            Ok(docs) => {
                if let Some(doc) = docs.first() {
                    let (c, errs) = config::parse(&doc.root, &codes);
                    usage_error |= !errs.is_empty();
                    pre.extend(errs);
                    engine.config = c;
                }
            }
        }
    }
    let mut diagnostics: Vec<Diagnostic> = pre;

    let (found, missing) = discover::discover(fs, &request.paths);
    for m in missing {
        usage_error = true;
        let id = engine.add_file(&m.0, "");
        diagnostics.push(rules::unreadable_file::INFO.diag(
            Span::file_start(id),
            format!("\"{}\" does not exist", m.0),
        ));
    }
    let mut validated = 0usize;
    for f in &found {
        let (d, io_error) = engine.check(f);
        usage_error |= io_error;
        validated = validated.saturating_add(1);
        diagnostics.extend(d);
    }
    let mut diagnostics = engine.finish(diagnostics);
    diag::sort(&mut diagnostics);
    let summary = Summary::of(validated, &diagnostics);
    let exit = if usage_error {
        ExitCode::UsageOrInput
    } else {
        ExitCode::for_findings(request.fail_on, &diagnostics)
    };
    Outcome {
        files: engine.into_files(),
        diagnostics,
        summary,
        exit,
    }
}

impl Outcome {
    /// The outcome as JSON: the foundation's diagnostics format (version 1) plus the
    /// exit code, for the wasm hosts.
    pub fn to_json(&self) -> serde_json::Value {
        let diags: Vec<serde_json::Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                let mut v = serde_json::json!({
                    "code": d.code,
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "file": self.files.path(d.primary.file),
                    "line": d.primary.start.line,
                    "column": d.primary.start.column,
                    "end_line": d.primary.end.line,
                    "end_column": d.primary.end.column,
                });
                if let Some(h) = &d.help {
                    v["help"] = serde_json::Value::String(h.clone());
                }
                if !d.related.is_empty() {
                    v["related"] = d
                        .related
                        .iter()
                        .map(|r| {
                            serde_json::json!({
                                "file": self.files.path(r.span.file),
                                "line": r.span.start.line,
                                "column": r.span.start.column,
                                "message": r.message,
                            })
                        })
                        .collect();
                }
                v
            })
            .collect();
        serde_json::json!({
            "version": 1,
            "diagnostics": diags,
            "summary": {
                "files": self.summary.files,
                "errors": self.summary.errors,
                "warnings": self.summary.warnings,
                "notes": self.summary.notes,
            },
            "exit_code": self.exit.code(),
        })
    }
}
