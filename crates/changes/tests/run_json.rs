//! The JSON-in/JSON-out entry the wasm hosts call: the brief's config and a change set
//! in, the report and escaped outputs out (snapshot beside this file).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{Value, json};

const CONFIG: &str = include_str!("../../plan/tests/brief.yaml");

fn run(input: Value) -> Value {
    serde_json::from_str(&devplat_changes::run_json(&input.to_string())).unwrap()
}

#[test]
fn brief_config_report_and_outputs() {
    let out = run(json!({
        "config": CONFIG,
        "base": "abc",
        "head": "def",
        "files_text": "M\tlibs/api-common/client.rs\nM\tlibs/api-common/README.md\nR100\tservices/worker/old.py\tservices/worker/new.py\nA\tservices/frontend/$(touch pwned).js\n"
    }));
    assert_eq!(out["ok"], true, "{out}");
    insta::assert_json_snapshot!("brief_report", out);
    let r = &out["report"];
    assert_eq!(
        r["affected"],
        json!(["backend-api", "frontend", "worker-service"])
    );
    assert_eq!(
        r["services"]["frontend"]["reasons"][1],
        json!({"kind": "dependency", "via": ["backend-api"]})
    );
    // README.md is excluded from backend-api by its later `!**/*.md`.
    assert_eq!(
        r["services"]["backend-api"]["files"],
        json!(["libs/api-common/client.rs"])
    );
    assert_eq!(
        out["outputs"]["files"]
            .as_str()
            .unwrap()
            .matches("'services/frontend/$(touch pwned).js'")
            .count(),
        1
    );
}

#[test]
fn global_files_and_incomplete_lists_affect_everything() {
    let out =
        run(json!({"config": CONFIG, "files": [{"path": "Cargo.lock", "status": "modified"}]}));
    assert_eq!(out["report"]["affected"].as_array().unwrap().len(), 4);
    assert_eq!(
        out["report"]["services"]["database"]["reasons"][0],
        json!({"kind": "global", "file": "Cargo.lock", "pattern": "Cargo.lock"})
    );
    let out = run(json!({"config": CONFIG, "files": [], "incomplete": "API capped"}));
    assert_eq!(out["report"]["truncated"], true);
    assert_eq!(out["outputs"]["any"], "true");
    assert_eq!(
        out["report"]["services"]["frontend"]["reasons"][0]["kind"],
        "incomplete"
    );
}

#[test]
fn errors_come_back_as_diagnostics() {
    let out = run(json!({"config": "services:\n  a: {dependencies: [b]}\n"}));
    assert_eq!(out["ok"], false);
    assert_eq!(out["diagnostics"][0]["code"], "unknown-dependency");
    assert_eq!(
        (
            out["diagnostics"][0]["line"].as_u64(),
            out["diagnostics"][0]["column"].as_u64()
        ),
        (Some(2), Some(22))
    );
    let out: Value = serde_json::from_str(&devplat_changes::run_json("{nope")).unwrap();
    assert_eq!(out["diagnostics"][0]["code"], "input-invalid");
    let out = run(
        json!({"filters": "src: ['src/**', '!**/*.md']", "files_text": "src/a.md\nsrc/b.rs\n", "list_files": "shell"}),
    );
    assert_eq!(
        out["outputs"],
        json!({"src": "true", "src_count": "2", "src_files": "src/a.md src/b.rs", "changes": "[\"src\"]"})
    );
    assert_eq!(out["diagnostics"][0]["code"], "negation-widens");
    let out = run(
        json!({"filters": "src: ['src/**', '!**/*.md']", "files_text": "src/a.md\nsrc/b.rs\n", "quantifier": "ordered", "list_files": "json"}),
    );
    assert_eq!(out["outputs"]["src_files"], "[\"src/b.rs\"]");
}
