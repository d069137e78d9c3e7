//! The long-running receiver (`devplat alerts serve`): HTTP in, outbox in the state
//! store (SQLite, or PostgreSQL shared by several replicas), worker out. See
//! docs/alerts.md for the architecture and the delivery guarantee.
//!
//! The CLI resolves credentials (env or files) into [`Secrets`] and passes a [`Log`]
//! sink; nothing here reads the environment or prints.

pub mod dispatch;
pub mod http;
pub mod metrics;
pub mod secret;
pub mod store;
pub mod worker;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use secret::{Secret, Secrets};
pub use store::postgres::PgOptions;
pub use store::sqlite::{SyncMode, audit};
pub use store::{AuditEntry, Store};
use tokio::sync::{Notify, watch};

use crate::config::Config;

/// Where log lines go (the CLI writes them to stderr).
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// Where the state lives.
#[derive(Clone, Debug)]
pub enum StateSpec {
    /// A SQLite database file; one server per file.
    Sqlite { path: PathBuf, sync: SyncMode },
    /// A PostgreSQL database shared by any number of replicas.
    Postgres(Box<PgOptions>),
}

/// How to run.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub state: StateSpec,
    pub dry_run: bool,
}

/// Run the receiver until `shutdown` resolves. Returns an error (already worded for
/// the user) when it cannot start.
pub async fn serve(
    config: Config,
    secrets: Secrets,
    opts: ServeOptions,
    log: Log,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let auth = http::Auth {
        bearer: secrets.bearer_token.clone().filter(|s| !s.is_empty()),
        hmac: secrets.hmac_secret.clone().filter(|s| !s.is_empty()),
    };
    if !auth.is_configured() {
        return Err(format!(
            "no inbound authentication: set {} (bearer token) or receiver.hmac_secret_env/_file; the receiver refuses to run open",
            config.receiver.bearer_token_env
        ));
    }
    let config = Arc::new(config);
    match &opts.state {
        StateSpec::Sqlite { path, sync } => {
            // One server per state file: a second one would claim the same outbox entries.
            let lock_path = path.with_extension("lock");
            let lock = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .map_err(|e| format!("cannot open {}: {e}", lock_path.display()))?;
            lock.try_lock().map_err(|_| {
                format!(
                    "{} is in use by another `devplat alerts serve` (lock {}); run one server per SQLite state file, or use several replicas on PostgreSQL",
                    path.display(),
                    lock_path.display()
                )
            })?;
            let (store, recovery) =
                store::sqlite::open(path, Arc::clone(&config), opts.dry_run, *sync)
                    .map_err(|e| e.to_string())?;
            let served = run(config, secrets, &opts, auth, store, recovery, log, shutdown).await;
            drop(lock);
            served
        }
        StateSpec::Postgres(pg) => {
            let (store, recovery) = store::postgres::open(
                (**pg).clone(),
                Arc::clone(&config),
                opts.dry_run,
                Arc::clone(&log),
            )
            .await
            .map_err(|e| e.to_string())?;
            run(config, secrets, &opts, auth, store, recovery, log, shutdown).await
        }
    }
}

/// The receiver and the worker over an open store (the same code for every store).
#[allow(clippy::too_many_arguments)]
async fn run<S: Store>(
    config: Arc<Config>,
    secrets: Secrets,
    opts: &ServeOptions,
    auth: http::Auth,
    store: S,
    recovery: store::Recovery,
    log: Log,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let metrics = Arc::new(metrics::Metrics::default());
    if recovery.in_doubt > 0 {
        metrics.in_doubt(recovery.in_doubt);
        log(&format!(
            "warning: {} dispatch(es) were interrupted by the previous stop after being claimed; marked in-doubt and not resent (see `devplat alerts audit`)",
            recovery.in_doubt
        ));
    }
    if recovery.requeued > 0 {
        log(&format!(
            "{} interrupted webhook(s) requeued (same Idempotency-Key)",
            recovery.requeued
        ));
    }
    let dispatcher = Arc::new(dispatch::Dispatcher::new(&config, &secrets)?);
    let listener = tokio::net::TcpListener::bind(opts.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", opts.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let notify = Arc::new(Notify::new());
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = worker::Worker {
        store: store.clone(),
        dispatcher,
        settings: config.worker.clone(),
        metrics: Arc::clone(&metrics),
        notify: Arc::clone(&notify),
        log: Arc::clone(&log),
    };
    let worker_task = tokio::spawn(worker.run(stop_rx));
    let described = store.describe();
    let app = http::router(
        http::AppState {
            store,
            metrics,
            auth,
            notify,
            log: Arc::clone(&log),
        },
        config.receiver.max_body_bytes,
    );
    log(&format!(
        "listening on {local} (state {described}{})",
        if opts.dry_run { ", dry-run" } else { "" }
    ));
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| format!("server error: {e}"));
    let _ = stop_tx.send(true);
    let _ = worker_task.await;
    log("stopped");
    served
}
