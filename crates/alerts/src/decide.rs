//! The decision engine: for every alert of a notification, which rule matches and what
//! happens — dispatch, escalate, or why not (deduped, cooldown, capped, no rule, …).
//!
//! Pure: the state it needs (handled alert instances, past actions per rule and group
//! key) comes through the [`State`] trait, and every decision is recorded back through
//! it before the next alert is decided, so two alerts of one notification see each
//! other. The server implements `State` on a database transaction; the one-shot
//! decision and the tests use [`MemoryState`].
//!
//! Semantics (documented in docs/alerts.md):
//! - the dedup key is fingerprint + rule + startsAt: one alert instance acts at most once;
//! - a firing alert acts unless its rule acted for the same group key less than
//!   `cooldown` ago (`cooldown`, re-evaluated on the next resend, so a problem that
//!   persists past the cooldown acts again);
//! - after `max_actions` actions in `window`, the `escalate` action runs instead, once
//!   per window; later alerts are `capped`;
//! - resolved alerts run the rule's `resolved` action once, or are recorded and ignored;
//! - dry-run decides exactly the same and records it, but queues nothing.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::action::Request;
use crate::config::{Config, GroupBy, Rule};
use crate::matcher;
use crate::payload::{Alert, LabelSet, Payload};
use crate::template::{self, RenderInfo};

/// What happened to one alert for one rule (or for no rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The rule's action is queued (or, in dry-run, would be).
    Dispatch,
    /// The cap was reached: the rule's `escalate` action is queued instead.
    Escalate,
    /// The alert resolved and the rule's `resolved` action is queued.
    ResolvedAction,
    /// This alert instance was already handled (an Alertmanager resend).
    Deduped,
    /// No rule matches the alert's labels.
    NoRule,
    /// The rule acted for this group key less than `cooldown` ago.
    Cooldown,
    /// The cap was reached and the escalation already ran in this window
    /// (or the rule has no `escalate` action).
    Capped,
    /// The alert resolved and the rule ignores resolutions.
    ResolvedIgnored,
    /// The action could not be rendered into a valid request (template or limit error).
    Invalid,
}

impl Outcome {
    pub const ALL: &'static [Outcome] = &[
        Outcome::Dispatch,
        Outcome::Escalate,
        Outcome::ResolvedAction,
        Outcome::Deduped,
        Outcome::NoRule,
        Outcome::Cooldown,
        Outcome::Capped,
        Outcome::ResolvedIgnored,
        Outcome::Invalid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Dispatch => "dispatch",
            Outcome::Escalate => "escalate",
            Outcome::ResolvedAction => "resolved-action",
            Outcome::Deduped => "deduped",
            Outcome::NoRule => "no-rule",
            Outcome::Cooldown => "cooldown",
            Outcome::Capped => "capped",
            Outcome::ResolvedIgnored => "resolved-ignored",
            Outcome::Invalid => "invalid",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.iter().copied().find(|o| o.as_str() == s)
    }

    /// One line for the docs.
    pub fn summary(self) -> &'static str {
        match self {
            Outcome::Dispatch => "the rule's action is queued for dispatch",
            Outcome::Escalate => {
                "`max_actions` reached in `window`: the `escalate` action is queued instead"
            }
            Outcome::ResolvedAction => "the alert resolved: the rule's `resolved` action is queued",
            Outcome::Deduped => {
                "this alert instance (fingerprint + rule + startsAt) was already handled"
            }
            Outcome::NoRule => "no rule matches the alert's labels",
            Outcome::Cooldown => {
                "the rule acted for this group key less than `cooldown` ago; re-evaluated on the next resend"
            }
            Outcome::Capped => {
                "`max_actions` reached and the escalation already ran in this window (or there is none)"
            }
            Outcome::ResolvedIgnored => "the alert resolved and the rule ignores resolutions",
            Outcome::Invalid => {
                "the action did not render into a valid request (template error or a GitHub limit)"
            }
        }
    }

    /// Whether this outcome marks the alert instance as handled (resends are deduped).
    pub fn handles(self) -> bool {
        matches!(
            self,
            Outcome::Dispatch
                | Outcome::Escalate
                | Outcome::ResolvedAction
                | Outcome::ResolvedIgnored
        )
    }

    /// Whether a request is queued for this outcome (unless dry-run).
    pub fn sends(self) -> bool {
        matches!(
            self,
            Outcome::Dispatch | Outcome::Escalate | Outcome::ResolvedAction
        )
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One decision: one alert, one rule (or none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub fingerprint: String,
    pub alertname: String,
    pub status: String,
    #[serde(rename = "startsAt")]
    pub starts_at: String,
    pub labels: LabelSet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedup_key: Option<String>,
    pub outcome: Outcome,
    /// Why, in words.
    pub reason: String,
    #[serde(default)]
    pub dry_run: bool,
    /// The request that is (or, in dry-run, would be) sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
}

impl Decision {
    /// Whether the worker must send this decision's request.
    pub fn queues(&self) -> bool {
        self.outcome.sends() && !self.dry_run && self.request.is_some()
    }
}

/// What the engine reads and writes; implemented by the server's store (inside one
/// transaction) and by [`MemoryState`].
pub trait State {
    type Error;
    /// Whether an alert instance was already handled.
    fn is_handled(&mut self, dedup_key: &str) -> Result<bool, Self::Error>;
    /// When the rule last dispatched or escalated for this group key.
    fn last_action_ms(&mut self, rule: &str, group_key: &str) -> Result<Option<i64>, Self::Error>;
    /// How many dispatches (not escalations) the rule made for this group key since `since_ms`.
    fn actions_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<u32, Self::Error>;
    /// Whether the rule escalated for this group key since `since_ms`.
    fn escalated_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<bool, Self::Error>;
    /// Record a decision (and what it implies: handled, action counted, outbox).
    fn record(&mut self, decision: &Decision, now_ms: i64) -> Result<(), Self::Error>;
}

/// An in-memory [`State`]: the one-shot decision and the tests.
#[derive(Clone, Debug, Default)]
pub struct MemoryState {
    handled: std::collections::HashSet<String>,
    /// (rule, group key, at, escalation?)
    actions: Vec<(String, String, i64, bool)>,
    pub decisions: Vec<Decision>,
}

impl State for MemoryState {
    type Error = std::convert::Infallible;

    fn is_handled(&mut self, dedup_key: &str) -> Result<bool, Self::Error> {
        Ok(self.handled.contains(dedup_key))
    }
    fn last_action_ms(&mut self, rule: &str, group_key: &str) -> Result<Option<i64>, Self::Error> {
        Ok(self
            .actions
            .iter()
            .filter(|(r, g, _, _)| r == rule && g == group_key)
            .map(|(_, _, at, _)| *at)
            .max())
    }
    fn actions_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<u32, Self::Error> {
        let n = self
            .actions
            .iter()
            .filter(|(r, g, at, esc)| r == rule && g == group_key && *at > since_ms && !esc)
            .count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
    fn escalated_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<bool, Self::Error> {
        Ok(self
            .actions
            .iter()
            .any(|(r, g, at, esc)| r == rule && g == group_key && *at > since_ms && *esc))
    }
    fn record(&mut self, d: &Decision, now_ms: i64) -> Result<(), Self::Error> {
        if d.outcome.handles()
            && let Some(k) = &d.dedup_key
        {
            self.handled.insert(k.clone());
        }
        if let (Some(r), Some(g)) = (&d.rule, &d.group_key) {
            match d.outcome {
                Outcome::Dispatch => self.actions.push((r.clone(), g.clone(), now_ms, false)),
                Outcome::Escalate => self.actions.push((r.clone(), g.clone(), now_ms, true)),
                _ => {}
            }
        }
        self.decisions.push(d.clone());
        Ok(())
    }
}

/// The group key of an alert under a rule (`service=checkout`).
pub fn group_key(rule: &Rule, alert: &Alert, fingerprint: &str) -> String {
    match &rule.group_by {
        GroupBy::Fingerprint => format!("fingerprint={fingerprint}"),
        GroupBy::Labels(names) => names
            .iter()
            .map(|n| format!("{n}={}", alert.label(n)))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The dedup key of an alert instance under a rule.
pub fn dedup_key(fingerprint: &str, rule: &str, starts_at: &str, resolved: bool) -> String {
    if resolved {
        format!("{fingerprint}:{rule}:{starts_at}:resolved")
    } else {
        format!("{fingerprint}:{rule}:{starts_at}")
    }
}

/// Where a rule's counting window (`max_actions` per `window`) starts at `now_ms`.
pub fn window_start(rule: &Rule, now_ms: i64) -> i64 {
    now_ms.saturating_sub(i64::try_from(rule.window_ms).unwrap_or(i64::MAX))
}

/// Everything [`decide`] may read from the state for one notification: the dedup key
/// of every (alert, matching rule) pair, and every rule + group key with the start of
/// its window. A store on the other side of a network (PostgreSQL) locks and fetches
/// exactly this in one round trip and decides over a [`crate::snapshot::Snapshot`],
/// instead of one round trip per question.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Sorted, without duplicates.
    pub dedup_keys: Vec<String>,
    /// Sorted by (rule, group key), without duplicates.
    pub groups: Vec<GroupNeed>,
}

/// One rule + group key whose cooldown and cap [`decide`] may check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GroupNeed {
    pub rule: String,
    pub group_key: String,
    /// [`window_start`] of the rule at the decision time.
    pub window_start_ms: i64,
}

/// What deciding `payload` at `now_ms` may read (see [`Needs`]). Matches rules exactly
/// as [`decide`] does.
pub fn needs(config: &Config, payload: &Payload, now_ms: i64) -> Needs {
    let mut n = Needs::default();
    for alert in &payload.alerts {
        let fp = alert.fingerprint();
        for rule in &config.rules {
            if !matcher::all_match(&rule.matchers, &alert.labels) {
                continue;
            }
            n.dedup_keys.push(dedup_key(
                &fp,
                &rule.name,
                &alert.starts_at,
                alert.is_resolved(),
            ));
            n.groups.push(GroupNeed {
                rule: rule.name.clone(),
                group_key: group_key(rule, alert, &fp),
                window_start_ms: window_start(rule, now_ms),
            });
            if !rule.continue_matching {
                break;
            }
        }
    }
    n.dedup_keys.sort();
    n.dedup_keys.dedup();
    n.groups.sort();
    n.groups
        .dedup_by(|a, b| a.rule == b.rule && a.group_key == b.group_key);
    n
}

/// Decide every alert of `payload` at `now_ms`, recording each decision into `state`.
/// `dry_run` forces dry-run for every rule (the server's `--dry-run`).
pub fn decide<S: State>(
    config: &Config,
    payload: &Payload,
    now_ms: i64,
    dry_run: bool,
    state: &mut S,
) -> Result<Vec<Decision>, S::Error> {
    let mut out = Vec::new();
    for alert in &payload.alerts {
        let fp = alert.fingerprint();
        let base = Decision {
            fingerprint: fp.clone(),
            alertname: alert.label("alertname").to_owned(),
            status: if alert.is_resolved() {
                "resolved"
            } else {
                "firing"
            }
            .to_owned(),
            starts_at: alert.starts_at.clone(),
            labels: alert.labels.clone(),
            rule: None,
            group_key: None,
            dedup_key: None,
            outcome: Outcome::NoRule,
            reason: "no rule matches the alert's labels".to_owned(),
            dry_run,
            request: None,
        };
        let mut matched = false;
        for rule in &config.rules {
            if !matcher::all_match(&rule.matchers, &alert.labels) {
                continue;
            }
            matched = true;
            let d = decide_one(config, payload, alert, rule, &base, now_ms, dry_run, state)?;
            state.record(&d, now_ms)?;
            out.push(d);
            if !rule.continue_matching {
                break;
            }
        }
        if !matched {
            state.record(&base, now_ms)?;
            out.push(base);
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn decide_one<S: State>(
    config: &Config,
    payload: &Payload,
    alert: &Alert,
    rule: &Rule,
    base: &Decision,
    now_ms: i64,
    dry_run: bool,
    state: &mut S,
) -> Result<Decision, S::Error> {
    let resolved = alert.is_resolved();
    let gk = group_key(rule, alert, &base.fingerprint);
    let dk = dedup_key(&base.fingerprint, &rule.name, &alert.starts_at, resolved);
    let mut d = Decision {
        rule: Some(rule.name.clone()),
        group_key: Some(gk.clone()),
        dedup_key: Some(dk.clone()),
        dry_run: dry_run || rule.dry_run,
        ..base.clone()
    };
    if state.is_handled(&dk)? {
        d.outcome = Outcome::Deduped;
        d.reason = "already handled: an Alertmanager resend of the same alert instance".into();
        return Ok(d);
    }
    let window_start = window_start(rule, now_ms);
    let in_window = state.actions_since(&rule.name, &gk, window_start)?;
    let (outcome, spec) = if resolved {
        match &rule.resolved {
            None => {
                d.outcome = Outcome::ResolvedIgnored;
                d.reason = "resolved; the rule ignores resolutions".into();
                return Ok(d);
            }
            Some(spec) => (Outcome::ResolvedAction, spec),
        }
    } else {
        if let Some(last) = state.last_action_ms(&rule.name, &gk)? {
            // A last action "in the future" (the clock stepped back) counts as recent:
            // when in doubt, do not act twice.
            let since = u64::try_from(now_ms.saturating_sub(last)).unwrap_or(0);
            if since < rule.cooldown_ms {
                d.outcome = Outcome::Cooldown;
                d.reason = format!(
                    "rule acted for {gk} {} ago; cooldown is {}",
                    crate::duration::format_ms(since),
                    crate::duration::format_ms(rule.cooldown_ms)
                );
                return Ok(d);
            }
        }
        if in_window >= rule.max_actions {
            let escalated = state.escalated_since(&rule.name, &gk, window_start)?;
            match (&rule.escalate, escalated) {
                (Some(spec), false) => (Outcome::Escalate, spec),
                (None, _) => {
                    d.outcome = Outcome::Capped;
                    d.reason = format!(
                        "{in_window} actions for {gk} in the last {} (max_actions {}); the rule has no escalate action",
                        crate::duration::format_ms(rule.window_ms),
                        rule.max_actions
                    );
                    return Ok(d);
                }
                (Some(_), true) => {
                    d.outcome = Outcome::Capped;
                    d.reason = format!(
                        "{in_window} actions for {gk} in the last {} (max_actions {}); already escalated in this window",
                        crate::duration::format_ms(rule.window_ms),
                        rule.max_actions
                    );
                    return Ok(d);
                }
            }
        } else {
            (Outcome::Dispatch, &rule.action)
        }
    };
    let info = RenderInfo {
        fingerprint: &base.fingerprint,
        rule: &rule.name,
        group_key: &gk,
        dedup_key: &dk,
        outcome: match outcome {
            Outcome::Escalate => "escalate",
            Outcome::ResolvedAction => "resolved",
            _ => "dispatch",
        },
        actions_in_window: in_window,
    };
    let ctx = template::context(payload, alert, info);
    let default_body = || default_webhook_body(payload, alert, &d, outcome);
    match spec.render(&config.templates, &ctx, default_body) {
        Ok(req) => {
            d.reason = match outcome {
                Outcome::Escalate => format!(
                    "{in_window} actions for {gk} in the last {} reached max_actions {}: escalating with {}",
                    crate::duration::format_ms(rule.window_ms),
                    rule.max_actions,
                    req.describe()
                ),
                Outcome::ResolvedAction => format!("resolved: {}", req.describe()),
                _ => req.describe(),
            };
            d.outcome = outcome;
            d.request = Some(req);
        }
        Err(e) => {
            d.outcome = Outcome::Invalid;
            d.reason = format!("{}: {}", e.code, e.message);
        }
    }
    Ok(d)
}

fn default_webhook_body(payload: &Payload, alert: &Alert, d: &Decision, outcome: Outcome) -> Value {
    json!({
        "outcome": outcome.as_str(),
        "rule": d.rule,
        "group_key": d.group_key,
        "dedup_key": d.dedup_key,
        "fingerprint": d.fingerprint,
        "status": d.status,
        "startsAt": alert.starts_at,
        "labels": alert.labels,
        "annotations": alert.annotations,
        "groupKey": payload.group_key,
        "externalURL": payload.external_url,
    })
}
