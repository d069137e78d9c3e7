//! devplat-alerts: from Alertmanager webhooks to remediations, safely.
//!
//! The pure part (no I/O; builds for `wasm32-unknown-unknown`):
//! - [`payload`]: the Alertmanager webhook (version 4);
//! - [`matcher`]: Alertmanager's matcher syntax;
//! - [`config`]: `alerts.yml`, loaded with positions and checked;
//! - [`template`]: minijinja payload templates over the alert;
//! - [`action`]: actions and the requests they render to, with GitHub's limits;
//! - [`decide`](mod@decide): the decision engine (dedup, cooldown, caps, escalation, resolved,
//!   dry-run) over a [`decide::State`];
//! - [`snapshot`]: a [`decide::State`] over state fetched up front ([`decide::needs`]),
//!   for stores where every question is a network round trip;
//! - [`oneshot`]: the JSON-in/JSON-out one-shot decision (CLI `decide`, action, task);
//! - [`codes`]: every diagnostic code, for the docs.
//!
//! Behind the `server` feature (native only): [`server`] — the receiver (axum), the
//! SQLite or PostgreSQL outbox, the dispatch worker (octocrab for GitHub, hyper for Azure DevOps and
//! webhooks) and the audit trail.

pub mod action;
pub mod codes;
pub mod config;
pub mod decide;
pub mod duration;
pub mod matcher;
pub mod oneshot;
pub mod payload;
pub mod snapshot;
pub mod template;

#[cfg(feature = "server")]
pub mod server;

pub use config::{Config, Loaded, load};
pub use decide::{Decision, MemoryState, Outcome, State, decide};
pub use payload::{Alert, Payload};
