//! The state store contract, one suite run against both stores: SQLite (always) and
//! PostgreSQL (`#[ignore]`d here; `scripts/checks/61-alerts-postgres.sh` starts a real
//! PostgreSQL, sets `DEVPLAT_TEST_PG`, and runs them with `--ignored` — without that
//! variable they fail, they never pass silently).
//!
//! "Two handles" are, for SQLite, two clones of one store (one server per file) and,
//! for PostgreSQL, two stores on one database: two replicas.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use devplat_alerts::config::Config;
use devplat_alerts::decide::Outcome;
use devplat_alerts::payload::Payload;
use devplat_alerts::server::store::postgres::{self, PgOptions, PgStore};
use devplat_alerts::server::store::sqlite::{self, StoreHandle};
use devplat_alerts::server::store::{AuditEntry, Completion, Recovery, Store};
use devplat_alerts::server::{Log, SyncMode};

const CONFIG: &str = r#"
rules:
  - name: gh
    matchers: ['kind="gh"']
    group_by: [service]
    cooldown: 10s
    max_actions: 2
    window: 1h
    action: {github_repository_dispatch: {repo: acme/deploy, event_type: fix, client_payload: {fp: "{{ fingerprint }}"}}}
    escalate: {github_issue: {repo: acme/ops, title: "help {{ labels.service }}"}}
  - name: hook
    matchers: ['kind="hook"']
    group_by: [service]
    cooldown: 0s
    max_actions: 100000
    action: {webhook: {url: 'http://127.0.0.1:9/x'}}
  - name: race
    matchers: ['kind="race"']
    group_by: [service]
    cooldown: 0s
    max_actions: 3
    window: 1h
    action: {github_repository_dispatch: {repo: acme/deploy, event_type: race}}
    escalate: {github_issue: {repo: acme/ops, title: "race {{ labels.service }}"}}
"#;

fn config() -> Arc<Config> {
    Arc::new(devplat_alerts::load("c.yml", CONFIG).config.unwrap())
}

fn payload(alerts: &[(&str, &str, &str)]) -> Payload {
    let alerts: Vec<String> = alerts
        .iter()
        .map(|(fp, kind, service)| {
            format!(
                r#"{{"status":"firing","labels":{{"alertname":"A","kind":"{kind}","service":"{service}"}},"startsAt":"2026-11-22T10:00:00Z","fingerprint":"{fp}"}}"#
            )
        })
        .collect();
    Payload::from_json(
        format!(
            r#"{{"version":"4","receiver":"r","groupKey":"g","alerts":[{}]}}"#,
            alerts.join(",")
        )
        .as_bytes(),
    )
    .unwrap()
}

fn quiet() -> Log {
    Arc::new(|_: &str| {})
}

// ───────────────────────────── the backends ─────────────────────────────

/// Opens stores of one kind on one shared state.
trait Backend: Send + Sync {
    type S: Store;
    /// A store on the shared state (for SQLite: the same store each time, as only one
    /// server may own a file; for PostgreSQL: a new replica).
    async fn open(&self) -> (Self::S, Recovery);
    /// A new store after the previous ones stopped without recording (a crash).
    async fn reopen_after_crash(&self) -> (Self::S, Recovery);
}

struct Sqlite {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    current: std::sync::Mutex<Option<StoreHandle>>,
}

impl Sqlite {
    fn new() -> Sqlite {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        Sqlite {
            _dir: dir,
            path,
            current: std::sync::Mutex::new(None),
        }
    }
}

impl Backend for Sqlite {
    type S = StoreHandle;
    async fn open(&self) -> (StoreHandle, Recovery) {
        let mut cur = self.current.lock().unwrap();
        if let Some(s) = &*cur {
            return (s.clone(), Recovery::default());
        }
        let (s, r) = sqlite::open(&self.path, config(), false, SyncMode::Normal).unwrap();
        *cur = Some(s.clone());
        (s, r)
    }
    async fn reopen_after_crash(&self) -> (StoreHandle, Recovery) {
        // Dropping every handle stops the store thread; wait for it to close the file.
        self.current.lock().unwrap().take();
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.open().await
    }
}

struct Postgres {
    url: String,
}

/// A fresh database on the test server named by `DEVPLAT_TEST_PG` (an admin URL).
async fn fresh_database() -> String {
    let admin = std::env::var("DEVPLAT_TEST_PG").expect(
        "DEVPLAT_TEST_PG is not set: run scripts/checks/61-alerts-postgres.sh (it starts a PostgreSQL for these tests)",
    );
    let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let name = format!("contract_{:016x}", fastrand_u64());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

fn fastrand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.finish()
}

impl Postgres {
    async fn new() -> Postgres {
        Postgres {
            url: fresh_database().await,
        }
    }
    fn opts(&self) -> PgOptions {
        let mut o = PgOptions::parse(&self.url, None).unwrap();
        o.pool_size = 4;
        o.replica = "contract-test".into();
        o
    }
}

impl Backend for Postgres {
    type S = PgStore;
    async fn open(&self) -> (PgStore, Recovery) {
        postgres::open(self.opts(), config(), false, quiet())
            .await
            .unwrap()
    }
    async fn reopen_after_crash(&self) -> (PgStore, Recovery) {
        // The dropped replica's connection closes and the server releases its instance
        // lock shortly after: wait (bounded) until only the new replica's lock is
        // held, then sweep.
        let (s, at_open) = self.open().await;
        let (admin, conn) = tokio_postgres::connect(&self.url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let n: i64 = admin
                .query_one(
                    "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND granted \
                     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                    &[],
                )
                .await
                .unwrap()
                .get(0);
            if n <= 1 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the old replica's lock was not released"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let later = s.recover().await.unwrap();
        let total = Recovery {
            in_doubt: at_open.in_doubt + later.in_doubt,
            requeued: at_open.requeued + later.requeued,
        };
        (s, total)
    }
}

// ───────────────────────────── the contract ─────────────────────────────

fn outcomes(d: &[devplat_alerts::Decision]) -> Vec<Outcome> {
    d.iter().map(|d| d.outcome).collect()
}

fn count(entries: &[AuditEntry], outcome: &str) -> usize {
    entries.iter().filter(|e| e.outcome == outcome).count()
}

/// A decision is committed before `accept` returns; a resend is deduped — also after a
/// restart — and counted on the instance it repeats instead of a row of its own.
async fn dedup_and_resends<B: Backend>(b: B) {
    let (s, rec) = b.open().await;
    assert_eq!(rec, Recovery::default());
    let d = s.accept(payload(&[("a", "gh", "x")]), 1_000).await.unwrap();
    assert_eq!(outcomes(&d), [Outcome::Dispatch]);
    let d = s.accept(payload(&[("a", "gh", "x")]), 2_000).await.unwrap();
    assert_eq!(outcomes(&d), [Outcome::Deduped]);
    drop(s);
    let (s, _) = b.reopen_after_crash().await;
    let d = s.accept(payload(&[("a", "gh", "x")]), 3_000).await.unwrap();
    assert_eq!(outcomes(&d), [Outcome::Deduped], "dedup survives a restart");
    let a = s.audit(0).await.unwrap();
    assert_eq!(a.len(), 1, "a resend is not a row of its own: {a:?}");
    assert_eq!((a[0].resends, a[0].last_resend_ms), (2, Some(3_000)));
    assert_eq!(a[0].dispatch.as_deref(), Some("pending"));
    assert_eq!(a[0].request.as_ref().unwrap()["client_payload"]["fp"], "a");
    assert_eq!(s.audit(2_000).await.unwrap().len(), 0, "since filters");
    // Two alerts of one notification see each other: the second is in cooldown.
    let d = s
        .accept(payload(&[("b", "gh", "y"), ("c", "gh", "y")]), 4_000)
        .await
        .unwrap();
    assert_eq!(outcomes(&d), [Outcome::Dispatch, Outcome::Cooldown]);
}

/// Cooldown per rule and group key; `max_actions` per window, then one escalation,
/// then capped; a cooldown decision is re-decided on the next resend.
async fn cooldown_cap_escalation<B: Backend>(b: B) {
    let (s, _) = b.open().await;
    let step = |fp: &'static str, at: i64| {
        let s = s.clone();
        async move {
            s.accept(payload(&[(fp, "gh", "svc")]), at)
                .await
                .unwrap()
                .remove(0)
                .outcome
        }
    };
    assert_eq!(step("1", 0).await, Outcome::Dispatch);
    assert_eq!(step("2", 5_000).await, Outcome::Cooldown);
    assert_eq!(
        step("2", 10_000).await,
        Outcome::Dispatch,
        "after the cooldown"
    );
    assert_eq!(
        step("3", 20_000).await,
        Outcome::Escalate,
        "cap of 2 reached"
    );
    assert_eq!(
        step("4", 30_000).await,
        Outcome::Capped,
        "one escalation per window"
    );
    assert_eq!(
        step("5", 30_000 + 3_600_000).await,
        Outcome::Dispatch,
        "a new window"
    );
    // Another group key is independent.
    let d = s
        .accept(payload(&[("6", "gh", "other")]), 30_000)
        .await
        .unwrap();
    assert_eq!(outcomes(&d), [Outcome::Dispatch]);
    let (claimed, _) = s.claim(i64::MAX / 2, 100).await.unwrap();
    let kinds: Vec<&str> = claimed.iter().map(|c| c.request.kind()).collect();
    assert_eq!(
        claimed.len(),
        5,
        "4 dispatches and 1 issue queued: {kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "github_issue").count(),
        1,
        "{kinds:?}"
    );
}

/// Dispatch state, attempts, last HTTP status.
type DispatchSummary = (Option<String>, Option<u32>, Option<u16>);

/// Claims: attempt ids, stale claims cannot record, retries come back when due.
async fn claims_and_completions<B: Backend>(b: B) {
    let (s, _) = b.open().await;
    s.accept(payload(&[("a", "gh", "x"), ("w", "hook", "x")]), 1_000)
        .await
        .unwrap();
    let (claimed, _) = s.claim(3_000, 10).await.unwrap();
    assert_eq!(claimed.len(), 2);
    assert!(claimed.iter().all(|c| c.attempt == 1));
    let (again, next) = s.claim(3_000, 10).await.unwrap();
    assert!(again.is_empty(), "claimed entries are not claimed twice");
    assert_eq!(next, None);
    let mut stale = claimed[0].clone();
    stale.claim = "0000000000000000".into();
    s.complete(&stale, 3_000, 3_001, Completion::Done { status: Some(204) })
        .await
        .unwrap();
    let a = s.audit(0).await.unwrap();
    assert!(
        a.iter().all(|e| e.dispatch.as_deref() == Some("in-flight")),
        "a stale claim records nothing: {a:?}"
    );
    let gh = claimed
        .iter()
        .find(|c| c.request.kind() == "github_repository_dispatch")
        .unwrap();
    let hook = claimed
        .iter()
        .find(|c| c.request.kind() == "webhook")
        .unwrap();
    s.complete(
        gh,
        3_000,
        3_010,
        Completion::Retry {
            at_ms: 9_000,
            status: Some(502),
            error: "HTTP 502".into(),
        },
    )
    .await
    .unwrap();
    s.complete(
        hook,
        3_000,
        3_010,
        Completion::Failed {
            status: Some(422),
            error: "HTTP 422".into(),
        },
    )
    .await
    .unwrap();
    let (none, next) = s.claim(5_000, 10).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(next, Some(9_000), "the retry is due at 9 s");
    let (retry, _) = s.claim(9_000, 10).await.unwrap();
    assert_eq!(retry.len(), 1);
    assert_eq!(retry[0].attempt, 2);
    assert_ne!(retry[0].claim, gh.claim, "a fresh attempt id");
    s.complete(
        &retry[0],
        9_000,
        9_005,
        Completion::Done { status: Some(204) },
    )
    .await
    .unwrap();
    // A completion with the first attempt's id is too late now.
    s.complete(
        gh,
        3_000,
        9_100,
        Completion::Failed {
            status: None,
            error: "late".into(),
        },
    )
    .await
    .unwrap();
    let a = s.audit(0).await.unwrap();
    let by_kind: BTreeMap<String, DispatchSummary> = a
        .iter()
        .map(|e| {
            (
                e.rule.clone().unwrap(),
                (e.dispatch.clone(), e.attempts, e.last_status),
            )
        })
        .collect();
    assert_eq!(
        by_kind["gh"],
        (Some("done".into()), Some(2), Some(204)),
        "{a:?}"
    );
    assert_eq!(by_kind["hook"], (Some("failed".into()), Some(1), Some(422)));
}

/// A crash between claim and record: GitHub/Azure requests become in-doubt (never
/// resent), webhooks are resent with their Idempotency-Key.
async fn crash_in_flight<B: Backend>(b: B) {
    let (s, _) = b.open().await;
    s.accept(payload(&[("a", "gh", "x"), ("w", "hook", "x")]), 1_000)
        .await
        .unwrap();
    let (claimed, _) = s.claim(2_000, 10).await.unwrap();
    assert_eq!(claimed.len(), 2);
    drop(s);
    let (s, rec) = b.reopen_after_crash().await;
    assert_eq!(
        rec,
        Recovery {
            in_doubt: 1,
            requeued: 1
        }
    );
    let a = s.audit(0).await.unwrap();
    let state = |rule: &str| {
        a.iter()
            .find(|e| e.rule.as_deref() == Some(rule))
            .unwrap()
            .dispatch
            .clone()
    };
    assert_eq!(state("gh").as_deref(), Some("in-doubt"));
    assert!(
        a.iter()
            .find(|e| e.rule.as_deref() == Some("gh"))
            .unwrap()
            .last_error
            .as_deref()
            .unwrap()
            .contains("not resent")
    );
    assert_eq!(state("hook").as_deref(), Some("pending"));
    let (claimed, _) = s.claim(3_000, 10).await.unwrap();
    assert_eq!(claimed.len(), 1, "only the webhook is sent again");
    assert_eq!(claimed[0].request.kind(), "webhook");
    assert_eq!(claimed[0].attempt, 2);
    assert_eq!(s.recover().await.unwrap(), Recovery::default());
}

/// Pruning forgets old finished state and keeps what is still to be sent.
async fn prune<B: Backend>(b: B) {
    let (s, _) = b.open().await;
    s.accept(payload(&[("a", "gh", "x")]), 1_000).await.unwrap();
    s.accept(payload(&[("b", "gh", "y")]), 2_000).await.unwrap();
    let (claimed, _) = s.claim(3_000, 1).await.unwrap();
    s.complete(
        &claimed[0],
        3_000,
        3_001,
        Completion::Done { status: Some(204) },
    )
    .await
    .unwrap();
    assert_eq!(s.prune(10_000).await.unwrap(), 1, "the pending one stays");
    let a = s.audit(0).await.unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].dispatch.as_deref(), Some("pending"));
    s.ping().await.unwrap();
}

/// Alertmanager's HA pair sends the same group to two receivers at once: one
/// decision acts, the other is a deduped resend, one outbox entry.
async fn same_notification_on_two_handles<B: Backend>(b: B) {
    let (s1, _) = b.open().await;
    let (s2, _) = b.open().await;
    const N: usize = 40;
    let mut tasks = Vec::new();
    for i in 0..N {
        for s in [s1.clone(), s2.clone()] {
            tasks.push(tokio::spawn(async move {
                let fp = format!("fp{i}");
                let svc = format!("svc{i}");
                s.accept(payload(&[(&fp, "gh", &svc)]), 1_000)
                    .await
                    .unwrap()
                    .remove(0)
                    .outcome
            }));
        }
    }
    let mut got = Vec::new();
    for t in tasks {
        got.push(t.await.unwrap());
    }
    for pair in got.chunks(2) {
        let mut pair = pair.to_vec();
        pair.sort_by_key(|o| o.as_str());
        assert_eq!(pair, [Outcome::Deduped, Outcome::Dispatch]);
    }
    let a = s1.audit(0).await.unwrap();
    assert_eq!(count(&a, "dispatch"), N, "one decision per alert");
    assert!(a.iter().all(|e| e.resends == 1));
    let (claimed, _) = s2.claim(2_000, 1_000).await.unwrap();
    assert_eq!(claimed.len(), N, "one outbox entry per alert");
}

/// Two different alerts of one group key decided at the same moment on two handles:
/// the cooldown holds (one acts, the other is in cooldown).
async fn cooldown_race<B: Backend>(b: B) {
    let (s1, _) = b.open().await;
    let (s2, _) = b.open().await;
    const N: usize = 30;
    let mut tasks = Vec::new();
    for i in 0..N {
        for (j, s) in [s1.clone(), s2.clone()].into_iter().enumerate() {
            tasks.push(tokio::spawn(async move {
                let fp = format!("fp{i}-{j}");
                let svc = format!("svc{i}");
                s.accept(payload(&[(&fp, "gh", &svc)]), 1_000)
                    .await
                    .unwrap()
                    .remove(0)
                    .outcome
            }));
        }
    }
    let mut got = Vec::new();
    for t in tasks {
        got.push(t.await.unwrap());
    }
    for pair in got.chunks(2) {
        let mut pair = pair.to_vec();
        pair.sort_by_key(|o| o.as_str());
        assert_eq!(pair, [Outcome::Cooldown, Outcome::Dispatch]);
    }
}

/// Many alerts of one group key at once on two handles: exactly `max_actions`
/// dispatches, one escalation, the rest capped.
async fn cap_race<B: Backend>(b: B) {
    let (s1, _) = b.open().await;
    let (s2, _) = b.open().await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let s = if i % 2 == 0 { s1.clone() } else { s2.clone() };
        tasks.push(tokio::spawn(async move {
            let fp = format!("fp{i}");
            s.accept(payload(&[(&fp, "race", "svc")]), 1_000)
                .await
                .unwrap()
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let a = s1.audit(0).await.unwrap();
    assert_eq!(
        (
            count(&a, "dispatch"),
            count(&a, "escalate"),
            count(&a, "capped")
        ),
        (3, 1, 12),
        "{a:?}"
    );
}

/// Two workers claiming from one outbox at once: every entry is claimed once.
async fn two_workers<B: Backend>(b: B) {
    let (s1, _) = b.open().await;
    let (s2, _) = b.open().await;
    const N: usize = 60;
    for i in 0..N {
        let fp = format!("fp{i}");
        let svc = format!("svc{i}");
        s1.accept(payload(&[(&fp, "gh", &svc)]), 1_000)
            .await
            .unwrap();
    }
    let work = |s: B::S| async move {
        let mut mine = Vec::new();
        loop {
            let (claimed, _) = s.claim(2_000, 2).await.unwrap();
            if claimed.is_empty() {
                return mine;
            }
            for c in claimed {
                s.complete(&c, 2_000, 2_001, Completion::Done { status: Some(204) })
                    .await
                    .unwrap();
                mine.push(c.id);
            }
        }
    };
    let (a, b2) = tokio::join!(tokio::spawn(work(s1.clone())), tokio::spawn(work(s2)));
    let (a, b2) = (a.unwrap(), b2.unwrap());
    let all: HashSet<i64> = a.iter().chain(b2.iter()).copied().collect();
    assert_eq!(a.len() + b2.len(), N, "no entry claimed twice");
    assert_eq!(all.len(), N, "every entry claimed");
    let audit = s1.audit(0).await.unwrap();
    assert!(
        audit
            .iter()
            .all(|e| e.dispatch.as_deref() == Some("done") && e.attempts == Some(1))
    );
}

macro_rules! contract {
    ($backend:ident, $new:expr $(, #[$attr:meta])?) => {
        mod $backend {
            use super::*;
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn dedup_and_resends() {
                super::dedup_and_resends($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn cooldown_cap_escalation() {
                super::cooldown_cap_escalation($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn claims_and_completions() {
                super::claims_and_completions($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn crash_in_flight() {
                super::crash_in_flight($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn prune() {
                super::prune($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn same_notification_on_two_handles() {
                super::same_notification_on_two_handles($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn cooldown_race() {
                super::cooldown_race($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn cap_race() {
                super::cap_race($new).await
            }
            $(#[$attr])?
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn two_workers() {
                super::two_workers($new).await
            }
        }
    };
}

contract!(sqlite_store, Sqlite::new());
contract!(
    postgres_store,
    Postgres::new().await,
    #[ignore = "needs PostgreSQL: scripts/checks/61-alerts-postgres.sh"]
);

// ───────────────────────── PostgreSQL only: replicas ─────────────────────────

/// A replica dies holding a claim: the survivor's sweep marks it in-doubt; a claimer
/// that is alive but lost its instance connection can still record the truth.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: scripts/checks/61-alerts-postgres.sh"]
async fn postgres_replica_loss() {
    let b = Postgres::new().await;
    let (a, _) = b.open().await;
    let (survivor, _) = b.open().await;
    a.accept(payload(&[("x", "gh", "x"), ("y", "gh", "y")]), 1_000)
        .await
        .unwrap();
    let (mine, _) = a.claim(2_000, 1).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(
        survivor.recover().await.unwrap(),
        Recovery::default(),
        "a live replica's claim is left alone"
    );
    // Cut the instance connection of replica `a` (as a network failure would).
    let (admin, conn) = tokio_postgres::connect(&b.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let n = admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND granted \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
             AND objid::int8 = (SELECT MIN(id) FROM alerts_instances)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut rec = Recovery::default();
    while rec.in_doubt == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        rec = survivor.recover().await.unwrap();
    }
    assert_eq!(rec.in_doubt, 1);
    let (other, _) = survivor.claim(2_000, 10).await.unwrap();
    assert_eq!(other.len(), 1, "the unclaimed entry is still sent");
    assert_ne!(other[0].id, mine[0].id);
    a.complete(
        &mine[0],
        2_000,
        2_500,
        Completion::Done { status: Some(204) },
    )
    .await
    .unwrap();
    let audit = survivor.audit(0).await.unwrap();
    let e = audit
        .iter()
        .find(|e| e.dedup_key.as_deref() == Some(mine[0].dedup_key.as_str()))
        .unwrap();
    assert_eq!(
        e.dispatch.as_deref(),
        Some("done"),
        "the late result replaces in-doubt"
    );
}

/// Replicas starting together migrate once; a newer schema is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: scripts/checks/61-alerts-postgres.sh"]
async fn postgres_migrations() {
    let b = Postgres::new().await;
    let (r1, r2, r3) = tokio::join!(b.open(), b.open(), b.open());
    for s in [&r1.0, &r2.0, &r3.0] {
        s.ping().await.unwrap();
    }
    let (admin, conn) = tokio_postgres::connect(&b.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let v: i32 = admin
        .query_one("SELECT MAX(version) FROM alerts_schema", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(v, 1);
    admin
        .execute(
            "INSERT INTO alerts_schema (version, applied_ms) VALUES (99, 0)",
            &[],
        )
        .await
        .unwrap();
    let err = postgres::open(b.opts(), config(), false, quiet())
        .await
        .unwrap_err();
    assert!(err.0.contains("newer than this build"), "{err}");
}
