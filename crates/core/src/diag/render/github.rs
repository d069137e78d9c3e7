//! The `github` format: GitHub Actions workflow commands, which the runner turns into
//! annotations on the run and on the pull request's changed lines.
//!
//! One line per finding:
//!
//! ```text
//! ::error title=<code>,file=<path>,line=<l>,endLine=<l>,col=<c>,endColumn=<c>::<message>
//! ```
//!
//! `::warning` for warnings, `::notice` for notes. Properties come in the order
//! `@actions/core` writes them, so a host may print these lines or call `core.error()`
//! with the same result byte for byte. Columns are given only when the span starts and
//! ends on one line: GitHub rejects `col`/`endColumn` on multi-line annotations. `endLine`
//! and `endColumn` are exclusive ends as in every devplat format. The message carries the
//! help and the related spans on further lines.
//!
//! Escaping is the runner's: in the message `%`→`%25`, CR→`%0D`, LF→`%0A`; in property
//! values additionally `:`→`%3A` and `,`→`%2C`. Nothing else needs escaping, and the
//! escaped newlines also mean no text can start a command line of its own.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step (50 per job); the
//! rest still appear in the log. The Markdown summary lists everything.

use super::{Report, line_col, message_with_context};
use crate::diag::Severity;

/// Render `report` as workflow commands, one line per finding (no trailing summary).
pub fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for d in report.sorted().iter() {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let (line, column) = line_col(d.primary.start);
        let (end_line, end_column) = line_col(d.primary.end.max(d.primary.start));
        let path = report.files.path(d.primary.file);
        let mut props: Vec<(&str, String)> = Vec::new();
        if !d.code.is_empty() {
            props.push(("title", d.code.clone()));
        }
        if !path.is_empty() {
            props.push(("file", path.to_owned()));
            props.push(("line", line.to_string()));
            props.push(("endLine", end_line.to_string()));
            if end_line == line {
                props.push(("col", column.to_string()));
                props.push(("endColumn", end_column.to_string()));
            }
        }
        out.push_str("::");
        out.push_str(command);
        for (i, (key, value)) in props.iter().enumerate() {
            out.push(if i == 0 { ' ' } else { ',' });
            out.push_str(key);
            out.push('=');
            out.push_str(&escape_property(value));
        }
        out.push_str("::");
        out.push_str(&escape_data(&message_with_context(report, d)));
        out.push('\n');
    }
    out
}

/// Escape the message of a workflow command (`@actions/core` `escapeData`).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value of a workflow command (`@actions/core` `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escaping() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("a: b, c; d] |"), "a: b, c; d] |");
        // already-escaped text is escaped again, so it reads back unchanged
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn property_escaping() {
        assert_eq!(
            escape_property("dir:x/a,b%.yml\n"),
            "dir%3Ax/a%2Cb%25.yml%0A"
        );
        assert_eq!(escape_property("ünïcode; ]"), "ünïcode; ]");
    }
}
