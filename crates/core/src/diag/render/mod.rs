//! Renderers: one module per output format, each a pure function from a [`Report`] to text.
//!
//! [`render`] dispatches on a [`Format`]; [`Options`] holds the few knobs a caller can turn
//! (colour for `human`, the JUnit failure threshold, the Markdown size cap). Nothing here
//! looks at the terminal or the environment: the CLI and the hosts decide and pass options.
//! The formats and every field they print are documented in `docs/formats.md`.

use crate::diag::{Diagnostic, FailOn, RuleMeta, Summary, ToolInfo};
use crate::source::Files;
use crate::span::Pos;

pub mod azure;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod line_hash;
pub mod markdown;
pub mod sarif;

/// Everything a renderer needs: the files (for snippets and line hashes), the findings,
/// the rules that can produce them (for SARIF), and who produced them.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    pub files: &'a Files,
    pub diagnostics: &'a [Diagnostic],
    pub rules: &'a [RuleMeta],
    pub tool: &'a ToolInfo,
    /// How many files the run checked, when that is not every file in the table (a
    /// linter also reads its configuration and the callees it follows). `None`: every
    /// file in [`Report::files`] counts.
    pub checked: Option<usize>,
}

impl Report<'_> {
    /// The diagnostics in the one canonical order ([`crate::diag::sort`]), whatever order
    /// the caller passed them in, so every format prints the same sequence.
    /// (Borrowed when they already are, as a run's outcome is.)
    pub fn sorted(&self) -> std::borrow::Cow<'_, [Diagnostic]> {
        if crate::diag::is_sorted(self.diagnostics) {
            return std::borrow::Cow::Borrowed(self.diagnostics);
        }
        let mut diagnostics = self.diagnostics.to_vec();
        crate::diag::sort(&mut diagnostics);
        std::borrow::Cow::Owned(diagnostics)
    }

    /// Counts over the report: the files checked ([`Report::checked`], else every file
    /// in the table), every diagnostic by severity.
    pub fn summary(&self) -> Summary {
        Summary::of(self.checked.unwrap_or(self.files.len()), self.diagnostics)
    }

    /// The rule that emits `code`, if the report has it.
    pub fn rule(&self, code: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.code == code)
    }
}

/// An output format, by the name users type (`--format`, the `format` input).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Source snippets with carets, for people at a terminal.
    Human,
    /// Versioned JSON (`"version": 1`), for scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`): annotations.
    Github,
    /// Azure Pipelines logging commands (`##vso[task.logissue …]…`): build issues.
    Azure,
    /// A Markdown summary for the GitHub step summary or ADO `task.uploadsummary`.
    Markdown,
    /// JUnit XML: one test case per file, one failure per finding.
    Junit,
}

impl Format {
    /// Every format, in the order the docs list them.
    pub const ALL: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Azure,
        Format::Markdown,
        Format::Junit,
    ];

    /// The name users type.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Azure => "azure",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
        }
    }

    /// Parse a format name (exact, lowercase). `None` for anything else: callers list
    /// [`Format::ALL`] in their error message.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The names of every format, comma-separated, for "expected one of …" messages.
    pub fn names() -> String {
        Format::ALL.map(Format::as_str).join(", ")
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// [`Format::parse`], with an error that names the valid formats (for clap's
    /// `value_parser` and config files).
    fn from_str(s: &str) -> Result<Format, String> {
        Format::parse(s)
            .ok_or_else(|| format!("unknown format `{s}`: expected one of {}", Format::names()))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// GitHub's step-summary limit: "supports content up to a size of 1024k".
pub const GITHUB_STEP_SUMMARY_LIMIT: usize = 1024 * 1024;

/// What a caller may choose. The defaults suit CI logs: no colour, fail on errors,
/// Markdown capped at GitHub's step-summary limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// `human`: emit ANSI colour. The CLI sets it for a terminal without `NO_COLOR`;
    /// renderers never look themselves.
    pub color: bool,
    /// `junit`: findings at or above this threshold become `<failure>`s (the rest are
    /// listed in `<system-out>`). Pass the run's `--fail-on` so JUnit agrees with the
    /// exit code.
    pub fail_on: FailOn,
    /// `markdown`: the most bytes of table rows and text to write; findings past it are
    /// counted in an "N more findings not shown" line.
    pub markdown_max_bytes: usize,
    /// `human`: how many threads may draw snippets (the output does not depend on it).
    /// Hosts without threads (the wasm build) keep the default, 1.
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            color: false,
            fail_on: FailOn::Error,
            markdown_max_bytes: GITHUB_STEP_SUMMARY_LIMIT,
            threads: 1,
        }
    }
}

/// Render `report` in `format`.
pub fn render(format: Format, report: &Report<'_>, options: &Options) -> String {
    match format {
        Format::Human => human::render(report, options),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Azure => azure::render(report),
        Format::Markdown => markdown::render(report, options),
        Format::Junit => junit::render(report, options),
    }
}

/// Line and column of a position as printed: 1-based even if a producer left a zero.
pub(crate) fn line_col(pos: Pos) -> (u32, u32) {
    (pos.line.max(1), pos.column.max(1))
}

/// The visible stand-in for a control character: its Unicode "control picture" (U+2400 +
/// code) for C0 controls, U+2421 for DEL, U+FFFD for anything else.
pub(crate) fn control_picture(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 | u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// "3 errors, 1 warning in 5 files", "no findings in 2 files": the closing line of
/// `human`, the count line of `markdown`.
pub fn summary_line(summary: &Summary) -> String {
    let mut parts = Vec::new();
    for (n, one) in [
        (summary.errors, "error"),
        (summary.warnings, "warning"),
        (summary.notes, "note"),
    ] {
        if n > 0 {
            parts.push(plural(n, one));
        }
    }
    let what = if parts.is_empty() {
        "no findings".to_owned()
    } else {
        parts.join(", ")
    };
    format!("{what} in {}", plural(summary.files, "file"))
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The message as the line-oriented formats print it: the message, then `help: …`,
/// then one line per related span (`path:line:col: label`).
pub(crate) fn message_with_context(report: &Report<'_>, d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    for related in &d.related {
        let (line, column) = line_col(related.span.start);
        text.push_str(&format!(
            "\n{}:{line}:{column}: {}",
            report.files.path(related.span.file),
            related.message
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!(Format::parse("Human"), None);
        assert_eq!(
            "sarif2".parse::<Format>(),
            Err("unknown format `sarif2`: expected one of human, json, sarif, github, azure, markdown, junit".to_owned())
        );
        assert_eq!("junit".parse::<Format>(), Ok(Format::Junit));
        assert_eq!(Format::parse("text"), None);
        assert_eq!(
            Format::names(),
            "human, json, sarif, github, azure, markdown, junit"
        );
    }

    #[test]
    fn summary_lines() {
        let s = |files, errors, warnings, notes| Summary {
            files,
            errors,
            warnings,
            notes,
        };
        assert_eq!(
            summary_line(&s(5, 3, 1, 0)),
            "3 errors, 1 warning in 5 files"
        );
        assert_eq!(summary_line(&s(1, 0, 0, 2)), "2 notes in 1 file");
        assert_eq!(summary_line(&s(2, 0, 0, 0)), "no findings in 2 files");
        assert_eq!(
            summary_line(&s(0, 1, 2, 1)),
            "1 error, 2 warnings, 1 note in 0 files"
        );
    }
}
