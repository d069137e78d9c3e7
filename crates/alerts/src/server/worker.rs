//! The dispatch worker: claims due outbox entries, sends them one at a time, and
//! records each attempt's end (done, failed, or retry at a later time with jittered
//! exponential backoff, or at the time the API asked for).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};

use super::Log;
use super::dispatch::{Attempt, Dispatcher};
use super::metrics::Metrics;
use super::store::{Claimed, Completion, Store};
use crate::config::WorkerSettings;

/// Longest idle sleep (a new entry also wakes the worker through `Notify`).
const IDLE_MS: i64 = 1_000;
/// How often old state is pruned.
const PRUNE_EVERY_MS: i64 = 3_600_000;
/// How often claims whose claimer is gone are looked for (a shared store: another
/// replica may have died; the SQLite store has nothing to do here).
const RECOVER_EVERY_MS: i64 = 5_000;

pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Backoff before attempt `attempt + 1`: `initial × 2^(attempt-1)`, capped at `max`,
/// with full jitter in its upper half (so retries of many entries spread out).
pub fn backoff_ms(settings: &WorkerSettings, attempt: u32) -> u64 {
    let exp = attempt.saturating_sub(1).min(30);
    let base = settings
        .initial_backoff_ms
        .saturating_mul(1u64 << exp)
        .min(settings.max_backoff_ms)
        .max(1);
    let half = base / 2;
    half.saturating_add(fastrand::u64(0..=base.saturating_sub(half)))
}

pub struct Worker<S: Store> {
    pub store: S,
    pub dispatcher: Arc<Dispatcher>,
    pub settings: WorkerSettings,
    pub metrics: Arc<Metrics>,
    pub notify: Arc<Notify>,
    pub log: Log,
}

impl<S: Store> Worker<S> {
    /// Run until `stop` turns true (the attempt in progress finishes first).
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let mut last_prune = 0i64;
        let mut last_recover = now_ms();
        loop {
            if *stop.borrow() {
                return;
            }
            let now = now_ms();
            if now.saturating_sub(last_recover) >= RECOVER_EVERY_MS {
                last_recover = now;
                match self.store.recover().await {
                    Ok(r) => {
                        if r.in_doubt > 0 {
                            self.metrics.in_doubt(r.in_doubt);
                            (self.log)(&format!(
                                "warning: {} dispatch(es) claimed by a replica that stopped before recording the result; marked in-doubt and not resent (see `devplat alerts audit`)",
                                r.in_doubt
                            ));
                        }
                        if r.requeued > 0 {
                            (self.log)(&format!(
                                "{} webhook(s) of a stopped replica requeued (same Idempotency-Key)",
                                r.requeued
                            ));
                        }
                    }
                    Err(e) => (self.log)(&format!(
                        "warning: looking for interrupted claims failed: {e}"
                    )),
                }
            }
            if now.saturating_sub(last_prune) >= PRUNE_EVERY_MS {
                last_prune = now;
                let cutoff = now
                    .saturating_sub(i64::try_from(self.settings.retention_ms).unwrap_or(i64::MAX));
                if let Err(e) = self.store.prune(cutoff).await {
                    (self.log)(&format!("warning: pruning old state failed: {e}"));
                }
            }
            let wait_ms = match self.store.claim(now, self.store.claim_batch()).await {
                Ok((claimed, next)) => {
                    if !claimed.is_empty() {
                        for c in claimed {
                            self.process(c).await;
                        }
                        continue;
                    }
                    next.map_or(IDLE_MS, |n| n.saturating_sub(now).clamp(0, IDLE_MS))
                }
                Err(e) => {
                    (self.log)(&format!("error: claiming from the outbox failed: {e}"));
                    IDLE_MS
                }
            };
            let sleep =
                tokio::time::sleep(Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0)));
            tokio::select! {
                () = sleep => {}
                () = self.notify.notified() => {}
                _ = stop.changed() => {}
            }
        }
    }

    async fn process(&self, c: Claimed) {
        let started = now_ms();
        let attempt = self.dispatcher.send(&c.request, &c.dedup_key).await;
        let ended = now_ms();
        #[allow(clippy::cast_precision_loss)]
        self.metrics
            .observe_latency(ended.saturating_sub(started).max(0) as f64 / 1000.0);
        let what = c.request.describe();
        let completion = match attempt {
            Attempt::Ok { status } => {
                self.metrics.dispatched();
                (self.log)(&format!(
                    "dispatched {what} (HTTP {status}, attempt {}, {})",
                    c.attempt, c.dedup_key
                ));
                Completion::Done {
                    status: Some(status),
                }
            }
            Attempt::Fatal { status, error } => {
                self.metrics.failed();
                (self.log)(&format!(
                    "failed {what}: {error} (attempt {}, not retried)",
                    c.attempt
                ));
                Completion::Failed { status, error }
            }
            Attempt::Retry { status, error, .. } if c.attempt >= self.settings.max_attempts => {
                self.metrics.failed();
                let error = format!("gave up after {} attempts: {error}", c.attempt);
                (self.log)(&format!("failed {what}: {error}"));
                Completion::Failed { status, error }
            }
            Attempt::Retry {
                status,
                error,
                after_ms,
            } => {
                self.metrics.retry();
                let wait = after_ms.unwrap_or_else(|| backoff_ms(&self.settings, c.attempt));
                (self.log)(&format!(
                    "retrying {what} in {} ms: {error} (attempt {})",
                    wait, c.attempt
                ));
                Completion::Retry {
                    at_ms: ended.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX)),
                    status,
                    error,
                }
            }
        };
        // The store thread only fails on a database error; try a few times so an
        // attempt's result is not left `in-flight` (which would read as in-doubt).
        for i in 0..5u64 {
            match self
                .store
                .complete(&c, started, ended, completion.clone())
                .await
            {
                Ok(()) => return,
                Err(e) => {
                    (self.log)(&format!(
                        "error: recording the result of {what} failed: {e}"
                    ));
                    tokio::time::sleep(Duration::from_millis(
                        200u64.saturating_mul(i.saturating_add(1)),
                    ))
                    .await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let s = WorkerSettings {
            max_attempts: 8,
            initial_backoff_ms: 1000,
            max_backoff_ms: 10_000,
            timeout_ms: 1000,
            retention_ms: 1000,
        };
        for _ in 0..100 {
            let b1 = backoff_ms(&s, 1);
            assert!((500..=1000).contains(&b1), "{b1}");
            let b3 = backoff_ms(&s, 3);
            assert!((2000..=4000).contains(&b3), "{b3}");
            let b9 = backoff_ms(&s, 9);
            assert!((5000..=10_000).contains(&b9), "{b9}");
        }
    }
}
