//! `.devplat.yml`: validate's configuration, read with positions so that every error
//! points into the user's file, and the JSON Schema we publish for it (generated from
//! the same key table, checked against `schemas/devplat.schema.json` by a test).
//!
//! ```yaml
//! validate:
//!   rules:                      # per-rule severity, or off
//!     unpinned-action: warning
//!     runner-label: off
//!   runner-labels: [gpu, linux-arm64-xl]   # self-hosted runner labels
//!   allowed-actions: ["actions/*", "my-org/*", "./*"]
//!   pinning:
//!     exempt: ["my-org/*"]      # owners trusted without a SHA
//!     first-party: pin          # actions/* and github/* need a SHA too (default: exempt)
//!   exclude: ["tests/fixtures/**"]        # paths discovery skips (files named explicitly are still checked)
//! ```

use devplat_core::diag::{Diagnostic, Severity};
use serde_json::{Value, json};

use crate::syntax::{Node, NodeExt};

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// validate's configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Per-rule overrides: (code, level).
    pub rules: Vec<(String, Level)>,
    pub runner_labels: Vec<String>,
    /// When set, only actions matching one of these patterns may be used.
    pub allowed_actions: Option<Vec<String>>,
    /// Actions exempt from the pinning rule.
    pub pinning_exempt: Vec<String>,
    /// `validate.pinning.first-party`: whether GitHub's own actions (`actions/*`,
    /// `github/*`) must be pinned too (`pin`) or are trusted by tag (`exempt`, the
    /// default when `None`).
    pub pin_first_party: Option<bool>,
    /// The repository's default GITHUB_TOKEN permissions (a repository setting we
    /// cannot see): `read` (restricted) or `write` (permissive); unset: not checked.
    pub default_token_permissions: Option<crate::github::permissions::Level>,
    /// Paths that discovery skips, in order: the last pattern that matches a path
    /// decides, so a later `!pattern` takes a path back.
    pub exclude: Vec<devplat_core::glob::Pattern>,
}

impl Config {
    /// The configured level of `code`, if any.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.rules.iter().find(|(c, _)| c == code).map(|(_, l)| *l)
    }

    /// Whether discovery skips `path` (`/`-separated, relative to the root).
    ///
    /// The last pattern that matches a path decides (`!pattern` takes it back); a path
    /// no pattern matches inherits the decision of its nearest decided parent
    /// directory, so `old/` excludes `old/x.yml`. A directory is skipped whole only
    /// when no `!pattern` could take back something inside it.
    pub fn is_excluded(&self, path: &str, is_dir: bool) -> bool {
        if is_dir
            && self
                .exclude
                .iter()
                .any(devplat_core::glob::Pattern::is_negated)
        {
            return false;
        }
        let mut current = path;
        loop {
            let decision = self.exclude.iter().rev().find(|p| p.body_matches(current));
            if let Some(pattern) = decision {
                return !pattern.is_negated();
            }
            match current.rsplit_once('/') {
                Some((parent, _)) => current = parent,
                None => return false,
            }
        }
    }
}

/// The error code of every configuration problem.
pub const CONFIG_CODE: &str = "invalid-config";

const LEVELS: &[&str] = &["error", "warning", "note", "off"];

/// Read a configuration document. Problems are errors pointing into the file; the
/// returned config holds whatever was valid.
pub fn parse(root: &Node, known_rules: &[&str]) -> (Config, Vec<Diagnostic>) {
    let mut cfg = Config::default();
    let mut errs = Vec::new();
    if root.is_null() {
        return (cfg, errs);
    }
    if root.as_map().is_none() {
        errs.push(err(
            root,
            format!(
                "the configuration is a {}, expected a mapping with a `validate` key",
                root.yaml_type().name()
            ),
        ));
        return (cfg, errs);
    }
    for (key, knode, value) in root.entries() {
        match key {
            "validate" => parse_validate(value, known_rules, &mut cfg, &mut errs),
            // Sections of other devplat tools are theirs to check.
            "changes" | "plan" | "policy" | "security-gate" | "alerts" => {}
            other => errs.push(err(
                knode,
                format!(
                    "unknown key \"{other}\" in the configuration, expected \"validate\"{}",
                    devplat_core::suggest::did_you_mean(other, ["validate"])
                ),
            )),
        }
    }
    (cfg, errs)
}

fn err(node: &Node, message: String) -> Diagnostic {
    Diagnostic::error(CONFIG_CODE, message, node.site())
}

fn string_list(node: &Node, what: &str, errs: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(items) = node.as_seq() else {
        errs.push(err(
            node,
            format!(
                "`{what}` is a {}, expected a list of strings",
                node.yaml_type().name()
            ),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match item.as_scalar() {
            Some(s) if !item.is_null() => out.push(s.text.to_string()),
            _ => errs.push(err(
                item,
                format!(
                    "an item of `{what}` is a {}, expected a string",
                    item.yaml_type().name()
                ),
            )),
        }
    }
    out
}

/// `validate.exclude`: globs with paths-filter's syntax (see docs/changes.md).
fn glob_list(node: &Node, errs: &mut Vec<Diagnostic>) -> Vec<devplat_core::glob::Pattern> {
    let Some(items) = node.as_seq() else {
        if !node.is_null() {
            errs.push(err(
                node,
                format!(
                    "`validate.exclude` is a {}, expected a list of path globs",
                    node.yaml_type().name()
                ),
            ));
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(text) = item
            .as_scalar()
            .filter(|_| !item.is_null())
            .map(|s| &s.text)
        else {
            errs.push(err(
                item,
                format!(
                    "an item of `validate.exclude` is a {}, expected a path glob",
                    item.yaml_type().name()
                ),
            ));
            continue;
        };
        match devplat_core::glob::Pattern::parse(text) {
            Ok(p) => out.push(p),
            Err(e) => errs.push(err(
                item,
                format!("`{text}` in `validate.exclude` is not a valid glob: {e}"),
            )),
        }
    }
    out
}

fn parse_validate(node: &Node, known_rules: &[&str], cfg: &mut Config, errs: &mut Vec<Diagnostic>) {
    if node.is_null() {
        return;
    }
    if node.as_map().is_none() {
        errs.push(err(
            node,
            format!(
                "`validate` is a {}, expected a mapping",
                node.yaml_type().name()
            ),
        ));
        return;
    }
    let keys = [
        "rules",
        "runner-labels",
        "allowed-actions",
        "pinning",
        "default-token-permissions",
        "exclude",
    ];
    for (key, knode, value) in node.entries() {
        match key {
            "rules" => {
                if value.as_map().is_none() && !value.is_null() {
                    errs.push(err(value, format!("`validate.rules` is a {}, expected a mapping of rule id to level", value.yaml_type().name())));
                }
                for (code, cnode, level) in value.entries() {
                    if !known_rules.contains(&code) {
                        errs.push(err(
                            cnode,
                            format!(
                                "unknown rule \"{code}\" in `validate.rules`{}",
                                devplat_core::suggest::did_you_mean(code, known_rules.iter().copied())
                            ),
                        ));
                        continue;
                    }
                    let parsed = match level.text() {
                        Some("off") => Some(Level::Off),
                        Some(t) => Severity::parse(t).map(Level::On),
                        None => None,
                    };
                    match parsed {
                        Some(l) => cfg.rules.push((code.to_owned(), l)),
                        None => errs.push(err(
                            level,
                            format!(
                                "level \"{}\" of rule \"{code}\" is not valid, expected one of {}",
                                level.text().unwrap_or(level.yaml_type().name()),
                                crate::schema::quote_list(LEVELS)
                            ),
                        )),
                    }
                }
            }
            "default-token-permissions" => match value.text() {
                Some("read") => cfg.default_token_permissions = Some(crate::github::permissions::Level::Read),
                Some("write") => cfg.default_token_permissions = Some(crate::github::permissions::Level::Write),
                _ => errs.push(err(value, "`validate.default-token-permissions` is \"read\" (restricted) or \"write\" (permissive)".to_owned())),
            },
            "runner-labels" => cfg.runner_labels = string_list(value, "validate.runner-labels", errs),
            "exclude" => cfg.exclude = glob_list(value, errs),
            "allowed-actions" => {
                cfg.allowed_actions = Some(string_list(value, "validate.allowed-actions", errs));
            }
            "pinning" => {
                if value.as_map().is_none() && !value.is_null() {
                    errs.push(err(value, format!("`validate.pinning` is a {}, expected a mapping", value.yaml_type().name())));
                }
                for (pkey, pknode, pvalue) in value.entries() {
                    match pkey {
                        "exempt" => cfg.pinning_exempt = string_list(pvalue, "validate.pinning.exempt", errs),
                        "first-party" => match pvalue.text() {
                            Some("exempt") => cfg.pin_first_party = Some(false),
                            Some("pin") => cfg.pin_first_party = Some(true),
                            _ => errs.push(err(pvalue, "`validate.pinning.first-party` is \"exempt\" (GitHub's own actions may use tags, the default) or \"pin\" (they need a commit SHA too)".to_owned())),
                        },
                        _ => errs.push(err(
                            pknode,
                            format!(
                                "unknown key \"{pkey}\" in `validate.pinning`, expected \"exempt\" or \"first-party\"{}",
                                devplat_core::suggest::did_you_mean(pkey, ["exempt", "first-party"])
                            ),
                        )),
                    }
                }
            }
            other => errs.push(err(
                knode,
                format!(
                    "unknown key \"{other}\" in `validate`, expected one of {}{}",
                    crate::schema::quote_list(&keys),
                    devplat_core::suggest::did_you_mean(other, keys)
                ),
            )),
        }
    }
}

/// Whether `name` matches the action pattern `pattern` (`*` matches any run of
/// characters, `/` included; the match is case-insensitive like GitHub's owner and
/// repository names). A pattern without `@` ignores the ref.
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    let name = if pattern.contains('@') {
        name.to_ascii_lowercase()
    } else {
        name.split('@').next().unwrap_or(name).to_ascii_lowercase()
    };
    glob_star(&pattern.to_ascii_lowercase(), &name)
}

fn glob_star(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = rest.get(i.saturating_add(part.len())..).unwrap_or(""),
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The JSON Schema of `.devplat.yml` (the `validate` section), generated from the same
/// keys the parser accepts. `schemas/devplat.schema.json` is this, pretty-printed.
pub fn json_schema(rule_codes: &[&str]) -> Value {
    let rule_props: serde_json::Map<String, Value> = rule_codes
        .iter()
        .map(|c| ((*c).to_owned(), json!({"$ref": "#/$defs/level"})))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/org/devplat/blob/main/schemas/devplat.schema.json",
        "title": "devplat configuration (.devplat.yml)",
        "type": "object",
        "properties": {
            "validate": {
                "description": "devplat validate: rule levels, runner labels, allowed actions, pinning policy.",
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": {
                    "rules": {
                        "description": "Per-rule level: error, warning, note, or off to disable the rule.",
                        "type": ["object", "null"],
                        "additionalProperties": false,
                        "properties": rule_props
                    },
                    "runner-labels": {
                        "description": "Labels of your self-hosted runners, accepted in runs-on.",
                        "type": "array",
                        "items": {"type": "string"}
                    },
                    "allowed-actions": {
                        "description": "When set, only actions matching one of these patterns (`*` matches anything) may be used.",
                        "type": "array",
                        "items": {"type": "string"}
                    },
                    "default-token-permissions": {
                        "description": "Your repository's default GITHUB_TOKEN permissions: read (restricted) or write (permissive). Enables checking reusable workflows against the default when the caller sets no permissions.",
                        "enum": ["read", "write"]
                    },
                    "exclude": {
                        "description": "Path globs (paths-filter syntax) that discovery skips; the last matching pattern decides, so `!pattern` takes a path back. Files named on the command line are still validated.",
                        "type": "array",
                        "items": {"type": "string"}
                    },
                    "pinning": {
                        "type": ["object", "null"],
                        "additionalProperties": false,
                        "properties": {
                            "exempt": {
                                "description": "Action patterns that need not be pinned to a commit SHA.",
                                "type": "array",
                                "items": {"type": "string"}
                            },
                            "first-party": {
                                "description": "GitHub's own actions (actions/*, github/*): exempt from pinning (the default) or pin (they need a commit SHA too).",
                                "enum": ["exempt", "pin"]
                            }
                        }
                    }
                }
            },
            "changes": {"description": "devplat changes (see docs/changes.md)."},
            "plan": {"description": "devplat plan (see docs/plan.md)."},
            "policy": {"description": "devplat policy."},
            "security-gate": {"description": "devplat security-gate."},
            "alerts": {"description": "devplat alerts."}
        },
        "additionalProperties": false,
        "$defs": {
            "level": {"enum": LEVELS}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(pattern_matches("actions/*", "actions/checkout@v4"));
        assert!(pattern_matches("Actions/*", "actions/setup-node@v4"));
        assert!(!pattern_matches("actions/*", "evil/actions@v1"));
        assert!(pattern_matches("*", "a/b@c"));
        assert!(pattern_matches("docker://*", "docker://alpine:3"));
        assert!(pattern_matches("org/repo@v1", "org/repo@v1"));
        assert!(!pattern_matches("org/repo@v1", "org/repo@v2"));
        assert!(pattern_matches("org/*/x", "org/repo/x@v2"));
    }
}
