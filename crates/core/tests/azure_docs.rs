//! `docs/expressions-azure.md` lists the functions, the named-values of each mode and the
//! finding codes; this test regenerates those tables from the code and compares. On a
//! mismatch it prints the table to paste between the markers.

// Test helpers may panic: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use devplat_core::expr::azure::{Availability, FUNCTIONS, FindingCode, Mode};

fn doc() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/expressions-azure.md"
    );
    std::fs::read_to_string(path).expect("read docs/expressions-azure.md")
}

fn block(doc: &str, name: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let from = doc
        .find(&start)
        .unwrap_or_else(|| panic!("no {start:?} marker"))
        + start.len();
    let to = doc[from..]
        .find(&end)
        .unwrap_or_else(|| panic!("no {end:?} marker"))
        + from;
    doc[from..to].to_owned()
}

fn check(name: &str, want: &str) {
    let got = block(&doc(), name);
    assert!(
        got == want,
        "the {name} table is stale; replace it with:\n{want}"
    );
}

fn availability(a: Availability) -> &'static str {
    match a {
        Availability::Everywhere => "template and runtime",
        Availability::Condition => "runtime conditions",
        Availability::Variable => "runtime variable definitions",
    }
}

#[test]
fn function_table_matches_the_code() {
    let mut want = String::from(
        "| function | min args | max args | available in | returns |\n|---|---|---|---|---|\n",
    );
    for f in FUNCTIONS {
        let max = if f.max_args == usize::MAX {
            "N".to_owned()
        } else {
            f.max_args.to_string()
        };
        want.push_str(&format!(
            "| `{}` | {} | {max} | {} | {} |\n",
            f.name,
            f.min_args,
            availability(f.availability),
            f.summary
        ));
    }
    check("azure-functions", &want);
}

#[test]
fn named_value_table_matches_the_code() {
    let mut want = String::from("| mode | used for | named-values |\n|---|---|---|\n");
    for mode in Mode::ALL {
        let used_for = match mode {
            Mode::Compile => "`${{ }}` template expressions",
            Mode::Condition => "`condition:` and runtime conditions",
            Mode::Variable => "`$[ ]` variable values",
        };
        let names: Vec<String> = mode
            .named_values()
            .iter()
            .map(|n| format!("`{n}`"))
            .collect();
        want.push_str(&format!(
            "| `{}` | {used_for} | {} |\n",
            mode.as_str(),
            names.join(", ")
        ));
    }
    check("azure-named-values", &want);
}

#[test]
fn finding_table_matches_the_code() {
    let mut want = String::from("| code | meaning |\n|---|---|\n");
    for code in FindingCode::ALL {
        want.push_str(&format!(
            "| `{}` | {} |\n",
            code.as_str(),
            code.description()
        ));
    }
    check("azure-findings", &want);
}
