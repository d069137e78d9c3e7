//! Compatibility with dorny/paths-filter filter files, so teams can migrate without
//! rewriting their filters.
//!
//! A filter file maps names to rules. A rule is a glob, a list of rules (nested lists
//! are flattened, which is what makes `- *anchor` work), or a mapping from change
//! statuses (`added|modified`, split on `|`) to globs. Each glob is read with a leading
//! `!` negating it, as picomatch does.
//!
//! Quantifiers: `some` (paths-filter's default: a file is in the filter when any rule
//! matches it, so a lone `!docs/**` matches every non-docs file), `every` (every rule
//! must match), and devplat's `ordered` (the rules are read like `.gitignore`: the last
//! rule matching the file decides, so `!pattern` narrows). Under `some`, a negated rule
//! draws a `negation-widens` warning.
//!
//! Renamed files count as the new path `added` plus the old path `deleted`, as
//! paths-filter sees them (it diffs with `--no-renames` and splits API renames the
//! same way).

use devplat_core::diag::Diagnostic;
use devplat_core::glob::Pattern;
use devplat_core::outputs::Outputs;
use devplat_core::span::{FileId, Span};
use devplat_core::suggest::did_you_mean;
use devplat_core::yaml::{self, LoadOptions, Node, NodeKind};

use crate::escape::ListFormat;
use crate::files::{ChangedFile, FileStatus};

/// The statuses paths-filter knows.
pub const STATUSES: [&str; 6] = [
    "added", "copied", "deleted", "modified", "renamed", "unmerged",
];

/// How rules of one filter combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Quantifier {
    #[default]
    Some,
    Every,
    Ordered,
}

impl Quantifier {
    pub fn parse(s: &str) -> Option<Quantifier> {
        match s {
            "some" => Some(Quantifier::Some),
            "every" => Some(Quantifier::Every),
            "ordered" => Some(Quantifier::Ordered),
            _ => None,
        }
    }
}

/// One rule: a glob, maybe restricted to some statuses.
#[derive(Clone, Debug)]
pub struct Rule {
    pub statuses: Option<Vec<FileStatus>>,
    pub pattern: Pattern,
    pub span: Span,
}

/// One named filter.
#[derive(Clone, Debug)]
pub struct Filter {
    pub name: String,
    pub span: Span,
    pub rules: Vec<Rule>,
}

/// A loaded filter file.
#[derive(Clone, Debug, Default)]
pub struct FilterFile {
    pub filters: Vec<Filter>,
}

/// Load a filter file (already in the caller's file table as `file`). Errors have the
/// code `invalid-filter` (or the glob codes) and point into the file.
pub fn load(text: &str, file: FileId) -> Result<FilterFile, Vec<Diagnostic>> {
    let doc = yaml::load_text_document(text, file, &LoadOptions::config())
        .map_err(|e| vec![e.to_diagnostic()])?;
    from_node(&doc.root)
}

/// Read a filter file from its YAML tree.
pub fn from_node(root: &Node) -> Result<FilterFile, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let Some(map) = root.as_mapping() else {
        return Err(vec![Diagnostic::error(
            "invalid-filter",
            format!(
                "invalid filter file: expected a mapping from filter names to rules, found {}",
                root.type_name()
            ),
            root.span,
        )]);
    };
    let mut out = FilterFile::default();
    for e in &map.entries {
        let Some(name) = e.key_str() else {
            errors.push(Diagnostic::error(
                "invalid-filter",
                "a filter name must be a string",
                e.key.span,
            ));
            continue;
        };
        let mut rules = Vec::new();
        collect_rules(&e.value, None, &mut rules, &mut errors);
        out.filters.push(Filter {
            name: name.to_owned(),
            span: e.key.span,
            rules,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn collect_rules(
    node: &Node,
    statuses: Option<&[FileStatus]>,
    rules: &mut Vec<Rule>,
    errors: &mut Vec<Diagnostic>,
) {
    match &node.kind {
        NodeKind::Scalar(s) if !node.is_null() => match Pattern::parse(&s.text) {
            Ok(pattern) => rules.push(Rule {
                statuses: statuses.map(<[FileStatus]>::to_vec),
                pattern,
                span: node.span,
            }),
            Err(e) => errors.push(Diagnostic::error(
                e.code,
                format!("`{}`: {}", s.text, e.message),
                node.span,
            )),
        },
        NodeKind::Sequence(items) => {
            for item in items {
                collect_rules(item, statuses, rules, errors);
            }
        }
        NodeKind::Mapping(m) if statuses.is_none() => {
            for e in &m.entries {
                let Some(key) = e.key_str() else {
                    errors.push(Diagnostic::error(
                        "invalid-filter",
                        "a status key must be a string",
                        e.key.span,
                    ));
                    continue;
                };
                let mut parsed = Vec::new();
                for part in key.split('|') {
                    let part = part.trim().to_lowercase();
                    match FileStatus::parse(&part).filter(|_| STATUSES.contains(&part.as_str())) {
                        Some(st) => parsed.push(st),
                        None => errors.push(
                            Diagnostic::error(
                                "invalid-filter",
                                format!(
                                    "invalid filter: `{part}` is not a change status{}; expected {}",
                                    did_you_mean(&part, STATUSES),
                                    STATUSES.join(", ")
                                ),
                                e.key.span,
                            )
                            .with_help("a rule is a glob, a list of rules, or `status|status: glob`"),
                        ),
                    }
                }
                if matches!(e.value.kind, NodeKind::Mapping(_)) {
                    errors.push(Diagnostic::error(
                        "invalid-filter",
                        "invalid filter: a status must map to a glob or a list of globs",
                        e.value.span,
                    ));
                    continue;
                }
                collect_rules(&e.value, Some(&parsed), rules, errors);
            }
        }
        _ => errors.push(Diagnostic::error(
            "invalid-filter",
            format!(
                "invalid filter: expected a glob, a list or a `status: glob` mapping, found {}",
                node.type_name()
            ),
            node.span,
        )),
    }
}

/// The files as paths-filter sees them: a rename is the new path added plus the old
/// path deleted.
pub fn expand_renames(files: &[ChangedFile]) -> Vec<ChangedFile> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        match (&f.status, &f.previous_path) {
            (FileStatus::Renamed, Some(old)) => {
                out.push(ChangedFile::new(f.path.clone(), FileStatus::Added));
                out.push(ChangedFile::new(old.clone(), FileStatus::Deleted));
            }
            _ => out.push(ChangedFile::new(f.path.clone(), f.status)),
        }
    }
    out
}

fn rule_applies(rule: &Rule, f: &ChangedFile) -> bool {
    rule.statuses.as_ref().is_none_or(|s| s.contains(&f.status))
}

/// Whether `f` is in `filter`.
pub fn matches(filter: &Filter, f: &ChangedFile, q: Quantifier) -> bool {
    match q {
        Quantifier::Some => filter
            .rules
            .iter()
            .any(|r| rule_applies(r, f) && r.pattern.is_match(&f.path)),
        Quantifier::Every => filter
            .rules
            .iter()
            .all(|r| rule_applies(r, f) && r.pattern.is_match(&f.path)),
        Quantifier::Ordered => filter
            .rules
            .iter()
            .rev()
            .find(|r| rule_applies(r, f) && r.pattern.body_matches(&f.path))
            .is_some_and(|r| !r.pattern.is_negated()),
    }
}

/// One filter's result.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FilterResult {
    pub name: String,
    pub files: Vec<ChangedFile>,
}

/// Evaluate every filter over `files` (renames expanded first).
pub fn evaluate(ff: &FilterFile, files: &[ChangedFile], q: Quantifier) -> Vec<FilterResult> {
    let files = expand_renames(files);
    ff.filters
        .iter()
        .map(|filter| FilterResult {
            name: filter.name.clone(),
            files: files
                .iter()
                .filter(|f| matches(filter, f, q))
                .cloned()
                .collect(),
        })
        .collect()
}

/// Warnings about the filter file under quantifier `q`.
pub fn lint(ff: &FilterFile, q: Quantifier) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if q != Quantifier::Some {
        return out;
    }
    for f in &ff.filters {
        for r in f.rules.iter().filter(|r| r.pattern.is_negated()) {
            out.push(
                Diagnostic::warning(
                    "negation-widens",
                    format!(
                        "under the `some` quantifier, `{}` matches every file it does not exclude, so it widens filter `{}` instead of narrowing it",
                        r.pattern.text(),
                        f.name
                    ),
                    r.span,
                )
                .with_help("use `--quantifier ordered` (the last matching rule decides) or `every`"),
            );
        }
    }
    out
}

/// paths-filter's outputs: `<filter>` (`true`/`false`), `<filter>_count`,
/// `<filter>_files` (unless `list` is `none`), and `changes` (a JSON list of the
/// filters that matched; left out when a filter is itself named `changes`).
pub fn outputs(results: &[FilterResult], list: ListFormat) -> Outputs {
    let mut o = Outputs::new();
    let mut changed = Vec::new();
    for r in results {
        let any = !r.files.is_empty();
        o.insert(r.name.clone(), any.to_string());
        o.insert(format!("{}_count", r.name), r.files.len().to_string());
        let paths: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
        if let Some(v) = list.render(&paths) {
            o.insert(format!("{}_files", r.name), v);
        }
        if any {
            changed.push(r.name.as_str());
        }
    }
    if !results.iter().any(|r| r.name == "changes") {
        o.insert(
            "changes".into(),
            serde_json::to_string(&changed).unwrap_or_else(|_| "[]".into()),
        );
    }
    o
}
