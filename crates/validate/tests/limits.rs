//! GitHub's limits on reusable workflows, on generated trees: 10 levels, 50 distinct
//! workflows per run.

use devplat_core::source::MemoryFiles;
use devplat_validate::{Request, validate};

fn codes(fs: &MemoryFiles, path: &str) -> Vec<String> {
    let o = validate(
        fs,
        &Request {
            paths: vec![path.to_owned()],
            ..Request::default()
        },
        None,
    );
    o.diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

const LEAF: &str = "on:\n  workflow_call:\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";

#[test]
fn nesting_depth() {
    // top -> w1 -> ... -> wN
    for (n, expect) in [(9, false), (10, true)] {
        let mut fs = MemoryFiles::new();
        fs.insert(
            ".github/workflows/top.yml",
            "on: push\njobs:\n  c:\n    uses: ./.github/workflows/w1.yml\n",
        );
        for i in 1..=n {
            let body = if i == n {
                LEAF.to_owned()
            } else {
                format!(
                    "on:\n  workflow_call:\njobs:\n  c:\n    uses: ./.github/workflows/w{}.yml\n",
                    i + 1
                )
            };
            fs.insert(format!(".github/workflows/w{i}.yml"), body);
        }
        let found = codes(&fs, ".github/workflows/top.yml");
        assert_eq!(
            found.iter().any(|c| c.contains("levels deep")),
            expect,
            "{n}: {found:?}"
        );
    }
}

#[test]
fn distinct_workflows_per_run() {
    for (n, expect) in [(50, false), (51, true)] {
        let mut fs = MemoryFiles::new();
        let mut top = String::from("on: push\njobs:\n");
        for i in 0..n {
            top.push_str(&format!(
                "  c{i}:\n    uses: ./.github/workflows/w{i}.yml\n"
            ));
            fs.insert(format!(".github/workflows/w{i}.yml"), LEAF);
        }
        fs.insert(".github/workflows/top.yml", top);
        let found = codes(&fs, ".github/workflows/top.yml");
        assert_eq!(
            found
                .iter()
                .any(|c| c.contains("distinct reusable workflows")),
            expect,
            "{n}: {found:?}"
        );
    }
}
