//! `devplat changes` as `actions/detect-changes` and the `DetectChanges` task: which
//! services a change affects, as step outputs.
//!
//! Inputs: `config` (default `deployment-config.yaml`), `base`, `head` (override what the
//! event says), `filters` (a dorny/paths-filter filter file: compatibility mode), and on
//! GitHub `token` (the PR files API, and the last successful run for events without a
//! base commit). Outputs: `services`, `any`, `count`, `matrix`, `files` (shell-escaped),
//! `files_json`, `truncated`; in compatibility mode, paths-filter's outputs instead.
//!
//! Where the changed files come from is devplat-changes' decision
//! ([`devplat_changes::source`]): the base per GitHub event (or per ADO build reason),
//! shallow-clone deepening through the host's git, the PR files API with its 3,000-file
//! cap. The API answers come through [`FetchRequest`]s: the first call asks, the host
//! fetches, the second call decides.

use devplat_changes::source::{
    self, DeepenOptions, DiffMode, Git, PrFile, PullRequestFiles, SelectOptions, Selection,
};
use devplat_changes::{ChangedFile, Input};
use devplat_core::diag::render::Report;
use devplat_core::diag::{ExitCode, FailOn, Summary, ToolInfo};
use devplat_core::source::FileSource;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::findings;
use crate::protocol::{
    FetchRequest, HostRequest, HostResponse, InputSpec, Output, OutputSpec, Platform, ToolSpec,
};
use crate::tools::{read_text, relativize};

pub const CONFIG: InputSpec = InputSpec {
    github: "config",
    azure: "config",
    default: "deployment-config.yaml",
};
pub const BASE: InputSpec = InputSpec {
    github: "base",
    azure: "base",
    default: "",
};
pub const HEAD: InputSpec = InputSpec {
    github: "head",
    azure: "head",
    default: "",
};
pub const FILTERS: InputSpec = InputSpec {
    github: "filters",
    azure: "filters",
    default: "",
};
/// GitHub only: Azure DevOps has no pull request files API to call.
pub const TOKEN: InputSpec = InputSpec {
    github: "token",
    azure: "",
    default: "",
};

pub const SPEC: ToolSpec = ToolSpec {
    tool: "detect-changes",
    inputs: &[CONFIG, BASE, HEAD, FILTERS, TOKEN],
    outputs: &[
        OutputSpec::same("services"),
        OutputSpec::same("any"),
        OutputSpec::same("count"),
        OutputSpec::same("matrix"),
        OutputSpec::same("files"),
        OutputSpec::same("files_json"),
        OutputSpec::same("truncated"),
    ],
};

/// The lookups this tool may ask for.
const PR_FILES: &str = "pullRequestFiles";
const LAST_SUCCESS: &str = "lastSuccessfulRun";

/// What the host tells about the run (`context`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Context {
    /// GitHub: `GITHUB_EVENT_NAME` and the payload at `GITHUB_EVENT_PATH`.
    event_name: String,
    event: Value,
    /// GitHub: `GITHUB_WORKFLOW_REF` and `GITHUB_REF_NAME` (for the last successful run).
    workflow_ref: String,
    ref_name: String,
    /// ADO: `Build.Reason`, `Build.SourceVersion`, `System.PullRequest.TargetBranch`.
    build_reason: String,
    source_version: String,
    target_branch: String,
    /// Answers to [`FetchRequest`]s, by kind.
    fetched: serde_json::Map<String, Value>,
}

fn tool_info() -> ToolInfo {
    ToolInfo {
        name: "devplat".to_owned(),
        component: "devplat changes".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        information_uri: "https://github.com/org/devplat/blob/main/docs/changes.md".to_owned(),
    }
}

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// The PR files the host fetched: `{"changedFiles": n, "files": [{filename, status,
/// previous_filename}]}`, served page by page as the API would.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FetchedPrFiles {
    changed_files: u64,
    files: Vec<FetchedPrFile>,
}

#[derive(Deserialize)]
struct FetchedPrFile {
    filename: String,
    status: String,
    #[serde(default)]
    previous_filename: Option<String>,
}

impl PullRequestFiles for FetchedPrFiles {
    fn changed_files(&mut self, _number: u64) -> Result<u64, String> {
        Ok(self.changed_files)
    }

    fn page(&mut self, _number: u64, page: u32) -> Result<Vec<PrFile>, String> {
        let start = (page.saturating_sub(1) as usize).saturating_mul(100);
        Ok(self
            .files
            .iter()
            .skip(start)
            .take(100)
            .map(|f| PrFile {
                filename: f.filename.clone(),
                status: f.status.clone(),
                previous_filename: f.previous_filename.clone(),
            })
            .collect())
    }
}

/// What to diff on Azure DevOps: an explicit base, or a pull request's target branch.
fn select_azure(ctx: &Context, opts: &SelectOptions) -> Result<Selection, String> {
    if opts.base.is_some() {
        return source::select("", &Value::Null, opts).map_err(|e| e.message);
    }
    let head = opts
        .head
        .clone()
        .or_else(|| non_empty(ctx.source_version.clone()))
        .unwrap_or_else(|| "HEAD".to_owned());
    if ctx.build_reason == "PullRequest" && !ctx.target_branch.is_empty() {
        let branch = ctx
            .target_branch
            .strip_prefix("refs/heads/")
            .unwrap_or(&ctx.target_branch);
        return Ok(Selection::Range {
            base: format!("origin/{branch}"),
            head,
            mode: DiffMode::MergeBase,
            fallback_base: None,
        });
    }
    Err(format!(
        "a `{}` build names no commit to compare with: set the `base` input (outside pull requests Azure DevOps gives none)",
        if ctx.build_reason.is_empty() {
            "manual"
        } else {
            &ctx.build_reason
        }
    ))
}

pub fn run(request: &HostRequest, fs: &dyn FileSource, git: &mut dyn Git) -> HostResponse {
    let platform = request.platform;
    let ctx: Context = match serde_json::from_value(request.context.clone()) {
        Ok(ctx) => ctx,
        Err(e) => {
            return HostResponse::usage_error(format!(
                "devplat changes: the host sent a context this build cannot read: {e}"
            ));
        }
    };
    let token = request.input(&TOKEN);
    let mut opts = SelectOptions {
        base: non_empty(request.input(&BASE)),
        head: non_empty(request.input(&HEAD)),
        remote: Some("origin".to_owned()),
        ..SelectOptions::default()
    };

    // What to compare.
    let selection = match platform {
        Platform::Github => {
            let name = if ctx.event_name.is_empty() {
                "push"
            } else {
                ctx.event_name.as_str()
            };
            if opts.base.is_none()
                && !devplat_changes::source::event_names_base(name)
                && !token.is_empty()
            {
                match ctx.fetched.get(LAST_SUCCESS) {
                    None => {
                        let workflow = ctx
                            .workflow_ref
                            .split('@')
                            .next()
                            .and_then(|p| p.rsplit('/').next())
                            .unwrap_or("");
                        let branch = if ctx.ref_name.is_empty() {
                            "main"
                        } else {
                            ctx.ref_name.as_str()
                        };
                        return HostResponse::fetch(vec![FetchRequest {
                            kind: LAST_SUCCESS.to_owned(),
                            params: json!({ "workflow": workflow, "branch": branch }),
                        }]);
                    }
                    Some(v) => {
                        opts.last_success = v.get("sha").and_then(Value::as_str).map(str::to_owned);
                    }
                }
            }
            source::select(name, &ctx.event, &opts).map_err(|e| e.message)
        }
        Platform::Azure => select_azure(&ctx, &opts),
    };
    let selection = match selection {
        Ok(s) => s,
        Err(e) => return HostResponse::usage_error(format!("devplat changes: {e}")),
    };

    // The PR files API, when a token allows it.
    let mut notes = Vec::new();
    let mut api: Option<FetchedPrFiles> = None;
    if let (Selection::PullRequest { number, .. }, false) = (&selection, token.is_empty()) {
        match ctx.fetched.get(PR_FILES) {
            None => {
                return HostResponse::fetch(vec![FetchRequest {
                    kind: PR_FILES.to_owned(),
                    params: json!({ "number": number }),
                }]);
            }
            Some(v) => match serde_json::from_value::<FetchedPrFiles>(v.clone()) {
                Ok(files) => api = Some(files),
                Err(_) => notes.push(format!(
                    "the GitHub API did not list the pull request's files ({}); using git",
                    v.get("error")
                        .and_then(Value::as_str)
                        .unwrap_or("no answer")
                )),
            },
        }
    }
    let collected = source::collect(
        &selection,
        api.as_mut().map(|a| a as &mut dyn PullRequestFiles),
        Some(git),
        DeepenOptions::default(),
    );
    notes.extend(collected.notes);
    changes_response(
        request,
        fs,
        collected.files,
        collected.base,
        collected.head,
        collected.incomplete,
        notes,
    )
}

/// Run devplat-changes on the collected files and plan the host's I/O.
fn changes_response(
    request: &HostRequest,
    fs: &dyn FileSource,
    files: Vec<ChangedFile>,
    base: Option<String>,
    head: Option<String>,
    incomplete: Option<String>,
    notes: Vec<String>,
) -> HostResponse {
    let filters = non_empty(request.input(&FILTERS)).map(|f| relativize(&request.workspace, &f));
    let config_path = relativize(&request.workspace, &request.input(&CONFIG));
    let mut input = Input {
        files,
        base,
        head,
        incomplete,
        notes: notes.clone(),
        config_path: config_path.clone(),
        ..Input::default()
    };
    let (what, path) = match &filters {
        Some(f) => ("filter file", f.clone()),
        None => ("config", config_path),
    };
    match read_text(fs, &path) {
        Ok(text) if filters.is_some() => {
            input.filters = Some(text);
            input.filters_path = path;
        }
        Ok(text) => input.config = Some(text),
        Err(e) => {
            return HostResponse::usage_error(format!(
                "devplat changes: cannot read the {what} `{path}`: {e}"
            ));
        }
    }
    let run = devplat_changes::run(&input);
    let exit = if run.has_errors() {
        ExitCode::UsageOrInput
    } else {
        ExitCode::Clean
    };
    let tool = tool_info();
    let report = Report {
        files: &run.files,
        diagnostics: &run.diagnostics,
        rules: &[],
        tool: &tool,
        checked: None,
    };
    let counts = Summary::of(1, &run.diagnostics);
    let mut response = findings::report_response(
        request,
        fs,
        "changes",
        &report,
        FailOn::Error,
        exit,
        &counts,
    );
    response
        .log
        .splice(0..0, notes.iter().map(|n| format!("devplat changes: {n}")));
    if exit == ExitCode::Clean {
        response.outputs = run
            .outputs
            .iter()
            .map(|(name, value)| Output {
                name: name.clone(),
                value: value.clone(),
            })
            .collect();
        let body = match (&run.report, &run.filters) {
            (Some(r), _) => r.to_text(),
            (None, Some(filters)) => filters
                .iter()
                .map(|f| {
                    format!(
                        "{}: {} ({} files)\n",
                        f.name,
                        !f.files.is_empty(),
                        f.files.len()
                    )
                })
                .collect(),
            (None, None) => String::new(),
        };
        let mut md = format!("## devplat changes\n\n```text\n{body}```\n");
        for n in &notes {
            md.push_str(&format!("\n- {n}"));
        }
        response.summary = Some(md);
        let out = |name: &str| run.outputs.get(name).cloned().unwrap_or_default();
        response.result.message = if run.filters.is_some() {
            format!("devplat changes: filters that matched: {}", out("changes"))
        } else {
            format!(
                "devplat changes: {} services affected: {}",
                out("count"),
                out("services")
            )
        };
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(reason: &str, target: &str) -> Context {
        Context {
            build_reason: reason.into(),
            target_branch: target.into(),
            source_version: "abc".into(),
            ..Context::default()
        }
    }

    #[test]
    fn azure_pull_requests_compare_with_the_target_branch() {
        let sel = select_azure(
            &ctx("PullRequest", "refs/heads/main"),
            &SelectOptions::default(),
        );
        assert_eq!(
            sel,
            Ok(Selection::Range {
                base: "origin/main".into(),
                head: "abc".into(),
                mode: DiffMode::MergeBase,
                fallback_base: None,
            })
        );
        let err = select_azure(&ctx("IndividualCI", ""), &SelectOptions::default()).unwrap_err();
        assert!(err.contains("set the `base` input"), "{err}");
        let explicit = SelectOptions {
            base: Some("v1".into()),
            ..SelectOptions::default()
        };
        assert!(matches!(
            select_azure(&ctx("IndividualCI", ""), &explicit),
            Ok(Selection::Range { .. })
        ));
    }

    #[test]
    fn fetched_pr_files_are_served_in_pages() {
        let files: Vec<Value> = (0..250)
            .map(|i| json!({"filename": format!("f{i}"), "status": "added"}))
            .collect();
        let mut api: FetchedPrFiles =
            serde_json::from_value(json!({"changedFiles": 250, "files": files})).unwrap();
        assert_eq!(api.page(1, 1).unwrap().len(), 100);
        assert_eq!(api.page(1, 3).unwrap().len(), 50);
        assert_eq!(api.page(1, 4).unwrap().len(), 0);
        assert_eq!(api.page(1, 3).unwrap()[0].filename, "f200");
    }
}
