//! Generated files stay in sync with the code: the rules section of `docs/validate.md`
//! and `schemas/devplat.schema.json`. Run with `DEVPLAT_BLESS=1` to rewrite them.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bless() -> bool {
    std::env::var_os("DEVPLAT_BLESS").is_some()
}

#[test]
fn docs_rules_section_is_generated() {
    let path = root().join("docs/validate.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = text.find(start).expect("rules:start marker") + start.len();
    let b = text.find(end).expect("rules:end marker");
    let want = devplat_validate::docs::rules_markdown();
    if text[a..b] != want {
        if bless() {
            let new = format!("{}{}{}", &text[..a], want, &text[b..]);
            std::fs::write(&path, new).unwrap();
        } else {
            panic!(
                "docs/validate.md rules section is stale: run DEVPLAT_BLESS=1 cargo test -p devplat-validate --test generated"
            );
        }
    }
}

#[test]
fn config_schema_is_generated() {
    let path = root().join("schemas/devplat.schema.json");
    let codes: Vec<&str> = devplat_validate::rules::all()
        .iter()
        .map(|r| r.info().code)
        .collect();
    let want = serde_json::to_string_pretty(&devplat_validate::config::json_schema(&codes))
        .unwrap()
        + "\n";
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        if bless() {
            std::fs::write(&path, want).unwrap();
        } else {
            panic!(
                "schemas/devplat.schema.json is stale: run DEVPLAT_BLESS=1 cargo test -p devplat-validate --test generated"
            );
        }
    }
}
