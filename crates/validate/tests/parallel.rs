//! Checking is spread over threads that take files from discovery as it walks, and each
//! engine keeps a bounded number of parsed callees. Neither may change what a run finds:
//! the findings, the file table and the counts are the same for any number of threads,
//! and a callee dropped from the cache is read again when it is needed again.

use devplat_core::source::MemoryFiles;
use devplat_validate::{Outcome, Request, validate, validate_parallel};

#[path = "support/show.rs"]
mod show;
use show::show;

/// One repository with `n` reusable workflows that each require an input, and `n`
/// callers; caller `i` calls callee `i` and callee `0` (which by then has long left the
/// cache), and forgets the input for odd `i`.
fn many_callees(n: usize) -> MemoryFiles {
    let mut fs = MemoryFiles::new();
    for i in 0..n {
        fs.insert(
            format!(".github/workflows/callee-{i:03}.yml"),
            format!(
                "on:\n  workflow_call:\n    inputs:\n      env-{i}:\n        required: true\n        type: string\n\
                 jobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ inputs.env-{i} }}}}\n"
            ),
        );
        let with = if i % 2 == 0 {
            format!("    with:\n      env-{i}: prod\n")
        } else {
            String::new()
        };
        fs.insert(
            format!(".github/workflows/caller-{i:03}.yml"),
            format!(
                "on: push\njobs:\n  call:\n    uses: ./.github/workflows/callee-{i:03}.yml\n{with}\
                 \x20 first:\n    uses: ./.github/workflows/callee-000.yml\n    with:\n      env-0: prod\n"
            ),
        );
    }
    fs
}

fn paths(o: &Outcome) -> Vec<String> {
    o.files.iter().map(|(_, f)| f.path().to_owned()).collect()
}

#[test]
fn any_number_of_threads_finds_the_same() {
    let fs = many_callees(150);
    let one = validate(&fs, &Request::default(), None);
    // Every odd caller forgets its callee's required input, whatever was cached.
    let forgotten = one
        .diagnostics
        .iter()
        .filter(|d| d.severity == devplat_core::diag::Severity::Error)
        .count();
    assert_eq!(forgotten, 75, "{:#?}", show(&one));
    for threads in [1, 2, 3, 8] {
        let many = validate_parallel(&fs, &Request::default(), threads);
        assert_eq!(show(&one), show(&many), "{threads} threads");
        assert_eq!(paths(&one), paths(&many), "{threads} threads");
        assert_eq!(one.summary, many.summary, "{threads} threads");
        assert_eq!(one.exit, many.exit, "{threads} threads");
    }
}

#[test]
fn every_file_appears_once_in_the_table() {
    let fs = many_callees(150);
    let outcome = validate_parallel(&fs, &Request::default(), 4);
    let mut all = paths(&outcome);
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "a path appears twice in the file table");
    assert_eq!(n, 300);
    assert_eq!(outcome.summary.files, 300);
}

#[test]
fn overlapping_paths_validate_each_file_once() {
    let fs = many_callees(3);
    let request = Request {
        paths: vec![
            ".".into(),
            ".github/workflows".into(),
            "./.github/workflows/caller-001.yml".into(),
        ],
        ..Request::default()
    };
    for threads in [1, 2] {
        let outcome = validate_parallel(&fs, &request, threads);
        assert_eq!(outcome.summary.files, 6, "{threads} threads");
        let errors = show(&outcome);
        assert_eq!(
            errors.iter().filter(|l| l.contains("caller-001")).count(),
            1
        );
    }
}

/// A file source whose directory walk fails half-way with a panic.
struct WalkPanics(MemoryFiles);

impl devplat_core::source::FileSource for WalkPanics {
    fn read(&self, path: &str) -> Result<Vec<u8>, devplat_core::source::FsError> {
        self.0.read(path)
    }

    #[allow(clippy::panic)] // the point of this source
    fn read_dir(
        &self,
        path: &str,
    ) -> Result<Vec<devplat_core::source::DirEntry>, devplat_core::source::FsError> {
        if path == "b" {
            std::panic::panic_any("the walk failed");
        }
        self.0.read_dir(path)
    }

    fn kind(&self, path: &str) -> Option<devplat_core::source::EntryKind> {
        self.0.kind(path)
    }
}

/// A panic in the walk reaches the caller; the threads waiting for files do not wait
/// forever.
#[test]
fn a_panic_in_the_walk_ends_the_run() {
    let mut fs = MemoryFiles::new();
    for i in 0..40 {
        fs.insert(
            format!("a/.github/workflows/w{i}.yml"),
            "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n",
        );
    }
    fs.insert("b/.github/workflows/w.yml", "on: push\n");
    let fs = WalkPanics(fs);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            validate_parallel(&fs, &Request::default(), 4)
        }));
        let _ = tx.send(result.is_err());
    });
    let panicked = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the run did not end within 60 s: threads are waiting for a walk that died");
    assert!(panicked, "the walk's panic did not reach the caller");
}

/// A callee dropped from an engine's cache and parsed again keeps its one entry in that
/// engine's file table (its text is not held twice).
#[test]
fn a_callee_parsed_again_is_not_added_again() {
    use devplat_validate::{config::Config, discover, engine::Engine};
    let fs = many_callees(150);
    let (found, _) = discover::discover(&fs, &[], &|_, _| false);
    let engine = Engine::new(&fs, None, Config::default());
    for f in &found {
        let _ = engine.check(f);
    }
    let files = engine.into_files();
    let mut all: Vec<&str> = files.iter().map(|(_, f)| f.path()).collect();
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!((n, all.len()), (300, 300));
}
