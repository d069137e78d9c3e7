//! One module per subcommand.

pub mod alerts;
pub mod expr;
pub mod validate;
