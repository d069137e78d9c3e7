//! actions/languageservices' expression test data, run as-is: every case of every file
//! in `../shared/conformance/github-expressions` (or `$DEVPLAT_CONFORMANCE/…`), the
//! cases other implementations skip included. Fails when the data is missing.

use std::path::PathBuf;

use devplat_core::expr::github::eval_to_json;
use serde_json::Value as J;

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

/// JSON equality where numbers compare as numbers (the data writes `2`, `2.0` and
/// `-0` for the same kind of value).
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

/// What went wrong with one case, or `None` when it passes.
fn check(case: &J) -> Option<String> {
    let expr = case.get("expr")?.as_str()?;
    let empty = serde_json::Map::new();
    let contexts = case
        .get("contexts")
        .and_then(J::as_object)
        .unwrap_or(&empty);
    let got = eval_to_json(expr, contexts);
    if let Some(want) = case.get("result") {
        let kind = want.get("kind").and_then(J::as_str).unwrap_or("");
        let value = want.get("value").unwrap_or(&J::Null);
        return match got {
            Ok((k, v)) if format!("{k:?}") == kind && same(&v, value) => None,
            Ok((k, v)) => Some(format!("want {kind} {value}, got {k:?} {v}")),
            Err(e) => Some(format!(
                "want {kind} {value}, got {:?} error: {}",
                e.kind, e.message
            )),
        };
    }
    let err = case.get("err")?;
    let kind = err.get("kind").and_then(J::as_str).unwrap_or("");
    let message = err.get("value").and_then(J::as_str).unwrap_or("");
    match got {
        Err(e)
            if format!("{:?}", e.kind).eq_ignore_ascii_case(kind)
                && e.message.contains(message) =>
        {
            None
        }
        Err(e) => Some(format!(
            "want {kind} error containing {message:?}, got {:?}: {}",
            e.kind, e.message
        )),
        Ok((k, v)) => Some(format!("want {kind} error {message:?}, got {k:?} {v}")),
    }
}

#[test]
fn every_case_of_every_file_passes() {
    let dir = conformance_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read conformance dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 27,
        "expected the 27 data files, found {}",
        files.len()
    );
    let mut total = 0usize;
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read data file");
        let data: serde_json::Map<String, J> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (case_name, cases) in &data {
            for case in cases.as_array().expect("a list of cases") {
                total += 1;
                let expr = case.get("expr").and_then(J::as_str).unwrap_or("<no expr>");
                match check(case) {
                    None if case.get("expr").is_some() => {}
                    None => failures.push(format!("{name} / {case_name}: malformed case")),
                    Some(why) => failures.push(format!("{name} / {case_name} / {expr:?}: {why}")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} conformance cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 1020, "expected at least 1,020 cases, ran {total}");
    eprintln!("github expressions conformance: {total} cases passed");
}

#[test]
fn a_wrong_expectation_is_reported() {
    let wrong_value =
        serde_json::json!({"expr": "1 == 2", "result": {"kind": "Boolean", "value": true}});
    assert!(check(&wrong_value).is_some());
    let wrong_kind = serde_json::json!({"expr": "2", "result": {"kind": "String", "value": 2}});
    assert!(check(&wrong_kind).is_some());
    let wrong_error =
        serde_json::json!({"expr": "1 <", "err": {"kind": "lexing", "value": "Unexpected end"}});
    assert!(check(&wrong_error).is_some());
    let right = serde_json::json!({"expr": "1 <", "err": {"kind": "parsing", "value": "Unexpected end of expression: '<'"}});
    assert!(check(&right).is_none());
}
