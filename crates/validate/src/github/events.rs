//! The events a workflow can be triggered by (`on:`), their activity `types:` and the
//! filters each one accepts.
//!
//! Source: GitHub Docs, "Events that trigger workflows" and "Workflow syntax"
//! (`/work/shared/notes/platform-reference.md` §2.2).

/// The filters an event configuration may carry besides `types`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Branches,
    BranchesIgnore,
    Tags,
    TagsIgnore,
    Paths,
    PathsIgnore,
    /// `workflow_run.workflows`
    Workflows,
    /// `image_version.names`
    Names,
    /// `image_version.versions`
    Versions,
}

impl Filter {
    pub fn key(self) -> &'static str {
        match self {
            Filter::Branches => "branches",
            Filter::BranchesIgnore => "branches-ignore",
            Filter::Tags => "tags",
            Filter::TagsIgnore => "tags-ignore",
            Filter::Paths => "paths",
            Filter::PathsIgnore => "paths-ignore",
            Filter::Workflows => "workflows",
            Filter::Names => "names",
            Filter::Versions => "versions",
        }
    }
}

/// One event that may appear under `on:`.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub name: &'static str,
    /// Valid `types:` values. Empty: the event takes no `types:`.
    pub types: &'static [&'static str],
    /// Whether any `types:` value is accepted (`repository_dispatch` takes custom ones).
    pub custom_types: bool,
    /// Filters other than `types`.
    pub filters: &'static [Filter],
    /// Events configured through their own keys (`schedule`, `workflow_dispatch`,
    /// `workflow_call`) are checked elsewhere; this flag says so.
    pub special: bool,
}

const PR_TYPES: &[&str] = &[
    "assigned",
    "unassigned",
    "labeled",
    "unlabeled",
    "opened",
    "edited",
    "closed",
    "reopened",
    "synchronize",
    "converted_to_draft",
    "locked",
    "unlocked",
    "enqueued",
    "dequeued",
    "milestoned",
    "demilestoned",
    "ready_for_review",
    "review_requested",
    "review_request_removed",
    "auto_merge_enabled",
    "auto_merge_disabled",
];

const PR_FILTERS: &[Filter] = &[
    Filter::Branches,
    Filter::BranchesIgnore,
    Filter::Paths,
    Filter::PathsIgnore,
];

const fn ev(name: &'static str, types: &'static [&'static str]) -> Event {
    Event {
        name,
        types,
        custom_types: false,
        filters: &[],
        special: false,
    }
}

/// Every event GitHub documents, in alphabetical order.
pub const EVENTS: &[Event] = &[
    ev("branch_protection_rule", &["created", "edited", "deleted"]),
    ev(
        "check_run",
        &["created", "rerequested", "completed", "requested_action"],
    ),
    ev("check_suite", &["completed"]),
    ev("create", &[]),
    ev("delete", &[]),
    ev("deployment", &[]),
    ev("deployment_status", &[]),
    ev(
        "discussion",
        &[
            "created",
            "edited",
            "deleted",
            "transferred",
            "pinned",
            "unpinned",
            "labeled",
            "unlabeled",
            "locked",
            "unlocked",
            "category_changed",
            "answered",
            "unanswered",
        ],
    ),
    ev("discussion_comment", &["created", "edited", "deleted"]),
    ev("fork", &[]),
    ev("gollum", &[]),
    Event {
        name: "image_version",
        types: &[],
        custom_types: false,
        filters: &[Filter::Names, Filter::Versions],
        special: false,
    },
    ev("issue_comment", &["created", "edited", "deleted"]),
    ev(
        "issues",
        &[
            "opened",
            "edited",
            "deleted",
            "transferred",
            "pinned",
            "unpinned",
            "closed",
            "reopened",
            "assigned",
            "unassigned",
            "labeled",
            "unlabeled",
            "locked",
            "unlocked",
            "milestoned",
            "demilestoned",
            "field_added",
            "field_removed",
            "typed",
            "untyped",
        ],
    ),
    ev("label", &["created", "edited", "deleted"]),
    ev("merge_group", &["checks_requested"]),
    ev(
        "milestone",
        &["created", "closed", "opened", "edited", "deleted"],
    ),
    ev("page_build", &[]),
    ev(
        "project",
        &["created", "closed", "reopened", "edited", "deleted"],
    ),
    ev(
        "project_card",
        &["created", "moved", "converted", "edited", "deleted"],
    ),
    ev("project_column", &["created", "updated", "moved", "deleted"]),
    ev("public", &[]),
    Event {
        name: "pull_request",
        types: PR_TYPES,
        custom_types: false,
        filters: PR_FILTERS,
        special: false,
    },
    ev("pull_request_review", &["submitted", "edited", "dismissed"]),
    ev(
        "pull_request_review_comment",
        &["created", "edited", "deleted"],
    ),
    Event {
        name: "pull_request_target",
        types: PR_TYPES,
        custom_types: false,
        filters: PR_FILTERS,
        special: false,
    },
    Event {
        name: "push",
        types: &[],
        custom_types: false,
        filters: &[
            Filter::Branches,
            Filter::BranchesIgnore,
            Filter::Tags,
            Filter::TagsIgnore,
            Filter::Paths,
            Filter::PathsIgnore,
        ],
        special: false,
    },
    ev("registry_package", &["published", "updated"]),
    ev(
        "release",
        &[
            "published",
            "unpublished",
            "created",
            "edited",
            "deleted",
            "prereleased",
            "released",
        ],
    ),
    Event {
        name: "repository_dispatch",
        types: &[],
        custom_types: true,
        filters: &[],
        special: false,
    },
    Event {
        name: "schedule",
        types: &[],
        custom_types: false,
        filters: &[],
        special: true,
    },
    ev("status", &[]),
    ev("watch", &["started"]),
    Event {
        name: "workflow_call",
        types: &[],
        custom_types: false,
        filters: &[],
        special: true,
    },
    Event {
        name: "workflow_dispatch",
        types: &[],
        custom_types: false,
        filters: &[],
        special: true,
    },
    Event {
        name: "workflow_run",
        types: &["completed", "requested", "in_progress"],
        custom_types: false,
        filters: &[Filter::Branches, Filter::BranchesIgnore, Filter::Workflows],
        special: false,
    },
];

/// The event called `name` (exact, case-sensitive: GitHub is).
pub fn event(name: &str) -> Option<&'static Event> {
    EVENTS.iter().find(|e| e.name == name)
}

/// Every event name, for "did you mean".
pub fn names() -> impl Iterator<Item = &'static str> {
    EVENTS.iter().map(|e| e.name)
}

/// Events whose payload carries text that anyone who can open an issue, a pull request
/// or a comment controls: what the script-injection rule treats as untrusted triggers.
pub const EXTERNALLY_TRIGGERED: &[&str] = &[
    "pull_request",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "issues",
    "issue_comment",
    "discussion",
    "discussion_comment",
    "workflow_run",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        let names: Vec<_> = names().collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn lookups() {
        assert!(event("push").is_some());
        assert!(event("Push").is_none());
        assert!(event("pull_request_comment").is_none());
        assert_eq!(event("check_suite").map(|e| e.types), Some(&["completed"][..]));
    }
}
