//! Where each expression context and special function may be used, and the typed
//! properties of the contexts whose shape is known.
//!
//! Source: GitHub Docs, "Contexts reference" §Context availability and the per-context
//! sections (`/work/shared/notes/platform-reference.md` §1 and §2.1). Rows marked
//! "devplat" are not in GitHub's table; they say what we assume and why.

/// Every context name GitHub defines.
pub const CONTEXTS: &[&str] = &[
    "github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix",
    "needs", "inputs",
];

/// The functions whose use is restricted by the table; any other function may be used
/// anywhere an expression is allowed.
pub const STATUS_FUNCTIONS: &[&str] = &["always", "cancelled", "success", "failure"];

/// One row: the contexts and restricted functions a workflow key allows.
#[derive(Debug, Clone, Copy)]
pub struct Availability {
    /// The key, as in GitHub's table (`jobs.<job_id>.steps.run` written `jobs.*.steps.run`).
    pub key: &'static str,
    pub contexts: &'static [&'static str],
    /// Restricted functions allowed here (`always`, `cancelled`, `success`, `failure`,
    /// `hashFiles`).
    pub functions: &'static [&'static str],
}

const fn row(
    key: &'static str,
    contexts: &'static [&'static str],
    functions: &'static [&'static str],
) -> Availability {
    Availability {
        key,
        contexts,
        functions,
    }
}

const STEP_CTX: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps",
    "inputs",
];
const JOB_CTX: &[&str] = &["github", "needs", "strategy", "matrix", "vars", "inputs"];
const HASH: &[&str] = &["hashFiles"];
const STATUS: &[&str] = &["always", "cancelled", "success", "failure"];

/// GitHub's context-availability table, every row, same order, then devplat's rows.
pub const TABLE: &[Availability] = &[
    row("run-name", &["github", "inputs", "vars"], &[]),
    row("concurrency", &["github", "inputs", "vars"], &[]),
    row("env", &["github", "secrets", "inputs", "vars"], &[]),
    row("jobs.*.concurrency", JOB_CTX, &[]),
    row("jobs.*.container", JOB_CTX, &[]),
    row(
        "jobs.*.container.credentials",
        &[
            "github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs",
        ],
        &[],
    ),
    row(
        "jobs.*.container.env.*",
        &[
            "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets",
            "inputs",
        ],
        &[],
    ),
    row("jobs.*.container.image", JOB_CTX, &[]),
    row("jobs.*.continue-on-error", JOB_CTX, &[]),
    row(
        "jobs.*.defaults.run",
        &["github", "needs", "strategy", "matrix", "env", "vars", "inputs"],
        &[],
    ),
    row(
        "jobs.*.env",
        &["github", "needs", "strategy", "matrix", "vars", "secrets", "inputs"],
        &[],
    ),
    row("jobs.*.environment", JOB_CTX, &[]),
    row(
        "jobs.*.environment.url",
        &[
            "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps",
            "inputs",
        ],
        &[],
    ),
    row("jobs.*.if", &["github", "needs", "vars", "inputs"], STATUS),
    row("jobs.*.name", JOB_CTX, &[]),
    row("jobs.*.outputs.*", STEP_CTX, &[]),
    row("jobs.*.runs-on", JOB_CTX, &[]),
    row(
        "jobs.*.secrets.*",
        &["github", "needs", "strategy", "matrix", "secrets", "inputs", "vars"],
        &[],
    ),
    row("jobs.*.services", JOB_CTX, &[]),
    row(
        "jobs.*.services.*.credentials",
        &[
            "github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs",
        ],
        &[],
    ),
    row(
        "jobs.*.services.*.env.*",
        &[
            "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets",
            "inputs",
        ],
        &[],
    ),
    row("jobs.*.steps.continue-on-error", STEP_CTX, HASH),
    row("jobs.*.steps.env", STEP_CTX, HASH),
    row(
        "jobs.*.steps.if",
        &[
            "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps",
            "inputs",
        ],
        &["always", "cancelled", "success", "failure", "hashFiles"],
    ),
    row("jobs.*.steps.name", STEP_CTX, HASH),
    row("jobs.*.steps.run", STEP_CTX, HASH),
    row("jobs.*.steps.timeout-minutes", STEP_CTX, HASH),
    row("jobs.*.steps.with", STEP_CTX, HASH),
    row("jobs.*.steps.working-directory", STEP_CTX, HASH),
    row("jobs.*.strategy", &["github", "needs", "vars", "inputs"], &[]),
    row("jobs.*.timeout-minutes", JOB_CTX, &[]),
    row("jobs.*.with.*", JOB_CTX, &[]),
    row(
        "on.workflow_call.inputs.*.default",
        &["github", "inputs", "vars"],
        &[],
    ),
    row(
        "on.workflow_call.outputs.*.value",
        &["github", "jobs", "vars", "inputs"],
        &[],
    ),
    // devplat: keys GitHub's table leaves out. `steps[*].shell` is evaluated with the
    // step's other keys, so it gets their contexts.
    row("jobs.*.steps.shell", STEP_CTX, HASH),
    // devplat: workflow-level `defaults.run` is evaluated before any job, like `env`.
    row("defaults.run", &["github", "inputs", "vars", "env"], &[]),
    // devplat: `snapshot` is job-level and evaluated with the job's other keys.
    row("jobs.*.snapshot", JOB_CTX, &[]),
    // devplat: composite action steps run inside a job that we cannot see: every
    // step context except `secrets` (actions cannot read secrets, only inputs).
    row(
        "runs.steps.*",
        &[
            "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps",
            "inputs",
        ],
        &["always", "cancelled", "success", "failure", "hashFiles"],
    ),
    // devplat: action `outputs.<id>.value` and input defaults of actions.
    row(
        "outputs.*.value",
        &[
            "github", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs",
        ],
        &[],
    ),
    row(
        "inputs.*.default",
        &["github", "strategy", "matrix", "job", "runner", "env", "vars", "inputs"],
        &[],
    ),
    // devplat: Docker and JavaScript action `runs` keys (`args`, `env`, `pre-if`, …).
    row(
        "runs.*",
        &["github", "strategy", "matrix", "job", "runner", "env", "vars", "inputs"],
        &["always", "cancelled", "success", "failure"],
    ),
];

/// The row for `key`, if the table has one.
pub fn availability(key: &str) -> Option<&'static Availability> {
    TABLE.iter().find(|r| r.key == key)
}

/// The type of a value in a typed context, as far as the linter knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    String,
    Number,
    Boolean,
    /// An object whose properties are not known (event payloads, `job.services.*.ports`).
    AnyObject,
    /// Unknown: no checks.
    Any,
}

/// `github.*` properties (all strings unless noted).
pub const GITHUB: &[(&str, Ty)] = &[
    ("action", Ty::String),
    ("action_path", Ty::String),
    ("action_ref", Ty::String),
    ("action_repository", Ty::String),
    ("action_status", Ty::String),
    ("actor", Ty::String),
    ("actor_id", Ty::String),
    ("api_url", Ty::String),
    ("artifacts", Ty::String),
    ("artifacts_list", Ty::String),
    ("base_ref", Ty::String),
    ("env", Ty::String),
    ("event", Ty::AnyObject),
    ("event_name", Ty::String),
    ("event_path", Ty::String),
    ("graphql_url", Ty::String),
    ("head_ref", Ty::String),
    ("job", Ty::String),
    ("output", Ty::String),
    ("path", Ty::String),
    ("ref", Ty::String),
    ("ref_name", Ty::String),
    ("ref_protected", Ty::Boolean),
    ("ref_type", Ty::String),
    ("repository", Ty::String),
    ("repository_id", Ty::String),
    ("repository_owner", Ty::String),
    ("repository_owner_id", Ty::String),
    ("repositoryurl", Ty::String),
    ("retention_days", Ty::String),
    ("run_attempt", Ty::String),
    ("run_id", Ty::String),
    ("run_number", Ty::String),
    ("secret_source", Ty::String),
    ("server_url", Ty::String),
    ("sha", Ty::String),
    ("state", Ty::String),
    ("step_summary", Ty::String),
    ("token", Ty::String),
    ("triggering_actor", Ty::String),
    ("workflow", Ty::String),
    ("workflow_ref", Ty::String),
    ("workflow_sha", Ty::String),
    ("workspace", Ty::String),
];

/// `runner.*` properties (`workspace` exists but is undocumented).
pub const RUNNER: &[(&str, Ty)] = &[
    ("arch", Ty::String),
    ("debug", Ty::String),
    ("environment", Ty::String),
    ("name", Ty::String),
    ("os", Ty::String),
    ("temp", Ty::String),
    ("tool_cache", Ty::String),
    ("workspace", Ty::String),
];

/// `job.*` properties.
pub const JOB: &[(&str, Ty)] = &[
    ("check_run_id", Ty::Number),
    ("container", Ty::AnyObject),
    ("services", Ty::AnyObject),
    ("status", Ty::String),
    ("workflow_file_path", Ty::String),
    ("workflow_ref", Ty::String),
    ("workflow_repository", Ty::String),
    ("workflow_sha", Ty::String),
];

/// `strategy.*` properties.
pub const STRATEGY: &[(&str, Ty)] = &[
    ("fail-fast", Ty::Boolean),
    ("job-index", Ty::Number),
    ("job-total", Ty::Number),
    ("max-parallel", Ty::Number),
];

/// `steps.<id>.*` properties.
pub const STEP: &[(&str, Ty)] = &[
    ("conclusion", Ty::String),
    ("outcome", Ty::String),
    ("outputs", Ty::AnyObject),
];

/// `needs.<id>.*` and `jobs.<id>.*` properties.
pub const NEEDS: &[(&str, Ty)] = &[("outputs", Ty::AnyObject), ("result", Ty::String)];

/// The property table of a context with a fixed shape (compared case-insensitively).
pub fn fixed_properties(context: &str) -> Option<&'static [(&'static str, Ty)]> {
    match context {
        "github" => Some(GITHUB),
        "runner" => Some(RUNNER),
        "job" => Some(JOB),
        "strategy" => Some(STRATEGY),
        _ => None,
    }
}

/// Fields of `github.event` that a person outside the repository controls: text of
/// issues, pull requests, comments, reviews, commits and branch names. Each entry is a
/// path under `github.event`, `*` matching any one segment.
pub const UNTRUSTED_EVENT_FIELDS: &[&str] = &[
    "issue.title",
    "issue.body",
    "pull_request.title",
    "pull_request.body",
    "pull_request.head.ref",
    "pull_request.head.label",
    "pull_request.head.repo.default_branch",
    "pull_request.head.repo.description",
    "pull_request.head.repo.homepage",
    "comment.body",
    "review.body",
    "review_comment.body",
    "discussion.title",
    "discussion.body",
    "pages.*.page_name",
    "commits.*.message",
    "commits.*.author.email",
    "commits.*.author.name",
    "head_commit.message",
    "head_commit.author.email",
    "head_commit.author.name",
    "head_commit.committer.email",
    "head_commit.committer.name",
    "workflow_run.head_branch",
    "workflow_run.head_commit.message",
    "workflow_run.head_commit.author.email",
    "workflow_run.head_commit.author.name",
    "workflow_run.display_title",
    "workflow_run.pull_requests.*.head.ref",
];

/// `github.*` fields (outside `event`) that an outsider controls.
pub const UNTRUSTED_GITHUB_FIELDS: &[&str] = &["head_ref"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_known_contexts() {
        for r in TABLE {
            for c in r.contexts {
                assert!(CONTEXTS.contains(c), "{} names {c}", r.key);
            }
        }
        assert!(availability("jobs.*.steps.if").is_some());
        assert!(
            !availability("jobs.*.steps.if")
                .unwrap()
                .contexts
                .contains(&"secrets")
        );
    }
}
