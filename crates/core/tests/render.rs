//! Every output format on the same findings over real files (`tests/fixtures/render/`):
//! multi-line spans, related spans across two files, Unicode (wide and multi-byte), tabs,
//! CRLF, and messages full of the characters each format must escape
//! (`%`, `:`, `,`, newlines, `]`, `;`, `|`, `#`, backticks, `<`, `&`).

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod common;

use devplat_core::diag::render::{self, Format, Options, Report};
use devplat_core::diag::{Diagnostic, Edit, FailOn, Fix, RuleMeta, Severity, ToolInfo};
use devplat_core::source::Files;
use devplat_core::span::{FileId, Span};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/render");
/// (display path, fixture file). The last display path holds every character that a
/// format must escape in a path; its text is `clean.yml`'s.
const PATHS: [(&str, &str); 5] = [
    (".github/workflows/ci.yml", ".github/workflows/ci.yml"),
    (
        ".github/actions/setup/action.yml",
        ".github/actions/setup/action.yml",
    ),
    ("azure-pipelines.yml", "azure-pipelines.yml"),
    ("clean.yml", "clean.yml"),
    ("odd dir/a;b],c:d%e#1.yml", "clean.yml"),
];

fn files() -> Files {
    let mut files = Files::new();
    for (path, fixture) in PATHS {
        let text = std::fs::read_to_string(format!("{FIXTURES}/{fixture}"))
            .unwrap_or_else(|e| panic!("fixture {fixture}: {e}"));
        files.add(path, text);
    }
    files
}

/// The span of the `nth` (0-based) occurrence of `needle` in file `id`.
fn span(files: &Files, id: FileId, needle: &str, nth: usize) -> Span {
    let file = files.get(id).unwrap();
    let (start, _) = file
        .text()
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in {}", file.path()));
    Span::new(
        id,
        file.pos_of_offset(start),
        file.pos_of_offset(start + needle.len()),
    )
}

/// From the start of `from` to the end of `to` (a multi-line span).
fn between(files: &Files, id: FileId, from: &str, to: &str) -> Span {
    span(files, id, from, 0).cover(span(files, id, to, 0))
}

const RULES: &[RuleMeta] = &[
    RuleMeta {
        code: "unknown-input",
        summary: "A `with:` key that the called action does not declare",
        default_severity: Severity::Error,
        help_uri: "https://github.com/org/devplat/blob/main/docs/validate.md#unknown-input",
    },
    RuleMeta {
        code: "yaml-syntax",
        summary: "The file is not valid YAML",
        default_severity: Severity::Error,
        help_uri: "https://github.com/org/devplat/blob/main/docs/validate.md#yaml-syntax",
    },
    RuleMeta {
        code: "script-injection",
        summary: "An untrusted expression is expanded inside a script",
        default_severity: Severity::Warning,
        help_uri: "https://github.com/org/devplat/blob/main/docs/validate.md#script-injection",
    },
    RuleMeta {
        code: "display-name",
        summary: "A display name that renders badly",
        default_severity: Severity::Note,
        help_uri: "https://github.com/org/devplat/blob/main/docs/validate.md#display-name",
    },
    // A rule that fires nowhere here: SARIF still lists it.
    RuleMeta {
        code: "unused-rule",
        summary: "Never fires in these fixtures",
        default_severity: Severity::Warning,
        help_uri: "https://github.com/org/devplat/blob/main/docs/validate.md#unused-rule",
    },
];

fn tool() -> ToolInfo {
    ToolInfo {
        name: "devplat".into(),
        component: "devplat validate".into(),
        version: "0.1.0".into(),
        information_uri: "https://github.com/org/devplat".into(),
    }
}

/// The findings, deliberately out of order (renderers sort).
fn diagnostics(files: &Files) -> Vec<Diagnostic> {
    let ci = FileId(0);
    let action = FileId(1);
    let azure = FileId(2);
    let odd = FileId(4);
    vec![
        // A path with `;`, `]`, `,`, `:`, `%`, `#` and a space: property escaping.
        Diagnostic::error(
            "odd-path",
            "file name has characters that need escaping",
            span(files, odd, "jobs: {}", 0),
        ),
        // CRLF file, wide characters, every command-breaking character in the message.
        Diagnostic::note(
            "display-name",
            "display name `ビルド \"x\" | test` has a `|`; ADO shows it as-is: 100% literal, \
             not ##vso[task.setvariable variable=x]1",
            span(files, azure, "ビルド \"x\" | test", 0),
        )
        .with_label("this name"),
        Diagnostic::error(
            "unknown-input",
            "input `cache` is not declared by `./.github/actions/setup`",
            span(files, ci, "cache", 0),
        )
        .with_label("not an input of `./.github/actions/setup`")
        .with_related(
            span(files, action, "inputs", 0),
            "inputs are declared here: node-version, registry-url",
        )
        .with_help("did you mean `registry-url`? Valid inputs: node-version, registry-url")
        .with_fix(Fix {
            message: "rename `cache` to `registry-url`".into(),
            edits: vec![Edit {
                span: span(files, ci, "cache", 0),
                replacement: "registry-url".into(),
            }],
        }),
        // A multi-line span; a message with %, :, ,, ;, ], |, <, & and a newline.
        Diagnostic::warning(
            "script-injection",
            "script: 100% of lines run unquoted; a `]` or `|` <b>&</b> here\n\
             ends the command, e.g. a,b:c",
            between(files, ci, "run: |", "--reporter=dot"),
        )
        .with_label("this script")
        .with_help("quote it, or pass values through `env:`"),
        // A tab in indentation (the caret must line up after the tab).
        Diagnostic::error(
            "yaml-syntax",
            "found a tab character where indentation was expected",
            span(files, ci, "- name: tabbed", 0),
        )
        .with_label("after a tab")
        .with_help("indent with spaces"),
        // A line with an emoji and Japanese: the caret under 🚀 must be two columns wide.
        Diagnostic::warning(
            "display-name",
            "workflow name has an emoji: 🚀",
            span(files, ci, "🚀", 0),
        ),
        // A finding in the CRLF file whose related span is in another file, with a fix
        // across a `;` and `]`.
        Diagnostic::error(
            "template-mismatch",
            "job `compile` does not match the reusable workflow's jobs;\n\
             expected: build",
            between(files, azure, "- job: compile", "]test["),
        )
        .with_related(
            span(files, ci, "build:", 0),
            "the job is called `build` here",
        )
        .with_related(span(files, azure, "stage: Build", 0), "in this stage")
        .with_fix(Fix {
            message: "rename the job".into(),
            edits: vec![
                Edit {
                    span: span(files, azure, "compile", 0),
                    replacement: "build".into(),
                },
                Edit {
                    span: span(files, azure, "Compile; then ]test[", 0),
                    replacement: "Build".into(),
                },
            ],
        }),
    ]
}

fn render_all(format: Format, options: &Options) -> String {
    let files = files();
    let diagnostics = diagnostics(&files);
    let tool = tool();
    let report = Report {
        files: &files,
        diagnostics: &diagnostics,
        rules: RULES,
        tool: &tool,
        checked: None,
    };
    render::render(format, &report, options)
}

fn snapshot(format: Format) -> String {
    render_all(format, &Options::default())
}

#[test]
fn human() {
    insta::assert_snapshot!("human", snapshot(Format::Human));
}

#[test]
fn human_color() {
    let options = Options {
        color: true,
        ..Options::default()
    };
    let out = render_all(Format::Human, &options);
    assert!(out.contains('\u{1b}'), "colour was asked for");
    // ESC made visible so the snapshot is readable
    insta::assert_snapshot!("human_color", out.replace('\u{1b}', "␛"));
}

#[test]
fn human_without_color_has_no_escapes() {
    assert!(!snapshot(Format::Human).contains('\u{1b}'));
}

#[test]
fn json() {
    let out = snapshot(Format::Json);
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(value["version"], 1);
    insta::assert_snapshot!("json", out);
}

#[test]
fn sarif() {
    let out = snapshot(Format::Sarif);
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    // every result points at the rule with its id
    let rules = value["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in value["runs"][0]["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    insta::assert_snapshot!("sarif", out);
}

#[test]
fn github() {
    let out = snapshot(Format::Github);
    // one command per finding, nothing can start a second line
    assert_eq!(out.lines().count(), 7);
    assert!(out.lines().all(|l| l.starts_with("::")));
    insta::assert_snapshot!("github", out);
}

#[test]
fn azure() {
    let out = snapshot(Format::Azure);
    // nothing but our own logissue commands
    assert_eq!(out.matches("##vso[").count(), 6, "{out}");
    insta::assert_snapshot!("azure", out);
}

#[test]
fn markdown() {
    insta::assert_snapshot!("markdown", snapshot(Format::Markdown));
}

#[test]
fn markdown_capped() {
    let full = snapshot(Format::Markdown);
    let options = Options {
        markdown_max_bytes: 1200,
        ..Options::default()
    };
    let out = render_all(Format::Markdown, &options);
    assert!(out.len() <= 1200, "{} bytes", out.len());
    assert!(out.len() < full.len());
    insta::assert_snapshot!("markdown_capped", out);
}

#[test]
fn junit() {
    insta::assert_snapshot!("junit", snapshot(Format::Junit));
}

#[test]
fn junit_fail_on_warning() {
    let options = Options {
        fail_on: FailOn::Warning,
        ..Options::default()
    };
    insta::assert_snapshot!("junit_fail_on_warning", render_all(Format::Junit, &options));
}

/// Every format renders an empty report sensibly (and does not panic).
#[test]
fn empty_report() {
    let files = files();
    let tool = tool();
    let report = Report {
        files: &files,
        diagnostics: &[],
        rules: RULES,
        tool: &tool,
        checked: None,
    };
    let all: String = Format::ALL
        .iter()
        .map(|f| {
            format!(
                "===== {f}\n{}",
                render::render(*f, &report, &Options::default())
            )
        })
        .collect();
    insta::assert_snapshot!("empty", all);
}

/// The SARIF 2.1.0 schema, installed by `scripts/checks/30-sarif-schema.sh` (from the npm
/// package `@microsoft/jest-sarif@1.0.0-beta.0`, `lib/schemas/sarif-2.1.0-rtm.5.json`).
/// Formats (`uri`, `date-time`, …) are checked too.
fn sarif_validator() -> jsonschema::Validator {
    let path = std::env::var("DEVPLAT_SARIF_SCHEMA").expect(
        "DEVPLAT_SARIF_SCHEMA is not set: run scripts/checks/30-sarif-schema.sh, which installs \
         the SARIF 2.1.0 schema and runs these tests",
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    // One `pattern` in the schema (`language`) has a lone `]`, a literal under
    // JavaScript's rules (ECMA-262 Annex B) that the Rust regex engines reject; escaping it
    // keeps its meaning.
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{path} is not a usable draft-04 schema: {e}"))
}

fn schema_errors(validator: &jsonschema::Validator, log: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
#[ignore = "needs the SARIF schema: scripts/checks/30-sarif-schema.sh runs it"]
fn sarif_validates_against_the_schema() {
    let validator = sarif_validator();
    let full: serde_json::Value = serde_json::from_str(&snapshot(Format::Sarif)).unwrap();
    assert_eq!(schema_errors(&validator, &full), Vec::<String>::new());

    let files = files();
    let tool = tool();
    let empty = Report {
        files: &files,
        diagnostics: &[],
        rules: &[],
        tool: &tool,
        checked: None,
    };
    let empty: serde_json::Value =
        serde_json::from_str(&render::render(Format::Sarif, &empty, &Options::default())).unwrap();
    assert_eq!(schema_errors(&validator, &empty), Vec::<String>::new());

    // The checker is not vacuous: it rejects what SARIF forbids.
    let mut bad = full.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    bad["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    bad["runs"][0]["columnKind"] = "bytes".into();
    assert_eq!(
        schema_errors(&validator, &bad).len(),
        3,
        "{:?}",
        schema_errors(&validator, &bad)
    );
    let mut bad = full;
    bad.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&bad));
}

/// The same checker on real SARIF (the sarif-sdk samples in the shared conformance
/// data): it accepts every log that says it is 2.1.0 and rejects every 2.0 log.
#[test]
#[ignore = "needs the SARIF schema: scripts/checks/30-sarif-schema.sh runs it"]
fn sarif_schema_on_the_conformance_samples() {
    let validator = sarif_validator();
    let dir = common::conformance_dir().join("security-reports/sarif");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sarif"))
        .collect();
    paths.sort();
    let (mut accepted, mut rejected) = (0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        // several samples start with a byte-order mark
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let log: serde_json::Value = serde_json::from_str(text).unwrap();
        let errors = schema_errors(&validator, &log);
        if log["version"] == "2.1.0" {
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            accepted += 1;
        } else {
            assert!(
                !errors.is_empty(),
                "{} ({}) accepted",
                path.display(),
                log["version"]
            );
            rejected += 1;
        }
    }
    assert!(
        accepted >= 8 && rejected >= 6,
        "expected the 14 samples in {}: {accepted} accepted, {rejected} rejected",
        dir.display()
    );
}
