//! Load errors: one stable code per kind of failure, always with a position.

use crate::diag::Diagnostic;
use crate::span::Span;

/// Why a YAML stream could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Stable kebab-case code, one of [`ERROR_CODES`].
    pub code: &'static str,
    pub message: String,
    /// Where: the offending character, token or node.
    pub span: Span,
    /// A second place that explains the error (the anchor of a recursive alias, the
    /// first document of a stream that should hold one).
    pub related: Option<Box<(Span, String)>>,
}

impl YamlError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        YamlError {
            code,
            message: message.into(),
            span,
            related: None,
        }
    }

    #[must_use]
    pub(crate) fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related = Some(Box::new((span, label.into())));
        self
    }

    /// The error as a diagnostic (severity error), with its help text.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::error(self.code, self.message.clone(), self.span);
        if let Some(rel) = &self.related {
            d = d.with_related(rel.0, rel.1.clone());
        }
        if let Some(help) = help(self.code) {
            d = d.with_help(help);
        }
        d
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} [{}]",
            self.span.start.line, self.span.start.column, self.message, self.code
        )
    }
}

impl std::error::Error for YamlError {}

pub const SYNTAX: &str = "yaml-syntax";
pub const INVALID_UTF8: &str = "yaml-invalid-utf8";
pub const TOO_LARGE: &str = "yaml-too-large";
pub const TOO_DEEP: &str = "yaml-too-deep";
pub const TOO_MANY_NODES: &str = "yaml-too-many-nodes";
pub const TOO_MANY_ALIAS_NODES: &str = "yaml-alias-budget";
pub const UNKNOWN_ANCHOR: &str = "yaml-unknown-anchor";
pub const RECURSIVE_ALIAS: &str = "yaml-recursive-alias";
pub const MULTIPLE_DOCUMENTS: &str = "yaml-multiple-documents";
pub const INVALID_TAGGED_VALUE: &str = "yaml-invalid-tagged-value";
pub const INVALID_MERGE: &str = "yaml-invalid-merge";

/// Every code a load can fail with, and what it means. `docs/yaml.md` is checked against
/// this table by a test.
pub const ERROR_CODES: &[(&str, &str)] = &[
    (SYNTAX, "the text is not well-formed YAML"),
    (INVALID_UTF8, "the file is not valid UTF-8"),
    (TOO_LARGE, "the file is larger than the size limit"),
    (
        TOO_DEEP,
        "collections are nested deeper than the depth limit",
    ),
    (
        TOO_MANY_NODES,
        "the file holds more nodes than the node limit",
    ),
    (
        TOO_MANY_ALIAS_NODES,
        "expanding aliases creates more nodes than the alias budget",
    ),
    (
        UNKNOWN_ANCHOR,
        "an alias names an anchor that is not defined before it in the same document",
    ),
    (
        RECURSIVE_ALIAS,
        "an alias refers to a node that contains the alias",
    ),
    (
        MULTIPLE_DOCUMENTS,
        "a file that must hold one document holds several",
    ),
    (
        INVALID_TAGGED_VALUE,
        "a value does not match its explicit tag (`!!int abc`, `!!map` on a sequence)",
    ),
    (
        INVALID_MERGE,
        "a `<<` merge key's value is not a mapping or a sequence of mappings",
    ),
];

fn help(code: &str) -> Option<&'static str> {
    Some(match code {
        INVALID_UTF8 => "save the file as UTF-8",
        TOO_LARGE => "split the file; the limit protects every tool from runaway input",
        TOO_DEEP => "flatten the structure; real pipelines never nest this deep",
        TOO_MANY_ALIAS_NODES => {
            "aliases here expand to a huge tree (an \"alias bomb\"); reference smaller anchors"
        }
        UNKNOWN_ANCHOR => "define the anchor (`&name`) before the alias (`*name`) that uses it",
        MULTIPLE_DOCUMENTS => "remove the `---` separator or split the file",
        INVALID_MERGE => "write `<<: *anchor` or `<<: [*a, *b]` with anchors of mappings",
        _ => return None,
    })
}
