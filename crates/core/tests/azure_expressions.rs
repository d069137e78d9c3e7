//! Data-driven cases for the Azure Pipelines expression dialect:
//! `tests/data/azure-expressions.json`. Each case has an expression, optional contexts
//! (inline, or the name of a shared set), mode, job status and counters, and either the
//! result `eval_to_json_with` must return (`{kind, value}`, exactly what
//! `devplat expr eval --dialect azure` prints) or the error (kind + message substring).
//! Every case names its source: a Microsoft Learn section or a conformance folder.

// Test helpers may panic and slice: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use devplat_core::expr::azure::{
    EvalOptions, FUNCTIONS, JobStatus, Mode, Outcome, eval_to_json_with,
};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Map, Value, json};

#[derive(Deserialize)]
struct Suite {
    contexts: IndexMap<String, Map<String, Value>>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    source: String,
    expr: String,
    #[serde(default)]
    contexts: Option<Value>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    status: Option<StatusSpec>,
    #[serde(default)]
    counters: IndexMap<String, i64>,
    #[serde(default)]
    result: Option<Value>,
    #[serde(default)]
    err: Option<ErrSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusSpec {
    #[serde(default)]
    canceled: bool,
    #[serde(default)]
    job: Option<String>,
    #[serde(default)]
    dependencies: Option<IndexMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrSpec {
    kind: String,
    message: String,
}

fn outcome(name: &str) -> Outcome {
    Outcome::from_name(name).unwrap_or_else(|| panic!("unknown outcome {name}"))
}

fn load() -> Suite {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/azure-expressions.json"
    );
    let text = std::fs::read_to_string(path).expect("read the case file");
    serde_json::from_str(&text).expect("parse the case file")
}

fn run(suite: &Suite, case: &Case) -> Result<(), String> {
    let contexts = match &case.contexts {
        None => Map::new(),
        Some(Value::String(name)) => suite
            .contexts
            .get(name)
            .cloned()
            .ok_or_else(|| format!("unknown shared contexts {name:?}"))?,
        Some(Value::Object(map)) => map.clone(),
        Some(other) => return Err(format!("bad contexts {other}")),
    };
    let mode = match &case.mode {
        None => Mode::Compile,
        Some(m) => Mode::from_name(m).ok_or_else(|| format!("unknown mode {m}"))?,
    };
    let status = case
        .status
        .as_ref()
        .map_or_else(JobStatus::default, |s| JobStatus {
            canceled: s.canceled,
            job: s.job.as_deref().map_or(Outcome::Succeeded, outcome),
            dependencies: s
                .dependencies
                .as_ref()
                .map(|d| d.iter().map(|(k, v)| (k.clone(), outcome(v))).collect()),
        });
    let options = EvalOptions {
        mode,
        status,
        counters: case.counters.clone(),
    };
    let got = eval_to_json_with(&case.expr, &contexts, &options);
    match (&case.result, &case.err, got) {
        (Some(want), None, Ok((kind, value))) => {
            let printed = json!({ "kind": kind, "value": value });
            if &printed == want {
                Ok(())
            } else {
                Err(format!("want {want}, got {printed}"))
            }
        }
        (None, Some(want), Err(e)) => {
            let kind = serde_json::to_value(e.kind).unwrap();
            if kind != json!(want.kind) {
                Err(format!(
                    "want a {} error, got {kind}: {}",
                    want.kind, e.message
                ))
            } else if !e.message.contains(&want.message) {
                Err(format!(
                    "want message containing {:?}, got {:?}",
                    want.message, e.message
                ))
            } else if e.start > e.end || e.end > case.expr.len() {
                Err(format!(
                    "error range {}..{} outside the expression",
                    e.start, e.end
                ))
            } else {
                Ok(())
            }
        }
        (Some(want), None, Err(e)) => Err(format!("want {want}, got error {:?}", e.message)),
        (None, Some(want), Ok((kind, value))) => Err(format!(
            "want error {:?}, got {kind:?} {value}",
            want.message
        )),
        _ => Err("a case needs exactly one of `result` and `err`".to_owned()),
    }
}

#[test]
fn azure_expression_cases() {
    let suite = load();
    let mut failures = Vec::new();
    for case in &suite.cases {
        assert!(!case.source.trim().is_empty(), "{}: no source", case.name);
        if let Err(why) = run(&suite, case) {
            failures.push(format!("{}: `{}`: {why}", case.name, case.expr));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        suite.cases.len(),
        failures.join("\n")
    );
    assert!(suite.cases.len() >= 150, "only {} cases", suite.cases.len());
}

#[test]
fn every_function_and_mode_has_cases() {
    let suite = load();
    for f in FUNCTIONS {
        let call = format!("{}(", f.name.to_lowercase());
        assert!(
            suite
                .cases
                .iter()
                .any(|c| c.expr.to_lowercase().contains(&call)),
            "no case calls {}",
            f.name
        );
    }
    for mode in Mode::ALL {
        assert!(
            suite
                .cases
                .iter()
                .any(|c| c.mode.as_deref().unwrap_or("compile") == mode.as_str()),
            "no case in mode {}",
            mode.as_str()
        );
    }
}

#[test]
fn case_names_are_unique() {
    let suite = load();
    let mut seen = std::collections::HashSet::new();
    for case in &suite.cases {
        assert!(seen.insert(&case.name), "duplicate case name {}", case.name);
    }
}
