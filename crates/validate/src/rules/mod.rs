//! The rules: the [`Rule`] trait, what a rule knows about itself ([`RuleInfo`]), and the
//! one registry ([`all`]). One rule per file; each file holds its id, summary, default
//! severity, docs with a bad and a good example, and the check.
//!
//! A rule implements only the hooks it needs; the others do nothing. The engine calls
//! `workflow` once per workflow file, `job` once per job, `step` once per step (workflow
//! jobs and composite actions alike), `action` once per action metadata file and `raw`
//! once per file that could be read.

use devplat_core::diag::{Diagnostic, RuleMeta, Severity};
use devplat_core::source::SourceFile;
use devplat_core::span::Span;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::model::{Job, Step};

/// A documentation example: the files it needs, the first being the one shown.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub files: &'static [(&'static str, &'static str)],
}

/// Everything a rule says about itself.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Stable, kebab-case: the diagnostic code.
    pub code: &'static str,
    /// One line: the problem the rule finds.
    pub summary: &'static str,
    pub severity: Severity,
    /// Markdown: what the rule checks and why it matters.
    pub docs: &'static str,
    /// Produces this rule's finding.
    pub bad: Example,
    /// Does not.
    pub good: Example,
    /// Where the rule is documented (`help_uri!("code")`).
    pub help_uri: &'static str,
}

/// The documentation URL of a rule: `help_uri!("unknown-key")`.
#[macro_export]
macro_rules! help_uri {
    ($code:literal) => {
        concat!(
            "https://github.com/org/devplat/blob/main/docs/validate.md#",
            $code
        )
    };
}

impl RuleInfo {
    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            code: self.code,
            summary: self.summary,
            default_severity: self.severity,
            help_uri: self.help_uri,
        }
    }

    /// A diagnostic of this rule at its default severity.
    pub fn diag(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, message, span)
    }
}

/// Where a step lives.
#[derive(Debug, Clone, Copy)]
pub enum StepScope<'s, 'a> {
    Job(&'s WorkflowFile<'a>, &'s Job<'a>),
    Composite(&'s ActionFile<'a>),
}

impl StepScope<'_, '_> {
    pub fn is_composite(&self) -> bool {
        matches!(self, StepScope::Composite(_))
    }

    /// The steps around this one (the job's or the action's).
    pub fn steps(&self) -> &[Step<'_>] {
        match self {
            StepScope::Job(_, job) => &job.steps,
            StepScope::Composite(a) => &a.action.steps,
        }
    }
}

pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn workflow(&self, _cx: &mut Cx<'_>, _file: &WorkflowFile<'_>) {}
    fn job(&self, _cx: &mut Cx<'_>, _file: &WorkflowFile<'_>, _job: &Job<'_>) {}
    fn step(&self, _cx: &mut Cx<'_>, _scope: StepScope<'_, '_>, _step: &Step<'_>) {}
    fn action(&self, _cx: &mut Cx<'_>, _file: &ActionFile<'_>) {}
    fn raw(&self, _cx: &mut Cx<'_>, _file: &SourceFile) {}
}

macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every rule, in documentation order.
        pub fn all() -> &'static [&'static dyn Rule] {
            &[$(&$module::RULE),*]
        }

    };
}

rules! {
    // Files
    unreadable_file,
    yaml_syntax,
    unrecognized_file,
    unused_suppression,
    // Structure
    unknown_key,
    missing_key,
    wrong_type,
    invalid_value,
    duplicate_key,
    empty_mapping,
    merge_key,
    yaml_tag,
    expression_not_allowed,
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.info().code == code)
}

/// Every rule's metadata (for SARIF and docs).
pub fn metas() -> Vec<RuleMeta> {
    all().iter().map(|r| r.info().meta()).collect()
}
