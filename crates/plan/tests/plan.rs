//! Waves on the brief's example and the OpenTelemetry demo graph, the formats parsed
//! back with the core YAML loader, matrix limits.

use std::path::PathBuf;

use devplat_core::graph::config::{self, ServiceConfig};
use devplat_core::span::FileId;
use devplat_plan::{Format, Include, Input, Plan, github, run, select};
use serde_json::{Value, json};

const BRIEF: &str = r#"
global: [".github/workflows/deploy.yml", "Cargo.lock"]
services:
  database:
    paths: ["services/database/**"]
    dependencies: []
    deployment_strategy: rolling
    health_check: /health
  backend-api:
    paths: ["services/backend-api/**", "libs/api-common/**", "!**/*.md"]
    dependencies: [database]
    deployment_strategy: blue_green
    health_check: /api/health
    migration_scripts: [db-migration.sql]
  frontend:
    root: services/frontend
    dependencies: [backend-api]
    deployment_strategy: canary
    traffic_split: [10, 50, 100]
  worker-service:
    paths: ["services/worker/**"]
    dependencies: [database, backend-api]
    deployment_strategy: rolling
    with: {replicas: 3}
"#;

fn conformance_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("DEVPLAT_CONFORMANCE") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance");
    assert!(
        dir.is_dir(),
        "conformance data missing: set DEVPLAT_CONFORMANCE ({})",
        dir.display()
    );
    dir
}

fn load(text: &str) -> ServiceConfig {
    let l = config::load(text, FileId(0));
    l.config.unwrap_or_else(|| panic!("{:?}", l.diagnostics))
}

fn input(format: Format) -> Input {
    serde_json::from_value(json!({"config": BRIEF}))
        .map(|mut i: Input| {
            i.format = format;
            i
        })
        .unwrap()
}

#[test]
fn brief_example_json() {
    let r = run(&input(Format::Json));
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let v: Value = serde_json::from_str(&r.text).unwrap();
    assert_eq!(
        v["waves"],
        json!([
            ["database"],
            ["backend-api"],
            ["frontend", "worker-service"]
        ])
    );
    assert_eq!(
        v["rollback"],
        json!([
            ["frontend", "worker-service"],
            ["backend-api"],
            ["database"]
        ])
    );
    assert_eq!(v["services"]["frontend"]["wave"], 2);
    assert_eq!(
        v["services"]["frontend"]["traffic_split"],
        json!([10, 50, 100])
    );
    assert_eq!(
        v["services"]["worker-service"]["dependencies"],
        json!(["database", "backend-api"])
    );
    assert_eq!(v["services"]["worker-service"]["replicas"], 3);
}

#[test]
fn otel_demo_waves() {
    let text = std::fs::read_to_string(conformance_dir().join("deploy-graphs/otel-demo-deps.yaml"))
        .unwrap();
    let cfg = load(&text);
    let plan = Plan::new(&cfg, &select(&cfg, None, Include::None).unwrap());
    let vectors = devplat_core::yaml::load_one_str(
        &std::fs::read_to_string(conformance_dir().join("paths-filter/peer-test-vectors.yaml"))
            .unwrap(),
    )
    .unwrap()
    .to_json();
    let golden = &vectors["wave_golden"]["otel_demo"]["waves"];
    assert_eq!(plan.to_json(&cfg)["waves"], *golden);
    // Subset: product-catalog and its dependents keep their relative order.
    let sel = select(
        &cfg,
        Some(&["product-catalog".to_owned()]),
        Include::Dependents,
    )
    .unwrap();
    let waves = Plan::new(&cfg, &sel).to_json(&cfg)["waves"].clone();
    assert_eq!(
        waves,
        json!([
            ["product-catalog"],
            ["checkout", "recommendation"],
            ["frontend"],
            ["load-generator"],
            ["frontend-proxy"]
        ])
    );
    let sel = select(&cfg, Some(&["frontend".to_owned()]), Include::Dependencies).unwrap();
    assert_eq!(sel.iter().filter(|s| **s).count(), 18);
}

#[test]
fn wave_golden_errors() {
    for (text, code) in [
        (
            "services: {a: {dependencies: [c]}, b: {dependencies: [a]}, c: {dependencies: [b]}, d: {dependencies: [a]}}",
            "dependency-cycle",
        ),
        ("services: {a: {dependencies: [a]}}", "self-dependency"),
        (
            "services: {a: {dependencies: [nope]}}",
            "unknown-dependency",
        ),
    ] {
        let l = config::load(text, FileId(0));
        assert!(l.config.is_none());
        assert_eq!(l.diagnostics.len(), 1, "{:?}", l.diagnostics);
        assert_eq!(l.diagnostics[0].code, code);
    }
    let l = config::load(
        "services: {a: {dependencies: [c]}, b: {dependencies: [a]}, c: {dependencies: [b]}}",
        FileId(0),
    );
    let m = &l.diagnostics[0].message;
    assert!(m.contains("a, b, c") && m.contains("a → c → b → a"), "{m}");
    assert_eq!(l.diagnostics[0].related.len(), 3);
}

#[test]
fn matrix_outputs_guard_empty_waves_and_split_big_ones() {
    let cfg = load(BRIEF);
    let plan = Plan::new(&cfg, &select(&cfg, None, Include::None).unwrap());
    let (o, notes) = github::matrix_outputs(&cfg, &plan, Some(5)).unwrap();
    assert!(notes.is_empty());
    assert_eq!(o["wave_count"], "3");
    assert_eq!(o["has_wave_2"], "true");
    assert_eq!(o["has_wave_3"], "false");
    assert_eq!(o["wave_4"], r#"{"include":[]}"#);
    let w1: Value = serde_json::from_str(&o["wave_1"]).unwrap();
    assert_eq!(w1["include"][0]["service"], "backend-api");
    assert_eq!(
        w1["include"][0]["migration_scripts"],
        json!(["db-migration.sql"])
    );
    assert_eq!(
        github::matrix_outputs(&cfg, &plan, Some(2))
            .unwrap_err()
            .code,
        "too-many-waves"
    );

    let mut big = String::from("services:\n");
    for i in 0..600 {
        big.push_str(&format!("  s{i}: {{}}\n"));
    }
    let cfg = load(&big);
    let plan = Plan::new(&cfg, &select(&cfg, None, Include::None).unwrap());
    let (o, notes) = github::matrix_outputs(&cfg, &plan, None).unwrap();
    assert_eq!(o["wave_count"], "3");
    assert_eq!(notes.len(), 1);
    let w2: Value = serde_json::from_str(&o["wave_2"]).unwrap();
    assert_eq!(w2["include"].as_array().unwrap().len(), 600 - 512);
}

#[test]
fn generated_workflow_parses_and_has_exact_needs() {
    let mut i = input(Format::GithubWorkflow);
    i.workflow = Some("./.github/workflows/deploy-service.yml".into());
    let r = run(&i);
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    insta::assert_snapshot!("brief_github_workflow", r.text);
    let wf = devplat_core::yaml::load_one_str(&r.text).unwrap().to_json();
    let jobs = wf["jobs"].as_object().unwrap();
    assert_eq!(jobs.len(), 8);
    assert!(jobs["deploy-database"].get("needs").is_none());
    assert_eq!(
        jobs["deploy-worker-service"]["needs"],
        json!(["deploy-backend-api", "deploy-database"])
    );
    assert_eq!(
        jobs["deploy-frontend"]["needs"],
        json!(["deploy-backend-api"])
    );
    assert_eq!(jobs["deploy-frontend"]["with"]["action"], "deploy");
    let needs = jobs["rollback-database"]["needs"].as_array().unwrap();
    assert!(
        needs.contains(&json!("rollback-backend-api"))
            && needs.contains(&json!("rollback-worker-service"))
    );
    let cfgv: Value = serde_json::from_str(
        jobs["deploy-worker-service"]["with"]["config"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(cfgv["replicas"], 3);
    // Only frontend planned: no needs (its dependencies are not deployed).
    let mut i = input(Format::GithubWorkflow);
    i.workflow = Some("./w.yml".into());
    i.only = Some(vec!["frontend".into(), "database".into()]);
    let wf = devplat_core::yaml::load_one_str(&run(&i).text)
        .unwrap()
        .to_json();
    assert_eq!(
        wf["jobs"]["deploy-frontend"]["needs"],
        json!(["deploy-database"])
    );
}

#[test]
fn azure_stages_parse_with_valid_ids_and_strategies() {
    let mut i = input(Format::AzureStages);
    i.template = Some("templates/deploy-service.yml".into());
    let r = run(&i);
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    insta::assert_snapshot!("brief_azure_stages", r.text);
    let doc = devplat_core::yaml::load_one_str(&r.text).unwrap().to_json();
    let stages = doc["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 8);
    for s in stages {
        let id = s["stage"].as_str().unwrap();
        assert!(
            id.chars().next().unwrap().is_ascii_alphabetic()
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{id}"
        );
    }
    let fe = stages
        .iter()
        .find(|s| s["stage"] == "deploy_frontend")
        .unwrap();
    assert_eq!(fe["dependsOn"], json!(["deploy_backend_api"]));
    assert_eq!(
        fe["jobs"][0]["strategy"]["canary"]["increments"],
        json!([10, 50])
    );
    let be = stages
        .iter()
        .find(|s| s["stage"] == "deploy_backend_api")
        .unwrap();
    assert!(
        be["jobs"][0]["strategy"]["runOnce"]
            .get("routeTraffic")
            .is_some()
    );
    // Collisions are an error.
    let mut i = input(Format::AzureStages);
    i.template = Some("t.yml".into());
    i.config = "services: {a-b: {}, a_b: {}}".into();
    let r = run(&i);
    assert_eq!(r.diagnostics[0].code, "id-collision");
}

#[test]
fn selection_from_changes_report_and_errors() {
    let mut i = input(Format::Json);
    i.changes =
        Some(r#"{"version":1,"affected":["backend-api","frontend","worker-service"]}"#.into());
    let v: Value = serde_json::from_str(&run(&i).text).unwrap();
    assert_eq!(
        v["waves"],
        json!([["backend-api"], ["frontend", "worker-service"]])
    );
    let mut i = input(Format::Json);
    i.only = Some(vec!["fronted".into()]);
    let r = run(&i);
    assert_eq!(r.diagnostics[0].code, "unknown-service");
    assert!(
        r.diagnostics[0]
            .message
            .contains("did you mean \"frontend\"")
    );
    let out: Value = serde_json::from_str(&devplat_plan::run_json(
        r#"{"config":"services: {a: {}}","format":"github-matrix"}"#,
    ))
    .unwrap();
    assert_eq!(
        out["outputs"]["wave_0"],
        r#"{"include":[{"service":"a","wave":0}]}"#
    );
}
