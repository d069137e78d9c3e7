//! Hostile input: deep nesting, alias bombs, size limits — each a clean, positioned
//! error, never a stack overflow or a hang.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use devplat_core::source::Files;
use devplat_core::span::FileId;
use devplat_core::yaml::{self, LoadOptions, codes};

fn load(text: &str, opts: &LoadOptions) -> Result<Vec<yaml::Document>, yaml::YamlError> {
    yaml::load_text(text, FileId(0), opts)
}

#[test]
fn yaml_100k_open_brackets_is_too_deep() {
    let text = "[".repeat(100_000);
    let e = load(&text, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
    // The parser's scanner looks ahead for a possible `[…]: value` key, so its own limit
    // on flow nesting (255) is what fires first here; it maps to the same code.
    assert_eq!((e.span.start.line, e.span.start.column), (1, 256));
    let e = load(&format!("{}1", "[".repeat(200)), &LoadOptions::default()).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
    let opts = LoadOptions {
        max_depth: 100_000,
        ..LoadOptions::default()
    };
    let e = load(&text, &opts).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
}

#[test]
fn yaml_100k_nested_block_sequences_is_too_deep() {
    let text = format!("{}x\n", "- ".repeat(100_000));
    let e = load(&text, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
    assert_eq!((e.span.start.line, e.span.start.column), (1, 257));
}

#[test]
fn yaml_100k_nested_block_mappings_is_too_deep() {
    // `? ? ? x` nests block mappings on one line (indented nesting of 100k levels would
    // need gigabytes of indentation, far over the size limit).
    let text = format!("{}x\n", "? ".repeat(100_000));
    let e = load(&text, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
    // Indented mappings as deep as 1 MB of text allows.
    let text: String = (0..1400)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    let e = load(&text, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
    assert_eq!((e.span.start.line, e.span.start.column), (129, 129));
}

#[test]
fn yaml_depth_has_a_ceiling_whatever_the_options() {
    let opts = LoadOptions {
        max_depth: usize::MAX,
        ..LoadOptions::default()
    };
    let text = format!("{}x\n", "- ".repeat(100_000));
    let e = load(&text, &opts).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
    assert_eq!(e.span.start.column, 2001);
    assert!(e.message.contains("1000"), "{}", e.message);
}

#[test]
fn yaml_depth_limit_is_exact() {
    let opts = LoadOptions {
        max_depth: 3,
        ..LoadOptions::default()
    };
    assert!(load("[[[1]]]", &opts).is_ok());
    assert_eq!(load("[[[[1]]]]", &opts).unwrap_err().code, codes::TOO_DEEP);
    // Through an alias: the anchored node's height counts where it is used.
    let e = load("a: &a [[1]]\nb: [*a]\n", &opts).unwrap_err();
    assert_eq!(e.code, codes::TOO_DEEP);
    assert_eq!((e.span.start.line, e.span.start.column), (2, 5));
    assert!(load("a: &a [[1]]\nb: *a\n", &opts).is_ok());
}

#[test]
fn yaml_alias_bomb_fails_fast_with_position() {
    // Billion laughs: 9 levels of 9 aliases each, 9^9 (387M) strings if expanded.
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        let items = vec![format!("*a{p}"); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    let e = load(&text, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.code, codes::TOO_MANY_ALIAS_NODES);
    assert_eq!(e.span.start.line, 6);
    // The node budget catches it too when the alias budget is out of the way.
    let opts = LoadOptions {
        max_alias_nodes: usize::MAX,
        max_nodes: 10_000,
        ..LoadOptions::default()
    };
    let e = load(&text, &opts).unwrap_err();
    assert_eq!(e.code, codes::TOO_MANY_NODES);
}

#[test]
fn yaml_node_limit() {
    let opts = LoadOptions {
        max_nodes: 5,
        ..LoadOptions::default()
    };
    assert!(load("[1, 2, 3, 4]", &opts).is_ok());
    let e = load("[1, 2, 3, 4, 5]", &opts).unwrap_err();
    assert_eq!(e.code, codes::TOO_MANY_NODES);
    assert_eq!((e.span.start.line, e.span.start.column), (1, 14));
}

#[test]
fn yaml_size_limit() {
    let opts = LoadOptions {
        max_bytes: 10,
        ..LoadOptions::default()
    };
    let mut files = Files::new();
    let (id, r) = yaml::load_stream(&mut files, "big.yml", b"key: 0123456789\nmore: 1\n", &opts);
    let e = r.unwrap_err();
    assert_eq!(e.code, codes::TOO_LARGE);
    assert_eq!(e.span.file, id);
    assert_eq!((e.span.start.line, e.span.start.column), (1, 1));
    // Only the first line is kept for display.
    assert_eq!(files.get(id).unwrap().text(), "key: 0123456789");
}

#[test]
fn yaml_invalid_utf8_positions() {
    let mut files = Files::new();
    let (id, r) = yaml::load_stream(
        &mut files,
        "a.yml",
        b"a: 1\nb: \xc3\xa9\xff\n",
        &LoadOptions::default(),
    );
    let e = r.unwrap_err();
    assert_eq!(e.code, codes::INVALID_UTF8);
    assert_eq!(
        (e.span.start.line, e.span.start.column, e.span.start.offset),
        (2, 5, 10)
    );
    assert_eq!(files.get(id).unwrap().text(), "a: 1\nb: é\u{FFFD}\n");
    // A truncated multi-byte character at the very end.
    let (_, r) = yaml::load_stream(&mut files, "b.yml", b"x: \xe2\x82", &LoadOptions::default());
    let e = r.unwrap_err();
    assert_eq!((e.span.start.line, e.span.start.column), (1, 4));
}

#[test]
fn yaml_single_document_variant() {
    let mut files = Files::new();
    let (_, r) = yaml::load_document(
        &mut files,
        "m.yml",
        b"a: 1\n---\nb: 2\n",
        &LoadOptions::default(),
    );
    let e = r.unwrap_err();
    assert_eq!(e.code, codes::MULTIPLE_DOCUMENTS);
    assert_eq!(e.span.start.line, 2);
    let (_, r) = yaml::load_document(&mut files, "e.yml", b"", &LoadOptions::default());
    assert!(r.unwrap().root.is_null());
    let (_, r) = yaml::load_document(
        &mut files,
        "one.yml",
        b"---\na: 1\n...\n",
        &LoadOptions::default(),
    );
    assert_eq!(r.unwrap().root.get("a").unwrap().as_str(), Some("1"));
}

#[test]
fn yaml_deepest_tree_fits_a_small_stack() {
    // The default depth limit must leave recursive consumers (to_json, emit, value_eq,
    // serde, merge, drop) well inside wasm's 1 MiB stack: run them all on half of it,
    // in a debug build where frames are largest.
    let depth = LoadOptions::DEFAULT_MAX_DEPTH;
    let text = format!("{}<<: {{k: v}}\n", nested(depth - 2));
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            let docs = load(&text, &LoadOptions::config()).unwrap();
            let root = &docs[0].root;
            let json = root.to_json();
            let out = yaml::emit::emit(root);
            let again = yaml::load_one_str(&out).unwrap();
            assert!(root.value_eq(&again));
            let via_serde: serde_json::Value = yaml::de::from_node(root).unwrap();
            assert_eq!(via_serde, json);
            drop(docs);
        })
        .unwrap()
        .join()
        .unwrap();
}

/// `depth` nested block mappings, the innermost open for one more entry.
fn nested(depth: usize) -> String {
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(&" ".repeat(i));
        s.push_str("a:\n");
    }
    s.push_str(&" ".repeat(depth));
    s
}
