//! The versioned JSON format (`"version": 1`), for scripts and the wasm hosts.
//!
//! Shape (optional keys are omitted when empty; positions 1-based, columns in characters,
//! `end_*` exclusive; paths exactly as given in [`crate::source::Files`]):
//!
//! ```text
//! {"version":1,
//!  "diagnostics":[{"code","severity","message","file","line","column","end_line","end_column",
//!                  "help"?, "related"?:[{"file","line","column","message"}],
//!                  "fix"?:{"message","edits":[{"file","line","column","end_line","end_column","replacement"}]}}],
//!  "summary":{"files","errors","warnings","notes"}}
//! ```
//!
//! Adding a key is compatible; removing or changing one bumps `version`.

use serde::Serialize;

use super::{Report, line_col};
use crate::diag::{Severity, Summary};
use crate::span::Span;

/// The current `version` of the format.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: String,
    severity: Severity,
    message: String,
    #[serde(flatten)]
    range: Range<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Related<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct Range<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: String,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: String,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    range: Range<'a>,
    replacement: String,
}

fn range<'a>(report: &Report<'a>, span: &Span) -> Range<'a> {
    let (line, column) = line_col(span.start);
    let (end_line, end_column) = line_col(span.end);
    Range {
        file: report.files.path(span.file),
        line,
        column,
        end_line,
        end_column,
    }
}

/// Render `report` as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report<'_>) -> String {
    let diagnostics = report
        .sorted()
        .iter()
        .map(|d| JsonDiagnostic {
            range: range(report, &d.primary),
            related: d
                .related
                .iter()
                .map(|r| {
                    let (line, column) = line_col(r.span.start);
                    Related {
                        file: report.files.path(r.span.file),
                        line,
                        column,
                        message: r.message.clone(),
                    }
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                message: f.message.clone(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        range: range(report, &e.span),
                        replacement: e.replacement.clone(),
                    })
                    .collect(),
            }),
            code: d.code.clone(),
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone().filter(|h| !h.is_empty()),
        })
        .collect();
    let output = Output {
        version: VERSION,
        diagnostics,
        summary: report.summary(),
    };
    // Plain structs of strings and integers (no maps, no custom `Serialize`): this cannot
    // fail, so the default is never used.
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
