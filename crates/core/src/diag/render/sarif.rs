//! The `sarif` format: SARIF 2.1.0, for GitHub code scanning and any SARIF consumer.
//!
//! One run. `tool.driver` names devplat (`name`, `fullName` = the component, `version`,
//! `informationUri`) and lists **every rule the report was given**, not only those that
//! fired: code scanning reads the rule list as "what this analysis checked", shows each
//! rule's description and help link on its alerts, and a full list keeps every rule's
//! `ruleIndex` the same from run to run. A code with no [`RuleMeta`] (a producer's bug, or
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

use serde_json::{Map, Value, json};

use super::{Report, line_col, line_hash};
use crate::diag::{Diagnostic, Severity};
use crate::span::{FileId, Span};

/// The `$schema` of our output: the OASIS standard's schema (2.1.0 with errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Render `report` as a SARIF 2.1.0 log (pretty-printed JSON, ending with a newline).
pub fn render(report: &Report<'_>) -> String {
    let diagnostics = report.sorted();

    // Every given rule once, in the given order; then codes that have no rule.
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_index: HashMap<String, usize> = HashMap::new();
    for rule in report.rules {
        if rule_index.contains_key(rule.code) {
            continue;
        }
        rule_index.insert(rule.code.to_owned(), rules.len());
        let mut r = Map::new();
        r.insert("id".into(), rule.code.into());
        r.insert("shortDescription".into(), json!({ "text": rule.summary }));
        if !rule.help_uri.is_empty() {
            r.insert("helpUri".into(), rule.help_uri.into());
        }
        r.insert(
            "defaultConfiguration".into(),
            json!({ "level": level(rule.default_severity) }),
        );
        rules.push(Value::Object(r));
    }
    for d in &diagnostics {
        if !rule_index.contains_key(&d.code) {
            rule_index.insert(d.code.clone(), rules.len());
            rules.push(json!({
                "id": d.code,
                "shortDescription": { "text": d.code },
                "defaultConfiguration": { "level": level(d.severity) },
            }));
        }
    }

    let mut hashes: HashMap<FileId, Vec<String>> = HashMap::new();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| result(report, d, rule_index.get(&d.code).copied(), &mut hashes))
        .collect();

    let mut driver = Map::new();
    driver.insert("name".into(), report.tool.name.as_str().into());
    if !report.tool.component.is_empty() {
        driver.insert("fullName".into(), report.tool.component.as_str().into());
    }
    if !report.tool.version.is_empty() {
        driver.insert("version".into(), report.tool.version.as_str().into());
    }
    if !report.tool.information_uri.is_empty() {
        driver.insert(
            "informationUri".into(),
            report.tool.information_uri.as_str().into(),
        );
    }
    driver.insert("rules".into(), Value::Array(rules));

    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
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

fn result(
    report: &Report<'_>,
    d: &Diagnostic,
    rule_index: Option<usize>,
    hashes: &mut HashMap<FileId, Vec<String>>,
) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), d.code.as_str().into());
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), i.into());
    }
    r.insert("level".into(), level(d.severity).into());
    let mut text = d.message.clone();
    if let Some(help) = d.help.as_deref().filter(|h| !h.is_empty()) {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    r.insert("message".into(), json!({ "text": text }));
    if let Some(location) = physical_location(report, &d.primary) {
        r.insert(
            "locations".into(),
            json!([{ "physicalLocation": location }]),
        );
    }
    let related: Vec<Value> = d
        .related
        .iter()
        .filter_map(|l| physical_location(report, &l.span).map(|p| (l, p)))
        .enumerate()
        .map(|(i, (l, p))| {
            json!({
                "id": i.saturating_add(1),
                "physicalLocation": p,
                "message": { "text": l.message },
            })
        })
        .collect();
    if !related.is_empty() {
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    if let Some(file) = report.files.get(d.primary.file) {
        let lines = hashes
            .entry(d.primary.file)
            .or_insert_with(|| line_hash::line_hashes(file.text()));
        let (line, _) = line_col(d.primary.start);
        if let Some(hash) = lines.get(line.saturating_sub(1) as usize) {
            r.insert(
                "partialFingerprints".into(),
                json!({ "primaryLocationLineHash": hash }),
            );
        }
    }
    if let Some(fix) = &d.fix {
        let mut changes: Vec<(FileId, Value, Vec<Value>)> = Vec::new();
        for edit in &fix.edits {
            let Some(location) = artifact_location(report, edit.span.file) else {
                continue;
            };
            let replacement = json!({
                "deletedRegion": region(&edit.span),
                "insertedContent": { "text": edit.replacement },
            });
            match changes.iter_mut().find(|c| c.0 == edit.span.file) {
                Some(change) => change.2.push(replacement),
                None => changes.push((edit.span.file, location, vec![replacement])),
            }
        }
        if !changes.is_empty() {
            let changes: Vec<Value> = changes
                .into_iter()
                .map(|(_, location, replacements)| {
                    json!({ "artifactLocation": location, "replacements": replacements })
                })
                .collect();
            r.insert(
                "fixes".into(),
                json!([{
                    "description": { "text": fix.message },
                    "artifactChanges": changes,
                }]),
            );
        }
    }
    Value::Object(r)
}

fn physical_location(report: &Report<'_>, span: &Span) -> Option<Value> {
    Some(json!({
        "artifactLocation": artifact_location(report, span.file)?,
        "region": region(span),
    }))
}

fn region(span: &Span) -> Value {
    let (start_line, start_column) = line_col(span.start);
    let (end_line, end_column) = line_col(span.end.max(span.start));
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

/// `{"uri": …, "uriBaseId": "%SRCROOT%"}` for a relative path; an absolute path becomes a
/// `file:` URI with no base. `None` for a file the table does not have.
fn artifact_location(report: &Report<'_>, file: FileId) -> Option<Value> {
    let path = report.files.path(file);
    if path.is_empty() {
        return None;
    }
    let windows_drive = path.len() >= 3
        && path.as_bytes().get(1) == Some(&b':')
        && matches!(path.as_bytes().get(2), Some(b'/' | b'\\'))
        && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    Some(if path.starts_with('/') {
        json!({ "uri": format!("file://{}", encode_uri_path(path)) })
    } else if windows_drive {
        json!({ "uri": format!("file:///{}", encode_uri_path(&path.replace('\\', "/"))) })
    } else {
        json!({ "uri": encode_uri_path(path), "uriBaseId": "%SRCROOT%" })
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
