//! Actions: what a rule does (compiled from the config) and the concrete request it
//! renders to for one alert (what the outbox stores and the worker sends).
//!
//! GitHub's limits are checked twice: at config load for what is literal, and here
//! after rendering for what came from a template, so a request that GitHub would
//! refuse is never queued.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::template::{TValue, Templates, Text};

/// GitHub: `event_type` of a repository_dispatch, at most this many characters.
pub const MAX_EVENT_TYPE_CHARS: usize = 100;
/// GitHub: `client_payload` of a repository_dispatch, at most this many top-level keys.
pub const MAX_CLIENT_PAYLOAD_KEYS: usize = 10;
/// GitHub: `inputs` of a workflow_dispatch, at most this many (configurable: GitHub
/// documented 10; `github.max_inputs` follows it if it changes).
pub const DEFAULT_MAX_INPUTS: usize = 10;
/// GitHub: a repository_dispatch body must be under 64 KB.
pub const MAX_DISPATCH_BODY_BYTES: usize = 65_535;

/// A compiled action.
#[derive(Clone, Debug)]
pub enum ActionSpec {
    RepositoryDispatch {
        repo: Text,
        event_type: Text,
        client_payload: IndexMap<String, TValue>,
    },
    WorkflowDispatch {
        repo: Text,
        workflow: Text,
        git_ref: Text,
        inputs: IndexMap<String, Text>,
    },
    PipelineRun {
        organization: Text,
        project: Text,
        pipeline_id: u64,
        git_ref: Option<Text>,
        template_parameters: IndexMap<String, Text>,
    },
    Issue {
        repo: Text,
        title: Text,
        body: Text,
        labels: Vec<String>,
    },
    Webhook {
        url: Text,
        body: Option<TValue>,
    },
}

impl ActionSpec {
    /// The config key of this action kind.
    pub fn kind(&self) -> &'static str {
        match self {
            ActionSpec::RepositoryDispatch { .. } => "github_repository_dispatch",
            ActionSpec::WorkflowDispatch { .. } => "github_workflow_dispatch",
            ActionSpec::PipelineRun { .. } => "azure_pipeline_run",
            ActionSpec::Issue { .. } => "github_issue",
            ActionSpec::Webhook { .. } => "webhook",
        }
    }
}

/// One rendered request: everything the worker needs except credentials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    GithubRepositoryDispatch {
        repo: String,
        event_type: String,
        client_payload: Map<String, Value>,
    },
    GithubWorkflowDispatch {
        repo: String,
        workflow: String,
        #[serde(rename = "ref")]
        git_ref: String,
        inputs: IndexMap<String, String>,
    },
    AzurePipelineRun {
        organization: String,
        project: String,
        pipeline_id: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ref_name: Option<String>,
        template_parameters: IndexMap<String, String>,
    },
    GithubIssue {
        repo: String,
        title: String,
        body: String,
        labels: Vec<String>,
    },
    Webhook {
        url: String,
        body: Value,
    },
}

impl Request {
    pub fn kind(&self) -> &'static str {
        match self {
            Request::GithubRepositoryDispatch { .. } => "github_repository_dispatch",
            Request::GithubWorkflowDispatch { .. } => "github_workflow_dispatch",
            Request::AzurePipelineRun { .. } => "azure_pipeline_run",
            Request::GithubIssue { .. } => "github_issue",
            Request::Webhook { .. } => "webhook",
        }
    }

    /// A short human description ("repository_dispatch auto-rollback to acme/deploy").
    pub fn describe(&self) -> String {
        match self {
            Request::GithubRepositoryDispatch {
                repo, event_type, ..
            } => format!("repository_dispatch `{event_type}` to {repo}"),
            Request::GithubWorkflowDispatch {
                repo,
                workflow,
                git_ref,
                ..
            } => format!("workflow_dispatch of {workflow} on {git_ref} in {repo}"),
            Request::AzurePipelineRun {
                organization,
                project,
                pipeline_id,
                ..
            } => format!("run of pipeline {pipeline_id} in {organization}/{project}"),
            Request::GithubIssue { repo, title, .. } => format!("issue {title:?} in {repo}"),
            Request::Webhook { url, .. } => format!("webhook to {url}"),
        }
    }
}

/// Why a rendered request cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderError {
    pub code: &'static str,
    pub message: String,
}

fn rerr(code: &'static str, message: String) -> RenderError {
    RenderError { code, message }
}

/// Check an `owner/name` repository.
pub fn check_repo(repo: &str) -> Result<(), String> {
    let ok_part = |p: &str| {
        !p.is_empty()
            && p.len() <= 100
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    match repo.split_once('/') {
        Some((o, n)) if ok_part(o) && ok_part(n) && n != "." && n != ".." => Ok(()),
        _ => Err(format!(
            "repository {repo:?} is not `owner/name` (letters, digits, `-`, `_`, `.`)"
        )),
    }
}

/// Check a repository_dispatch `event_type`.
pub fn check_event_type(event_type: &str) -> Result<(), String> {
    let n = event_type.chars().count();
    if n == 0 {
        return Err("event_type is empty; GitHub requires 1 to 100 characters".into());
    }
    if n > MAX_EVENT_TYPE_CHARS {
        return Err(format!(
            "event_type has {n} characters; GitHub accepts at most {MAX_EVENT_TYPE_CHARS}"
        ));
    }
    Ok(())
}

/// Check a webhook URL.
pub fn check_url(url: &str) -> Result<(), String> {
    if (url.starts_with("http://") || url.starts_with("https://"))
        && !url.contains(char::is_whitespace)
    {
        Ok(())
    } else {
        Err(format!("{url:?} is not an http:// or https:// URL"))
    }
}

impl ActionSpec {
    /// Render for one alert. `default_body` is the webhook body when none is configured.
    pub fn render(
        &self,
        t: &Templates,
        ctx: &minijinja::Value,
        default_body: impl FnOnce() -> Value,
    ) -> Result<Request, RenderError> {
        let s = |text: &Text| t.render(text, ctx).map_err(|m| rerr("template-render", m));
        let map = |m: &IndexMap<String, Text>| -> Result<IndexMap<String, String>, RenderError> {
            m.iter().map(|(k, v)| Ok((k.clone(), s(v)?))).collect()
        };
        let req = match self {
            ActionSpec::RepositoryDispatch {
                repo,
                event_type,
                client_payload,
            } => {
                let repo = s(repo)?;
                check_repo(&repo).map_err(|m| rerr("invalid-repo", m))?;
                let event_type = s(event_type)?;
                check_event_type(&event_type).map_err(|m| rerr("event-type-too-long", m))?;
                let mut payload = Map::new();
                for (k, v) in client_payload {
                    payload.insert(
                        k.clone(),
                        t.render_value(v, ctx)
                            .map_err(|m| rerr("template-render", m))?,
                    );
                }
                let size = serde_json::to_vec(&payload).map_or(0, |b| b.len());
                if size > MAX_DISPATCH_BODY_BYTES {
                    return Err(rerr(
                        "payload-too-large",
                        format!(
                            "client_payload renders to {size} bytes; GitHub accepts under 64 KB"
                        ),
                    ));
                }
                Request::GithubRepositoryDispatch {
                    repo,
                    event_type,
                    client_payload: payload,
                }
            }
            ActionSpec::WorkflowDispatch {
                repo,
                workflow,
                git_ref,
                inputs,
            } => {
                let repo = s(repo)?;
                check_repo(&repo).map_err(|m| rerr("invalid-repo", m))?;
                let git_ref = s(git_ref)?;
                if git_ref.trim().is_empty() {
                    return Err(rerr(
                        "missing-ref",
                        "workflow_dispatch needs a non-empty `ref` (branch or tag)".into(),
                    ));
                }
                Request::GithubWorkflowDispatch {
                    repo,
                    workflow: s(workflow)?,
                    git_ref,
                    inputs: map(inputs)?,
                }
            }
            ActionSpec::PipelineRun {
                organization,
                project,
                pipeline_id,
                git_ref,
                template_parameters,
            } => Request::AzurePipelineRun {
                organization: s(organization)?,
                project: s(project)?,
                pipeline_id: *pipeline_id,
                ref_name: match git_ref {
                    None => None,
                    Some(r) => {
                        let r = s(r)?;
                        // The Runs API wants a full ref; `main` means the branch.
                        Some(if r.starts_with("refs/") {
                            r
                        } else {
                            format!("refs/heads/{r}")
                        })
                    }
                },
                template_parameters: map(template_parameters)?,
            },
            ActionSpec::Issue {
                repo,
                title,
                body,
                labels,
            } => {
                let repo = s(repo)?;
                check_repo(&repo).map_err(|m| rerr("invalid-repo", m))?;
                Request::GithubIssue {
                    repo,
                    title: s(title)?,
                    body: s(body)?,
                    labels: labels.clone(),
                }
            }
            ActionSpec::Webhook { url, body } => {
                let url = s(url)?;
                check_url(&url).map_err(|m| rerr("invalid-url", m))?;
                let body = match body {
                    Some(b) => t
                        .render_value(b, ctx)
                        .map_err(|m| rerr("template-render", m))?,
                    None => default_body(),
                };
                Request::Webhook { url, body }
            }
        };
        Ok(req)
    }
}
