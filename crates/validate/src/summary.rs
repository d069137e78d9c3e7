//! What a caller needs to know about another file: the interface of a reusable workflow
//! (inputs, secrets, outputs, the workflows it calls, the permissions its jobs ask for)
//! and of an action (inputs, outputs, kind). Owned data, so rules can keep it.

use devplat_core::span::{FileId, Span};

use crate::engine::Loaded;
use crate::github::permissions::{Grant, Level};
use crate::syntax::{Node, NodeExt};

/// One declared input.
#[derive(Debug, Clone)]
pub struct InputDecl {
    pub name: String,
    /// `boolean`, `number`, `string`, … as written.
    pub ty: Option<String>,
    pub required: bool,
    pub has_default: bool,
    /// The input's key in the callee.
    pub span: Span,
    pub deprecated: bool,
}

/// One declared secret.
#[derive(Debug, Clone)]
pub struct SecretDecl {
    pub name: String,
    pub required: bool,
    pub span: Span,
}

/// The interface of a reusable workflow.
#[derive(Debug, Clone)]
pub struct WorkflowSummary {
    pub file: FileId,
    pub path: String,
    /// Whether the file could be read and parsed.
    pub parsed: bool,
    /// The `workflow_call` key, when the workflow is reusable.
    pub call_span: Option<Span>,
    /// The `on:` key (or the file start).
    pub on_span: Span,
    pub inputs: Vec<InputDecl>,
    pub secrets: Vec<SecretDecl>,
    pub outputs: Vec<(String, Span)>,
    /// Reusable workflows its jobs call: (uses, span of the value).
    pub calls: Vec<(String, Span)>,
    /// The workflow-level `permissions:`, parsed.
    pub permissions: Option<(Grant, Span)>,
    /// Each job's `permissions:`, parsed: (job id, grant, span).
    pub job_permissions: Vec<(String, Grant, Span)>,
}

/// Parse a `permissions:` value; `None` when it is not valid (the permissions rule
/// reports that) or is an expression.
pub fn grant_of(node: &Node) -> Option<Grant> {
    if let Some(text) = node.as_str() {
        return match text {
            "read-all" => Some(Grant::all(Level::Read)),
            "write-all" => Some(Grant::all(Level::Write)),
            _ => None,
        };
    }
    if node.is_null() {
        return None;
    }
    node.as_map()?;
    let mut g = Grant::all(Level::None);
    for (scope, _, value) in node.entries() {
        let level = Level::parse(value.text()?)?;
        g.set(scope, level);
    }
    Some(g)
}

impl WorkflowSummary {
    pub fn of(loaded: &Loaded) -> WorkflowSummary {
        let mut s = WorkflowSummary {
            file: loaded.file,
            path: loaded.path.clone(),
            parsed: false,
            call_span: None,
            on_span: Span::file_start(loaded.file),
            inputs: Vec::new(),
            secrets: Vec::new(),
            outputs: Vec::new(),
            calls: Vec::new(),
            permissions: None,
            job_permissions: Vec::new(),
        };
        let Some(root) = loaded.root() else {
            return s;
        };
        s.parsed = true;
        if let Some(k) = root.key_node("on") {
            s.on_span = k.site();
        }
        let on = root.get("on");
        let call = on.and_then(|on| {
            if on.as_map().is_some() {
                on.key_node("workflow_call").map(|k| (k, on.get("workflow_call")))
            } else {
                on.items_or_self()
                    .into_iter()
                    .find(|n| n.text() == Some("workflow_call"))
                    .map(|n| (n, None))
            }
        });
        if let Some((key, config)) = call {
            s.call_span = Some(key.site());
            if let Some(config) = config {
                for (name, k, def) in config.get("inputs").map(NodeExt::entries).unwrap_or_default() {
                    s.inputs.push(InputDecl {
                        name: name.to_owned(),
                        ty: def.get("type").and_then(NodeExt::text).map(str::to_owned),
                        required: def.get("required").and_then(NodeExt::bool_value).unwrap_or(false),
                        has_default: def.get("default").is_some_and(|d| !d.is_null()),
                        span: k.site(),
                        deprecated: false,
                    });
                }
                for (name, k, def) in config.get("secrets").map(NodeExt::entries).unwrap_or_default() {
                    s.secrets.push(SecretDecl {
                        name: name.to_owned(),
                        required: def.get("required").and_then(NodeExt::bool_value).unwrap_or(false),
                        span: k.site(),
                    });
                }
                for (name, k, _) in config.get("outputs").map(NodeExt::entries).unwrap_or_default() {
                    s.outputs.push((name.to_owned(), k.site()));
                }
            }
        }
        if let Some(p) = root.get("permissions") {
            if let Some(g) = grant_of(p) {
                s.permissions = Some((g, p.site()));
            }
        }
        for (id, _, job) in root.get("jobs").map(NodeExt::entries).unwrap_or_default() {
            if let Some(uses) = job.get("uses") {
                if let Some(t) = uses.text() {
                    s.calls.push((t.to_owned(), uses.site()));
                }
            }
            if let Some(p) = job.get("permissions") {
                if let Some(g) = grant_of(p) {
                    s.job_permissions.push((id.to_owned(), g, p.site()));
                }
            }
        }
        s
    }

    pub fn input(&self, name: &str) -> Option<&InputDecl> {
        self.inputs.iter().find(|i| i.name == name)
    }
}

/// The interface of an action.
#[derive(Debug, Clone)]
pub struct ActionSummary {
    pub file: FileId,
    pub path: String,
    pub parsed: bool,
    pub inputs: Vec<InputDecl>,
    pub outputs: Vec<String>,
    /// `runs.using` as written.
    pub using: Option<String>,
}

impl ActionSummary {
    pub fn of(loaded: &Loaded) -> ActionSummary {
        let mut s = ActionSummary {
            file: loaded.file,
            path: loaded.path.clone(),
            parsed: false,
            inputs: Vec::new(),
            outputs: Vec::new(),
            using: None,
        };
        let Some(root) = loaded.root() else {
            return s;
        };
        s.parsed = true;
        for (name, k, def) in root.get("inputs").map(NodeExt::entries).unwrap_or_default() {
            s.inputs.push(InputDecl {
                name: name.to_owned(),
                ty: None,
                // `required: 'true'` (a string) is common in the wild and GitHub reads it.
                required: def.get("required").is_some_and(|r| {
                    r.bool_value().unwrap_or_else(|| r.text().is_some_and(|t| t.eq_ignore_ascii_case("true")))
                }),
                has_default: def.get("default").is_some(),
                span: k.site(),
                deprecated: def.get("deprecationMessage").is_some(),
            });
        }
        for (name, _, _) in root.get("outputs").map(NodeExt::entries).unwrap_or_default() {
            s.outputs.push(name.to_owned());
        }
        s.using = root
            .get("runs")
            .and_then(|r| r.get("using"))
            .and_then(NodeExt::text)
            .map(str::to_owned);
        s
    }
}
