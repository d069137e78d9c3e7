#![no_main]
//! GitHub expressions on arbitrary input: lexing, parsing, evaluation against a small
//! context, static analysis, template splitting and the scalar position map must never
//! panic (nor overflow the stack) whatever the bytes.

use std::sync::OnceLock;

use devplat_core::expr::github::{
    self, Contexts, Evaluator, Function, JobStatus, NamedValues, ParseOptions, Value, analysis,
};
use devplat_core::expr::template::{self, ScalarMap, ScalarStyle};
use devplat_core::span::Pos;
use devplat_core::yaml::{self, Node, NodeKind};

/// Every scalar of a YAML tree.
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

fn contexts() -> &'static Contexts {
    static CONTEXTS: OnceLock<Contexts> = OnceLock::new();
    CONTEXTS.get_or_init(|| {
        let json = serde_json::json!({
            "github": {
                "event_name": "push",
                "event": {"labels": [{"name": "bug"}, {"name": "Deploy"}], "number": 7, "draft": false},
                "ref": "refs/heads/main"
            },
            "matrix": {"os": "ubuntu-latest", "node": [18, 20], "include": [{"x": null}]},
            "foo": [1, "two", {"three": 3.5}, [true, -0.0]]
        });
        let mut contexts = Contexts::new();
        if let Some(map) = json.as_object() {
            for (name, value) in map {
                if let Ok(v) = Value::from_json(value) {
                    contexts.insert(name.as_str(), v);
                }
            }
        }
        contexts
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = ParseOptions {
        contexts: NamedValues::Only(&["github", "matrix", "foo"]),
        functions: &Function::ALL,
    };
    if let Ok(expr) = github::parse(&text, &options) {
        let status = match data.first().map(|b| b % 3) {
            Some(0) => JobStatus::Success,
            Some(1) => JobStatus::Failure,
            _ => JobStatus::Cancelled,
        };
        if let Ok(value) = Evaluator::new(contexts()).with_status(status).evaluate(&expr) {
            let _ = value.to_json();
            let _ = value.to_display_string();
        }
        let _ = analysis::references(&expr);
        let _ = analysis::infer_type(&expr, &analysis::UnknownContexts);
        let _ = analysis::comparisons(&expr, &analysis::UnknownContexts);
    }
    let _ = github::number::parse(&text);
    if let Ok(Some(t)) = template::parse(&text) {
        let _ = github::evaluate_template(&text, &t, &options, &Evaluator::new(contexts()));
    }
    // Scalars of real YAML, through the loader's spans.
    if let Ok(docs) = yaml::load_str(&text) {
        for doc in &docs {
            let mut nodes = Vec::new();
            scalars(&doc.root, &mut nodes);
            for node in nodes {
                if let Some(map) = ScalarMap::from_node(node, &text) {
                    let len = map.decoded().len();
                    let _ = map.pos(len / 2);
                    let _ = map.pos(len);
                }
            }
        }
    }
    for style in [
        ScalarStyle::Plain,
        ScalarStyle::SingleQuoted,
        ScalarStyle::DoubleQuoted,
        ScalarStyle::Literal,
        ScalarStyle::Folded,
    ] {
        let map = ScalarMap::new(&text, Pos::START, style);
        let len = map.decoded().len();
        for offset in [0, len / 2, len, len.saturating_add(3)] {
            let _ = map.pos(offset);
        }
    }
});
