//! YAML fixtures: every file under `tests/fixtures/yaml/` is loaded and its tree (with
//! every position) or its error is compared with the snapshot beside it; every tree
//! that loads is also emitted and loaded again, and must hold the same values.
//!
//! A fixture's first line may set options: `# options: merge_keys max_depth=4`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod yaml_support;

use std::path::Path;

use devplat_core::source::Files;
use devplat_core::yaml::{self, LoadOptions};
use yaml_support::{dump_error, dump_stream};

fn options_for(text: &str) -> LoadOptions {
    let mut opts = LoadOptions::default();
    let first = text.lines().next().unwrap_or("");
    if let Some(rest) = first.strip_prefix("# options:") {
        for word in rest.split_whitespace() {
            match word.split_once('=') {
                None if word == "merge_keys" => opts.merge_keys = true,
                Some(("max_depth", n)) => opts.max_depth = n.parse().unwrap(),
                Some(("max_nodes", n)) => opts.max_nodes = n.parse().unwrap(),
                Some(("max_alias_nodes", n)) => opts.max_alias_nodes = n.parse().unwrap(),
                Some(("max_bytes", n)) => opts.max_bytes = n.parse().unwrap(),
                _ => {}
            }
        }
    }
    opts
}

#[test]
fn yaml_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "fixtures missing in {}", dir.display());
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let opts = options_for(&String::from_utf8_lossy(&bytes));
        let mut files = Files::new();
        let (id, result) = yaml::load_stream(&mut files, &name, &bytes, &opts);
        let out = match &result {
            Ok(docs) => {
                yaml_support::assert_round_trip(docs, &opts, &name);
                dump_stream(docs, &files, id)
            }
            Err(e) => dump_error(e, &files),
        };
        insta::with_settings!({
            snapshot_path => "fixtures/yaml/snapshots",
            prepend_module_to_snapshot => false,
            description => format!("tests/fixtures/yaml/{name}.yml"),
        }, {
            insta::assert_snapshot!(name, out);
        });
    }
}
