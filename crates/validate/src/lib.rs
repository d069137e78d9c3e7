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
pub mod exprs;
pub mod github;
pub mod model;
pub mod remote;
pub mod rules;
pub mod schema;
pub mod summary;
pub mod suppress;
pub mod syntax;

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

/// Validate what `request` names, on the calling thread.
pub fn validate(
    fs: &dyn FileSource,
    request: &Request,
    remote: Option<&dyn RemoteSource>,
) -> Outcome {
    run(fs, request, |config, found| {
        vec![check_chunk(fs, remote, config, found)]
    })
}

/// Validate what `request` names on up to `threads` threads. Each thread takes the next
/// batch of files not yet taken (so one slow file does not hold up a whole share), with its own
/// engine that reads the callees it needs; the findings and the file table do not
/// depend on the number of threads. For hosts whose file source can be shared between
/// threads; remote references are not fetched (use [`validate`]).
pub fn validate_parallel(
    fs: &(dyn FileSource + Sync),
    request: &Request,
    threads: usize,
) -> Outcome {
    run(fs, request, |config, found| {
        let threads = threads.clamp(1, 64);
        if threads == 1 || found.len() < 16 {
            return vec![check_chunk(fs, None, config, found)];
        }
        // Batches of neighbouring files (discovery keeps a repository's files
        // together), so that a thread mostly reuses the callees it has already parsed,
        // and about eight batches a thread, so that the threads finish together.
        let batches: Vec<&[discover::Found]> = found
            .chunks(found.len().div_ceil(threads.saturating_mul(8)).max(1))
            .collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let take = || {
            std::iter::from_fn(|| {
                batches.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
            })
            .flat_map(|b| b.iter())
        };
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads)
                .map(|_| {
                    let config = config.clone();
                    scope.spawn(move || check_files(fs, None, config, take()))
                })
                .collect();
            // The calling thread works too.
            let mut chunks = vec![check_files(fs, None, config, take())];
            chunks.extend(handles.into_iter().map(|h| {
                h.join().unwrap_or_else(|_| Chunk {
                    files: Files::new(),
                    diagnostics: Vec::new(),
                    io_error: true,
                })
            }));
            chunks
        })
    })
}

/// What one engine found over part of the files.
struct Chunk {
    files: Files,
    diagnostics: Vec<Diagnostic>,
    io_error: bool,
}

fn check_chunk(
    fs: &dyn FileSource,
    remote: Option<&dyn RemoteSource>,
    config: config::Config,
    found: &[discover::Found],
) -> Chunk {
    check_files(fs, remote, config, found.iter())
}

fn check_files<'f>(
    fs: &dyn FileSource,
    remote: Option<&dyn RemoteSource>,
    config: config::Config,
    found: impl Iterator<Item = &'f discover::Found>,
) -> Chunk {
    let engine = engine::Engine::new(fs, remote, config);
    let mut diagnostics = Vec::new();
    let mut io_error = false;
    for f in found {
        let (d, io) = engine.check(f);
        io_error |= io;
        diagnostics.extend(d);
    }
    let diagnostics = engine.finish(diagnostics);
    Chunk {
        files: engine.into_files(),
        diagnostics,
        io_error,
    }
}

/// The parts of a run around the checking: configuration, discovery, merging the
/// chunks' files and findings, the exit code.
fn run<F>(fs: &dyn FileSource, request: &Request, check: F) -> Outcome
where
    F: FnOnce(config::Config, &[discover::Found]) -> Vec<Chunk>,
{
    let codes: Vec<&str> = rules::all().iter().map(|r| r.info().code).collect();
    let mut usage_error = false;
    let mut pre: Vec<Diagnostic> = Vec::new();

    // Configuration: errors in it are usage errors (exit 2), reported with positions.
    let config_path = match (&request.config, request.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, false) if fs.kind(CONFIG_FILE).is_some() => Some(CONFIG_FILE.to_owned()),
        _ => None,
    };
    let boot = engine::Engine::new(fs, None, config::Config::default());
    let mut config = config::Config::default();
    if let Some(path) = &config_path {
        let loaded = boot.load(path);
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
                    config = c;
                }
            }
        }
    }
    let (found, missing) = discover::discover(fs, &request.paths, &|path, is_dir| {
        config.is_excluded(path, is_dir)
    });
    for m in missing {
        usage_error = true;
        let id = boot.add_file(&m.0, "");
        pre.push(
            rules::unreadable_file::INFO
                .diag(Span::file_start(id), format!("\"{}\" does not exist", m.0)),
        );
    }
    let chunks = check(config, &found);

    // Merge: one file table (a file read by several chunks appears once) in an order
    // that does not depend on which thread read what (the configuration and missing
    // paths, then the validated files in discovery order, then the other files read,
    // by path), every finding's spans moved to it, duplicates (a callee's unused
    // suppression seen by two chunks) dropped.
    let boot_chunk = Chunk {
        files: boot.into_files(),
        diagnostics: pre,
        io_error: false,
    };
    let mut chunks: Vec<Chunk> = std::iter::once(boot_chunk).chain(chunks).collect();
    let chunk_diags: Vec<Vec<Diagnostic>> = chunks
        .iter_mut()
        .map(|c| std::mem::take(&mut c.diagnostics))
        .collect();
    let mut sources: std::collections::HashMap<&str, &devplat_core::source::SourceFile> =
        std::collections::HashMap::new();
    for chunk in &chunks {
        for (_, f) in chunk.files.iter() {
            sources.entry(f.path()).or_insert(f);
        }
    }
    let mut order: Vec<&str> = Vec::with_capacity(sources.len());
    if let Some(boot) = chunks.first() {
        order.extend(boot.files.iter().map(|(_, f)| f.path()));
    }
    let found_paths: Vec<String> = found.iter().map(|f| discover::normalize(&f.path)).collect();
    order.extend(found_paths.iter().map(String::as_str));
    let mut rest: Vec<&str> = sources.keys().copied().collect();
    rest.sort_unstable();
    order.extend(rest);
    let mut files = Files::new();
    let mut by_path: std::collections::HashMap<&str, devplat_core::span::FileId> =
        std::collections::HashMap::with_capacity(sources.len());
    for path in order {
        if by_path.contains_key(path) {
            continue;
        }
        if let Some(f) = sources.get(path) {
            by_path.insert(path, files.add(f.path(), f.text()));
        }
    }
    let mut diagnostics = Vec::new();
    for (chunk, diags) in chunks.iter().zip(chunk_diags) {
        usage_error |= chunk.io_error;
        let map: std::collections::HashMap<_, _> = chunk
            .files
            .iter()
            .filter_map(|(old, f)| by_path.get(f.path()).map(|new| (old, *new)))
            .collect();
        for mut d in diags {
            remap(&mut d, &map);
            diagnostics.push(d);
        }
    }
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    let summary = Summary::of(found.len(), &diagnostics);
    let exit = if usage_error {
        ExitCode::UsageOrInput
    } else {
        ExitCode::for_findings(request.fail_on, &diagnostics)
    };
    Outcome {
        files,
        diagnostics,
        summary,
        exit,
    }
}

fn remap(
    d: &mut Diagnostic,
    map: &std::collections::HashMap<devplat_core::span::FileId, devplat_core::span::FileId>,
) {
    let m = |f: &mut devplat_core::span::FileId| {
        if let Some(n) = map.get(f) {
            *f = *n;
        }
    };
    m(&mut d.primary.file);
    for r in &mut d.related {
        m(&mut r.span.file);
    }
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            m(&mut e.span.file);
        }
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
                let obj = v.as_object_mut();
                if let (Some(h), Some(obj)) = (&d.help, obj) {
                    obj.insert("help".to_owned(), serde_json::Value::String(h.clone()));
                }
                if let (false, Some(obj)) = (d.related.is_empty(), v.as_object_mut()) {
                    let related: serde_json::Value = d
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
                    obj.insert("related".to_owned(), related);
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
