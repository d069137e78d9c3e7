//! The tables of docs/expressions.md that describe code agree with the code.

// Helpers of this test file fail the test on a broken document, like the tests themselves.
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::path::PathBuf;

use devplat_core::expr::github::{
    DEFAULT_MAX_MEMORY, Function, MAX_ARGUMENTS, MAX_DEPTH, MAX_EXPRESSION_LENGTH, MAX_VALUE_DEPTH,
};

fn doc() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/expressions.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The body rows of the table between `<!-- {name}` and `<!-- end {name} -->`, as cells.
fn table(doc: &str, name: &str) -> Vec<Vec<String>> {
    let start = doc
        .find(&format!("<!-- {name}"))
        .unwrap_or_else(|| panic!("no {name} marker"));
    let end = doc
        .find(&format!("<!-- end {name} -->"))
        .unwrap_or_else(|| panic!("no end {name} marker"));
    doc[start..end]
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn functions_table_matches_the_code() {
    let rows = table(&doc(), "functions-table");
    let documented: Vec<(String, String)> =
        rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    let actual: Vec<(String, String)> = Function::ALL
        .iter()
        .map(|f| {
            let odd = if *f == Function::Case { ", odd" } else { "" };
            (
                f.name().to_owned(),
                format!("{}–{}{odd}", f.min_args(), f.max_args()),
            )
        })
        .collect();
    assert_eq!(documented, actual);
    for row in &rows {
        let f = Function::from_name(&row[0]).expect("documented function exists");
        let available = if f.is_built_in() {
            "always"
        } else {
            "where the caller"
        };
        assert!(row[3].starts_with(available), "{}: {}", row[0], row[3]);
    }
}

#[test]
fn limits_table_matches_the_code() {
    let rows = table(&doc(), "limits-table");
    let values: Vec<usize> = rows
        .iter()
        .map(|r| r[1].parse().expect("a number"))
        .collect();
    assert_eq!(
        values,
        [
            MAX_EXPRESSION_LENGTH,
            MAX_DEPTH,
            DEFAULT_MAX_MEMORY,
            MAX_VALUE_DEPTH,
            MAX_ARGUMENTS
        ]
    );
}
