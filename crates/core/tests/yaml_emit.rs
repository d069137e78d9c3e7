//! The emitter's promise, load(emit(tree)) == tree: as a property over generated trees,
//! and over every YAML file of the shared conformance data.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod yaml_support;

use devplat_core::span::{FileId, Span};
use devplat_core::yaml::emit::{emit, emit_documents};
use devplat_core::yaml::{self, Entry, LoadOptions, Mapping, Node, NodeKind, Scalar, Tag};
use proptest::prelude::*;

/// Strings that stress quoting: indicators, type look-alikes, whitespace, breaks.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "on",
            "yes",
            "no",
            "true",
            "False",
            "null",
            "~",
            "010",
            "0o17",
            "0x1F",
            "1e3",
            ".inf",
            "-.Inf",
            ".nan",
            "1.",
            "+1",
            "- x",
            "-x",
            "--flag",
            "? x",
            ": x",
            "a: b",
            "a:",
            "x #y",
            "x#y",
            "#c",
            "*a",
            "&a",
            "!t",
            "%x",
            "@x",
            "`x",
            "{x",
            "[x",
            "]",
            "}",
            ",",
            "|",
            ">",
            "'",
            "\"",
            "<<",
            "---",
            "...",
            "--- x",
            " lead",
            "trail ",
            "\ttab",
            "a\nb",
            "a\n",
            "a\n\n",
            "\nlead",
            "  \nx",
            " x\ny",
            "x\r\ny",
            "\u{85}",
            "\u{2028}",
            "\u{FEFF}x",
            "é€😀",
            "\u{0}",
            "\u{7f}",
            "\u{9f}",
            "\u{fffe}",
            "a  b",
            "a\u{a0}#b",
            "${{ x }}",
            "x: ",
            "1:20",
            "2001-12-14",
            "9223372036854775808",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
        "([a-z ]{0,6}\n){1,4}[a-z ]{0,4}",
    ]
}

fn scalar() -> impl Strategy<Value = Node> {
    (tricky(), any::<bool>(), 0u8..8).prop_map(|(text, plain, t)| {
        let mut n = if plain {
            Node::new(NodeKind::Scalar(Scalar::plain(text)), Span::default())
        } else {
            Node::string(text, Span::default())
        };
        if t == 0 {
            n.tag = Some(Box::new(Tag {
                handle: "!".into(),
                suffix: "Ref".into(),
            }));
        }
        n
    })
}

fn tree() -> impl Strategy<Value = Node> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|v| Node::new(NodeKind::Sequence(v), Span::default())),
            prop::collection::vec(
                (prop_oneof![4 => scalar(), 1 => inner.clone()], inner),
                0..5
            )
            .prop_map(|es| {
                let entries = es
                    .into_iter()
                    .map(|(key, value)| Entry { key, value })
                    .collect();
                Node::new(NodeKind::Mapping(Mapping { entries }), Span::default())
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn yaml_emit_then_load_gives_the_same_tree(t in tree()) {
        let out = emit(&t);
        let back = yaml::load_text(&out, FileId(0), &LoadOptions::config())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{out}")))?;
        prop_assert_eq!(back.len(), 1, "{}", out);
        prop_assert!(t.value_eq(&back[0].root), "changed:\n{}\n{:?}", out, back[0].root.to_json());
    }
}

#[test]
fn yaml_emit_round_trips_the_conformance_yaml() {
    let dir = yaml_support::conformance_dir();
    let mut stack = vec![
        dir.join("github-workflow-reader"),
        dir.join("azure-pipelines"),
    ];
    let (mut loaded, mut failed) = (0, 0);
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if !p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let opts = LoadOptions::default();
            match yaml::load_text(&text, FileId(0), &opts) {
                Ok(docs) => {
                    loaded += 1;
                    yaml_support::assert_round_trip(&docs, &opts, &p.display().to_string());
                    // And emitting is stable: a second round writes the same text.
                    let once = emit_documents(&docs);
                    let twice = emit_documents(&yaml::load_text(&once, FileId(0), &opts).unwrap());
                    assert_eq!(once, twice, "{}", p.display());
                }
                Err(_) => failed += 1,
            }
        }
    }
    assert!(
        loaded > 250,
        "only {loaded} conformance YAML files loaded ({failed} failed)"
    );
}
