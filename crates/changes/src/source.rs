//! Where the changed files come from: the base per event, the shallow-clone deepening,
//! and the PR-files API with its 3,000-file cap. Decisions only: git and the GitHub API
//! are behind the [`Git`] and [`PullRequestFiles`] traits, which the CLI implements with
//! processes and octocrab and the tests with fakes.

use serde_json::Value;

use crate::files::{ChangedFile, FileStatus};

/// The all-zero SHA GitHub sends as `before` when a push creates a branch.
pub const ZERO_SHA: &str = "0000000000000000000000000000000000000000";

/// The GitHub "list pull request files" API returns at most this many files.
pub const GITHUB_PR_FILES_CAP: usize = 3000;

/// How two commits are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffMode {
    /// `git diff base head`: the trees as they are (what differs from `base`).
    Direct,
    /// `git diff $(git merge-base base head) head`: what `head` changed since it forked.
    MergeBase,
}

/// What to diff, decided from the event and the flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Range {
        base: String,
        head: String,
        mode: DiffMode,
        /// When `base` may be missing from the repository (force push): compare with the
        /// merge-base of this ref instead.
        fallback_base: Option<String>,
    },
    /// A pull request: its files from the API when a token is given, else the range.
    PullRequest {
        number: u64,
        base: String,
        head: String,
    },
    /// The push created the default branch: every tracked file counts as added.
    AllFiles { head: String },
}

/// Why no base could be chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectError {
    pub code: &'static str,
    pub message: String,
}

/// Flags that override or complete the event.
#[derive(Clone, Debug, Default)]
pub struct SelectOptions {
    pub base: Option<String>,
    pub head: Option<String>,
    /// The commit of the last successful run of this workflow, when the host looked it up
    /// (workflow_dispatch, workflow_run, schedule with a token).
    pub last_success: Option<String>,
    /// The default branch when the payload does not say (`main` otherwise).
    pub default_branch: Option<String>,
    /// Remote name for branch refs (`origin`).
    pub remote: Option<String>,
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str().filter(|s| !s.is_empty())
}

/// Whether the payload of a GitHub event names the commit to compare with (`push`, the
/// pull request events, `merge_group`); for any other event, [`select`] needs
/// [`SelectOptions::last_success`] or an explicit base. Hosts use it to decide whether
/// to look up the last successful run at all.
pub fn event_names_base(event_name: &str) -> bool {
    matches!(
        event_name,
        "push"
            | "pull_request"
            | "pull_request_target"
            | "pull_request_review"
            | "pull_request_review_comment"
            | "merge_group"
    )
}

/// Choose what to diff for a GitHub event (`event_name`, its payload).
pub fn select(
    event_name: &str,
    payload: &Value,
    opts: &SelectOptions,
) -> Result<Selection, SelectError> {
    let remote = opts.remote.as_deref().unwrap_or("origin");
    let default_branch = str_at(payload, &["repository", "default_branch"])
        .or(opts.default_branch.as_deref())
        .unwrap_or("main");
    let default_ref = format!("{remote}/{default_branch}");
    let explicit_head = opts.head.clone();
    if let Some(base) = &opts.base {
        let head = explicit_head
            .or_else(|| str_at(payload, &["after"]).map(str::to_owned))
            .or_else(|| str_at(payload, &["pull_request", "head", "sha"]).map(str::to_owned))
            .unwrap_or_else(|| "HEAD".to_owned());
        return Ok(Selection::Range {
            base: base.clone(),
            head,
            mode: DiffMode::MergeBase,
            fallback_base: None,
        });
    }
    match event_name {
        "push" => {
            let head = explicit_head
                .or_else(|| str_at(payload, &["after"]).map(str::to_owned))
                .unwrap_or_else(|| "HEAD".to_owned());
            let branch = str_at(payload, &["ref"])
                .and_then(|r| r.strip_prefix("refs/heads/"))
                .unwrap_or("");
            match str_at(payload, &["before"]) {
                Some(before) if before != ZERO_SHA => Ok(Selection::Range {
                    base: before.to_owned(),
                    head,
                    mode: DiffMode::Direct,
                    // After a force push the old tip may be gone from the clone.
                    fallback_base: Some(default_ref),
                }),
                Some(_) if branch == default_branch => Ok(Selection::AllFiles { head }),
                Some(_) => Ok(Selection::Range {
                    base: default_ref,
                    head,
                    mode: DiffMode::MergeBase,
                    fallback_base: None,
                }),
                None => Err(SelectError {
                    code: "event-invalid",
                    message: "the push event has no `before` commit; pass --base".to_owned(),
                }),
            }
        }
        "pull_request"
        | "pull_request_target"
        | "pull_request_review"
        | "pull_request_review_comment" => {
            let base = str_at(payload, &["pull_request", "base", "sha"]);
            let head = explicit_head
                .as_deref()
                .or(str_at(payload, &["pull_request", "head", "sha"]));
            let number = payload
                .get("pull_request")
                .and_then(|p| p.get("number"))
                .or_else(|| payload.get("number"))
                .and_then(Value::as_u64);
            match (base, head, number) {
                (Some(base), Some(head), Some(number)) => Ok(Selection::PullRequest {
                    number,
                    base: base.to_owned(),
                    head: head.to_owned(),
                }),
                _ => Err(SelectError {
                    code: "event-invalid",
                    message: format!(
                        "the {event_name} event lacks pull_request.number, base.sha or head.sha"
                    ),
                }),
            }
        }
        "merge_group" => {
            let base = str_at(payload, &["merge_group", "base_sha"]);
            let head = explicit_head
                .as_deref()
                .or(str_at(payload, &["merge_group", "head_sha"]));
            match (base, head) {
                (Some(base), Some(head)) => Ok(Selection::Range {
                    base: base.to_owned(),
                    head: head.to_owned(),
                    mode: DiffMode::Direct,
                    fallback_base: None,
                }),
                _ => Err(SelectError {
                    code: "event-invalid",
                    message: "the merge_group event lacks merge_group.base_sha or head_sha"
                        .to_owned(),
                }),
            }
        }
        other => {
            let head = explicit_head
                .or_else(|| str_at(payload, &["workflow_run", "head_sha"]).map(str::to_owned))
                .unwrap_or_else(|| "HEAD".to_owned());
            match &opts.last_success {
                Some(sha) => Ok(Selection::Range {
                    base: sha.clone(),
                    head,
                    mode: DiffMode::Direct,
                    fallback_base: None,
                }),
                None => Err(SelectError {
                    code: "base-required",
                    message: format!(
                        "a {other} event has no commit to compare with: pass --base REF, or a token so that the last successful run of this workflow is used"
                    ),
                }),
            }
        }
    }
}

/// A git failure, in git's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitError(pub String);

/// How far to fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetch {
    /// `--depth=N` of the given refs.
    Depth(u32),
    /// `--deepen=N`.
    Deepen(u32),
    /// `--unshallow` (or a plain fetch when the clone is complete).
    Unshallow,
}

/// The git operations the decisions need.
pub trait Git {
    /// The commit `rev` names, if it exists locally.
    fn resolve(&mut self, rev: &str) -> Result<Option<String>, GitError>;
    /// The merge-base of two commits, if one is reachable locally.
    fn merge_base(&mut self, a: &str, b: &str) -> Result<Option<String>, GitError>;
    /// `git diff --name-status -z -M base head`.
    fn diff(&mut self, base: &str, head: &str) -> Result<Vec<ChangedFile>, GitError>;
    /// Every tracked file at `head`.
    fn ls_tree(&mut self, head: &str) -> Result<Vec<String>, GitError>;
    fn is_shallow(&mut self) -> Result<bool, GitError>;
    /// Fetch `refs` from the remote (or deepen the whole clone).
    fn fetch(&mut self, refs: &[&str], how: Fetch) -> Result<(), GitError>;
    /// Number of commits reachable from `refs` (to see whether deepening still helps).
    fn count(&mut self, refs: &[&str]) -> Result<u64, GitError>;
}

/// Options of the shallow-clone search.
#[derive(Clone, Copy, Debug)]
pub struct DeepenOptions {
    /// First `--depth` (paths-filter's default is 100).
    pub initial_depth: u32,
    /// Most `--deepen` rounds before a full `--unshallow`.
    pub max_rounds: u32,
}

impl Default for DeepenOptions {
    fn default() -> Self {
        DeepenOptions {
            initial_depth: 100,
            max_rounds: 10,
        }
    }
}

/// Make `rev` available locally, fetching it if needed. Returns whether it exists.
fn ensure_commit(git: &mut dyn Git, rev: &str, log: &mut Vec<String>) -> Result<bool, GitError> {
    if git.resolve(rev)?.is_some() {
        return Ok(true);
    }
    let fetch_ref = rev.strip_prefix("origin/").unwrap_or(rev);
    if git.fetch(&[fetch_ref], Fetch::Depth(1)).is_err() {
        log.push(format!("could not fetch `{rev}`"));
    }
    Ok(git.resolve(rev)?.is_some())
}

/// The merge-base of `base` and `head`, deepening a shallow clone step by step until it
/// exists (depth, then doubling `--deepen` while the history still grows, then
/// `--unshallow`). `None` when the histories share nothing.
pub fn find_merge_base(
    git: &mut dyn Git,
    base: &str,
    head: &str,
    opts: DeepenOptions,
    log: &mut Vec<String>,
) -> Result<Option<String>, GitError> {
    if let Some(mb) = git.merge_base(base, head)? {
        return Ok(Some(mb));
    }
    if !git.is_shallow()? {
        return Ok(None);
    }
    // Fetch by commit: local names (`HEAD`, `origin/main`) are not remote branch names.
    let fetch_base = git.resolve(base)?.unwrap_or_else(|| base.to_owned());
    let fetch_head = git.resolve(head)?.unwrap_or_else(|| head.to_owned());
    git.fetch(
        &[&fetch_base, &fetch_head],
        Fetch::Depth(opts.initial_depth),
    )?;
    log.push(format!(
        "fetched base and head with --depth={}",
        opts.initial_depth
    ));
    let mut depth = opts.initial_depth;
    let mut last = git.count(&[base, head])?;
    for _ in 0..opts.max_rounds {
        if let Some(mb) = git.merge_base(base, head)? {
            return Ok(Some(mb));
        }
        depth = depth.saturating_mul(2);
        git.fetch(&[], Fetch::Deepen(depth))?;
        log.push(format!("deepened the clone by {depth} commits"));
        let now = git.count(&[base, head])?;
        if now == last {
            break;
        }
        last = now;
    }
    if let Some(mb) = git.merge_base(base, head)? {
        return Ok(Some(mb));
    }
    git.fetch(&[], Fetch::Unshallow)?;
    log.push("fetched the full history (--unshallow)".to_owned());
    git.merge_base(base, head)
}

/// Files of the selected range from git, with notes on what was done.
pub fn files_from_git(
    git: &mut dyn Git,
    selection: &Selection,
    opts: DeepenOptions,
) -> Result<GitFiles, GitError> {
    let mut notes = Vec::new();
    match selection {
        Selection::AllFiles { head } => {
            ensure_commit(git, head, &mut notes)?;
            let files = git
                .ls_tree(head)?
                .into_iter()
                .map(|p| ChangedFile::new(p, FileStatus::Added))
                .collect();
            notes.push(
                "the push created the default branch: every tracked file counts as added"
                    .to_owned(),
            );
            Ok(GitFiles {
                base: None,
                head: head.clone(),
                files,
                notes,
            })
        }
        Selection::Range {
            base,
            head,
            mode,
            fallback_base,
        } => {
            if !ensure_commit(git, head, &mut notes)? {
                return Err(GitError(format!(
                    "the head commit `{head}` is not in the repository and could not be fetched"
                )));
            }
            let mut base = base.clone();
            let mut mode = *mode;
            if !ensure_commit(git, &base, &mut notes)? {
                match fallback_base {
                    Some(fb) => {
                        notes.push(format!(
                            "the base `{base}` is not in the repository (force push?); comparing with the merge-base of `{fb}` instead"
                        ));
                        ensure_commit(git, fb, &mut notes)?;
                        base = fb.clone();
                        mode = DiffMode::MergeBase;
                    }
                    None => {
                        return Err(GitError(format!(
                            "the base `{base}` is not in the repository and could not be fetched"
                        )));
                    }
                }
            }
            let from = match mode {
                DiffMode::Direct => base.clone(),
                DiffMode::MergeBase => match find_merge_base(git, &base, head, opts, &mut notes)? {
                    Some(mb) => mb,
                    None => {
                        notes.push(format!(
                            "`{base}` and `{head}` share no history; comparing the trees directly"
                        ));
                        base.clone()
                    }
                },
            };
            let files = git.diff(&from, head)?;
            Ok(GitFiles {
                base: Some(from),
                head: head.clone(),
                files,
                notes,
            })
        }
        Selection::PullRequest { base, head, .. } => files_from_git(
            git,
            &Selection::Range {
                base: base.clone(),
                head: head.clone(),
                mode: DiffMode::MergeBase,
                fallback_base: None,
            },
            opts,
        ),
    }
}

/// What git said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitFiles {
    /// The commit actually compared with (a merge-base for PRs), `None` for all files.
    pub base: Option<String>,
    pub head: String,
    pub files: Vec<ChangedFile>,
    pub notes: Vec<String>,
}

/// One page of the PR files API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrFile {
    pub filename: String,
    /// GitHub's status: added, removed, modified, renamed, copied, changed, unchanged.
    pub status: String,
    pub previous_filename: Option<String>,
}

/// The GitHub API calls for a pull request.
pub trait PullRequestFiles {
    /// `changed_files` of the pull request (the true count, not capped).
    fn changed_files(&mut self, number: u64) -> Result<u64, String>;
    /// Page `page` (1-based) of `GET /pulls/{number}/files?per_page=100`.
    fn page(&mut self, number: u64, page: u32) -> Result<Vec<PrFile>, String>;
}

/// The final file list and how it was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collected {
    pub base: Option<String>,
    pub head: Option<String>,
    pub files: Vec<ChangedFile>,
    /// Set when the list is known to be incomplete: every service is then affected.
    pub incomplete: Option<String>,
    pub notes: Vec<String>,
}

/// Collect the files for `selection`: the PR API first when available (all pages), then
/// git when the API is capped (more than 3,000 files) or fails, and when git cannot
/// answer either, the partial list marked incomplete.
pub fn collect(
    selection: &Selection,
    api: Option<&mut dyn PullRequestFiles>,
    git: Option<&mut dyn Git>,
    opts: DeepenOptions,
) -> Collected {
    let mut notes = Vec::new();
    let mut partial: Vec<ChangedFile> = Vec::new();
    let (sel_base, sel_head) = match selection {
        Selection::Range { base, head, .. } | Selection::PullRequest { base, head, .. } => {
            (Some(base.clone()), Some(head.clone()))
        }
        Selection::AllFiles { head } => (None, Some(head.clone())),
    };
    if let (Selection::PullRequest { number, .. }, Some(api)) = (selection, api) {
        match pr_files(api, *number) {
            Ok((files, total))
                if (files.len() as u64) >= total && files.len() < GITHUB_PR_FILES_CAP =>
            {
                return Collected {
                    base: sel_base,
                    head: sel_head,
                    files,
                    incomplete: None,
                    notes,
                };
            }
            Ok((files, total)) => {
                notes.push(format!(
                    "pull request #{number} changes {total} files but the GitHub API lists at most {GITHUB_PR_FILES_CAP} ({} returned); using git instead",
                    files.len()
                ));
                partial = files;
            }
            Err(e) => notes.push(format!("the GitHub API failed ({e}); using git instead")),
        }
    }
    let git_error = match git {
        Some(git) => match files_from_git(git, selection, opts) {
            Ok(gf) => {
                notes.extend(gf.notes);
                return Collected {
                    base: gf.base.or(sel_base),
                    head: Some(gf.head),
                    files: gf.files,
                    incomplete: None,
                    notes,
                };
            }
            Err(GitError(e)) => e,
        },
        None => "no git repository".to_owned(),
    };
    let message = format!(
        "the changed files could not be listed completely ({git_error}); every service is treated as affected"
    );
    notes.push(message.clone());
    Collected {
        base: sel_base,
        head: sel_head,
        files: partial,
        incomplete: Some(message),
        notes,
    }
}

fn pr_files(
    api: &mut dyn PullRequestFiles,
    number: u64,
) -> Result<(Vec<ChangedFile>, u64), String> {
    let total = api.changed_files(number)?;
    let mut files = Vec::new();
    let mut page = 1u32;
    loop {
        let items = api.page(number, page)?;
        let n = items.len();
        for f in items {
            files.push(ChangedFile {
                path: f.filename,
                status: FileStatus::from_github(&f.status),
                previous_path: f.previous_filename,
            });
        }
        // 100 per page; a short or empty page is the last, and the API stops at 3,000.
        if n < 100 || files.len() >= GITHUB_PR_FILES_CAP || page >= 30 {
            break;
        }
        page = page.saturating_add(1);
    }
    Ok((files, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sel(event: &str, payload: Value) -> Result<Selection, SelectError> {
        select(event, &payload, &SelectOptions::default())
    }

    #[test]
    fn push_events() {
        let s = sel(
            "push",
            json!({"before": "aaa", "after": "bbb", "ref": "refs/heads/feature"}),
        )
        .unwrap();
        assert_eq!(
            s,
            Selection::Range {
                base: "aaa".into(),
                head: "bbb".into(),
                mode: DiffMode::Direct,
                fallback_base: Some("origin/main".into())
            }
        );
        let s = sel("push", json!({"before": ZERO_SHA, "after": "bbb", "ref": "refs/heads/feature", "repository": {"default_branch": "trunk"}})).unwrap();
        assert_eq!(
            s,
            Selection::Range {
                base: "origin/trunk".into(),
                head: "bbb".into(),
                mode: DiffMode::MergeBase,
                fallback_base: None
            }
        );
        let s = sel(
            "push",
            json!({"before": ZERO_SHA, "after": "bbb", "ref": "refs/heads/main"}),
        )
        .unwrap();
        assert_eq!(s, Selection::AllFiles { head: "bbb".into() });
    }

    #[test]
    fn event_names_base_agrees_with_select() {
        // An event whose payload names the base fails on an empty payload for lack of it;
        // any other asks for a base (or the last successful run).
        for name in [
            "push",
            "pull_request",
            "pull_request_target",
            "pull_request_review",
            "pull_request_review_comment",
            "merge_group",
            "workflow_dispatch",
            "schedule",
            "workflow_run",
            "release",
        ] {
            let code = sel(name, json!({})).unwrap_err().code;
            assert_eq!(
                code == "event-invalid",
                event_names_base(name),
                "{name}: {code}"
            );
        }
    }

    #[test]
    fn pr_merge_group_and_dispatch() {
        let s = sel("pull_request", json!({"number": 7, "pull_request": {"number": 7, "base": {"sha": "b"}, "head": {"sha": "h"}}})).unwrap();
        assert_eq!(
            s,
            Selection::PullRequest {
                number: 7,
                base: "b".into(),
                head: "h".into()
            }
        );
        let s = sel(
            "merge_group",
            json!({"merge_group": {"base_sha": "b", "head_sha": "h"}}),
        )
        .unwrap();
        assert!(matches!(
            s,
            Selection::Range {
                mode: DiffMode::Direct,
                ..
            }
        ));
        assert_eq!(
            sel("workflow_dispatch", json!({})).unwrap_err().code,
            "base-required"
        );
        let s = select(
            "workflow_run",
            &json!({"workflow_run": {"head_sha": "h"}}),
            &SelectOptions {
                last_success: Some("l".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            s,
            Selection::Range {
                base: "l".into(),
                head: "h".into(),
                mode: DiffMode::Direct,
                fallback_base: None
            }
        );
        let s = select(
            "schedule",
            &json!({}),
            &SelectOptions {
                base: Some("v1".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(
            matches!(s, Selection::Range { ref base, ref head, mode: DiffMode::MergeBase, .. } if base == "v1" && head == "HEAD")
        );
    }
}
