//! The checks that turn the serde shape into a [`Config`]: matchers parse, durations
//! parse, names are unique, templates compile over known variables, and GitHub's limits
//! hold for everything that is literal. Every finding has a stable code and a position.

use std::collections::HashMap;

use devplat_core::diag::Diagnostic;
use devplat_core::span::Span;
use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::raw::{RawAction, RawConfig, RawRule};
use super::tree::{Tree, escape};
use super::{
    AzureSettings, Config, GithubSettings, GroupBy, ReceiverSettings, Rule, WorkerSettings,
};
use crate::action::{
    ActionSpec, DEFAULT_MAX_INPUTS, MAX_CLIENT_PAYLOAD_KEYS, check_event_type, check_repo,
    check_url,
};
use crate::duration;
use crate::matcher;
use crate::template::{TValue, Templates, Text};

/// Defaults when neither the rule nor `defaults:` says.
pub const DEFAULT_COOLDOWN: &str = "10m";
pub const DEFAULT_WINDOW: &str = "1h";
pub const DEFAULT_MAX_ACTIONS: u32 = 3;

struct Ctx<'t> {
    tree: &'t Tree,
    diags: Vec<Diagnostic>,
    templates: Templates,
}

impl Ctx<'_> {
    fn value_span(&self, pointer: &str) -> Span {
        self.tree.span_at(pointer, false)
    }
    fn key_span(&self, pointer: &str) -> Span {
        self.tree.span_at(pointer, true)
    }
    fn error(&mut self, code: &str, message: impl Into<String>, span: Span) {
        self.diags.push(Diagnostic::error(code, message, span));
    }

    /// Deserialize the value at `pointer` into `T`, reporting a shape error there.
    fn shape<T: DeserializeOwned>(&mut self, pointer: &str, value: &Value) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let mut at = pointer.to_owned();
                for seg in e.path().iter() {
                    match seg {
                        serde_path_to_error::Segment::Seq { index } => {
                            at.push_str(&format!("/{index}"));
                        }
                        serde_path_to_error::Segment::Map { key }
                        | serde_path_to_error::Segment::Enum { variant: key } => {
                            at.push('/');
                            at.push_str(&escape(key));
                        }
                        serde_path_to_error::Segment::Unknown => break,
                    }
                }
                let inner = e.into_inner().to_string();
                let d = shape_diagnostic(self, &at, &inner);
                self.diags.push(d);
                None
            }
        }
    }

    fn duration(&mut self, pointer: &str, text: Option<&str>, default: &str) -> u64 {
        let t = text.unwrap_or(default);
        match duration::parse_ms(t) {
            Ok(ms) => ms,
            Err(m) => {
                let span = self.value_span(pointer);
                self.error("invalid-duration", m, span);
                0
            }
        }
    }

    fn text(&mut self, pointer: &str, source: &str) -> Text {
        match self.templates.add(pointer, source) {
            Ok(t) => t,
            Err(e) => {
                let span = match &e.range {
                    Some(r) => self.tree.span_in_string(pointer, source, r.start),
                    None => self.value_span(pointer),
                };
                self.error(e.code, e.message, span);
                Text::Literal(source.to_owned())
            }
        }
    }

    fn tvalue(&mut self, pointer: &str, value: &Value) -> TValue {
        match self.templates.add_value(pointer, value) {
            Ok(v) => v,
            Err((at, e)) => {
                let span = self.value_span(&at);
                self.error(e.code, e.message, span);
                TValue::Scalar(Value::Null)
            }
        }
    }

    /// A map of string-only values (`inputs`, `template_parameters`).
    fn string_map(
        &mut self,
        pointer: &str,
        map: &IndexMap<String, Value>,
        what: &str,
    ) -> IndexMap<String, Text> {
        let mut out = IndexMap::new();
        for (k, v) in map {
            let at = format!("{pointer}/{}", escape(k));
            match v {
                Value::String(s) => {
                    let t = self.text(&at, s);
                    out.insert(k.clone(), t);
                }
                other => {
                    let span = self.value_span(&at);
                    let shown = other.to_string();
                    self.diags.push(
                        Diagnostic::error(
                            "input-not-string",
                            format!(
                                "{what} `{k}` is {shown}; GitHub and Azure DevOps take strings only"
                            ),
                            span,
                        )
                        .with_help(format!("quote it: {k}: \"{}\"", shown.trim_matches('"'))),
                    );
                }
            }
        }
        out
    }

    fn repo(&mut self, pointer: &str, repo: &str) -> Text {
        let t = self.text(pointer, repo);
        if let Some(lit) = t.literal()
            && let Err(m) = check_repo(lit)
        {
            let span = self.value_span(pointer);
            self.error("invalid-repo", m, span);
        }
        t
    }

    fn action(&mut self, pointer: &str, raw: &RawAction, github: &GithubSettings) -> ActionSpec {
        match raw {
            RawAction::GithubRepositoryDispatch(a) => {
                let p = format!("{pointer}/github_repository_dispatch");
                let repo = self.repo(&format!("{p}/repo"), &a.repo);
                let event_type = self.text(&format!("{p}/event_type"), &a.event_type);
                if let Some(lit) = event_type.literal()
                    && let Err(m) = check_event_type(lit)
                {
                    let span = self.value_span(&format!("{p}/event_type"));
                    self.error("event-type-too-long", m, span);
                }
                if a.client_payload.len() > MAX_CLIENT_PAYLOAD_KEYS {
                    let at = format!("{p}/client_payload");
                    let extra: Vec<&str> = a
                        .client_payload
                        .keys()
                        .skip(MAX_CLIENT_PAYLOAD_KEYS)
                        .map(String::as_str)
                        .collect();
                    let span = self.key_span(&format!(
                        "{at}/{}",
                        escape(extra.first().copied().unwrap_or(""))
                    ));
                    self.diags.push(
                        Diagnostic::error(
                            "too-many-payload-keys",
                            format!(
                                "client_payload has {} top-level keys; GitHub accepts at most {MAX_CLIENT_PAYLOAD_KEYS} (over the limit: {})",
                                a.client_payload.len(),
                                extra.join(", ")
                            ),
                            span,
                        )
                        .with_help("nest related values under one key, e.g. `alert: {…}`"),
                    );
                }
                let mut client_payload = IndexMap::new();
                for (k, v) in &a.client_payload {
                    let tv = self.tvalue(&format!("{p}/client_payload/{}", escape(k)), v);
                    client_payload.insert(k.clone(), tv);
                }
                ActionSpec::RepositoryDispatch {
                    repo,
                    event_type,
                    client_payload,
                }
            }
            RawAction::GithubWorkflowDispatch(a) => {
                let p = format!("{pointer}/github_workflow_dispatch");
                let repo = self.repo(&format!("{p}/repo"), &a.repo);
                if a.inputs.len() > github.max_inputs {
                    let extra = a
                        .inputs
                        .keys()
                        .nth(github.max_inputs)
                        .cloned()
                        .unwrap_or_default();
                    let span = self.key_span(&format!("{p}/inputs/{}", escape(&extra)));
                    self.diags.push(
                        Diagnostic::error(
                            "too-many-inputs",
                            format!(
                                "workflow_dispatch has {} inputs; GitHub accepts at most {}",
                                a.inputs.len(),
                                github.max_inputs
                            ),
                            span,
                        )
                        .with_help("pass related values as one JSON string input, or raise `github.max_inputs` if GitHub raised the limit"),
                    );
                }
                let inputs = self.string_map(&format!("{p}/inputs"), &a.inputs, "input");
                let workflow = self.text(&format!("{p}/workflow"), &a.workflow);
                let git_ref = self.text(&format!("{p}/ref"), &a.git_ref);
                if git_ref.literal().is_some_and(|r| r.trim().is_empty()) {
                    let span = self.value_span(&format!("{p}/ref"));
                    self.error(
                        "missing-ref",
                        "workflow_dispatch needs a non-empty `ref` (branch or tag)",
                        span,
                    );
                }
                ActionSpec::WorkflowDispatch {
                    repo,
                    workflow,
                    git_ref,
                    inputs,
                }
            }
            RawAction::AzurePipelineRun(a) => {
                let p = format!("{pointer}/azure_pipeline_run");
                let organization = self.text(&format!("{p}/organization"), &a.organization);
                let project = self.text(&format!("{p}/project"), &a.project);
                let git_ref = a
                    .git_ref
                    .as_deref()
                    .map(|r| self.text(&format!("{p}/ref"), r));
                let template_parameters = self.string_map(
                    &format!("{p}/template_parameters"),
                    &a.template_parameters,
                    "template parameter",
                );
                ActionSpec::PipelineRun {
                    organization,
                    project,
                    pipeline_id: a.pipeline_id,
                    git_ref,
                    template_parameters,
                }
            }
            RawAction::GithubIssue(a) => {
                let p = format!("{pointer}/github_issue");
                ActionSpec::Issue {
                    repo: self.repo(&format!("{p}/repo"), &a.repo),
                    title: self.text(&format!("{p}/title"), &a.title),
                    body: self.text(&format!("{p}/body"), &a.body),
                    labels: a.labels.clone(),
                }
            }
            RawAction::Webhook(a) => {
                let p = format!("{pointer}/webhook");
                let url = self.text(&format!("{p}/url"), &a.url);
                if let Some(lit) = url.literal()
                    && let Err(m) = check_url(lit)
                {
                    let span = self.value_span(&format!("{p}/url"));
                    self.error("invalid-url", m, span);
                }
                let body = a
                    .body
                    .as_ref()
                    .map(|b| self.tvalue(&format!("{p}/body"), b));
                ActionSpec::Webhook { url, body }
            }
        }
    }
}

/// Turn a serde message at `pointer` into a diagnostic with a stable code.
fn shape_diagnostic(ctx: &Ctx<'_>, pointer: &str, message: &str) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        // "`x`, expected one of `a`, `b`" — the key is the last pointer segment.
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = found.trim_matches('`');
        let options: Vec<&str> = expected
            .trim_start_matches("one of ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        let hint = devplat_core::suggest::did_you_mean(found, options.iter().copied());
        let at = format!("{pointer}/{}", escape(found));
        let span = if ctx.tree.spans.contains_key(&at) {
            ctx.key_span(&at)
        } else {
            ctx.key_span(pointer)
        };
        return Diagnostic::error(
            "unknown-key",
            format!(
                "unknown key `{found}`{hint}; expected one of: {}",
                options.join(", ")
            ),
            span,
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (found, _) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = found.trim_matches('`');
        let hint = devplat_core::suggest::did_you_mean(found, RawAction::KINDS.iter().copied());
        let at = format!("{pointer}/{}", escape(found));
        let span = if ctx.tree.spans.contains_key(&at) {
            ctx.key_span(&at)
        } else {
            ctx.key_span(pointer)
        };
        return Diagnostic::error(
            "unknown-action",
            format!(
                "unknown action `{found}`{hint}; expected one of: {}",
                RawAction::KINDS.join(", ")
            ),
            span,
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return Diagnostic::error(
            "missing-key",
            format!("missing required key {rest}"),
            ctx.value_span(pointer),
        );
    }
    Diagnostic::error("invalid-type", message.to_owned(), ctx.value_span(pointer))
}

/// Check and compile a loaded tree.
pub fn compile(tree: &Tree) -> (Option<Config>, Vec<Diagnostic>) {
    let mut ctx = Ctx {
        tree,
        diags: Vec::new(),
        templates: Templates::new(),
    };
    let root = if tree.value.is_null() {
        Value::Object(serde_json::Map::new())
    } else {
        tree.value.clone()
    };
    let Some(raw) = ctx.shape::<RawConfig>("", &root) else {
        return (None, ctx.diags);
    };
    if let Some(v) = raw.version
        && v != 1
    {
        let span = ctx.value_span("/version");
        ctx.error(
            "unsupported-version",
            format!("version {v} is not supported; expected 1"),
            span,
        );
    }
    let github = GithubSettings {
        api_url: raw
            .github
            .api_url
            .clone()
            .unwrap_or_else(|| "https://api.github.com".into()),
        token_env: raw
            .github
            .token_env
            .clone()
            .unwrap_or_else(|| "GITHUB_TOKEN".into()),
        token_file: raw.github.token_file.clone(),
        max_inputs: raw
            .github
            .max_inputs
            .map_or(DEFAULT_MAX_INPUTS, |n| n as usize),
    };
    if let Err(m) = check_url(&github.api_url) {
        let span = ctx.value_span("/github/api_url");
        ctx.error("invalid-url", m, span);
    }
    let azure = AzureSettings {
        base_url: raw
            .azure
            .base_url
            .clone()
            .unwrap_or_else(|| "https://dev.azure.com".into()),
        token_env: raw
            .azure
            .token_env
            .clone()
            .unwrap_or_else(|| "AZURE_DEVOPS_PAT".into()),
        token_file: raw.azure.token_file.clone(),
    };
    if let Err(m) = check_url(&azure.base_url) {
        let span = ctx.value_span("/azure/base_url");
        ctx.error("invalid-url", m, span);
    }
    let receiver = ReceiverSettings {
        bearer_token_env: raw
            .receiver
            .bearer_token_env
            .clone()
            .unwrap_or_else(|| "DEVPLAT_ALERTS_TOKEN".into()),
        bearer_token_file: raw.receiver.bearer_token_file.clone(),
        hmac_secret_env: raw.receiver.hmac_secret_env.clone(),
        hmac_secret_file: raw.receiver.hmac_secret_file.clone(),
        max_body_bytes: raw
            .receiver
            .max_body_bytes
            .map_or(1 << 20, |n| usize::try_from(n).unwrap_or(usize::MAX)),
    };
    let worker = WorkerSettings {
        max_attempts: raw.worker.max_attempts.unwrap_or(8).max(1),
        initial_backoff_ms: ctx.duration(
            "/worker/initial_backoff",
            raw.worker.initial_backoff.as_deref(),
            "1s",
        ),
        max_backoff_ms: ctx.duration(
            "/worker/max_backoff",
            raw.worker.max_backoff.as_deref(),
            "5m",
        ),
        timeout_ms: ctx.duration("/worker/timeout", raw.worker.timeout.as_deref(), "30s"),
        retention_ms: ctx.duration("/worker/retention", raw.worker.retention.as_deref(), "30d"),
    };
    let default_cooldown = raw.defaults.cooldown.clone();
    let default_window = raw.defaults.window.clone();
    let cooldown_default = ctx.duration(
        "/defaults/cooldown",
        default_cooldown.as_deref(),
        DEFAULT_COOLDOWN,
    );
    let window_default = ctx.duration(
        "/defaults/window",
        default_window.as_deref(),
        DEFAULT_WINDOW,
    );

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rules = Vec::new();
    if raw.rules.is_empty() {
        let span = ctx.key_span("/rules");
        ctx.diags.push(Diagnostic::warning(
            "no-rules",
            "the config has no rules: every alert will be recorded as `no-rule`",
            span,
        ));
    }
    for (i, value) in raw.rules.iter().enumerate() {
        let p = format!("/rules/{i}");
        let Some(r) = ctx.shape::<RawRule>(&p, value) else {
            continue;
        };
        let r = &r;
        if let Some(first) = seen.get(&r.name) {
            let span = ctx.value_span(&format!("{p}/name"));
            let first_span = ctx.value_span(&format!("/rules/{first}/name"));
            ctx.diags.push(
                Diagnostic::error(
                    "duplicate-rule-name",
                    format!(
                        "rule name `{}` is used twice; names key the dedup and cooldown state",
                        r.name
                    ),
                    span,
                )
                .with_related(first_span, "first used here"),
            );
        } else {
            seen.insert(r.name.clone(), i);
        }
        if r.name.trim().is_empty() {
            let span = ctx.value_span(&format!("{p}/name"));
            ctx.error("invalid-rule-name", "rule name is empty", span);
        }
        rules.push(compile_rule(
            &mut ctx,
            &p,
            r,
            &raw,
            &github,
            cooldown_default,
            window_default,
        ));
    }
    let config = Config {
        github,
        azure,
        receiver,
        worker,
        rules,
        templates: ctx.templates,
    };
    (Some(config), ctx.diags)
}

fn compile_rule(
    ctx: &mut Ctx<'_>,
    p: &str,
    r: &RawRule,
    raw: &RawConfig,
    github: &GithubSettings,
    cooldown_default: u64,
    window_default: u64,
) -> Rule {
    let mut matchers = Vec::new();
    for (j, text) in r.matchers.iter().enumerate() {
        match matcher::parse(text) {
            Ok(ms) => matchers.extend(ms),
            Err(e) => {
                let span = ctx
                    .tree
                    .span_in_string(&format!("{p}/matchers/{j}"), text, e.offset);
                ctx.diags.push(
                    Diagnostic::error(e.code, e.message.clone(), span)
                        .with_help("Alertmanager matcher syntax: name=\"value\", name!=\"value\", name=~\"regex\", name!~\"regex\""),
                );
            }
        }
    }
    let group_by_raw = r.group_by.clone().or_else(|| raw.defaults.group_by.clone());
    let group_by = match group_by_raw {
        None => GroupBy::Fingerprint,
        Some(v) if v.iter().any(|l| l == "...") => GroupBy::Fingerprint,
        Some(v) => {
            for (j, l) in v.iter().enumerate() {
                let ok = l
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !ok {
                    let at = if r.group_by.is_some() {
                        format!("{p}/group_by/{j}")
                    } else {
                        format!("/defaults/group_by/{j}")
                    };
                    let span = ctx.value_span(&at);
                    ctx.error(
                        "invalid-label-name",
                        format!("`{l}` is not a label name (or `...` for every label)"),
                        span,
                    );
                }
            }
            GroupBy::Labels(v)
        }
    };
    let cooldown_ms = match &r.cooldown {
        Some(c) => ctx.duration(&format!("{p}/cooldown"), Some(c), DEFAULT_COOLDOWN),
        None => cooldown_default,
    };
    let window_ms = match &r.window {
        Some(w) => ctx.duration(&format!("{p}/window"), Some(w), DEFAULT_WINDOW),
        None => window_default,
    };
    let max_actions = r
        .max_actions
        .or(raw.defaults.max_actions)
        .unwrap_or(DEFAULT_MAX_ACTIONS);
    let action = ctx.action(&format!("{p}/action"), &r.action, github);
    let escalate = r
        .escalate
        .as_ref()
        .map(|a| ctx.action(&format!("{p}/escalate"), a, github));
    let resolved = match &r.resolved {
        None => None,
        Some(Value::String(s)) if s == "ignore" => None,
        Some(Value::String(s)) => {
            let span = ctx.value_span(&format!("{p}/resolved"));
            ctx.error(
                "invalid-resolved",
                format!("resolved: `{s}` is not `ignore` nor an action mapping"),
                span,
            );
            None
        }
        Some(v) => {
            let at = format!("{p}/resolved");
            ctx.shape::<RawAction>(&at, v)
                .map(|a| ctx.action(&at, &a, github))
        }
    };
    Rule {
        name: r.name.clone(),
        matchers,
        continue_matching: r.continue_matching,
        group_by,
        cooldown_ms,
        max_actions,
        window_ms,
        dry_run: r.dry_run,
        action,
        escalate,
        resolved,
    }
}
