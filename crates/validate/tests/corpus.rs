//! The real-world guard: realistic, valid workflows, reusable workflows and actions
//! (`tests/corpus/`, ten repositories plus an automation repository: matrices,
//! reusable calls, composite/JavaScript/Docker actions, services, containers,
//! environments, concurrency, permissions, anchors and most events) must produce no
//! error and no warning. A false error on a valid workflow costs as much as a missed bug.

use devplat_core::diag::Severity;
use devplat_validate::{Request, validate};

#[path = "support/disk.rs"]
mod disk;
#[path = "support/show.rs"]
mod show;
use show::show;

#[test]
fn valid_corpus_has_no_errors_or_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let fs = disk::Disk(root);
    let outcome = validate(&fs, &Request::default(), None);
    let workflows = outcome
        .files
        .iter()
        .filter(|(_, f)| f.path().contains("/.github/workflows/"))
        .count();
    assert!(workflows >= 100, "only {workflows} workflows in the corpus");
    let bad: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| show::line(&outcome.files, d))
        .collect();
    assert!(
        bad.is_empty(),
        "findings on valid workflows:\n{}",
        bad.join("\n")
    );
}

#[test]
fn parallel_run_finds_the_same_as_a_single_thread() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let fs = disk::Disk(root);
    let one = validate(&fs, &Request::default(), None);
    let many = devplat_validate::validate_parallel(&fs, &Request::default(), 4);
    assert!(!one.diagnostics.is_empty());
    assert_eq!(show(&one), show(&many));
    assert_eq!(one.summary, many.summary);
    assert_eq!(one.exit, many.exit);
}
