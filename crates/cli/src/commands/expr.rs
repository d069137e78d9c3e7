//! `devplat expr eval`: evaluate one `${{ }}` expression and print its value as JSON.
//!
//! Output (stdout, one line): `{"kind":"Null|Boolean|Number|String|Array|Object","value":…}`
//! and exit 0; or `{"error":{"kind":"lexing|parsing|evaluation","message":"…"}}` and
//! exit 1. A contexts file that cannot be read or is not a JSON object is a usage error:
//! a message on stderr and exit 2.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use devplat_core::diag::ExitCode;
use devplat_core::expr::github::{self, JobStatus};
use devplat_core::expr::{ExprError, Kind, azure};

use crate::Context;

#[derive(Debug, Subcommand)]
pub enum ExprCommand {
    /// Evaluate EXPRESSION and print its value as JSON.
    ///
    /// Prints {"kind":…,"value":…} and exits 0, or {"error":{"kind":…,"message":…}} and
    /// exits 1. Only the contexts in --contexts may be referenced.
    Eval {
        /// The expression language.
        #[arg(long, value_enum, default_value_t = DialectArg::Github)]
        dialect: DialectArg,
        /// A JSON object of context name → value, e.g. {"github":{…},"matrix":{…}}.
        #[arg(long, value_name = "FILE.json")]
        contexts: Option<PathBuf>,
        /// The job status seen by success(), failure(), cancelled() (GitHub dialect).
        #[arg(long, value_enum, default_value_t = StatusArg::Success)]
        status: StatusArg,
        /// Where an Azure expression is evaluated: a template expression `${{ }}`
        /// (compile), a runtime `condition:` (condition) or a runtime variable `$[ ]`
        /// (variable). Decides which functions and named-values exist.
        #[arg(long, value_enum, default_value_t = ModeArg::Compile)]
        mode: ModeArg,
        /// The expression, without `${{ }}` (may start with `-`, as in `-1`).
        #[arg(allow_hyphen_values = true)]
        expression: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Github,
    Azure,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    Compile,
    Condition,
    Variable,
}

impl From<ModeArg> for azure::Mode {
    fn from(mode: ModeArg) -> Self {
        match mode {
            ModeArg::Compile => azure::Mode::Compile,
            ModeArg::Condition => azure::Mode::Condition,
            ModeArg::Variable => azure::Mode::Variable,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Success,
    Failure,
    Cancelled,
}

pub fn run(cmd: ExprCommand, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let ExprCommand::Eval {
        dialect,
        contexts,
        status,
        mode,
        expression,
    } = cmd;
    let contexts = match contexts {
        None => serde_json::Map::new(),
        Some(path) => match read_contexts(&ctx.cwd.join(&path)) {
            Ok(map) => map,
            Err(e) => {
                let location = match e.at {
                    Some((line, column)) => format!("{}:{line}:{column}", path.display()),
                    None => path.display().to_string(),
                };
                let _ = writeln!(
                    err,
                    "devplat expr eval: {location}: {} [{}]",
                    e.message, e.code
                );
                return ExitCode::UsageOrInput;
            }
        },
    };
    let result = match dialect {
        DialectArg::Github => eval_github(&expression, &contexts, status),
        DialectArg::Azure => {
            let options = azure::EvalOptions {
                mode: mode.into(),
                ..azure::EvalOptions::default()
            };
            azure::eval_to_json_with(&expression, &contexts, &options)
        }
    };
    let (line, code) = match result {
        Ok((kind, value)) => (
            serde_json::json!({ "kind": kind_name(kind), "value": value }),
            ExitCode::Clean,
        ),
        Err(e) => (
            serde_json::json!({ "error": { "kind": e.kind, "message": e.message } }),
            ExitCode::Findings,
        ),
    };
    if writeln!(out, "{line}").is_err() {
        return ExitCode::UsageOrInput;
    }
    code
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Null => "Null",
        Kind::Boolean => "Boolean",
        Kind::Number => "Number",
        Kind::String => "String",
        Kind::Array => "Array",
        Kind::Object => "Object",
        Kind::Version => "Version",
    }
}

/// Why a contexts file cannot be used: a stable code, where (1-based line and column)
/// and what.
struct ContextsError {
    code: &'static str,
    at: Option<(usize, usize)>,
    message: String,
}

/// The contexts file: a JSON object, or what is wrong with it.
fn read_contexts(
    path: &std::path::Path,
) -> Result<serde_json::Map<String, serde_json::Value>, ContextsError> {
    let text = std::fs::read_to_string(path).map_err(|e| ContextsError {
        code: "contexts-unreadable",
        at: None,
        message: format!("cannot read the contexts file: {e}"),
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        // serde_json's message ends with " at line L column C": keep only the what.
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_owned();
        ContextsError {
            code: "contexts-invalid-json",
            at: Some((e.line(), e.column())),
            message: format!("the contexts file is not valid JSON: {what}"),
        }
    })?;
    let found = match value {
        serde_json::Value::Object(map) => return Ok(map),
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
    };
    let first = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(|c: char| !c.is_whitespace()).map(|c| (i + 1, c + 1)));
    Err(ContextsError {
        code: "contexts-not-an-object",
        at: first,
        message: format!(
            "the contexts file must be a JSON object of context name to value \
             (e.g. {{\"github\": {{…}}}}), found {found}"
        ),
    })
}

/// GitHub dialect: the named contexts, every function, the given job status, and no
/// file access (`hashFiles` is an evaluation error).
fn eval_github(
    expression: &str,
    contexts: &serde_json::Map<String, serde_json::Value>,
    status: StatusArg,
) -> Result<(Kind, serde_json::Value), ExprError> {
    let status = match status {
        StatusArg::Success => JobStatus::Success,
        StatusArg::Failure => JobStatus::Failure,
        StatusArg::Cancelled => JobStatus::Cancelled,
    };
    github::eval_to_json_with_status(expression, contexts, status)
}
