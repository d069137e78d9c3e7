//! `validate.exclude` in `.devplat.yml`: discovery skips what it matches (the last
//! matching pattern decides), files named explicitly are still checked, and a bad glob
//! is a configuration error pointing into the file.

use devplat_core::diag::ExitCode;
use devplat_core::source::MemoryFiles;
use devplat_validate::{Outcome, Request, validate};

const BAD: &str = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n        shell: bsh\n";
const GOOD: &str =
    "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";

fn repo(config: &str) -> MemoryFiles {
    let mut fs = MemoryFiles::new();
    fs.insert(".devplat.yml", config);
    fs.insert(".github/workflows/ci.yml", GOOD);
    fs.insert(
        "tests/fixtures/broken/action.yml",
        "runs:\n  using: node12\n  main: x.js\n",
    );
    fs.insert(
        "tests/fixtures/kept/action.yml",
        "runs:\n  using: node12\n  main: x.js\n",
    );
    fs.insert("workflows-templates/old/bad.yml", BAD);
    fs
}

fn run(fs: &MemoryFiles, paths: &[&str]) -> Outcome {
    validate(
        fs,
        &Request {
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
            ..Request::default()
        },
        None,
    )
}

fn files_with_findings(o: &Outcome) -> Vec<String> {
    let mut v: Vec<String> = o
        .diagnostics
        .iter()
        .map(|d| o.files.path(d.primary.file).to_owned())
        .collect();
    v.dedup();
    v
}

#[test]
fn without_exclude_every_discovered_file_is_checked() {
    let o = run(&repo("validate: {}\n"), &[]);
    assert_eq!(
        files_with_findings(&o),
        vec![
            "tests/fixtures/broken/action.yml",
            "tests/fixtures/kept/action.yml",
            "workflows-templates/old/bad.yml",
        ]
    );
}

#[test]
fn excluded_paths_are_skipped_and_negation_takes_back() {
    let fs = repo(
        "validate:\n  exclude:\n    - \"tests/fixtures/**\"\n    - \"!tests/fixtures/kept/**\"\n    - workflows-templates/old\n",
    );
    let o = run(&fs, &[]);
    assert_eq!(
        files_with_findings(&o),
        vec!["tests/fixtures/kept/action.yml"]
    );
    assert_eq!(o.summary.files, 2, "ci.yml and the kept action");
}

#[test]
fn explicit_paths_are_checked_even_when_excluded() {
    let fs = repo("validate:\n  exclude: [\"tests/**\"]\n");
    let o = run(&fs, &["tests/fixtures/broken/action.yml"]);
    assert_eq!(
        files_with_findings(&o),
        vec!["tests/fixtures/broken/action.yml"]
    );
}

#[test]
fn an_excluded_directory_named_explicitly_is_walked_whole() {
    let fs = repo("validate:\n  exclude: [\"tests/**\", workflows-templates]\n");
    let o = run(&fs, &["tests/fixtures"]);
    assert_eq!(
        files_with_findings(&o),
        vec![
            "tests/fixtures/broken/action.yml",
            "tests/fixtures/kept/action.yml",
        ]
    );
    // Naming the root (or nothing) keeps the exclusions.
    let o = run(&fs, &["."]);
    assert!(files_with_findings(&o).is_empty());
    assert_eq!(o.summary.files, 1, "ci.yml only");
}

#[test]
fn a_bad_glob_is_a_config_error_with_a_position() {
    let fs = repo("validate:\n  exclude:\n    - \"tests/[fixtures\"\n");
    let o = run(&fs, &[]);
    assert_eq!(o.exit, ExitCode::UsageOrInput);
    let d = o
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-config")
        .expect("a config error");
    assert_eq!(o.files.path(d.primary.file), ".devplat.yml");
    assert_eq!((d.primary.start.line, d.primary.start.column), (3, 7));
    assert!(d.message.contains("not a valid glob"), "{}", d.message);
}
