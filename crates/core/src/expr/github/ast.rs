//! The syntax tree of a GitHub expression, with the byte range of every node.

use serde::Serialize;

use super::Function;

/// A byte range inside the expression text: `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// An expression node.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    /// Where the node is in the expression text (parentheses around it excluded).
    pub span: Span,
    /// Height of the tree below this node (1 for a leaf): bounded by the parser.
    pub(crate) height: u8,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Null,
    Boolean(bool),
    Number(f64),
    String(String),
    /// A context (named value), as written: `github`, `MATRIX`.
    Context(String),
    /// `target.name`.
    Property {
        target: Box<Expr>,
        name: String,
        name_span: Span,
    },
    /// `target[index]`.
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    /// `target.*` or `target[*]`.
    Wildcard {
        target: Box<Expr>,
    },
    /// `!operand`.
    Not(Box<Expr>),
    /// `left op right` for `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `a && b && …` or `a || b || …` (two or more operands).
    Logical {
        op: LogicalOp,
        operands: Vec<Expr>,
    },
    /// `name(args…)`; `name` is as written.
    Call {
        function: Function,
        name: String,
        args: Vec<Expr>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum BinaryOp {
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Equal => "==",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEqual => ">=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum LogicalOp {
    And,
    Or,
}

impl LogicalOp {
    pub fn symbol(self) -> &'static str {
        match self {
            LogicalOp::And => "&&",
            LogicalOp::Or => "||",
        }
    }
}

impl Expr {
    /// The direct children, left to right.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Null
            | ExprKind::Boolean(_)
            | ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Context(_) => Vec::new(),
            ExprKind::Property { target, .. } | ExprKind::Wildcard { target } => vec![target],
            ExprKind::Index { target, index } => vec![target, index],
            ExprKind::Not(operand) => vec![operand],
            ExprKind::Binary { left, right, .. } => vec![left, right],
            ExprKind::Logical { operands, .. } => operands.iter().collect(),
            ExprKind::Call { args, .. } => args.iter().collect(),
        }
    }

    /// A literal (`null`, a boolean, a number or a string).
    pub fn is_literal(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::Null | ExprKind::Boolean(_) | ExprKind::Number(_) | ExprKind::String(_)
        )
    }
}
