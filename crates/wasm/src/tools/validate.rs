//! `devplat validate` as the root action and the `ValidateTemplates` task.
//!
//! Inputs: `paths` (default `.`), `config`, `fail-on` (default `error`), `sarif-file`.
//! Outputs: `errors`, `warnings`, `sarif-file`. The run is the CLI's
//! `devplat validate --fail-on … [--config …] PATH…` over the host's file source, so the
//! same fixtures give the same findings through the CLI, the action and the task.

use devplat_core::diag::FailOn;
use devplat_core::source::FileSource;

use crate::findings::{self, Findings};
use crate::protocol::{HostRequest, HostResponse, InputSpec, OutputSpec, ToolSpec};
use crate::tools::split_list;

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

pub fn run(request: &HostRequest, fs: &dyn FileSource) -> HostResponse {
    let fail_on_text = request.input(&FAIL_ON);
    let Some(fail_on) = FailOn::parse(&fail_on_text) else {
        return HostResponse::usage_error(format!(
            "devplat validate: input `{}`: expected one of error, warning, note, never; found `{fail_on_text}`",
            FAIL_ON.name(request.platform)
        ));
    };
    let validate_request = devplat_validate::Request {
        paths: split_list(&request.input(&PATHS)),
        config: non_empty(request.input(&CONFIG)),
        ..devplat_validate::Request::default()
    };
    let outcome = devplat_validate::validate(fs, &validate_request, None);
    findings::respond(
        request,
        &Findings {
            tool: "validate",
            report: outcome.report(),
            fail_on,
            sarif_file: non_empty(request.input(&SARIF_FILE)),
            outputs: [&ERRORS, &WARNINGS, &SARIF],
        },
    )
}
