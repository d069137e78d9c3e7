//! The functions an expression may call, with their arities.
//!
//! The built-in functions are always available. The workflow functions (`success`,
//! `always`, `cancelled`, `failure`, `hashFiles`) exist only where GitHub allows them,
//! so the caller lists them in [`super::ParseOptions::functions`]. Names are
//! case-insensitive; calling an unknown function is a parse error, as in GitHub.

use serde::Serialize;

/// A function of the GitHub expression language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Function {
    Case,
    Contains,
    EndsWith,
    Format,
    FromJson,
    Join,
    StartsWith,
    ToJson,
    Always,
    Cancelled,
    Failure,
    Success,
    HashFiles,
}

/// Most arguments a variadic function takes (GitHub's limit).
pub const MAX_ARGUMENTS: usize = 255;

impl Function {
    /// Every function, built-in ones first.
    pub const ALL: [Function; 13] = [
        Function::Case,
        Function::Contains,
        Function::EndsWith,
        Function::Format,
        Function::FromJson,
        Function::Join,
        Function::StartsWith,
        Function::ToJson,
        Function::Always,
        Function::Cancelled,
        Function::Failure,
        Function::Success,
        Function::HashFiles,
    ];

    /// The functions every expression may call.
    pub const BUILT_IN: [Function; 8] = [
        Function::Case,
        Function::Contains,
        Function::EndsWith,
        Function::Format,
        Function::FromJson,
        Function::Join,
        Function::StartsWith,
        Function::ToJson,
    ];

    /// The job-status functions (`if:` conditions).
    pub const STATUS: [Function; 4] = [
        Function::Always,
        Function::Cancelled,
        Function::Failure,
        Function::Success,
    ];

    /// The canonical spelling, as GitHub documents it.
    pub fn name(self) -> &'static str {
        match self {
            Function::Case => "case",
            Function::Contains => "contains",
            Function::EndsWith => "endsWith",
            Function::Format => "format",
            Function::FromJson => "fromJSON",
            Function::Join => "join",
            Function::StartsWith => "startsWith",
            Function::ToJson => "toJSON",
            Function::Always => "always",
            Function::Cancelled => "cancelled",
            Function::Failure => "failure",
            Function::Success => "success",
            Function::HashFiles => "hashFiles",
        }
    }

    /// The function called `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// Fewest arguments.
    pub fn min_args(self) -> usize {
        match self {
            Function::Case => 3,
            Function::Contains | Function::EndsWith | Function::StartsWith => 2,
            Function::Format
            | Function::FromJson
            | Function::Join
            | Function::ToJson
            | Function::HashFiles => 1,
            Function::Always | Function::Cancelled | Function::Failure | Function::Success => 0,
        }
    }

    /// Most arguments.
    pub fn max_args(self) -> usize {
        match self {
            Function::Case | Function::Format | Function::HashFiles => MAX_ARGUMENTS,
            Function::Contains | Function::EndsWith | Function::StartsWith | Function::Join => 2,
            Function::FromJson | Function::ToJson => 1,
            Function::Always | Function::Cancelled | Function::Failure | Function::Success => 0,
        }
    }

    /// Always available (not a workflow function).
    pub fn is_built_in(self) -> bool {
        Function::BUILT_IN.contains(&self)
    }

    /// The arity problem of a call with `count` arguments, as GitHub words it.
    pub(crate) fn arity_error(self, count: usize) -> Option<&'static str> {
        if count < self.min_args() {
            Some("Too few parameters supplied")
        } else if count > self.max_args() {
            Some("Too many parameters supplied")
        } else if self == Function::Case && count.is_multiple_of(2) {
            Some("Even number of parameters supplied, requires an odd number of parameters")
        } else {
            None
        }
    }
}

impl std::fmt::Display for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_case_insensitively() {
        for f in Function::ALL {
            assert_eq!(Function::from_name(&f.name().to_uppercase()), Some(f));
        }
        assert_eq!(Function::from_name("nonExistentFunction"), None);
    }

    #[test]
    fn arity() {
        assert_eq!(
            Function::Join.arity_error(0),
            Some("Too few parameters supplied")
        );
        assert_eq!(
            Function::Join.arity_error(3),
            Some("Too many parameters supplied")
        );
        assert!(
            Function::Case
                .arity_error(4)
                .is_some_and(|m| m.starts_with("Even"))
        );
        assert_eq!(Function::Case.arity_error(5), None);
        assert_eq!(
            Function::Success.arity_error(1),
            Some("Too many parameters supplied")
        );
    }
}
