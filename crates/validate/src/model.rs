//! Typed, lenient views of a workflow and of an action metadata file.
//!
//! Built from the YAML tree without judging it: a value of the wrong shape is simply
//! absent here (the structure rules report it). Every field keeps its node, so every
//! finding keeps its position.

use crate::syntax::{Node, NodeExt};
use devplat_core::span::FileId;

/// One step of a job or of a composite action.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub index: usize,
    pub node: &'a Node,
    pub id: Option<&'a Node>,
    pub name: Option<&'a Node>,
    pub uses: Option<&'a Node>,
    pub run: Option<&'a Node>,
    pub shell: Option<&'a Node>,
    pub with: Option<&'a Node>,
    pub env: Option<&'a Node>,
    pub working_directory: Option<&'a Node>,
    pub if_: Option<&'a Node>,
}

impl<'a> Step<'a> {
    fn from_node(index: usize, node: &'a Node) -> Step<'a> {
        Step {
            index,
            node,
            id: node.get("id"),
            name: node.get("name"),
            uses: node.get("uses"),
            run: node.get("run"),
            shell: node.get("shell"),
            with: node.get("with"),
            env: node.get("env"),
            working_directory: node.get("working-directory"),
            if_: node.get("if"),
        }
    }

    /// The step id as written, if it is a plain string.
    pub fn id_str(&self) -> Option<&'a str> {
        self.id.and_then(NodeExt::text)
    }

    /// A name for messages: `step "Build"`, `step "build"` or `step 3`.
    pub fn label(&self) -> String {
        if let Some(id) = self.id_str() {
            format!("step \"{id}\"")
        } else if let Some(name) = self.name.and_then(NodeExt::text) {
            format!("step \"{name}\"")
        } else {
            format!("step {}", self.index.saturating_add(1))
        }
    }
}

fn steps_of(node: Option<&Node>) -> Vec<Step<'_>> {
    node.and_then(NodeExt::as_seq)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter(|(_, n)| n.as_map().is_some())
                .map(|(i, n)| Step::from_node(i, n))
                .collect()
        })
        .unwrap_or_default()
}

/// One job.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    pub id: &'a str,
    pub key: &'a Node,
    pub node: &'a Node,
    /// `needs:` entries: (job id, node).
    pub needs: Vec<(&'a str, &'a Node)>,
    pub steps: Vec<Step<'a>>,
    /// `uses:` of a job that calls a reusable workflow.
    pub uses: Option<&'a Node>,
    pub with: Option<&'a Node>,
    pub secrets: Option<&'a Node>,
    pub outputs: Option<&'a Node>,
    pub runs_on: Option<&'a Node>,
    pub matrix: Option<&'a Node>,
    pub permissions: Option<&'a Node>,
    pub env: Option<&'a Node>,
    pub if_: Option<&'a Node>,
    pub container: Option<&'a Node>,
    pub services: Option<&'a Node>,
    pub defaults_shell: Option<&'a Node>,
}

impl<'a> Job<'a> {
    fn from_entry(id: &'a str, key: &'a Node, node: &'a Node) -> Job<'a> {
        let needs = node
            .get("needs")
            .map(|n| {
                n.items_or_self()
                    .into_iter()
                    .filter_map(|item| item.text().map(|t| (t, item)))
                    .collect()
            })
            .unwrap_or_default();
        Job {
            id,
            key,
            node,
            needs,
            steps: steps_of(node.get("steps")),
            uses: node.get("uses"),
            with: node.get("with"),
            secrets: node.get("secrets"),
            outputs: node.get("outputs"),
            runs_on: node.get("runs-on"),
            matrix: node.get("strategy").and_then(|s| s.get("matrix")),
            permissions: node.get("permissions"),
            env: node.get("env"),
            if_: node.get("if"),
            container: node.get("container"),
            services: node.get("services"),
            defaults_shell: node
                .get("defaults")
                .and_then(|d| d.get("run"))
                .and_then(|r| r.get("shell")),
        }
    }
}

/// One event under `on:`.
#[derive(Debug, Clone)]
pub struct Trigger<'a> {
    pub event: &'a str,
    /// The node naming the event (a key, a list item or the `on:` value itself).
    pub name_node: &'a Node,
    /// Its configuration, when `on:` is a mapping.
    pub config: Option<&'a Node>,
}

/// A workflow file.
#[derive(Debug, Clone)]
pub struct Workflow<'a> {
    pub file: FileId,
    pub path: String,
    pub root: &'a Node,
    pub on: Option<&'a Node>,
    pub triggers: Vec<Trigger<'a>>,
    pub jobs: Vec<Job<'a>>,
    pub permissions: Option<&'a Node>,
    pub env: Option<&'a Node>,
    pub defaults_shell: Option<&'a Node>,
}

impl<'a> Workflow<'a> {
    pub fn build(file: FileId, path: &str, root: &'a Node) -> Workflow<'a> {
        let on = root.get("on");
        let mut triggers = Vec::new();
        if let Some(on) = on {
            if on.as_map().is_some() {
                for (event, key, config) in on.entries() {
                    triggers.push(Trigger {
                        event,
                        name_node: key,
                        config: Some(config),
                    });
                }
            } else {
                for item in on.items_or_self() {
                    if let Some(event) = item.text() {
                        triggers.push(Trigger {
                            event,
                            name_node: item,
                            config: None,
                        });
                    }
                }
            }
        }
        let jobs = root
            .get("jobs")
            .map(|j| {
                j.entries()
                    .into_iter()
                    .filter(|(_, _, v)| v.as_map().is_some())
                    .map(|(id, k, v)| Job::from_entry(id, k, v))
                    .collect()
            })
            .unwrap_or_default();
        Workflow {
            file,
            path: path.to_owned(),
            root,
            on,
            triggers,
            jobs,
            permissions: root.get("permissions"),
            env: root.get("env"),
            defaults_shell: root
                .get("defaults")
                .and_then(|d| d.get("run"))
                .and_then(|r| r.get("shell")),
        }
    }

    pub fn trigger(&self, event: &str) -> Option<&Trigger<'a>> {
        self.triggers.iter().find(|t| t.event == event)
    }

    pub fn has_trigger(&self, event: &str) -> bool {
        self.trigger(event).is_some()
    }

    pub fn job(&self, id: &str) -> Option<&Job<'a>> {
        self.jobs.iter().find(|j| j.id == id)
    }

    /// `on.workflow_call`'s configuration node, if the workflow is reusable.
    pub fn workflow_call(&self) -> Option<&'a Node> {
        self.trigger("workflow_call").and_then(|t| t.config)
    }

    /// Declared inputs (`on.workflow_call.inputs` and `on.workflow_dispatch.inputs`):
    /// (name, definition node).
    pub fn declared_inputs(&self) -> Vec<(&'a str, &'a Node)> {
        let mut out = Vec::new();
        for event in ["workflow_call", "workflow_dispatch"] {
            if let Some(inputs) = self
                .trigger(event)
                .and_then(|t| t.config)
                .and_then(|c| c.get("inputs"))
            {
                for (name, _, def) in inputs.entries() {
                    out.push((name, def));
                }
            }
        }
        out
    }
}

/// What kind of action an `action.yml` describes (`runs.using`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Composite,
    Docker,
    Node,
    Unknown,
}

/// An action metadata file.
#[derive(Debug, Clone)]
pub struct Action<'a> {
    pub file: FileId,
    pub path: String,
    pub root: &'a Node,
    pub runs: Option<&'a Node>,
    pub using: Option<&'a Node>,
    pub kind: ActionKind,
    pub inputs: Vec<(&'a str, &'a Node, &'a Node)>,
    pub outputs: Vec<(&'a str, &'a Node, &'a Node)>,
    pub steps: Vec<Step<'a>>,
}

impl<'a> Action<'a> {
    pub fn build(file: FileId, path: &str, root: &'a Node) -> Action<'a> {
        let runs = root.get("runs");
        let using = runs.and_then(|r| r.get("using"));
        let kind = match using.and_then(NodeExt::text) {
            Some("composite") => ActionKind::Composite,
            Some("docker") => ActionKind::Docker,
            Some(u) if u.starts_with("node") => ActionKind::Node,
            _ => ActionKind::Unknown,
        };
        Action {
            file,
            path: path.to_owned(),
            root,
            runs,
            using,
            kind,
            inputs: root.get("inputs").map(NodeExt::entries).unwrap_or_default(),
            outputs: root.get("outputs").map(NodeExt::entries).unwrap_or_default(),
            steps: if kind == ActionKind::Composite {
                steps_of(runs.and_then(|r| r.get("steps")))
            } else {
                Vec::new()
            },
        }
    }
}
