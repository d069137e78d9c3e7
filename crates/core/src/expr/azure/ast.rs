//! The syntax tree of an Azure expression, with byte ranges inside the expression text.
//!
//! A chain of `.name`, `[index]` and `.*` after a value is one [`Node::Access`] with a
//! flat path, so a long chain (`a.b.c.…`) never deepens the recursion.

use std::ops::Range;

use rust_decimal::Decimal;

use super::functions::FunctionDef;
use super::version::Version;

/// A parsed expression and the text it came from.
#[derive(Clone, Debug)]
pub struct Expr {
    pub(crate) root: Node,
    pub(crate) source: String,
}

impl Expr {
    /// The root of the tree.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The expression text.
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Boolean(bool),
    Number(Decimal),
    String(String),
    Version(Version),
}

/// One node of the tree.
#[derive(Clone, Debug)]
pub enum Node {
    Literal {
        value: Literal,
        span: Range<usize>,
    },
    /// A named-value: `parameters`, `variables`, a loop variable…
    NamedValue {
        name: String,
        span: Range<usize>,
    },
    /// A function call. `def` is `None` for a function no mode knows.
    Call {
        name: String,
        def: Option<&'static FunctionDef>,
        args: Vec<Node>,
        name_span: Range<usize>,
        span: Range<usize>,
    },
    /// `base.name`, `base[index]`, `base.*`, `base[*]`, chained.
    Access {
        base: Box<Node>,
        path: Vec<Accessor>,
        span: Range<usize>,
    },
}

impl Node {
    /// Where the node is in the expression text.
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Literal { span, .. }
            | Node::NamedValue { span, .. }
            | Node::Call { span, .. }
            | Node::Access { span, .. } => span.clone(),
        }
    }
}

/// One step of an [`Node::Access`] path.
#[derive(Clone, Debug)]
pub enum Accessor {
    /// `.name`
    Property { name: String, span: Range<usize> },
    /// `.*` or `[*]`
    Wildcard { span: Range<usize> },
    /// `[expression]`
    Index { index: Node, span: Range<usize> },
}

impl Accessor {
    pub fn span(&self) -> Range<usize> {
        match self {
            Accessor::Property { span, .. }
            | Accessor::Wildcard { span }
            | Accessor::Index { span, .. } => span.clone(),
        }
    }
}
