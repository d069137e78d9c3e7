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

/// The published schema agrees with the parser: configurations the parser accepts
/// validate, and ones it rejects do not.
#[test]
fn config_schema_agrees_with_the_parser() {
    let codes: Vec<&str> = devplat_validate::rules::all()
        .iter()
        .map(|r| r.info().code)
        .collect();
    let schema = devplat_validate::config::json_schema(&codes);
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let cases = [
        (
            "validate:\n  rules:\n    unpinned-action: warning\n    runner-label: off\n  runner-labels: [gpu]\n  allowed-actions: ['actions/*']\n  pinning:\n    exempt: ['my-org/*']\n  default-token-permissions: read\n",
            true,
        ),
        ("validate:\n", true),
        ("validate:\n  rules:\n    runner-lable: off\n", false),
        ("validate:\n  rules:\n    runner-label: loud\n", false),
        ("validate:\n  runners: []\n", false),
        ("validat: {}\n", false),
        ("validate:\n  default-token-permissions: admin\n", false),
        ("validate:\n  pinning:\n    first-party: pin\n", true),
        ("validate:\n  pinning:\n    first-party: exempt\n", true),
        ("validate:\n  pinning:\n    first-party: yes\n", false),
    ];
    for (text, ok) in cases {
        let mut files = devplat_core::source::Files::new();
        let (_, docs) = devplat_core::yaml::load_stream(
            &mut files,
            "c.yml",
            text.as_bytes(),
            &devplat_core::yaml::LoadOptions::config(),
        );
        let root = &docs.unwrap()[0].root;
        let (_, errs) = devplat_validate::config::parse(root, &codes);
        assert_eq!(errs.is_empty(), ok, "parser on {text}: {errs:?}");
        assert_eq!(validator.is_valid(&root.to_json()), ok, "schema on {text}");
    }
}
