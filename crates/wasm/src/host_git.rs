//! The host's `git` (`hosts/src/common/git.js`) as a [`Runner`] for devplat-changes'
//! [`RunnerGit`](devplat_changes::git::RunnerGit): the host runs
//! `git -C <workspace> -c core.quotepath=off <args>` synchronously and answers
//! `{"ok": bool, "stdout": "...", "stderr": "..."}`.

use devplat_changes::git::{Answer, Runner};
use devplat_changes::source::GitError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The host's git, in the workspace.
    pub type HostGit;

    /// Run git with the JSON array of arguments `args`; the answer as JSON.
    #[wasm_bindgen(method)]
    fn run(this: &HostGit, args: &str) -> String;
}

impl Runner for &HostGit {
    fn git(&mut self, args: &[&str]) -> Result<Answer, GitError> {
        let json = serde_json::to_string(args)
            .map_err(|e| GitError(format!("cannot encode git arguments: {e}")))?;
        serde_json::from_str::<Answer>(&self.run(&json))
            .map_err(|e| GitError(format!("the host answered a git run badly: {e}")))
    }
}
