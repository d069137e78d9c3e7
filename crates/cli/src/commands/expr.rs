//! `devplat expr eval`: evaluate one expression (being built: see the foundation issue).

use std::io::Write;

use clap::Subcommand;
use devplat_core::diag::ExitCode;

use crate::Context;

#[derive(Debug, Subcommand)]
pub enum ExprCommand {
    /// Evaluate EXPRESSION and print its value as JSON.
    Eval {
        /// The expression, without `${{ }}`.
        expression: String,
    },
}

pub fn run(
    cmd: ExprCommand,
    _ctx: &Context,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let ExprCommand::Eval { expression } = cmd;
    let _ = writeln!(err, "devplat expr eval: not built yet ({expression})");
    ExitCode::UsageOrInput
}
