//! `yaml::de`: typed loading with positioned errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use devplat_core::yaml::de::{self, DeError, Spanned};
use devplat_core::yaml::{self, LoadOptions};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Config {
    name: String,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    retries: u8,
    #[serde(default)]
    ratio: f64,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    services: BTreeMap<Spanned<String>, Service>,
    #[serde(default)]
    mode: Mode,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Service {
    path: Spanned<String>,
    #[serde(default)]
    depends_on: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    #[default]
    Auto,
    Manual,
    Every(u32),
}

fn load<'a, T: Deserialize<'a>>(node: &'a yaml::Node) -> Result<T, DeError> {
    de::from_node(node)
}

fn err_of(text: &str) -> String {
    let node = yaml::load_one_str(text).unwrap();
    let e = load::<Config>(&node).unwrap_err();
    format!(
        "{}:{}-{}:{} [{}] {}",
        e.span.start.line,
        e.span.start.column,
        e.span.end.line,
        e.span.end.column,
        e.code,
        e.message
    )
}

#[test]
fn yaml_de_loads_with_core_scalars_and_spans() {
    let text = "\
name: on
enabled: true
retries: 0x0A
ratio: 2
tags: [yes, no, 010, 1.0, ~x]
mode: {every: 5}
services:
  api:
    path: services/api
    depends-on: [db, cache]
  db:
    path: 'services/db'
";
    let node = yaml::load_one_str(text).unwrap();
    let c: Config = load(&node).unwrap();
    assert_eq!(c.name, "on");
    assert_eq!(c.enabled, Some(true));
    assert_eq!(c.retries, 10);
    assert_eq!(c.ratio, 2.0);
    assert_eq!(c.tags, ["yes", "no", "010", "1.0", "~x"]);
    assert_eq!(c.mode, Mode::Every(5));
    let (key, api) = c.services.iter().next().unwrap();
    assert_eq!(key.value, "api");
    assert_eq!((key.span.start.line, key.span.start.column), (8, 3));
    assert_eq!(
        (api.path.span.start.line, api.path.span.start.column),
        (9, 11)
    );
    let cache = &api.depends_on[1];
    assert_eq!(cache.value, "cache");
    assert_eq!(
        (
            cache.span.start.line,
            cache.span.start.column,
            cache.span.end.column
        ),
        (10, 22, 27)
    );
    // Lookup by &str through Borrow<str>.
    assert!(c.services.contains_key("db"));
}

#[test]
fn yaml_de_errors_point_at_the_key_value_or_mapping() {
    let cases = [
        // unknown key: at the key, with a suggestion and the valid keys
        (
            "name: x\nretires: 3\n",
            "2:1-2:8 [unknown-key] unknown key `retires` (did you mean \"retries\"?); expected one of `name`, `enabled`, `retries`, `ratio`, `tags`, `services`, `mode`",
        ),
        // wrong type: at the value
        (
            "name: x\ntags: a-string\n",
            "2:7-2:15 [wrong-type] expected a sequence, found the string \"a-string\"",
        ),
        (
            "name: [a]\n",
            "1:7-1:10 [wrong-type] expected a string, found a sequence",
        ),
        (
            "name: x\nenabled: yes\n",
            "2:10-2:13 [wrong-type] expected a boolean (`true` or `false`), found the string \"yes\"",
        ),
        (
            "name: x\nenabled: 'true'\n",
            "2:10-2:16 [wrong-type] expected a boolean (`true` or `false`), found the string \"true\"",
        ),
        (
            "name: x\nretries: 1.5\n",
            "2:10-2:13 [wrong-type] expected an integer, found the number `1.5`",
        ),
        (
            "name: x\nretries: 300\n",
            "2:10-2:13 [invalid-value] invalid value: the number `300`, expected u8",
        ),
        (
            "name:\n",
            "1:5-1:5 [wrong-type] expected a string, found null",
        ),
        // missing key: at the mapping
        (
            "enabled: true\n",
            "1:1-1:14 [missing-key] missing key `name`",
        ),
        // deeper: an unknown key inside a service, and a bad variant
        (
            "name: x\nservices:\n  api:\n    path: p\n    depends: [a]\n",
            "5:5-5:12 [unknown-key] unknown key `depends` (did you mean \"depends-on\"?); expected one of `path`, `depends-on`",
        ),
        (
            "name: x\nmode: manuel\n",
            "2:7-2:13 [invalid-value] unknown value `manuel` (did you mean \"manual\"?); expected one of `auto`, `manual`, `every`",
        ),
        (
            "name: x\nmode: every\n",
            "2:7-2:12 [wrong-type] `every` needs a value: write `every: <value>`",
        ),
        (
            "name: x\nservices: [a]\n",
            "2:11-2:14 [wrong-type] expected a mapping, found a sequence",
        ),
        // a repeated field: at the second key
        (
            "name: x\nname: y\n",
            "2:1-2:5 [duplicate-key] duplicate key `name`",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(err_of(text), want, "for {text:?}");
    }
}

#[test]
fn yaml_de_numbers_and_big_ints() {
    let node =
        yaml::load_one_str("[18446744073709551615, -9223372036854775809, 0o17, 1e3]").unwrap();
    let (a, b, c, d): (u64, i128, i32, f64) = load(&node).unwrap();
    assert_eq!(a, u64::MAX);
    assert_eq!(b, -9_223_372_036_854_775_809);
    assert_eq!(c, 15);
    assert_eq!(d, 1000.0);
    let node = yaml::load_one_str("99999999999999999999999").unwrap();
    let e = load::<u64>(&node).unwrap_err();
    assert_eq!(e.code, de::INVALID_VALUE);
    // Tuples check their length.
    let node = yaml::load_one_str("[1, 2, 3]").unwrap();
    let e = load::<(u8, u8)>(&node).unwrap_err();
    assert_eq!(e.message, "too many items: expected 2, found 3");
}

#[test]
fn yaml_de_any_and_json() {
    let node = yaml::load_one_str("a: [1, 1.5, true, ~, on, '2']\nb: {c: d}\n").unwrap();
    let v: serde_json::Value = load(&node).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"a": [1, 1.5, true, null, "on", "2"], "b": {"c": "d"}})
    );
    assert_eq!(v, node.to_json());
    let s: Spanned<serde_json::Value> = load(&node).unwrap();
    assert_eq!((s.span.start.line, s.span.end.line), (1, 2));
}

#[test]
fn yaml_de_through_merge_keys_and_aliases() {
    struct Top {
        services: BTreeMap<String, Service>,
    }
    let text = "\
defaults: &d
  path: shared
services:
  api:
    <<: *d
  web:
    <<: *d
    path: web
";
    let mut files = devplat_core::source::Files::new();
    let (_, doc) =
        yaml::load_document(&mut files, "c.yml", text.as_bytes(), &LoadOptions::config());
    let doc = doc.unwrap();
    let services: BTreeMap<String, Service> = load(doc.root.get("services").unwrap()).unwrap();
    let top = Top { services };
    assert_eq!(top.services["api"].path.value, "shared");
    // A merged value keeps its origin: line 2, where the anchor defines it.
    assert_eq!(top.services["api"].path.span.start.line, 2);
    assert_eq!(top.services["web"].path.value, "web");
}

#[test]
fn yaml_de_spanned_needs_this_deserializer() {
    let e = serde_json::from_str::<Spanned<u8>>("1").unwrap_err();
    assert!(e.to_string().contains("devplat_core::yaml::de"), "{e}");
}
