//! `docs/yaml.md` is checked against the code: every error code with its meaning, no
//! code that does not exist, and the default limits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use devplat_core::yaml::de::DE_ERROR_CODES;
use devplat_core::yaml::{ERROR_CODES, LoadOptions};

fn doc() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/yaml.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn yaml_doc_lists_every_error_code() {
    let doc = doc();
    for (code, meaning) in ERROR_CODES.iter().chain(DE_ERROR_CODES) {
        let row = format!("| `{code}` | {meaning} |");
        assert!(doc.contains(&row), "docs/yaml.md lacks the row:\n{row}");
    }
    // And names no yaml-* code that the loader does not have.
    for word in doc.split(|c: char| c == '`' || c.is_whitespace() || c == '(' || c == ')') {
        if word.starts_with("yaml-") && word.len() > 5 {
            assert!(
                ERROR_CODES.iter().any(|(c, _)| *c == word),
                "docs/yaml.md names an unknown code `{word}`"
            );
        }
    }
}

#[test]
fn yaml_doc_states_the_default_limits() {
    let doc = doc();
    let d = LoadOptions::default();
    for (name, value) in [
        ("max_bytes", d.max_bytes),
        ("max_depth", d.max_depth),
        ("max_nodes", d.max_nodes),
        ("max_alias_nodes", d.max_alias_nodes),
    ] {
        let found = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}`")))
            .unwrap_or_else(|| panic!("no row for {name}"));
        let cell = found.split('|').nth(2).unwrap().trim();
        let number: String = cell.chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(
            number,
            value.to_string(),
            "default of {name} in docs/yaml.md"
        );
    }
    assert!(!d.merge_keys && !LoadOptions::github().merge_keys && !LoadOptions::azure().merge_keys);
    assert!(LoadOptions::config().merge_keys);
}
