//! One validate run: load each file once, walk it, hand it to every rule, then apply
//! the configuration and the inline suppressions.
//!
//! Files other than the ones being validated (the callee of a reusable-workflow call, a
//! local action) are read lazily through the host's [`FileSource`] (or, for remote
//! references, its [`RemoteSource`]) and summarised once ([`summary`](crate::summary)).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use devplat_core::diag::Diagnostic;
use devplat_core::source::{FileSource, Files, FsError};
use devplat_core::span::{FileId, Span};

use crate::config::{Config, Level};
use crate::discover::{Expect, Found, normalize};
use crate::exprs::{self, SiteExprs};
use crate::model::{Action, Workflow};
use crate::remote::{RemoteError, RemoteRef, RemoteSource};
use crate::rules::{self, Rule, StepScope};
use crate::schema::{self, Walk};
use crate::summary::{ActionSummary, WorkflowSummary};
use crate::suppress;
use crate::syntax::{Document, Node, NodeExt as _};
use devplat_core::yaml::{self, LoadOptions};

/// Most parsed local files an engine keeps for the files that refer to them.
const MAX_KEPT: usize = 64;

/// A file read and parsed (or not).
#[derive(Debug)]
pub struct Loaded {
    pub file: FileId,
    pub path: String,
    /// The documents, or the diagnostic that says why there are none.
    pub docs: Result<Vec<Document>, Diagnostic>,
    /// The file could not be read at all (an I/O error, not a finding about content).
    pub io_error: bool,
}

impl Loaded {
    /// The first document's root.
    pub fn root(&self) -> Option<&Node> {
        self.docs.as_ref().ok()?.first().map(|d| &d.root)
    }
}

/// A workflow file, ready for the rules.
#[derive(Debug)]
pub struct WorkflowFile<'a> {
    pub file: FileId,
    pub path: &'a str,
    pub wf: Workflow<'a>,
    pub walk: Walk<'a>,
    /// The parsed expressions of `walk.expressions`, index for index.
    pub exprs: Vec<SiteExprs>,
}

/// An action metadata file, ready for the rules.
#[derive(Debug)]
pub struct ActionFile<'a> {
    pub file: FileId,
    pub path: &'a str,
    pub action: Action<'a>,
    pub walk: Walk<'a>,
    /// The parsed expressions of `walk.expressions`, index for index.
    pub exprs: Vec<SiteExprs>,
}

/// What a lookup of another file gave.
#[derive(Debug, Clone)]
pub enum Resolution<T> {
    Found(T),
    /// The file does not exist (the message says where we looked).
    NotFound(String),
    /// A remote reference and no remote source: not checked.
    Offline,
    /// A remote reference that the remote source could not fetch.
    RemoteFailed(String),
}

/// The state of one run.
pub struct Engine<'e> {
    fs: &'e dyn FileSource,
    remote: Option<&'e dyn RemoteSource>,
    pub config: Config,
    files: RefCell<Files>,
    /// Local files parsed and kept because other files may refer to them (reusable
    /// workflows, actions), at most [`MAX_KEPT`] at a time.
    loaded: RefCell<HashMap<String, Rc<Loaded>>>,
    /// Remote files fetched (kept for the whole run: fetching is the slow part).
    fetched: RefCell<HashMap<String, Rc<Loaded>>>,
    exprs: RefCell<exprs::ExprCache>,
    /// The file-table entry of every path parsed, by path.
    ids: RefCell<HashMap<String, FileId>>,
    workflows: RefCell<HashMap<String, Resolution<Rc<WorkflowSummary>>>>,
    actions: RefCell<HashMap<String, Resolution<Rc<ActionSummary>>>>,
    /// The files this engine validated (unused suppressions are reported for these only:
    /// a callee's suppressions are used where the callee itself is validated).
    validated: RefCell<Vec<FileId>>,
}

/// What a rule writes to.
pub struct Cx<'c> {
    pub engine: &'c Engine<'c>,
    pub file: FileId,
    out: Vec<Diagnostic>,
}

impl Cx<'_> {
    pub fn report(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    pub fn config(&self) -> &Config {
        &self.engine.config
    }
}

impl<'e> Engine<'e> {
    pub fn new(
        fs: &'e dyn FileSource,
        remote: Option<&'e dyn RemoteSource>,
        config: Config,
    ) -> Self {
        Engine {
            fs,
            remote,
            config,
            files: RefCell::new(Files::new()),
            loaded: RefCell::new(HashMap::new()),
            fetched: RefCell::new(HashMap::new()),
            exprs: RefCell::new(exprs::ExprCache::default()),
            ids: RefCell::new(HashMap::new()),
            workflows: RefCell::new(HashMap::new()),
            actions: RefCell::new(HashMap::new()),
            validated: RefCell::new(Vec::new()),
        }
    }

    pub fn into_files(self) -> Files {
        self.files.into_inner()
    }

    /// Add a file that is not YAML to validate (a configuration file, a pseudo-file for
    /// a missing path), returning its id.
    pub fn add_file(&self, path: &str, text: &str) -> FileId {
        self.files.borrow_mut().add(path, text)
    }

    /// The file table (for rules that map text back to positions).
    pub fn files(&self) -> std::cell::Ref<'_, Files> {
        self.files.borrow()
    }

    /// The display path of a file.
    pub fn path(&self, id: FileId) -> String {
        self.files.borrow().path(id).to_owned()
    }

    /// Parse `bytes` as the file `display` (no caching of the tree). A file parsed
    /// before (its tree since dropped from the bounded cache) keeps its entry in the file
    /// table when its text has not changed.
    pub fn parse(&self, display: &str, bytes: Vec<u8>) -> Loaded {
        let opts = LoadOptions::github();
        let known = self.ids.borrow().get(display).copied().filter(|id| {
            self.files
                .borrow()
                .get(*id)
                .is_some_and(|f| f.text().as_bytes() == bytes.as_slice())
        });
        let (file, res) = match known {
            Some(id) => {
                let files = self.files.borrow();
                let text = files.get(id).map_or("", |f| f.text());
                (id, yaml::load_text(text, id, &opts))
            }
            None => {
                let (file, res) =
                    yaml::load_stream_owned(&mut self.files.borrow_mut(), display, bytes, &opts);
                self.ids
                    .borrow_mut()
                    .entry(display.to_owned())
                    .or_insert(file);
                (file, res)
            }
        };
        Loaded {
            file,
            path: display.to_owned(),
            // Every loader error (syntax, encoding, limits, bad tags) is one rule for
            // users: the file could not be read as YAML. The loader's message says which.
            docs: res.map_err(|e| {
                let mut d = e.to_diagnostic();
                d.code = rules::yaml_syntax::INFO.code.to_owned();
                d
            }),
            io_error: false,
        }
    }

    /// Read and parse a local file once.
    pub fn load(&self, path: &str) -> Rc<Loaded> {
        let key = normalize(path);
        if let Some(l) = self.loaded.borrow().get(&key) {
            return Rc::clone(l);
        }
        let loaded = match self.fs.read(&key) {
            Ok(bytes) => self.parse(&key, bytes),
            Err(e) => {
                let file = self.files.borrow_mut().add(key.clone(), "");
                let msg = match e {
                    FsError::NotFound => format!("cannot read \"{key}\": no such file"),
                    FsError::Other(m) => format!("cannot read \"{key}\": {m}"),
                };
                Loaded {
                    file,
                    path: key.clone(),
                    docs: Err(Diagnostic::error(
                        rules::unreadable_file::INFO.code,
                        msg,
                        Span::file_start(file),
                    )),
                    io_error: true,
                }
            }
        };
        let rc = Rc::new(loaded);
        self.keep(key, Rc::clone(&rc));
        rc
    }

    /// Keep a parsed local file for the files that refer to it. References are local to
    /// a repository and discovery keeps a repository's files together, so when the cache
    /// is full it is emptied (what is dropped is parsed again if it is needed again):
    /// memory stays flat over any number of repositories.
    fn keep(&self, key: String, loaded: Rc<Loaded>) {
        let mut kept = self.loaded.borrow_mut();
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(key, loaded);
    }

    /// Whether `path` exists in the host's file source.
    pub fn exists(&self, path: &str) -> bool {
        self.fs.kind(&normalize(path)).is_some()
    }

    /// The callee of `uses:` (a reusable-workflow call), summarised.
    pub fn reusable_workflow(
        &self,
        caller_path: &str,
        uses: &str,
    ) -> Resolution<Rc<WorkflowSummary>> {
        let key = format!("{}|{uses}", repo_root(caller_path));
        if let Some(r) = self.workflows.borrow().get(&key) {
            return r.clone();
        }
        let res = if let Some(local) = uses.strip_prefix("./") {
            let path = join_root(repo_root(caller_path), local);
            if self.fs.kind(&path).is_none() {
                Resolution::NotFound(format!("\"{path}\" does not exist"))
            } else {
                let loaded = self.load(&path);
                Resolution::Found(Rc::new(WorkflowSummary::of(&loaded)))
            }
        } else if let Some(r) = RemoteRef::parse(uses) {
            match self.fetch_remote(&r, &r.path) {
                Ok(loaded) => Resolution::Found(Rc::new(WorkflowSummary::of(&loaded))),
                Err(res) => res,
            }
        } else {
            Resolution::NotFound(format!("\"{uses}\" is not a reusable workflow reference"))
        };
        self.workflows.borrow_mut().insert(key, res.clone());
        res
    }

    /// The action of a step's `uses:` (local `./path` or remote `owner/repo[/path]@ref`).
    pub fn action(&self, caller_path: &str, uses: &str) -> Resolution<Rc<ActionSummary>> {
        // Offline, a remote action is not looked up at all (every step has one).
        if self.remote.is_none() && !uses.starts_with("./") && RemoteRef::split(uses).is_some() {
            return Resolution::Offline;
        }
        let key = format!("{}|{uses}", repo_root(caller_path));
        if let Some(r) = self.actions.borrow().get(&key) {
            return r.clone();
        }
        let res = if let Some(local) = uses.strip_prefix("./") {
            let dir = join_root(repo_root(caller_path), local);
            let candidates = [
                join_root(&dir, "action.yml"),
                join_root(&dir, "action.yaml"),
            ];
            match candidates.iter().find(|c| self.fs.kind(c).is_some()) {
                Some(path) => {
                    let loaded = self.load(path);
                    Resolution::Found(Rc::new(ActionSummary::of(&loaded)))
                }
                None => Resolution::NotFound(format!(
                    "neither \"{}\" nor \"{}\" exists",
                    candidates[0], candidates[1]
                )),
            }
        } else if let Some(r) = RemoteRef::parse(uses) {
            let mut result = Resolution::Offline;
            for name in ["action.yml", "action.yaml"] {
                let file = join_root(&r.path, name);
                match self.fetch_remote(&r, &file) {
                    Ok(loaded) => {
                        result = Resolution::Found(Rc::new(ActionSummary::of(&loaded)));
                        break;
                    }
                    Err(Resolution::NotFound(m)) => result = Resolution::NotFound(m),
                    Err(other) => {
                        result = other;
                        break;
                    }
                }
            }
            result
        } else {
            Resolution::NotFound(format!("\"{uses}\" is not an action reference"))
        };
        self.actions.borrow_mut().insert(key, res.clone());
        res
    }

    fn fetch_remote<T>(&self, r: &RemoteRef, file: &str) -> Result<Rc<Loaded>, Resolution<T>> {
        let Some(remote) = self.remote else {
            return Err(Resolution::Offline);
        };
        let display = r.display(file);
        if let Some(l) = self.fetched.borrow().get(&display) {
            return Ok(Rc::clone(l));
        }
        match remote.fetch(r, file) {
            Ok(bytes) => {
                let rc = Rc::new(self.parse(&display, bytes));
                self.fetched.borrow_mut().insert(display, Rc::clone(&rc));
                Ok(rc)
            }
            Err(RemoteError::NotFound) => Err(Resolution::NotFound(format!(
                "\"{display}\" does not exist"
            ))),
            Err(RemoteError::Other(m)) => Err(Resolution::RemoteFailed(m)),
        }
    }

    /// Validate one discovered file; returns its diagnostics and whether it was an I/O
    /// failure.
    pub fn check(&self, found: &Found) -> (Vec<Diagnostic>, bool) {
        // A validated file is parsed for this check only (its tree is dropped after it,
        // which keeps memory flat over large repositories); files that other files
        // refer to are cached by `load`.
        let key = normalize(&found.path);
        let cached = self.loaded.borrow().get(&key).cloned();
        let loaded = match cached {
            Some(l) => l,
            None => match self.fs.read(&key) {
                Ok(bytes) => {
                    let l = Rc::new(self.parse(&key, bytes));
                    // Keep what other files can refer to: reusable workflows and actions.
                    let referable = l.root().is_some_and(|r| {
                        r.get("runs").is_some()
                            || r.get("on").is_some_and(|on| {
                                on.get("workflow_call").is_some()
                                    || on
                                        .items_or_self()
                                        .iter()
                                        .any(|n| n.text() == Some("workflow_call"))
                            })
                    });
                    if referable {
                        self.keep(key.clone(), Rc::clone(&l));
                    }
                    l
                }
                Err(_) => self.load(&key),
            },
        };
        self.validated.borrow_mut().push(loaded.file);
        let mut out = Vec::new();
        let docs = match &loaded.docs {
            Ok(d) => d,
            Err(d) => return (vec![d.clone()], loaded.io_error),
        };
        let Some(doc) = docs.first() else {
            if found.expect != Expect::ByContent || found.explicit {
                out.push(Diagnostic::error(
                    rules::missing_key::INFO.code,
                    "the file is empty".to_owned(),
                    Span::file_start(loaded.file),
                ));
            }
            return (out, false);
        };
        let root = &doc.root;
        let kind = match found.expect {
            Expect::ByContent => classify(root),
            other => Some(other),
        };
        let mut cx = Cx {
            engine: self,
            file: loaded.file,
            out: Vec::new(),
        };
        let all = rules::all();
        match kind {
            Some(Expect::Workflow) => {
                let walk = schema::walk(root, &schema::WORKFLOW);
                let exprs = self.analyze(&walk);
                let file = WorkflowFile {
                    file: loaded.file,
                    path: &loaded.path,
                    wf: Workflow::build(loaded.file, &loaded.path, root),
                    walk,
                    exprs,
                };
                run_workflow(&mut cx, all, &file);
            }
            Some(Expect::Action) => {
                let walk = schema::walk(root, &schema::ACTION);
                let exprs = self.analyze(&walk);
                let file = ActionFile {
                    file: loaded.file,
                    path: &loaded.path,
                    action: Action::build(loaded.file, &loaded.path, root),
                    walk,
                    exprs,
                };
                run_action(&mut cx, all, &file);
            }
            _ => {
                if found.explicit {
                    cx.report(rules::unrecognized_file::INFO.diag(
                        Span::file_start(loaded.file),
                        format!(
                            "\"{}\" is neither a workflow (no `on:` or `jobs:`) nor an action (no `runs:`); not validated",
                            loaded.path
                        ),
                    ));
                }
            }
        }
        if let Some(source) = self.files.borrow().get(loaded.file) {
            for rule in all {
                rule.raw(&mut cx, source);
            }
        }
        out.extend(cx.out);
        (out, false)
    }

    fn analyze(&self, walk: &Walk<'_>) -> Vec<SiteExprs> {
        let files = self.files.borrow();
        let mut cache = self.exprs.borrow_mut();
        walk.expressions
            .iter()
            .map(|site| exprs::analyze(&files, site, &mut cache))
            .collect()
    }

    /// Apply the configured levels (dropping rules that are off) and the file's
    /// suppressions; report unused suppressions.
    pub fn finish(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut diags: Vec<Diagnostic> = diags
            .into_iter()
            .filter_map(|mut d| match self.config.level(&d.code) {
                Some(Level::Off) => None,
                Some(Level::On(s)) => {
                    d.severity = s;
                    Some(d)
                }
                None => Some(d),
            })
            .collect();
        let files = self.files.borrow();
        let mut validated = self.validated.borrow().clone();
        validated.sort_unstable();
        validated.dedup();
        let mut extra = Vec::new();
        for id in validated {
            let Some(source) = files.get(id) else {
                continue;
            };
            let mut sups = suppress::scan(id, source);
            if sups.is_empty() {
                continue;
            }
            diags = suppress::apply(diags, id, &mut sups);
            for s in sups.iter().filter(|s| !s.used) {
                let info = &rules::unused_suppression::INFO;
                let known = rules::by_code(&s.code).is_some();
                let msg = if known {
                    format!(
                        "suppression of \"{}\" matches no finding on this line or the next",
                        s.code
                    )
                } else {
                    let codes: Vec<&str> = rules::all().iter().map(|r| r.info().code).collect();
                    format!(
                        "suppression of unknown rule \"{}\"{}",
                        s.code,
                        devplat_core::suggest::did_you_mean(&s.code, codes)
                    )
                };
                let severity = match self.config.level(info.code) {
                    Some(Level::Off) => continue,
                    Some(Level::On(sev)) => sev,
                    None => info.severity,
                };
                extra.push(info.diag(s.span, msg).with_severity(severity));
            }
        }
        diags.extend(extra);
        diags
    }
}

fn run_workflow(cx: &mut Cx<'_>, all: &[&dyn Rule], file: &WorkflowFile<'_>) {
    for rule in all {
        rule.workflow(cx, file);
    }
    for job in &file.wf.jobs {
        for rule in all {
            rule.job(cx, file, job);
        }
        for step in &job.steps {
            for rule in all {
                rule.step(cx, StepScope::Job(file, job), step);
            }
        }
    }
}

fn run_action(cx: &mut Cx<'_>, all: &[&dyn Rule], file: &ActionFile<'_>) {
    for rule in all {
        rule.action(cx, file);
    }
    for step in &file.action.steps {
        for rule in all {
            rule.step(cx, StepScope::Composite(file), step);
        }
    }
}

/// What a file of unknown role is, from its content.
fn classify(root: &Node) -> Option<Expect> {
    if root.get("jobs").is_some() || root.get("on").is_some() {
        Some(Expect::Workflow)
    } else if root.get("runs").is_some() {
        Some(Expect::Action)
    } else {
        None
    }
}

/// The repository root of a file: the part of its path before `.github/` (local
/// `uses: ./…` references are relative to it), or the host's root.
pub fn repo_root(path: &str) -> &str {
    if path.starts_with(".github/") {
        return "";
    }
    match path.find("/.github/") {
        Some(i) => path.get(..i).unwrap_or(""),
        None => "",
    }
}

fn join_root(root: &str, rel: &str) -> String {
    if root.is_empty() {
        normalize(rel)
    } else {
        normalize(&format!("{root}/{rel}"))
    }
}
