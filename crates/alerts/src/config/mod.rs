//! `alerts.yml`: the checked configuration and how it loads.
//!
//! Loading is three steps, each reporting with positions: YAML to a tree with spans
//! ([`tree`]), the tree to the serde shape ([`raw`]; unknown keys and wrong types are
//! errors at the key or value), and the checks that turn it into a [`Config`]
//! ([`compile`]: matchers, durations, templates, GitHub's limits).

pub mod compile;
pub mod raw;
pub mod tree;

use devplat_core::diag::{Diagnostic, Severity};
use devplat_core::source::Files;

use crate::action::ActionSpec;
use crate::matcher::Matcher;
use crate::template::Templates;

/// Where GitHub is and where its token comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GithubSettings {
    /// `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server.
    pub api_url: String,
    /// Environment variable holding the token (read by the CLI, never logged).
    pub token_env: String,
    /// File holding the token (wins over `token_env` when both are set).
    pub token_file: Option<String>,
    /// Most `inputs` a workflow_dispatch may carry.
    pub max_inputs: usize,
}

/// Where Azure DevOps is and where its PAT comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureSettings {
    /// `https://dev.azure.com` (or an Azure DevOps Server collection URL).
    pub base_url: String,
    pub token_env: String,
    pub token_file: Option<String>,
}

/// Inbound authentication of `POST /alertmanager`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiverSettings {
    pub bearer_token_env: String,
    pub bearer_token_file: Option<String>,
    pub hmac_secret_env: Option<String>,
    pub hmac_secret_file: Option<String>,
    pub max_body_bytes: usize,
}

/// The dispatch worker's retry policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerSettings {
    pub max_attempts: u32,
    pub initial_backoff_ms: u64,
    pub max_backoff_ms: u64,
    pub timeout_ms: u64,
    /// How long decisions stay in the state store (dedup memory included).
    pub retention_ms: u64,
}

/// Which labels make a rule's group key (what cooldowns and caps count per).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// `["..."]`: every label set is its own group (the alert's fingerprint).
    Fingerprint,
    Labels(Vec<String>),
}

/// One rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    pub matchers: Vec<Matcher>,
    /// Keep evaluating later rules after this one matched.
    pub continue_matching: bool,
    pub group_by: GroupBy,
    pub cooldown_ms: u64,
    pub max_actions: u32,
    pub window_ms: u64,
    pub dry_run: bool,
    pub action: ActionSpec,
    pub escalate: Option<ActionSpec>,
    /// `None`: resolved alerts are recorded and ignored.
    pub resolved: Option<ActionSpec>,
}

/// The checked configuration.
#[derive(Debug)]
pub struct Config {
    pub github: GithubSettings,
    pub azure: AzureSettings,
    pub receiver: ReceiverSettings,
    pub worker: WorkerSettings,
    pub rules: Vec<Rule>,
    pub templates: Templates,
}

/// The result of loading: the file table (for rendering diagnostics), the config when
/// there is no error, and every diagnostic (warnings too).
#[derive(Debug)]
pub struct Loaded {
    pub files: Files,
    pub config: Option<Config>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Load `text` (displayed as `path`).
pub fn load(path: &str, text: &str) -> Loaded {
    let mut files = Files::new();
    let file = files.add(path, text);
    let (config, mut diagnostics) = match tree::Tree::parse(text, file) {
        Err(d) => (None, vec![d]),
        Ok(tree) => compile::compile(&tree),
    };
    devplat_core::diag::sort(&mut diagnostics);
    let config = if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        None
    } else {
        config
    };
    Loaded {
        files,
        config,
        diagnostics,
    }
}
