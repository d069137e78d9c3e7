//! Changed files → affected services, each with the reasons it is affected.
//!
//! A service is directly affected when a changed path is owned by it: its patterns are
//! read in order like `.gitignore` (the last pattern whose glob matches decides, so a
//! later `!pattern` narrows), and `root: dir` counts as a first pattern `dir/**` that
//! only the deepest enclosing root owns. A changed path matched by `global` affects
//! every service. Every transitive dependent of an affected service is affected too,
//! with the dependency chain as its reason.

use std::collections::HashMap;

use devplat_core::glob::{MatchScratch, Pattern, PatternSet};
use devplat_core::graph::Direction;
use devplat_core::graph::config::ServiceConfig;
use serde::Serialize;

use crate::files::ChangedFile;

/// Why a service is affected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A changed path matched one of the service's patterns (the deciding one).
    File { file: String, pattern: String },
    /// A changed path matched a `global` pattern.
    Global { file: String, pattern: String },
    /// The service depends, through `via` (first: the directly affected service; last:
    /// the service's own direct dependency), on an affected service.
    Dependency { via: Vec<String> },
    /// The list of changed files is incomplete (for example the GitHub API cap was hit
    /// and git could not answer), so every service is treated as affected.
    Incomplete { message: String },
}

/// One service's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceResult {
    pub affected: bool,
    /// Affected by its own files (or a global file), not only through a dependency.
    pub direct: bool,
    /// The changed paths it owns.
    pub files: Vec<String>,
    pub reasons: Vec<Reason>,
}

/// Compiled matchers for one config: built once, used for every changed path.
pub struct Matcher<'c> {
    config: &'c ServiceConfig,
    /// `None` only if the patterns failed to compile together, which the loader rules
    /// out (every pattern was compiled on its own there).
    set: Option<PatternSet>,
    /// Pattern index in `set` → (service index or `None` for global, position).
    owner: Vec<(Option<usize>, usize)>,
    /// `root` directory → service index.
    roots: HashMap<&'c str, usize>,
}

/// The result of matching one path: services owning it (with their deciding pattern)
/// and the global pattern that matched, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathMatch {
    /// `(service index, deciding pattern text)`.
    pub services: Vec<(usize, String)>,
    pub global: Option<String>,
}

impl<'c> Matcher<'c> {
    pub fn new(config: &'c ServiceConfig) -> Matcher<'c> {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut owner = Vec::new();
        for (k, rule) in config.global.iter().enumerate() {
            patterns.push(rule.pattern.clone());
            owner.push((None, k));
        }
        for (i, svc) in config.services.iter().enumerate() {
            for (k, rule) in svc.paths.iter().enumerate() {
                patterns.push(rule.pattern.clone());
                owner.push((Some(i), k));
            }
        }
        let set = PatternSet::new(patterns).ok();
        let roots = config
            .services
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.root.as_ref().map(|r| (r.value.as_str(), i)))
            .collect();
        Matcher {
            config,
            set,
            owner,
            roots,
        }
    }

    /// The service owning `path` through its `root` (the deepest enclosing root).
    fn root_owner(&self, path: &str) -> Option<usize> {
        if self.roots.is_empty() {
            return None;
        }
        let mut end = path.len();
        loop {
            let prefix = path.get(..end)?;
            let cut = prefix.rfind('/')?;
            let dir = path.get(..cut)?;
            if let Some(&i) = self.roots.get(dir) {
                return Some(i);
            }
            end = cut;
        }
    }

    /// Match one path. `hits` and `scratch` are reusable buffers.
    pub fn match_path(
        &self,
        path: &str,
        scratch: &mut MatchScratch,
        hits: &mut Vec<usize>,
    ) -> PathMatch {
        let Some(set) = &self.set else {
            return PathMatch::default();
        };
        set.body_matches_into(path, scratch, hits);
        let mut result = PathMatch::default();
        // Global: the last matching global pattern decides.
        let mut global: Option<(bool, usize)> = None;
        // Per service: (included, deciding pattern index in `set`, or None for root).
        let mut decided: Vec<(usize, bool, Option<usize>)> = Vec::new();
        if let Some(i) = self.root_owner(path) {
            decided.push((i, true, None));
        }
        for &h in hits.iter() {
            let Some(&(svc, _)) = self.owner.get(h) else {
                continue;
            };
            let negated = set.patterns().get(h).is_some_and(Pattern::is_negated);
            match svc {
                None => global = Some((!negated, h)),
                Some(i) => match decided.iter_mut().find(|(s, _, _)| *s == i) {
                    Some(entry) => *entry = (i, !negated, Some(h)),
                    None => decided.push((i, !negated, Some(h))),
                },
            }
        }
        if let Some((true, h)) = global {
            result.global = set.patterns().get(h).map(|p| p.text().to_owned());
        }
        for (i, included, by) in decided {
            if !included {
                continue;
            }
            let pattern = match by {
                Some(h) => set
                    .patterns()
                    .get(h)
                    .map(|p| p.text().to_owned())
                    .unwrap_or_default(),
                None => self
                    .config
                    .services
                    .get(i)
                    .and_then(|s| s.root.as_ref())
                    .map(|r| format!("{}/**", r.value))
                    .unwrap_or_default(),
            };
            result.services.push((i, pattern));
        }
        result
    }
}

/// Compute every service's result for `files`. When `incomplete` is `Some(message)`,
/// the file list is known to be partial and every service is affected with that reason.
pub fn compute(
    config: &ServiceConfig,
    files: &[ChangedFile],
    incomplete: Option<&str>,
) -> Vec<ServiceResult> {
    let n = config.services.len();
    let mut results: Vec<ServiceResult> = (0..n)
        .map(|_| ServiceResult {
            affected: false,
            direct: false,
            files: Vec::new(),
            reasons: Vec::new(),
        })
        .collect();
    let matcher = Matcher::new(config);
    let mut scratch = MatchScratch::default();
    let mut hits = Vec::new();
    let mut global_reasons: Vec<Reason> = Vec::new();
    for file in files {
        for path in file.touched_paths() {
            let m = matcher.match_path(path, &mut scratch, &mut hits);
            if let Some(pattern) = m.global {
                global_reasons.push(Reason::Global {
                    file: path.to_owned(),
                    pattern,
                });
            }
            for (i, pattern) in m.services {
                if let Some(r) = results.get_mut(i) {
                    r.direct = true;
                    if r.files.last().map(String::as_str) != Some(path) {
                        r.files.push(path.to_owned());
                    }
                    r.reasons.push(Reason::File {
                        file: path.to_owned(),
                        pattern,
                    });
                }
            }
        }
    }
    if !global_reasons.is_empty() || incomplete.is_some() {
        for r in &mut results {
            r.direct = true;
            r.reasons.extend(global_reasons.iter().cloned());
            if let Some(msg) = incomplete {
                r.reasons.push(Reason::Incomplete {
                    message: msg.to_owned(),
                });
            }
        }
    }
    let seeds: Vec<usize> = (0..n)
        .filter(|&i| results.get(i).is_some_and(|r| r.direct))
        .collect();
    let reach = config.graph.closure(&seeds, Direction::Dependents);
    for (i, chain) in reach.into_iter().enumerate() {
        let Some(chain) = chain else { continue };
        let Some(r) = results.get_mut(i) else {
            continue;
        };
        r.affected = true;
        if chain.len() > 1 {
            let via: Vec<String> = chain
                .iter()
                .take(chain.len().saturating_sub(1))
                .map(|&k| config.graph.name(k).to_owned())
                .collect();
            r.reasons.push(Reason::Dependency { via });
        }
    }
    results
}
