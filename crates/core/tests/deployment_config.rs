//! `deployment-config.yaml`: the published JSON Schema agrees with the loader's key
//! lists, and config errors carry positions.

use devplat_core::graph::config::{
    self, RESERVED_WITH_KEYS, SERVICE_KEYS, Strategy, TOP_LEVEL_KEYS,
};
use devplat_core::span::FileId;
use serde_json::Value;

fn schema() -> Value {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schemas/deployment-config.schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
    k.sort();
    k
}

#[test]
fn schema_matches_the_loader() {
    let s = schema();
    assert_eq!(keys(&s["properties"]), sorted(TOP_LEVEL_KEYS));
    let svc = &s["$defs"]["service"];
    assert_eq!(keys(&svc["properties"]), sorted(SERVICE_KEYS));
    let strategies: Vec<&str> = svc["properties"]["deployment_strategy"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(strategies, Strategy::NAMES);
    let reserved: Vec<&str> = svc["properties"]["with"]["propertyNames"]["not"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(reserved, RESERVED_WITH_KEYS);
}

fn errors(text: &str) -> Vec<(String, u32, u32, String)> {
    let l = config::load(text, FileId(0));
    assert!(l.config.is_none(), "expected errors");
    l.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                d.primary.start.line,
                d.primary.start.column,
                d.message.clone(),
            )
        })
        .collect()
}

#[test]
fn every_error_has_a_position() {
    let e = errors(
        "services:\n  api:\n    pahts: [x/**]\n    dependencies: [dtabase]\n  database: {}\n",
    );
    assert_eq!(e[0].0, "unknown-key");
    assert_eq!((e[0].1, e[0].2), (3, 5));
    assert!(e[0].3.contains("did you mean \"paths\""), "{}", e[0].3);
    assert_eq!(e[1].0, "unknown-dependency");
    assert_eq!((e[1].1, e[1].2), (4, 20));
    assert!(e[1].3.contains("did you mean `database`"));
    let e = errors(
        "services:\n  a:\n    paths: [\"src/{a,b\"]\n    deployment_strategy: bluegreen\n    traffic_split: [50, 10]\n",
    );
    let codes: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        codes,
        [
            "glob-invalid",
            "invalid-value",
            "invalid-traffic-split",
            "invalid-traffic-split"
        ]
    );
    assert!(e[1].3.contains("did you mean \"blue_green\""));
    let e =
        errors("global: 3\nservices: {a: {root: 'src/*'}, b: {with: {service: x}}}\nextra: 1\n");
    let codes: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        codes,
        ["config-type", "invalid-root", "reserved-key", "unknown-key"]
    );
    let e = errors("services:\n  a: {}\n  a: {}\n");
    assert_eq!((e[0].0.as_str(), e[0].1), ("duplicate-service", 3));
    let e = errors("");
    assert_eq!(e[0].0, "missing-key");
    let e = errors("services: [a]");
    assert_eq!(e[0].0, "config-type");
}
