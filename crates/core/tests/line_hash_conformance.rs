//! GitHub's `primaryLocationLineHash` against github/codeql-action's own test data
//! (`shared/conformance/security-reports/line-hash/`): every per-line vector, and the SARIF
//! before/after pair fingerprinted from its source files.

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use devplat_core::diag::render::line_hash::{line_hash, line_hashes};
use serde_json::Value;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dir() -> std::path::PathBuf {
    common::conformance_dir().join("security-reports/line-hash")
}

#[test]
fn per_line_vectors() {
    let vectors: Value =
        serde_json::from_str(&read(&dir().join("line-hash-vectors.json"))).unwrap();
    let cases = vectors["cases"].as_array().expect("cases");
    assert!(
        cases.len() >= 8,
        "expected the 8 codeql-action cases, found {}",
        cases.len()
    );
    for (i, case) in cases.iter().enumerate() {
        let input = case["input"].as_str().unwrap();
        let expected: Vec<&str> = case["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        assert_eq!(line_hashes(input), expected, "case {i}: {input:?}");
    }
}

/// Fill in `partialFingerprints.primaryLocationLineHash` the way `upload-sarif` does
/// (primary location's file, resolved through `artifacts[index]` when the location has
/// only an index; its region's `startLine`) and compare with the expected log.
#[test]
fn sarif_before_after() {
    let dir = dir();
    let mut log: Value =
        serde_json::from_str(&read(&dir.join("fingerprinting.input.sarif"))).unwrap();
    let expected: Value =
        serde_json::from_str(&read(&dir.join("fingerprinting.expected.sarif"))).unwrap();
    let run = &mut log["runs"][0];
    let artifacts = run["artifacts"].clone();
    let results = run["results"].as_array_mut().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let location = &result["locations"][0]["physicalLocation"];
        let artifact = &location["artifactLocation"];
        let uri = match artifact["uri"].as_str() {
            Some(uri) => uri.to_owned(),
            None => {
                let index = artifact["index"].as_u64().expect("uri or index") as usize;
                artifacts[index]["location"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }
        };
        let line = location["region"]["startLine"].as_u64().unwrap() as u32;
        let text = read(&dir.join(&uri));
        let hash = line_hash(&text, line).expect("line in file");
        result["partialFingerprints"] = serde_json::json!({ "primaryLocationLineHash": hash });
    }
    assert_eq!(log, expected);
}
