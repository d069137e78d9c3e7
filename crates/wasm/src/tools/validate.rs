//! `devplat validate` as the root action and the `ValidateTemplates` task.
//!
//! Inputs: `paths` (default `.`), `config`, `fail-on` (default `error`), `sarif-file`.
//! Outputs: `errors`, `warnings`, `sarif-file`. The run is the CLI's
//! `devplat validate --fail-on … [--config …] PATH…` over the host's file source, so the
//! same fixtures give the same findings through the CLI, the action and the task.

use devplat_core::diag::render::Report;
use devplat_core::diag::{FailOn, ToolInfo};
use devplat_core::source::FileSource;
use devplat_validate::Request;

use crate::findings::{self, Findings};
use crate::protocol::{HostRequest, HostResponse, InputSpec, OutputSpec, ToolSpec};
use crate::tools::{relativize, split_list};

pub const PATHS: InputSpec = InputSpec {
    github: "paths",
    azure: "paths",
    default: ".",
};
pub const CONFIG: InputSpec = InputSpec {
    github: "config",
    azure: "config",
    default: "",
};
pub const FAIL_ON: InputSpec = InputSpec {
    github: "fail-on",
    azure: "failOn",
    default: "error",
};
pub const SARIF_FILE: InputSpec = InputSpec {
    github: "sarif-file",
    azure: "sarifFile",
    default: "",
};

pub const ERRORS: OutputSpec = OutputSpec {
    github: "errors",
    azure: "errors",
};
pub const WARNINGS: OutputSpec = OutputSpec {
    github: "warnings",
    azure: "warnings",
};
pub const SARIF: OutputSpec = OutputSpec {
    github: "sarif-file",
    azure: "sarifFile",
};

pub const SPEC: ToolSpec = ToolSpec {
    tool: "validate",
    inputs: &[PATHS, CONFIG, FAIL_ON, SARIF_FILE],
    outputs: &[ERRORS, WARNINGS, SARIF],
};

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// Who produced the findings (SARIF `tool.driver`), as the CLI names it.
fn tool_info() -> ToolInfo {
    ToolInfo {
        name: "devplat".to_owned(),
        component: "devplat validate".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        information_uri: "https://github.com/org/devplat/blob/main/docs/validate.md".to_owned(),
    }
}

pub fn run(request: &HostRequest, fs: &dyn FileSource) -> HostResponse {
    let fail_on_text = request.input(&FAIL_ON);
    let Some(fail_on) = FailOn::parse(&fail_on_text) else {
        return HostResponse::usage_error(format!(
            "devplat validate: input `{}`: expected one of error, warning, note, never; found `{fail_on_text}`",
            FAIL_ON.name(request.platform)
        ));
    };
    let workspace = &request.workspace;
    let validate_request = Request {
        paths: split_list(&request.input(&PATHS))
            .iter()
            .map(|p| relativize(workspace, p))
            .collect(),
        config: non_empty(request.input(&CONFIG)).map(|c| relativize(workspace, &c)),
        no_config: false,
        fail_on,
    };
    let outcome = devplat_validate::validate(fs, &validate_request, None);
    let rules = devplat_validate::rules::metas();
    let tool = tool_info();
    findings::respond(
        request,
        fs,
        &Findings {
            tool: "validate",
            report: Report {
                files: &outcome.files,
                diagnostics: &outcome.diagnostics,
                rules: &rules,
                tool: &tool,
                checked: Some(outcome.summary.files),
            },
            fail_on,
            exit: outcome.exit,
            sarif_file: non_empty(request.input(&SARIF_FILE)),
            outputs: [&ERRORS, &WARNINGS, &SARIF],
        },
    )
}
