//! Sending one request: GitHub through octocrab (its own retry switched off — it
//! re-sends a failed POST at once, and dispatches are not idempotent; the worker
//! retries instead, with backoff), Azure DevOps and webhooks through hyper.
//!
//! Every answer is classified: success; retryable (5xx, network errors, timeouts; 429,
//! and 403 with `Retry-After` or an exhausted rate limit, at the time the API names);
//! or final (every other 4xx). Error text never contains a credential.

use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::header::{HeaderMap, HeaderValue};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use octocrab::Octocrab;
use serde_json::json;
use sha2::Digest as _;

use super::secret::{Secret, Secrets, redact};
use crate::action::Request;
use crate::config::Config;

/// Longest wait a `Retry-After` may ask for before we cap it.
const MAX_RETRY_AFTER_MS: u64 = 3_600_000;

/// How one attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    Ok {
        status: u16,
    },
    /// Try again; at the time the API asked for, if it did.
    Retry {
        status: Option<u16>,
        error: String,
        after_ms: Option<u64>,
    },
    /// Do not try again.
    Fatal {
        status: Option<u16>,
        error: String,
    },
}

type HttpClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Sends requests; holds the clients and credentials.
pub struct Dispatcher {
    github: Option<Octocrab>,
    github_error: Option<String>,
    github_api: String,
    http: HttpClient,
    azure_base: String,
    azure_pat: Option<Secret>,
    secrets: Secrets,
    timeout: Duration,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Dispatcher")
    }
}

impl Dispatcher {
    /// Build the clients (call inside the tokio runtime).
    pub fn new(config: &Config, secrets: &Secrets) -> Result<Dispatcher, String> {
        let timeout = Duration::from_millis(config.worker.timeout_ms.max(1));
        let (github, github_error) = match &secrets.github_token {
            None => (
                None,
                Some(format!(
                    "no GitHub token: set {} or github.token_file",
                    config.github.token_env
                )),
            ),
            Some(token) => {
                let built = Octocrab::builder()
                    .add_retry_config(octocrab::service::middleware::retry::RetryConfig::None)
                    .set_connect_timeout(Some(timeout))
                    .set_read_timeout(Some(timeout))
                    .set_write_timeout(Some(timeout))
                    .add_header(
                        hyper::header::ACCEPT,
                        "application/vnd.github+json".to_owned(),
                    )
                    .base_uri(config.github.api_url.as_str())
                    .map_err(|e| format!("github.api_url {:?}: {e}", config.github.api_url))?
                    .personal_token(token.expose().to_owned())
                    .build()
                    .map_err(|e| format!("cannot build the GitHub client: {e}"))?;
                (Some(built), None)
            }
        };
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| format!("cannot load the system's TLS roots: {e}"))?
            .https_or_http()
            .enable_http1()
            .build();
        let http = Client::builder(TokioExecutor::new()).build(https);
        Ok(Dispatcher {
            github,
            github_error,
            github_api: config.github.api_url.trim_end_matches('/').to_owned(),
            http,
            azure_base: config.azure.base_url.trim_end_matches('/').to_owned(),
            azure_pat: secrets.azure_pat.clone(),
            secrets: secrets.clone(),
            timeout,
        })
    }

    fn clean(&self, text: &str) -> String {
        redact(text, &self.secrets.all())
    }

    /// Send one request. `dedup_key` becomes the webhook's `Idempotency-Key`.
    pub async fn send(&self, req: &Request, dedup_key: &str) -> Attempt {
        let res = match tokio::time::timeout(self.timeout, self.send_inner(req, dedup_key)).await {
            Ok(r) => r,
            Err(_) => Attempt::Retry {
                status: None,
                error: format!("timed out after {} ms", self.timeout.as_millis()),
                after_ms: None,
            },
        };
        match res {
            Attempt::Retry {
                status,
                error,
                after_ms,
            } => Attempt::Retry {
                status,
                error: self.clean(&error),
                after_ms,
            },
            Attempt::Fatal { status, error } => Attempt::Fatal {
                status,
                error: self.clean(&error),
            },
            ok => ok,
        }
    }

    async fn send_inner(&self, req: &Request, dedup_key: &str) -> Attempt {
        match req {
            Request::GithubRepositoryDispatch {
                repo,
                event_type,
                client_payload,
            } => {
                let Some((gh, owner, name)) = self.github(repo) else {
                    return self.no_github();
                };
                let r = gh
                    .repos(owner, name)
                    .create_dispatch(event_type.clone())
                    .client_payload(serde_json::Value::Object(client_payload.clone()))
                    .send()
                    .await;
                github_result(r.map(|()| 204))
            }
            Request::GithubWorkflowDispatch {
                repo,
                workflow,
                git_ref,
                inputs,
            } => {
                let Some((gh, owner, name)) = self.github(repo) else {
                    return self.no_github();
                };
                let inputs = serde_json::to_value(inputs).unwrap_or_else(|_| json!({}));
                let r = gh
                    .actions()
                    .create_workflow_dispatch(owner, name, workflow.clone(), git_ref.clone())
                    .inputs(inputs)
                    .send()
                    .await;
                github_result(r.map(|()| 204))
            }
            Request::GithubIssue {
                repo,
                title,
                body,
                labels,
            } => {
                let Some((gh, owner, name)) = self.github(repo) else {
                    return self.no_github();
                };
                // The raw call: only the status matters, and octocrab's typed `Issue`
                // model would fail on any answer that lacks one of its many fields.
                let url = format!("{}/repos/{owner}/{name}/issues", self.github_api);
                let body = json!({"title": title, "body": body, "labels": labels});
                let r = match gh._post(url, Some(&body)).await {
                    Ok(resp) => octocrab::map_github_error(resp)
                        .await
                        .map(|r| r.status().as_u16()),
                    Err(e) => Err(e),
                };
                github_result(r)
            }
            Request::AzurePipelineRun {
                organization,
                project,
                pipeline_id,
                ref_name,
                template_parameters,
            } => {
                let Some(pat) = &self.azure_pat else {
                    return Attempt::Fatal {
                        status: None,
                        error: "no Azure DevOps PAT: set azure.token_env's variable or azure.token_file".into(),
                    };
                };
                let url = format!(
                    "{}/{}/{}/_apis/pipelines/{pipeline_id}/runs?api-version=7.1",
                    self.azure_base,
                    encode_segment(organization),
                    encode_segment(project)
                );
                let mut body = json!({ "templateParameters": template_parameters });
                if let (Some(r), Some(obj)) = (ref_name, body.as_object_mut()) {
                    obj.insert(
                        "resources".into(),
                        json!({"repositories": {"self": {"refName": r}}}),
                    );
                }
                let basic =
                    base64::engine::general_purpose::STANDARD.encode(format!(":{}", pat.expose()));
                self.post(&url, &body, &[("authorization", format!("Basic {basic}"))])
                    .await
            }
            Request::Webhook { url, body } => {
                let key = hex::encode(sha2::Sha256::digest(dedup_key.as_bytes()));
                self.post(url, body, &[("idempotency-key", key)]).await
            }
        }
    }

    fn github<'a>(&self, repo: &'a str) -> Option<(&Octocrab, &'a str, &'a str)> {
        let (owner, name) = repo.split_once('/')?;
        Some((self.github.as_ref()?, owner, name))
    }

    fn no_github(&self) -> Attempt {
        Attempt::Fatal {
            status: None,
            error: self
                .github_error
                .clone()
                .unwrap_or_else(|| "invalid repository".into()),
        }
    }

    async fn post(
        &self,
        url: &str,
        body: &serde_json::Value,
        headers: &[(&str, String)],
    ) -> Attempt {
        let bytes = match serde_json::to_vec(body) {
            Ok(b) => b,
            Err(e) => {
                return Attempt::Fatal {
                    status: None,
                    error: e.to_string(),
                };
            }
        };
        let mut builder = hyper::Request::builder()
            .method(hyper::Method::POST)
            .uri(url)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .header(hyper::header::ACCEPT, "application/json")
            .header(
                hyper::header::USER_AGENT,
                concat!("devplat-alerts/", env!("CARGO_PKG_VERSION")),
            );
        for (k, v) in headers {
            builder = builder.header(*k, v.as_str());
        }
        let request = match builder.body(Full::new(Bytes::from(bytes))) {
            Ok(r) => r,
            Err(e) => {
                return Attempt::Fatal {
                    status: None,
                    error: format!("invalid request to {url}: {e}"),
                };
            }
        };
        let response = match self.http.request(request).await {
            Ok(r) => r,
            Err(e) => {
                return Attempt::Retry {
                    status: None,
                    error: format!("network error: {e}"),
                    after_ms: None,
                };
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = match response.into_body().collect().await {
            Ok(b) => {
                let b = b.to_bytes();
                String::from_utf8_lossy(b.get(..b.len().min(512)).unwrap_or(&[])).into_owned()
            }
            Err(e) => format!("(body unreadable: {e})"),
        };
        classify(status, Some(&headers), &text, now_ms())
    }
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn github_result(r: Result<u16, octocrab::Error>) -> Attempt {
    match r {
        Ok(status) => Attempt::Ok { status },
        Err(octocrab::Error::GitHub { source, .. }) => classify(
            source.status_code.as_u16(),
            source.headers.as_ref(),
            &source.message,
            now_ms(),
        ),
        Err(
            e @ (octocrab::Error::Hyper { .. }
            | octocrab::Error::Service { .. }
            | octocrab::Error::Http { .. }),
        ) => Attempt::Retry {
            status: None,
            error: format!("network error: {e}"),
            after_ms: None,
        },
        Err(e) => Attempt::Fatal {
            status: None,
            error: first_line(&e.to_string()),
        },
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_owned()
}

/// When the API asks us to come back: `Retry-After` (seconds or an HTTP date), or an
/// exhausted primary rate limit's `x-ratelimit-reset`.
pub fn retry_after_ms(headers: &HeaderMap, now_ms: i64) -> Option<u64> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(v) = get("retry-after") {
        if let Ok(secs) = v.parse::<u64>() {
            return Some(secs.saturating_mul(1000).min(MAX_RETRY_AFTER_MS));
        }
        if let Ok(t) = jiff::fmt::rfc2822::parse(v) {
            let ms = t.timestamp().as_millisecond().saturating_sub(now_ms).max(0);
            return Some(u64::try_from(ms).unwrap_or(0).min(MAX_RETRY_AFTER_MS));
        }
    }
    if get("x-ratelimit-remaining") == Some("0")
        && let Some(reset) = get("x-ratelimit-reset").and_then(|v| v.parse::<i64>().ok())
    {
        let ms = reset.saturating_mul(1000).saturating_sub(now_ms).max(0);
        return Some(u64::try_from(ms).unwrap_or(0).min(MAX_RETRY_AFTER_MS));
    }
    None
}

/// Classify an HTTP answer.
pub fn classify(status: u16, headers: Option<&HeaderMap>, message: &str, now_ms: i64) -> Attempt {
    let after = headers.and_then(|h| retry_after_ms(h, now_ms));
    let msg = first_line(message);
    match status {
        200..=299 => Attempt::Ok { status },
        429 => Attempt::Retry {
            status: Some(status),
            error: format!("HTTP 429 (rate limited): {msg}"),
            after_ms: after,
        },
        403 if after.is_some() => Attempt::Retry {
            status: Some(status),
            error: format!("HTTP 403 (secondary rate limit): {msg}"),
            after_ms: after,
        },
        500..=599 => Attempt::Retry {
            status: Some(status),
            error: format!("HTTP {status}: {msg}"),
            after_ms: after,
        },
        _ => Attempt::Fatal {
            status: Some(status),
            error: format!("HTTP {status}: {msg}"),
        },
    }
}

/// Percent-encode one URL path segment (project names have spaces).
fn encode_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        m
    }

    #[test]
    fn classification() {
        assert_eq!(classify(204, None, "", 0), Attempt::Ok { status: 204 });
        assert!(matches!(
            classify(502, None, "bad gateway", 0),
            Attempt::Retry { after_ms: None, .. }
        ));
        assert!(matches!(
            classify(429, Some(&h(&[("retry-after", "3")])), "", 0),
            Attempt::Retry {
                after_ms: Some(3000),
                ..
            }
        ));
        assert!(matches!(
            classify(403, Some(&h(&[("retry-after", "2")])), "secondary", 0),
            Attempt::Retry {
                after_ms: Some(2000),
                ..
            }
        ));
        assert!(matches!(
            classify(
                403,
                Some(&h(&[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "10")
                ])),
                "",
                4_000
            ),
            Attempt::Retry {
                after_ms: Some(6000),
                ..
            }
        ));
        assert!(matches!(
            classify(403, None, "forbidden", 0),
            Attempt::Fatal { .. }
        ));
        assert!(matches!(
            classify(422, None, "invalid", 0),
            Attempt::Fatal {
                status: Some(422),
                ..
            }
        ));
        assert!(matches!(
            classify(401, None, "bad creds", 0),
            Attempt::Fatal { .. }
        ));
    }

    #[test]
    fn http_date_retry_after() {
        let now = jiff::fmt::rfc2822::parse("Wed, 21 Oct 2015 07:28:00 GMT")
            .unwrap()
            .timestamp()
            .as_millisecond();
        let m = h(&[("retry-after", "Wed, 21 Oct 2015 07:28:05 GMT")]);
        assert_eq!(retry_after_ms(&m, now), Some(5000));
    }

    #[test]
    fn segments() {
        assert_eq!(encode_segment("My Project"), "My%20Project");
    }
}
