//! Which files a run validates, found through the host's [`FileSource`].
//!
//! With a directory: `.github/workflows/*.{yml,yaml}` under it, every
//! `action.yml`/`action.yaml` (skipping `.git`, `node_modules`, `target`, `dist`), and
//! every YAML file under `workflows-templates/`. A file named explicitly is validated
//! wherever it is; its content decides what it is.

use std::collections::HashSet;

use devplat_core::source::{EntryKind, FileSource};

/// What a discovered file is expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Workflow,
    Action,
    /// Decide from the content (`jobs:`/`on:` → workflow, `runs:` → action).
    ByContent,
}

/// One file to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// `/`-separated, relative to the host's root, no leading `./`.
    pub path: String,
    pub expect: Expect,
    /// Named on the command line (an unrecognised file is then reported).
    pub explicit: bool,
}

/// A path given by the user that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing(pub String);

const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", "dist"];
/// Guards against symlink loops and absurd trees.
const MAX_DEPTH: usize = 32;

/// `./a//b/` → `a/b`; `.` → ``.
pub fn normalize(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yml") || name.ends_with(".yaml")
}

/// Discover the files under `paths` (the current directory when empty), each once, in
/// a stable order. Paths for which `excluded(path, is_dir)` says yes are skipped while
/// walking (a skipped directory is not entered); files named explicitly are always kept,
/// and a directory named explicitly that is itself excluded is walked whole (naming it
/// is asking for it).
pub fn discover(
    fs: &dyn FileSource,
    paths: &[String],
    excluded: &dyn Fn(&str, bool) -> bool,
) -> (Vec<Found>, Vec<Missing>) {
    let mut found = Vec::new();
    let missing = discover_each(fs, paths, excluded, &mut |f| found.push(f));
    (found, missing)
}

/// [`discover`], handing each file to `on_found` as soon as it is found (so that
/// checking can start while the walk goes on), in the same order.
pub fn discover_each(
    fs: &dyn FileSource,
    paths: &[String],
    excluded: &dyn Fn(&str, bool) -> bool,
    on_found: &mut dyn FnMut(Found),
) -> Vec<Missing> {
    let mut out = Out {
        seen: HashSet::new(),
        on_found,
    };
    let mut missing = Vec::new();
    let roots: Vec<String> = if paths.is_empty() {
        vec![String::new()]
    } else {
        paths.iter().map(|p| normalize(p)).collect()
    };
    for root in roots {
        let probe = if root.is_empty() { "." } else { root.as_str() };
        match fs.kind(probe) {
            Some(EntryKind::File) => out.push(Found {
                expect: expect_for_path(&root).unwrap_or(Expect::ByContent),
                path: root,
                explicit: true,
            }),
            Some(EntryKind::Dir) if !root.is_empty() && excluded(&root, true) => {
                walk(fs, &root, 0, false, &|_, _| false, &mut out);
            }
            Some(EntryKind::Dir) => walk(fs, &root, 0, false, excluded, &mut out),
            None => missing.push(Missing(root)),
        }
    }
    missing
}

/// Where found files go: each path once (overlapping roots name some twice).
struct Out<'o> {
    seen: HashSet<String>,
    on_found: &'o mut dyn FnMut(Found),
}

impl Out<'_> {
    fn push(&mut self, f: Found) {
        if self.seen.insert(f.path.clone()) {
            (self.on_found)(f);
        }
    }
}

/// What a file's location says it is, if anything.
pub fn expect_for_path(path: &str) -> Option<Expect> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "action.yml" || name == "action.yaml" {
        return Some(Expect::Action);
    }
    let parent = path.rsplit_once('/').map_or("", |(d, _)| d);
    if is_yaml(name) && (parent == ".github/workflows" || parent.ends_with("/.github/workflows")) {
        return Some(Expect::Workflow);
    }
    None
}

fn walk(
    fs: &dyn FileSource,
    dir: &str,
    depth: usize,
    in_templates: bool,
    excluded: &dyn Fn(&str, bool) -> bool,
    found: &mut Out<'_>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let probe = if dir.is_empty() { "." } else { dir };
    let Ok(mut entries) = fs.read_dir(probe) else {
        return;
    };
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    let in_workflows = dir == ".github/workflows" || dir.ends_with("/.github/workflows");
    for e in entries {
        let path = join(dir, &e.name);
        if excluded(&path, e.kind == EntryKind::Dir) {
            continue;
        }
        match e.kind {
            EntryKind::Dir => {
                if SKIP_DIRS.contains(&e.name.as_str()) {
                    continue;
                }
                let templates = in_templates || e.name == "workflows-templates";
                walk(
                    fs,
                    &path,
                    depth.saturating_add(1),
                    templates,
                    excluded,
                    found,
                );
            }
            EntryKind::File => {
                let expect = if e.name == "action.yml" || e.name == "action.yaml" {
                    Some(Expect::Action)
                } else if in_workflows && is_yaml(&e.name) {
                    Some(Expect::Workflow)
                } else if in_templates && is_yaml(&e.name) {
                    Some(Expect::ByContent)
                } else {
                    None
                };
                if let Some(expect) = expect {
                    found.push(Found {
                        path,
                        expect,
                        explicit: false,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use devplat_core::source::MemoryFiles;

    #[test]
    fn finds_the_right_files() {
        let mut m = MemoryFiles::new();
        m.insert(".github/workflows/ci.yml", "on: push");
        m.insert(".github/workflows/notes.md", "x");
        m.insert(".github/actions/setup/action.yml", "runs: {}");
        m.insert("node_modules/x/action.yml", "runs: {}");
        m.insert("workflows-templates/deploy.yaml", "on: push");
        m.insert("workflows-templates/sub/build.yml", "on: push");
        m.insert("docs/example.yml", "on: push");
        let (found, missing) = discover(&m, &[], &|_, _| false);
        let paths: Vec<_> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                ".github/actions/setup/action.yml",
                ".github/workflows/ci.yml",
                "workflows-templates/deploy.yaml",
                "workflows-templates/sub/build.yml",
            ]
        );
        assert!(missing.is_empty());
        let (found, missing) = discover(
            &m,
            &["./docs/example.yml".into(), "nope".into()],
            &|_, _| false,
        );
        assert_eq!(found[0].path, "docs/example.yml");
        assert!(found[0].explicit);
        assert_eq!(missing, vec![Missing("nope".into())]);
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize("./a//b/"), "a/b");
        assert_eq!(normalize("."), "");
        assert_eq!(normalize("a/../b"), "b");
        assert_eq!(normalize("../x"), "../x");
    }
}
