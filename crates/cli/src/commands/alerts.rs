//! `devplat alerts`: the Alertmanager receiver (`serve`), its config check
//! (`check-config`), the stateless one-shot decision (`decide`) and the audit trail
//! (`audit`). The decisions are made in `devplat-alerts`; this module reads files,
//! environment variables and signals, and prints.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Subcommand, ValueEnum};
use devplat_alerts::config::{Config, Loaded};
use devplat_alerts::server::{self, PgOptions, Secret, Secrets, ServeOptions, StateSpec, SyncMode};
use devplat_core::diag::render::{self, Format, Options, Report};
use devplat_core::diag::{Diagnostic, ExitCode, ToolInfo};
use devplat_core::source::Files;

use crate::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqliteSync {
    /// Survives a killed process.
    Normal,
    /// Also survives power loss (slower).
    Full,
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Receive Alertmanager webhooks and dispatch remediations.
    Serve {
        /// The rules file.
        #[arg(long, default_value = "alerts.yml")]
        config: PathBuf,
        /// Address to listen on (port 0 picks a free port; the log names it).
        #[arg(long, default_value = "127.0.0.1:9095")]
        listen: SocketAddr,
        /// State store: `sqlite:PATH` (or a plain path), or `postgres://USER@HOST:PORT/DB`
        /// shared by several replicas.
        #[arg(long, default_value = "sqlite:devplat-alerts.db")]
        state: String,
        /// PostgreSQL: a file holding the password (else `PGPASSWORD`, else the URL's).
        #[arg(long)]
        state_password_file: Option<PathBuf>,
        /// PostgreSQL: connections in this replica's pool.
        #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=1000))]
        pg_pool_size: u16,
        /// Decide and record everything, dispatch nothing.
        #[arg(long)]
        dry_run: bool,
        /// SQLite durability: `normal` survives a killed process, `full` also power loss.
        #[arg(long, value_enum, default_value = "normal")]
        sqlite_sync: SqliteSync,
    },
    /// Check alerts.yml; exit 2 on errors.
    CheckConfig {
        #[arg(long, default_value = "alerts.yml")]
        config: PathBuf,
        /// human, json, sarif, github, azure, markdown or junit.
        #[arg(long, default_value = "human")]
        format: Format,
    },
    /// Decide one payload without state and print the decision JSON.
    Decide {
        #[arg(long, default_value = "alerts.yml")]
        config: PathBuf,
        /// Webhook body, one alert, or `{"alert": …}`; `-` reads stdin.
        #[arg(long)]
        payload: PathBuf,
        /// Decision time (RFC 3339); default now.
        #[arg(long)]
        now: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
    /// Show every decision recorded in the state store.
    Audit {
        /// `sqlite:PATH` (or a plain path) or `postgres://…`.
        #[arg(long, default_value = "sqlite:devplat-alerts.db")]
        state: String,
        /// PostgreSQL: a file holding the password (else `PGPASSWORD`, else the URL's).
        #[arg(long)]
        state_password_file: Option<PathBuf>,
        /// Only decisions since: a duration back from now (`1h`, `7d`) or an RFC 3339 time.
        #[arg(long)]
        since: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
}

pub fn run(
    cmd: AlertsCommand,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    match cmd {
        AlertsCommand::Serve {
            config,
            listen,
            state,
            state_password_file,
            pg_pool_size,
            dry_run,
            sqlite_sync,
        } => {
            let state = StateArgs {
                state: &state,
                password_file: state_password_file.as_deref(),
                pool_size: pg_pool_size,
                sync: sqlite_sync,
            };
            serve(ctx, &config, listen, &state, dry_run, err)
        }
        AlertsCommand::CheckConfig { config, format } => {
            check_config(ctx, &config, format, out, err)
        }
        AlertsCommand::Decide {
            config,
            payload,
            now,
            dry_run,
        } => decide(ctx, &config, &payload, now.as_deref(), dry_run, out, err),
        AlertsCommand::Audit {
            state,
            state_password_file,
            since,
            format,
        } => {
            let state = StateArgs {
                state: &state,
                password_file: state_password_file.as_deref(),
                pool_size: 1,
                sync: SqliteSync::Normal,
            };
            audit(ctx, &state, since.as_deref(), format, out, err)
        }
    }
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn resolve(ctx: &Context, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_owned()
    } else {
        ctx.cwd.join(p)
    }
}

fn tool() -> ToolInfo {
    ToolInfo {
        name: "devplat".into(),
        component: "devplat alerts".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        information_uri: "https://github.com/org/devplat".into(),
    }
}

/// Render diagnostics in `format` (human: with source snippets, colour on a terminal).
fn render(files: &Files, diags: &[Diagnostic], format: Format, color: bool) -> String {
    let rules = devplat_alerts::codes::rules();
    let tool = tool();
    let report = Report {
        files,
        diagnostics: diags,
        rules: &rules,
        tool: &tool,
        checked: None,
    };
    render::render(
        format,
        &report,
        &Options {
            color,
            ..Options::default()
        },
    )
}

/// Print diagnostics (if any) to `err` for people.
fn print_diagnostics(ctx: &Context, files: &Files, diags: &[Diagnostic], err: &mut dyn Write) {
    if !diags.is_empty() {
        let _ = write!(
            err,
            "{}",
            render(files, diags, Format::Human, ctx.color_stderr)
        );
    }
}

/// The config's text, or `unreadable-config` on stderr and exit 2.
fn read_config(ctx: &Context, path: &Path, err: &mut dyn Write) -> Result<String, ExitCode> {
    std::fs::read_to_string(resolve(ctx, path)).map_err(|e| {
        let _ = writeln!(
            err,
            "{}: error[unreadable-config]: cannot read: {e}",
            path.display()
        );
        ExitCode::UsageOrInput
    })
}

/// Read and check the config; on failure the diagnostics are printed and `Err` holds
/// the exit code.
fn load_config(
    ctx: &Context,
    path: &Path,
    err: &mut dyn Write,
) -> Result<(Loaded, Config), ExitCode> {
    let text = read_config(ctx, path, err)?;
    let mut loaded = devplat_alerts::load(&path.display().to_string(), &text);
    print_diagnostics(ctx, &loaded.files, &loaded.diagnostics, err);
    match loaded.config.take() {
        Some(c) => Ok((loaded, c)),
        None => Err(ExitCode::UsageOrInput),
    }
}

fn check_config(
    ctx: &Context,
    path: &Path,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let text = match read_config(ctx, path, err) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let loaded = devplat_alerts::load(&path.display().to_string(), &text);
    let color = format == Format::Human && ctx.color_stdout();
    if format != Format::Human || !loaded.diagnostics.is_empty() {
        let _ = write!(
            out,
            "{}",
            render(&loaded.files, &loaded.diagnostics, format, color)
        );
    }
    if loaded.has_errors() {
        return ExitCode::UsageOrInput;
    }
    if format == Format::Human {
        let rules = loaded.config.as_ref().map_or(0, |c| c.rules.len());
        let _ = writeln!(out, "{}: ok ({rules} rules)", path.display());
    }
    ExitCode::Clean
}

fn read_input(ctx: &Context, path: &Path) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(resolve(ctx, path))
    }
}

fn parse_time(s: &str) -> Result<i64, String> {
    s.parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond())
        .map_err(|e| format!("{s:?} is not an RFC 3339 time: {e}"))
}

fn decide(
    ctx: &Context,
    config: &Path,
    payload: &Path,
    now: Option<&str>,
    dry_run: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let config_text = match read_config(ctx, config, err) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let payload_text = match read_input(ctx, payload) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(
                err,
                "{}: error[unreadable-payload]: cannot read: {e}",
                payload.display()
            );
            return ExitCode::UsageOrInput;
        }
    };
    let now_ms = match now.map(parse_time).transpose() {
        Ok(t) => t.unwrap_or_else(now_ms),
        Err(m) => {
            let _ = writeln!(err, "error[invalid-time]: {m}");
            return ExitCode::UsageOrInput;
        }
    };
    let input = serde_json::json!({
        "config": config_text,
        "config_path": config.display().to_string(),
        "payload": payload_text,
        "now_ms": now_ms,
        "dry_run": dry_run,
    });
    let result = devplat_alerts::oneshot::decide_value(input);
    let ok = result
        .get("ok")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    if !ok {
        // Show config diagnostics with source lines as well.
        let loaded = devplat_alerts::load(&config.display().to_string(), &config_text);
        print_diagnostics(ctx, &loaded.files, &loaded.diagnostics, err);
        if let Some(e) = result.get("error") {
            let _ = writeln!(
                err,
                "error[{}]: {}",
                e.get("code").and_then(|v| v.as_str()).unwrap_or("error"),
                e.get("message").and_then(|v| v.as_str()).unwrap_or("")
            );
        }
    }
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&result).unwrap_or_default()
    );
    if ok {
        ExitCode::Clean
    } else {
        ExitCode::UsageOrInput
    }
}

/// `--state` and what goes with it.
struct StateArgs<'a> {
    state: &'a str,
    password_file: Option<&'a Path>,
    pool_size: u16,
    sync: SqliteSync,
}

fn is_postgres(state: &str) -> bool {
    state.starts_with("postgres://") || state.starts_with("postgresql://")
}

/// Resolve `--state` into a store; the PostgreSQL password comes from the URL, or
/// else `--state-password-file`, or else `PGPASSWORD` (it is never printed).
fn state_spec(ctx: &Context, args: &StateArgs<'_>) -> Result<StateSpec, String> {
    if is_postgres(args.state) {
        let password = match args.password_file {
            Some(f) => {
                let p = resolve(ctx, f);
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| format!("cannot read the password file {}: {e}", p.display()))?;
                // A trailing newline is the file's, not the password's.
                Some(Secret::new(text.trim_end_matches(['\r', '\n'])))
            }
            None => ctx.var("PGPASSWORD").map(Secret::new),
        };
        let mut opts = PgOptions::parse(args.state, password.as_ref())?;
        opts.pool_size = usize::from(args.pool_size);
        opts.replica = format!(
            "{}:{}",
            std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_owned())
                .ok()
                .or_else(|| ctx.var("HOSTNAME").map(str::to_owned))
                .unwrap_or_else(|| "unknown-host".into()),
            std::process::id()
        );
        return Ok(StateSpec::Postgres(Box::new(opts)));
    }
    let p = args.state.strip_prefix("sqlite:").unwrap_or(args.state);
    if p.is_empty() {
        return Err("--state: empty path".into());
    }
    if p.contains("://") {
        return Err(format!(
            "--state {:?}: not `sqlite:PATH` nor `postgres://…`",
            args.state
        ));
    }
    Ok(StateSpec::Sqlite {
        path: resolve(ctx, Path::new(p)),
        sync: match args.sync {
            SqliteSync::Normal => SyncMode::Normal,
            SqliteSync::Full => SyncMode::Full,
        },
    })
}

/// A credential from a file (relative to the config file's directory) or, failing
/// that, from an environment variable.
fn secret(
    ctx: &Context,
    base: &Path,
    env: Option<&str>,
    file: Option<&str>,
) -> Result<Option<Secret>, String> {
    if let Some(f) = file {
        let p = if Path::new(f).is_absolute() {
            PathBuf::from(f)
        } else {
            base.join(f)
        };
        return std::fs::read_to_string(&p)
            .map(|t| Some(Secret::new(t)))
            .map_err(|e| format!("cannot read credential file {}: {e}", p.display()));
    }
    Ok(env
        .and_then(|name| ctx.var(name))
        .map(Secret::new)
        .filter(|s| !s.is_empty()))
}

fn secrets(ctx: &Context, config_path: &Path, cfg: &Config) -> Result<Secrets, String> {
    let base = resolve(ctx, config_path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ctx.cwd.clone());
    Ok(Secrets {
        bearer_token: secret(
            ctx,
            &base,
            Some(&cfg.receiver.bearer_token_env),
            cfg.receiver.bearer_token_file.as_deref(),
        )?,
        hmac_secret: secret(
            ctx,
            &base,
            cfg.receiver.hmac_secret_env.as_deref(),
            cfg.receiver.hmac_secret_file.as_deref(),
        )?,
        github_token: secret(
            ctx,
            &base,
            Some(&cfg.github.token_env),
            cfg.github.token_file.as_deref(),
        )?,
        azure_pat: secret(
            ctx,
            &base,
            Some(&cfg.azure.token_env),
            cfg.azure.token_file.as_deref(),
        )?,
    })
}

fn serve(
    ctx: &Context,
    config_path: &Path,
    listen: SocketAddr,
    state: &StateArgs<'_>,
    dry_run: bool,
    err: &mut dyn Write,
) -> ExitCode {
    let (_, cfg) = match load_config(ctx, config_path, err) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let state = match state_spec(ctx, state) {
        Ok(s) => s,
        Err(m) => {
            let _ = writeln!(err, "error[invalid-state]: {m}");
            return ExitCode::UsageOrInput;
        }
    };
    let secrets = match secrets(ctx, config_path, &cfg) {
        Ok(s) => s,
        Err(m) => {
            let _ = writeln!(err, "error[unreadable-credential]: {m}");
            return ExitCode::UsageOrInput;
        }
    };
    // The server runs on its own thread; its log lines come back over a channel and
    // are written here, to `err`, so the caller's streams stay the only output.
    let (log_tx, log_rx) = std::sync::mpsc::channel::<String>();
    let log: server::Log = Arc::new(move |line: &str| {
        let at = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.3fZ");
        let _ = log_tx.send(format!("{at} devplat alerts: {line}"));
    });
    let opts = ServeOptions {
        listen,
        state,
        dry_run,
    };
    let server = std::thread::spawn(move || -> Result<(), String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        runtime.block_on(async move {
            let shutdown = async {
                #[cfg(unix)]
                {
                    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    {
                        Ok(mut term) => {
                            tokio::select! {
                                _ = tokio::signal::ctrl_c() => {}
                                _ = term.recv() => {}
                            }
                        }
                        Err(_) => {
                            let _ = tokio::signal::ctrl_c().await;
                        }
                    }
                }
                #[cfg(not(unix))]
                {
                    let _ = tokio::signal::ctrl_c().await;
                }
            };
            server::serve(cfg, secrets, opts, log, shutdown).await
        })
    });
    // Ends when the server thread drops the last log sender.
    for line in log_rx {
        let _ = writeln!(err, "{line}");
        let _ = err.flush();
    }
    match server.join() {
        Ok(Ok(())) => ExitCode::Clean,
        Ok(Err(m)) => {
            let _ = writeln!(err, "error: {m}");
            ExitCode::UsageOrInput
        }
        Err(_) => {
            let _ = writeln!(err, "error: the server thread stopped unexpectedly");
            ExitCode::UsageOrInput
        }
    }
}

fn audit(
    ctx: &Context,
    state: &StateArgs<'_>,
    since: Option<&str>,
    format: TextOrJson,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let state = match state_spec(ctx, state) {
        Ok(s) => s,
        Err(m) => {
            let _ = writeln!(err, "error[invalid-state]: {m}");
            return ExitCode::UsageOrInput;
        }
    };
    if let StateSpec::Sqlite { path, .. } = &state
        && !path.exists()
    {
        let _ = writeln!(
            err,
            "error[invalid-state]: {} does not exist",
            path.display()
        );
        return ExitCode::UsageOrInput;
    }
    let since_ms = match since {
        None => 0,
        Some(s) => match devplat_alerts::duration::parse_ms(s) {
            Ok(d) => now_ms().saturating_sub(i64::try_from(d).unwrap_or(i64::MAX)),
            Err(_) => match parse_time(s) {
                Ok(t) => t,
                Err(_) => {
                    let _ = writeln!(
                        err,
                        "error[invalid-time]: --since {s:?} is neither a duration (`1h`) nor an RFC 3339 time"
                    );
                    return ExitCode::UsageOrInput;
                }
            },
        },
    };
    let read = match &state {
        StateSpec::Sqlite { path, .. } => server::audit(path, since_ms),
        StateSpec::Postgres(pg) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| server::store::StoreError(format!("cannot start the async runtime: {e}")))
            .and_then(|rt| rt.block_on(server::store::postgres::audit(pg, since_ms))),
    };
    let entries = match read {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "error[invalid-state]: {e}");
            return ExitCode::UsageOrInput;
        }
    };
    match format {
        TextOrJson::Json => {
            let doc = serde_json::json!({"version": 1, "entries": entries});
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
        }
        TextOrJson::Text => {
            for e in &entries {
                let at = jiff::Timestamp::from_millisecond(e.at_ms)
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                let dispatch = match (&e.dispatch, e.attempts) {
                    (Some(s), Some(n)) => {
                        format!(" [{s}, {n} attempt{}]", if n == 1 { "" } else { "s" })
                    }
                    (Some(s), None) => format!(" [{s}]"),
                    _ => String::new(),
                };
                let resends = if e.resends > 0 {
                    format!(
                        " (+{} resend{} deduped)",
                        e.resends,
                        if e.resends == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{at} {}{} rule={} group={} alert={} {}{dispatch}{resends}: {}{}",
                    e.outcome,
                    if e.dry_run { " (dry-run)" } else { "" },
                    e.rule.as_deref().unwrap_or("-"),
                    e.group_key.as_deref().unwrap_or("-"),
                    e.alertname,
                    e.fingerprint,
                    e.reason,
                    e.last_error
                        .as_deref()
                        .map(|m| format!(" — {m}"))
                        .unwrap_or_default(),
                );
            }
            let _ = writeln!(out, "{} decisions", entries.len());
        }
    }
    ExitCode::Clean
}
