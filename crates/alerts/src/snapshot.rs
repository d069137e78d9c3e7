//! A [`State`] over state fetched up front: the store reads what [`crate::decide::needs`]
//! names (under its locks), fills a [`Snapshot`], runs [`crate::decide::decide`] over it, and
//! writes [`Snapshot::recorded`] back — one read and one write round trip per
//! notification instead of one per question.
//!
//! The snapshot answers only what was fetched: a question about another dedup key,
//! rule and group key, or another window start is an error ([`NotFetched`]), never a guess,
//! so a drift between [`crate::decide::needs`] and [`crate::decide::decide`] fails loudly. Decisions
//! recorded during the notification are seen by the alerts after them, as with every
//! other [`State`].

use std::collections::{HashMap, HashSet};

use crate::decide::{Decision, Needs, Outcome, State};

/// A question the snapshot was not filled for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFetched(pub String);

impl std::fmt::Display for NotFetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "state not fetched before deciding: {}", self.0)
    }
}

impl std::error::Error for NotFetched {}

#[derive(Clone, Debug, Default)]
struct Group {
    window_start_ms: i64,
    /// The latest action ever (cooldowns may be longer than the window).
    last_ms: Option<i64>,
    /// Dispatches (not escalations) after `window_start_ms`, as fetched.
    dispatches: u32,
    /// Whether an escalation happened after `window_start_ms`, as fetched.
    escalated: bool,
    /// Actions recorded while deciding this notification: (at, escalation?).
    recorded: Vec<(i64, bool)>,
}

/// State for one notification; see the module docs.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    asked: HashSet<String>,
    handled: HashSet<String>,
    groups: HashMap<(String, String), Group>,
    /// Every decision recorded, in order (deduped resends included).
    pub recorded: Vec<Decision>,
}

impl Snapshot {
    /// An empty snapshot for `needs`: nothing handled, no past action. Fill it with
    /// [`Snapshot::set_handled`] and [`Snapshot::set_group`].
    pub fn new(needs: &Needs) -> Snapshot {
        Snapshot {
            asked: needs.dedup_keys.iter().cloned().collect(),
            handled: HashSet::new(),
            groups: needs
                .groups
                .iter()
                .map(|g| {
                    (
                        (g.rule.clone(), g.group_key.clone()),
                        Group {
                            window_start_ms: g.window_start_ms,
                            ..Group::default()
                        },
                    )
                })
                .collect(),
            recorded: Vec::new(),
        }
    }

    /// The alert instance `dedup_key` was handled already.
    pub fn set_handled(&mut self, dedup_key: &str) {
        self.handled.insert(dedup_key.to_owned());
    }

    /// What the store holds for a rule + group key of the [`Needs`]: the time of its
    /// latest action, and, after the need's `window_start_ms`, how many dispatches and
    /// whether an escalation.
    pub fn set_group(
        &mut self,
        rule: &str,
        group_key: &str,
        last_ms: Option<i64>,
        dispatches_in_window: u32,
        escalated_in_window: bool,
    ) {
        if let Some(g) = self
            .groups
            .get_mut(&(rule.to_owned(), group_key.to_owned()))
        {
            g.last_ms = last_ms;
            g.dispatches = dispatches_in_window;
            g.escalated = escalated_in_window;
        }
    }

    /// The group, for questions about its window (which must be the fetched one).
    fn group(&self, rule: &str, group_key: &str, since_ms: i64) -> Result<&Group, NotFetched> {
        match self.groups.get(&(rule.to_owned(), group_key.to_owned())) {
            Some(g) if since_ms == g.window_start_ms => Ok(g),
            Some(g) => Err(NotFetched(format!(
                "actions of rule {rule:?} for {group_key} since {since_ms} (fetched since {})",
                g.window_start_ms
            ))),
            None => Err(NotFetched(format!(
                "actions of rule {rule:?} for {group_key}"
            ))),
        }
    }
}

impl State for Snapshot {
    type Error = NotFetched;

    fn is_handled(&mut self, dedup_key: &str) -> Result<bool, NotFetched> {
        if !self.asked.contains(dedup_key) {
            return Err(NotFetched(format!("dedup key {dedup_key:?}")));
        }
        Ok(self.handled.contains(dedup_key))
    }

    fn last_action_ms(&mut self, rule: &str, group_key: &str) -> Result<Option<i64>, NotFetched> {
        let g = self
            .groups
            .get(&(rule.to_owned(), group_key.to_owned()))
            .ok_or_else(|| NotFetched(format!("actions of rule {rule:?} for {group_key}")))?;
        let local = g.recorded.iter().map(|(at, _)| *at).max();
        Ok(match (g.last_ms, local) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        })
    }

    fn actions_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<u32, NotFetched> {
        let g = self.group(rule, group_key, since_ms)?;
        let local = g
            .recorded
            .iter()
            .filter(|(at, esc)| *at > since_ms && !esc)
            .count();
        Ok(g.dispatches
            .saturating_add(u32::try_from(local).unwrap_or(u32::MAX)))
    }

    fn escalated_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<bool, NotFetched> {
        let g = self.group(rule, group_key, since_ms)?;
        Ok(g.escalated || g.recorded.iter().any(|(at, esc)| *at > since_ms && *esc))
    }

    fn record(&mut self, d: &Decision, now_ms: i64) -> Result<(), NotFetched> {
        if d.outcome.handles()
            && let Some(k) = &d.dedup_key
        {
            self.handled.insert(k.clone());
        }
        if let (Some(rule), Some(gk)) = (&d.rule, &d.group_key) {
            let escalation = match d.outcome {
                Outcome::Dispatch => Some(false),
                Outcome::Escalate => Some(true),
                _ => None,
            };
            if let Some(esc) = escalation {
                match self.groups.get_mut(&(rule.clone(), gk.clone())) {
                    Some(g) => g.recorded.push((now_ms, esc)),
                    None => {
                        return Err(NotFetched(format!("actions of rule {rule:?} for {gk}")));
                    }
                }
            }
        }
        self.recorded.push(d.clone());
        Ok(())
    }
}
