//! `matrix`: a `strategy.matrix` that GitHub rejects or that cannot run.

use devplat_core::diag::Severity;
use devplat_core::suggest;

use crate::engine::{Cx, WorkflowFile};
use crate::model::Job;
use crate::rules::{Example, Rule, RuleInfo};
use crate::syntax::{NodeExt, has_expression};

pub const INFO: RuleInfo = RuleInfo {
    code: "matrix",
    summary: "a matrix with an empty vector, an `exclude` key that is not in the matrix, or more than 256 combinations",
    severity: Severity::Error,
    docs: "An empty vector (`os: []`) makes GitHub reject the workflow. Every key of an \
`exclude` entry must be a key of the matrix (a typo there silently excludes nothing, \
so GitHub rejects it). A matrix may produce at most 256 jobs. `include` may add keys. \
Vectors or entries given as `${{ }}` are not checked.",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/matrix/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/matrix/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("matrix"),
};

pub struct Matrix;
pub const RULE: Matrix = Matrix;

/// The most jobs one matrix may produce.
const MAX_JOBS: usize = 256;

impl Rule for Matrix {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn job(&self, cx: &mut Cx<'_>, _file: &WorkflowFile<'_>, job: &Job<'_>) {
        let Some(matrix) = job.matrix else {
            return;
        };
        if matrix.as_map().is_none() {
            return;
        }
        let mut keys: Vec<&str> = Vec::new();
        let mut product: usize = 1;
        let mut dynamic = false;
        for (key, _, value) in matrix.entries() {
            if key == "include" || key == "exclude" {
                continue;
            }
            keys.push(key);
            match value.as_seq() {
                Some([]) => cx.report(INFO.diag(
                    value.site(),
                    format!("matrix vector \"{key}\" is empty; GitHub rejects a matrix with an empty vector"),
                )),
                Some(items) => product = product.saturating_mul(items.len()),
                None => dynamic = true,
            }
        }
        if let Some(exclude) = matrix.get("exclude").and_then(NodeExt::as_seq) {
            for entry in exclude {
                for (key, knode, _) in entry.entries() {
                    if has_expression(key) || keys.contains(&key) {
                        continue;
                    }
                    if dynamic && keys.is_empty() {
                        continue;
                    }
                    cx.report(INFO.diag(
                        knode.site(),
                        format!(
                            "exclude key \"{key}\" is not a key of the matrix{}",
                            suggest::did_you_mean(key, keys.iter().copied())
                        ),
                    ).with_help(format!("matrix keys: {}", keys.join(", "))));
                }
            }
        }
        let includes = matrix.get("include").and_then(NodeExt::as_seq).map_or(0, <[_]>::len);
        let total = if keys.is_empty() { includes } else { product.saturating_add(includes) };
        if !dynamic && total > MAX_JOBS {
            cx.report(INFO.diag(
                matrix.site(),
                format!("this matrix produces up to {total} jobs; GitHub allows at most {MAX_JOBS} per matrix"),
            ));
        }
    }
}
