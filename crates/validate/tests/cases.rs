//! Data-driven cases: minimal files, each with the findings it must produce written in
//! its own header, `# expect: <severity> <rule-id>@<line>` (one line per finding, any
//! order) or `# expect: nothing`. Most are reductions of findings on real-world workflows (see
//! `benches/real-world/`): the valid ones guard against false positives, the others pin
//! down a real problem the real-world run showed or a peer reported.
//!
//! `tests/cases/<name>.yml` is validated as `.github/workflows/<name>.yml`, or as
//! `<name>/action.yml` when the name starts with `action-`. Every finding counts, notes
//! included, so an expectation lists exactly what a user would see.

use devplat_core::source::MemoryFiles;
use devplat_validate::{Request, validate};

fn expectations(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut any = false;
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(e) = line.strip_prefix("# expect:") {
            any = true;
            let e = e.trim();
            if e != "nothing" {
                out.push(e.to_owned());
            }
        }
    }
    any.then(|| {
        out.sort();
        out
    })
}

#[test]
fn every_case_produces_exactly_its_expected_findings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yml"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failures = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let Some(want) = expectations(&text) else {
            failures.push(format!("{name}: no `# expect:` header"));
            continue;
        };
        let stem = name.trim_end_matches(".yml");
        let path = if stem.starts_with("action-") {
            format!("{stem}/action.yml")
        } else {
            format!(".github/workflows/{name}")
        };
        let mut fs = MemoryFiles::new();
        fs.insert(path.clone(), text.into_bytes());
        let outcome = validate(
            &fs,
            &Request {
                paths: vec![path],
                no_config: true,
                ..Request::default()
            },
            None,
        );
        let mut got: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {}@{}",
                    d.severity.as_str(),
                    d.code,
                    d.primary.start.line
                )
            })
            .collect();
        got.sort();
        if got != want {
            let detail: Vec<String> = outcome
                .diagnostics
                .iter()
                .map(|d| {
                    format!(
                        "    {}:{} {}: {}",
                        d.primary.start.line, d.primary.start.column, d.code, d.message
                    )
                })
                .collect();
            failures.push(format!(
                "{name}: expected {want:?}, got {got:?}\n{}",
                detail.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `unpinned-action` leaves GitHub's own actions alone unless
/// `validate.pinning.first-party: pin` says otherwise.
#[test]
fn first_party_actions_are_pinned_only_when_configured() {
    let wf = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: github/codeql-action/init@v3\n      - uses: other/action@v1\n";
    let run = |config: Option<&str>| -> Vec<u32> {
        let mut fs = MemoryFiles::new();
        fs.insert(".github/workflows/ci.yml", wf.as_bytes().to_vec());
        if let Some(c) = config {
            fs.insert(".devplat.yml", c.as_bytes().to_vec());
        }
        let outcome = validate(&fs, &Request::default(), None);
        outcome
            .diagnostics
            .iter()
            .filter(|d| d.code == "unpinned-action")
            .map(|d| d.primary.start.line)
            .collect()
    };
    assert_eq!(run(None), vec![8]);
    assert_eq!(
        run(Some("validate:\n  pinning:\n    first-party: exempt\n")),
        vec![8]
    );
    assert_eq!(
        run(Some("validate:\n  pinning:\n    first-party: pin\n")),
        vec![6, 7, 8]
    );
}

/// A misspelled required key (`runs-onn`) is one finding, the unknown key that suggests
/// `runs-on`, while that finding is an error; with `unknown-key` turned down or off, the
/// missing `runs-on` is still reported (GitHub rejects the workflow either way).
#[test]
fn a_misspelled_required_key_is_reported_once_but_never_lost() {
    let wf =
        "on: push\njobs:\n  build:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: make\n";
    let run = |config: Option<&str>| -> Vec<(String, u32)> {
        let mut fs = MemoryFiles::new();
        fs.insert(".github/workflows/ci.yml", wf.as_bytes().to_vec());
        if let Some(c) = config {
            fs.insert(".devplat.yml", c.as_bytes().to_vec());
        }
        let outcome = validate(&fs, &Request::default(), None);
        outcome
            .diagnostics
            .iter()
            .map(|d| (d.code.clone(), d.primary.start.line))
            .collect()
    };
    let unknown = ("unknown-key".to_owned(), 4);
    let missing = ("missing-key".to_owned(), 4);
    assert_eq!(run(None), vec![unknown.clone()]);
    assert_eq!(
        run(Some("validate:\n  rules:\n    unknown-key: warning\n")),
        vec![missing.clone(), unknown]
    );
    assert_eq!(
        run(Some("validate:\n  rules:\n    unknown-key: off\n")),
        vec![missing]
    );
}
