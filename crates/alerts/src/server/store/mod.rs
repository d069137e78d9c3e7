//! The state store behind the receiver and the worker: decisions, the dedup set, the
//! action log that cooldowns and caps count, the outbox the worker sends from, and the
//! audit trail. One contract ([`Store`]), two implementations:
//!
//! - [`sqlite`]: the embedded default, one server per database file;
//! - [`postgres`]: several replicas sharing one database (Alertmanager's HA pair
//!   sending to every replica).
//!
//! The receiver (`http`) and the worker are generic over [`Store`], so they do not
//! fork; `tests/store_contract.rs` runs one suite against both implementations.

pub mod postgres;
pub mod sqlite;

use std::future::Future;

use serde::Serialize;

use crate::action::Request;
use crate::decide::Decision;
use crate::payload::Payload;

/// A store failure (database error, store thread gone, connection lost).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "state store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// What the store says about the dispatch an entry is claimed for.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: i64,
    /// This attempt's id: completing needs it, so a stale claim cannot overwrite.
    pub claim: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub dedup_key: String,
    pub request: Request,
    pub created_at_ms: i64,
}

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    Done {
        status: Option<u16>,
    },
    Retry {
        at_ms: i64,
        status: Option<u16>,
        error: String,
    },
    Failed {
        status: Option<u16>,
        error: String,
    },
}

/// Interrupted claims found (when the store opens, and, for a shared store, whenever a
/// claimer is found gone).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recovery {
    /// In-flight entries marked `in-doubt` (not resent).
    pub in_doubt: u64,
    /// In-flight webhook entries put back to `pending` (resent with the same key).
    pub requeued: u64,
}

/// One row of the audit trail: a decision and, when it queued a request, the state of
/// its dispatch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub receiver: String,
    pub fingerprint: String,
    pub alertname: String,
    pub status: String,
    #[serde(rename = "startsAt")]
    pub starts_at: String,
    pub rule: Option<String>,
    pub group_key: Option<String>,
    pub dedup_key: Option<String>,
    pub outcome: String,
    pub reason: String,
    pub dry_run: bool,
    pub request: Option<serde_json::Value>,
    /// `pending`, `in-flight`, `done`, `failed`, `in-doubt`; absent when nothing was queued.
    pub dispatch: Option<String>,
    pub attempts: Option<u32>,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    /// Resends of this alert instance recognised (and deduped) since this decision.
    pub resends: u32,
    /// When the last of them arrived.
    pub last_resend_ms: Option<i64>,
}

/// The state store contract (docs/alerts.md, "Exactly-once" and "Several replicas").
pub trait Store: Clone + Send + Sync + 'static {
    /// Decide a notification and commit the decisions (and outbox entries); `Ok` only
    /// after the commit. An alert instance (dedup key) gets at most one acting
    /// decision however many callers — replicas included — accept it at once, and
    /// cooldowns and caps hold under concurrency.
    fn accept(
        &self,
        payload: Payload,
        now_ms: i64,
    ) -> impl Future<Output = Result<Vec<Decision>, StoreError>> + Send;

    /// Claim up to `limit` due entries (each by exactly one caller: state `in-flight`,
    /// a fresh attempt id, attempts + 1, committed before returning); also returns when
    /// the next pending entry is due.
    fn claim(
        &self,
        now_ms: i64,
        limit: usize,
    ) -> impl Future<Output = Result<(Vec<Claimed>, Option<i64>), StoreError>> + Send;

    /// Record how an attempt ended; ignored unless `c` still holds the claim.
    fn complete(
        &self,
        c: &Claimed,
        started_ms: i64,
        ended_ms: i64,
        completion: Completion,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Find claims whose claimer is gone: `in-doubt`, or `pending` again for webhooks.
    fn recover(&self) -> impl Future<Output = Result<Recovery, StoreError>> + Send;

    /// Forget decisions older than `before_ms` (finished outbox entries only).
    fn prune(&self, before_ms: i64) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Whether the store answers.
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every decision since `since_ms`, with the state of its dispatch.
    fn audit(
        &self,
        since_ms: i64,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;

    /// How many entries the worker claims at once.
    fn claim_batch(&self) -> usize;

    /// The store for the log (never a credential).
    fn describe(&self) -> String;
}
