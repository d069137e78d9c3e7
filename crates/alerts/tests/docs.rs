//! docs/alerts.md describes the code: every diagnostic code, outcome, template variable
//! and metric is in its tables, with the code's own one-line summary where it has one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

use devplat_alerts::codes::{CONFIG_CODES, RENDER_CODES};
use devplat_alerts::decide::Outcome;
use devplat_alerts::template::VARIABLES;

fn docs() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/alerts.md"),
    )
    .unwrap()
}

#[test]
fn tables_match_the_code() {
    let d = docs();
    for (code, summary) in CONFIG_CODES.iter().chain(RENDER_CODES) {
        let row = format!("| `{code}` | {summary} |");
        assert!(d.contains(&row), "docs/alerts.md lacks the row {row}");
    }
    for o in Outcome::ALL {
        let row = format!("| `{}` | {} |", o.as_str(), o.summary());
        assert!(d.contains(&row), "docs/alerts.md lacks the row {row}");
    }
    for (name, what) in VARIABLES {
        let row = format!("| `{name}` | {what} |");
        assert!(d.contains(&row), "docs/alerts.md lacks the row {row}");
    }
    // Every table row that looks like a code row names a real code or outcome.
    let known: Vec<&str> = CONFIG_CODES
        .iter()
        .chain(RENDER_CODES)
        .map(|(c, _)| *c)
        .chain(Outcome::ALL.iter().map(|o| o.as_str()))
        .chain(VARIABLES.iter().map(|(n, _)| *n))
        .collect();
    let section = d.split("## Config diagnostics").nth(1).unwrap();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let code = line.split('`').nth(1).unwrap();
        assert!(
            known.contains(&code),
            "docs/alerts.md documents an unknown code `{code}`"
        );
    }
}
