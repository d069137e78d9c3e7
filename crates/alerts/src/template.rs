//! Payload templates: every string in an action (`event_type`, `client_payload` values,
//! `inputs`, issue titles, …) may use minijinja syntax over the alert.
//!
//! Templates compile when the config loads (syntax errors and unknown variables are
//! config errors with a position) and render per alert in strict mode: a missing label
//! is an error that stops the dispatch rather than an empty string that could roll
//! back the wrong thing (`{{ labels.team | default("none") }}` states a fallback).

use std::collections::BTreeSet;

use indexmap::IndexMap;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use serde_json::Value;

use crate::payload::{Alert, LabelSet, Payload};

/// The variables a template may use, in the order the docs list them.
pub const VARIABLES: &[(&str, &str)] = &[
    ("labels", "the alert's labels (`labels.service`)"),
    ("annotations", "the alert's annotations"),
    ("status", "`firing` or `resolved`"),
    ("fingerprint", "the alert's fingerprint"),
    (
        "startsAt",
        "when the alert started (RFC 3339, as Alertmanager sent it)",
    ),
    (
        "endsAt",
        "when it ended (`0001-01-01T00:00:00Z` while firing)",
    ),
    ("generatorURL", "link to the expression that fired"),
    ("alert", "the whole alert: all of the above as one object"),
    (
        "group",
        "the notification: `receiver`, `status`, `groupKey`, `groupLabels`, `commonLabels`, `commonAnnotations`, `externalURL`",
    ),
    ("rule", "the name of the matched rule"),
    ("group_key", "the rule's group key (`service=checkout`)"),
    (
        "dedup_key",
        "fingerprint + rule + startsAt: the alert instance",
    ),
    ("outcome", "`dispatch`, `escalate` or `resolved`"),
    (
        "actions_in_window",
        "actions already taken for this rule and group key in the current window",
    ),
];

/// Most template instructions one render may run (loops over huge label sets stop).
const FUEL: u64 = 50_000;

/// A string that is either literal or a compiled template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Literal(String),
    /// Name of the template in the environment; the source is kept for messages.
    Template {
        name: String,
        source: String,
    },
}

impl Text {
    /// The literal value, when there is no template syntax.
    pub fn literal(&self) -> Option<&str> {
        match self {
            Text::Literal(s) => Some(s),
            Text::Template { .. } => None,
        }
    }
}

/// A JSON value whose strings may be templates.
#[derive(Clone, Debug, PartialEq)]
pub enum TValue {
    Scalar(Value),
    Text(Text),
    Array(Vec<TValue>),
    Object(IndexMap<String, TValue>),
}

/// A template that does not compile, with the byte range inside its source.
#[derive(Clone, Debug)]
pub struct TemplateError {
    pub code: &'static str,
    pub message: String,
    pub range: Option<std::ops::Range<usize>>,
}

/// All templates of one config.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new()
    }
}

impl Templates {
    pub fn new() -> Templates {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        // Payloads are JSON and text, never HTML.
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        Templates { env }
    }

    /// Compile `source` under `name` (unique per config: the JSON pointer of the value),
    /// or keep it literal when it has no template syntax.
    pub fn add(&mut self, name: &str, source: &str) -> Result<Text, TemplateError> {
        if !(source.contains("{{") || source.contains("{%") || source.contains("{#")) {
            return Ok(Text::Literal(source.to_owned()));
        }
        self.env
            .add_template_owned(name.to_owned(), source.to_owned())
            .map_err(|e| TemplateError {
                code: "template-syntax",
                message: format!(
                    "template syntax error: {}",
                    e.detail().unwrap_or("invalid template")
                ),
                range: e.range(),
            })?;
        let tmpl = self.env.get_template(name).map_err(|e| TemplateError {
            code: "template-syntax",
            message: e.to_string(),
            range: None,
        })?;
        let known: BTreeSet<&str> = VARIABLES.iter().map(|(n, _)| *n).collect();
        let mut unknown: Vec<String> = tmpl
            .undeclared_variables(false)
            .into_iter()
            .filter(|v| !known.contains(v.as_str()))
            .filter(|v| !self.env.globals().any(|(g, _)| g == v))
            .collect();
        unknown.sort();
        if let Some(first) = unknown.first() {
            let names: Vec<&str> = known.iter().copied().collect();
            let hint = devplat_core::suggest::closest(first, names.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(TemplateError {
                code: "unknown-template-variable",
                message: format!(
                    "template uses unknown variable `{first}`{hint} (known: {})",
                    names.join(", ")
                ),
                range: source
                    .find(first.as_str())
                    .map(|i| i..i.saturating_add(first.len())),
            });
        }
        Ok(Text::Template {
            name: name.to_owned(),
            source: source.to_owned(),
        })
    }

    /// Compile every string of a JSON value.
    pub fn add_value(
        &mut self,
        name: &str,
        value: &Value,
    ) -> Result<TValue, (String, TemplateError)> {
        Ok(match value {
            Value::String(s) => TValue::Text(self.add(name, s).map_err(|e| (name.to_owned(), e))?),
            Value::Array(items) => TValue::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.add_value(&format!("{name}/{i}"), v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => TValue::Object(
                map.iter()
                    .map(|(k, v)| {
                        let child = format!("{name}/{}", crate::config::tree::escape(k));
                        Ok((k.clone(), self.add_value(&child, v)?))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            other => TValue::Scalar(other.clone()),
        })
    }

    /// Render one string.
    pub fn render(&self, text: &Text, ctx: &minijinja::Value) -> Result<String, String> {
        match text {
            Text::Literal(s) => Ok(s.clone()),
            Text::Template { name, source } => self
                .env
                .get_template(name)
                .and_then(|t| t.render(ctx))
                .map_err(|e| {
                    format!(
                        "template {source:?} failed: {}",
                        e.detail()
                            .map_or_else(|| e.kind().to_string(), str::to_owned)
                    )
                }),
        }
    }

    /// Render every string of a templated value.
    pub fn render_value(&self, value: &TValue, ctx: &minijinja::Value) -> Result<Value, String> {
        Ok(match value {
            TValue::Scalar(v) => v.clone(),
            TValue::Text(t) => Value::String(self.render(t, ctx)?),
            TValue::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.render_value(v, ctx))
                    .collect::<Result<_, _>>()?,
            ),
            TValue::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.render_value(v, ctx)?)))
                    .collect::<Result<_, String>>()?,
            ),
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupCtx<'a> {
    receiver: &'a str,
    status: &'a str,
    group_key: &'a str,
    group_labels: &'a LabelSet,
    common_labels: &'a LabelSet,
    common_annotations: &'a LabelSet,
    #[serde(rename = "externalURL")]
    external_url: &'a str,
}

#[derive(Serialize)]
struct Ctx<'a> {
    labels: &'a LabelSet,
    annotations: &'a LabelSet,
    status: &'a str,
    fingerprint: &'a str,
    #[serde(rename = "startsAt")]
    starts_at: &'a str,
    #[serde(rename = "endsAt")]
    ends_at: &'a str,
    #[serde(rename = "generatorURL")]
    generator_url: &'a str,
    alert: &'a Alert,
    group: GroupCtx<'a>,
    rule: &'a str,
    group_key: &'a str,
    dedup_key: &'a str,
    outcome: &'a str,
    actions_in_window: u32,
}

/// What a template sees besides the alert and its group.
#[derive(Clone, Copy, Debug)]
pub struct RenderInfo<'a> {
    pub fingerprint: &'a str,
    pub rule: &'a str,
    pub group_key: &'a str,
    pub dedup_key: &'a str,
    pub outcome: &'a str,
    pub actions_in_window: u32,
}

/// The template context for one alert.
pub fn context(payload: &Payload, alert: &Alert, info: RenderInfo<'_>) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(Ctx {
        labels: &alert.labels,
        annotations: &alert.annotations,
        status: &alert.status,
        fingerprint: info.fingerprint,
        starts_at: &alert.starts_at,
        ends_at: &alert.ends_at,
        generator_url: &alert.generator_url,
        alert,
        group: GroupCtx {
            receiver: &payload.receiver,
            status: &payload.status,
            group_key: &payload.group_key,
            group_labels: &payload.group_labels,
            common_labels: &payload.common_labels,
            common_annotations: &payload.common_annotations,
            external_url: &payload.external_url,
        },
        rule: info.rule,
        group_key: info.group_key,
        dedup_key: info.dedup_key,
        outcome: info.outcome,
        actions_in_window: info.actions_in_window,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_strings_skip_the_engine() {
        let mut t = Templates::new();
        assert_eq!(t.add("a", "plain").unwrap(), Text::Literal("plain".into()));
    }

    #[test]
    fn syntax_and_unknown_variables_are_load_errors() {
        let mut t = Templates::new();
        let e = t.add("a", "{{ labels.service ").unwrap_err();
        assert_eq!(e.code, "template-syntax");
        let e = t.add("b", "{{ lables.service }}").unwrap_err();
        assert_eq!(e.code, "unknown-template-variable");
        assert!(e.message.contains("did you mean `labels`"), "{}", e.message);
        assert!(t.add("c", "{% set x = 1 %}{{ x }}{{ labels.a }}").is_ok());
    }

    #[test]
    fn strict_rendering() {
        let mut t = Templates::new();
        let text = t
            .add(
                "a",
                "{{ labels.service }}/{{ labels.team | default('none') }}",
            )
            .unwrap();
        let mut alert = Alert::default();
        alert.labels.insert("service".into(), "cart".into());
        let p = Payload::default();
        let info = RenderInfo {
            fingerprint: "f",
            rule: "r",
            group_key: "g",
            dedup_key: "d",
            outcome: "dispatch",
            actions_in_window: 0,
        };
        let ctx = context(&p, &alert, info);
        assert_eq!(t.render(&text, &ctx).unwrap(), "cart/none");
        let text = t.add("b", "{{ labels.missing }}").unwrap();
        assert!(t.render(&text, &ctx).is_err());
        let text = t
            .add("c", "{% for i in range(100000) %}{{ i }}{% endfor %}")
            .unwrap();
        assert!(t.render(&text, &ctx).is_err(), "fuel bounds loops");
    }
}
