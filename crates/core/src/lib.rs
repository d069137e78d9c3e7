//! devplat-core: what every devplat tool shares.
//!
//! - [`span`] and [`source`]: positions, the file table, and the [`source::FileSource`]
//!   interface through which the core asks its host (CLI or wasm) for files;
//! - [`yaml`]: a spanned YAML node tree built from `saphyr-parser` events;
//! - [`diag`]: the one diagnostic model and its renderers;
//! - [`expr`]: the `${{ }}` expression languages (GitHub and Azure dialects);
//! - [`suggest`]: "did you mean" suggestions.
//!
//! No I/O, no processes, no environment: this crate builds for `wasm32-unknown-unknown`.
#![deny(clippy::arithmetic_side_effects, clippy::string_slice)]

pub mod diag;
pub mod expr;
pub mod glob;
pub mod graph;
pub mod outputs;
pub mod source;
pub mod span;
pub mod suggest;
pub mod yaml;
