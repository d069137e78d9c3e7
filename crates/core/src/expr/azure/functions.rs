//! The function table: every Azure Pipelines expression function, its arity and where
//! it may be used. `docs/expressions-azure.md` lists the same table; a test keeps them
//! in step.

use serde::Serialize;

/// Where an expression is evaluated: decides which functions and named-values exist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A template expression, `${{ }}`, expanded when the pipeline is compiled.
    #[default]
    Compile,
    /// A runtime condition: `condition:` or `$[ ]` in a condition.
    Condition,
    /// A runtime variable definition: `$[ ]` as a variable's value.
    Variable,
}

impl Mode {
    /// Every mode, in documentation order.
    pub const ALL: [Mode; 3] = [Mode::Compile, Mode::Condition, Mode::Variable];

    /// The mode's name (`compile`, `condition`, `variable`).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Compile => "compile",
            Mode::Condition => "condition",
            Mode::Variable => "variable",
        }
    }

    /// Parse a mode name.
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The named-values that exist in this mode (the caller may add more, such as the
    /// loop variable of `${{ each }}`).
    pub fn named_values(self) -> &'static [&'static str] {
        match self {
            Mode::Compile => &["parameters", "variables"],
            Mode::Condition | Mode::Variable => {
                &["variables", "dependencies", "stageDependencies", "pipeline"]
            }
        }
    }

    /// Whether a function with this availability may be called in this mode.
    pub fn allows(self, availability: Availability) -> bool {
        match availability {
            Availability::Everywhere => true,
            Availability::Condition => self == Mode::Condition,
            Availability::Variable => self == Mode::Variable,
        }
    }
}

/// Where a function may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    /// Template and runtime expressions.
    Everywhere,
    /// Runtime conditions only (the job status functions).
    Condition,
    /// Runtime variable definitions only (`counter`).
    Variable,
}

/// The built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    And,
    Or,
    Not,
    Xor,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    In,
    NotIn,
    Contains,
    ContainsValue,
    StartsWith,
    EndsWith,
    Format,
    Join,
    Coalesce,
    ConvertToJson,
    Length,
    Lower,
    Upper,
    Replace,
    Split,
    Substring,
    Trim,
    Iif,
    Counter,
    Always,
    Canceled,
    Failed,
    Succeeded,
    SucceededOrFailed,
}

/// One function of the table.
#[derive(Clone, Copy, Debug)]
pub struct FunctionDef {
    /// The documented spelling (calls are case-insensitive).
    pub name: &'static str,
    pub builtin: Builtin,
    pub min_args: usize,
    /// `usize::MAX` for "N".
    pub max_args: usize,
    pub availability: Availability,
    /// One line: what it returns.
    pub summary: &'static str,
}

const N: usize = usize::MAX;

const fn def(
    name: &'static str,
    builtin: Builtin,
    min_args: usize,
    max_args: usize,
    availability: Availability,
    summary: &'static str,
) -> FunctionDef {
    FunctionDef {
        name,
        builtin,
        min_args,
        max_args,
        availability,
        summary,
    }
}

use Availability::{Condition, Everywhere, Variable};
use Builtin as B;

/// Every function, in documentation order.
pub static FUNCTIONS: &[FunctionDef] = &[
    def(
        "and",
        B::And,
        2,
        N,
        Everywhere,
        "true if every argument is true; stops at the first false",
    ),
    def(
        "coalesce",
        B::Coalesce,
        2,
        N,
        Everywhere,
        "the first argument that is not null or ''",
    ),
    def(
        "contains",
        B::Contains,
        2,
        2,
        Everywhere,
        "the first string contains the second (ignoring case)",
    ),
    def(
        "containsValue",
        B::ContainsValue,
        2,
        2,
        Everywhere,
        "an item of the array (or a value of the object) equals the second argument",
    ),
    def(
        "convertToJson",
        B::ConvertToJson,
        1,
        1,
        Everywhere,
        "the argument as indented JSON text",
    ),
    def(
        "counter",
        B::Counter,
        2,
        2,
        Variable,
        "a number that grows by one per run for each prefix, starting at the seed",
    ),
    def(
        "endsWith",
        B::EndsWith,
        2,
        2,
        Everywhere,
        "the first string ends with the second (ignoring case)",
    ),
    def(
        "eq",
        B::Eq,
        2,
        2,
        Everywhere,
        "equal, after converting the right to the left's kind",
    ),
    def(
        "format",
        B::Format,
        1,
        N,
        Everywhere,
        "the format string with {0}, {1}… replaced by the arguments",
    ),
    def("ge", B::Ge, 2, 2, Everywhere, "left ≥ right"),
    def("gt", B::Gt, 2, 2, Everywhere, "left > right"),
    def(
        "iif",
        B::Iif,
        3,
        3,
        Everywhere,
        "the second argument if the first is true, else the third",
    ),
    def(
        "in",
        B::In,
        1,
        N,
        Everywhere,
        "the first argument equals one of the others",
    ),
    def(
        "join",
        B::Join,
        2,
        2,
        Everywhere,
        "the array's items joined with the separator",
    ),
    def("le", B::Le, 2, 2, Everywhere, "left ≤ right"),
    def(
        "length",
        B::Length,
        1,
        1,
        Everywhere,
        "the length of a string, array or object",
    ),
    def(
        "lower",
        B::Lower,
        1,
        1,
        Everywhere,
        "the string in lower case",
    ),
    def("lt", B::Lt, 2, 2, Everywhere, "left < right"),
    def(
        "ne",
        B::Ne,
        2,
        2,
        Everywhere,
        "not equal, after converting the right to the left's kind",
    ),
    def(
        "not",
        B::Not,
        1,
        1,
        Everywhere,
        "the argument's truth, negated",
    ),
    def(
        "notIn",
        B::NotIn,
        1,
        N,
        Everywhere,
        "the first argument equals none of the others",
    ),
    def(
        "or",
        B::Or,
        2,
        N,
        Everywhere,
        "true if any argument is true; stops at the first true",
    ),
    def(
        "replace",
        B::Replace,
        3,
        3,
        Everywhere,
        "the first string with every occurrence of the second replaced by the third",
    ),
    def(
        "split",
        B::Split,
        2,
        2,
        Everywhere,
        "the string split at any of the delimiter characters, empty parts kept",
    ),
    def(
        "startsWith",
        B::StartsWith,
        2,
        2,
        Everywhere,
        "the first string starts with the second (ignoring case)",
    ),
    def(
        "substring",
        B::Substring,
        2,
        3,
        Everywhere,
        "part of a string: from a start index, for an optional length",
    ),
    def(
        "trim",
        B::Trim,
        1,
        1,
        Everywhere,
        "the string without leading and trailing whitespace",
    ),
    def(
        "upper",
        B::Upper,
        1,
        1,
        Everywhere,
        "the string in upper case",
    ),
    def(
        "xor",
        B::Xor,
        2,
        2,
        Everywhere,
        "true if exactly one argument is true",
    ),
    def(
        "always",
        B::Always,
        0,
        0,
        Condition,
        "true, even when the run was canceled",
    ),
    def(
        "canceled",
        B::Canceled,
        0,
        0,
        Condition,
        "true if the run was canceled",
    ),
    def(
        "failed",
        B::Failed,
        0,
        N,
        Condition,
        "true if the job (or a named/any dependency) failed",
    ),
    def(
        "succeeded",
        B::Succeeded,
        0,
        N,
        Condition,
        "true if the job (or every named/every dependency) succeeded and the run was not canceled",
    ),
    def(
        "succeededOrFailed",
        B::SucceededOrFailed,
        0,
        N,
        Condition,
        "true if the job (or the dependencies) succeeded or failed and the run was not canceled",
    ),
];

/// The function called `name` (case-insensitive), in any mode.
pub fn lookup(name: &str) -> Option<&'static FunctionDef> {
    FUNCTIONS.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_case_insensitive() {
        for f in FUNCTIONS {
            assert!(std::ptr::eq(lookup(&f.name.to_uppercase()).unwrap(), f));
        }
        assert!(lookup("nothing").is_none());
    }
}
