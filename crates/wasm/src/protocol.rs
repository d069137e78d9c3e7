//! The host protocol: what a Node host sends to a tool, and the I/O plan it gets back.
//!
//! The hosts (`hosts/src/`) hold no business logic: they read the inputs a tool declares
//! ([`ToolSpec`]), send them with the workspace path as a [`HostRequest`], and carry out
//! the [`HostResponse`] literally — set these outputs, emit these annotations (already
//! chosen and capped), write these files, publish this summary, end with this result.
//! Everything a user could see differ between GitHub and Azure DevOps is decided here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which CI system the host runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// A GitHub Actions `node24` action (`@actions/core`).
    Github,
    /// An Azure DevOps task (`azure-pipelines-task-lib`).
    Azure,
}

/// One input of a tool, under its name on each platform. ADO input names must match
/// `^[A-Za-z][A-Za-z0-9]*$`, so `fail-on` on GitHub is `failOn` on ADO.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InputSpec {
    pub github: &'static str,
    pub azure: &'static str,
    /// The value used when the input is empty or absent (also the `action.yml` default).
    pub default: &'static str,
}

impl InputSpec {
    pub fn name(&self, platform: Platform) -> &'static str {
        match platform {
            Platform::Github => self.github,
            Platform::Azure => self.azure,
        }
    }
}

/// One output of a tool (a step output on GitHub, an output variable on ADO).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct OutputSpec {
    pub github: &'static str,
    pub azure: &'static str,
}

impl OutputSpec {
    /// An output with the same name on both platforms.
    pub const fn same(name: &'static str) -> OutputSpec {
        OutputSpec {
            github: name,
            azure: name,
        }
    }

    pub fn name(&self, platform: Platform) -> &'static str {
        match platform {
            Platform::Github => self.github,
            Platform::Azure => self.azure,
        }
    }
}

/// What a tool reads and writes; the hosts read exactly these inputs, and a test checks
/// that `action.yml` and `task.json` declare exactly these inputs and outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ToolSpec {
    pub tool: &'static str,
    pub inputs: &'static [InputSpec],
    pub outputs: &'static [OutputSpec],
}

/// What the host sends.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostRequest {
    pub platform: Platform,
    /// Absolute path of the directory the host's file source is rooted at
    /// (`GITHUB_WORKSPACE`, or `System.DefaultWorkingDirectory` on ADO).
    pub workspace: String,
    /// Every input of the tool's [`ToolSpec`], keyed by its name on `platform`, as read
    /// (an absent input is an empty string, as both platforms report it).
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
    /// Tool-specific facts the host gathered (an event payload, the answers to
    /// [`FetchRequest`]s under `fetched`, …).
    #[serde(default)]
    pub context: serde_json::Value,
}

impl HostRequest {
    /// The value of `input` on this request's platform, trimmed; its default when empty.
    pub fn input(&self, input: &InputSpec) -> String {
        let raw = self
            .inputs
            .get(input.name(self.platform))
            .map_or("", |v| v.trim());
        if raw.is_empty() {
            input.default.to_owned()
        } else {
            raw.to_owned()
        }
    }
}

/// Annotation level, named as both platforms' commands name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Notice,
    Warning,
    Error,
}

/// One annotation on a line of a file (or on the run, when `file` is `None`).
/// GitHub: `core.error(message, {title, file, startLine, …})`; ADO: `tl.logIssue`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    pub level: Level,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The stable diagnostic code (ADO `code=`; part of the title on GitHub).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Relative to the workspace on GitHub, absolute on ADO (as each platform expects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

/// A step output or ADO output variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Output {
    pub name: String,
    pub value: String,
}

/// A file the host writes, relative to the workspace (or absolute).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileWrite {
    pub path: String,
    pub contents: String,
}

/// How the step ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    Succeeded,
    /// ADO's `SucceededWithIssues`; GitHub has no such state and succeeds.
    SucceededWithIssues,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub status: Status,
    /// Shown with the result (`core.setFailed(message)`, `task.complete` message).
    pub message: String,
    /// The process exit code the CLI would give on the same input (0, 1 or 2).
    pub exit_code: u8,
}

/// A lookup the tool needs before it can answer: a GitHub API call, which the wasm cannot
/// make (the API is asynchronous in Node). The host performs it, puts the answer (or
/// `{"error": "…"}`) under `context.fetched.<kind>`, and sends the request again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FetchRequest {
    pub kind: String,
    pub params: serde_json::Value,
}

/// The I/O plan the host carries out, in this order: write `files`, set `outputs`,
/// print `log`, emit `annotations`, publish `summary`, end with `result`. When `fetch`
/// is not empty, the host does only that and asks again (see [`FetchRequest`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostResponse {
    pub fetch: Vec<FetchRequest>,
    pub files: Vec<FileWrite>,
    pub outputs: Vec<Output>,
    pub log: Vec<String>,
    pub annotations: Vec<Annotation>,
    /// Markdown for the step summary (GitHub) or `task.uploadsummary` (ADO).
    pub summary: Option<String>,
    pub result: Verdict,
}

impl HostResponse {
    /// Ask the host for lookups first (see [`FetchRequest`]).
    pub fn fetch(requests: Vec<FetchRequest>) -> HostResponse {
        HostResponse {
            fetch: requests,
            ..HostResponse::usage_error("devplat: the host did not answer the lookups")
        }
    }

    /// A run that could not start (a bad input: exit code 2). The summary says why, so
    /// the run page shows it next to the failure.
    pub fn usage_error(message: impl Into<String>) -> HostResponse {
        let message = message.into();
        HostResponse {
            fetch: Vec::new(),
            files: Vec::new(),
            outputs: Vec::new(),
            log: Vec::new(),
            annotations: Vec::new(),
            summary: Some(format!(
                "## devplat: the run could not start\n\n{message}\n"
            )),
            result: Verdict {
                status: Status::Failed,
                message,
                exit_code: 2,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATHS: InputSpec = InputSpec {
        github: "fail-on",
        azure: "failOn",
        default: "error",
    };

    #[test]
    fn inputs_by_platform_name_with_default() {
        let req: HostRequest = serde_json::from_str(
            r#"{"platform":"azure","workspace":"/w","inputs":{"failOn":" warning ","fail-on":"note"}}"#,
        )
        .unwrap();
        assert_eq!(req.input(&PATHS), "warning");
        let req: HostRequest = serde_json::from_str(
            r#"{"platform":"github","workspace":"/w","inputs":{"fail-on":""}}"#,
        )
        .unwrap();
        assert_eq!(req.input(&PATHS), "error");
    }

    #[test]
    fn unknown_request_fields_are_rejected() {
        let err = serde_json::from_str::<HostRequest>(
            r#"{"platform":"github","workspace":"/w","input":{}}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `input`"), "{err}");
    }
}
