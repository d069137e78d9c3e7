//! [`Git`] written once over anything that can run `git`: which commands to run and what
//! their output means. The native CLI runs `git` as a process, the GitHub Action and the
//! ADO task through their JavaScript host; both hand [`RunnerGit`] a [`Runner`], so both
//! read the same history the same way.

use serde::Deserialize;

use crate::files::{ChangedFile, parse_file_list};
use crate::source::{Fetch, Git, GitError};

/// What one git run answered.
#[derive(Debug, Deserialize)]
pub struct Answer {
    pub ok: bool,
    #[serde(default)]
    pub stdout: String,
    #[serde(default)]
    pub stderr: String,
}

/// Anything that runs `git <args>` in the repository (with `core.quotepath=off`, so
/// paths come out as they are): the CLI's process, the actions' host, a fake in tests.
pub trait Runner {
    fn git(&mut self, args: &[&str]) -> Result<Answer, GitError>;
}

/// [`Git`] over a [`Runner`], with `remote` the remote to fetch from.
pub struct RunnerGit<R: Runner> {
    pub runner: R,
    pub remote: String,
}

impl<R: Runner> RunnerGit<R> {
    fn ok(&mut self, args: &[&str]) -> Result<String, GitError> {
        let answer = self.runner.git(args)?;
        if answer.ok {
            Ok(answer.stdout)
        } else {
            Err(GitError(format!(
                "git {} failed: {}",
                args.join(" "),
                answer.stderr.trim()
            )))
        }
    }
}

fn is_sha(r: &str) -> bool {
    r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit())
}

impl<R: Runner> Git for RunnerGit<R> {
    fn resolve(&mut self, rev: &str) -> Result<Option<String>, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let a = self.runner.git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])?;
        Ok(a.ok
            .then(|| a.stdout.trim().to_owned())
            .filter(|s| !s.is_empty()))
    }

    fn merge_base(&mut self, a: &str, b: &str) -> Result<Option<String>, GitError> {
        let answer = self.runner.git(&["merge-base", "--end-of-options", a, b])?;
        if answer.ok {
            return Ok(Some(answer.stdout.trim().to_owned()));
        }
        // Exit 1 with no message: no common ancestor (yet).
        if answer.stderr.trim().is_empty() {
            Ok(None)
        } else {
            Err(GitError(format!(
                "git merge-base failed: {}",
                answer.stderr.trim()
            )))
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
        Ok(out
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect())
    }

    fn is_shallow(&mut self) -> Result<bool, GitError> {
        Ok(self.ok(&["rev-parse", "--is-shallow-repository"])?.trim() == "true")
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
            if is_sha(r) {
                args.push((*r).to_owned());
            } else {
                args.push(format!("+refs/heads/{r}:refs/remotes/{}/{r}", self.remote));
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.ok(&args).map(|_| ())
    }

    fn count(&mut self, refs: &[&str]) -> Result<u64, GitError> {
        let mut args = vec!["rev-list", "--count"];
        args.extend_from_slice(refs);
        let out = self.ok(&args)?;
        let out = out.trim();
        out.parse()
            .map_err(|_| GitError(format!("unexpected git rev-list output `{out}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers from a script of (args, answer) pairs, in order.
    struct Script(Vec<(String, Answer)>);

    impl Runner for Script {
        fn git(&mut self, args: &[&str]) -> Result<Answer, GitError> {
            let (want, answer) = self.0.remove(0);
            assert_eq!(args.join(" "), want);
            Ok(answer)
        }
    }

    fn ok(stdout: &str) -> Answer {
        Answer {
            ok: true,
            stdout: stdout.into(),
            stderr: String::new(),
        }
    }

    #[test]
    fn commands_and_their_meaning() {
        let mut git = RunnerGit {
            runner: Script(vec![
                (
                    "rev-parse --verify --quiet --end-of-options main^{commit}".into(),
                    ok("abc\n"),
                ),
                (
                    "merge-base --end-of-options a b".into(),
                    Answer {
                        ok: false,
                        stdout: String::new(),
                        stderr: String::new(),
                    },
                ),
                (
                    "diff --no-color --no-ext-diff --name-status -z -M --end-of-options a b"
                        .into(),
                    ok("M\0src/x.rs\0R100\0old.rs\0new.rs\0"),
                ),
                (
                    "fetch --no-tags --quiet --depth=100 origin +refs/heads/main:refs/remotes/origin/main 0123456789012345678901234567890123456789".into(),
                    ok(""),
                ),
                ("rev-list --count a b".into(), ok("42\n")),
            ]),
            remote: "origin".into(),
        };
        assert_eq!(git.resolve("main").unwrap(), Some("abc".into()));
        assert_eq!(git.merge_base("a", "b").unwrap(), None);
        let files = git.diff("a", "b").unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[1].previous_path.as_deref(), Some("old.rs"));
        git.fetch(
            &["main", "0123456789012345678901234567890123456789"],
            Fetch::Depth(100),
        )
        .unwrap();
        assert_eq!(git.count(&["a", "b"]).unwrap(), 42);
    }
}
