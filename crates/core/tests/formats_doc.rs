//! `docs/formats.md` is checked against the code: its table of formats lists exactly
//! [`Format::ALL`] in order, and each format's example is the real output of that format
//! on the small report below. `DEVPLAT_BLESS_DOCS=1 cargo test -p devplat-core --test
//! formats_doc` rewrites the examples after an intended change.

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use devplat_core::diag::render::{self, Format, Options, Report};
use devplat_core::diag::{Diagnostic, Edit, Fix, RuleMeta, Severity, ToolInfo};
use devplat_core::source::Files;
use devplat_core::span::{FileId, Span};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/formats.md");

const WORKFLOW: &str = "\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setup
        with:
          cache: npm
";

const ACTION: &str = "\
name: setup
inputs:
  node-version:
    required: true
runs:
  using: composite
  steps: []
";

const RULES: &[RuleMeta] = &[
    RuleMeta {
        code: "unknown-input",
        summary: "A `with:` key that the called action does not declare",
        default_severity: Severity::Error,
        help_uri: "https://github.com/org/devplat/blob/main/docs/validate.md#unknown-input",
    },
    RuleMeta {
        code: "missing-timeout",
        summary: "A job without `timeout-minutes`",
        default_severity: Severity::Warning,
        help_uri: "https://github.com/org/devplat/blob/main/docs/validate.md#missing-timeout",
    },
];

fn span(files: &Files, id: FileId, needle: &str) -> Span {
    let file = files.get(id).unwrap();
    let start = file.text().find(needle).unwrap();
    Span::new(
        id,
        file.pos_of_offset(start),
        file.pos_of_offset(start + needle.len()),
    )
}

fn example(format: Format) -> String {
    let mut files = Files::new();
    let ci = files.add(".github/workflows/ci.yml", WORKFLOW);
    let action = files.add(".github/actions/setup/action.yml", ACTION);
    let diagnostics = vec![
        Diagnostic::error(
            "unknown-input",
            "input `cache` is not declared by `./.github/actions/setup`",
            span(&files, ci, "cache"),
        )
        .with_label("unknown input")
        .with_related(span(&files, action, "inputs"), "inputs are declared here")
        .with_help("the action's inputs are: node-version")
        .with_fix(Fix {
            message: "use `node-version`".into(),
            edits: vec![Edit {
                span: span(&files, ci, "cache: npm"),
                replacement: "node-version: 22".into(),
            }],
        }),
        Diagnostic::warning(
            "missing-timeout",
            "job `test` has no `timeout-minutes`: it can run for 6 hours",
            span(&files, ci, "test:").cover(span(&files, ci, "cache: npm")),
        )
        .with_help("add `timeout-minutes:` to the job"),
        Diagnostic::note(
            "floating-runner",
            "`ubuntu-latest` changes image over time",
            span(&files, ci, "ubuntu-latest"),
        ),
    ];
    let tool = ToolInfo {
        name: "devplat".into(),
        component: "devplat validate".into(),
        version: "0.1.0".into(),
        information_uri: "https://github.com/org/devplat".into(),
    };
    let report = Report {
        files: &files,
        diagnostics: &diagnostics,
        rules: RULES,
        tool: &tool,
        checked: None,
    };
    render::render(format, &report, &Options::default())
}

fn begin(format: Format) -> String {
    format!("<!-- begin example: {format} -->\n")
}
const END: &str = "<!-- end example -->";

fn block(format: Format) -> String {
    let lang = match format {
        Format::Json | Format::Sarif => "json",
        Format::Junit => "xml",
        Format::Markdown => "markdown",
        _ => "text",
    };
    format!("```{lang}\n{}```\n", example(format))
}

#[test]
fn examples_are_real_output() {
    let mut doc = std::fs::read_to_string(DOC).unwrap_or_else(|e| panic!("{DOC}: {e}"));
    let bless = std::env::var_os("DEVPLAT_BLESS_DOCS").is_some();
    let mut stale = Vec::new();
    for format in Format::ALL {
        let begin = begin(format);
        let start = doc
            .find(&begin)
            .unwrap_or_else(|| panic!("docs/formats.md has no `{}`", begin.trim()))
            + begin.len();
        let end = start + doc[start..].find(END).expect("end marker");
        let want = block(format);
        if doc[start..end] != want {
            stale.push(format.as_str());
            doc.replace_range(start..end, &want);
        }
    }
    if bless {
        std::fs::write(DOC, doc).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "docs/formats.md examples are stale for {stale:?}: run \
             DEVPLAT_BLESS_DOCS=1 cargo test -p devplat-core --test formats_doc"
        );
    }
}

/// The formats table: `| `name` | … |` rows between its header and the next blank line,
/// exactly the formats the code has, in order.
#[test]
fn formats_table_matches_the_code() {
    let doc = std::fs::read_to_string(DOC).unwrap();
    let table = doc
        .split("| format | for | details |\n")
        .nth(1)
        .expect("the formats table header");
    let names: Vec<&str> = table
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('`').nth(1).unwrap_or(""))
        .collect();
    let want: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(names, want);
}

/// Rows `| `name` | `default` | …` of the table whose header is `header`.
fn table_rows<'d>(doc: &'d str, header: &str) -> Vec<Vec<&'d str>> {
    let table = doc
        .split(header)
        .nth(1)
        .unwrap_or_else(|| panic!("docs/formats.md has no table `{header}`"));
    table
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect()
}

/// The options table: every field of `Options` (the destructuring stops compiling when a
/// field is added), with its real default.
#[test]
fn options_table_matches_the_code() {
    let doc = std::fs::read_to_string(DOC).unwrap();
    let Options {
        color,
        fail_on,
        markdown_max_bytes,
        threads,
    } = Options::default();
    let fail_on = match fail_on {
        devplat_core::diag::FailOn::Error => "error",
        devplat_core::diag::FailOn::Warning => "warning",
        devplat_core::diag::FailOn::Note => "note",
        devplat_core::diag::FailOn::Never => "never",
    };
    let want = vec![
        ("`color`".to_owned(), format!("`{color}`")),
        ("`fail_on`".to_owned(), format!("`{fail_on}`")),
        (
            "`markdown_max_bytes`".to_owned(),
            format!("`{markdown_max_bytes}`"),
        ),
        ("`threads`".to_owned(), format!("`{threads}`")),
    ];
    let rows: Vec<(String, String)> =
        table_rows(&doc, "| option | default | used by | meaning |\n")
            .into_iter()
            .map(|r| (r[0].to_owned(), r[1].to_owned()))
            .collect();
    assert_eq!(rows, want);
}

/// The JSON key table names every key the format writes (checked on the example, which
/// has every optional key), and nothing else.
#[test]
fn json_key_table_matches_the_output() {
    let doc = std::fs::read_to_string(DOC).unwrap();
    let mut documented: Vec<String> = Vec::new();
    for row in table_rows(&doc, "| key | type | meaning |\n") {
        // `a`, `b` or `summary.errors`, `.warnings`: the names between backticks
        for (i, name) in row[0].split('`').enumerate() {
            if i % 2 == 1 {
                let name = name.trim_start_matches('.').rsplit('.').next().unwrap();
                documented.push(name.to_owned());
            }
        }
    }
    let value: serde_json::Value = serde_json::from_str(&example(Format::Json)).unwrap();
    let mut written = std::collections::BTreeSet::new();
    for d in value["diagnostics"].as_array().unwrap() {
        written.extend(d.as_object().unwrap().keys().cloned());
    }
    written.extend(value["summary"].as_object().unwrap().keys().cloned());
    // keys inside `related` and `fix` are described in their rows' text
    let documented: std::collections::BTreeSet<String> = documented.into_iter().collect();
    assert_eq!(documented, written);
}
