//! The SQLite state store (the embedded default): one server per database file.
//!
//! One thread owns the connection and serves commands from the async side. Webhook
//! notifications are decided and committed in batches (group commit): every
//! notification waiting when a transaction starts is decided inside it, in arrival
//! order, and each handler gets its answer only after the commit — so a `200` always
//! means the decision and its outbox entry are on disk.
//!
//! Durability: WAL with `synchronous=NORMAL` survives a killed process (`kill -9`);
//! `--sqlite-sync full` also survives power loss, at a lower request rate.
//!
//! The outbox protocol, and what a crash at each point means, is in docs/alerts.md
//! ("Exactly-once"): `pending` → claim (`in-flight`, attempt id, committed before the
//! HTTP call) → `done` | `failed` | back to `pending` with a later `next_at`. An entry
//! found `in-flight` when the store opens was interrupted mid-call (one server per
//! file: nobody else can be sending it): it becomes `in-doubt` and is not resent
//! (GitHub and Azure DevOps dispatches are not idempotent), except webhooks, which
//! carry an `Idempotency-Key` and are resent.

use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use tokio::sync::{mpsc, oneshot};

use super::{AuditEntry, Claimed, Completion, Recovery, Store, StoreError};
use crate::action::Request;
use crate::config::Config;
use crate::decide::{self, Decision, Outcome, State};
use crate::payload::Payload;

/// Most notifications decided in one transaction.
const MAX_BATCH: usize = 512;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// How hard SQLite flushes a commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SyncMode {
    /// Survives a killed process (the default).
    #[default]
    Normal,
    /// Also survives power loss (an fsync per commit).
    Full,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS decisions (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  receiver TEXT NOT NULL,
  am_group_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  alertname TEXT NOT NULL,
  status TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  labels TEXT NOT NULL,
  rule TEXT,
  group_key TEXT,
  dedup_key TEXT,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  dry_run INTEGER NOT NULL,
  request TEXT
);
CREATE INDEX IF NOT EXISTS decisions_at ON decisions(at_ms);
CREATE TABLE IF NOT EXISTS handled (
  dedup_key TEXT PRIMARY KEY,
  decision_id INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  resends INTEGER NOT NULL DEFAULT 0,
  last_resend_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS handled_decision ON handled(decision_id);
CREATE TABLE IF NOT EXISTS actions (
  rule TEXT NOT NULL,
  group_key TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  escalation INTEGER NOT NULL,
  decision_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS actions_rule_group ON actions(rule, group_key, at_ms);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL UNIQUE,
  dedup_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  request TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at_ms INTEGER NOT NULL,
  claim TEXT,
  claimed_at_ms INTEGER,
  last_status INTEGER,
  last_error TEXT,
  done_at_ms INTEGER,
  created_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_at_ms);
CREATE TABLE IF NOT EXISTS attempts (
  outbox_id INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  claim TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER NOT NULL,
  result TEXT NOT NULL,
  status INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS attempts_outbox ON attempts(outbox_id);
";

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

struct AcceptJob {
    payload: Payload,
    now_ms: i64,
    reply: Reply<Vec<Decision>>,
}

enum Cmd {
    Accept(Box<AcceptJob>),
    Claim {
        now_ms: i64,
        limit: usize,
        reply: Reply<(Vec<Claimed>, Option<i64>)>,
    },
    Complete {
        id: i64,
        claim: String,
        attempt: u32,
        started_ms: i64,
        ended_ms: i64,
        completion: Completion,
        reply: Reply<()>,
    },
    Prune {
        before_ms: i64,
        reply: Reply<u64>,
    },
    Ping {
        reply: Reply<()>,
    },
}

/// The async side's handle to the store thread (cheap to clone).
#[derive(Clone, Debug)]
pub struct StoreHandle {
    tx: mpsc::Sender<Cmd>,
    path: Arc<std::path::PathBuf>,
}

impl std::fmt::Debug for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cmd")
    }
}

fn gone() -> StoreError {
    StoreError("the store thread stopped".into())
}

impl StoreHandle {
    async fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Cmd) -> Result<T, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(make(reply)).await.map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    /// Decide a notification and commit the decisions (and outbox entries).
    pub async fn accept(&self, payload: Payload, now_ms: i64) -> Result<Vec<Decision>, StoreError> {
        self.call(|reply| {
            Cmd::Accept(Box::new(AcceptJob {
                payload,
                now_ms,
                reply,
            }))
        })
        .await
    }

    /// Claim up to `limit` due entries; also returns when the next pending one is due.
    pub async fn claim(
        &self,
        now_ms: i64,
        limit: usize,
    ) -> Result<(Vec<Claimed>, Option<i64>), StoreError> {
        self.call(|reply| Cmd::Claim {
            now_ms,
            limit,
            reply,
        })
        .await
    }

    /// Record how an attempt ended.
    pub async fn complete(
        &self,
        c: &Claimed,
        started_ms: i64,
        ended_ms: i64,
        completion: Completion,
    ) -> Result<(), StoreError> {
        let (id, claim, attempt) = (c.id, c.claim.clone(), c.attempt);
        self.call(|reply| Cmd::Complete {
            id,
            claim,
            attempt,
            started_ms,
            ended_ms,
            completion,
            reply,
        })
        .await
    }

    /// Forget decisions older than `before_ms` (finished outbox entries only).
    pub async fn prune(&self, before_ms: i64) -> Result<u64, StoreError> {
        self.call(|reply| Cmd::Prune { before_ms, reply }).await
    }

    /// Whether the store answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.call(|reply| Cmd::Ping { reply }).await
    }
}

impl Store for StoreHandle {
    async fn accept(&self, payload: Payload, now_ms: i64) -> Result<Vec<Decision>, StoreError> {
        StoreHandle::accept(self, payload, now_ms).await
    }

    async fn claim(
        &self,
        now_ms: i64,
        limit: usize,
    ) -> Result<(Vec<Claimed>, Option<i64>), StoreError> {
        StoreHandle::claim(self, now_ms, limit).await
    }

    async fn complete(
        &self,
        c: &Claimed,
        started_ms: i64,
        ended_ms: i64,
        completion: Completion,
    ) -> Result<(), StoreError> {
        StoreHandle::complete(self, c, started_ms, ended_ms, completion).await
    }

    /// Nothing to do while running: one server per file, so an entry can only be left
    /// `in-flight` by a previous process, which [`open`] recovers.
    async fn recover(&self) -> Result<Recovery, StoreError> {
        Ok(Recovery::default())
    }

    async fn prune(&self, before_ms: i64) -> Result<u64, StoreError> {
        StoreHandle::prune(self, before_ms).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        StoreHandle::ping(self).await
    }

    async fn audit(&self, since_ms: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let path = Arc::clone(&self.path);
        tokio::task::spawn_blocking(move || audit(&path, since_ms))
            .await
            .map_err(|e| StoreError(format!("audit task: {e}")))?
    }

    fn claim_batch(&self) -> usize {
        16
    }

    fn describe(&self) -> String {
        format!("sqlite:{}", self.path.display())
    }
}

/// Open (or create) the database at `path` and start its thread.
pub fn open(
    path: &Path,
    config: Arc<Config>,
    dry_run: bool,
    sync: SyncMode,
) -> Result<(StoreHandle, Recovery), StoreError> {
    let mut conn = connect(path, sync)?;
    // Checkpoints run on their own connection and thread (below), never inside a
    // notification's commit, so they do not stall the receiver.
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    let recovery = recover(&mut conn)?;
    let (tx, rx) = mpsc::channel(8192);
    let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let checkpointer = connect(path, sync)?;
    let still = Arc::clone(&running);
    std::thread::Builder::new()
        .name("devplat-alerts-checkpoint".into())
        .spawn(move || {
            while still.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(500));
                // PASSIVE: copy what it can without waiting for the writer.
                let _ = checkpointer.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        })
        .map_err(|e| StoreError(format!("cannot start the checkpoint thread: {e}")))?;
    std::thread::Builder::new()
        .name("devplat-alerts-store".into())
        .spawn(move || {
            run(conn, rx, &config, dry_run);
            running.store(false, std::sync::atomic::Ordering::Relaxed);
        })
        .map_err(|e| StoreError(format!("cannot start the store thread: {e}")))?;
    Ok((
        StoreHandle {
            tx,
            path: Arc::new(path.to_owned()),
        },
        recovery,
    ))
}

fn connect(path: &Path, sync: SyncMode) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)
        .map_err(|e| StoreError(format!("cannot open {}: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(
        None,
        "synchronous",
        match sync {
            SyncMode::Normal => "NORMAL",
            SyncMode::Full => "FULL",
        },
    )?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// Entries left `in-flight` by a previous process: see the module docs.
fn recover(conn: &mut Connection) -> Result<Recovery, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let requeued = tx.execute(
        "UPDATE outbox SET state='pending', claim=NULL, \
         last_error='interrupted by a restart; resent with the same Idempotency-Key' \
         WHERE state='in-flight' AND kind='webhook'",
        [],
    )?;
    let in_doubt = tx.execute(
        "UPDATE outbox SET state='in-doubt', claim=NULL, \
         last_error='interrupted: the process stopped after claiming this request and before recording its result; it may or may not have reached the API, so it is not resent' \
         WHERE state='in-flight'",
        [],
    )?;
    tx.commit()?;
    Ok(Recovery {
        in_doubt: in_doubt as u64,
        requeued: requeued as u64,
    })
}

fn run(mut conn: Connection, mut rx: mpsc::Receiver<Cmd>, config: &Config, dry_run: bool) {
    let mut stashed: Option<Cmd> = None;
    loop {
        let cmd = match stashed.take() {
            Some(c) => c,
            None => match rx.blocking_recv() {
                Some(c) => c,
                None => return,
            },
        };
        match cmd {
            Cmd::Accept(job) => {
                let mut batch = vec![*job];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(Cmd::Accept(j)) => batch.push(*j),
                        Ok(other) => {
                            stashed = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                accept_batch(&mut conn, config, dry_run, batch);
            }
            Cmd::Claim {
                now_ms,
                limit,
                reply,
            } => {
                let _ = reply.send(claim(&mut conn, now_ms, limit));
            }
            Cmd::Complete {
                id,
                claim,
                attempt,
                started_ms,
                ended_ms,
                completion,
                reply,
            } => {
                let _ = reply.send(complete(
                    &mut conn,
                    id,
                    &claim,
                    attempt,
                    started_ms,
                    ended_ms,
                    &completion,
                ));
            }
            Cmd::Prune { before_ms, reply } => {
                let _ = reply.send(prune(&mut conn, before_ms));
            }
            Cmd::Ping { reply } => {
                let r = conn
                    .query_row("SELECT 1", [], |_| Ok(()))
                    .map_err(StoreError::from);
                let _ = reply.send(r);
            }
        }
    }
}

fn accept_batch(conn: &mut Connection, config: &Config, dry_run: bool, batch: Vec<AcceptJob>) {
    let result = (|| -> Result<Vec<Vec<Decision>>, StoreError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut all = Vec::with_capacity(batch.len());
        for job in &batch {
            let mut state = SqliteState {
                tx: &tx,
                receiver: &job.payload.receiver,
                am_group_key: &job.payload.group_key,
            };
            all.push(decide::decide(
                config,
                &job.payload,
                job.now_ms,
                dry_run,
                &mut state,
            )?);
        }
        tx.commit()?;
        Ok(all)
    })();
    match result {
        Ok(all) => {
            for (job, decisions) in batch.into_iter().zip(all) {
                let _ = job.reply.send(Ok(decisions));
            }
        }
        Err(e) => {
            for job in batch {
                let _ = job.reply.send(Err(e.clone()));
            }
        }
    }
}

/// [`State`] over an open transaction.
struct SqliteState<'t> {
    tx: &'t Transaction<'t>,
    receiver: &'t str,
    am_group_key: &'t str,
}

impl State for SqliteState<'_> {
    type Error = StoreError;

    fn is_handled(&mut self, dedup_key: &str) -> Result<bool, StoreError> {
        let mut st = self
            .tx
            .prepare_cached("SELECT 1 FROM handled WHERE dedup_key = ?1")?;
        Ok(st.exists(params![dedup_key])?)
    }

    fn last_action_ms(&mut self, rule: &str, group_key: &str) -> Result<Option<i64>, StoreError> {
        let mut st = self
            .tx
            .prepare_cached("SELECT MAX(at_ms) FROM actions WHERE rule = ?1 AND group_key = ?2")?;
        Ok(st.query_row(params![rule, group_key], |r| r.get::<_, Option<i64>>(0))?)
    }

    fn actions_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<u32, StoreError> {
        let mut st = self.tx.prepare_cached(
            "SELECT COUNT(*) FROM actions WHERE rule = ?1 AND group_key = ?2 AND at_ms > ?3 AND escalation = 0",
        )?;
        let n: i64 = st.query_row(params![rule, group_key, since_ms], |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    fn escalated_since(
        &mut self,
        rule: &str,
        group_key: &str,
        since_ms: i64,
    ) -> Result<bool, StoreError> {
        let mut st = self.tx.prepare_cached(
            "SELECT 1 FROM actions WHERE rule = ?1 AND group_key = ?2 AND at_ms > ?3 AND escalation = 1",
        )?;
        Ok(st.exists(params![rule, group_key, since_ms])?)
    }

    fn record(&mut self, d: &Decision, now_ms: i64) -> Result<(), StoreError> {
        // A resend is counted on the instance it repeats rather than written as a row
        // of its own: Alertmanager resends every group at every repeat_interval for as
        // long as it fires, which would otherwise dominate the trail (and the disk).
        if d.outcome == Outcome::Deduped {
            if let Some(k) = &d.dedup_key {
                self.tx
                    .prepare_cached(
                        "UPDATE handled SET resends = resends + 1, last_resend_ms = ?1 WHERE dedup_key = ?2",
                    )?
                    .execute(params![now_ms, k])?;
            }
            return Ok(());
        }
        let request = match &d.request {
            Some(r) => Some(serde_json::to_string(r).map_err(|e| StoreError(e.to_string()))?),
            None => None,
        };
        let labels = serde_json::to_string(&d.labels).map_err(|e| StoreError(e.to_string()))?;
        let mut st = self.tx.prepare_cached(
            "INSERT INTO decisions (at_ms, receiver, am_group_key, fingerprint, alertname, status, starts_at, labels, rule, group_key, dedup_key, outcome, reason, dry_run, request) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        st.execute(params![
            now_ms,
            self.receiver,
            self.am_group_key,
            d.fingerprint,
            d.alertname,
            d.status,
            d.starts_at,
            labels,
            d.rule,
            d.group_key,
            d.dedup_key,
            d.outcome.as_str(),
            d.reason,
            d.dry_run,
            request,
        ])?;
        let id = self.tx.last_insert_rowid();
        if d.outcome.handles()
            && let Some(k) = &d.dedup_key
        {
            self.tx
                .prepare_cached(
                    "INSERT INTO handled (dedup_key, decision_id, at_ms) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![k, id, now_ms])?;
        }
        if let (Some(rule), Some(gk)) = (&d.rule, &d.group_key) {
            let escalation = match d.outcome {
                Outcome::Dispatch => Some(false),
                Outcome::Escalate => Some(true),
                _ => None,
            };
            if let Some(esc) = escalation {
                self.tx
                    .prepare_cached("INSERT INTO actions (rule, group_key, at_ms, escalation, decision_id) VALUES (?1, ?2, ?3, ?4, ?5)")?
                    .execute(params![rule, gk, now_ms, esc, id])?;
            }
        }
        if d.queues()
            && let (Some(k), Some(req), Some(text)) = (&d.dedup_key, &d.request, &request)
        {
            self.tx
                    .prepare_cached(
                        "INSERT INTO outbox (decision_id, dedup_key, kind, request, state, attempts, next_at_ms, created_at_ms) \
                         VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)",
                    )?
                    .execute(params![id, k, req.kind(), text, now_ms])?;
        }
        Ok(())
    }
}

fn new_claim_id() -> String {
    format!("{:016x}", fastrand::u64(..))
}

fn claim(
    conn: &mut Connection,
    now_ms: i64,
    limit: usize,
) -> Result<(Vec<Claimed>, Option<i64>), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut out = Vec::new();
    {
        let mut st = tx.prepare_cached(
            "SELECT id, dedup_key, request, attempts, created_at_ms FROM outbox \
             WHERE state = 'pending' AND next_at_ms <= ?1 ORDER BY next_at_ms, id LIMIT ?2",
        )?;
        let rows = st.query_map(params![now_ms, i64::try_from(limit).unwrap_or(64)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
        let mut upd = tx.prepare_cached(
            "UPDATE outbox SET state = 'in-flight', claim = ?1, claimed_at_ms = ?2, attempts = attempts + 1 \
             WHERE id = ?3 AND state = 'pending'",
        )?;
        for (id, dedup_key, request, attempts, created_at_ms) in rows {
            let request: Request = match serde_json::from_str(&request) {
                Ok(r) => r,
                Err(e) => {
                    tx.execute(
                        "UPDATE outbox SET state = 'failed', last_error = ?1 WHERE id = ?2",
                        params![format!("unreadable request in the outbox: {e}"), id],
                    )?;
                    continue;
                }
            };
            let c = new_claim_id();
            if upd.execute(params![c, now_ms, id])? == 1 {
                out.push(Claimed {
                    id,
                    claim: c,
                    attempt: u32::try_from(attempts.saturating_add(1)).unwrap_or(u32::MAX),
                    dedup_key,
                    request,
                    created_at_ms,
                });
            }
        }
    }
    let next: Option<i64> = tx.query_row(
        "SELECT MIN(next_at_ms) FROM outbox WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )?;
    tx.commit()?;
    Ok((out, next))
}

fn complete(
    conn: &mut Connection,
    id: i64,
    claim: &str,
    attempt: u32,
    started_ms: i64,
    ended_ms: i64,
    c: &Completion,
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (result, status, error) = match c {
        Completion::Done { status } => {
            tx.execute(
                "UPDATE outbox SET state = 'done', done_at_ms = ?1, last_status = ?2, last_error = NULL, claim = NULL WHERE id = ?3 AND claim = ?4",
                params![ended_ms, status, id, claim],
            )?;
            ("done", *status, None)
        }
        Completion::Retry {
            at_ms,
            status,
            error,
        } => {
            tx.execute(
                "UPDATE outbox SET state = 'pending', next_at_ms = ?1, last_status = ?2, last_error = ?3, claim = NULL WHERE id = ?4 AND claim = ?5",
                params![at_ms, status, error, id, claim],
            )?;
            ("retry", *status, Some(error.as_str()))
        }
        Completion::Failed { status, error } => {
            tx.execute(
                "UPDATE outbox SET state = 'failed', done_at_ms = ?1, last_status = ?2, last_error = ?3, claim = NULL WHERE id = ?4 AND claim = ?5",
                params![ended_ms, status, error, id, claim],
            )?;
            ("failed", *status, Some(error.as_str()))
        }
    };
    tx.execute(
        "INSERT INTO attempts (outbox_id, attempt, claim, started_ms, ended_ms, result, status, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, attempt, claim, started_ms, ended_ms, result, status, error],
    )?;
    tx.commit()?;
    Ok(())
}

fn prune(conn: &mut Connection, before_ms: i64) -> Result<u64, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let live = "SELECT decision_id FROM outbox WHERE state IN ('pending', 'in-flight')";
    let n = tx.execute(
        &format!("DELETE FROM decisions WHERE at_ms < ?1 AND id NOT IN ({live})"),
        params![before_ms],
    )?;
    tx.execute("DELETE FROM handled WHERE at_ms < ?1", params![before_ms])?;
    tx.execute("DELETE FROM actions WHERE at_ms < ?1", params![before_ms])?;
    tx.execute(
        "DELETE FROM attempts WHERE outbox_id IN (SELECT id FROM outbox WHERE created_at_ms < ?1 AND state IN ('done', 'failed', 'in-doubt'))",
        params![before_ms],
    )?;
    tx.execute(
        "DELETE FROM outbox WHERE created_at_ms < ?1 AND state IN ('done', 'failed', 'in-doubt')",
        params![before_ms],
    )?;
    tx.commit()?;
    Ok(n as u64)
}

/// Read the audit trail from `path` (read-only; works while the server runs).
pub fn audit(path: &Path, since_ms: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError(format!("cannot open {}: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let exists: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Err(StoreError(format!(
            "{} is not a devplat alerts state database",
            path.display()
        )));
    }
    let mut st = conn.prepare(
        "SELECT d.id, d.at_ms, d.receiver, d.fingerprint, d.alertname, d.status, d.starts_at, d.rule, d.group_key, d.dedup_key, \
                d.outcome, d.reason, d.dry_run, d.request, o.state, o.attempts, o.last_status, o.last_error, \
                COALESCE(h.resends, 0), h.last_resend_ms \
         FROM decisions d LEFT JOIN outbox o ON o.decision_id = d.id LEFT JOIN handled h ON h.decision_id = d.id \
         WHERE d.at_ms >= ?1 ORDER BY d.id",
    )?;
    let rows = st.query_map(params![since_ms], |r| {
        let request: Option<String> = r.get(13)?;
        Ok(AuditEntry {
            id: r.get(0)?,
            at_ms: r.get(1)?,
            receiver: r.get(2)?,
            fingerprint: r.get(3)?,
            alertname: r.get(4)?,
            status: r.get(5)?,
            starts_at: r.get(6)?,
            rule: r.get(7)?,
            group_key: r.get(8)?,
            dedup_key: r.get(9)?,
            outcome: r.get(10)?,
            reason: r.get(11)?,
            dry_run: r.get(12)?,
            request: request.and_then(|t| serde_json::from_str(&t).ok()),
            dispatch: r.get(14)?,
            attempts: r.get(15)?,
            last_status: r.get(16)?,
            last_error: r.get(17)?,
            resends: r.get(18)?,
            last_resend_ms: r.get(19)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "rules:\n  - name: gh\n    matchers: ['kind=\"gh\"']\n    action: {github_repository_dispatch: {repo: acme/deploy, event_type: fix}}\n  - name: hook\n    matchers: ['kind=\"hook\"']\n    action: {webhook: {url: 'http://127.0.0.1:9/x'}}\n";

    fn payload(fp: &str, kind: &str) -> Payload {
        Payload::from_json(
            format!(r#"{{"version":"4","alerts":[{{"status":"firing","labels":{{"kind":"{kind}"}},"startsAt":"2026-11-22T10:00:00Z","fingerprint":"{fp}"}}]}}"#)
                .as_bytes(),
        )
        .unwrap()
    }

    fn open_store(path: &Path) -> (StoreHandle, Recovery) {
        let cfg = Arc::new(crate::config::load("c.yml", CONFIG).config.unwrap());
        open(path, cfg, false, SyncMode::Normal).unwrap()
    }

    #[tokio::test]
    async fn resends_are_counted_and_claims_survive_a_crash_as_in_doubt() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        let (store, rec) = open_store(&db);
        assert_eq!(rec, Recovery::default());
        let d = store.accept(payload("a", "gh"), 1_000).await.unwrap();
        assert_eq!(d[0].outcome, Outcome::Dispatch);
        let d = store.accept(payload("a", "gh"), 2_000).await.unwrap();
        assert_eq!(d[0].outcome, Outcome::Deduped);
        store.accept(payload("w", "hook"), 2_000).await.unwrap();
        let entries = audit(&db, 0).unwrap();
        assert_eq!(entries.len(), 2, "a resend is not a row of its own");
        assert_eq!(
            (entries[0].resends, entries[0].last_resend_ms),
            (1, Some(2_000))
        );
        assert_eq!(entries[0].dispatch.as_deref(), Some("pending"));

        let (claimed, _) = store.claim(3_000, 10).await.unwrap();
        assert_eq!(claimed.len(), 2);
        // A stale claim id cannot record a result.
        let mut stale = claimed[0].clone();
        stale.claim = "0000000000000000".into();
        store
            .complete(&stale, 3_000, 3_001, Completion::Done { status: Some(204) })
            .await
            .unwrap();
        assert_eq!(
            audit(&db, 0).unwrap()[0].dispatch.as_deref(),
            Some("in-flight")
        );
        // "Crash": drop the handle without completing, reopen the same file.
        drop(store);
        std::thread::sleep(std::time::Duration::from_millis(100));
        let (store, rec) = open_store(&db);
        assert_eq!(
            rec,
            Recovery {
                in_doubt: 1,
                requeued: 1
            }
        );
        let entries = audit(&db, 0).unwrap();
        assert_eq!(entries[0].dispatch.as_deref(), Some("in-doubt"));
        assert_eq!(
            entries[1].dispatch.as_deref(),
            Some("pending"),
            "webhooks are resent with their key"
        );
        let (claimed, _) = store.claim(4_000, 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].attempt, 2);
        store
            .complete(
                &claimed[0],
                4_000,
                4_001,
                Completion::Retry {
                    at_ms: 9_000,
                    status: Some(502),
                    error: "HTTP 502".into(),
                },
            )
            .await
            .unwrap();
        let (none, next) = store.claim(5_000, 10).await.unwrap();
        assert!(none.is_empty());
        assert_eq!(next, Some(9_000));
        // Pruning keeps live entries and forgets old finished ones.
        assert_eq!(store.prune(10_000).await.unwrap(), 1);
        assert_eq!(audit(&db, 0).unwrap().len(), 1);
    }
}
