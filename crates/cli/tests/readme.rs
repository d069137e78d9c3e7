//! The README's "Try it" block is the real output of the command it shows, run from the
//! repository root: this test fails when the two drift apart.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

const COMMAND: &str = "$ cargo run --release -- validate examples/broken\n";

#[test]
fn readme_example_is_the_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find(COMMAND)
        .expect("README.md shows `cargo run --release -- validate examples/broken`")
        + COMMAND.len();
    let len = readme[start..]
        .find("```")
        .expect("the console block is closed");
    let shown = &readme[start..start + len];

    let out = Command::cargo_bin("devplat")
        .unwrap()
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(["validate", "examples/broken"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the example has an error");
    let actual = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown == actual,
        "README.md's example output differs from the binary's; replace it with:\n{actual}"
    );
}
