//! The `junit` format: JUnit XML, for test-report views (ADO "Publish Test Results",
//! GitHub test-report actions, GitLab, Jenkins).
//!
//! One `<testcase>` per file of the report (`classname` = the tool component, `name` = the
//! path), so files without findings show as passed. Each finding at or above
//! [`Options::fail_on`] is a `<failure>` (`message` = the message, `type` = the code, body
//! = `path:line:col: severity[code]: message`, then `help:` and the related spans); the
//! findings below it are listed in the test case's `<system-out>`. `<testsuite>` and
//! `<testsuites>` count test cases (`tests` = files, `failures` = files with at least one
//! failure), as JUnit readers expect; no timestamps or durations, so the output is
//! deterministic.
//!
//! Text is XML-escaped; characters XML 1.0 forbids (C0 controls other than tab, LF and
//! CR, and U+FFFE/U+FFFF) cannot even be written as references, so they are replaced by
//! their visible pictures (U+2400…) or U+FFFD. In attributes, tab, LF and CR are written
//! as character references so that attribute normalization keeps them.

use std::collections::BTreeMap;

use super::{Options, Report, line_col, message_with_context};
use crate::diag::Diagnostic;
use crate::span::FileId;

/// Render `report` as a JUnit XML document.
pub fn render(report: &Report<'_>, options: &Options) -> String {
    let suite = if report.tool.component.is_empty() {
        report.tool.name.as_str()
    } else {
        report.tool.component.as_str()
    };
    // Every file of the table, in table order, then any file id only diagnostics name;
    // each with its findings split at the threshold.
    let diagnostics = report.sorted();
    let mut by_file: BTreeMap<FileId, (Vec<&Diagnostic>, Vec<&Diagnostic>)> = report
        .files
        .iter()
        .map(|(id, _)| (id, (Vec::new(), Vec::new())))
        .collect();
    for d in diagnostics.iter() {
        let (failures, others) = by_file.entry(d.primary.file).or_default();
        if options.fail_on.is_reached_by(d.severity) {
            failures.push(d);
        } else {
            others.push(d);
        }
    }

    let mut cases = String::new();
    let mut failing = 0usize;
    for (id, (failures, others)) in &by_file {
        let path = report.files.path(*id);
        if !failures.is_empty() {
            failing = failing.saturating_add(1);
        }
        cases.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            attr(suite),
            attr(path)
        ));
        if failures.is_empty() && others.is_empty() {
            cases.push_str("/>\n");
            continue;
        }
        cases.push_str(">\n");
        for d in failures {
            cases.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                attr(&d.message),
                attr(&d.code),
                text(&describe(report, d))
            ));
        }
        if !others.is_empty() {
            let lines: Vec<String> = others.iter().map(|d| describe(report, d)).collect();
            cases.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                text(&lines.join("\n"))
            ));
        }
        cases.push_str("    </testcase>\n");
    }

    let counts = format!(
        "tests=\"{}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\"",
        by_file.len()
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"{name}\" {counts}>\n  \
         <testsuite name=\"{name}\" {counts}>\n{cases}  </testsuite>\n</testsuites>\n",
        name = attr(suite)
    )
}

/// `path:line:col: severity[code]: message`, then help and related spans.
fn describe(report: &Report<'_>, d: &Diagnostic) -> String {
    let (line, column) = line_col(d.primary.start);
    format!(
        "{}:{line}:{column}: {}[{}]: {}",
        report.files.path(d.primary.file),
        d.severity,
        d.code,
        message_with_context(report, d)
    )
}

/// Escape character data (element text).
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// Escape an attribute value (written between double quotes).
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            // a raw CR would be read back as LF, in text as in attributes
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(super::control_picture(c)),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(text("a<b>&c\"d'e"), "a&lt;b&gt;&amp;c\"d'e");
        assert_eq!(attr("a<b>&c\"d'e"), "a&lt;b&gt;&amp;c&quot;d&apos;e");
        assert_eq!(attr("l1\nl2\r\tx"), "l1&#10;l2&#13;&#9;x");
        assert_eq!(text("l1\nl2\r\tx"), "l1\nl2&#13;\tx");
        assert_eq!(
            text("nul\u{0} esc\u{1b} \u{fffe}"),
            "nul\u{2400} esc\u{241b} \u{fffd}"
        );
        assert_eq!(text("]]>"), "]]&gt;");
        // DEL and C1 controls are allowed in XML 1.0 documents
        assert_eq!(text("\u{7f}\u{85}"), "\u{7f}\u{85}");
    }
}
