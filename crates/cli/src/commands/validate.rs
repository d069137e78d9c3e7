//! `devplat validate`: lint GitHub workflows, reusable workflows and actions.
//!
//! Parses the flags, builds a [`Request`], runs [`devplat_validate::validate`] over the
//! file system (and, with `--resolve-remote`, the GitHub API), renders the outcome and
//! maps it to the exit code.

use std::io::Write;
use std::path::Path;

use clap::Args;
use devplat_core::diag::render::{self, Format, Options, Report};
use devplat_core::diag::{ExitCode, FailOn, ToolInfo};
use devplat_validate::{Request, rules};

use crate::Context;
use crate::fs::DiskFiles;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or directories to validate (default: the current directory).
    pub paths: Vec<String>,
    /// Output format: human, json, sarif, github, azure, markdown, junit (default human;
    /// github when GITHUB_ACTIONS=true and stdout is not a terminal).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Configuration file (default: .devplat.yml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Do not read .devplat.yml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Lowest severity that fails the run: error, warning, note, never.
    #[arg(long, value_name = "LEVEL", default_value = "error")]
    pub fail_on: String,
    /// Write the output to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// List the rules (in --format human, json or markdown) and exit.
    #[arg(long)]
    pub list_rules: bool,
    /// Fetch remote reusable workflows and actions through the GitHub API (uses
    /// GITHUB_TOKEN when set) and check their inputs, secrets and outputs.
    #[arg(long)]
    pub resolve_remote: bool,
    /// GitHub API base URL (default: $GITHUB_API_URL, else https://api.github.com).
    #[arg(long, value_name = "URL", requires = "resolve_remote")]
    pub github_api_url: Option<String>,
    /// Where fetched files are cached (default: $XDG_CACHE_HOME/devplat/remote or
    /// ~/.cache/devplat/remote).
    #[arg(long, value_name = "DIR", requires = "resolve_remote")]
    pub cache_dir: Option<String>,
}

fn cache_dir(args: &ValidateArgs, ctx: &Context) -> Option<std::path::PathBuf> {
    if let Some(d) = &args.cache_dir {
        return Some(ctx.cwd.join(d));
    }
    let base = match (ctx.var("XDG_CACHE_HOME"), ctx.var("HOME")) {
        (Some(x), _) if !x.is_empty() => std::path::PathBuf::from(x),
        (_, Some(h)) if !h.is_empty() => std::path::PathBuf::from(h).join(".cache"),
        _ => return None,
    };
    Some(base.join("devplat").join("remote"))
}

fn usage(err: &mut dyn Write, msg: &str) -> ExitCode {
    let _ = writeln!(err, "error: {msg}");
    ExitCode::UsageOrInput
}

/// `--output`, relative to the command's working directory.
fn output_path(args: &ValidateArgs, ctx: &Context) -> Option<String> {
    args.output
        .as_ref()
        .map(|o| ctx.cwd.join(o).to_string_lossy().into_owned())
}

pub fn run(
    args: ValidateArgs,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let format = match &args.format {
        Some(f) => match Format::parse(f) {
            Some(f) => f,
            None => {
                return usage(
                    err,
                    &format!(
                        "unknown format \"{f}\", expected one of {}",
                        Format::names()
                    ),
                );
            }
        },
        None if ctx.var("GITHUB_ACTIONS") == Some("true") && !ctx.stdout_is_terminal => {
            Format::Github
        }
        None => Format::Human,
    };
    let Some(fail_on) = FailOn::parse(&args.fail_on) else {
        return usage(
            err,
            &format!(
                "unknown --fail-on level \"{}\", expected one of error, warning, note, never",
                args.fail_on
            ),
        );
    };
    if args.list_rules {
        let text = match format {
            Format::Markdown => devplat_validate::docs::rules_markdown(),
            Format::Json => devplat_validate::docs::rules_json(),
            Format::Human => devplat_validate::docs::rules_text(),
            other => {
                return usage(
                    err,
                    &format!("--list-rules prints human, json or markdown, not {other}"),
                );
            }
        };
        return write_output(&output_path(&args, ctx), &text, out, err, ExitCode::Clean);
    }

    let fs = DiskFiles::new(&ctx.cwd);
    let paths = args
        .paths
        .iter()
        .map(|p| fs.relativize(Path::new(p)))
        .collect();
    let request = Request {
        paths,
        config: args.config.as_ref().map(|c| fs.relativize(Path::new(c))),
        no_config: args.no_config,
        fail_on,
    };
    let remote = if args.resolve_remote {
        let base = args
            .github_api_url
            .clone()
            .or_else(|| ctx.var("GITHUB_API_URL").map(str::to_owned))
            .unwrap_or_else(|| "https://api.github.com".to_owned());
        match crate::remote::GithubRemote::new(
            &base,
            ctx.var("GITHUB_TOKEN"),
            cache_dir(&args, ctx),
        ) {
            Ok(r) => Some(r),
            Err(e) => return usage(err, &e),
        }
    } else {
        None
    };
    // Files are checked on every core; remote fetching runs on this thread.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let outcome = match &remote {
        Some(r) => devplat_validate::validate(
            &fs,
            &request,
            Some(r as &dyn devplat_validate::RemoteSource),
        ),
        None => devplat_validate::validate_parallel(&fs, &request, threads),
    };
    let metas = rules::metas();
    let tool = ToolInfo {
        name: "devplat".to_owned(),
        component: "devplat validate".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        information_uri: "https://github.com/org/devplat/blob/main/docs/validate.md".to_owned(),
    };
    let report = Report {
        files: &outcome.files,
        diagnostics: &outcome.diagnostics,
        rules: &metas,
        tool: &tool,
        checked: Some(outcome.summary.files),
    };
    let options = Options {
        color: format == Format::Human && args.output.is_none() && ctx.color_stdout(),
        fail_on,
        threads,
        ..Options::default()
    };
    let text = render::render(format, &report, &options);
    write_output(&output_path(&args, ctx), &text, out, err, outcome.exit)
}

fn write_output(
    output: &Option<String>,
    text: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
    code: ExitCode,
) -> ExitCode {
    match output {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => code,
            Err(e) => usage(err, &format!("cannot write {path}: {e}")),
        },
        None => {
            let _ = out.write_all(text.as_bytes());
            code
        }
    }
}
