//! `schemas/alerts.schema.json` against the code: every key the loader accepts is in
//! the schema and nothing else is (per section), the action kinds agree, every config
//! the loader accepts in the fixtures and cases validates, and unknown keys fail both.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

use std::collections::BTreeSet;

use devplat_alerts::config::raw::{
    RawAction, RawAzure, RawConfig, RawDefaults, RawGithub, RawIssue, RawPipelineRun, RawReceiver,
    RawRepositoryDispatch, RawRule, RawWebhook, RawWorker, RawWorkflowDispatch,
};
use devplat_alerts::config::tree::Tree;
use devplat_core::span::FileId;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn schema() -> Value {
    let p =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/alerts.schema.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// The keys serde accepts for `T`, read from its "unknown field" error.
fn serde_keys<T: DeserializeOwned + std::fmt::Debug>() -> BTreeSet<String> {
    let err = serde_json::from_value::<T>(json!({"\u{1}": 0}))
        .unwrap_err()
        .to_string();
    let list = err
        .split("expected ")
        .nth(1)
        .unwrap_or_else(|| panic!("{err}"));
    let list = list.trim_start_matches("one of ");
    // serde words it "`a`", "`a` or `b`", or "one of `a`, `b`, `c`".
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn schema_keys(schema: &Value, pointer: &str) -> BTreeSet<String> {
    schema
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{pointer}"))
        .keys()
        .cloned()
        .collect()
}

#[test]
fn schema_keys_match_the_loader() {
    let s = schema();
    let pairs: Vec<(&str, BTreeSet<String>)> = vec![
        ("/properties", serde_keys::<RawConfig>()),
        ("/properties/github/properties", serde_keys::<RawGithub>()),
        ("/properties/azure/properties", serde_keys::<RawAzure>()),
        (
            "/properties/receiver/properties",
            serde_keys::<RawReceiver>(),
        ),
        ("/properties/worker/properties", serde_keys::<RawWorker>()),
        (
            "/properties/defaults/properties",
            serde_keys::<RawDefaults>(),
        ),
        ("/$defs/rule/properties", serde_keys::<RawRule>()),
        (
            "/$defs/github_repository_dispatch/properties",
            serde_keys::<RawRepositoryDispatch>(),
        ),
        (
            "/$defs/github_workflow_dispatch/properties",
            serde_keys::<RawWorkflowDispatch>(),
        ),
        (
            "/$defs/azure_pipeline_run/properties",
            serde_keys::<RawPipelineRun>(),
        ),
        ("/$defs/github_issue/properties", serde_keys::<RawIssue>()),
        ("/$defs/webhook/properties", serde_keys::<RawWebhook>()),
    ];
    for (pointer, code) in pairs {
        assert_eq!(
            schema_keys(&s, pointer),
            code,
            "schema {pointer} vs the loader"
        );
    }
    let kinds: BTreeSet<String> = s["$defs"]["action"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["required"][0].as_str().unwrap().to_owned())
        .collect();
    let err = serde_json::from_value::<RawAction>(json!({"\u{1}": {}}))
        .unwrap_err()
        .to_string();
    let code: BTreeSet<String> = err
        .split("expected one of ")
        .nth(1)
        .unwrap()
        .split(", ")
        .map(|s| s.split('`').nth(1).unwrap().to_owned())
        .collect();
    assert_eq!(kinds, code);
    assert_eq!(
        code,
        RawAction::KINDS.iter().map(|s| (*s).to_owned()).collect()
    );
}

fn yaml(text: &str) -> Value {
    Tree::parse(text, FileId(0)).unwrap().value
}

#[test]
fn accepted_configs_validate_and_unknown_keys_fail_both() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut texts = vec![std::fs::read_to_string(root.join("fixtures/valid.yml")).unwrap()];
    for e in std::fs::read_dir(root.join("cases")).unwrap() {
        let case = yaml(&std::fs::read_to_string(e.unwrap().path()).unwrap());
        texts.push(case["config"].as_str().unwrap().to_owned());
    }
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/alerts.md");
    let docs = std::fs::read_to_string(docs).unwrap();
    // Every ```yaml block of the docs that is an alerts.yml (has `rules:`).
    for block in docs.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        if block.contains("rules:") && !block.contains("webhook_configs") {
            texts.push(block.to_owned());
        }
    }
    assert!(
        texts.len() >= 7,
        "fixtures, cases and docs examples: {}",
        texts.len()
    );
    for t in &texts {
        let loaded = devplat_alerts::load("c.yml", t);
        assert!(
            !loaded.has_errors(),
            "loader refuses:\n{t}\n{:?}",
            loaded.diagnostics
        );
        let v = yaml(t);
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "schema refuses:\n{t}\n{errors:?}");
    }
    let bad = "rules:\n  - name: r\n    action: {webhook: {url: 'http://x', headers: {}}}\n";
    assert!(devplat_alerts::load("c.yml", bad).has_errors());
    assert!(!validator.is_valid(&yaml(bad)));
    let too_many = "rules:\n  - name: r\n    action: {github_repository_dispatch: {repo: a/b, event_type: e, client_payload: {a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1, h: 1, i: 1, j: 1, k: 1}}}\n";
    assert!(devplat_alerts::load("c.yml", too_many).has_errors());
    assert!(!validator.is_valid(&yaml(too_many)));
}
