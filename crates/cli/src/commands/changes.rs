//! `devplat changes`: changed files → affected services (or paths-filter outputs).
//!
//! Reads the inputs (config, file list, event payload), runs git and the GitHub API when
//! asked, and hands everything to `devplat_changes`, which decides.

mod git;
mod github;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use devplat_changes::Input;
use devplat_changes::source::{
    self, Collected, DeepenOptions, Git, PullRequestFiles, SelectOptions, Selection,
};
use devplat_core::diag::ExitCode;

use super::common::{self, read_input};
use crate::Context;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ChangesFormat {
    /// The versioned JSON report (default when stdout is not a terminal).
    Json,
    /// A table of affected services and their reasons.
    Text,
    /// Step outputs in the `$GITHUB_OUTPUT` file format (`>> "$GITHUB_OUTPUT"`).
    GithubOutput,
    /// Step outputs as Azure Pipelines `task.setvariable` commands.
    AzureOutput,
}

/// Map changed files to the services they affect, with the reason for each.
#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// The service config.
    #[arg(long, default_value = "deployment-config.yaml")]
    config: PathBuf,
    /// Read the changed files from FILE (`-` for stdin): one path per line, or
    /// `git diff --name-status [-z]` output.
    #[arg(long, value_name = "FILE")]
    files_from: Option<String>,
    /// Compare with this ref (merge-base diff with --head).
    #[arg(long)]
    base: Option<String>,
    /// The ref to compare (default: the event's head, else HEAD).
    #[arg(long)]
    head: Option<String>,
    /// A GitHub event payload (default: $GITHUB_EVENT_PATH when --base and --files-from are absent).
    #[arg(long, value_name = "FILE")]
    event: Option<PathBuf>,
    /// The event name (default: $GITHUB_EVENT_NAME).
    #[arg(long)]
    event_name: Option<String>,
    /// A GitHub token: PR files from the API, last successful run for manual events
    /// (default: $GITHUB_TOKEN).
    #[arg(long)]
    token: Option<String>,
    /// The GitHub API base URL (default: $GITHUB_API_URL, else https://api.github.com).
    #[arg(long)]
    api_url: Option<String>,
    /// OWNER/NAME of the repository (default: $GITHUB_REPOSITORY).
    #[arg(long)]
    repository: Option<String>,
    /// The git repository to diff in.
    #[arg(long, default_value = ".")]
    repo_dir: PathBuf,
    /// The remote that holds the base.
    #[arg(long, default_value = "origin")]
    remote: String,
    /// First fetch depth when the clone is shallow.
    #[arg(long, default_value_t = 100)]
    fetch_depth: u32,
    /// paths-filter compatibility: a filter file instead of the service config.
    #[arg(long, value_name = "FILE")]
    filters: Option<PathBuf>,
    /// paths-filter quantifier (`ordered`: the last matching rule decides).
    #[arg(long, value_parser = ["some", "every", "ordered"])]
    quantifier: Option<String>,
    /// paths-filter `list-files`.
    #[arg(long, value_parser = ["none", "json", "csv", "shell", "escape"])]
    list_files: Option<String>,
    /// Output format.
    #[arg(long, value_enum)]
    format: Option<ChangesFormat>,
}

pub fn run(args: ChangesArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut input = Input {
        config_path: common::display_path(&args.config),
        filters_path: args
            .filters
            .as_ref()
            .map(|p| common::display_path(p))
            .unwrap_or_default(),
        quantifier: args.quantifier.clone(),
        list_files: args.list_files.clone(),
        ..Input::default()
    };
    if let Some(f) = &args.filters {
        match read_input(ctx, &f.to_string_lossy()) {
            Ok(t) => input.filters = Some(t),
            Err(e) => return common::usage(err, &e),
        }
    } else {
        match read_input(ctx, &args.config.to_string_lossy()) {
            Ok(t) => input.config = Some(t),
            Err(e) => return common::usage(err, &e),
        }
    }
    if let Some(from) = &args.files_from {
        match read_input(ctx, from) {
            Ok(t) => input.files_text = Some(t),
            Err(e) => return common::usage(err, &e),
        }
    } else {
        match collect(&args, ctx) {
            Ok(c) => {
                input.files = c.files;
                input.base = c.base;
                input.head = c.head;
                input.incomplete = c.incomplete;
                input.notes = c.notes;
            }
            Err(e) => return common::usage(err, &e),
        }
    }
    let result = devplat_changes::run(&input);
    common::print_diagnostics(
        ctx,
        err,
        &result.files,
        &result.diagnostics,
        "devplat changes",
    );
    if result.has_errors() {
        return ExitCode::UsageOrInput;
    }
    let format = args.format.unwrap_or(if ctx.stdout_is_terminal {
        ChangesFormat::Text
    } else {
        ChangesFormat::Json
    });
    if matches!(
        format,
        ChangesFormat::GithubOutput | ChangesFormat::AzureOutput
    ) && let Some(d) = &result.output_error
    {
        common::print_diagnostics(
            ctx,
            err,
            &result.files,
            std::slice::from_ref(d),
            "devplat changes",
        );
        return ExitCode::UsageOrInput;
    }
    let text = match format {
        ChangesFormat::GithubOutput => devplat_core::outputs::github_output_file(&result.outputs),
        ChangesFormat::AzureOutput => devplat_core::outputs::azure_output_commands(&result.outputs),
        ChangesFormat::Json => match (&result.report, &result.filters) {
            (Some(r), _) => serde_json::to_string_pretty(r).unwrap_or_default() + "\n",
            (None, Some(f)) => {
                serde_json::to_string_pretty(
                    &serde_json::json!({"version": 1, "filters": f, "outputs": result.outputs}),
                )
                .unwrap_or_default()
                    + "\n"
            }
            (None, None) => String::new(),
        },
        ChangesFormat::Text => match (&result.report, &result.filters) {
            (Some(r), _) => r.to_text(),
            (None, Some(f)) => f
                .iter()
                .map(|r| {
                    format!(
                        "{}: {} ({} file{})\n",
                        r.name,
                        !r.files.is_empty(),
                        r.files.len(),
                        if r.files.len() == 1 { "" } else { "s" }
                    )
                })
                .collect(),
            (None, None) => String::new(),
        },
    };
    let _ = out.write_all(text.as_bytes());
    ExitCode::Clean
}

/// The changed files from git (and the GitHub API for pull requests).
fn collect(args: &ChangesArgs, ctx: &Context) -> Result<Collected, String> {
    let event_name = args
        .event_name
        .clone()
        .or_else(|| ctx.var("GITHUB_EVENT_NAME").map(str::to_owned));
    let event_path = args.event.clone().or_else(|| {
        if args.base.is_none() {
            ctx.var("GITHUB_EVENT_PATH").map(PathBuf::from)
        } else {
            None
        }
    });
    let payload: serde_json::Value = match &event_path {
        Some(p) => {
            let text = read_input(ctx, &p.to_string_lossy())?;
            serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a JSON event payload: {e}", p.display()))?
        }
        None => serde_json::Value::Null,
    };
    if args.base.is_none() && event_path.is_none() {
        return Err("say where the changes are: --files-from FILE, --base REF [--head REF], or --event FILE".to_owned());
    }
    let repo_dir = if args.repo_dir.is_absolute() {
        args.repo_dir.clone()
    } else {
        ctx.cwd.join(&args.repo_dir)
    };
    let token = args
        .token
        .clone()
        .or_else(|| ctx.var("GITHUB_TOKEN").map(str::to_owned));
    let repository = args
        .repository
        .clone()
        .or_else(|| ctx.var("GITHUB_REPOSITORY").map(str::to_owned));
    let api_url = args
        .api_url
        .clone()
        .or_else(|| ctx.var("GITHUB_API_URL").map(str::to_owned))
        .unwrap_or_else(|| "https://api.github.com".to_owned());
    let api = match (&token, &repository) {
        (Some(t), Some(r)) if !t.is_empty() => Some(github::GithubApi::new(&api_url, t, r)?),
        _ => None,
    };
    let mut opts = SelectOptions {
        base: args.base.clone(),
        head: args.head.clone(),
        remote: Some(args.remote.clone()),
        ..SelectOptions::default()
    };
    let name = event_name
        .as_deref()
        .unwrap_or(if args.base.is_some() { "" } else { "push" });
    if args.base.is_none()
        && !source::event_names_base(name)
        && let Some(api) = &api
    {
        let workflow = ctx
            .var("GITHUB_WORKFLOW_REF")
            .and_then(|r| r.split('@').next())
            .and_then(|p| p.rsplit('/').next())
            .unwrap_or("");
        let branch = ctx.var("GITHUB_REF_NAME").unwrap_or("main");
        if !workflow.is_empty() {
            opts.last_success = api.last_successful_run(workflow, branch)?;
        }
    }
    let selection: Selection = source::select(name, &payload, &opts).map_err(|e| e.message)?;
    let mut git = devplat_changes::git::RunnerGit {
        runner: git::ProcessRunner { dir: repo_dir },
        remote: args.remote.clone(),
    };
    let deepen = DeepenOptions {
        initial_depth: args.fetch_depth,
        ..DeepenOptions::default()
    };
    let mut api = api;
    let api_ref: Option<&mut dyn PullRequestFiles> =
        api.as_mut().map(|a| a as &mut dyn PullRequestFiles);
    let git_ref: Option<&mut dyn Git> = Some(&mut git);
    let collected = source::collect(&selection, api_ref, git_ref, deepen);
    Ok(collected)
}
