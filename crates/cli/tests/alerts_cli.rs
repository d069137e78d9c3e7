//! `devplat alerts` as users run it: snapshots of the real binary's output for
//! `check-config` and `decide` (the latter on every webhook body Alertmanager 0.25
//! really sent, from `../shared/conformance/alertmanager`), and the exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

use std::path::PathBuf;

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../alerts/tests/fixtures")
}

/// The shared conformance data; a missing folder fails the test, never skips it.
fn conformance() -> PathBuf {
    let dir = std::env::var_os("DEVPLAT_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")
        });
    let am = dir.join("alertmanager");
    assert!(
        am.is_dir(),
        "conformance data missing: {} (set DEVPLAT_CONFORMANCE)",
        am.display()
    );
    am
}

fn devplat() -> Command {
    Command::cargo_bin("devplat").unwrap()
}

#[test]
fn check_config_accepts_the_valid_fixture() {
    let out = devplat()
        .current_dir(fixtures())
        .args(["alerts", "check-config", "--config", "valid.yml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout), @"valid.yml: ok (3 rules)");
}

#[test]
fn check_config_reports_every_error_with_a_position_and_exits_2() {
    let out = devplat()
        .current_dir(fixtures())
        .args(["alerts", "check-config", "--config", "invalid.yml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!("check_config_invalid", String::from_utf8_lossy(&out.stderr));
    let json = devplat()
        .current_dir(fixtures())
        .args([
            "alerts",
            "check-config",
            "--format",
            "json",
            "--config",
            "invalid.yml",
        ])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(2));
    insta::assert_snapshot!(
        "check_config_invalid_json",
        String::from_utf8_lossy(&json.stdout)
    );
}

#[test]
fn decide_on_every_real_alertmanager_payload() {
    let dir = conformance();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 5,
        "expected the captured webhook bodies in {}",
        dir.display()
    );
    for name in names {
        let out = devplat()
            .current_dir(fixtures())
            .args([
                "alerts",
                "decide",
                "--config",
                "valid.yml",
                "--now",
                "2026-11-22T10:06:00Z",
                "--payload",
            ])
            .arg(dir.join(&name))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        insta::assert_snapshot!(
            format!("decide_{}", name.trim_end_matches(".json")),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn decide_refuses_a_body_that_is_not_a_webhook() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.json");
    std::fs::write(&p, r#"{"version": "5", "alerts": []}"#).unwrap();
    let out = devplat()
        .current_dir(fixtures())
        .args(["alerts", "decide", "--config", "valid.yml", "--payload"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["code"], "unsupported-payload-version");
}

#[test]
fn audit_of_a_missing_state_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = devplat()
        .args(["alerts", "audit", "--state"])
        .arg(dir.path().join("none.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn serve_refuses_to_run_without_inbound_auth() {
    let dir = tempfile::tempdir().unwrap();
    let out = devplat()
        .current_dir(fixtures())
        .env_remove("DEVPLAT_ALERTS_TOKEN")
        .args([
            "alerts",
            "serve",
            "--config",
            "valid.yml",
            "--listen",
            "127.0.0.1:0",
            "--state",
        ])
        .arg(dir.path().join("s.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no inbound authentication"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
