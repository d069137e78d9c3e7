//! `devplat expr eval`: the real binary's output (insta snapshots), and every GitHub
//! expression conformance case through the CLI's in-process entry point.

// Helpers of this test file fail the test on broken fixtures, like the tests themselves.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value as J;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expr")
}

/// Run the real binary in the fixtures directory: `exit code`, stdout and stderr.
fn devplat(args: &[&str]) -> String {
    let output = Command::cargo_bin("devplat")
        .expect("devplat binary")
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run devplat");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn values_print_as_kind_and_json() {
    insta::assert_snapshot!(
        "eval_label_check",
        devplat(&[
            "expr",
            "eval",
            "--contexts",
            "contexts.json",
            "github.event_name == 'pull_request' && contains(github.event.pull_request.labels.*.name, 'deploy')",
        ])
    );
    insta::assert_snapshot!(
        "eval_from_json_output",
        devplat(&[
            "expr",
            "eval",
            "--contexts",
            "contexts.json",
            "fromJSON(needs.build.outputs.config)",
        ])
    );
    insta::assert_snapshot!(
        "eval_format",
        devplat(&[
            "expr",
            "eval",
            "--contexts=contexts.json",
            "format('{0}-node{1}-v{2}', matrix.os, matrix.node, needs.build.outputs.version)",
        ])
    );
    insta::assert_snapshot!("eval_negative_number", devplat(&["expr", "eval", "-0.5"]));
    insta::assert_snapshot!("eval_nan", devplat(&["expr", "eval", "NaN"]));
    insta::assert_snapshot!(
        "eval_azure_dialect",
        devplat(&[
            "expr",
            "eval",
            "--dialect",
            "azure",
            "and(eq(1, 1), lt(1.2.3, 1.10.0))"
        ])
    );
    insta::assert_snapshot!(
        "eval_azure_variable_mode",
        devplat(&[
            "expr",
            "eval",
            "--dialect",
            "azure",
            "--mode",
            "variable",
            "counter(format('{0}.{1}', 1, 2), 100)"
        ])
    );
    insta::assert_snapshot!(
        "eval_status",
        devplat(&[
            "expr",
            "eval",
            "--status",
            "failure",
            "failure() && !success()"
        ])
    );
}

#[test]
fn expression_errors_exit_1() {
    insta::assert_snapshot!(
        "eval_unknown_context",
        devplat(&[
            "expr",
            "eval",
            "--contexts",
            "contexts.json",
            "env.TOKEN != ''"
        ])
    );
    insta::assert_snapshot!("eval_lexing_error", devplat(&["expr", "eval", "1 = 2"]));
    // counter() exists only in runtime variable definitions, not in templates.
    insta::assert_snapshot!(
        "eval_azure_counter_at_compile_time",
        devplat(&["expr", "eval", "--dialect", "azure", "counter('a', 1)"])
    );
    insta::assert_snapshot!(
        "eval_evaluation_error",
        devplat(&["expr", "eval", "format('{0}{1}', 'only one')"])
    );
}

#[test]
fn bad_contexts_files_exit_2() {
    insta::assert_snapshot!(
        "eval_missing_contexts",
        devplat(&["expr", "eval", "--contexts", "missing.json", "github"])
    );
    insta::assert_snapshot!(
        "eval_invalid_contexts",
        devplat(&["expr", "eval", "--contexts", "invalid.json", "github"])
    );
    insta::assert_snapshot!(
        "eval_contexts_not_an_object",
        devplat(&["expr", "eval", "--contexts", "not-an-object.json", "github"])
    );
    insta::assert_snapshot!(
        "eval_bad_dialect",
        devplat(&["expr", "eval", "--dialect", "gitlab", "1"])
    );
}

fn conformance_dir() -> PathBuf {
    let base = match std::env::var_os("DEVPLAT_CONFORMANCE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    };
    let dir = base.join("github-expressions");
    assert!(
        dir.is_dir(),
        "conformance data missing: {} does not exist (set DEVPLAT_CONFORMANCE or put \
         shared/conformance beside the workspace)",
        dir.display()
    );
    dir
}

fn same(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => a == b,
    }
}

/// One case through `devplat::run`: what is wrong, or `None`.
fn run_case(case: &J, scratch: &Path, n: usize) -> Option<String> {
    let expr = case.get("expr")?.as_str()?;
    let mut args: Vec<String> = vec!["devplat".into(), "expr".into(), "eval".into()];
    if let Some(contexts) = case.get("contexts") {
        let path = scratch.join(format!("contexts-{n}.json"));
        std::fs::write(&path, contexts.to_string()).expect("write contexts");
        args.push("--contexts".into());
        args.push(path.to_string_lossy().into_owned());
    }
    args.push(expr.to_owned());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = devplat::run(args, &devplat::Context::default(), &mut out, &mut err).code();
    let stdout = String::from_utf8_lossy(&out);
    let printed: J = match serde_json::from_str(stdout.trim_end()) {
        Ok(v) => v,
        Err(e) => {
            return Some(format!(
                "stdout is not JSON ({e}): {stdout:?}, stderr {:?}",
                String::from_utf8_lossy(&err)
            ));
        }
    };
    if !stdout.ends_with('\n') || stdout.trim_end().contains('\n') {
        return Some(format!("stdout is not one line: {stdout:?}"));
    }
    if let Some(want) = case.get("result") {
        let ok = code == 0
            && printed.get("kind") == want.get("kind")
            && same(
                printed.get("value").unwrap_or(&J::Null),
                want.get("value").unwrap_or(&J::Null),
            )
            && printed.as_object().is_some_and(|o| o.len() == 2);
        return (!ok).then(|| format!("want exit 0 {want}, got exit {code} {printed}"));
    }
    let want = case.get("err")?;
    let got = printed.get("error");
    let kind_ok = got.and_then(|e| e.get("kind")) == want.get("kind");
    let message_ok = match (
        got.and_then(|e| e.get("message")).and_then(J::as_str),
        want.get("value").and_then(J::as_str),
    ) {
        (Some(m), Some(w)) => m.contains(w),
        _ => false,
    };
    (code != 1 || !kind_ok || !message_ok)
        .then(|| format!("want exit 1 {want}, got exit {code} {printed}"))
}

#[test]
fn every_conformance_case_through_the_cli() {
    let dir = conformance_dir();
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read conformance dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut total, mut failures) = (0usize, Vec::new());
    for file in &files {
        let data: serde_json::Map<String, J> =
            serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (case_name, cases) in &data {
            for case in cases.as_array().expect("cases") {
                total += 1;
                if let Some(why) = run_case(case, scratch.path(), total) {
                    let expr = case.get("expr").and_then(J::as_str).unwrap_or("");
                    failures.push(format!("{name} / {case_name} / {expr:?}: {why}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed through the CLI:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 1020, "expected at least 1,020 cases, ran {total}");
}
