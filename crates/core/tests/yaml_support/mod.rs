//! Helpers shared by the YAML tests: a readable dump of a tree with every position.
#![allow(dead_code)]

use std::fmt::Write;

use devplat_core::source::Files;
use devplat_core::span::{FileId, Span};
use devplat_core::yaml::{Document, LoadOptions, Node, NodeKind, ScalarValue, YamlError};

pub fn pos(s: Span) -> String {
    format!(
        "{}:{}-{}:{} [{}..{}]",
        s.start.line, s.start.column, s.end.line, s.end.column, s.start.offset, s.end.offset
    )
}

/// The stream as text: one line per node, indented by depth.
pub fn dump_stream(docs: &[Document], files: &Files, id: FileId) -> String {
    let mut out = String::new();
    let text = files.get(id).map_or("", |f| f.text());
    if docs.is_empty() {
        out.push_str("(no documents)\n");
    }
    for (i, d) in docs.iter().enumerate() {
        writeln!(out, "document {} {}", i + 1, pos(d.span)).unwrap();
        for a in &d.anchors {
            writeln!(out, "  anchor &{} {}", a.name, pos(a.span)).unwrap();
        }
        dump_node(&mut out, &d.root, 1, "", text);
    }
    out
}

pub fn dump_node(out: &mut String, n: &Node, depth: usize, role: &str, text: &str) {
    let indent = "  ".repeat(depth);
    let mut line = format!("{indent}{role}");
    match &n.kind {
        NodeKind::Scalar(s) => {
            let v = match s.resolve() {
                ScalarValue::Null => "null".to_owned(),
                ScalarValue::Bool(b) => format!("bool {b}"),
                ScalarValue::Int(i) => format!("int {i}"),
                ScalarValue::Float(f) => format!("float {f}"),
                ScalarValue::Str(t) => format!("str {t:?}"),
            };
            write!(line, "{v} ({:?}", s.style).unwrap();
            if s.resolve() != ScalarValue::Str(&s.text) && !s.text.is_empty() {
                write!(line, " {:?}", s.text).unwrap();
            }
            line.push(')');
        }
        NodeKind::Sequence(items) => write!(line, "sequence[{}]", items.len()).unwrap(),
        NodeKind::Mapping(m) => write!(line, "mapping{{{}}}", m.len()).unwrap(),
    }
    write!(line, " {}", pos(n.span)).unwrap();
    // The source text under the span, for scalars on one line: proves the byte range.
    if let NodeKind::Scalar(_) = n.kind
        && let Some(src) = text.get(n.span.byte_range())
        && !src.contains('\n')
        && !src.is_empty()
        && n.alias_of.is_none()
    {
        write!(line, " `{src}`").unwrap();
    }
    if let Some(t) = &n.tag {
        write!(line, " tag {t}").unwrap();
    }
    if let Some(a) = n.alias_of {
        write!(line, " alias-of {}", pos(a)).unwrap();
    }
    out.push_str(&line);
    out.push('\n');
    match &n.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => {
            for it in items {
                dump_node(out, it, depth + 1, "- ", text);
            }
        }
        NodeKind::Mapping(m) => {
            for e in m {
                dump_node(out, &e.key, depth + 1, "key ", text);
                dump_node(out, &e.value, depth + 2, "value ", text);
            }
            for d in m.duplicates() {
                writeln!(
                    out,
                    "{indent}  duplicate {:?}: first {} repeat {}",
                    d.key,
                    pos(d.first.key.span),
                    pos(d.repeat.key.span)
                )
                .unwrap();
            }
        }
    }
}

pub fn dump_error(e: &YamlError, files: &Files) -> String {
    let path = files.path(e.span.file);
    let mut out = format!("error[{}] {path}:{}: {}\n", e.code, pos(e.span), e.message);
    if let Some(rel) = &e.related {
        writeln!(out, "  related {}: {}", pos(rel.0), rel.1).unwrap();
    }
    let d = e.to_diagnostic();
    if let Some(h) = d.help {
        writeln!(out, "  help: {h}").unwrap();
    }
    out
}

/// Emit every document, load the output again, and check the values are the same.
pub fn assert_round_trip(docs: &[Document], opts: &LoadOptions, name: &str) {
    let out = devplat_core::yaml::emit::emit_documents(docs);
    let again = devplat_core::yaml::load_text(&out, FileId(1), opts)
        .unwrap_or_else(|e| panic!("{name}: emitted YAML does not load: {e}\n{out}"));
    assert_eq!(
        again.len(),
        docs.len(),
        "{name}: document count changed\n{out}"
    );
    for (a, b) in docs.iter().zip(&again) {
        assert!(
            a.root.value_eq(&b.root),
            "{name}: values changed by emit + load\n{out}"
        );
    }
}

/// The shared conformance data: `$DEVPLAT_CONFORMANCE` or `<workspace>/../shared/conformance`.
/// Panics when it is missing: a test that needs it must not pass silently.
pub fn conformance_dir() -> std::path::PathBuf {
    if let Ok(dir) = std::env::var("DEVPLAT_CONFORMANCE") {
        return std::path::PathBuf::from(dir);
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance");
    assert!(
        dir.is_dir(),
        "conformance data not found at {} (set DEVPLAT_CONFORMANCE)",
        dir.display()
    );
    dir
}
