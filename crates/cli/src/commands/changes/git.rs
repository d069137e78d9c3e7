//! [`Git`] over the `git` program, in one repository directory.

use std::path::PathBuf;
use std::process::Command;

use devplat_changes::files::{ChangedFile, parse_file_list};
use devplat_changes::source::{Fetch, Git, GitError};

pub struct ProcessGit {
    pub dir: PathBuf,
    pub remote: String,
}

impl ProcessGit {
    fn run(&self, args: &[&str]) -> Result<(bool, Vec<u8>, String), GitError> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["-c", "core.quotepath=off"])
            .args(args)
            .output()
            .map_err(|e| GitError(format!("cannot run git: {e}")))?;
        Ok((
            out.status.success(),
            out.stdout,
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ))
    }

    fn ok(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let (ok, out, err) = self.run(args)?;
        if ok {
            Ok(out)
        } else {
            Err(GitError(format!("git {} failed: {err}", args.join(" "))))
        }
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

impl Git for ProcessGit {
    fn resolve(&mut self, rev: &str) -> Result<Option<String>, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let (ok, out, _) = self.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])?;
        Ok(ok.then(|| text(out)).filter(|s| !s.is_empty()))
    }

    fn merge_base(&mut self, a: &str, b: &str) -> Result<Option<String>, GitError> {
        let (ok, out, err) = self.run(&["merge-base", "--end-of-options", a, b])?;
        if ok {
            return Ok(Some(text(out)));
        }
        // Exit 1 with no message: no common ancestor (yet).
        if err.is_empty() {
            Ok(None)
        } else {
            Err(GitError(format!("git merge-base failed: {err}")))
        }
    }

    fn diff(&mut self, base: &str, head: &str) -> Result<Vec<ChangedFile>, GitError> {
        let out = self.ok(&[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--name-status",
            "-z",
            "-M",
            "--end-of-options",
            base,
            head,
        ])?;
        let out = String::from_utf8(out)
            .map_err(|_| GitError("git diff printed a path that is not UTF-8".into()))?;
        parse_file_list(&out)
            .map_err(|e| GitError(format!("unexpected git diff output: {}", e.message)))
    }

    fn ls_tree(&mut self, head: &str) -> Result<Vec<String>, GitError> {
        let out = self.ok(&[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "--end-of-options",
            head,
        ])?;
        let out = String::from_utf8(out)
            .map_err(|_| GitError("git ls-tree printed a path that is not UTF-8".into()))?;
        Ok(out
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect())
    }

    fn is_shallow(&mut self) -> Result<bool, GitError> {
        Ok(text(self.ok(&["rev-parse", "--is-shallow-repository"])?) == "true")
    }

    fn fetch(&mut self, refs: &[&str], how: Fetch) -> Result<(), GitError> {
        let mut args: Vec<String> = vec!["fetch".into(), "--no-tags".into(), "--quiet".into()];
        match how {
            Fetch::Depth(n) => args.push(format!("--depth={n}")),
            Fetch::Deepen(n) => args.push(format!("--deepen={n}")),
            Fetch::Unshallow => {
                if self.is_shallow()? {
                    args.push("--unshallow".into());
                }
            }
        }
        args.push(self.remote.clone());
        for r in refs {
            // Branch names update their remote-tracking ref; SHAs are fetched as is.
            if r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit()) {
                args.push((*r).to_owned());
            } else {
                args.push(format!("+refs/heads/{r}:refs/remotes/{}/{r}", self.remote));
            }
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        self.ok(&refs).map(|_| ())
    }

    fn count(&mut self, refs: &[&str]) -> Result<u64, GitError> {
        let mut args = vec!["rev-list", "--count"];
        args.extend_from_slice(refs);
        let out = text(self.ok(&args)?);
        out.parse()
            .map_err(|_| GitError(format!("unexpected git rev-list output `{out}`")))
    }
}
