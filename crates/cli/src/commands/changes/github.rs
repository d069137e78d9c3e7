//! The GitHub REST calls of `devplat changes` through octocrab (base URL configurable:
//! GitHub Enterprise, or a loopback mock in tests).

use devplat_changes::source::{PrFile, PullRequestFiles};
use serde_json::Value;

pub struct GithubApi {
    rt: tokio::runtime::Runtime,
    client: octocrab::Octocrab,
    owner: String,
    repo: String,
}

impl GithubApi {
    pub fn new(base_url: &str, token: &str, repository: &str) -> Result<GithubApi, String> {
        let (owner, repo) = repository
            .split_once('/')
            .ok_or_else(|| format!("the repository must be OWNER/NAME, found `{repository}`"))?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let client = {
            let _guard = rt.enter();
            octocrab::Octocrab::builder()
                .base_uri(base_url)
                .map_err(|e| format!("invalid API URL `{base_url}`: {e}"))?
                .personal_token(token.to_owned())
                .build()
                .map_err(|e| format!("cannot build the GitHub client: {e}"))?
        };
        Ok(GithubApi {
            rt,
            client,
            owner: owner.to_owned(),
            repo: repo.to_owned(),
        })
    }

    fn get(&self, route: String) -> Result<Value, String> {
        self.rt
            .block_on(self.client.get::<Value, _, ()>(route, None))
            .map_err(|e| match e {
                octocrab::Error::GitHub { source, .. } => {
                    format!("GitHub answered: {}", source.message)
                }
                other => other.to_string(),
            })
    }

    /// The head commit of the last successful run of `workflow` (a file name) on `branch`.
    pub fn last_successful_run(
        &self,
        workflow: &str,
        branch: &str,
    ) -> Result<Option<String>, String> {
        let v = self.get(format!(
            "/repos/{}/{}/actions/workflows/{workflow}/runs?status=success&branch={branch}&per_page=1",
            self.owner, self.repo
        ))?;
        Ok(v.get("workflow_runs")
            .and_then(|r| r.get(0))
            .and_then(|r| r.get("head_sha"))
            .and_then(Value::as_str)
            .map(str::to_owned))
    }
}

impl PullRequestFiles for GithubApi {
    fn changed_files(&mut self, number: u64) -> Result<u64, String> {
        let v = self.get(format!(
            "/repos/{}/{}/pulls/{number}",
            self.owner, self.repo
        ))?;
        v.get("changed_files")
            .and_then(Value::as_u64)
            .ok_or_else(|| "the pull request has no `changed_files` count".to_owned())
    }

    fn page(&mut self, number: u64, page: u32) -> Result<Vec<PrFile>, String> {
        let v = self.get(format!(
            "/repos/{}/{}/pulls/{number}/files?per_page=100&page={page}",
            self.owner, self.repo
        ))?;
        let items = v
            .as_array()
            .ok_or_else(|| "the files page is not a list".to_owned())?;
        items
            .iter()
            .map(|f| {
                Ok(PrFile {
                    filename: f
                        .get("filename")
                        .and_then(Value::as_str)
                        .ok_or_else(|| "a file entry has no filename".to_owned())?
                        .to_owned(),
                    status: f
                        .get("status")
                        .and_then(Value::as_str)
                        .unwrap_or("modified")
                        .to_owned(),
                    previous_filename: f
                        .get("previous_filename")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                })
            })
            .collect()
    }
}
