//! Remote references (`owner/repo/path@ref`) and how the host fetches them.
//!
//! The core never touches the network: the native CLI implements [`RemoteSource`] with
//! the GitHub API behind `--resolve-remote`; tests implement it with fixtures. Without a
//! source (the default, and always in wasm) a remote reference is a note, never an error.

use serde::{Deserialize, Serialize};

/// `owner/repo[/path]@ref`, split.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RemoteRef {
    pub owner: String,
    pub repo: String,
    /// Path inside the repository, without a leading `/` (empty for the root).
    pub path: String,
    pub git_ref: String,
}

impl RemoteRef {
    /// Parse `owner/repo[/path]@ref`; `None` when it is not of that form.
    pub fn parse(uses: &str) -> Option<RemoteRef> {
        let (owner, repo, path, git_ref) = Self::split(uses)?;
        Some(RemoteRef {
            owner: owner.to_owned(),
            repo: repo.to_owned(),
            path: path.to_owned(),
            git_ref: git_ref.to_owned(),
        })
    }

    /// [`RemoteRef::parse`] without allocating: (owner, repo, path without surrounding
    /// `/`, ref).
    pub fn split(uses: &str) -> Option<(&str, &str, &str, &str)> {
        let (target, git_ref) = uses.rsplit_once('@')?;
        let mut parts = target.splitn(3, '/');
        let owner = parts.next()?;
        let repo = parts.next()?;
        let path = parts.next().unwrap_or("");
        let valid_name = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if !valid_name(owner) || !valid_name(repo) || git_ref.is_empty() {
            return None;
        }
        Some((owner, repo, path.trim_matches('/'), git_ref))
    }

    /// `owner/repo/path@ref`: the display path of a fetched file.
    pub fn display(&self, file: &str) -> String {
        let joined = if file.is_empty() {
            String::new()
        } else {
            format!("/{file}")
        };
        format!("{}/{}{joined}@{}", self.owner, self.repo, self.git_ref)
    }

    /// Whether the ref is a full 40-hex-digit commit SHA (or a 64-digit SHA-256 one).
    pub fn is_full_sha(&self) -> bool {
        is_full_sha(&self.git_ref)
    }
}

pub fn is_full_sha(r: &str) -> bool {
    (r.len() == 40 || r.len() == 64) && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Why a remote file could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    /// The repository, ref or file does not exist (or the token cannot see it).
    NotFound,
    /// Anything else (network, rate limit, authentication), in the host's words.
    Other(String),
}

/// How the core asks its host for a file of another repository.
pub trait RemoteSource {
    /// The bytes of `file` (a path inside the repository) at `r.git_ref`.
    fn fetch(&self, r: &RemoteRef, file: &str) -> Result<Vec<u8>, RemoteError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let r = RemoteRef::parse("octo/tools/.github/workflows/ci.yml@v1").unwrap();
        assert_eq!(r.owner, "octo");
        assert_eq!(r.path, ".github/workflows/ci.yml");
        assert_eq!(r.git_ref, "v1");
        let r = RemoteRef::parse("actions/checkout@v4").unwrap();
        assert_eq!(r.path, "");
        assert!(RemoteRef::parse("actions/checkout").is_none());
        assert!(RemoteRef::parse("./local").is_none());
        assert!(RemoteRef::parse("checkout@v4").is_none());
        assert!(is_full_sha("b4ffde65f46336ab88eb53be808477a3936bae11"));
        assert!(!is_full_sha("v4"));
    }
}
