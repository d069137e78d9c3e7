//! GitHub's own workflow-parser fixtures (`../shared/conformance/github-workflow-reader`,
//! from actions/languageservices): every fixture that expects errors must produce at
//! least one error, every fixture that expects a workflow must produce none.
//!
//! Disagreements we judged to be the fixture's (or GitHub's) quirk are listed, with the
//! reason, in `tests/conformance-disagreements.txt`; any other disagreement fails, and so
//! does a listed one that no longer disagrees.

use std::collections::BTreeMap;
use std::path::PathBuf;

use devplat_core::source::MemoryFiles;
use devplat_validate::{RemoteError, RemoteRef, RemoteSource, Request, validate};

fn conformance_dir() -> PathBuf {
    let dir = match std::env::var_os("DEVPLAT_CONFORMANCE") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    };
    let dir = dir.join("github-workflow-reader");
    assert!(
        dir.is_dir(),
        "conformance suite not found at {} (set DEVPLAT_CONFORMANCE)",
        dir.display()
    );
    dir
}

/// Remote callees served from the fixture's file pairs.
struct FixtureRemote(BTreeMap<String, String>);

impl RemoteSource for FixtureRemote {
    fn fetch(&self, r: &RemoteRef, file: &str) -> Result<Vec<u8>, RemoteError> {
        let key = format!("{}/{}/{}@{}", r.owner, r.repo, file, r.git_ref);
        self.0
            .get(&key)
            .map(|t| t.as_bytes().to_vec())
            .ok_or(RemoteError::NotFound)
    }
}

struct Fixture {
    workflow: String,
    callees: BTreeMap<String, String>,
    expects_errors: bool,
    /// `permissions-policy: LimitedRead|Write` (the repository default token).
    policy: Option<String>,
}

fn parse_fixture(text: &str) -> Fixture {
    let mut docs: Vec<String> = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            docs.push(String::new());
        } else if let Some(last) = docs.last_mut() {
            last.push_str(line);
        }
    }
    let expected = docs.pop().unwrap_or_default();
    let policy = docs
        .first()
        .and_then(|o| {
            o.lines()
                .find_map(|l| l.strip_prefix("permissions-policy:"))
        })
        .map(|p| p.trim().to_owned());
    let mut rest = docs.into_iter().skip(1);
    let workflow = rest.next().unwrap_or_default();
    let mut callees = BTreeMap::new();
    let rest: Vec<String> = rest.collect();
    for pair in rest.chunks(2) {
        if let [name, content] = pair {
            callees.insert(name.trim().to_owned(), content.clone());
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&expected).unwrap_or(serde_json::Value::Null);
    let expects_errors = json
        .get("errors")
        .is_some_and(|e| e.as_array().is_some_and(|a| !a.is_empty()));
    Fixture {
        workflow,
        callees,
        expects_errors,
        policy,
    }
}

#[test]
fn github_workflow_reader_fixtures() {
    let dir = conformance_dir();
    let listed_text = include_str!("conformance-disagreements.txt");
    let listed: BTreeMap<&str, &str> = listed_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" # ") {
            Some((name, why)) => (name.trim(), why.trim()),
            None => (l.trim(), ""),
        })
        .collect();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yml")
                && !p.file_name().unwrap().to_string_lossy().starts_with('_')
        })
        .collect();
    entries.sort();
    let (mut agree_err, mut agree_ok, mut total) = (0, 0, 0);
    let mut unexpected = Vec::new();
    let mut disagreements = Vec::new();
    for path in &entries {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let fixture = parse_fixture(&std::fs::read_to_string(path).unwrap());
        let mut fs = MemoryFiles::new();
        let wf_path = format!(".github/workflows/{name}.yml");
        fs.insert(wf_path.clone(), fixture.workflow.as_bytes().to_vec());
        if let Some(policy) = &fixture.policy {
            let level = if policy == "Write" { "write" } else { "read" };
            fs.insert(
                ".devplat.yml",
                format!("validate:\n  default-token-permissions: {level}\n").into_bytes(),
            );
        }
        let remote = FixtureRemote(fixture.callees.clone());
        let outcome = validate(
            &fs,
            &Request {
                paths: vec![wf_path],
                ..Request::default()
            },
            Some(&remote),
        );
        let errors: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == devplat_core::diag::Severity::Error)
            .map(|d| {
                format!(
                    "{}:{} {}: {}",
                    d.primary.start.line, d.primary.start.column, d.code, d.message
                )
            })
            .collect();
        total += 1;
        let agrees = fixture.expects_errors != errors.is_empty();
        if agrees {
            if fixture.expects_errors {
                agree_err += 1;
            } else {
                agree_ok += 1;
            }
        } else {
            disagreements.push(name.clone());
            if !listed.contains_key(name.as_str()) {
                unexpected.push(format!(
                    "{name}: expected {}, got {:?}",
                    if fixture.expects_errors {
                        "errors"
                    } else {
                        "no error"
                    },
                    errors
                ));
            }
        }
    }
    let stale: Vec<&&str> = listed
        .keys()
        .filter(|n| !disagreements.iter().any(|d| d == *n))
        .collect();
    eprintln!(
        "github-workflow-reader: {total} fixtures, {agree_err} error fixtures caught, {agree_ok} valid fixtures clean, {} listed disagreements",
        disagreements.len()
    );
    assert!(
        unexpected.is_empty(),
        "unexpected disagreements:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed disagreements that now agree (remove them): {stale:?}"
    );
}
