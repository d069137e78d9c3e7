//! A mock of the GitHub and Azure DevOps APIs for the alerts end-to-end test and
//! benchmark: it answers like the real APIs for the calls devplat makes and records
//! every request it receives (method, path, headers, body, the status it replied).
//!
//! Behaviours keyed by repository, to script failures:
//! - `*/flaky`: the first POST of each distinct body gets `502`, later ones `204`;
//! - `*/limited`: the first POST of each distinct body gets `429` with `Retry-After: 1`;
//! - `*/slow`: recorded at once, answered `204` after 200 ms (a call in progress when
//!   the sender is killed has still reached the API);
//! - a wrong token gets `401`; an `event_type` over 100 characters, more than 10
//!   `client_payload` keys, or a workflow dispatch without `ref` get `422` (as GitHub).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{Value, json};

/// One request the mock received.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Recorded {
    pub at_ms: u128,
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: Value,
    pub status: u16,
}

/// Status, extra headers, JSON body (null for none).
type Answer = (StatusCode, Vec<(&'static str, String)>, Value);

#[derive(Clone)]
pub struct Mock {
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    seen: Arc<Mutex<HashMap<String, u32>>>,
    github_token: String,
    ado_pat: String,
    record_file: Option<Arc<Mutex<std::fs::File>>>,
}

fn now_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

impl Mock {
    pub fn new(github_token: &str, ado_pat: &str, record_file: Option<std::fs::File>) -> Mock {
        Mock {
            requests: Arc::default(),
            seen: Arc::default(),
            github_token: github_token.to_owned(),
            ado_pat: ado_pat.to_owned(),
            record_file: record_file.map(|f| Arc::new(Mutex::new(f))),
        }
    }

    /// Requests so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Serve on `listener` until the runtime stops.
    pub async fn serve(self, listener: tokio::net::TcpListener) {
        let app = Router::new().fallback(handle).with_state(self);
        let _ = axum::serve(listener, app).await;
    }

    fn first_time(&self, key: String) -> bool {
        let mut seen = self.seen.lock().unwrap();
        let n = seen.entry(key).or_insert(0);
        *n += 1;
        *n == 1
    }

    fn answer(&self, method: &Method, path: &str, headers: &HeaderMap, body: &Value) -> Answer {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let parts: Vec<&str> = path
            .split('?')
            .next()
            .unwrap_or("")
            .trim_start_matches('/')
            .split('/')
            .collect();
        if method != Method::POST {
            return (
                StatusCode::NOT_FOUND,
                vec![],
                json!({"message": "Not Found"}),
            );
        }
        let bad_creds = (
            StatusCode::UNAUTHORIZED,
            vec![],
            json!({"message": "Bad credentials"}),
        );
        match parts.as_slice() {
            ["repos", _owner, repo, "dispatches"] => {
                if auth != format!("Bearer {}", self.github_token) {
                    return bad_creds;
                }
                let event_type = body.get("event_type").and_then(Value::as_str).unwrap_or("");
                let keys = body
                    .get("client_payload")
                    .and_then(Value::as_object)
                    .map_or(0, |o| o.len());
                if event_type.is_empty() || event_type.chars().count() > 100 || keys > 10 {
                    return (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        vec![],
                        json!({"message": "Invalid request.\n\nevent_type or client_payload invalid"}),
                    );
                }
                self.scripted(repo, body)
                    .unwrap_or((StatusCode::NO_CONTENT, vec![], Value::Null))
            }
            [
                "repos",
                _owner,
                repo,
                "actions",
                "workflows",
                _wf,
                "dispatches",
            ] => {
                if auth != format!("Bearer {}", self.github_token) {
                    return bad_creds;
                }
                if body
                    .get("ref")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .is_empty()
                {
                    return (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        vec![],
                        json!({"message": "Invalid request.\n\n\"ref\" wasn't supplied."}),
                    );
                }
                self.scripted(repo, body)
                    .unwrap_or((StatusCode::NO_CONTENT, vec![], Value::Null))
            }
            ["repos", _owner, repo, "issues"] => {
                if auth != format!("Bearer {}", self.github_token) {
                    return bad_creds;
                }
                self.scripted(repo, body).unwrap_or((
                    StatusCode::CREATED,
                    vec![],
                    json!({"number": 1, "title": body.get("title")}),
                ))
            }
            [_org, _project, "_apis", "pipelines", id, "runs"] => {
                let expected = format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(format!(":{}", self.ado_pat))
                );
                if auth != expected {
                    return (
                        StatusCode::UNAUTHORIZED,
                        vec![],
                        json!({"message": "TF400813: not authorized"}),
                    );
                }
                (
                    StatusCode::OK,
                    vec![],
                    json!({"id": 1, "state": "inProgress", "pipeline": {"id": id.parse::<u64>().unwrap_or(0)}}),
                )
            }
            ["hooks", ..] => (StatusCode::OK, vec![], json!({"ok": true})),
            _ => (
                StatusCode::NOT_FOUND,
                vec![],
                json!({"message": "Not Found"}),
            ),
        }
    }

    fn scripted(&self, repo: &str, body: &Value) -> Option<Answer> {
        match repo {
            "flaky" if self.first_time(format!("flaky {body}")) => Some((
                StatusCode::BAD_GATEWAY,
                vec![],
                json!({"message": "Server Error"}),
            )),
            "limited" if self.first_time(format!("limited {body}")) => Some((
                StatusCode::TOO_MANY_REQUESTS,
                vec![("retry-after", "1".to_owned())],
                json!({"message": "You have exceeded a secondary rate limit."}),
            )),
            _ => None,
        }
    }
}

async fn handle(
    axum::extract::State(m): axum::extract::State<Mock>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let parsed: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    let (status, extra, reply) = m.answer(&method, &path, &headers, &parsed);
    let rec = Recorded {
        at_ms: now_ms(),
        method: method.to_string(),
        path,
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body: parsed,
        status: status.as_u16(),
    };
    if let Some(f) = &m.record_file {
        let mut f = f.lock().unwrap();
        let _ = writeln!(f, "{}", serde_json::to_string(&rec).unwrap());
        let _ = f.flush();
    }
    let slow = rec.path.split('/').nth(3) == Some("slow");
    m.requests.lock().unwrap().push(rec);
    if slow {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let mut resp = if reply.is_null() {
        status.into_response()
    } else {
        (status, axum::Json(reply)).into_response()
    };
    for (k, v) in extra {
        resp.headers_mut().insert(k, v.parse().unwrap());
    }
    resp
}

/// Bind `addr` (port 0 for any) and serve in the current runtime; returns the address.
pub async fn spawn(mock: Mock, addr: SocketAddr) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let local = listener.local_addr().unwrap();
    tokio::spawn(mock.serve(listener));
    local
}
