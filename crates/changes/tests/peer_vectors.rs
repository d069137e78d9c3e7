//! The peers' tests as data (`../shared/conformance/paths-filter/peer-test-vectors.yaml`),
//! run as-is. A case may only disagree when `tests/data/paths-filter-differences.yaml`
//! lists it with devplat's answer and the reason.

use std::collections::BTreeMap;
use std::path::PathBuf;

use devplat_changes::paths_filter::{self, Quantifier};
use devplat_changes::{ChangedFile, FileStatus};
use devplat_core::span::FileId;
use serde_json::{Value, json};

fn conformance_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("DEVPLAT_CONFORMANCE") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance");
    assert!(
        dir.is_dir(),
        "conformance data missing: set DEVPLAT_CONFORMANCE or put shared/ beside the workspace ({})",
        dir.display()
    );
    dir
}

fn yaml_json(text: &str) -> Value {
    devplat_core::yaml::load_one_str(text).unwrap().to_json()
}

fn vectors() -> Value {
    let p = conformance_dir().join("paths-filter/peer-test-vectors.yaml");
    yaml_json(&std::fs::read_to_string(p).unwrap())
}

fn differences() -> Value {
    yaml_json(include_str!("data/paths-filter-differences.yaml"))
}

fn files(v: &Value) -> Vec<ChangedFile> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|pair| {
                    ChangedFile::new(
                        pair[1].as_str().unwrap(),
                        FileStatus::parse(pair[0].as_str().unwrap()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn filter_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `{filter: [paths]}` for the given filter text, files and quantifier.
fn run_filters(
    text: &str,
    files: &[ChangedFile],
    q: Quantifier,
) -> Result<BTreeMap<String, Vec<String>>, String> {
    let ff = paths_filter::load(text, FileId(0)).map_err(|d| d[0].message.clone())?;
    Ok(paths_filter::evaluate(&ff, files, q)
        .into_iter()
        .map(|r| (r.name, r.files.into_iter().map(|f| f.path).collect()))
        .collect())
}

fn quantifier(case: &Value) -> Quantifier {
    Quantifier::parse(case["quantifier"].as_str().unwrap_or("some")).unwrap()
}

fn check_expect(id: &str, got: &BTreeMap<String, Vec<String>>, expect: &Value) {
    for (name, paths) in expect.as_object().unwrap() {
        let want: Vec<String> = paths
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got.get(name), Some(&want), "{id}: filter {name}");
    }
}

#[test]
fn paths_filter_filter_tests() {
    let v = vectors();
    let cases = v["paths_filter_filter_test"]["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 16);
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let text = filter_text(&case["filters"]);
        if let Some(re) = case["expect"].get("error") {
            let err = run_filters(&text, &[], Quantifier::Some).unwrap_err();
            assert!(re.as_str().unwrap().contains("Invalid filter"), "{id}");
            assert!(err.to_lowercase().contains("invalid filter"), "{id}: {err}");
            continue;
        }
        let runs: Vec<Value> = match case.get("runs") {
            Some(r) => r.as_array().unwrap().clone(),
            None => vec![json!({"files": case["files"], "expect": case["expect"]})],
        };
        for run in runs {
            let got = run_filters(&text, &files(&run["files"]), quantifier(case)).unwrap();
            check_expect(id, &got, &run["expect"]);
        }
    }
}

#[test]
fn paths_filter_issue_behaviour() {
    let v = vectors();
    let diffs = differences();
    let listed = &diffs["paths_filter_known_behaviour_from_issues"];
    let mut differing = 0;
    for case in v["paths_filter_known_behaviour_from_issues"]["cases"]
        .as_array()
        .unwrap()
    {
        let id = case["id"].as_str().unwrap();
        let got = run_filters(
            &filter_text(&case["filters"]),
            &files(&case["files"]),
            quantifier(case),
        )
        .unwrap();
        match listed.get(id) {
            Some(d) => {
                differing += 1;
                check_expect(id, &got, &d["devplat"]);
                // It must really differ from what picomatch does.
                let observed: BTreeMap<String, Vec<String>> =
                    serde_json::from_value(case["observed"].clone()).unwrap();
                assert_ne!(got, observed, "{id} is listed as a difference but agrees");
            }
            None => check_expect(id, &got, &case["observed"]),
        }
    }
    assert_eq!(differing, listed.as_object().unwrap().len());
}

fn ordered_single(patterns: &Value, paths: &[String]) -> Vec<String> {
    let rules: Vec<String> = patterns
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    let text = json!({ "f": rules }).to_string();
    let files: Vec<ChangedFile> = paths
        .iter()
        .map(|p| ChangedFile::new(p.clone(), FileStatus::Added))
        .collect();
    if rules.is_empty() {
        return Vec::new();
    }
    run_filters(&text, &files, Quantifier::Ordered)
        .unwrap()
        .remove("f")
        .unwrap()
}

#[test]
fn changed_files_cases_with_ordered_rules() {
    let v = vectors();
    let diffs = differences();
    let listed = &diffs["changed_files_getFilteredChangedFiles"];
    let block = &v["changed_files_getFilteredChangedFiles"];
    let mut differing = 0;
    for case in block["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let (input, expect) = if case.get("modified").is_some() {
            (&case["modified"], &case["expect_modified"])
        } else {
            (&case["added"], &case["expect_added"])
        };
        let paths: Vec<String> = input
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        let got = ordered_single(&case["patterns"], &paths);
        let want = match listed.get(id) {
            Some(d) => {
                differing += 1;
                assert_ne!(&json!(got), expect, "{id} listed but agrees");
                &d["devplat"]
            }
            None => expect,
        };
        assert_eq!(&json!(got), want, "{id}");
    }
    assert_eq!(differing, listed.as_object().unwrap().len());
    let listed = &diffs["changed_files_list_semantics_observed"];
    for (k, case) in block["list_semantics_observed"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let paths: Vec<String> = case["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        let got = json!(ordered_single(&case["patterns"], &paths));
        match listed.get(k.to_string()) {
            Some(d) => {
                assert_ne!(got, case["result"]);
                assert_eq!(got, d["devplat"]);
            }
            None => assert_eq!(got, case["result"], "list case {k}"),
        }
    }
}

fn affected_direct(config: &str, changed: &[&str]) -> Vec<String> {
    let loaded = devplat_core::graph::config::load(config, FileId(0));
    let cfg = loaded
        .config
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let files: Vec<ChangedFile> = changed
        .iter()
        .map(|p| ChangedFile::new(*p, FileStatus::Modified))
        .collect();
    let results = devplat_changes::affected::compute(&cfg, &files, None);
    let mut out: Vec<String> = cfg
        .names()
        .zip(results)
        .filter(|(_, r)| r.affected)
        .map(|(n, _)| n.to_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn nx_project_ownership_with_roots() {
    let v = vectors();
    let block = &v["nx_project_ownership"];
    for case in block["cases"].as_array().unwrap() {
        let services: serde_json::Map<String, Value> = case["projects"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, root)| (name.clone(), json!({ "root": root })))
            .collect();
        let config = json!({ "services": services }).to_string();
        let changed: Vec<&str> = case["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(
            json!(affected_direct(&config, &changed)),
            case["expect"],
            "{case}"
        );
    }
    let implicit = &block["implicit_globs"];
    for case in implicit["cases"].as_array().unwrap() {
        let map = case
            .get("implicitDependencies")
            .unwrap_or(&implicit["implicitDependencies"]);
        let mut services: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (glob, projects) in map.as_object().unwrap() {
            for p in projects.as_array().unwrap() {
                services
                    .entry(p.as_str().unwrap().to_owned())
                    .or_default()
                    .push(glob.clone());
            }
        }
        let services: serde_json::Map<String, Value> = services
            .into_iter()
            .map(|(n, paths)| (n, json!({ "paths": paths })))
            .collect();
        let config = json!({ "services": services }).to_string();
        let changed: Vec<&str> = case["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(
            json!(affected_direct(&config, &changed)),
            case["expect"],
            "{case}"
        );
    }
}

#[test]
fn turborepo_root_files_are_global() {
    let v = vectors();
    let config = r#"
global: [package.json, turbo.json, pnpm-lock.yaml]
services:
  app-a: {root: apps/app}
  ui: {root: packages/ui}
"#;
    for case in v["turborepo_filter_resolver"]["affected_packages_table"]
        .as_array()
        .unwrap()
    {
        let changed: Vec<&str> = case["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(
            json!(affected_direct(config, &changed)),
            case["expect"],
            "{case}"
        );
    }
}

#[test]
fn otel_dependents_of_product_catalog() {
    let v = vectors();
    let golden = &v["wave_golden"]["otel_demo"];
    let graph = yaml_json(
        &std::fs::read_to_string(conformance_dir().join("deploy-graphs/otel-demo-deps.yaml"))
            .unwrap(),
    );
    let services: serde_json::Map<String, Value> = graph["services"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(n, s)| {
            (
                n.clone(),
                json!({ "root": format!("src/{n}"), "dependencies": s["dependencies"] }),
            )
        })
        .collect();
    let config = json!({ "services": services }).to_string();
    let mut got = affected_direct(&config, &["src/product-catalog/main.go"]);
    got.retain(|s| s != "product-catalog");
    assert_eq!(json!(got), golden["dependents_of_product-catalog"]);
    let got = affected_direct(&config, &["src/otel-collector/config.yaml"]);
    assert_eq!(
        got.len() - 1,
        golden["dependents_of_otel-collector_count"]
            .as_u64()
            .unwrap() as usize
    );
}
