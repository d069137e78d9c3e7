//! Credentials: a string that never prints. `Debug` and `Display` show `***`, so a
//! token cannot reach a log line, an error message or the audit trail by accident.

/// A token, PAT or shared secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a credential; surrounding whitespace (a trailing newline in a file) is dropped.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into().trim().to_owned())
    }

    /// The credential itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Replace every occurrence of any secret in `text` with `***` (defence in depth for
/// text that comes from outside, such as an API's error body echoing a header).
pub fn redact(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        if s.0.len() >= 4 {
            out = out.replace(&s.0, "***");
        }
    }
    out
}

/// The credentials the server uses, resolved by the CLI from env or files.
#[derive(Clone, Debug, Default)]
pub struct Secrets {
    /// Expected `Authorization: Bearer …` on `POST /alertmanager`.
    pub bearer_token: Option<Secret>,
    /// Key of the `X-Devplat-Signature: sha256=…` HMAC over the body.
    pub hmac_secret: Option<Secret>,
    pub github_token: Option<Secret>,
    pub azure_pat: Option<Secret>,
}

impl Secrets {
    pub fn all(&self) -> Vec<&Secret> {
        [
            &self.bearer_token,
            &self.hmac_secret,
            &self.github_token,
            &self.azure_pat,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints() {
        let s = Secret::new("ghp_supersecret\n");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
        assert_eq!(s.expose(), "ghp_supersecret");
        assert_eq!(
            redact("bad token ghp_supersecret!", &[&s]),
            "bad token ***!"
        );
    }
}
