//! Renderers: one module per output format, each a pure function from a [`Report`] to text.

use crate::diag::{Diagnostic, RuleMeta, ToolInfo};
use crate::source::Files;

/// Everything a renderer needs: the files (for snippets and line hashes), the findings,
/// the rules that can produce them (for SARIF), and who produced them.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    pub files: &'a Files,
    pub diagnostics: &'a [Diagnostic],
    pub rules: &'a [RuleMeta],
    pub tool: &'a ToolInfo,
}

pub mod azure;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod line_hash;
pub mod markdown;
pub mod sarif;
