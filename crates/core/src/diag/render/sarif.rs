//! The `sarif` format: SARIF 2.1.0, for GitHub code scanning and any SARIF consumer.
//!
//! One run. `tool.driver` names devplat (`name`, `fullName` = the component, `version`,
//! `informationUri`) and lists **every rule the report was given**, not only those that
//! fired: code scanning reads the rule list as "what this analysis checked", shows each
//! rule's description and help link on its alerts, and a full list keeps every rule's
//! `ruleIndex` the same from run to run. A code with no [`RuleMeta`](crate::diag::RuleMeta) (a producer's bug, or
//! an input error) gets a minimal rule appended so every result still has a valid
//! `ruleIndex`.
//!
//! Each result has `ruleId`, `ruleIndex`, `level` (`error`/`warning`/`note`), `message.text`
//! (the message, then `help: …`), one location (`artifactLocation.uri` relative with
//! `uriBaseId: "%SRCROOT%"`, `region` with 1-based lines, columns in Unicode code points as
//! `run.columnKind` says, exclusive ends), `relatedLocations` with ids from 1 and their
//! labels, `partialFingerprints.primaryLocationLineHash` (see [`super::line_hash`]) and,
//! when the finding has a fix, `fixes` with the replacements.

use std::collections::HashMap;

use serde::Serialize;

use super::{Report, line_col, line_hash};
use crate::diag::{Diagnostic, Severity};
use crate::span::{FileId, Span};

/// The `$schema` of our output: the OASIS standard's schema (2.1.0 with errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    full_name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    version: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    information_uri: &'a str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    help_uri: &'a str,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn new(text: impl Into<std::borrow::Cow<'a, str>>) -> Self {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_fingerprints: Option<Fingerprints>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

/// Render `report` as a SARIF 2.1.0 log (pretty-printed JSON, ending with a newline).
pub fn render(report: &Report<'_>) -> String {
    let diagnostics = report.sorted();

    // Every given rule once, in the given order; then codes that have no rule.
    let mut rules: Vec<Rule<'_>> = Vec::new();
    let mut rule_index: HashMap<&str, usize> = HashMap::new();
    for rule in report.rules {
        if rule_index.contains_key(rule.code) {
            continue;
        }
        rule_index.insert(rule.code, rules.len());
        rules.push(Rule {
            id: rule.code,
            short_description: Text::new(rule.summary),
            help_uri: rule.help_uri,
            default_configuration: Configuration {
                level: level(rule.default_severity),
            },
        });
    }
    for d in diagnostics.iter() {
        if !rule_index.contains_key(d.code.as_str()) {
            rule_index.insert(&d.code, rules.len());
            rules.push(Rule {
                id: &d.code,
                short_description: Text::new(d.code.as_str()),
                help_uri: "",
                default_configuration: Configuration {
                    level: level(d.severity),
                },
            });
        }
    }

    let mut hashes: HashMap<FileId, Vec<String>> = HashMap::new();
    let results: Vec<SarifResult<'_>> = diagnostics
        .iter()
        .map(|d| {
            result(
                report,
                d,
                rule_index.get(d.code.as_str()).copied(),
                &mut hashes,
            )
        })
        .collect();

    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: &report.tool.name,
                    full_name: &report.tool.component,
                    version: &report.tool.version,
                    information_uri: &report.tool.information_uri,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Plain structs of strings and integers (no maps, no custom `Serialize`): this cannot
    // fail, so the default is never used.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn result<'a>(
    report: &Report<'_>,
    d: &'a Diagnostic,
    rule_index: Option<usize>,
    hashes: &mut HashMap<FileId, Vec<String>>,
) -> SarifResult<'a> {
    let mut text = std::borrow::Cow::Borrowed(d.message.as_str());
    if let Some(help) = d.help.as_deref().filter(|h| !h.is_empty()) {
        text = std::borrow::Cow::Owned(format!("{}\nhelp: {help}", d.message));
    }
    let locations = physical_location(report, &d.primary)
        .map(|physical_location| Location { physical_location })
        .into_iter()
        .collect();
    let related_locations = d
        .related
        .iter()
        .filter_map(|l| physical_location(report, &l.span).map(|p| (l, p)))
        .enumerate()
        .map(|(i, (l, physical_location))| RelatedLocation {
            id: i.saturating_add(1),
            physical_location,
            message: Text::new(l.message.as_str()),
        })
        .collect();
    let partial_fingerprints = report.files.get(d.primary.file).and_then(|file| {
        let lines = hashes
            .entry(d.primary.file)
            .or_insert_with(|| line_hash::line_hashes(file.text()));
        let (line, _) = line_col(d.primary.start);
        lines
            .get(line.saturating_sub(1) as usize)
            .map(|hash| Fingerprints {
                primary_location_line_hash: hash.clone(),
            })
    });
    let mut fixes = Vec::new();
    if let Some(fix) = &d.fix {
        let mut changes: Vec<(FileId, ArtifactChange<'a>)> = Vec::new();
        for edit in &fix.edits {
            let Some(artifact_location) = artifact_location(report, edit.span.file) else {
                continue;
            };
            let replacement = Replacement {
                deleted_region: region(&edit.span),
                inserted_content: Text::new(edit.replacement.as_str()),
            };
            match changes.iter_mut().find(|c| c.0 == edit.span.file) {
                Some((_, change)) => change.replacements.push(replacement),
                None => changes.push((
                    edit.span.file,
                    ArtifactChange {
                        artifact_location,
                        replacements: vec![replacement],
                    },
                )),
            }
        }
        if !changes.is_empty() {
            fixes.push(SarifFix {
                description: Text::new(fix.message.as_str()),
                artifact_changes: changes.into_iter().map(|(_, c)| c).collect(),
            });
        }
    }
    SarifResult {
        rule_id: &d.code,
        rule_index,
        level: level(d.severity),
        message: Text { text },
        locations,
        related_locations,
        partial_fingerprints,
        fixes,
    }
}

fn physical_location(report: &Report<'_>, span: &Span) -> Option<PhysicalLocation> {
    Some(PhysicalLocation {
        artifact_location: artifact_location(report, span.file)?,
        region: region(span),
    })
}

fn region(span: &Span) -> Region {
    let (start_line, start_column) = line_col(span.start);
    let (end_line, end_column) = line_col(span.end.max(span.start));
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

/// `{"uri": …, "uriBaseId": "%SRCROOT%"}` for a relative path; an absolute path becomes a
/// `file:` URI with no base. `None` for a file the table does not have.
fn artifact_location(report: &Report<'_>, file: FileId) -> Option<ArtifactLocation> {
    let path = report.files.path(file);
    if path.is_empty() {
        return None;
    }
    let bytes = path.as_bytes();
    let windows_drive = bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':')
        && matches!(bytes.get(2), Some(b'/' | b'\\'));
    Some(if path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", encode_uri_path(path)),
            uri_base_id: None,
        }
    } else if windows_drive {
        ArtifactLocation {
            uri: format!("file:///{}", encode_uri_path(&path.replace('\\', "/"))),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encode_uri_path(path),
            uri_base_id: Some("%SRCROOT%"),
        }
    })
}

/// Percent-encode a `/`-separated path for a URI reference: everything but unreserved
/// characters, `/` and the sub-delimiters is encoded (as UTF-8 bytes). `:` is encoded
/// too, so a relative path such as `a:b.yml` cannot read as a URI scheme, except the
/// colon of a Windows drive (`C:/…`).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            )
            // a drive letter's colon (`C:/…`) stays as it is
            || (b == b':' && i == 1 && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
                && path.as_bytes().get(2) == Some(&b'/'));
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encoding() {
        assert_eq!(
            encode_uri_path(".github/workflows/ci.yml"),
            ".github/workflows/ci.yml"
        );
        assert_eq!(
            encode_uri_path("dir with space/a%b#c?.yml"),
            "dir%20with%20space/a%25b%23c%3F.yml"
        );
        assert_eq!(encode_uri_path("a:b.yml"), "a%3Ab.yml");
        assert_eq!(encode_uri_path("ünï.yml"), "%C3%BCn%C3%AF.yml");
        assert_eq!(encode_uri_path("C:/x/a.yml"), "C:/x/a.yml");
    }
}
