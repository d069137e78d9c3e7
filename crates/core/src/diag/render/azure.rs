//! The `azure` format: Azure Pipelines logging commands, which the agent turns into build
//! issues (the run summary's errors and warnings, with a link to the line).
//!
//! One line per error or warning:
//!
//! ```text
//! ##vso[task.logissue type=error;code=<code>;sourcepath=<path>;linenumber=<l>;columnnumber=<c>;]<message>
//! ```
//!
//! This is byte for byte what `azure-pipelines-task-lib`'s `tl.logIssue()` prints
//! (`taskcommand.js`: properties in that order, each followed by `;`), so a host may print
//! these lines or call the library. The message carries the help and the related spans on
//! further lines.
//!
//! Escaping is task-lib's: in property values `%`→`%AZP25`, CR→`%0D`, LF→`%0A`, `]`→`%5D`,
//! `;`→`%3B`; in the message `%`→`%AZP25`, CR→`%0D`, LF→`%0A` (the message runs to the end
//! of the line, so `]` and `;` are literal there).
//!
//! Notes: `task.logissue` knows only `error` and `warning`, and a note reported as a
//! warning would count in the run's warnings and read as something to fix. So a note is a
//! plain log line, `path:line:col: note[code]: message` (further lines indented), which the
//! agent shows in the log without counting it. A plain line has no escaping, and the agent
//! runs a `##vso[` command found anywhere in a line: every `##` in such a line gets a
//! WORD JOINER (U+2060) between the two `#`, which looks the same and runs nothing.

use super::{Report, line_col, message_with_context};
use crate::diag::Severity;

/// Render `report` as logging commands (errors, warnings) and log lines (notes).
pub fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for d in report.sorted().iter() {
        let (line, column) = line_col(d.primary.start);
        let path = report.files.path(d.primary.file);
        let message = message_with_context(report, d);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => {
                let text = format!("{path}:{line}:{column}: note[{}]: {message}", d.code);
                for (i, l) in text.lines().enumerate() {
                    if i > 0 {
                        out.push_str("  ");
                    }
                    out.push_str(&defuse_plain_line(l));
                    out.push('\n');
                }
                continue;
            }
        };
        let mut props: Vec<(&str, String)> = vec![("type", kind.to_owned())];
        if !d.code.is_empty() {
            props.push(("code", d.code.clone()));
        }
        if !path.is_empty() {
            props.push(("sourcepath", path.to_owned()));
            props.push(("linenumber", line.to_string()));
            props.push(("columnnumber", column.to_string()));
        }
        out.push_str("##vso[task.logissue ");
        for (key, value) in &props {
            out.push_str(key);
            out.push('=');
            out.push_str(&escape_property(value));
            out.push(';');
        }
        out.push(']');
        out.push_str(&escape_data(&message));
        out.push('\n');
    }
    out
}

/// Escape the message of a logging command (task-lib `escapedata`).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%AZP25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value of a logging command (task-lib `escape`).
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%AZP25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ']' => out.push_str("%5D"),
            ';' => out.push_str("%3B"),
            c => out.push(c),
        }
    }
    out
}

/// A plain log line that the agent will print and not run: `##` becomes `#\u{2060}#`
/// (so neither `##vso[` nor `##[` can appear), and a lone CR cannot split the line.
pub fn defuse_plain_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous = None;
    for c in s.chars() {
        if c == '#' && previous == Some('#') {
            out.push('\u{2060}');
        }
        out.push(if c == '\r' { '\u{240d}' } else { c });
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escaping() {
        assert_eq!(escape_data("100% a;b]c\r\n"), "100%AZP25 a;b]c%0D%0A");
    }

    #[test]
    fn property_escaping() {
        assert_eq!(
            escape_property("a;b]c%d\ne:f,g"),
            "a%3Bb%5Dc%AZP25d%0Ae:f,g"
        );
    }

    #[test]
    fn plain_lines_cannot_run_commands() {
        let s = defuse_plain_line("see ##vso[task.setvariable variable=x]1 and ###[x");
        assert!(!s.contains("##"), "{s}");
        assert_eq!(defuse_plain_line("a\rb"), "a\u{240d}b");
    }
}
