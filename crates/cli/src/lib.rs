//! The `devplat` command line: argument parsing, files, processes and the network.
//!
//! Everything a command needs from the process comes in through [`Context`] and the
//! output streams, so the whole CLI runs in-process in tests.

mod commands;
mod context;
pub mod fs;

use std::ffi::OsString;
use std::io::Write;

use clap::{Parser, Subcommand};
pub use context::Context;
use devplat_core::diag::ExitCode;

/// CI/CD platform tools for GitHub Actions and Azure DevOps.
#[derive(Debug, Parser)]
#[command(name = "devplat", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate `${{ }}` expressions (GitHub or Azure dialect).
    #[command(subcommand)]
    Expr(commands::expr::ExprCommand),
    /// Lint GitHub workflows, reusable workflows and their callers, and actions.
    Validate(commands::validate::ValidateArgs),
    /// Map changed files to the services they affect, with the reason for each.
    Changes(commands::changes::ChangesArgs),
    /// Turn the service graph into deployment waves, matrices, workflows or Azure stages.
    Plan(commands::plan::PlanArgs),
    /// Receive Alertmanager webhooks and dispatch remediations (GitHub, Azure DevOps).
    #[command(subcommand)]
    Alerts(commands::alerts::AlertsCommand),
}

/// Run the CLI with `args` (the first is the program name) and return the exit status.
pub fn run<I, T>(args: I, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let is_usage = e.use_stderr();
            let text = if ctx.color_stderr {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let _ = if is_usage {
                write!(err, "{text}")
            } else {
                // --help and --version are answers, not errors.
                write!(out, "{text}")
            };
            return if is_usage {
                ExitCode::UsageOrInput
            } else {
                ExitCode::Clean
            };
        }
    };
    match cli.command {
        Command::Expr(cmd) => commands::expr::run(cmd, ctx, out, err),
        Command::Validate(args) => commands::validate::run(args, ctx, out, err),
        Command::Changes(args) => commands::changes::run(args, ctx, out, err),
        Command::Plan(args) => commands::plan::run(args, ctx, out, err),
        Command::Alerts(cmd) => commands::alerts::run(cmd, ctx, out, err),
    }
}
