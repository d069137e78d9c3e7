//! Prometheus metrics of the receiver and the worker, in the text exposition format.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::decide::Outcome;

/// Upper bounds (seconds) of the dispatch latency histogram.
const BUCKETS: &[f64] = &[0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

#[derive(Debug, Default)]
pub struct Metrics {
    pub notifications: AtomicU64,
    pub unauthorized: AtomicU64,
    pub bad_requests: AtomicU64,
    pub store_errors: AtomicU64,
    outcomes: [AtomicU64; 9],
    pub dispatched: AtomicU64,
    pub failed: AtomicU64,
    pub retries: AtomicU64,
    pub in_doubt: AtomicU64,
    latency: Mutex<Histogram>,
}

#[derive(Debug, Default)]
struct Histogram {
    counts: [u64; 11],
    sum: f64,
    count: u64,
}

fn inc(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

impl Metrics {
    pub fn outcome(&self, o: Outcome) {
        if let Some(i) = Outcome::ALL.iter().position(|x| *x == o)
            && let Some(c) = self.outcomes.get(i)
        {
            inc(c);
        }
    }
    pub fn notification(&self) {
        inc(&self.notifications);
    }
    pub fn unauthorized(&self) {
        inc(&self.unauthorized);
    }
    pub fn bad_request(&self) {
        inc(&self.bad_requests);
    }
    pub fn store_error(&self) {
        inc(&self.store_errors);
    }
    pub fn dispatched(&self) {
        inc(&self.dispatched);
    }
    pub fn failed(&self) {
        inc(&self.failed);
    }
    pub fn retry(&self) {
        inc(&self.retries);
    }
    pub fn in_doubt(&self, n: u64) {
        self.in_doubt.fetch_add(n, Ordering::Relaxed);
    }

    /// One HTTP attempt took `seconds`.
    pub fn observe_latency(&self, seconds: f64) {
        if let Ok(mut h) = self.latency.lock() {
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b
                    && let Some(c) = h.counts.get_mut(i)
                {
                    *c = c.saturating_add(1);
                }
            }
            h.sum += seconds;
            h.count = h.count.saturating_add(1);
        }
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let counter = |s: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}");
        };
        counter(
            &mut s,
            "devplat_alerts_notifications_received_total",
            "Accepted webhook notifications.",
            get(&self.notifications),
        );
        counter(
            &mut s,
            "devplat_alerts_unauthorized_total",
            "Requests refused with 401 (nothing recorded).",
            get(&self.unauthorized),
        );
        counter(
            &mut s,
            "devplat_alerts_bad_requests_total",
            "Bodies refused with 400/413.",
            get(&self.bad_requests),
        );
        counter(
            &mut s,
            "devplat_alerts_store_errors_total",
            "Notifications refused with 503 because the state store failed.",
            get(&self.store_errors),
        );
        let deduped = Outcome::ALL
            .iter()
            .position(|o| *o == Outcome::Deduped)
            .and_then(|i| self.outcomes.get(i))
            .map_or(0, get);
        counter(
            &mut s,
            "devplat_alerts_deduped_total",
            "Alerts recognised as resends of a handled alert instance.",
            deduped,
        );
        let escalated = Outcome::ALL
            .iter()
            .position(|o| *o == Outcome::Escalate)
            .and_then(|i| self.outcomes.get(i))
            .map_or(0, get);
        counter(
            &mut s,
            "devplat_alerts_escalated_total",
            "Escalations decided (cap reached).",
            escalated,
        );
        counter(
            &mut s,
            "devplat_alerts_dispatched_total",
            "Requests the API accepted.",
            get(&self.dispatched),
        );
        counter(
            &mut s,
            "devplat_alerts_failed_total",
            "Requests given up (4xx, or retries exhausted).",
            get(&self.failed),
        );
        counter(
            &mut s,
            "devplat_alerts_retries_total",
            "Attempts rescheduled after 5xx, network errors or rate limits.",
            get(&self.retries),
        );
        counter(
            &mut s,
            "devplat_alerts_in_doubt_total",
            "Requests interrupted by a crash after being claimed: not resent (see docs).",
            get(&self.in_doubt),
        );
        let _ = writeln!(
            s,
            "# HELP devplat_alerts_decisions_total Decisions by outcome.\n# TYPE devplat_alerts_decisions_total counter"
        );
        for (i, o) in Outcome::ALL.iter().enumerate() {
            let v = self.outcomes.get(i).map_or(0, get);
            let _ = writeln!(
                s,
                "devplat_alerts_decisions_total{{outcome=\"{}\"}} {v}",
                o.as_str()
            );
        }
        let _ = writeln!(
            s,
            "# HELP devplat_alerts_dispatch_duration_seconds Duration of one dispatch HTTP attempt.\n# TYPE devplat_alerts_dispatch_duration_seconds histogram"
        );
        if let Ok(h) = self.latency.lock() {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "devplat_alerts_dispatch_duration_seconds_bucket{{le=\"{b}\"}} {}",
                    h.counts.get(i).copied().unwrap_or(0)
                );
            }
            let _ = writeln!(
                s,
                "devplat_alerts_dispatch_duration_seconds_bucket{{le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(s, "devplat_alerts_dispatch_duration_seconds_sum {}", h.sum);
            let _ = writeln!(
                s,
                "devplat_alerts_dispatch_duration_seconds_count {}",
                h.count
            );
        }
        s
    }
}
