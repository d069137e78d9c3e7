//! The `markdown` format: a run summary for GitHub's step summary (`$GITHUB_STEP_SUMMARY`)
//! and Azure Pipelines' `##vso[task.uploadsummary]`.
//!
//! A heading (the tool component), the counts, and a table with one row per finding:
//! severity, location `path:line:col`, code (linked to the rule's docs when the report
//! has the rule) and message (with `help:` on a second line). Rows list errors first,
//! then warnings, then notes, each in file and position order, so that when the summary
//! is capped what is cut is the least severe.
//!
//! Text is shown literally: Markdown and HTML punctuation is escaped, `|` is escaped even
//! inside code spans (GFM splits cells first), line breaks become `<br>`, and a message's
//! `` `code` `` spans stay code spans when its backticks pair up (escaped otherwise).
//!
//! The output stays within [`Options::markdown_max_bytes`] (default: GitHub's 1 MiB step
//! summary limit): rows that do not fit are counted in a closing "N more findings not
//! shown" line.

use super::{Options, Report, line_col, summary_line};
use crate::diag::{Diagnostic, Severity};

/// Room kept for the closing "N more findings not shown" line.
const FOOTER_RESERVE: usize = 160;

/// Render `report` as a Markdown summary of at most `options.markdown_max_bytes` bytes
/// (the heading and counts are always written).
pub fn render(report: &Report<'_>, options: &Options) -> String {
    let title = if report.tool.component.is_empty() {
        &report.tool.name
    } else {
        &report.tool.component
    };
    let mut out = format!("## {}\n\n", escape_text(title));
    let summary = report.summary();
    let counts = summary_line(&summary);
    // The counts line starts with a capital: "3 errors, …" or "No findings in …".
    let mut chars = counts.chars();
    let counts: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    out.push_str(&counts);
    out.push_str(".\n");

    let mut diagnostics = report.sorted().into_owned();
    if diagnostics.is_empty() {
        return out;
    }
    // Stable: within a severity the canonical order stays.
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));

    out.push_str("\n| Severity | Location | Code | Message |\n| --- | --- | --- | --- |\n");
    let rows: Vec<String> = diagnostics.iter().map(|d| row(report, d)).collect();
    let total: usize = rows.iter().map(String::len).sum();
    let budget = if out.len().saturating_add(total) <= options.markdown_max_bytes {
        usize::MAX
    } else {
        options.markdown_max_bytes.saturating_sub(FOOTER_RESERVE)
    };
    let mut shown = 0usize;
    for r in &rows {
        if out.len().saturating_add(r.len()) > budget {
            break;
        }
        out.push_str(r);
        shown = shown.saturating_add(1);
    }
    let hidden = rows.len().saturating_sub(shown);
    if hidden > 0 {
        let what = if hidden == 1 { "finding" } else { "findings" };
        out.push_str(&format!(
            "\n_{hidden} more {what} not shown: the summary is capped at {} bytes._\n",
            options.markdown_max_bytes
        ));
    }
    out
}

fn row(report: &Report<'_>, d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let (line, column) = line_col(d.primary.start);
    let location = code_span(&format!(
        "{}:{line}:{column}",
        report.files.path(d.primary.file)
    ));
    let code = match report.rule(&d.code).filter(|r| !r.help_uri.is_empty()) {
        Some(rule) => format!("[{}]({})", code_span(&d.code), link_target(rule.help_uri)),
        None => code_span(&d.code),
    };
    let mut message = escape_text(&d.message);
    if let Some(help) = d.help.as_deref().filter(|h| !h.is_empty()) {
        message.push_str("<br>help: ");
        message.push_str(&escape_text(help));
    }
    format!("| {severity} | {location} | {code} | {message} |\n")
}

/// A code span showing `s` literally inside a table cell (or escaped text when `s` has a
/// backtick or a line break, which a single code span cannot hold).
pub fn code_span(s: &str) -> String {
    if s.is_empty() || s.contains(['`', '\n', '\r']) {
        return escape_text(s);
    }
    format!("`{}`", s.replace('|', "\\|"))
}

/// `s` as literal text in a table cell: line breaks become `<br>`; on each line, paired
/// backticks keep their code spans and everything else is escaped.
pub fn escape_text(s: &str) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .map(escape_line)
        .collect();
    lines.join("<br>")
}

fn escape_line(line: &str) -> String {
    let ticks = line.matches('`').count();
    if ticks == 0 || ticks % 2 == 1 {
        return escape_plain(line);
    }
    let mut out = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(&escape_plain(part));
        } else if part.trim().is_empty() {
            // `` or ` `: not a useful code span, show the backticks
            out.push_str("\\`");
            out.push_str(&escape_plain(part));
            out.push_str("\\`");
        } else {
            out.push('`');
            out.push_str(&part.replace('|', "\\|"));
            out.push('`');
        }
    }
    out
}

/// Escape Markdown's inline punctuation and HTML's specials; make controls visible.
fn escape_plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            c if c.is_control() => out.push(super::control_picture(c)),
            c => out.push(c),
        }
    }
    out
}

/// A link destination: characters that would end or break `(…)` are percent-encoded.
fn link_target(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for c in uri.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping() {
        assert_eq!(escape_text("a | b"), "a \\| b");
        assert_eq!(escape_text("use `a|b` here"), "use `a\\|b` here");
        assert_eq!(escape_text("odd ` tick"), "odd \\` tick");
        assert_eq!(escape_text("l1\r\nl2\nl3"), "l1<br>l2<br>l3");
        assert_eq!(
            escape_text("<b>x</b> & *y* _z_ [l](u) ~s~ #1 !"),
            "&lt;b&gt;x&lt;/b&gt; &amp; \\*y\\* \\_z\\_ \\[l\\](u) \\~s\\~ \\#1 \\!"
        );
        assert_eq!(escape_text("a\\b"), "a\\\\b");
        assert_eq!(escape_text("empty `` span"), "empty \\`\\` span");
        assert_eq!(escape_text("bell\u{7}"), "bell\u{2407}");
    }

    #[test]
    fn code_spans() {
        assert_eq!(code_span("a.yml:1:2"), "`a.yml:1:2`");
        assert_eq!(code_span("a|b"), "`a\\|b`");
        assert_eq!(code_span("we`ird"), "we\\`ird");
        assert_eq!(code_span(""), "");
    }

    #[test]
    fn link_targets() {
        assert_eq!(
            link_target("https://x.test/a b(c)"),
            "https://x.test/a%20b%28c%29"
        );
    }
}
