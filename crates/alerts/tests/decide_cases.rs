//! Data-driven cases of the decision engine: `tests/cases/*.yml`, each a config and a
//! sequence of notifications with the outcomes expected for them, decided against one
//! in-memory state (as the server's store would, minus the disk).
//!
//! Alert shorthand: `fingerprint`, optional `status` (default firing) and `startsAt`
//! (default a fixed time); every other key is a label, over the defaults
//! `alertname: Test, service: checkout, automation: auto-rollback, severity: warning`.
//! `expect` lists outcomes in decision order, `outcome(dry-run)` for dry-run ones;
//! `request` is the request of the step's first decision that has one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

use devplat_alerts::config::tree::Tree;
use devplat_alerts::decide::{MemoryState, decide};
use devplat_alerts::payload::{Alert, Payload};
use devplat_core::span::FileId;
use serde_json::Value;

fn alert(v: &Value) -> Alert {
    let mut a = Alert {
        status: "firing".into(),
        starts_at: "2026-11-22T10:00:00Z".into(),
        ..Alert::default()
    };
    for (k, d) in [
        ("alertname", "Test"),
        ("service", "checkout"),
        ("automation", "auto-rollback"),
        ("severity", "warning"),
    ] {
        a.labels.insert(k.into(), d.into());
    }
    for (k, val) in v.as_object().unwrap() {
        let s = val.as_str().unwrap().to_owned();
        match k.as_str() {
            "fingerprint" => a.fingerprint = s,
            "status" => a.status = s,
            "startsAt" => a.starts_at = s,
            _ => {
                a.labels.insert(k.clone(), s);
            }
        }
    }
    a
}

fn run_case(path: &std::path::Path) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let case = Tree::parse(&text, FileId(0))
        .unwrap_or_else(|d| panic!("{name}: {}", d.message))
        .value;
    let loaded = devplat_alerts::load(&name, case["config"].as_str().unwrap());
    assert!(
        !loaded.has_errors(),
        "{name}: config errors: {:?}",
        loaded.diagnostics
    );
    let config = loaded.config.unwrap();
    let mut state = MemoryState::default();
    for (i, step) in case["steps"].as_array().unwrap().iter().enumerate() {
        let at = devplat_alerts::duration::parse_ms(step["at"].as_str().unwrap()).unwrap();
        let payload = Payload {
            version: "4".into(),
            alerts: step["alerts"]
                .as_array()
                .unwrap()
                .iter()
                .map(alert)
                .collect(),
            ..Payload::default()
        };
        let now = 1_700_000_000_000i64 + i64::try_from(at).unwrap();
        let decisions = decide(&config, &payload, now, false, &mut state).unwrap();
        let got: Vec<String> = decisions
            .iter()
            .map(|d| {
                if d.dry_run {
                    format!("{}(dry-run)", d.outcome)
                } else {
                    d.outcome.to_string()
                }
            })
            .collect();
        let want: Vec<String> = step["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        let reasons: Vec<&str> = decisions.iter().map(|d| d.reason.as_str()).collect();
        assert_eq!(
            got, want,
            "{name} step {i} (at {}): reasons {reasons:#?}",
            step["at"]
        );
        if let Some(expected) = step.get("request") {
            let req = decisions
                .iter()
                .find_map(|d| d.request.as_ref())
                .unwrap_or_else(|| panic!("{name} step {i}: no request"));
            assert_eq!(
                &serde_json::to_value(req).unwrap(),
                expected,
                "{name} step {i}: request"
            );
        }
    }
}

#[test]
fn decision_cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut n = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "yml") {
            run_case(&p);
            n += 1;
        }
    }
    assert!(n >= 5, "expected the case files in {}", dir.display());
}
