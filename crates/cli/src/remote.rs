//! [`RemoteSource`] over the GitHub API (octocrab), with an on-disk cache.
//!
//! `devplat validate --resolve-remote` fetches remote reusable workflows and actions
//! with `GET /repos/{owner}/{repo}/contents/{path}?ref={ref}` (raw media type). The
//! base URL is configurable (GitHub Enterprise Server, or a loopback mock in tests);
//! `GITHUB_TOKEN` authenticates when set. Files fetched at a full commit SHA never
//! change and are cached for good; files at a tag or branch are cached for an hour.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use devplat_validate::{RemoteError, RemoteRef, RemoteSource};

/// How long a file fetched at a tag or branch is reused.
const MOVABLE_REF_TTL: Duration = Duration::from_secs(3600);

pub struct GithubRemote {
    rt: tokio::runtime::Runtime,
    client: octocrab::Octocrab,
    cache: Option<PathBuf>,
}

impl GithubRemote {
    pub fn new(
        base_url: &str,
        token: Option<&str>,
        cache: Option<PathBuf>,
    ) -> Result<GithubRemote, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let client = {
            let _guard = rt.enter();
            let mut b = octocrab::Octocrab::builder()
                .base_uri(base_url)
                .map_err(|e| format!("invalid GitHub API URL `{base_url}`: {e}"))?;
            if let Some(t) = token.filter(|t| !t.is_empty()) {
                b = b.personal_token(t.to_owned());
            }
            b.build()
                .map_err(|e| format!("cannot build the GitHub client: {e}"))?
        };
        Ok(GithubRemote { rt, client, cache })
    }

    fn cache_path(&self, r: &RemoteRef, file: &str) -> Option<PathBuf> {
        let safe = |s: &str| s.replace(['/', '\\', ':'], "%");
        let dir = self.cache.as_ref()?;
        Some(
            dir.join(safe(&r.owner))
                .join(safe(&r.repo))
                .join(safe(&r.git_ref))
                .join(safe(file)),
        )
    }

    fn cached(&self, r: &RemoteRef, file: &str) -> Option<Vec<u8>> {
        let path = self.cache_path(r, file)?;
        let meta = std::fs::metadata(&path).ok()?;
        if !r.is_full_sha() {
            let age = SystemTime::now()
                .duration_since(meta.modified().ok()?)
                .ok()?;
            if age > MOVABLE_REF_TTL {
                return None;
            }
        }
        std::fs::read(path).ok()
    }

    fn store(&self, r: &RemoteRef, file: &str, bytes: &[u8]) {
        // The cache is an optimisation: failing to write it is not an error.
        if let Some(path) = self.cache_path(r, file) {
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(path, bytes);
        }
    }
}

impl RemoteSource for GithubRemote {
    fn fetch(&self, r: &RemoteRef, file: &str) -> Result<Vec<u8>, RemoteError> {
        if let Some(bytes) = self.cached(r, file) {
            return Ok(bytes);
        }
        let result = self.rt.block_on(async {
            let res = self
                .client
                .repos(&r.owner, &r.repo)
                .get_content()
                .path(file)
                .r#ref(&r.git_ref)
                .raw()
                .send()
                .await?;
            self.client.body_to_string(res).await
        });
        match result {
            Ok(text) => {
                self.store(r, file, text.as_bytes());
                Ok(text.into_bytes())
            }
            Err(octocrab::Error::GitHub { source, .. }) if source.status_code.as_u16() == 404 => {
                Err(RemoteError::NotFound)
            }
            Err(octocrab::Error::GitHub { source, .. }) => Err(RemoteError::Other(format!(
                "GitHub answered {}: {}",
                source.status_code.as_u16(),
                source.message
            ))),
            Err(e) => Err(RemoteError::Other(e.to_string())),
        }
    }
}
