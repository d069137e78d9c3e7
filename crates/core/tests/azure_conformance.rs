//! The Azure Pipelines conformance corpus, run as-is through the expression parser:
//! every `${{ }}` and `$[ ]` in every pipeline and template of
//! `../shared/conformance/azure-pipelines` must parse, except where the entry file says
//! expansion fails with a message, in which case a parse error must carry that message;
//! and the folders whose expected failure is an expression syntax error must produce it.
//!
//! The corpus is found at `$DEVPLAT_CONFORMANCE` or `<workspace>/../shared/conformance`;
//! the test fails when it is missing.

// Test helpers may panic and slice: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use devplat_core::expr::azure::{Directive, directive, parse};

fn corpus() -> PathBuf {
    let root = std::env::var_os("DEVPLAT_CONFORMANCE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
        PathBuf::from,
    );
    let dir = root.join("azure-pipelines");
    assert!(
        dir.is_dir(),
        "the conformance corpus is missing: {} (set DEVPLAT_CONFORMANCE)",
        dir.display()
    );
    dir
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
}

/// The expression inside a `${{ }}` body: its condition, its collection, or itself.
fn expression_of(body: &str) -> Option<String> {
    match directive(body) {
        Directive::If { condition } | Directive::ElseIf { condition } => {
            Some(body[condition].to_owned())
        }
        Directive::Each { collection, .. } => Some(body[collection].to_owned()),
        Directive::Else | Directive::Insert => None,
        Directive::Expression => Some(body.to_owned()),
    }
}

/// The expression of every `${{ … }}` and `$[ … ]` in `text` (quotes inside the expression
/// are honoured, so `'}}'` does not end it).
fn expressions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let (start, template) = match (rest.find("${{"), rest.find("$[")) {
            (Some(a), Some(b)) if a < b => (a, true),
            (Some(_), Some(b)) => (b, false),
            (Some(a), None) => (a, true),
            (None, Some(b)) => (b, false),
            (None, None) => break,
        };
        let body_start = at + start + if template { 3 } else { 2 };
        let mut in_string = false;
        let mut depth = 0_i32;
        let mut end = None;
        let bytes = text.as_bytes();
        let mut i = body_start;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'\'' {
                in_string = !in_string;
            } else if !in_string && template && text[i..].starts_with("}}") {
                end = Some(i);
                break;
            } else if !in_string && !template && c == b'[' {
                depth += 1;
            } else if !in_string && !template && c == b']' {
                if depth == 0 {
                    end = Some(i);
                    break;
                }
                depth -= 1;
            } else if c == b'\n' && !template {
                break;
            }
            i += 1;
        }
        match end {
            Some(end) => {
                out.extend(expression_of(text[body_start..end].trim()));
                at = end + if template { 2 } else { 1 };
            }
            None => {
                out.extend(expression_of(text[body_start..].trim()));
                break;
            }
        }
    }
    out
}

fn header(text: &str, key: &str) -> Option<String> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .find_map(|l| {
            let (k, v) = l.trim_start_matches('#').trim().split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(key)
                .then(|| v.trim().to_owned())
        })
}

/// Folders whose expected failure is an expression syntax error, and its text.
const SYNTAX_FAILURES: &[(&str, &str)] = &[
    (
        "expr-syntax-error-is-fatal-even-if-disabled",
        "Unexpected symbol: '+'",
    ),
    (
        "syntax-validation-report-expr-error-if-true",
        "Unexpected symbol: 'h'",
    ),
    ("version-literal-error", "0.9.o.9"),
    (
        "verify-minus-is-no-keyword-error",
        "dereference operator '.': '.'. Located at position 11",
    ),
];

#[test]
fn every_conformance_expression_parses_or_fails_as_expected() {
    let dir = corpus();
    let mut files = Vec::new();
    yaml_files(&dir, &mut files);
    assert!(
        files.len() > 50,
        "only {} files in {}",
        files.len(),
        dir.display()
    );
    let mut failures = Vec::new();
    let mut parsed = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let folder = file.parent().unwrap();
        let entry_text = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("pipeline")
            })
            .map(|p| std::fs::read_to_string(p).unwrap())
            .next()
            .unwrap_or_else(|| text.clone());
        // `ExpectedErrorMessage` is the corpus's contract; other keys are informative.
        let expected = header(&text, "ExpectedException")
            .or_else(|| header(&entry_text, "ExpectedException"))
            .map(|_| {
                header(&text, "ExpectedErrorMessage")
                    .or_else(|| header(&entry_text, "ExpectedErrorMessage"))
            });
        for expr in expressions(&text) {
            match parse(&expr) {
                Ok(_) => parsed += 1,
                Err(e) => match &expected {
                    // Expansion is expected to fail: a parse error must be that failure.
                    Some(Some(message)) if e.message.contains(message.as_str()) => {}
                    // Failing with no stated message: any error is accepted.
                    Some(None) => {}
                    _ => failures.push(format!(
                        "{}: `{expr}`: {}",
                        file.strip_prefix(&dir).unwrap().display(),
                        e.message
                    )),
                },
            }
        }
    }
    for (folder, message) in SYNTAX_FAILURES {
        let text = std::fs::read_to_string(dir.join(folder).join("pipeline.yml")).unwrap();
        let found = expressions(&text)
            .iter()
            .filter_map(|e| parse(e).err())
            .any(|e| e.message.contains(message));
        if !found {
            failures.push(format!("{folder}: no expression fails with {message:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(parsed > 100, "only {parsed} expressions parsed");
}
