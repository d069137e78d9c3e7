//! What GitHub Actions accepts, as tables: events and activity types, permission
//! scopes, context availability and typed context properties, shells, runner labels,
//! cron. The rules read these; the docs are checked against them.

pub mod contexts;
pub mod cron;
pub mod events;
pub mod permissions;
pub mod runners;
pub mod shells;
