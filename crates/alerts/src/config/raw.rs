//! The serde shape of `alerts.yml`, exactly as written (strings for durations and
//! templates). [`super::compile`] turns it into the checked [`super::Config`].
//!
//! Every struct denies unknown keys, so a typo is an `unknown-key` error that points
//! at the key and names the valid ones. `schemas/alerts.schema.json` describes the
//! same shape; a test keeps the two in step.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub version: Option<u32>,
    #[serde(default)]
    pub github: RawGithub,
    #[serde(default)]
    pub azure: RawAzure,
    #[serde(default)]
    pub receiver: RawReceiver,
    #[serde(default)]
    pub worker: RawWorker,
    #[serde(default)]
    pub defaults: RawDefaults,
    /// Read one by one ([`RawRule`]) so a mistake in one rule does not hide the others'.
    #[serde(default)]
    pub rules: Vec<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGithub {
    pub api_url: Option<String>,
    pub token_env: Option<String>,
    pub token_file: Option<String>,
    pub max_inputs: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAzure {
    pub base_url: Option<String>,
    pub token_env: Option<String>,
    pub token_file: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReceiver {
    pub bearer_token_env: Option<String>,
    pub bearer_token_file: Option<String>,
    pub hmac_secret_env: Option<String>,
    pub hmac_secret_file: Option<String>,
    pub max_body_bytes: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorker {
    pub max_attempts: Option<u32>,
    pub initial_backoff: Option<String>,
    pub max_backoff: Option<String>,
    pub timeout: Option<String>,
    pub retention: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDefaults {
    pub group_by: Option<Vec<String>>,
    pub cooldown: Option<String>,
    pub max_actions: Option<u32>,
    pub window: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub name: String,
    #[serde(default)]
    pub matchers: Vec<String>,
    #[serde(default, rename = "continue")]
    pub continue_matching: bool,
    pub group_by: Option<Vec<String>>,
    pub cooldown: Option<String>,
    pub max_actions: Option<u32>,
    pub window: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
    pub action: RawAction,
    pub escalate: Option<RawAction>,
    /// `ignore` (default) or an action to run when the alert resolves.
    pub resolved: Option<Value>,
}

/// One action: a mapping with exactly one of these keys.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RawAction {
    GithubRepositoryDispatch(RawRepositoryDispatch),
    GithubWorkflowDispatch(RawWorkflowDispatch),
    AzurePipelineRun(RawPipelineRun),
    GithubIssue(RawIssue),
    Webhook(RawWebhook),
}

impl RawAction {
    /// The action kinds, as written in the config.
    pub const KINDS: &'static [&'static str] = &[
        "github_repository_dispatch",
        "github_workflow_dispatch",
        "azure_pipeline_run",
        "github_issue",
        "webhook",
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepositoryDispatch {
    pub repo: String,
    pub event_type: String,
    #[serde(default)]
    pub client_payload: IndexMap<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkflowDispatch {
    pub repo: String,
    pub workflow: String,
    #[serde(rename = "ref")]
    pub git_ref: String,
    #[serde(default)]
    pub inputs: IndexMap<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPipelineRun {
    pub organization: String,
    pub project: String,
    pub pipeline_id: u64,
    #[serde(rename = "ref")]
    pub git_ref: Option<String>,
    #[serde(default)]
    pub template_parameters: IndexMap<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub repo: String,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub labels: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWebhook {
    pub url: String,
    /// JSON body; every string may be a template. Default: the decision as JSON.
    pub body: Option<Value>,
}
