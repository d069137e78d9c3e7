//! The shared glob truth table (35 patterns × 37 paths, as picomatch 2.3.1 `{dot:true}`
//! evaluates them for dorny/paths-filter), run as-is. Every difference must be listed,
//! with its reason, in `tests/data/glob-differences.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use devplat_core::glob::Pattern;

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

#[test]
fn picomatch_truth_table() {
    let dir = conformance_dir().join("paths-filter");
    let cases: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("glob-cases.json")).unwrap())
            .unwrap();
    let table: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("glob-truth-table.json")).unwrap())
            .unwrap();
    let pico = &table["picomatch2(dot) [paths-filter]"];
    let diffs: serde_json::Value =
        serde_json::from_str(include_str!("data/glob-differences.json")).unwrap();
    let mut allowed: BTreeSet<(String, String)> = BTreeSet::new();
    for d in diffs["differences"].as_array().unwrap() {
        for p in d["paths"].as_array().unwrap() {
            allowed.insert((
                d["pattern"].as_str().unwrap().into(),
                p.as_str().unwrap().into(),
            ));
        }
    }
    let patterns = cases["patterns"].as_array().unwrap();
    let paths = cases["paths"].as_array().unwrap();
    assert_eq!((patterns.len(), paths.len()), (35, 37));
    let mut unexpected = Vec::new();
    let mut seen = BTreeSet::new();
    let mut agree = 0usize;
    for pat in patterns {
        let pat = pat.as_str().unwrap();
        let expected: BTreeSet<&str> = pico[pat]
            .as_array()
            .unwrap_or_else(|| panic!("no picomatch row for {pat}"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let compiled = Pattern::parse(pat).unwrap_or_else(|e| panic!("{pat}: {e}"));
        for path in paths {
            let path = path.as_str().unwrap();
            let ours = compiled.is_match(path);
            let theirs = expected.contains(path);
            if ours == theirs {
                agree += 1;
                continue;
            }
            let key = (pat.to_owned(), path.to_owned());
            if allowed.contains(&key) {
                seen.insert(key);
            } else {
                unexpected.push(format!(
                    "{pat} on {path}: devplat {ours}, picomatch {theirs}"
                ));
            }
        }
    }
    let stale: Vec<_> = allowed.difference(&seen).collect();
    assert!(
        unexpected.is_empty(),
        "undocumented differences:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed differences that no longer differ: {stale:?}"
    );
    assert_eq!(agree + seen.len(), 35 * 37);
    let mut by_pattern: BTreeMap<&str, usize> = BTreeMap::new();
    for (p, _) in &seen {
        *by_pattern.entry(p.as_str()).or_default() += 1;
    }
    assert_eq!(by_pattern.len(), 3, "{by_pattern:?}");
}
