//! The `git` program, in one repository directory, as a [`Runner`] for devplat-changes'
//! [`RunnerGit`](devplat_changes::git::RunnerGit).

use std::path::PathBuf;
use std::process::Command;

use devplat_changes::git::{Answer, Runner};
use devplat_changes::source::GitError;

pub struct ProcessRunner {
    pub dir: PathBuf,
}

impl Runner for ProcessRunner {
    fn git(&mut self, args: &[&str]) -> Result<Answer, GitError> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["-c", "core.quotepath=off"])
            .args(args)
            .output()
            .map_err(|e| GitError(format!("cannot run git: {e}")))?;
        let stdout = String::from_utf8(out.stdout).map_err(|_| {
            GitError(format!(
                "git {} printed something that is not UTF-8 (a path?)",
                args.first().unwrap_or(&"")
            ))
        })?;
        Ok(Answer {
            ok: out.status.success(),
            stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }
}
