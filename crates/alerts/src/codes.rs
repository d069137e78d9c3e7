//! Every diagnostic code `alerts.yml` loading and the decision engine can produce, with
//! a one-line summary. docs/alerts.md lists them; a test checks the two agree.

/// (code, summary) for config errors and warnings (`check-config`, exit 2 on errors).
pub const CONFIG_CODES: &[(&str, &str)] = &[
    ("yaml-syntax", "the file is not valid YAML"),
    (
        "yaml-too-large",
        "anchors and aliases expand to more than 100,000 nodes",
    ),
    ("yaml-too-deep", "nesting deeper than 64 levels"),
    (
        "multiple-documents",
        "more than one YAML document (`---`) in the file",
    ),
    ("invalid-key", "a mapping key that is not a plain string"),
    ("duplicate-key", "the same key twice in one mapping"),
    (
        "unknown-key",
        "a key the config does not define (typo?); the message names the valid keys",
    ),
    ("unknown-action", "an action kind that does not exist"),
    ("missing-key", "a required key is missing"),
    ("invalid-type", "a value of the wrong type"),
    ("unsupported-version", "`version` other than 1"),
    (
        "no-rules",
        "warning: no rules, every alert is recorded as `no-rule`",
    ),
    (
        "duplicate-rule-name",
        "two rules share a name (names key the state)",
    ),
    ("invalid-rule-name", "an empty rule name"),
    (
        "invalid-matcher",
        "a matcher that is not Alertmanager matcher syntax",
    ),
    (
        "invalid-regex",
        "a `=~`/`!~` matcher whose regular expression does not compile",
    ),
    (
        "invalid-label-name",
        "a `group_by` entry that is not a label name or `...`",
    ),
    (
        "invalid-duration",
        "a duration that is not `<n><unit>…` with units ms, s, m, h, d, w",
    ),
    (
        "invalid-resolved",
        "`resolved:` neither `ignore` nor an action",
    ),
    ("invalid-repo", "a repository that is not `owner/name`"),
    ("invalid-url", "a URL that is not http:// or https://"),
    (
        "event-type-too-long",
        "a repository_dispatch `event_type` empty or over 100 characters",
    ),
    (
        "too-many-payload-keys",
        "a `client_payload` with more than 10 top-level keys",
    ),
    (
        "too-many-inputs",
        "a workflow_dispatch with more than `github.max_inputs` (10) inputs",
    ),
    (
        "input-not-string",
        "a workflow input or pipeline template parameter that is not a string",
    ),
    ("missing-ref", "a workflow_dispatch with an empty `ref`"),
    ("template-syntax", "a template that does not compile"),
    (
        "unknown-template-variable",
        "a template that uses a variable the alert does not provide",
    ),
];

/// Codes in the reason of an `invalid` decision (rendering for one alert failed).
pub const RENDER_CODES: &[(&str, &str)] = &[
    (
        "template-render",
        "a template failed for this alert (e.g. a missing label in strict mode)",
    ),
    (
        "invalid-repo",
        "the rendered repository is not `owner/name`",
    ),
    (
        "event-type-too-long",
        "the rendered `event_type` is empty or over 100 characters",
    ),
    (
        "payload-too-large",
        "the rendered `client_payload` is 64 KB or more",
    ),
    ("missing-ref", "the rendered `ref` is empty"),
    ("invalid-url", "the rendered webhook URL is not http(s)"),
];
