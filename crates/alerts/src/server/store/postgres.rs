//! The PostgreSQL state store: several replicas of `devplat alerts serve` share one
//! database (Alertmanager's HA pair may send the same group to every replica).
//!
//! Same semantics as the SQLite store, made safe for concurrent writers:
//!
//! - **Deciding.** A notification is decided in one READ COMMITTED transaction: it
//!   first takes a transaction-level advisory lock (`pg_advisory_xact_lock`) per
//!   rule and group key it may touch ([`decide::needs`]), in sorted order (no deadlock
//!   between two notifications), *then* reads the dedup set and the action counts in
//!   statements that start after the locks are held (so they see every decision
//!   committed before), decides over a [`Snapshot`], writes, and commits; the 200
//!   follows the commit. Two replicas deciding the same rule + group key at once are
//!   serialised: the second sees the first's decision (dedup, cooldown, cap). Unique
//!   constraints back this up: one handled row and one outbox entry per dedup key, and
//!   at most one acting decision per dedup key; a conflict (or a deadlock or
//!   serialisation failure) rolls the transaction back and decides again.
//! - **Claiming.** Each replica registers an instance (a row in `alerts_instances`)
//!   and holds a session advisory lock on its id for as long as it lives, on a
//!   dedicated connection with TCP keepalives. Claims take due entries with
//!   `FOR UPDATE SKIP LOCKED` (two workers never take the same entry), only while the
//!   claimer's instance lock is held, and record the claimer.
//! - **Recovering.** An `in-flight` entry whose claimer no longer holds its instance
//!   lock (the process died: `kill -9`, a lost host once keepalives notice) was
//!   interrupted mid-call: any replica's sweep ([`Store::recover`], at start and every
//!   few seconds) marks it `in-doubt` (not resent) or, for webhooks, `pending` again.
//!   A claimer that is alive but lost its lock connection can still record the result
//!   of its attempt (the claim id still matches), turning `in-doubt` into the truth.
//! - **Schema.** Created and migrated at start, in one transaction under an advisory
//!   lock, so replicas starting together do not race; `alerts_schema` holds the
//!   version, and a database newer than this build is refused.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use sha2::Digest as _;
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use super::{AuditEntry, Claimed, Completion, Recovery, Store, StoreError};
use crate::action::Request;
use crate::config::Config;
use crate::decide::{self, Decision, Needs, Outcome};
use crate::payload::Payload;
use crate::server::Log;
use crate::server::secret::Secret;
use crate::snapshot::Snapshot;

/// Key space of the replicas' session advisory locks (two-int form: this, instance id).
const INSTANCE_LOCK_CLASS: i32 = 0x6461_6c69; // "dali"
/// Advisory lock serialising schema migrations (one-bigint form).
const MIGRATION_LOCK: i64 = 0x6465_7670_6c61_7431; // "devplat1"
/// How often a transaction that lost a race is decided again before giving up (503).
const MAX_TRIES: u32 = 8;

/// The schema, one entry per version; never edit an applied entry, append a new one.
const MIGRATIONS: &[&str] = &["
CREATE TABLE alerts_decisions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at_ms BIGINT NOT NULL,
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
  dry_run BOOLEAN NOT NULL,
  request TEXT,
  instance BIGINT
);
CREATE INDEX alerts_decisions_at ON alerts_decisions (at_ms);
-- At most one decision that handles an alert instance, whatever the races.
CREATE UNIQUE INDEX alerts_decisions_handled ON alerts_decisions (dedup_key)
  WHERE outcome IN ('dispatch', 'escalate', 'resolved-action', 'resolved-ignored');
CREATE TABLE alerts_handled (
  dedup_key TEXT PRIMARY KEY,
  decision_id BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  resends INTEGER NOT NULL DEFAULT 0,
  last_resend_ms BIGINT
);
CREATE INDEX alerts_handled_decision ON alerts_handled (decision_id);
CREATE TABLE alerts_actions (
  rule TEXT NOT NULL,
  group_key TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  escalation BOOLEAN NOT NULL,
  decision_id BIGINT NOT NULL
);
CREATE INDEX alerts_actions_rule_group ON alerts_actions (rule, group_key, at_ms);
CREATE TABLE alerts_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  decision_id BIGINT NOT NULL UNIQUE,
  dedup_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  request TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at_ms BIGINT NOT NULL,
  claim TEXT,
  claimed_at_ms BIGINT,
  claimed_by BIGINT,
  last_status INTEGER,
  last_error TEXT,
  done_at_ms BIGINT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX alerts_outbox_due ON alerts_outbox (state, next_at_ms);
CREATE TABLE alerts_attempts (
  outbox_id BIGINT NOT NULL,
  attempt INTEGER NOT NULL,
  claim TEXT NOT NULL,
  instance BIGINT,
  started_ms BIGINT NOT NULL,
  ended_ms BIGINT NOT NULL,
  result TEXT NOT NULL,
  status INTEGER,
  error TEXT
);
CREATE INDEX alerts_attempts_outbox ON alerts_attempts (outbox_id);
CREATE TABLE alerts_instances (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_ms BIGINT NOT NULL,
  name TEXT NOT NULL
);
"];

/// `TRUE` when the instance `$N` holds its lock (the replica is alive).
fn alive(instance_param: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' \
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND l.classid::int8 = {INSTANCE_LOCK_CLASS} AND l.objid::int8 = {instance_param} \
         AND l.objsubid = 2 AND l.granted)"
    )
}

/// How to reach the database.
#[derive(Clone)]
pub struct PgOptions {
    config: tokio_postgres::Config,
    /// Connections in the pool (receiver transactions and worker calls).
    pub pool_size: usize,
    /// This replica's name in `alerts_instances` (host and process id).
    pub replica: String,
}

impl std::fmt::Debug for PgOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl PgOptions {
    /// Parse a `postgres://` URL (or a libpq `key=value` string). The password comes
    /// from the URL, or else `password` (read by the caller from a file or the
    /// environment); it is never shown by [`PgOptions::describe`] or in errors.
    pub fn parse(url: &str, password: Option<&Secret>) -> Result<PgOptions, String> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            format!("not a PostgreSQL connection URL (postgres://USER@HOST:PORT/DB?…): {e}")
        })?;
        if config.get_ssl_mode() == tokio_postgres::config::SslMode::Require {
            return Err("sslmode=require: this build connects without TLS; reach PostgreSQL over a private network, a Unix socket, or a TLS tunnel, and use sslmode=disable or prefer".into());
        }
        if config.get_hosts().is_empty() {
            return Err("the PostgreSQL URL names no host".into());
        }
        if config.get_password().is_none()
            && let Some(p) = password
        {
            config.password(p.expose());
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("devplat-alerts");
        }
        // Notice a database that vanished within a minute rather than hours (TCP's
        // default), unless the URL says otherwise.
        if !url.contains("keepalives") {
            config.keepalives(true);
            config.keepalives_idle(Duration::from_secs(30));
        }
        Ok(PgOptions {
            config,
            pool_size: 16,
            replica: String::new(),
        })
    }

    /// `postgres://user@host:port/db`, without the password.
    pub fn describe(&self) -> String {
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let host = match h {
                    tokio_postgres::config::Host::Tcp(h) => h.clone(),
                    tokio_postgres::config::Host::Unix(p) => p.display().to_string(),
                };
                match self
                    .config
                    .get_ports()
                    .get(i)
                    .or(self.config.get_ports().first())
                {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                }
            })
            .collect();
        format!(
            "postgres://{}{}/{}",
            self.config
                .get_user()
                .map(|u| format!("{u}@"))
                .unwrap_or_default(),
            hosts.join(","),
            self.config.get_dbname().unwrap_or("")
        )
    }

    /// The password set (for scrubbing error texts).
    fn password(&self) -> Option<String> {
        self.config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }
}

/// A database error worded for the log: the server's message when there is one,
/// with any password scrubbed.
fn db_error(e: &tokio_postgres::Error, opts: &PgOptions) -> StoreError {
    let text = match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => e.to_string(),
    };
    let text = match opts.password() {
        Some(p) if !p.is_empty() => text.replace(&p, "***"),
        _ => text,
    };
    StoreError(format!("{} ({})", text, opts.describe()))
}

/// Why a decision transaction did not commit.
enum Failure {
    /// Lost a race (conflict, deadlock, serialisation): decide again.
    Retry(String),
    Fatal(StoreError),
}

fn classify(e: &tokio_postgres::Error, opts: &PgOptions) -> Failure {
    match e.code() {
        Some(c)
            if *c == SqlState::UNIQUE_VIOLATION
                || *c == SqlState::T_R_DEADLOCK_DETECTED
                || *c == SqlState::T_R_SERIALIZATION_FAILURE =>
        {
            Failure::Retry(db_error(e, opts).0)
        }
        _ => Failure::Fatal(db_error(e, opts)),
    }
}

/// The advisory lock key of a rule + group key.
fn lock_key(rule: &str, group_key: &str) -> i64 {
    let mut h = sha2::Sha256::new();
    h.update(rule.as_bytes());
    h.update([0u8]);
    h.update(group_key.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    for (o, i) in b.iter_mut().zip(d.iter()) {
        *o = *i;
    }
    i64::from_be_bytes(b)
}

fn lock_keys(needs: &Needs) -> Vec<i64> {
    let mut keys: Vec<i64> = needs
        .groups
        .iter()
        .map(|g| lock_key(&g.rule, &g.group_key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Aborts the instance task when the last clone of the store goes away.
#[derive(Debug)]
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The PostgreSQL store (cheap to clone).
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    opts: Arc<PgOptions>,
    config: Arc<Config>,
    dry_run: bool,
    /// The current instance id (0 while none is registered).
    instance: Arc<AtomicI64>,
    _instance_task: Arc<AbortOnDrop>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgStore({})", self.opts.describe())
    }
}

async fn connect(opts: &PgOptions) -> Result<tokio_postgres::Client, StoreError> {
    let (client, conn) = opts
        .config
        .connect(NoTls)
        .await
        .map_err(|e| db_error(&e, opts))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

/// Create or migrate the schema (under an advisory lock: replicas may start together).
async fn migrate(client: &mut tokio_postgres::Client, opts: &PgOptions) -> Result<(), StoreError> {
    let err = |e: tokio_postgres::Error| db_error(&e, opts);
    let tx = client.transaction().await.map_err(err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(err)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS alerts_schema (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)",
    )
    .await
    .map_err(err)?;
    let current: i32 = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM alerts_schema", &[])
        .await
        .map_err(err)?
        .get(0);
    let known = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
    if current > known {
        return Err(StoreError(format!(
            "the database holds devplat alerts schema version {current}, newer than this build's {known}: upgrade devplat ({})",
            opts.describe()
        )));
    }
    for (version, sql) in (1..).zip(MIGRATIONS.iter()) {
        if version <= current {
            continue;
        }
        tx.batch_execute(sql).await.map_err(err)?;
        tx.execute(
            "INSERT INTO alerts_schema (version, applied_ms) VALUES ($1, $2)",
            &[&version, &crate::server::worker::now_ms()],
        )
        .await
        .map_err(err)?;
    }
    tx.commit().await.map_err(err)
}

/// Register an instance and take its lock on a connection of its own; returns the id
/// and the connection's task (which ends when the connection does).
async fn register(
    opts: &PgOptions,
) -> Result<(i64, tokio_postgres::Client, tokio::task::JoinHandle<()>), StoreError> {
    let (client, conn) = opts
        .config
        .connect(NoTls)
        .await
        .map_err(|e| db_error(&e, opts))?;
    let task = tokio::spawn(async move {
        let _ = conn.await;
    });
    let err = |e: tokio_postgres::Error| db_error(&e, opts);
    // The server notices a silently lost replica (host down, no FIN) within ~25 s and
    // releases its lock; the default would be hours.
    client
        .batch_execute(
            "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3",
        )
        .await
        .map_err(err)?;
    let id: i64 = client
        .query_one(
            "INSERT INTO alerts_instances (started_ms, name) VALUES ($1, $2) RETURNING id",
            &[&crate::server::worker::now_ms(), &opts.replica],
        )
        .await
        .map_err(err)?
        .get(0);
    let key = i32::try_from(id).map_err(|_| StoreError("instance id out of range".into()))?;
    let locked: bool = client
        .query_one(
            "SELECT pg_try_advisory_lock($1, $2)",
            &[&INSTANCE_LOCK_CLASS, &key],
        )
        .await
        .map_err(err)?
        .get(0);
    if !locked {
        return Err(StoreError(format!("instance lock {id} is taken")));
    }
    Ok((id, client, task))
}

/// Open the store: connect, migrate, register this replica, start the pool. `log`
/// hears about a lost instance connection and its replacement.
pub async fn open(
    opts: PgOptions,
    config: Arc<Config>,
    dry_run: bool,
    log: Log,
) -> Result<(PgStore, Recovery), StoreError> {
    let mut admin = connect(&opts).await?;
    migrate(&mut admin, &opts).await?;
    drop(admin);
    let (id, client, conn_task) = register(&opts).await?;
    let instance = Arc::new(AtomicI64::new(id));
    let task = {
        let instance = Arc::clone(&instance);
        let opts = opts.clone();
        tokio::spawn(async move {
            let mut client = client;
            let mut conn_task = conn_task;
            loop {
                let _ = (&mut conn_task).await;
                drop(client);
                instance.store(0, Ordering::SeqCst);
                log(
                    "warning: lost the PostgreSQL connection holding this replica's instance lock; claiming stops until it is back (other replicas may mark this replica's in-flight dispatches in-doubt)",
                );
                let mut wait = Duration::from_millis(500);
                loop {
                    tokio::time::sleep(wait).await;
                    match register(&opts).await {
                        Ok((id, c, t)) => {
                            instance.store(id, Ordering::SeqCst);
                            log(&format!("registered again as instance {id}"));
                            client = c;
                            conn_task = t;
                            break;
                        }
                        Err(e) => {
                            log(&format!("warning: cannot register this replica: {e}"));
                            wait = (wait * 2).min(Duration::from_secs(10));
                        }
                    }
                }
            }
        })
    };
    let manager = ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    };
    let pool = Pool::builder(Manager::from_config(opts.config.clone(), NoTls, manager))
        .max_size(opts.pool_size.max(1))
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(10)))
        .build()
        .map_err(|e| StoreError(format!("cannot build the connection pool: {e}")))?;
    let store = PgStore {
        pool,
        opts: Arc::new(opts),
        config,
        dry_run,
        instance,
        _instance_task: Arc::new(AbortOnDrop(task)),
    };
    let recovery = store.recover().await?;
    Ok((store, recovery))
}

const HANDLED_SQL: &str = "SELECT dedup_key FROM alerts_handled WHERE dedup_key = ANY($1)";
const GROUPS_SQL: &str = "SELECT k.rule, k.gk, \
     (SELECT MAX(a.at_ms) FROM alerts_actions a WHERE a.rule = k.rule AND a.group_key = k.gk), \
     (SELECT COUNT(*) FROM alerts_actions a WHERE a.rule = k.rule AND a.group_key = k.gk AND a.at_ms > k.since AND NOT a.escalation), \
     EXISTS (SELECT 1 FROM alerts_actions a WHERE a.rule = k.rule AND a.group_key = k.gk AND a.at_ms > k.since AND a.escalation) \
     FROM unnest($1::text[], $2::text[], $3::int8[]) AS k(rule, gk, since)";
const LOCK_SQL: &str = "SELECT pg_advisory_xact_lock(k) FROM unnest($1::int8[]) AS t(k)";
const RESEND_SQL: &str =
    "UPDATE alerts_handled SET resends = resends + 1, last_resend_ms = $1 WHERE dedup_key = $2";
const RECORD_SQL: &str = "WITH d AS ( \
       INSERT INTO alerts_decisions (at_ms, receiver, am_group_key, fingerprint, alertname, status, starts_at, labels, rule, group_key, dedup_key, outcome, reason, dry_run, request, instance) \
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id), \
     h AS (INSERT INTO alerts_handled (dedup_key, decision_id, at_ms) SELECT $11, id, $1 FROM d WHERE $17::bool \
       ON CONFLICT (dedup_key) DO NOTHING RETURNING 1), \
     a AS (INSERT INTO alerts_actions (rule, group_key, at_ms, escalation, decision_id) SELECT $9, $10, $1, $18::bool, id FROM d WHERE $18::bool IS NOT NULL), \
     o AS (INSERT INTO alerts_outbox (decision_id, dedup_key, kind, request, state, attempts, next_at_ms, created_at_ms) \
       SELECT id, $11, $19::text, $15, 'pending', 0, $1, $1 FROM d WHERE $19::text IS NOT NULL \
       ON CONFLICT (dedup_key) DO NOTHING RETURNING 1) \
     SELECT (SELECT COUNT(*) FROM h), (SELECT COUNT(*) FROM o)";

impl PgStore {
    fn err(&self, e: &tokio_postgres::Error) -> StoreError {
        db_error(e, &self.opts)
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        self.pool.get().await.map_err(|e| {
            StoreError(format!(
                "no database connection: {} ({})",
                match &e {
                    deadpool_postgres::PoolError::Backend(b) => db_error(b, &self.opts).0,
                    other => other.to_string(),
                },
                self.opts.describe()
            ))
        })
    }

    /// One attempt at deciding and committing a notification.
    async fn try_accept(
        &self,
        payload: &Payload,
        needs: &Needs,
        locks: &[i64],
        now_ms: i64,
    ) -> Result<Vec<Decision>, Failure> {
        let fatal = Failure::Fatal;
        let mut client = self.client().await.map_err(fatal)?;
        let tx = client
            .transaction()
            .await
            .map_err(|e| classify(&e, &self.opts))?;
        let c = |e: tokio_postgres::Error| classify(&e, &self.opts);
        let mut snap = Snapshot::new(needs);
        if !needs.groups.is_empty() {
            // The locks first, on their own: the reads must start after they are held
            // (READ COMMITTED takes each statement's snapshot when it starts), so they
            // see every decision committed by whoever held them before.
            let lock_st = tx.prepare_cached(LOCK_SQL).await.map_err(c)?;
            tx.execute(&lock_st, &[&locks]).await.map_err(c)?;
            let (handled, groups) = tokio::join!(
                async {
                    let st = tx.prepare_cached(HANDLED_SQL).await?;
                    tx.query(&st, &[&needs.dedup_keys]).await
                },
                async {
                    let st = tx.prepare_cached(GROUPS_SQL).await?;
                    let rules: Vec<&str> = needs.groups.iter().map(|g| g.rule.as_str()).collect();
                    let gks: Vec<&str> =
                        needs.groups.iter().map(|g| g.group_key.as_str()).collect();
                    let since: Vec<i64> = needs.groups.iter().map(|g| g.window_start_ms).collect();
                    tx.query(&st, &[&rules, &gks, &since]).await
                },
            );
            for row in handled.map_err(c)? {
                let k: String = row.try_get(0).map_err(c)?;
                snap.set_handled(&k);
            }
            for row in groups.map_err(c)? {
                let rule: String = row.try_get(0).map_err(c)?;
                let gk: String = row.try_get(1).map_err(c)?;
                let last: Option<i64> = row.try_get(2).map_err(c)?;
                let n: i64 = row.try_get(3).map_err(c)?;
                let escalated: bool = row.try_get(4).map_err(c)?;
                snap.set_group(
                    &rule,
                    &gk,
                    last,
                    u32::try_from(n).unwrap_or(u32::MAX),
                    escalated,
                );
            }
        }
        let decisions = decide::decide(&self.config, payload, now_ms, self.dry_run, &mut snap)
            .map_err(|e| Failure::Fatal(StoreError(e.to_string())))?;
        let instance = self.instance.load(Ordering::SeqCst);
        let instance = (instance != 0).then_some(instance);
        let resend_st = tx.prepare_cached(RESEND_SQL).await.map_err(c)?;
        let record_st = tx.prepare_cached(RECORD_SQL).await.map_err(c)?;
        // Every write of the notification, pipelined on the connection.
        let mut writes = Vec::with_capacity(snap.recorded.len());
        for d in &snap.recorded {
            let (resend_st, record_st, tx) = (&resend_st, &record_st, &tx);
            writes.push(async move {
                if d.outcome == Outcome::Deduped {
                    tx.execute(resend_st, &[&now_ms, &d.dedup_key]).await?;
                    return Ok::<_, tokio_postgres::Error>(None);
                }
                let request = d
                    .request
                    .as_ref()
                    .and_then(|r| serde_json::to_string(r).ok());
                let labels = serde_json::to_string(&d.labels).unwrap_or_default();
                let escalation = match d.outcome {
                    Outcome::Dispatch => Some(false),
                    Outcome::Escalate => Some(true),
                    _ => None,
                };
                let kind = if d.queues() {
                    d.request.as_ref().map(|r| r.kind().to_owned())
                } else {
                    None
                };
                let handles = d.outcome.handles() && d.dedup_key.is_some();
                let row = tx
                    .query_one(
                        record_st,
                        &[
                            &now_ms,
                            &payload.receiver,
                            &payload.group_key,
                            &d.fingerprint,
                            &d.alertname,
                            &d.status,
                            &d.starts_at,
                            &labels,
                            &d.rule,
                            &d.group_key,
                            &d.dedup_key,
                            &d.outcome.as_str(),
                            &d.reason,
                            &d.dry_run,
                            &request,
                            &instance,
                            &handles,
                            &escalation,
                            &kind,
                        ],
                    )
                    .await?;
                Ok(Some((handles, kind.is_some(), row)))
            });
        }
        let results = futures_util::future::try_join_all(writes)
            .await
            .map_err(c)?;
        for (handles, queues, row) in results.into_iter().flatten() {
            let h: i64 = row.try_get(0).map_err(c)?;
            let o: i64 = row.try_get(1).map_err(c)?;
            if (handles && h == 0) || (queues && o == 0) {
                // Another transaction handled the same alert instance between our read
                // and our write (only possible without the group lock, e.g. two alerts
                // whose labels differ but whose fingerprints do not): decide again.
                return Err(Failure::Retry(
                    "an alert instance was handled concurrently".into(),
                ));
            }
        }
        tx.commit().await.map_err(c)?;
        Ok(decisions)
    }

    fn claimed(&self, row: &Row) -> Result<(Option<Claimed>, i64), StoreError> {
        let e = |e: tokio_postgres::Error| self.err(&e);
        let id: i64 = row.try_get(0).map_err(e)?;
        let claim: String = row.try_get(1).map_err(e)?;
        let attempts: i32 = row.try_get(2).map_err(e)?;
        let dedup_key: String = row.try_get(3).map_err(e)?;
        let request: String = row.try_get(4).map_err(e)?;
        let created_at_ms: i64 = row.try_get(5).map_err(e)?;
        let next_at_ms: i64 = row.try_get(6).map_err(e)?;
        Ok((
            serde_json::from_str::<Request>(&request)
                .ok()
                .map(|request| Claimed {
                    id,
                    claim,
                    attempt: u32::try_from(attempts).unwrap_or(u32::MAX),
                    dedup_key,
                    request,
                    created_at_ms,
                }),
            next_at_ms,
        ))
    }
}

impl Store for PgStore {
    async fn accept(&self, payload: Payload, now_ms: i64) -> Result<Vec<Decision>, StoreError> {
        let needs = decide::needs(&self.config, &payload, now_ms);
        let locks = lock_keys(&needs);
        let mut tries = 0u32;
        loop {
            tries = tries.saturating_add(1);
            match self.try_accept(&payload, &needs, &locks, now_ms).await {
                Ok(d) => return Ok(d),
                Err(Failure::Retry(why)) if tries < MAX_TRIES => {
                    let _ = why;
                    tokio::time::sleep(Duration::from_millis(fastrand::u64(1..=10))).await;
                }
                Err(Failure::Retry(why)) => {
                    return Err(StoreError(format!(
                        "gave up after {tries} conflicting attempts: {why}"
                    )));
                }
                Err(Failure::Fatal(e)) => return Err(e),
            }
        }
    }

    async fn claim(
        &self,
        now_ms: i64,
        limit: usize,
    ) -> Result<(Vec<Claimed>, Option<i64>), StoreError> {
        let instance = self.instance.load(Ordering::SeqCst);
        let client = self.client().await?;
        let e = |e: tokio_postgres::Error| self.err(&e);
        let claim_sql = format!(
            "WITH c AS (SELECT id FROM alerts_outbox WHERE state = 'pending' AND next_at_ms <= $1 AND {} \
               ORDER BY next_at_ms, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             UPDATE alerts_outbox o SET state = 'in-flight', \
               claim = substr(md5(random()::text || clock_timestamp()::text || o.id::text), 1, 16), \
               claimed_at_ms = $1, claimed_by = $2, attempts = o.attempts + 1 \
             FROM c WHERE o.id = c.id \
             RETURNING o.id, o.claim, o.attempts, o.dedup_key, o.request, o.created_at_ms, o.next_at_ms",
            alive("$2")
        );
        let (claim_st, next_st) = tokio::try_join!(
            client.prepare_cached(&claim_sql),
            client.prepare_cached(
                "SELECT MIN(next_at_ms) FROM alerts_outbox WHERE state = 'pending'"
            ),
        )
        .map_err(e)?;
        let limit = i64::try_from(limit).unwrap_or(64);
        let rows = if instance == 0 {
            Vec::new()
        } else {
            client
                .query(&claim_st, &[&now_ms, &instance, &limit])
                .await
                .map_err(e)?
        };
        let next: Option<i64> = client
            .query_one(&next_st, &[])
            .await
            .map_err(e)?
            .try_get(0)
            .map_err(e)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let (c, next_at) = self.claimed(row)?;
            match c {
                Some(c) => out.push((next_at, c)),
                None => {
                    let id: i64 = row.try_get(0).map_err(e)?;
                    client
                        .execute(
                            "UPDATE alerts_outbox SET state = 'failed', last_error = 'unreadable request in the outbox' WHERE id = $1",
                            &[&id],
                        )
                        .await
                        .map_err(e)?;
                }
            }
        }
        out.sort_by_key(|(next_at, c)| (*next_at, c.id));
        // Nothing claimed although something is due: another replica is claiming it
        // right now (SKIP LOCKED), or this replica has no instance lock. Look again
        // shortly instead of at once.
        let next = if out.is_empty() {
            next.map(|n| n.max(now_ms.saturating_add(250)))
        } else {
            next
        };
        Ok((out.into_iter().map(|(_, c)| c).collect(), next))
    }

    async fn complete(
        &self,
        c: &Claimed,
        started_ms: i64,
        ended_ms: i64,
        completion: Completion,
    ) -> Result<(), StoreError> {
        let client = self.client().await?;
        let e = |e: tokio_postgres::Error| self.err(&e);
        let (state, next_at, status, error, result) = match &completion {
            Completion::Done { status } => ("done", None, *status, None, "done"),
            Completion::Retry {
                at_ms,
                status,
                error,
            } => (
                "pending",
                Some(*at_ms),
                *status,
                Some(error.as_str()),
                "retry",
            ),
            Completion::Failed { status, error } => {
                ("failed", None, *status, Some(error.as_str()), "failed")
            }
        };
        let status = status.map(i32::from);
        let attempt = i32::try_from(c.attempt).unwrap_or(i32::MAX);
        let instance = self.instance.load(Ordering::SeqCst);
        let instance = (instance != 0).then_some(instance);
        // Only the holder of the claim may record; a claim marked in-doubt by another
        // replica's sweep (this one lost its instance lock) records the truth.
        let st = client
            .prepare_cached(
                "WITH u AS (UPDATE alerts_outbox SET state = $1, \
                   next_at_ms = COALESCE($2, next_at_ms), \
                   done_at_ms = CASE WHEN $1 IN ('done', 'failed') THEN $3 ELSE done_at_ms END, \
                   last_status = $4, last_error = $5, claim = NULL \
                   WHERE id = $6 AND claim = $7 AND state IN ('in-flight', 'in-doubt') RETURNING 1) \
                 INSERT INTO alerts_attempts (outbox_id, attempt, claim, instance, started_ms, ended_ms, result, status, error) \
                 VALUES ($6, $8, $7, $9, $10, $3, $11, $4, $5)",
            )
            .await
            .map_err(e)?;
        client
            .execute(
                &st,
                &[
                    &state,
                    &next_at,
                    &ended_ms,
                    &status,
                    &error,
                    &c.id,
                    &c.claim,
                    &attempt,
                    &instance,
                    &started_ms,
                    &result,
                ],
            )
            .await
            .map_err(e)?;
        Ok(())
    }

    async fn recover(&self) -> Result<Recovery, StoreError> {
        let client = self.client().await?;
        let e = |e: tokio_postgres::Error| self.err(&e);
        let sql = format!(
            "WITH dead AS (SELECT o.id, o.kind FROM alerts_outbox o WHERE o.state = 'in-flight' \
               AND NOT {} FOR UPDATE SKIP LOCKED), \
             rq AS (UPDATE alerts_outbox o SET state = 'pending', claim = NULL, \
               last_error = 'interrupted: its replica stopped; resent with the same Idempotency-Key' \
               FROM dead WHERE o.id = dead.id AND dead.kind = 'webhook' RETURNING 1), \
             dd AS (UPDATE alerts_outbox o SET state = 'in-doubt', \
               last_error = 'interrupted: the replica that claimed this request stopped before recording its result; it may or may not have reached the API, so it is not resent' \
               FROM dead WHERE o.id = dead.id AND dead.kind <> 'webhook' RETURNING 1) \
             SELECT (SELECT COUNT(*) FROM dd), (SELECT COUNT(*) FROM rq)",
            alive("o.claimed_by")
        );
        let st = client.prepare_cached(&sql).await.map_err(e)?;
        let row = client.query_one(&st, &[]).await.map_err(e)?;
        let in_doubt: i64 = row.try_get(0).map_err(e)?;
        let requeued: i64 = row.try_get(1).map_err(e)?;
        Ok(Recovery {
            in_doubt: u64::try_from(in_doubt).unwrap_or(0),
            requeued: u64::try_from(requeued).unwrap_or(0),
        })
    }

    async fn prune(&self, before_ms: i64) -> Result<u64, StoreError> {
        let mut client = self.client().await?;
        let e = |e: tokio_postgres::Error| self.err(&e);
        let tx = client.transaction().await.map_err(e)?;
        let n = tx
            .execute(
                "DELETE FROM alerts_decisions WHERE at_ms < $1 AND id NOT IN \
                 (SELECT decision_id FROM alerts_outbox WHERE state IN ('pending', 'in-flight'))",
                &[&before_ms],
            )
            .await
            .map_err(e)?;
        for sql in [
            "DELETE FROM alerts_handled WHERE at_ms < $1",
            "DELETE FROM alerts_actions WHERE at_ms < $1",
            "DELETE FROM alerts_attempts WHERE outbox_id IN (SELECT id FROM alerts_outbox WHERE created_at_ms < $1 AND state IN ('done', 'failed', 'in-doubt'))",
            "DELETE FROM alerts_outbox WHERE created_at_ms < $1 AND state IN ('done', 'failed', 'in-doubt')",
        ] {
            tx.execute(sql, &[&before_ms]).await.map_err(e)?;
        }
        tx.commit().await.map_err(e)?;
        Ok(n)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        let client = self.client().await?;
        client
            .simple_query("SELECT 1")
            .await
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    async fn audit(&self, since_ms: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let client = self.client().await?;
        audit_rows(&client, since_ms, &self.opts).await
    }

    /// One at a time: replicas share the outbox fairly, and a replica that dies holds
    /// at most one claim (which becomes in-doubt) instead of a batch it never sent.
    fn claim_batch(&self) -> usize {
        1
    }

    fn describe(&self) -> String {
        self.opts.describe()
    }
}

const AUDIT_SQL: &str = "SELECT d.id, d.at_ms, d.receiver, d.fingerprint, d.alertname, d.status, d.starts_at, d.rule, d.group_key, d.dedup_key, \
       d.outcome, d.reason, d.dry_run, d.request, o.state, o.attempts, o.last_status, o.last_error, \
       COALESCE(h.resends, 0), h.last_resend_ms \
     FROM alerts_decisions d LEFT JOIN alerts_outbox o ON o.decision_id = d.id LEFT JOIN alerts_handled h ON h.decision_id = d.id \
     WHERE d.at_ms >= $1 ORDER BY d.id";

async fn audit_rows(
    client: &tokio_postgres::Client,
    since_ms: i64,
    opts: &PgOptions,
) -> Result<Vec<AuditEntry>, StoreError> {
    let e = |e: tokio_postgres::Error| db_error(&e, opts);
    let rows = client.query(AUDIT_SQL, &[&since_ms]).await.map_err(e)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let request: Option<String> = r.try_get(13).map_err(e)?;
        let attempts: Option<i32> = r.try_get(15).map_err(e)?;
        let last_status: Option<i32> = r.try_get(16).map_err(e)?;
        let resends: i32 = r.try_get(18).map_err(e)?;
        out.push(AuditEntry {
            id: r.try_get(0).map_err(e)?,
            at_ms: r.try_get(1).map_err(e)?,
            receiver: r.try_get(2).map_err(e)?,
            fingerprint: r.try_get(3).map_err(e)?,
            alertname: r.try_get(4).map_err(e)?,
            status: r.try_get(5).map_err(e)?,
            starts_at: r.try_get(6).map_err(e)?,
            rule: r.try_get(7).map_err(e)?,
            group_key: r.try_get(8).map_err(e)?,
            dedup_key: r.try_get(9).map_err(e)?,
            outcome: r.try_get(10).map_err(e)?,
            reason: r.try_get(11).map_err(e)?,
            dry_run: r.try_get(12).map_err(e)?,
            request: request.and_then(|t| serde_json::from_str(&t).ok()),
            dispatch: r.try_get(14).map_err(e)?,
            attempts: attempts.and_then(|a| u32::try_from(a).ok()),
            last_status: last_status.and_then(|s| u16::try_from(s).ok()),
            last_error: r.try_get(17).map_err(e)?,
            resends: u32::try_from(resends).unwrap_or(0),
            last_resend_ms: r.try_get(19).map_err(e)?,
        });
    }
    Ok(out)
}

/// Read the audit trail straight from the database (`devplat alerts audit`; works while
/// replicas run; registers nothing and migrates nothing).
pub async fn audit(opts: &PgOptions, since_ms: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let client = connect(opts).await?;
    let exists: bool = client
        .query_one("SELECT to_regclass('alerts_decisions') IS NOT NULL", &[])
        .await
        .map_err(|e| db_error(&e, opts))?
        .get(0);
    if !exists {
        return Err(StoreError(format!(
            "{} holds no devplat alerts state (no alerts_decisions table)",
            opts.describe()
        )));
    }
    audit_rows(&client, since_ms, opts).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_and_never_show_the_password() {
        let o = PgOptions::parse("postgres://alerts:s3cret@db.internal:5433/alerts", None).unwrap();
        assert_eq!(o.describe(), "postgres://alerts@db.internal:5433/alerts");
        assert!(!format!("{o:?}").contains("s3cret"));
        let o = PgOptions::parse(
            "postgres://alerts@127.0.0.1/alerts",
            Some(&Secret::new("fromfile")),
        )
        .unwrap();
        assert_eq!(o.password().as_deref(), Some("fromfile"));
        let o = PgOptions::parse("postgres://a:inurl@h/d", Some(&Secret::new("other"))).unwrap();
        assert_eq!(
            o.password().as_deref(),
            Some("inurl"),
            "the URL's password wins"
        );
        assert!(PgOptions::parse("postgres://h/d?sslmode=require", None).is_err());
        assert!(PgOptions::parse("postgres://h/d?bogus=1", None).is_err());
        assert!(PgOptions::parse("mysql://h/d", None).is_err());
    }

    #[test]
    fn lock_keys_are_sorted_and_distinct() {
        let needs = Needs {
            dedup_keys: vec![],
            groups: vec![
                decide::GroupNeed {
                    rule: "r".into(),
                    group_key: "service=a".into(),
                    window_start_ms: 0,
                },
                decide::GroupNeed {
                    rule: "r".into(),
                    group_key: "service=b".into(),
                    window_start_ms: 0,
                },
            ],
        };
        let k = lock_keys(&needs);
        assert_eq!(k.len(), 2);
        assert!(k[0] < k[1]);
        assert_eq!(lock_key("r", "service=a"), lock_key("r", "service=a"));
        assert_ne!(lock_key("r", "x"), lock_key("rx", ""));
    }
}
