//! `job-id`: a job id GitHub rejects.

use devplat_core::diag::Severity;

use crate::engine::{Cx, WorkflowFile};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo, id_problem};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "job-id",
    summary: "a job id that is empty, has characters other than letters, digits, `-` and `_`, or starts with `__`",
    severity: Severity::Error,
    docs: "Job ids are referenced from `needs:` and the `needs` context, so GitHub \
restricts them: they start with a letter or `_`, contain only letters, digits, `-` and \
`_`, and may not start with `__` (reserved). Job ids are unique; a repeated id is a \
`duplicate-key`.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/job-id/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/job-id/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("job-id"),
};

pub struct JobId;
pub const RULE: JobId = JobId;

impl Rule for JobId {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>, job: &Job<'_>) {
        if let Some(problem) = id_problem(job.id) {
            cx.report(INFO.diag(job.key.site(), format!("invalid job id \"{}\": {problem}", job.id)));
            return;
        }
        // Exact repeats are `duplicate-key`; ids that differ only in case clash too.
        let earlier = file
            .wf
            .jobs
            .iter()
            .take_while(|j| !std::ptr::eq(j.key, job.key))
            .find(|j| j.id != job.id && j.id.eq_ignore_ascii_case(job.id));
        if let Some(first) = earlier {
            cx.report(
                INFO.diag(job.key.site(), format!("job id \"{}\" differs from \"{}\" only in case; job ids are case-insensitive", job.id, first.id))
                    .with_related(first.key.site(), "the other job"),
            );
        }
    }
}
