//! The `human` format: for people at a terminal.
//!
//! Each finding starts with a `path:line:col: severity[code]: message` line (the form
//! editors, terminals and problem matchers recognise), followed by the source with the
//! span underlined and labelled, related spans (in the same file or another) as secondary
//! snippets with their labels, `= help:` and the suggested fix as a diff. A closing line
//! counts everything ("3 errors, 1 warning in 5 files").
//!
//! The snippets are drawn by `annotate-snippets`, rustc's own renderer: multi-line spans,
//! several labels on a line, tabs expanded to four columns, wide and multi-byte characters
//! aligned by display width (`unicode-width`), control and bidi characters made visible.
//! Colour (ANSI) only when [`Options::color`] says so.
//!
//! Spans are placed from their line and column (not their byte offsets), so the caret
//! always matches the position printed in the header and by every other format.

use std::borrow::Cow;

use annotate_snippets::renderer::{
    DEFAULT_ERROR_STYLE, DEFAULT_NOTE_STYLE, DEFAULT_WARNING_STYLE, Style,
};
use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};

use super::{Options, Report, control_picture, line_col, summary_line};
use crate::diag::{Diagnostic, Edit, Fix, Severity};
use crate::source::SourceFile;
use crate::span::{FileId, Pos, Span};

/// Render `report` for a terminal (ANSI colour when `options.color`). With
/// `options.threads` above 1, large reports are drawn in that many contiguous parts at
/// once and joined: the same text, sooner.
pub fn render(report: &Report<'_>, options: &Options) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let sorted = report.sorted();
    // Below a few hundred findings a thread costs more than it saves.
    let threads = options
        .threads
        .clamp(1, 64)
        .min((sorted.len() / 256).saturating_add(1));
    let mut out = if threads <= 1 {
        findings(report, &sorted, &renderer, options.color)
    } else {
        let part = sorted.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = sorted
                .chunks(part)
                .map(|chunk| {
                    let renderer = &renderer;
                    scope.spawn(move || findings(report, chunk, renderer, options.color))
                })
                .collect();
            let mut out = String::new();
            for h in handles {
                // A part that panicked panics here, as it would have without threads.
                out.push_str(&h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            out
        })
    };
    let summary = summary_line(&report.summary());
    if options.color {
        let bold = Style::new().bold();
        out.push_str(&format!("{bold}{summary}{bold:#}\n"));
    } else {
        out.push_str(&summary);
        out.push('\n');
    }
    out
}

/// Each finding of `diagnostics`: its header, its snippets, a blank line.
fn findings(
    report: &Report<'_>,
    diagnostics: &[Diagnostic],
    renderer: &Renderer,
    color: bool,
) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&header(report, d, color));
        out.push('\n');
        let body = body(report, d, renderer);
        if !body.is_empty() {
            out.push_str(&body);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// `path:line:col: severity[code]: message`; later lines of a multi-line message are
/// indented by two spaces so they cannot be mistaken for another finding.
fn header(report: &Report<'_>, d: &Diagnostic, color: bool) -> String {
    let path = display_path(report.files.path(d.primary.file));
    let (line, column) = line_col(d.primary.start);
    let message = visible_controls(&d.message.replace("\r\n", "\n")).replace('\n', "\n  ");
    let code = visible_controls(&d.code);
    if color {
        let level = match d.severity {
            Severity::Error => DEFAULT_ERROR_STYLE,
            Severity::Warning => DEFAULT_WARNING_STYLE,
            Severity::Note => DEFAULT_NOTE_STYLE,
        };
        let bold = Style::new().bold();
        format!(
            "{bold}{path}:{line}:{column}:{bold:#} {level}{}[{code}]{level:#}{bold}: {message}{bold:#}",
            d.severity
        )
    } else {
        format!("{path}:{line}:{column}: {}[{code}]: {message}", d.severity)
    }
}

fn display_path(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        Cow::Borrowed("<unknown file>")
    } else {
        visible_controls(path)
    }
}

/// Control characters (other than newline and tab) as their visible Unicode pictures, so
/// a message cannot move the cursor or recolour the terminal.
fn visible_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if is_hidden_control(c) {
                    control_picture(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
}

/// The snippets of one finding, or `""` when its file has no text to show.
fn body(report: &Report<'_>, d: &Diagnostic, renderer: &Renderer) -> String {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };

    // The primary file first (without a path: the header already names it), then every
    // other file that has related spans, in the order they first appear.
    let mut files: Vec<FileId> = vec![d.primary.file];
    for r in &d.related {
        if !files.contains(&r.span.file) {
            files.push(r.span.file);
        }
    }
    let mut main = Group::with_level(level.clone());
    let mut has_snippet = false;
    for (i, file_id) in files.iter().enumerate() {
        let Some(file) = report.files.get(*file_id) else {
            continue;
        };
        let mut annotations: Vec<(Span, AnnotationKind, Option<&str>)> = Vec::new();
        if i == 0 {
            annotations.push((d.primary, AnnotationKind::Primary, d.label.as_deref()));
        }
        for r in d.related.iter().filter(|r| r.span.file == *file_id) {
            annotations.push((r.span, AnnotationKind::Context, Some(r.message.as_str())));
        }
        let Some(window) = Window::over(file, annotations.iter().map(|a| a.0)) else {
            continue;
        };
        let mut snippet = Snippet::source(window.text)
            .line_start(window.first_line as usize)
            .fold(true);
        if i > 0 {
            snippet = snippet.path(visible_controls(report.files.path(*file_id)));
        }
        for (span, kind, label) in annotations {
            let range = window.range(file, span);
            let annotation = kind.span(range);
            snippet = snippet.annotation(match label {
                Some(l) if !l.is_empty() => annotation.label(visible_controls(l)),
                _ => annotation,
            });
        }
        main = main.element(snippet);
        has_snippet = true;
    }
    if let Some(help) = d.help.as_deref().filter(|h| !h.is_empty()) {
        main = main.element(Level::HELP.message(visible_controls(help)));
        has_snippet = true;
    }
    if has_snippet {
        groups.push(main);
    }

    if let Some(fix) = &d.fix {
        groups.push(fix_group(report, fix));
    }

    if groups.is_empty() {
        return String::new();
    }
    renderer.render(&groups)
}

/// The suggested fix as a diff, one snippet per file it edits. Edits that overlap are no
/// fix anyone can apply (and the diff renderer cannot draw them): then, and for edits in
/// files the table lacks, only the fix's message is shown.
fn fix_group<'a>(report: &Report<'a>, fix: &'a Fix) -> Group<'a> {
    let mut group = Group::with_title(Level::HELP.secondary_title(visible_controls(&fix.message)));
    let mut edit_files: Vec<FileId> = Vec::new();
    for e in &fix.edits {
        if !edit_files.contains(&e.span.file) {
            edit_files.push(e.span.file);
        }
    }
    let mut snippets = Vec::new();
    for file_id in edit_files {
        let Some(file) = report.files.get(file_id) else {
            return group;
        };
        let edits: Vec<&Edit> = fix
            .edits
            .iter()
            .filter(|e| e.span.file == file_id)
            .collect();
        let Some(window) = Window::over(file, edits.iter().map(|e| e.span)) else {
            return group;
        };
        let mut patches: Vec<(std::ops::Range<usize>, &str)> = edits
            .iter()
            .map(|e| (window.range(file, e.span), e.replacement.as_str()))
            .collect();
        patches.sort_by_key(|(range, _)| (range.start, range.end));
        let overlapping = patches.windows(2).any(|pair| match pair {
            [(a, _), (b, _)] => b.start < a.end || b.start == a.start,
            _ => false,
        });
        if overlapping {
            return group;
        }
        let mut snippet = Snippet::source(window.text)
            .line_start(window.first_line as usize)
            .path(visible_controls(report.files.path(file_id)));
        for (range, replacement) in patches {
            snippet = snippet.patch(Patch::new(range, replacement));
        }
        snippets.push(snippet);
    }
    for snippet in snippets {
        group = group.element(snippet);
    }
    group
}

/// The lines of a file that a set of spans touch: the text handed to the snippet renderer
/// (not the whole file, so a finding in a large file costs only its lines).
struct Window<'f> {
    text: &'f str,
    first_line: u32,
    /// Byte offset of `text` in the file.
    start: usize,
}

impl<'f> Window<'f> {
    fn over(file: &'f SourceFile, spans: impl Iterator<Item = Span>) -> Option<Window<'f>> {
        let last = u32::try_from(file.line_count()).ok()?;
        let mut first_line = u32::MAX;
        let mut last_line = 0;
        for span in spans {
            let (start, _) = line_col(span.start);
            let (end, _) = line_col(span.end.max(span.start));
            first_line = first_line.min(start.min(last));
            last_line = last_line.max(end.min(last));
        }
        if last_line == 0 || first_line > last_line {
            return None;
        }
        let start = line_offset(file, first_line)?;
        let last_text = file.line_text(last_line)?;
        let end = line_offset(file, last_line)?.saturating_add(last_text.len());
        Some(Window {
            text: file.text().get(start..end)?,
            first_line,
            start,
        })
    }

    /// The byte range of `span` inside the window.
    fn range(&self, file: &SourceFile, span: Span) -> std::ops::Range<usize> {
        let start = self.offset(file, span.start);
        let end = self.offset(file, span.end.max(span.start)).max(start);
        start..end
    }

    /// The byte offset in the window of a line and column, clamped to the window and to
    /// the end of the line's text (a column past the end of its line, or a line past the
    /// end of the file, points just after the last character).
    fn offset(&self, file: &SourceFile, pos: Pos) -> usize {
        let (line, column) = line_col(pos);
        let last = u32::try_from(file.line_count()).unwrap_or(u32::MAX);
        let line = line.min(last);
        let Some(line_start) = line_offset(file, line) else {
            return 0;
        };
        let text = file.line_text(line).unwrap_or("");
        let in_line = text
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(text.len(), |(i, _)| i);
        line_start
            .saturating_add(in_line)
            .saturating_sub(self.start)
            .min(self.text.len())
    }
}

/// Byte offset in the file of the start of 1-based `line`.
fn line_offset(file: &SourceFile, line: u32) -> Option<usize> {
    let text = file.text();
    let line_text = file.line_text(line)?;
    // `line_text` returns a sub-slice of `text`: its distance from the start is its offset.
    (line_text.as_ptr() as usize).checked_sub(text.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::ToolInfo;
    use crate::source::Files;

    fn tool() -> ToolInfo {
        ToolInfo {
            name: "devplat".into(),
            component: "devplat test".into(),
            version: "0.0.0".into(),
            information_uri: "https://example.test".into(),
        }
    }

    /// A position with a deliberately wrong offset: renderers must go by line and column.
    fn pos(line: u32, column: u32) -> Pos {
        Pos {
            offset: 0,
            line,
            column,
        }
    }

    #[test]
    fn threads_draw_the_same_text() {
        let mut files = Files::new();
        let text: String = (1..=400).map(|i| format!("key{i}: value {i}\n")).collect();
        let a = files.add("a.yml", text.clone());
        let b = files.add("b.yml", text);
        // Unsorted on purpose, with related spans in the other file and colour.
        let diagnostics: Vec<Diagnostic> = (1..=400u32)
            .rev()
            .flat_map(|i| {
                let here = Span::new(a, pos(i, 1), pos(i, 4));
                let there = Span::new(b, pos(i, 6), pos(i, 11));
                [
                    Diagnostic::warning("w", format!("finding {i}"), here)
                        .with_related(there, "also here"),
                    Diagnostic::note("n", format!("note {i}"), there),
                ]
            })
            .collect();
        let tool = tool();
        let report = Report {
            files: &files,
            diagnostics: &diagnostics,
            rules: &[],
            tool: &tool,
            checked: None,
        };
        for color in [false, true] {
            let one = render(
                &report,
                &Options {
                    color,
                    ..Options::default()
                },
            );
            assert!(one.ends_with("400 warnings, 400 notes in 2 files\n") || color);
            for threads in [2, 3, 7, 64] {
                let many = render(
                    &report,
                    &Options {
                        color,
                        threads,
                        ..Options::default()
                    },
                );
                assert_eq!(one, many, "{threads} threads, colour {color}");
            }
        }
    }

    #[test]
    fn caret_follows_line_and_column_not_offset() {
        let mut files = Files::new();
        let id = files.add("a.yml", "key: value\n\tother: 日本語x\n");
        let d = Diagnostic::error("bad-value", "bad", Span::new(id, pos(2, 9), pos(2, 13)))
            .with_label("here");
        let tool = tool();
        let report = Report {
            files: &files,
            diagnostics: std::slice::from_ref(&d),
            rules: &[],
            tool: &tool,
            checked: None,
        };
        let out = render(&report, &Options::default());
        assert!(
            out.starts_with("a.yml:2:9: error[bad-value]: bad\n"),
            "{out}"
        );
        // tab = 4 columns, "other: " = 7, then 日本語x is 7 columns wide
        assert!(
            out.contains("2 |     other: 日本語x\n  |            ^^^^^^^ here"),
            "{out}"
        );
        assert!(out.ends_with("1 error in 1 file\n"), "{out}");
    }

    #[test]
    fn out_of_range_positions_do_not_panic() {
        let mut files = Files::new();
        let id = files.add("a.yml", "ab\r\n");
        let empty = files.add("empty.yml", "");
        let far = |l, c| Pos {
            offset: 99,
            line: l,
            column: c,
        };
        let diags = vec![
            Diagnostic::error("x", "m", Span::new(id, far(0, 0), far(99, 99))),
            Diagnostic::error("x", "m", Span::new(id, far(9, 9), far(1, 1))),
            Diagnostic::error("x", "m", Span::new(empty, far(1, 1), far(1, 1))),
            Diagnostic::error("x", "m", Span::new(FileId(7), far(1, 1), far(1, 1))),
        ];
        let tool = tool();
        let report = Report {
            files: &files,
            diagnostics: &diags,
            rules: &[],
            tool: &tool,
            checked: None,
        };
        let out = render(&report, &Options::default());
        assert!(out.contains("<unknown file>:1:1: error[x]: m"), "{out}");
    }

    #[test]
    fn overlapping_fix_edits_show_only_the_message() {
        let mut files = Files::new();
        let id = files.add("a.yml", "key: value\n");
        let edit = |c1, c2, r: &str| Edit {
            span: Span::new(id, pos(1, c1), pos(1, c2)),
            replacement: r.into(),
        };
        let d = Diagnostic::error("x", "m", Span::new(id, pos(1, 1), pos(1, 4))).with_fix(Fix {
            message: "rename it".into(),
            edits: vec![edit(1, 4, "name"), edit(2, 6, "oops")],
        });
        let tool = tool();
        let report = Report {
            files: &files,
            diagnostics: std::slice::from_ref(&d),
            rules: &[],
            tool: &tool,
            checked: None,
        };
        let out = render(&report, &Options::default());
        assert!(out.contains("help: rename it\n"), "{out}");
        assert!(!out.contains("oops"), "{out}");
    }

    #[test]
    fn no_raw_escape_reaches_the_terminal() {
        let esc = "\u{1b}[2J";
        let mut files = Files::new();
        let id = files.add(format!("a{esc}.yml"), format!("key: {esc}value\n"));
        let span = Span::new(id, pos(1, 1), pos(1, 4));
        let d = Diagnostic::error(format!("x{esc}"), format!("m{esc}\r\nnext"), span)
            .with_label(esc)
            .with_help(esc)
            .with_related(span, esc)
            .with_fix(Fix {
                message: esc.into(),
                edits: vec![Edit {
                    span,
                    replacement: esc.into(),
                }],
            });
        let tool = tool();
        let report = Report {
            files: &files,
            diagnostics: std::slice::from_ref(&d),
            rules: &[],
            tool: &tool,
            checked: None,
        };
        let out = render(&report, &Options::default());
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("m␛[2J\n  next"), "{out}");
    }

    #[test]
    fn controls_in_messages_are_made_visible() {
        assert_eq!(visible_controls("a\u{1b}[31mb\nc\td"), "a␛[31mb\nc\td");
        assert_eq!(visible_controls("\u{7f}\u{202e}"), "\u{2421}\u{fffd}");
    }
}
