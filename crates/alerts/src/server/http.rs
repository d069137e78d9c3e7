//! The HTTP side: `POST /alertmanager` (authenticate, parse, decide and commit, reply),
//! `GET /healthz`, `/readyz`, `/metrics`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use serde_json::json;
use subtle::ConstantTimeEq;
use tokio::sync::Notify;

use super::Log;
use super::metrics::Metrics;
use super::secret::Secret;
use super::store::Store;
use super::worker::now_ms;
use crate::decide::Outcome;
use crate::payload::Payload;

/// Header carrying `sha256=<hex HMAC-SHA256 of the body>` when HMAC auth is on.
pub const SIGNATURE_HEADER: &str = "x-devplat-signature";

/// Inbound authentication: every configured method must pass.
#[derive(Clone, Debug)]
pub struct Auth {
    pub bearer: Option<Secret>,
    pub hmac: Option<Secret>,
}

impl Auth {
    pub fn is_configured(&self) -> bool {
        self.bearer.is_some() || self.hmac.is_some()
    }

    /// Whether the request is authentic.
    pub fn check(&self, headers: &HeaderMap, body: &[u8]) -> bool {
        if !self.is_configured() {
            return false;
        }
        if let Some(token) = &self.bearer {
            let got = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                })
                .unwrap_or("");
            if !bool::from(got.as_bytes().ct_eq(token.expose().as_bytes())) {
                return false;
            }
        }
        if let Some(secret) = &self.hmac {
            let got = headers
                .get(SIGNATURE_HEADER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("sha256="))
                .and_then(|v| hex::decode(v.trim()).ok());
            let Some(got) = got else { return false };
            let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret.expose().as_bytes())
            else {
                return false;
            };
            mac.update(body);
            if mac.verify_slice(&got).is_err() {
                return false;
            }
        }
        true
    }
}

#[derive(Clone)]
pub struct AppState<S: Store> {
    pub store: S,
    pub metrics: Arc<Metrics>,
    pub auth: Auth,
    pub notify: Arc<Notify>,
    pub log: Log,
}

pub fn router<S: Store>(state: AppState<S>, max_body_bytes: usize) -> Router {
    Router::new()
        .route("/alertmanager", post(receive::<S>))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz::<S>))
        .route("/metrics", get(metrics::<S>))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .with_state(state)
}

fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn receive<S: Store>(
    State(s): State<AppState<S>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !s.auth.check(&headers, &body) {
        s.metrics.unauthorized();
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "{\"error\":\"unauthorized\"}",
        )
            .into_response();
    }
    let payload = match Payload::from_json(&body) {
        Ok(p) => p,
        Err(e) => {
            s.metrics.bad_request();
            return json_response(
                StatusCode::BAD_REQUEST,
                json!({"error": e.code(), "message": e.to_string()}),
            );
        }
    };
    match s.store.accept(payload, now_ms()).await {
        Ok(decisions) => {
            s.metrics.notification();
            let mut wake = false;
            for d in &decisions {
                s.metrics.outcome(d.outcome);
                wake |= d.queues();
                if matches!(
                    d.outcome,
                    Outcome::Dispatch
                        | Outcome::Escalate
                        | Outcome::ResolvedAction
                        | Outcome::Invalid
                ) {
                    (s.log)(&format!(
                        "decision {}{}: {} [{}] {}",
                        d.outcome,
                        if d.dry_run { " (dry-run)" } else { "" },
                        d.rule.as_deref().unwrap_or("-"),
                        d.dedup_key.as_deref().unwrap_or(&d.fingerprint),
                        d.reason
                    ));
                }
            }
            if wake {
                s.notify.notify_one();
            }
            let summary: Vec<_> = decisions
                .iter()
                .map(|d| json!({"fingerprint": d.fingerprint, "rule": d.rule, "outcome": d.outcome, "dry_run": d.dry_run}))
                .collect();
            json_response(StatusCode::OK, json!({"decisions": summary}))
        }
        Err(e) => {
            s.metrics.store_error();
            (s.log)(&format!("error: {e}; replying 503 so Alertmanager retries"));
            json_response(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"error": "store-unavailable"}),
            )
        }
    }
}

async fn readyz<S: Store>(State(s): State<AppState<S>>) -> Response {
    match s.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {e}\n")).into_response(),
    }
}

async fn metrics<S: Store>(State(s): State<AppState<S>>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    fn sign(key: &str, body: &[u8]) -> String {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn bearer_and_hmac() {
        let body = br#"{"alerts":[]}"#;
        let bearer = Auth {
            bearer: Some(Secret::new("tok")),
            hmac: None,
        };
        assert!(bearer.check(&headers(&[("authorization", "Bearer tok".into())]), body));
        assert!(!bearer.check(&headers(&[("authorization", "Bearer tok2".into())]), body));
        assert!(!bearer.check(&headers(&[("authorization", "Basic tok".into())]), body));
        assert!(!bearer.check(&HeaderMap::new(), body));

        let hmac = Auth {
            bearer: None,
            hmac: Some(Secret::new("key")),
        };
        assert!(hmac.check(&headers(&[(SIGNATURE_HEADER, sign("key", body))]), body));
        assert!(!hmac.check(&headers(&[(SIGNATURE_HEADER, sign("other", body))]), body));
        assert!(!hmac.check(
            &headers(&[(SIGNATURE_HEADER, sign("key", b"tampered"))]),
            body
        ));
        assert!(!hmac.check(&headers(&[(SIGNATURE_HEADER, "sha256=zz".into())]), body));

        let both = Auth {
            bearer: Some(Secret::new("tok")),
            hmac: Some(Secret::new("key")),
        };
        assert!(both.check(
            &headers(&[
                ("authorization", "Bearer tok".into()),
                (SIGNATURE_HEADER, sign("key", body))
            ]),
            body
        ));
        assert!(
            !both.check(&headers(&[("authorization", "Bearer tok".into())]), body),
            "every configured method must pass"
        );

        let none = Auth {
            bearer: None,
            hmac: None,
        };
        assert!(
            !none.check(&HeaderMap::new(), body),
            "no auth configured refuses everything"
        );
    }
}
