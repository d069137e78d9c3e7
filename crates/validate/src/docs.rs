//! Documentation generated from the rule registry: the rules section of
//! `docs/validate.md` (checked for drift by a test) and `--list-rules`.

use std::fmt::Write as _;

use crate::rules::{self, Example};

fn example_block(out: &mut String, title: &str, ex: &Example) {
    if ex.files.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}:\n");
    for (path, text) in ex.files {
        let _ = writeln!(out, "```yaml\n# {path}\n{}```\n", text);
    }
}

/// The rules section of `docs/validate.md`, Markdown.
pub fn rules_markdown() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| rule | default | finds |\n|---|---|---|");
    for r in rules::all() {
        let i = r.info();
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} |",
            i.code,
            i.code,
            i.severity,
            i.summary.replace('|', "\\|")
        );
    }
    out.push('\n');
    for r in rules::all() {
        let i = r.info();
        let _ = writeln!(out, "### `{}`\n", i.code);
        let _ = writeln!(out, "Default severity: **{}**. {}.\n", i.severity, capitalize(i.summary));
        let _ = writeln!(out, "{}\n", i.docs);
        example_block(&mut out, "Finds", &i.bad);
        example_block(&mut out, "Accepts", &i.good);
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `--list-rules --format json`.
pub fn rules_json() -> String {
    let list: Vec<serde_json::Value> = rules::all()
        .iter()
        .map(|r| {
            let i = r.info();
            serde_json::json!({
                "code": i.code,
                "severity": i.severity.as_str(),
                "summary": i.summary,
                "help_uri": i.help_uri,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({"version": 1, "rules": list}))
        .unwrap_or_default();
    s.push('\n');
    s
}

/// `--list-rules` for a terminal.
pub fn rules_text() -> String {
    let width = rules::all().iter().map(|r| r.info().code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules::all() {
        let i = r.info();
        let _ = writeln!(out, "{:width$}  {:7}  {}", i.code, i.severity.as_str(), i.summary);
    }
    out
}
