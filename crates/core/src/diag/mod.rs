//! One diagnostic model for every devplat tool, and the exit-code table.
//!
//! A [`Diagnostic`] is data: a stable kebab-case `code`, a [`Severity`], a message, a
//! primary [`Span`], related spans with labels, help text and an optional [`Fix`].
//! Rendering is separate: see [`render`], one module per output format.

pub mod render;

use serde::Serialize;

use crate::span::Span;

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parse `error`, `warning` or `note` (as written in configs and CLI flags).
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "note" => Some(Severity::Note),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place that matters to a finding ("the input is declared here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One replacement of the text under `span`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A suggested fix: what it does, and the edits that do it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable, kebab-case, documented (`unknown-key`, `yaml-syntax`, …).
    pub code: String,
    pub severity: Severity,
    /// What was found and what was expected.
    pub message: String,
    /// Where: the place the message is about.
    pub primary: Span,
    /// A short label under the primary span (optional; the message is shown anyway).
    pub label: Option<String>,
    /// Other places that explain the finding, each with its own label.
    pub related: Vec<Label>,
    /// How to fix it, in words.
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
        primary: Span,
    ) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            message: message.into(),
            primary,
            label: None,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn error(code: impl Into<String>, message: impl Into<String>, primary: Span) -> Self {
        Diagnostic::new(code, Severity::Error, message, primary)
    }

    pub fn warning(code: impl Into<String>, message: impl Into<String>, primary: Span) -> Self {
        Diagnostic::new(code, Severity::Warning, message, primary)
    }

    pub fn note(code: impl Into<String>, message: impl Into<String>, primary: Span) -> Self {
        Diagnostic::new(code, Severity::Note, message, primary)
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Static description of a rule, for docs, SARIF `tool.driver.rules` and `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// The diagnostic code this rule emits.
    pub code: &'static str,
    /// One line: the problem the rule finds.
    pub summary: &'static str,
    pub default_severity: Severity,
    /// Where the rule is documented (absolute URL).
    pub help_uri: &'static str,
}

/// The producing tool, for SARIF and JUnit headers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ToolInfo {
    /// `devplat`
    pub name: String,
    /// `devplat validate`, `devplat changes`, …
    pub component: String,
    pub version: String,
    pub information_uri: String,
}

/// Counts over a set of diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Summary {
    /// Count `diagnostics` over `files` files.
    pub fn of(files: usize, diagnostics: &[Diagnostic]) -> Summary {
        let mut s = Summary {
            files,
            ..Summary::default()
        };
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors = s.errors.saturating_add(1),
                Severity::Warning => s.warnings = s.warnings.saturating_add(1),
                Severity::Note => s.notes = s.notes.saturating_add(1),
            }
        }
        s
    }
}

/// The lowest severity that fails a run (`--fail-on`, the `fail-on` input).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "note" => Some(FailOn::Note),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }

    /// Whether a finding of `severity` reaches this threshold.
    pub fn is_reached_by(self, severity: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Note => true,
        }
    }

    /// Whether any of `diagnostics` reaches this threshold.
    pub fn is_reached(self, diagnostics: &[Diagnostic]) -> bool {
        diagnostics.iter().any(|d| self.is_reached_by(d.severity))
    }
}

/// Every devplat command's exit status. One table, documented in `docs/exit-codes.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ExitCode {
    /// Nothing at or above the failure threshold.
    Clean = 0,
    /// Findings at or above the failure threshold.
    Findings = 1,
    /// Usage or input error: bad flag, unreadable input, invalid configuration.
    UsageOrInput = 2,
}

impl ExitCode {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// `Findings` when `fail_on` is reached by `diagnostics`, else `Clean`.
    pub fn for_findings(fail_on: FailOn, diagnostics: &[Diagnostic]) -> ExitCode {
        if fail_on.is_reached(diagnostics) {
            ExitCode::Findings
        } else {
            ExitCode::Clean
        }
    }
}

/// Sort diagnostics by file, position, then code: the order every renderer prints.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(order);
}

/// Whether `diagnostics` are in [`sort`]'s order.
pub fn is_sorted(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.is_sorted_by(|a, b| order(a, b).is_le())
}

fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (a.primary.file, a.primary.start, &a.code, &a.message).cmp(&(
        b.primary.file,
        b.primary.start,
        &b.code,
        &b.message,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_thresholds() {
        assert!(FailOn::Error.is_reached_by(Severity::Error));
        assert!(!FailOn::Error.is_reached_by(Severity::Warning));
        assert!(FailOn::Warning.is_reached_by(Severity::Error));
        assert!(!FailOn::Warning.is_reached_by(Severity::Note));
        assert!(FailOn::Note.is_reached_by(Severity::Note));
        assert!(!FailOn::Never.is_reached_by(Severity::Error));
    }

    #[test]
    fn summary_counts() {
        let s = Span::default();
        let d = vec![
            Diagnostic::error("a", "m", s),
            Diagnostic::warning("b", "m", s),
            Diagnostic::warning("c", "m", s),
        ];
        let sum = Summary::of(3, &d);
        assert_eq!(
            (sum.files, sum.errors, sum.warnings, sum.notes),
            (3, 1, 2, 0)
        );
        assert_eq!(
            ExitCode::for_findings(FailOn::Error, &d),
            ExitCode::Findings
        );
        assert_eq!(ExitCode::for_findings(FailOn::Never, &d), ExitCode::Clean);
    }
}
