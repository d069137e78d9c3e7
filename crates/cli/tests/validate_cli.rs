//! `devplat validate` end to end: the real binary on each rule's documentation examples
//! (the "not ok" example of every rule, snapshotted in every format; the "ok" example
//! must report nothing of that rule), exit codes, configuration errors, suppressions and
//! `--output`. Paths are relative to the temporary working directory, so snapshots hold
//! no machine-specific path.

// Test helpers, like tests, may panic on a broken fixture (clippy.toml allows it only
// inside `#[test]` functions).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use devplat_validate::rules;

const FORMATS: [&str; 7] = [
    "human", "json", "sarif", "github", "azure", "markdown", "junit",
];

fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("devplat")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(args)
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (text, out.status.code().unwrap_or(-1))
}

#[test]
fn every_rule_example_in_every_format() {
    for rule in rules::all() {
        let info = rule.info();
        let Some((first, _)) = info.bad.files.first() else {
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), info.bad.files);
        let mut snap = String::new();
        for format in FORMATS {
            let (out, code) = run(dir.path(), &["validate", first, "--format", format]);
            snap.push_str(&format!("===== --format {format} (exit {code})\n{out}\n"));
        }
        insta::with_settings!({snapshot_suffix => info.code.to_owned(), prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("rule", snap);
        });
        let good = tempfile::tempdir().unwrap();
        write_files(good.path(), info.good.files);
        if let Some((gfirst, _)) = info.good.files.first() {
            let (out, _) = run(good.path(), &["validate", gfirst, "--format", "json"]);
            assert!(
                !out.contains(&format!("\"code\": \"{}\"", info.code)),
                "{}: good example reports it:\n{out}",
                info.code
            );
        }
    }
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        )],
    );
    assert_eq!(run(dir.path(), &["validate"]).1, 0);
    assert_eq!(run(dir.path(), &["validate", "nope.yml"]).1, 2);
    assert_eq!(run(dir.path(), &["validate", "--format", "xml"]).1, 2);
    assert_eq!(
        run(dir.path(), &["validate", "--fail-on", "sometimes"]).1,
        2
    );
    write_files(
        dir.path(),
        &[(
            ".github/workflows/bad.yml",
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-lastest\n    steps:\n      - run: make\n",
        )],
    );
    // runner-label is a warning: it fails the run only from --fail-on warning.
    assert_eq!(run(dir.path(), &["validate"]).1, 0);
    assert_eq!(run(dir.path(), &["validate", "--fail-on", "warning"]).1, 1);
    assert_eq!(run(dir.path(), &["validate", "--fail-on", "never"]).1, 0);
    // In GitHub Actions (stdout not a terminal) the default format is annotations.
    let out = Command::cargo_bin("devplat")
        .unwrap()
        .current_dir(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .args(["validate", "--fail-on", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("::warning title=runner-label,file=.github/workflows/bad.yml,line=4"),
        "{text}"
    );
    // An unparsable file is a finding for that file; the others are still checked.
    write_files(
        dir.path(),
        &[(".github/workflows/broken.yml", "on: [push\n")],
    );
    let (out, code) = run(dir.path(), &["validate", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("yaml-syntax") && out.contains("runner-label"),
        "{out}"
    );
}

#[test]
fn configuration_levels_errors_and_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                ".github/workflows/ci.yml",
                "on: push\njobs:\n  build:\n    runs-on: gpu-box\n    steps:\n      - run: make # devplat: ignore[step-shell]\n  other:\n    # devplat: ignore[runner-label]\n    runs-on: gpu-box\n    steps:\n      - run: make\n",
            ),
            (
                ".devplat.yml",
                "validate:\n  rules:\n    runner-label: error\n",
            ),
        ],
    );
    let (out, code) = run(dir.path(), &["validate", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            ("runner-label".to_owned(), "error".to_owned(), 4),
            ("unused-suppression".to_owned(), "warning".to_owned(), 6),
        ]
    );
    // Configured labels are accepted; `off` disables a rule.
    write_files(
        dir.path(),
        &[(
            ".devplat.yml",
            "validate:\n  runner-labels: [gpu-box]\n  rules:\n    unused-suppression: off\n",
        )],
    );
    assert_eq!(run(dir.path(), &["validate", "--fail-on", "note"]).1, 0);
    // A bad configuration points into the file and exits 2.
    write_files(
        dir.path(),
        &[(
            ".devplat.yml",
            "validate:\n  rules:\n    runner-lable: off\n  runners: []\n",
        )],
    );
    let (out, code) = run(dir.path(), &["validate"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("bad_config", out);
}

#[test]
fn output_file_and_list_rules() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[(
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  b:\n    steps: []\n",
        )],
    );
    let (out, code) = run(
        dir.path(),
        &["validate", "--format", "sarif", "--output", "report.sarif"],
    );
    assert_eq!((out.as_str(), code), ("", 1));
    let sarif = std::fs::read_to_string(dir.path().join("report.sarif")).unwrap();
    assert!(sarif.contains("\"ruleId\": \"missing-key\""), "{sarif}");
    let (list, code) = run(
        dir.path(),
        &["validate", "--list-rules", "--format", "markdown"],
    );
    assert_eq!(code, 0);
    assert_eq!(list, devplat_validate::docs::rules_markdown());
}
