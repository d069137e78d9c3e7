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
    insta::assert_snapshot!("check_config_invalid", String::from_utf8_lossy(&out.stdout));
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

/// `serve --dry-run` through the real binary: decisions are recorded as dry-run, nothing
/// is queued, and the audit shows it; SIGTERM stops the server cleanly (exit 0).
#[test]
fn serve_dry_run_records_and_queues_nothing() {
    use std::io::{BufRead as _, Read as _, Write as _};
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("alerts.yml");
    std::fs::write(
        &config,
        "rules:\n  - name: hook\n    matchers: ['kind=\"hook\"']\n    action: {webhook: {url: 'http://127.0.0.1:9/never'}}\n",
    )
    .unwrap();
    let state = dir.path().join("state.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_devplat"))
        .args([
            "alerts",
            "serve",
            "--dry-run",
            "--listen",
            "127.0.0.1:0",
            "--config",
        ])
        .arg(&config)
        .arg("--state")
        .arg(&state)
        .env("DEVPLAT_ALERTS_TOKEN", "t0k3n-dry")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut addr = None;
    for _ in 0..50 {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(rest) = line.split("listening on ").nth(1) {
            addr = rest.split_whitespace().next().map(str::to_owned);
            break;
        }
    }
    let addr = addr.expect("the server logs its address");
    let body = r#"{"version":"4","receiver":"r","alerts":[{"status":"firing","labels":{"kind":"hook"},"startsAt":"2026-11-22T10:00:00Z","fingerprint":"d1"}]}"#;
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(s, "POST /alertmanager HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer t0k3n-dry\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(
        resp.contains(r#""outcome":"dispatch""#) && resp.contains(r#""dry_run":true"#),
        "{resp}"
    );
    let _ = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let status = child.wait().unwrap();
    let mut rest = String::new();
    let _ = stderr.read_to_string(&mut rest);
    assert!(status.success(), "exit {status:?}: {rest}");
    assert!(rest.contains("decision dispatch (dry-run): hook"), "{rest}");
    assert!(!rest.contains("t0k3n-dry"));
    let audit = devplat()
        .args(["alerts", "audit", "--format", "json", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let e = &v["entries"][0];
    assert_eq!(
        (e["outcome"].as_str(), e["dry_run"].as_bool()),
        (Some("dispatch"), Some(true))
    );
    assert!(e["dispatch"].is_null(), "dry-run queues nothing: {e}");
    let text = devplat()
        .args(["alerts", "audit", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("dispatch (dry-run) rule=hook"));
}

/// Every option of `serve` and `audit` is documented in docs/alerts.md (the command
/// table is kept by hand; this keeps it honest).
#[test]
fn every_serve_and_audit_option_is_documented() {
    let docs = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/alerts.md"),
    )
    .unwrap();
    for sub in ["serve", "audit"] {
        let out = devplat().args(["alerts", sub, "--help"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        let flags: Vec<&str> = help
            .split_whitespace()
            .filter_map(|w| w.strip_prefix("--"))
            .map(|w| w.trim_end_matches([',', '.', '>', ']', '`', ')']))
            .filter(|w| !w.is_empty() && !["help", "version"].contains(w))
            .collect();
        assert!(flags.contains(&"state"), "{help}");
        for f in flags {
            assert!(
                docs.contains(&format!("--{f}")),
                "docs/alerts.md does not mention `{sub} --{f}`"
            );
        }
    }
}
