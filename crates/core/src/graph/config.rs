//! `deployment-config.yaml`: services, the paths they own, their dependencies and how they
//! deploy.
//!
//! ```yaml
//! global: [".github/workflows/deploy.yml", "Cargo.lock"]   # affects every service
//! services:
//!   backend-api:
//!     paths: ["services/backend-api/**", "!**/*.md"]       # ordered; the last match decides
//!     dependencies: [database]
//!     deployment_strategy: blue_green
//! ```
//!
//! The file is read through the spanned YAML tree, so every error points into it:
//! unknown keys (with "did you mean"), wrong types, bad globs, unknown and self
//! dependencies, duplicate services and cycles (every member named). All of them are
//! reported at once. The published JSON Schema (`schemas/deployment-config.schema.json`)
//! is checked against [`SERVICE_KEYS`] and [`TOP_LEVEL_KEYS`] by a test.

use indexmap::IndexMap;
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::glob::Pattern;
use crate::graph::{DepGraph, GraphError};
use crate::span::{FileId, Span};
use crate::suggest::did_you_mean;
use crate::yaml::{self, LoadOptions, Node, NodeKind};

/// The keys allowed at the top of the file.
pub const TOP_LEVEL_KEYS: &[&str] = &["global", "services"];

/// The keys allowed in a service (anything else goes under `with:`).
pub const SERVICE_KEYS: &[&str] = &[
    "paths",
    "root",
    "dependencies",
    "deployment_strategy",
    "health_check",
    "migration_scripts",
    "traffic_split",
    "environment",
    "with",
];

/// Matrix-entry keys that devplat writes itself, so `with:` may not use them.
pub const RESERVED_WITH_KEYS: &[&str] = &[
    "service",
    "wave",
    "dependencies",
    "deployment_strategy",
    "health_check",
    "migration_scripts",
    "traffic_split",
    "environment",
];

/// Every diagnostic code the loader emits, with a one-line description (docs are
/// checked against this list).
pub const CONFIG_CODES: &[(&str, &str)] = &[
    (
        "config-type",
        "a value has the wrong type (a mapping, list, string or number was expected)",
    ),
    ("unknown-key", "a key that the config file does not define"),
    ("missing-key", "a required key is absent"),
    ("duplicate-key", "a key appears twice in the same mapping"),
    ("duplicate-service", "two services have the same name"),
    (
        "invalid-service-name",
        "a service name is empty or has control characters or surrounding spaces",
    ),
    ("invalid-value", "a value is not one of the allowed values"),
    ("invalid-root", "`root` is not a plain directory path"),
    (
        "invalid-traffic-split",
        "`traffic_split` is not increasing percentages from 1 to 100, or the service is not canary",
    ),
    (
        "reserved-key",
        "a `with:` key that devplat writes into matrix entries itself",
    ),
    ("glob-invalid", "a glob does not parse"),
    (
        "glob-unsupported",
        "a glob uses picomatch syntax that devplat does not translate",
    ),
    ("unknown-dependency", "a dependency names no service"),
    ("self-dependency", "a service depends on itself"),
    (
        "dependency-cycle",
        "services depend on each other in a cycle",
    ),
];

/// A value with the place it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// One glob of a `paths` or `global` list.
#[derive(Clone, Debug)]
pub struct PatternRule {
    pub pattern: Pattern,
    pub span: Span,
}

/// How a service is rolled out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    Rolling,
    BlueGreen,
    Canary,
}

impl Strategy {
    pub const NAMES: [&'static str; 3] = ["rolling", "blue_green", "canary"];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Rolling => "rolling",
            Strategy::BlueGreen => "blue_green",
            Strategy::Canary => "canary",
        }
    }

    pub fn parse(s: &str) -> Option<Strategy> {
        match s {
            "rolling" => Some(Strategy::Rolling),
            "blue_green" => Some(Strategy::BlueGreen),
            "canary" => Some(Strategy::Canary),
            _ => None,
        }
    }
}

/// One service.
#[derive(Clone, Debug)]
pub struct Service {
    pub name: Spanned<String>,
    /// `root: dir` — the service owns `dir/**`; a file under nested roots belongs only
    /// to the deepest one.
    pub root: Option<Spanned<String>>,
    pub paths: Vec<PatternRule>,
    pub dependencies: Vec<Spanned<String>>,
    pub deployment_strategy: Option<Spanned<Strategy>>,
    pub health_check: Option<String>,
    pub migration_scripts: Vec<String>,
    pub traffic_split: Option<Spanned<Vec<u32>>>,
    pub environment: Option<String>,
    /// Free-form keys passed through to matrix entries.
    pub with: IndexMap<String, Value>,
}

impl Service {
    /// The service as a matrix entry / template input: `service`, the deployment fields
    /// that are set, then its `with:` keys (which cannot shadow the others).
    pub fn matrix_fields(&self) -> Value {
        serde_json::to_value(MatrixFields {
            service: self,
            with_name: true,
        })
        .unwrap_or(Value::Null)
    }

    /// Write the matrix fields into a map being serialized (without `service` when
    /// `with_name` is false), so callers can add their own keys without building a
    /// `Value` per service.
    pub fn serialize_fields<M: serde::ser::SerializeMap>(
        &self,
        map: &mut M,
        with_name: bool,
    ) -> Result<(), M::Error> {
        if with_name {
            map.serialize_entry("service", &self.name.value)?;
        }
        if let Some(st) = &self.deployment_strategy {
            map.serialize_entry("deployment_strategy", st.value.as_str())?;
        }
        if let Some(h) = &self.health_check {
            map.serialize_entry("health_check", h)?;
        }
        if let Some(e) = &self.environment {
            map.serialize_entry("environment", e)?;
        }
        if !self.migration_scripts.is_empty() {
            map.serialize_entry("migration_scripts", &self.migration_scripts)?;
        }
        if let Some(t) = &self.traffic_split {
            map.serialize_entry("traffic_split", &t.value)?;
        }
        for (k, v) in &self.with {
            map.serialize_entry(k, v)?;
        }
        Ok(())
    }
}

/// [`Service::serialize_fields`] as a value of its own.
struct MatrixFields<'a> {
    service: &'a Service,
    with_name: bool,
}

impl serde::Serialize for MatrixFields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        self.service.serialize_fields(&mut map, self.with_name)?;
        map.end()
    }
}

/// A loaded, checked config. `graph` node `i` is `services[i]`.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
    pub file: FileId,
    pub global: Vec<PatternRule>,
    pub services: Vec<Service>,
    pub graph: DepGraph,
}

impl ServiceConfig {
    pub fn service_index(&self, name: &str) -> Option<usize> {
        self.graph.index_of(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.services.iter().map(|s| s.name.value.as_str())
    }
}

/// What loading gave: the config when there is no error, and every diagnostic (errors
/// and warnings) either way.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub config: Option<ServiceConfig>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load a config from its text (already added to the caller's file table as `file`).
pub fn load(text: &str, file: FileId) -> Loaded {
    match yaml::load_text_document(text, file, &LoadOptions::config()) {
        Err(e) => Loaded {
            config: None,
            diagnostics: vec![e.to_diagnostic()],
        },
        Ok(doc) => from_node(&doc.root, file),
    }
}

/// Read a config from a loaded YAML tree.
pub fn from_node(root: &Node, file: FileId) -> Loaded {
    let mut cx = Cx::default();
    let config = cx.config(root, file);
    let has_error = cx
        .diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error);
    Loaded {
        config: if has_error { None } else { config },
        diagnostics: cx.diags,
    }
}

#[derive(Default)]
struct Cx {
    diags: Vec<Diagnostic>,
}

impl Cx {
    fn error(&mut self, code: &str, message: String, span: Span) {
        self.diags.push(Diagnostic::error(code, message, span));
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn type_error(&mut self, node: &Node, what: &str, expected: &str) {
        self.error(
            "config-type",
            format!("{what} must be {expected}, found {}", node.type_name()),
            node.span,
        );
    }

    /// The entries of a mapping, with duplicate keys and unknown keys reported.
    fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: Option<&[&str]>,
        help: Option<&str>,
    ) -> Vec<(&'n str, &'n yaml::Entry)> {
        let Some(map) = node.as_mapping() else {
            self.type_error(node, what, "a mapping");
            return Vec::new();
        };
        let mut out: Vec<(&str, &yaml::Entry)> = Vec::with_capacity(map.entries.len());
        // Key → position in `out`, so that big mappings (10,000 services) stay linear.
        let mut seen: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(map.entries.len());
        for e in &map.entries {
            let Some(key) = e.key_str() else {
                self.type_error(&e.key, &format!("a key of {what}"), "a string");
                continue;
            };
            if let Some(allowed) = allowed
                && !allowed.contains(&key)
            {
                let hint = did_you_mean(key, allowed.iter().copied());
                let mut d = Diagnostic::error(
                    "unknown-key",
                    format!(
                        "unknown key `{key}` in {what}{hint}; expected one of: {}",
                        allowed.join(", ")
                    ),
                    e.key.span,
                );
                if let Some(h) = help {
                    d = d.with_help(h);
                }
                self.push(d);
                continue;
            }
            if let Some((_, first)) = seen.get(key).and_then(|&i| out.get(i)) {
                let first_span = first.key.span;
                let code = if allowed.is_none() {
                    "duplicate-service"
                } else {
                    "duplicate-key"
                };
                self.push(
                    Diagnostic::error(
                        code,
                        format!("`{key}` is defined twice in {what}"),
                        e.key.span,
                    )
                    .with_related(first_span, "first defined here"),
                );
                continue;
            }
            seen.insert(key, out.len());
            out.push((key, e));
        }
        out
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match (&node.kind, node.value()) {
            (NodeKind::Scalar(s), Some(v)) if !matches!(v, yaml::ScalarValue::Null) => {
                Some(s.text.to_string())
            }
            _ => {
                self.type_error(node, what, "a string");
                None
            }
        }
    }

    /// A string or a list of strings (null is an empty list).
    fn strings(&mut self, node: &Node, what: &str) -> Vec<Spanned<String>> {
        if node.is_null() {
            return Vec::new();
        }
        if let Some(items) = node.as_sequence() {
            return items
                .iter()
                .filter_map(|i| {
                    self.string(i, &format!("an entry of {what}"))
                        .map(|value| Spanned {
                            value,
                            span: i.span,
                        })
                })
                .collect();
        }
        if node.as_scalar().is_some() {
            return self
                .string(node, what)
                .map(|value| Spanned {
                    value,
                    span: node.span,
                })
                .into_iter()
                .collect();
        }
        self.type_error(node, what, "a string or a list of strings");
        Vec::new()
    }

    fn patterns(&mut self, node: &Node, what: &str) -> Vec<PatternRule> {
        let mut out = Vec::new();
        for s in self.strings(node, what) {
            match Pattern::parse(&s.value) {
                Ok(pattern) => out.push(PatternRule {
                    pattern,
                    span: s.span,
                }),
                Err(e) => {
                    let help = match e.code {
                        "glob-unsupported" => {
                            "see docs/changes.md, \"Glob semantics\", for what devplat translates"
                        }
                        _ => {
                            "globs use `*`, `**`, `?`, `[…]`, `{a,b}` and the extglobs `!(…)`, `@(…)`, `?(…)`, `+(…)`, `*(…)`"
                        }
                    };
                    self.push(
                        Diagnostic::error(
                            e.code,
                            format!("{what}: `{}`: {}", s.value, e.message),
                            s.span,
                        )
                        .with_help(help.to_owned()),
                    );
                }
            }
        }
        out
    }

    fn config(&mut self, root: &Node, file: FileId) -> Option<ServiceConfig> {
        if root.is_null() {
            self.error(
                "missing-key",
                "the config is empty; expected a mapping with `services`".to_owned(),
                root.span,
            );
            return None;
        }
        let entries = self.entries(root, "the config file", Some(TOP_LEVEL_KEYS), None);
        let mut global = Vec::new();
        let mut services = Vec::new();
        let mut saw_services = false;
        for (key, e) in entries {
            match key {
                "global" => global = self.patterns(&e.value, "`global`"),
                "services" => {
                    saw_services = true;
                    services = self.services(&e.value);
                }
                _ => {}
            }
        }
        if !saw_services && root.as_mapping().is_some() {
            self.error(
                "missing-key",
                "the config has no `services` mapping".to_owned(),
                root.span,
            );
        }
        let nodes: Vec<(&str, Vec<&str>)> = services
            .iter()
            .map(|s| {
                (
                    s.name.value.as_str(),
                    s.dependencies.iter().map(|d| d.value.as_str()).collect(),
                )
            })
            .collect();
        let graph = match DepGraph::build(&nodes) {
            Ok(g) => Some(g),
            Err(errors) => {
                for e in errors {
                    self.graph_error(&services, e);
                }
                None
            }
        };
        Some(ServiceConfig {
            file,
            global,
            services,
            graph: graph?,
        })
    }

    fn graph_error(&mut self, services: &[Service], e: GraphError) {
        let name = |i: usize| services.get(i).map_or("", |s| s.name.value.as_str());
        let name_span = |i: usize| services.get(i).map_or_else(Span::default, |s| s.name.span);
        let dep_span = |i: usize, k: usize| {
            services
                .get(i)
                .and_then(|s| s.dependencies.get(k))
                .map_or_else(|| name_span(i), |d| d.span)
        };
        match &e {
            GraphError::UnknownDependency {
                node,
                dep,
                name: dep_name,
                suggestion,
            } => {
                let hint = suggestion
                    .as_deref()
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                self.push(
                    Diagnostic::error(
                        e.code(),
                        format!(
                            "service `{}` depends on `{dep_name}`, which is not a service{hint}",
                            name(*node)
                        ),
                        dep_span(*node, *dep),
                    )
                    .with_help("dependencies name other services of this file".to_owned()),
                );
            }
            GraphError::SelfDependency { node, dep } => {
                self.push(
                    Diagnostic::error(
                        e.code(),
                        format!("service `{}` depends on itself", name(*node)),
                        dep_span(*node, *dep),
                    )
                    .with_help("remove it from its own `dependencies`".to_owned()),
                );
            }
            GraphError::DuplicateNode { node, first } => {
                let first_span = name_span(*first);
                self.push(
                    Diagnostic::error(
                        e.code(),
                        format!("service `{}` is defined twice", name(*node)),
                        name_span(*node),
                    )
                    .with_related(first_span, "first defined here"),
                );
            }
            GraphError::Cycle { members, path } => {
                let mut shown: Vec<&str> = path.iter().map(|&i| name(i)).collect();
                if let Some(first) = shown.first().copied() {
                    shown.push(first);
                }
                let member_names: Vec<&str> = members.iter().map(|&i| name(i)).collect();
                let first = path.first().copied().unwrap_or(0);
                // Each step of the cycle: the dependency entry that makes it.
                let mut related = Vec::new();
                for (k, &from) in path.iter().enumerate() {
                    let to = path
                        .get(k.saturating_add(1))
                        .or(path.first())
                        .copied()
                        .unwrap_or(from);
                    let pos = services.get(from).and_then(|s| {
                        s.dependencies
                            .iter()
                            .find(|d| d.value == name(to))
                            .map(|d| d.span)
                    });
                    if let Some(span) = pos {
                        related.push(crate::diag::Label {
                            span,
                            message: format!("`{}` depends on `{}` here", name(from), name(to)),
                        });
                    }
                }
                let mut d = Diagnostic::error(
                    e.code(),
                    format!(
                        "dependency cycle between {} services ({}): {}",
                        members.len(),
                        member_names.join(", "),
                        shown.join(" → ")
                    ),
                    name_span(first),
                );
                d.related = related;
                self.push(d.with_help(
                    "a deployment order needs an acyclic graph: remove one of these dependencies",
                ));
            }
        }
    }

    fn services(&mut self, node: &Node) -> Vec<Service> {
        let entries = self.entries(node, "`services`", None, None);
        let mut out = Vec::with_capacity(entries.len());
        for (name, e) in entries {
            if let Some(s) = self.service(name, e) {
                out.push(s);
            }
        }
        out
    }

    fn service(&mut self, name: &str, e: &yaml::Entry) -> Option<Service> {
        if name.is_empty() || name.trim() != name || name.chars().any(char::is_control) {
            self.error(
                "invalid-service-name",
                format!(
                    "service name {name:?} is empty or has control characters or surrounding spaces"
                ),
                e.key.span,
            );
            return None;
        }
        let what = format!("service `{name}`");
        let mut svc = Service {
            name: Spanned {
                value: name.to_owned(),
                span: e.key.span,
            },
            root: None,
            paths: Vec::new(),
            dependencies: Vec::new(),
            deployment_strategy: None,
            health_check: None,
            migration_scripts: Vec::new(),
            traffic_split: None,
            environment: None,
            with: IndexMap::new(),
        };
        if e.value.is_null() {
            return Some(svc);
        }
        let help = "custom keys go under `with:`, which is passed through to matrix entries";
        for (key, entry) in self.entries(&e.value, &what, Some(SERVICE_KEYS), Some(help)) {
            let v = &entry.value;
            match key {
                "paths" => svc.paths = self.patterns(v, &format!("`paths` of {what}")),
                "root" => svc.root = self.root(v, &what),
                "dependencies" => {
                    svc.dependencies = self.strings(v, &format!("`dependencies` of {what}"));
                }
                "deployment_strategy" => {
                    if let Some(s) = self.string(v, &format!("`deployment_strategy` of {what}")) {
                        match Strategy::parse(&s) {
                            Some(st) => {
                                svc.deployment_strategy = Some(Spanned {
                                    value: st,
                                    span: v.span,
                                });
                            }
                            None => {
                                let hint = did_you_mean(&s, Strategy::NAMES);
                                self.error(
                                    "invalid-value",
                                    format!(
                                        "unknown deployment_strategy `{s}`{hint}; expected one of: {}",
                                        Strategy::NAMES.join(", ")
                                    ),
                                    v.span,
                                );
                            }
                        }
                    }
                }
                "health_check" => {
                    svc.health_check = self.string(v, &format!("`health_check` of {what}"))
                }
                "environment" => {
                    svc.environment = self.string(v, &format!("`environment` of {what}"))
                }
                "migration_scripts" => {
                    svc.migration_scripts = self
                        .strings(v, &format!("`migration_scripts` of {what}"))
                        .into_iter()
                        .map(|s| s.value)
                        .collect();
                }
                "traffic_split" => svc.traffic_split = self.traffic_split(v, &what),
                "with" => svc.with = self.with(v, &what),
                _ => {}
            }
        }
        if let Some(ts) = &svc.traffic_split
            && svc.deployment_strategy.as_ref().map(|s| s.value) != Some(Strategy::Canary)
        {
            self.error(
                "invalid-traffic-split",
                format!("{what} has `traffic_split` but its deployment_strategy is not `canary`"),
                ts.span,
            );
        }
        Some(svc)
    }

    fn root(&mut self, v: &Node, what: &str) -> Option<Spanned<String>> {
        let s = self.string(v, &format!("`root` of {what}"))?;
        let trimmed = s.trim_start_matches("./").trim_end_matches('/').to_owned();
        if trimmed.is_empty()
            || trimmed.contains(['*', '?', '[', '{', '!', '\\'])
            || trimmed.starts_with('/')
        {
            self.push(Diagnostic::error(
                "invalid-root",
                format!("`root` of {what} must be a relative directory without glob characters, found `{s}`"),
                v.span,
            ).with_help("use `paths:` for globs".to_owned()));
            return None;
        }
        Some(Spanned {
            value: trimmed,
            span: v.span,
        })
    }

    fn traffic_split(&mut self, v: &Node, what: &str) -> Option<Spanned<Vec<u32>>> {
        let Some(items) = v.as_sequence() else {
            self.type_error(
                v,
                &format!("`traffic_split` of {what}"),
                "a list of percentages",
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match item.value() {
                Some(yaml::ScalarValue::Int(n)) if (1..=100).contains(&n) => {
                    let n = u32::try_from(n).unwrap_or(0);
                    if out.last().is_some_and(|&last| last >= n) {
                        ok = false;
                        self.error(
                            "invalid-traffic-split",
                            format!(
                                "`traffic_split` of {what} must increase, found {n} after {}",
                                out.last().copied().unwrap_or(0)
                            ),
                            item.span,
                        );
                    }
                    out.push(n);
                }
                _ => {
                    ok = false;
                    self.error(
                        "invalid-traffic-split",
                        format!("`traffic_split` of {what} holds whole percentages from 1 to 100, found `{}`", item.as_str().unwrap_or(item.type_name())),
                        item.span,
                    );
                }
            }
        }
        if out.is_empty() && ok {
            self.error(
                "invalid-traffic-split",
                format!("`traffic_split` of {what} is empty"),
                v.span,
            );
            return None;
        }
        ok.then_some(Spanned {
            value: out,
            span: v.span,
        })
    }

    fn with(&mut self, v: &Node, what: &str) -> IndexMap<String, Value> {
        let mut out = IndexMap::new();
        for (key, e) in self.entries(v, &format!("`with` of {what}"), None, None) {
            if RESERVED_WITH_KEYS.contains(&key) {
                self.push(
                    Diagnostic::error(
                        "reserved-key",
                        format!(
                            "`with.{key}` of {what} would overwrite the matrix field devplat writes"
                        ),
                        e.key.span,
                    )
                    .with_help(format!("rename it, or set `{key}` on the service itself")),
                );
                continue;
            }
            out.insert(key.to_owned(), e.value.to_json());
        }
        out
    }
}
