//! `devplat plan`: deployment waves, matrices, a generated workflow or Azure stages.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use devplat_core::diag::ExitCode;
use devplat_plan::{Format, Include, Input};

use super::common::{self, read_input};
use crate::Context;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PlanFormat {
    /// `{"version":1,"waves","rollback","services"}`.
    Json,
    /// Waves and rollback order for people.
    Text,
    /// `wave_count`, `wave_k`, `has_wave_k`, … in the `$GITHUB_OUTPUT` file format.
    GithubMatrix,
    /// A workflow with one job per service and exact `needs:` edges.
    GithubWorkflow,
    /// Azure Pipelines stages with `dependsOn` edges.
    AzureStages,
    /// The github-matrix outputs as Azure `task.setvariable` commands.
    AzureOutput,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum IncludeArg {
    Dependents,
    Dependencies,
    None,
}

/// Turn the service graph into deployment waves and rollback order.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The service config.
    #[arg(long, default_value = "deployment-config.yaml")]
    config: PathBuf,
    /// Plan only these services (comma-separated).
    #[arg(long, value_delimiter = ',', conflicts_with = "changes")]
    only: Option<Vec<String>>,
    /// Plan the affected services of a `devplat changes --format json` report (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    changes: Option<String>,
    /// Also plan the dependents or the dependencies of the selected services.
    #[arg(long, value_enum, default_value = "none")]
    include: IncludeArg,
    /// Output format (default: json, or text on a terminal).
    #[arg(long, value_enum)]
    format: Option<PlanFormat>,
    /// github-matrix: the number of wave jobs your workflow declares.
    #[arg(long)]
    max_waves: Option<usize>,
    /// github-workflow: the reusable workflow each job calls.
    #[arg(long)]
    workflow: Option<String>,
    /// github-workflow: the reusable workflow of the rollback jobs (default: --workflow).
    #[arg(long)]
    rollback_workflow: Option<String>,
    /// azure-stages: the steps template each deployment hook includes.
    #[arg(long)]
    template: Option<String>,
    /// azure-stages: deploy `rolling` services with Azure's `rolling` strategy (VM
    /// environments) instead of `runOnce`.
    #[arg(long)]
    azure_vm_rolling: bool,
}

pub fn run(args: PlanArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let config = match read_input(ctx, &args.config.to_string_lossy()) {
        Ok(t) => t,
        Err(e) => return common::usage(err, &e),
    };
    let changes = match &args.changes {
        Some(p) => match read_input(ctx, p) {
            Ok(t) => Some(t),
            Err(e) => return common::usage(err, &e),
        },
        None => None,
    };
    let format = args.format.unwrap_or(if ctx.stdout_is_terminal {
        PlanFormat::Text
    } else {
        PlanFormat::Json
    });
    let input = Input {
        config,
        config_path: common::display_path(&args.config),
        only: args.only.clone(),
        changes,
        include: match args.include {
            IncludeArg::Dependents => Include::Dependents,
            IncludeArg::Dependencies => Include::Dependencies,
            IncludeArg::None => Include::None,
        },
        format: match format {
            PlanFormat::Json => Format::Json,
            PlanFormat::Text => Format::Text,
            PlanFormat::GithubMatrix | PlanFormat::AzureOutput => Format::GithubMatrix,
            PlanFormat::GithubWorkflow => Format::GithubWorkflow,
            PlanFormat::AzureStages => Format::AzureStages,
        },
        max_waves: args.max_waves,
        workflow: args.workflow.clone(),
        rollback_workflow: args.rollback_workflow.clone(),
        template: args.template.clone(),
        azure_vm_rolling: args.azure_vm_rolling,
    };
    let result = devplat_plan::run(&input);
    common::print_diagnostics(ctx, err, &result.files, &result.diagnostics, "devplat plan");
    if result.has_errors() {
        return ExitCode::UsageOrInput;
    }
    let text = match format {
        PlanFormat::GithubMatrix => devplat_core::outputs::github_output_file(&result.outputs),
        PlanFormat::AzureOutput => devplat_core::outputs::azure_output_commands(&result.outputs),
        _ => result.text,
    };
    let _ = out.write_all(text.as_bytes());
    ExitCode::Clean
}
