//! From diagnostics to what a CI page shows: which findings become annotations, what the
//! result says, and a summary that fits.
//!
//! Both platforms keep only a few annotations per step: GitHub shows 10 errors and 10
//! warnings per step (50 per job), and the ADO agent keeps 10 errors and 10 warnings per
//! task in the timeline. Whatever comes first wins there, so the order here matters:
//! the most severe findings first, each severity in file and position order, at most
//! [`PER_LEVEL`] of each. A failing step spends one error annotation on its own failure
//! message (`core.setFailed`, `task.complete` both emit one), so it annotates one error
//! fewer and its message says how many findings were left out.

use devplat_core::diag::{Diagnostic, ExitCode, FailOn, Severity, Summary};
use devplat_core::source::{EntryKind, FileSource, Files};

use devplat_core::diag::render::{Format, Options, Report, render};

use crate::protocol::{
    Annotation, FileWrite, HostRequest, HostResponse, Level, Output, OutputSpec, Platform, Status,
    Verdict,
};

/// Annotations kept per level and step by both platforms.
pub const PER_LEVEL: usize = 10;

/// How many findings of each severity did not become annotations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Omitted {
    pub fn total(&self) -> usize {
        self.errors
            .saturating_add(self.warnings)
            .saturating_add(self.notes)
    }
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Notice,
    }
}

/// `dir` joined with the relative `path`, with the separator `dir` already uses.
fn join(dir: &str, path: &str) -> String {
    if path.starts_with('/') || dir.is_empty() || path.get(1..2) == Some(":") {
        return path.to_owned();
    }
    let sep = if dir.contains('\\') && !dir.contains('/') {
        '\\'
    } else {
        '/'
    };
    let dir = dir.trim_end_matches(['/', '\\']);
    let rel = path.strip_prefix("./").unwrap_or(path);
    let rel = if sep == '\\' {
        rel.replace('/', "\\")
    } else {
        rel.to_owned()
    };
    format!("{dir}{sep}{rel}")
}

/// One diagnostic as an annotation on `platform`. `exists` says whether its file is
/// there to point at: a path that does not exist (`paths: not-there`) is reported on
/// the run, not on a file the CI page cannot show.
pub fn annotation(
    platform: Platform,
    workspace: &str,
    files: &Files,
    d: &Diagnostic,
    exists: &dyn Fn(&str) -> bool,
) -> Annotation {
    let path = files.path(d.primary.file);
    let path = if exists(path) { path } else { "" };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let start = d.primary.start;
    let end = d.primary.end;
    let file = (!path.is_empty()).then(|| match platform {
        // GitHub resolves annotation paths against the workspace itself.
        Platform::Github => path.strip_prefix("./").unwrap_or(path).to_owned(),
        // ADO wants an absolute `sourcepath`.
        Platform::Azure => join(workspace, path),
    });
    let one_line = end.line <= start.line;
    let (end_line, start_column, end_column) = match platform {
        // GitHub: columns only when the annotation is on one line; its end column is
        // inclusive where our spans end exclusively.
        Platform::Github => (
            Some(end.line.max(start.line)),
            one_line.then_some(start.column),
            one_line.then_some(end.column.saturating_sub(1).max(start.column)),
        ),
        // ADO: `linenumber` and `columnnumber` only.
        Platform::Azure => (None, Some(start.column), None),
    };
    Annotation {
        level: level(d.severity),
        message,
        title: Some(d.code.clone()),
        code: Some(d.code.clone()),
        start_line: file.as_ref().map(|_| start.line),
        end_line: file.as_ref().and(end_line),
        start_column: file.as_ref().and(start_column),
        end_column: file.as_ref().and(end_column),
        file,
    }
}

/// The annotations for `diagnostics` (most severe first, capped per level) and what
/// was left out. `failing` reserves one error annotation for the failure message.
pub fn annotations(
    platform: Platform,
    workspace: &str,
    files: &Files,
    diagnostics: &[Diagnostic],
    failing: bool,
    exists: &dyn Fn(&str) -> bool,
) -> (Vec<Annotation>, Omitted) {
    let mut out = Vec::new();
    let mut omitted = Omitted::default();
    for severity in [Severity::Error, Severity::Warning, Severity::Note] {
        // ADO has no notice-level issue: notes stay in the log and the summary there.
        if severity == Severity::Note && platform == Platform::Azure {
            continue;
        }
        let cap = if severity == Severity::Error && failing {
            PER_LEVEL.saturating_sub(1)
        } else {
            PER_LEVEL
        };
        let of_level = diagnostics.iter().filter(|d| d.severity == severity);
        let total = of_level.clone().count();
        out.extend(
            of_level
                .take(cap)
                .map(|d| annotation(platform, workspace, files, d, exists)),
        );
        let left = total.saturating_sub(cap);
        match severity {
            Severity::Error => omitted.errors = left,
            Severity::Warning => omitted.warnings = left,
            Severity::Note => omitted.notes = left,
        }
    }
    (out, omitted)
}

/// `1 error`, `3 warnings`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 errors, 1 warning and 2 notes in 5 files`.
pub fn describe(summary: &Summary) -> String {
    format!(
        "{}, {} and {} in {}",
        count(summary.errors, "error", "errors"),
        count(summary.warnings, "warning", "warnings"),
        count(summary.notes, "note", "notes"),
        count(summary.files, "file", "files"),
    )
}

/// The step's result from the tool's exit code (the CLI's, on the same input): failed on
/// findings at the threshold or on a usage/input error; succeeded with issues when
/// errors or warnings remain under the threshold; else succeeded.
pub fn verdict(
    tool: &str,
    fail_on: FailOn,
    exit: ExitCode,
    summary: &Summary,
    omitted: &Omitted,
) -> Verdict {
    let mut message = format!("devplat {tool}: {}", describe(summary));
    match exit {
        ExitCode::Findings => {
            let threshold = match fail_on {
                FailOn::Error => "error",
                FailOn::Warning => "warning",
                FailOn::Note => "note",
                FailOn::Never => "never",
            };
            message.push_str(&format!(" (fail-on: {threshold})"));
        }
        ExitCode::UsageOrInput => {
            message.push_str(" — an input could not be read or is invalid: see the errors");
        }
        ExitCode::Clean => {}
    }
    if omitted.total() > 0 {
        message.push_str(&format!(
            "; {} more not annotated (each platform shows {PER_LEVEL} per level and step): see the summary and the log",
            omitted.total()
        ));
    }
    let status = if exit != ExitCode::Clean {
        Status::Failed
    } else if summary.errors > 0 || summary.warnings > 0 {
        Status::SucceededWithIssues
    } else {
        Status::Succeeded
    };
    Verdict {
        status,
        message,
        exit_code: exit.code(),
    }
}

/// What a findings tool (validate, policy, security-gate) hands over to be shown.
pub struct Findings<'a> {
    /// `validate`, … (for messages and the summary file name).
    pub tool: &'a str,
    pub report: Report<'a>,
    pub fail_on: FailOn,
    /// The tool's verdict, exactly as the CLI would exit on the same input.
    pub exit: ExitCode,
    /// Where to write SARIF (the `sarif-file` input), if asked.
    pub sarif_file: Option<String>,
    /// The tool's outputs for errors, warnings and the SARIF path, in that order.
    pub outputs: [&'a OutputSpec; 3],
}

/// The whole I/O plan for a findings tool: every finding in the log (human format),
/// the most severe as annotations, the Markdown summary, SARIF when asked, the counts
/// as outputs, and the verdict.
pub fn respond(
    request: &HostRequest,
    fs: &dyn FileSource,
    findings: &Findings<'_>,
) -> HostResponse {
    let platform = request.platform;
    let mut diagnostics = findings.report.diagnostics.to_vec();
    devplat_core::diag::sort(&mut diagnostics);
    let report = Report {
        diagnostics: &diagnostics,
        ..findings.report
    };
    let options = Options {
        fail_on: findings.fail_on,
        ..Options::default()
    };
    // The counts (`files` = files checked, which the file table may exceed).
    let summary = report.summary();
    let mut response = report_response(
        request,
        fs,
        findings.tool,
        &report,
        findings.fail_on,
        findings.exit,
        &summary,
    );
    if let Some(path) = &findings.sarif_file {
        response.files.push(FileWrite {
            path: path.clone(),
            contents: render(Format::Sarif, &report, &options),
        });
    }
    let [errors, warnings, sarif] = findings.outputs;
    response.outputs = vec![
        Output {
            name: errors.name(platform).to_owned(),
            value: summary.errors.to_string(),
        },
        Output {
            name: warnings.name(platform).to_owned(),
            value: summary.warnings.to_string(),
        },
        Output {
            name: sarif.name(platform).to_owned(),
            value: findings.sarif_file.clone().unwrap_or_default(),
        },
    ];
    response.summary = Some(render(Format::Markdown, &report, &options));
    response
}

/// The part every tool shares: the diagnostics of `report` in the log (human format)
/// and as annotations, and the verdict from `exit`. Outputs, files and the summary are
/// the tool's to add.
pub fn report_response(
    request: &HostRequest,
    fs: &dyn FileSource,
    tool: &str,
    report: &Report<'_>,
    fail_on: FailOn,
    exit: ExitCode,
    counts: &Summary,
) -> HostResponse {
    let mut diagnostics = report.diagnostics.to_vec();
    devplat_core::diag::sort(&mut diagnostics);
    let report = Report {
        diagnostics: &diagnostics,
        ..*report
    };
    let options = Options {
        fail_on,
        ..Options::default()
    };
    let exists = |path: &str| !path.is_empty() && fs.kind(path) == Some(EntryKind::File);
    let (annotations, omitted) = annotations(
        request.platform,
        &request.workspace,
        report.files,
        &diagnostics,
        exit != ExitCode::Clean,
        &exists,
    );
    let mut log = Vec::new();
    if !diagnostics.is_empty() {
        log.push(render(Format::Human, &report, &options));
    }
    HostResponse {
        fetch: Vec::new(),
        files: Vec::new(),
        outputs: Vec::new(),
        log,
        annotations,
        summary: None,
        result: verdict(tool, fail_on, exit, counts, &omitted),
    }
}

#[cfg(test)]
mod tests {
    use devplat_core::span::{FileId, Pos, Span};

    use super::*;

    fn span(file: FileId, line: u32, col: u32, end_line: u32, end_col: u32) -> Span {
        Span::new(
            file,
            Pos {
                offset: 0,
                line,
                column: col,
            },
            Pos {
                offset: 0,
                line: end_line,
                column: end_col,
            },
        )
    }

    fn sample(n_err: usize, n_warn: usize, n_note: usize) -> (Files, Vec<Diagnostic>) {
        let mut files = Files::new();
        let f = files.add(".github/workflows/ci.yml", "on: push\n");
        let mut d = Vec::new();
        let line = |i: usize| u32::try_from(i).unwrap() + 1;
        for i in 0..n_note {
            d.push(Diagnostic::note(
                "n",
                format!("note {i}"),
                span(f, line(i), 1, line(i), 2),
            ));
        }
        for i in 0..n_warn {
            d.push(Diagnostic::warning(
                "w",
                format!("warning {i}"),
                span(f, line(i), 1, line(i), 2),
            ));
        }
        for i in 0..n_err {
            d.push(Diagnostic::error(
                "e",
                format!("error {i}"),
                span(f, line(i), 3, line(i), 7),
            ));
        }
        (files, d)
    }

    #[test]
    fn most_severe_first_capped_per_level() {
        let (files, d) = sample(12, 3, 11);
        let (a, omitted) = annotations(Platform::Github, "/w", &files, &d, true, &|_| true);
        let levels: Vec<Level> = a.iter().map(|a| a.level).collect();
        assert_eq!(levels.iter().filter(|l| **l == Level::Error).count(), 9);
        assert_eq!(levels.iter().filter(|l| **l == Level::Warning).count(), 3);
        assert_eq!(levels.iter().filter(|l| **l == Level::Notice).count(), 10);
        assert!(levels.windows(2).all(|w| w[0] >= w[1]), "{levels:?}");
        assert_eq!(a[0].message, "error 0");
        assert_eq!(
            omitted,
            Omitted {
                errors: 3,
                warnings: 0,
                notes: 1
            }
        );
        let (_, omitted) = annotations(Platform::Github, "/w", &files, &d, false, &|_| true);
        assert_eq!(omitted.errors, 2);
    }

    #[test]
    fn github_and_azure_positions() {
        let (files, d) = sample(1, 0, 0);
        let (gh, _) = annotations(Platform::Github, "/w", &files, &d, false, &|_| true);
        assert_eq!(gh[0].file.as_deref(), Some(".github/workflows/ci.yml"));
        assert_eq!(
            (
                gh[0].start_line,
                gh[0].end_line,
                gh[0].start_column,
                gh[0].end_column
            ),
            (Some(1), Some(1), Some(3), Some(6))
        );
        let (az, _) = annotations(Platform::Azure, "/w/", &files, &d, false, &|_| true);
        assert_eq!(az[0].file.as_deref(), Some("/w/.github/workflows/ci.yml"));
        assert_eq!((az[0].start_column, az[0].end_line), (Some(3), None));
        let (az, _) = annotations(Platform::Azure, "D:\\a\\1\\s", &files, &d, false, &|_| true);
        assert_eq!(
            az[0].file.as_deref(),
            Some("D:\\a\\1\\s\\.github\\workflows\\ci.yml")
        );
    }

    #[test]
    fn multi_line_spans_drop_columns_on_github() {
        let mut files = Files::new();
        let f = files.add("a.yml", "x");
        let d = vec![Diagnostic::error("e", "m", span(f, 2, 3, 4, 1))];
        let (gh, _) = annotations(Platform::Github, "/w", &files, &d, false, &|_| true);
        assert_eq!(
            (gh[0].start_line, gh[0].end_line, gh[0].start_column),
            (Some(2), Some(4), None)
        );
    }

    #[test]
    fn verdicts() {
        let (_, d) = sample(0, 1, 0);
        let s = Summary::of(2, &d);
        let none = Omitted::default();
        let v = verdict("validate", FailOn::Error, ExitCode::Clean, &s, &none);
        assert_eq!((v.status, v.exit_code), (Status::SucceededWithIssues, 0));
        assert_eq!(
            v.message,
            "devplat validate: 0 errors, 1 warning and 0 notes in 2 files"
        );
        let v = verdict("validate", FailOn::Warning, ExitCode::Findings, &s, &none);
        assert_eq!((v.status, v.exit_code), (Status::Failed, 1));
        assert!(v.message.ends_with("(fail-on: warning)"), "{}", v.message);
        let v = verdict("validate", FailOn::Never, ExitCode::UsageOrInput, &s, &none);
        assert_eq!((v.status, v.exit_code), (Status::Failed, 2));
        assert!(v.message.contains("could not be read"), "{}", v.message);
        let (_, d) = sample(0, 0, 14);
        let some = Omitted {
            errors: 0,
            warnings: 0,
            notes: 4,
        };
        let v = verdict(
            "validate",
            FailOn::Never,
            ExitCode::Clean,
            &Summary::of(1, &d),
            &some,
        );
        assert_eq!((v.status, v.exit_code), (Status::Succeeded, 0));
        assert!(v.message.contains("4 more not annotated"), "{}", v.message);
    }

    #[test]
    fn respond_plans_everything_the_host_does() {
        let (files, d) = sample(12, 2, 1);
        let tool = devplat_core::diag::ToolInfo {
            name: "devplat".into(),
            component: "devplat validate".into(),
            version: "0.1.0".into(),
            information_uri: "https://github.com/org/devplat".into(),
        };
        let outputs = [
            &OutputSpec {
                github: "errors",
                azure: "errors",
            },
            &OutputSpec {
                github: "warnings",
                azure: "warnings",
            },
            &OutputSpec {
                github: "sarif-file",
                azure: "sarifFile",
            },
        ];
        let findings = Findings {
            tool: "validate",
            report: Report {
                files: &files,
                diagnostics: &d,
                rules: &[],
                tool: &tool,
                checked: Some(1),
            },
            fail_on: FailOn::Error,
            exit: ExitCode::Findings,
            sarif_file: Some("out/devplat.sarif".into()),
            outputs,
        };
        let request: HostRequest =
            serde_json::from_str(r#"{"platform":"azure","workspace":"/w"}"#).unwrap();
        let mut fs = devplat_core::source::MemoryFiles::new();
        fs.insert(".github/workflows/ci.yml", "on: push\n");
        let r = respond(&request, &fs, &findings);
        assert_eq!(r.result.status, Status::Failed);
        assert_eq!(r.result.exit_code, 1);
        assert!(
            r.result.message.contains("3 more not annotated"),
            "{}",
            r.result.message
        );
        // ADO: 9 errors (one kept for the failure message), 2 warnings, no note level.
        assert_eq!(r.annotations.len(), 11);
        let names: Vec<(&str, &str)> = r
            .outputs
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("errors", "12"),
                ("warnings", "2"),
                ("sarifFile", "out/devplat.sarif")
            ]
        );
        assert_eq!(r.files.len(), 1);
        assert!(r.files[0].contents.contains("\"2.1.0\""));
        assert!(r.summary.as_deref().unwrap_or("").contains("error 11"));
        assert!(r.log[0].contains("error 11"));
    }

    #[test]
    fn findings_on_missing_files_are_on_the_run() {
        let (files, d) = sample(1, 0, 0);
        let (gh, _) = annotations(Platform::Github, "/w", &files, &d, false, &|_| false);
        assert_eq!((gh[0].file.as_deref(), gh[0].start_line), (None, None));
    }
}
