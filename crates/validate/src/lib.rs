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
use devplat_core::span::{FileId, Span};
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
    run(fs, request, |config, discover| {
        check_serially(fs, remote, config, discover)
    })
}

/// Validate what `request` names on up to `threads` threads. Checking starts with the
/// first file found: the calling thread walks the directories and hands each file to a
/// queue that the other threads take from, a few neighbouring files at a time (so that
/// a thread mostly reuses the callees it has already parsed), then checks too. Each
/// thread has its own engine that reads the callees it needs; the findings and the file
/// table do not depend on the number of threads or on who checked what. For hosts whose
/// file source can be shared between threads; remote references are not fetched (use
/// [`validate`]).
pub fn validate_parallel(
    fs: &(dyn FileSource + Sync),
    request: &Request,
    threads: usize,
) -> Outcome {
    run(fs, request, |config, discover| {
        let threads = threads.clamp(1, 64);
        if threads == 1 {
            return check_serially(fs, None, config, discover);
        }
        let queue = Queue::default();
        let (missing, chunks) = std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads)
                .map(|_| {
                    let config = config.clone();
                    let queue = &queue;
                    scope.spawn(move || check_files(fs, None, config, queue.drain()))
                })
                .collect();
            // Closed however the walk ends (a panic in it must not leave the other
            // threads waiting for files forever: the scope would never end).
            let closing = CloseOnDrop(&queue);
            let missing = discover(&mut |f| queue.push(f));
            drop(closing);
            // The calling thread checks too, once the walk is over.
            let mut chunks = vec![check_files(fs, None, config.clone(), queue.drain())];
            chunks.extend(handles.into_iter().map(|h| {
                h.join().unwrap_or_else(|_| Chunk {
                    files: Files::new(),
                    diagnostics: Vec::new(),
                    io_error: true,
                })
            }));
            (missing, chunks)
        });
        Checked {
            found: queue.into_found(),
            missing,
            chunks,
        }
    })
}

/// Files found by the walk and not yet checked, shared between the walking thread and
/// the checking threads.
#[derive(Default)]
struct Queue {
    state: std::sync::Mutex<QueueState>,
    ready: std::sync::Condvar,
}

#[derive(Default)]
struct QueueState {
    /// Every file found so far, in discovery order.
    found: Vec<discover::Found>,
    /// The first file not yet taken.
    next: usize,
    /// The walk is over.
    closed: bool,
}

impl Queue {
    /// Files a thread takes at once: neighbours share callees.
    const BATCH: usize = 8;

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn push(&self, f: discover::Found) {
        let mut st = self.lock();
        let was_empty = st.next >= st.found.len();
        st.found.push(f);
        drop(st);
        // Threads wait only on an empty queue.
        if was_empty {
            self.ready.notify_all();
        }
    }

    fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// The next files to check (at most [`Queue::BATCH`]), waiting for the walk while
    /// it is behind; empty once every file is taken and the walk is over.
    fn take(&self) -> Vec<discover::Found> {
        let mut st = self.lock();
        loop {
            let start = st.next;
            let end = st.found.len().min(start.saturating_add(Self::BATCH));
            if start < end {
                st.next = end;
                return st
                    .found
                    .get(start..end)
                    .map(<[_]>::to_vec)
                    .unwrap_or_default();
            }
            if st.closed {
                return Vec::new();
            }
            st = self
                .ready
                .wait(st)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Every file, batch by batch, until the queue is closed and empty.
    fn drain(&self) -> impl Iterator<Item = discover::Found> + '_ {
        let mut batch = Vec::new().into_iter();
        std::iter::from_fn(move || {
            loop {
                if let Some(f) = batch.next() {
                    return Some(f);
                }
                let next = self.take();
                if next.is_empty() {
                    return None;
                }
                batch = next.into_iter();
            }
        })
    }

    fn into_found(self) -> Vec<discover::Found> {
        self.state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .found
    }
}

/// Discovery, then every file checked by one engine on the calling thread.
fn check_serially(
    fs: &dyn FileSource,
    remote: Option<&dyn RemoteSource>,
    config: &config::Config,
    discover: &Discover<'_>,
) -> Checked {
    let mut found = Vec::new();
    let missing = discover(&mut |f| found.push(f));
    let chunk = check_files(fs, remote, config.clone(), found.iter());
    Checked {
        found,
        missing,
        chunks: vec![chunk],
    }
}

/// Closes the queue when dropped.
struct CloseOnDrop<'q>(&'q Queue);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// What one engine found over part of the files.
struct Chunk {
    files: Files,
    diagnostics: Vec<Diagnostic>,
    io_error: bool,
}

/// What the checking part of a run gives back: every file discovery found (in its
/// order), the paths that do not exist, and each engine's findings.
struct Checked {
    found: Vec<discover::Found>,
    missing: Vec<discover::Missing>,
    chunks: Vec<Chunk>,
}

fn check_files<F: std::borrow::Borrow<discover::Found>>(
    fs: &dyn FileSource,
    remote: Option<&dyn RemoteSource>,
    config: config::Config,
    found: impl Iterator<Item = F>,
) -> Chunk {
    let engine = engine::Engine::new(fs, remote, config);
    let mut diagnostics = Vec::new();
    let mut io_error = false;
    for f in found {
        let (d, io) = engine.check(f.borrow());
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

/// Runs discovery, handing each file found to a callback, and returns the paths that
/// do not exist.
type Discover<'d> = dyn Fn(&mut dyn FnMut(discover::Found)) -> Vec<discover::Missing> + 'd;

/// The parts of a run around the checking: configuration, merging the chunks' files and
/// findings, the exit code. `check` runs discovery (through the function it is given,
/// which applies the configuration's exclusions) and the checking, in whatever order
/// and on whatever threads it likes.
fn run<F>(fs: &dyn FileSource, request: &Request, check: F) -> Outcome
where
    F: FnOnce(&config::Config, &Discover<'_>) -> Checked,
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
    let excluded = |path: &str, is_dir: bool| config.is_excluded(path, is_dir);
    let discover = |on_found: &mut dyn FnMut(discover::Found)| {
        discover::discover_each(fs, &request.paths, &excluded, on_found)
    };
    let Checked {
        found,
        missing,
        chunks,
    } = check(&config, &discover);
    for m in missing {
        usage_error = true;
        let id = boot.add_file(&m.0, "");
        pre.push(
            rules::unreadable_file::INFO
                .diag(Span::file_start(id), format!("\"{}\" does not exist", m.0)),
        );
    }

    // Merge: one file table (a file read by several chunks appears once) in an order
    // that does not depend on which thread read what (the configuration and missing
    // paths, then the validated files in discovery order, then the other files read,
    // by path), every finding's spans moved to it, duplicates (a callee's unused
    // suppression seen by two chunks) dropped. The files are moved, not copied.
    let boot_chunk = Chunk {
        files: boot.into_files(),
        diagnostics: pre,
        io_error: false,
    };
    let chunks: Vec<Chunk> = std::iter::once(boot_chunk).chain(chunks).collect();
    let maps = merge_order(&chunks, &found);
    let mut slots: Vec<Option<devplat_core::source::SourceFile>> = Vec::new();
    let mut diagnostics = Vec::new();
    for (chunk, map) in chunks.into_iter().zip(maps) {
        usage_error |= chunk.io_error;
        for (old, f) in chunk.files {
            let Some(new) = map.get(&old).map(|n| n.0 as usize) else {
                continue;
            };
            if slots.len() <= new {
                slots.resize_with(new.saturating_add(1), || None);
            }
            if let Some(slot @ None) = slots.get_mut(new) {
                *slot = Some(f);
            }
        }
        for mut d in chunk.diagnostics {
            remap(&mut d, &map);
            diagnostics.push(d);
        }
    }
    let mut files = Files::new();
    for f in slots.into_iter().flatten() {
        files.push(f);
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

/// For each chunk, where each of its files goes in the merged table: the boot chunk's
/// files first, then the validated files in discovery order, then the other files read,
/// by path; each path once.
fn merge_order(
    chunks: &[Chunk],
    found: &[discover::Found],
) -> Vec<std::collections::HashMap<FileId, FileId>> {
    let mut paths: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for chunk in chunks {
        for (_, f) in chunk.files.iter() {
            paths.insert(f.path());
        }
    }
    let mut order: Vec<&str> = Vec::with_capacity(paths.len());
    if let Some(boot) = chunks.first() {
        order.extend(boot.files.iter().map(|(_, f)| f.path()));
    }
    let found_paths: Vec<String> = found.iter().map(|f| discover::normalize(&f.path)).collect();
    order.extend(
        found_paths
            .iter()
            .map(String::as_str)
            .filter(|p| paths.contains(p)),
    );
    let mut rest: Vec<&str> = paths.iter().copied().collect();
    rest.sort_unstable();
    order.extend(rest);
    let mut by_path: std::collections::HashMap<&str, FileId> =
        std::collections::HashMap::with_capacity(paths.len());
    for path in order {
        let next = FileId(u32::try_from(by_path.len()).unwrap_or(u32::MAX));
        by_path.entry(path).or_insert(next);
    }
    chunks
        .iter()
        .map(|chunk| {
            chunk
                .files
                .iter()
                .filter_map(|(old, f)| by_path.get(f.path()).map(|new| (old, *new)))
                .collect()
        })
        .collect()
}

fn remap(d: &mut Diagnostic, map: &std::collections::HashMap<FileId, FileId>) {
    let m = |f: &mut FileId| {
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
