//! devplat-wasm: every devplat tool as a JSON-in/JSON-out export for the Node hosts.
//!
//! One `.wasm` per tool (`scripts/build-dist` builds each with `--no-default-features
//! --features <feature>`, as `hosts/tools.json` lists them), each exporting two functions
//! (`deploy-plan` → `deployPlan`):
//!
//! - `<tool>Spec() -> string`: the tool's [`protocol::ToolSpec`] (inputs and outputs under
//!   their GitHub and ADO names) — the host reads exactly these inputs;
//! - `<tool>(request: string, fs: HostFs[, git: HostGit]) -> string`: a
//!   [`protocol::HostRequest`] in, a [`protocol::HostResponse`] out. Files are read
//!   through `fs` ([`host_fs`]); detect-changes runs git through `git` ([`host_git`]).
//!
//! The export never throws for bad input: a request it cannot read is a failed
//! [`protocol::HostResponse`] with exit code 2, like every usage error.
//!
//! | feature | tool (action, task) | wraps |
//! |---|---|---|
//! | `validate` | `validate` (root `action.yml`, `ValidateTemplates`) | `devplat_validate::validate` |
//! | `changes` | `detect-changes` (`DetectChanges`) | `devplat_changes::{source, run}` |
//! | `plan` | `deploy-plan` (`DeployPlan`) | `devplat_plan::run` (github-matrix) |
//! | `alerts` | `alert-dispatch` (`AlertDispatch`) | `devplat_alerts::oneshot` |
//!
//! Adding a tool: see `docs/actions.md` ("Adding a tool").

pub mod findings;
pub mod host_fs;
#[cfg(feature = "changes")]
pub mod host_git;
pub mod protocol;
pub mod tools;

use protocol::{HostRequest, HostResponse, ToolSpec};
#[allow(unused_imports)]
use wasm_bindgen::prelude::*;

/// Decode `request`, run `tool`, encode its response.
pub fn respond(request: &str, tool: impl FnOnce(&HostRequest) -> HostResponse) -> String {
    let response = match serde_json::from_str::<HostRequest>(request) {
        Ok(request) => tool(&request),
        Err(e) => HostResponse::usage_error(format!(
            "devplat: the host sent a request this build cannot read: {e}"
        )),
    };
    encode(&response)
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    // Serialising these plain structs cannot fail; answer with a well-formed failure
    // rather than an empty string if it ever did.
    serde_json::to_string(value).unwrap_or_else(|e| {
        format!(
            r#"{{"fetch":[],"files":[],"outputs":[],"log":[],"annotations":[],"summary":null,"result":{{"status":"failed","message":"devplat: could not encode the response: {}","exitCode":2}}}}"#,
            e.to_string().replace(['"', '\\'], "'")
        )
    })
}

/// A tool's spec as JSON.
pub fn spec_json(spec: &ToolSpec) -> String {
    encode(spec)
}

#[cfg(feature = "validate")]
#[wasm_bindgen(js_name = validateSpec)]
pub fn validate_spec() -> String {
    spec_json(&tools::validate::SPEC)
}

#[cfg(feature = "validate")]
#[wasm_bindgen]
pub fn validate(request: &str, fs: &host_fs::HostFs) -> String {
    respond(request, |req| {
        tools::validate::run(req, &host_fs::JsFiles(fs))
    })
}

#[cfg(feature = "plan")]
#[wasm_bindgen(js_name = deployPlanSpec)]
pub fn deploy_plan_spec() -> String {
    spec_json(&tools::deploy_plan::SPEC)
}

#[cfg(feature = "plan")]
#[wasm_bindgen(js_name = deployPlan)]
pub fn deploy_plan(request: &str, fs: &host_fs::HostFs) -> String {
    respond(request, |req| {
        tools::deploy_plan::run(req, &host_fs::JsFiles(fs))
    })
}

#[cfg(feature = "changes")]
#[wasm_bindgen(js_name = detectChangesSpec)]
pub fn detect_changes_spec() -> String {
    spec_json(&tools::detect_changes::SPEC)
}

#[cfg(feature = "changes")]
#[wasm_bindgen(js_name = detectChanges)]
pub fn detect_changes(request: &str, fs: &host_fs::HostFs, git: &host_git::HostGit) -> String {
    respond(request, |req| {
        let mut git = devplat_changes::git::RunnerGit {
            runner: git,
            remote: "origin".to_owned(),
        };
        tools::detect_changes::run(req, &host_fs::JsFiles(fs), &mut git)
    })
}

#[cfg(feature = "alerts")]
#[wasm_bindgen(js_name = alertDispatchSpec)]
pub fn alert_dispatch_spec() -> String {
    spec_json(&tools::alert_dispatch::SPEC)
}

#[cfg(feature = "alerts")]
#[wasm_bindgen(js_name = alertDispatch)]
pub fn alert_dispatch(request: &str, fs: &host_fs::HostFs) -> String {
    respond(request, |req| {
        tools::alert_dispatch::run(req, &host_fs::JsFiles(fs))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_request_is_a_usage_error() {
        let out = respond("{", |_| unreachable!());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["result"]["status"], "failed");
        assert_eq!(v["result"]["exitCode"], 2);
        assert!(
            v["result"]["message"]
                .as_str()
                .unwrap()
                .contains("request this build cannot read")
        );
    }
}
