//! `template::ScalarMap` against the YAML loader: for every scalar with `${{ }}` in a
//! workflow written in every scalar style, the map decodes the same value as the loader
//! and puts each expression where it is in the file.

// Helpers of this test file fail the test on a broken fixture, like the tests themselves.
#![allow(clippy::expect_used, clippy::string_slice, clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::path::PathBuf;

use devplat_core::expr::template::{self, ScalarMap};
use devplat_core::yaml::{self, Node, NodeKind};

fn scalars<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match &node.kind {
        NodeKind::Scalar(_) => out.push(node),
        NodeKind::Sequence(items) => items.iter().for_each(|n| scalars(n, out)),
        NodeKind::Mapping(m) => {
            for entry in m.iter() {
                scalars(&entry.key, out);
                scalars(&entry.value, out);
            }
        }
    }
}

#[test]
fn expressions_map_to_their_place_in_the_file() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/template/workflow.yml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let root = yaml::load_one_str(&text).expect("valid YAML");
    let mut nodes = Vec::new();
    scalars(&root, &mut nodes);
    let mut report = String::new();
    for node in nodes {
        let value = node.as_scalar().expect("scalar").text.as_str();
        let Some(t) = template::parse(value).expect("well-formed templates") else {
            continue;
        };
        let map = ScalarMap::from_node(node, &text).expect("a scalar");
        assert_eq!(
            map.decoded(),
            value,
            "decoded value of the scalar at {:?}",
            node.span.start
        );
        for (outer, inner) in t.expressions() {
            let expr = value[inner.clone()].trim();
            let lead = value[inner.clone()].len() - value[inner.clone()].trim_start().len();
            let at = map.pos(inner.start + lead);
            let open = map.pos(outer.start);
            // The file has the expression's text where the map says it is (none of the
            // fixture's expressions contain escapes).
            let in_file = &text[at.offset as usize..];
            assert!(
                in_file.starts_with(expr),
                "{expr:?} at {at:?}: file has {:?}",
                &in_file[..in_file.len().min(30)]
            );
            assert!(
                text[open.offset as usize..].starts_with("${{"),
                "{expr:?}: `${{{{` at {open:?}"
            );
            let kind = if t.whole_expression().is_some() {
                "whole"
            } else {
                "interpolated"
            };
            writeln!(report, "{}:{} {kind} {expr}", at.line, at.column).expect("write");
        }
    }
    insta::assert_snapshot!(report);
}
