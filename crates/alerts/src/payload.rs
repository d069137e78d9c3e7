//! The Alertmanager webhook payload (version 4), as Alertmanager 0.25 sends it.
//!
//! Parsing is lenient where Alertmanager itself is (missing maps are empty) and strict
//! where a wrong value would make a wrong decision (an unknown `version`, an alert
//! without labels is still an alert; a body that is not the webhook is an error).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Label or annotation set. Order kept as sent (Alertmanager sorts them).
pub type LabelSet = IndexMap<String, String>;

/// The body of one webhook notification: one alert group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Payload {
    pub receiver: String,
    /// `firing` when any alert of the group fires, else `resolved`.
    pub status: String,
    pub alerts: Vec<Alert>,
    pub group_labels: LabelSet,
    pub common_labels: LabelSet,
    pub common_annotations: LabelSet,
    #[serde(rename = "externalURL")]
    pub external_url: String,
    /// `"4"` for every Alertmanager since 0.x; anything else is refused.
    pub version: String,
    pub group_key: String,
    /// Alerts left out because of the receiver's `max_alerts`.
    pub truncated_alerts: u64,
}

/// One alert of the group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Alert {
    /// `firing` or `resolved`: decisions are made per alert, not per group.
    pub status: String,
    pub labels: LabelSet,
    pub annotations: LabelSet,
    pub starts_at: String,
    /// `0001-01-01T00:00:00Z` while firing.
    pub ends_at: String,
    #[serde(rename = "generatorURL")]
    pub generator_url: String,
    pub fingerprint: String,
}

impl Alert {
    /// Whether this alert fires (anything but `resolved` is treated as firing, as
    /// Alertmanager only ever sends those two).
    pub fn is_resolved(&self) -> bool {
        self.status == "resolved"
    }

    /// A label's value; a missing label is the empty string (Alertmanager's rule).
    pub fn label(&self, name: &str) -> &str {
        self.labels.get(name).map_or("", String::as_str)
    }

    /// The fingerprint Alertmanager sent, or, for senders that leave it out, a stable
    /// hash of the sorted label set (FNV-1a 64, hex), so dedup still works.
    pub fn fingerprint(&self) -> String {
        if !self.fingerprint.is_empty() {
            return self.fingerprint.clone();
        }
        let mut pairs: Vec<(&String, &String)> = self.labels.iter().collect();
        pairs.sort();
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (k, v) in pairs {
            for b in k.bytes().chain([0xff]).chain(v.bytes()).chain([0xfe]) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

/// Why a body is not an Alertmanager webhook we can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadError {
    /// Not JSON, or JSON of the wrong shape.
    Json(String),
    /// A `version` other than `"4"`.
    Version(String),
}

impl PayloadError {
    /// Stable code for logs, audit and the one-shot decision's errors.
    pub fn code(&self) -> &'static str {
        match self {
            PayloadError::Json(_) => "invalid-payload",
            PayloadError::Version(_) => "unsupported-payload-version",
        }
    }
}

impl std::fmt::Display for PayloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PayloadError::Json(e) => write!(f, "not an Alertmanager webhook body: {e}"),
            PayloadError::Version(v) => write!(
                f,
                "webhook payload version {v:?} is not supported; expected \"4\" (Alertmanager 0.x)"
            ),
        }
    }
}

impl std::error::Error for PayloadError {}

impl Payload {
    /// Parse a webhook body.
    pub fn from_json(bytes: &[u8]) -> Result<Payload, PayloadError> {
        let payload: Payload =
            serde_json::from_slice(bytes).map_err(|e| PayloadError::Json(e.to_string()))?;
        payload.check()?;
        Ok(payload)
    }

    /// Parse an already-decoded JSON value (the one-shot entry gets one).
    pub fn from_value(value: serde_json::Value) -> Result<Payload, PayloadError> {
        let payload: Payload =
            serde_json::from_value(value).map_err(|e| PayloadError::Json(e.to_string()))?;
        payload.check()?;
        Ok(payload)
    }

    fn check(&self) -> Result<(), PayloadError> {
        // An empty version is accepted: hand-written test bodies and `amtool`-style
        // senders omit it; any explicit other version means a format we do not know.
        if !self.version.is_empty() && self.version != "4" {
            return Err(PayloadError::Version(self.version.clone()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_fingerprint_is_order_independent() {
        let mut a = Alert::default();
        a.labels.insert("b".into(), "2".into());
        a.labels.insert("a".into(), "1".into());
        let mut b = Alert::default();
        b.labels.insert("a".into(), "1".into());
        b.labels.insert("b".into(), "2".into());
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.labels.insert("a".into(), "x".into());
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn refuses_other_versions() {
        let err = Payload::from_json(br#"{"version":"5","alerts":[]}"#).unwrap_err();
        assert_eq!(err.code(), "unsupported-payload-version");
        let err = Payload::from_json(b"[1]").unwrap_err();
        assert_eq!(err.code(), "invalid-payload");
    }
}
