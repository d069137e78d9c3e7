//! One module per subcommand.

pub mod alerts;
pub mod changes;
mod common;
pub mod expr;
pub mod plan;
pub mod validate;
