//! The shape of workflow and action files, as data, and one walk over a file that
//! checks it.
//!
//! The walk does two things in a single pass: it records structural findings
//! ([`Structural`]: unknown or missing keys, wrong types, duplicates, merge keys, …),
//! which the structure rules turn into diagnostics, and it records every scalar holding
//! a `${{ }}` with the context-availability row that applies there ([`ExprSite`]),
//! which the expression rules check. Keys that the typed rules own in full (`on`,
//! `permissions`, `strategy.matrix` values) are walked only for expressions.

use crate::syntax::{Node, NodeExt, NodeKind, YamlType, has_expression, is_whole_expression};
use devplat_core::span::Span;

/// Which context-availability row applies to the values under a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// The parent's row.
    Inherit,
    /// A row of [`crate::github::contexts::TABLE`].
    Row(&'static str),
    /// No expression is allowed here.
    Literal,
}

/// What a value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Anything (still walked for expressions, duplicates and merge keys).
    Any,
    /// Any scalar (strings, numbers and booleans all read as strings).
    Scalar,
    /// A string; numbers and booleans are accepted (GitHub reads them as strings).
    Str,
    Bool,
    Number,
    /// One of these strings.
    Enum(&'static [&'static str]),
    Map(&'static MapShape),
    Seq(&'static Shape),
    /// The first alternative whose YAML kind (scalar, sequence, mapping) matches.
    OneOf(&'static [Shape]),
    /// A job: a reusable-workflow call when it has `uses`, else a normal job.
    Job,
    /// `on:` — owned by the trigger rules; walked for expressions only.
    On,
    /// Owned by a typed rule; walked for expressions only.
    Owned,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub shape: Shape,
    pub required: bool,
    pub ctx: Ctx,
}

#[derive(Debug, Clone, Copy)]
pub struct MapShape {
    /// What this mapping is, for messages ("job", "step", "container").
    pub what: &'static str,
    pub fields: &'static [Field],
    /// The shape of keys not in `fields`; `None` makes them unknown keys.
    pub extra: Option<&'static Shape>,
    pub extra_ctx: Ctx,
    /// An empty mapping is an error (`jobs: {}`).
    pub non_empty: bool,
    /// Why a key is not allowed, for keys a reader may expect here (`runs-on` on a job
    /// that calls a reusable workflow).
    pub hint: Option<&'static str>,
    /// GitHub ignores keys it does not know here (action input and output
    /// definitions): an unknown key is a warning, not an error.
    pub ignores_unknown: bool,
}

const fn f(key: &'static str, shape: Shape, ctx: Ctx) -> Field {
    Field {
        key,
        shape,
        required: false,
        ctx,
    }
}

const fn req(key: &'static str, shape: Shape, ctx: Ctx) -> Field {
    Field {
        key,
        shape,
        required: true,
        ctx,
    }
}

const fn map(what: &'static str, fields: &'static [Field]) -> MapShape {
    MapShape {
        what,
        fields,
        extra: None,
        extra_ctx: Ctx::Inherit,
        non_empty: false,
        hint: None,
        ignores_unknown: false,
    }
}

const fn map_of(what: &'static str, extra: &'static Shape, ctx: Ctx) -> MapShape {
    MapShape {
        what,
        fields: &[],
        extra: Some(extra),
        extra_ctx: ctx,
        non_empty: false,
        hint: None,
        ignores_unknown: false,
    }
}

use Ctx::{Inherit, Literal, Row};

const STR_LIST: Shape = Shape::OneOf(&[Shape::Str, Shape::Seq(&Shape::Str)]);
static ENV_MAP: MapShape = map_of("env", &Shape::Scalar, Inherit);
const ENV: Shape = Shape::OneOf(&[Shape::Map(&ENV_MAP), Shape::Str]);

static DEFAULTS_RUN: MapShape = map(
    "defaults.run",
    &[
        f("shell", Shape::Str, Inherit),
        f("working-directory", Shape::Str, Inherit),
    ],
);
static DEFAULTS_MAP: MapShape = map("defaults", &[f("run", Shape::Map(&DEFAULTS_RUN), Inherit)]);
const DEFAULTS: Shape = Shape::Map(&DEFAULTS_MAP);

static CONCURRENCY_MAP: MapShape = map(
    "concurrency",
    &[
        req("group", Shape::Str, Inherit),
        f("cancel-in-progress", Shape::Bool, Inherit),
        f("queue", Shape::Scalar, Inherit),
    ],
);
const CONCURRENCY: Shape = Shape::OneOf(&[Shape::Str, Shape::Map(&CONCURRENCY_MAP)]);

static WORKFLOW_MAP: MapShape = map(
    "workflow",
    &[
        f("name", Shape::Str, Literal),
        f("description", Shape::Str, Literal),
        f("run-name", Shape::Str, Row("run-name")),
        req("on", Shape::On, Literal),
        f("permissions", Shape::Owned, Literal),
        f("env", ENV, Row("env")),
        f("defaults", DEFAULTS, Row("defaults.run")),
        f("concurrency", CONCURRENCY, Row("concurrency")),
        req("jobs", Shape::Map(&JOBS_MAP), Literal),
    ],
);
static JOBS_MAP: MapShape = MapShape {
    what: "jobs",
    fields: &[],
    extra: Some(&Shape::Job),
    extra_ctx: Literal,
    non_empty: true,
    hint: None,
    ignores_unknown: false,
};

static RUNS_ON_MAP: MapShape = map(
    "runs-on",
    &[
        f("group", Shape::Str, Inherit),
        f("labels", STR_LIST, Inherit),
    ],
);
const RUNS_ON: Shape = Shape::OneOf(&[
    Shape::Str,
    Shape::Seq(&Shape::Str),
    Shape::Map(&RUNS_ON_MAP),
]);

static ENVIRONMENT_MAP: MapShape = map(
    "environment",
    &[
        req("name", Shape::Str, Inherit),
        f("url", Shape::Str, Row("jobs.*.environment.url")),
        f("deployment", Shape::Bool, Inherit),
    ],
);
const ENVIRONMENT: Shape = Shape::OneOf(&[Shape::Str, Shape::Map(&ENVIRONMENT_MAP)]);

static SNAPSHOT_MAP: MapShape = map(
    "snapshot",
    &[
        req("image-name", Shape::Str, Inherit),
        f("version", Shape::Str, Inherit),
        f("if", Shape::Scalar, Inherit),
    ],
);
const SNAPSHOT: Shape = Shape::OneOf(&[Shape::Str, Shape::Map(&SNAPSHOT_MAP)]);

static CREDENTIALS_MAP: MapShape = map(
    "credentials",
    &[
        f("username", Shape::Str, Inherit),
        f("password", Shape::Str, Inherit),
    ],
);
const CREDENTIALS: Shape = Shape::OneOf(&[Shape::Map(&CREDENTIALS_MAP), Shape::Str]);

static CONTAINER_MAP: MapShape = map(
    "container",
    &[
        req("image", Shape::Str, Row("jobs.*.container.image")),
        f(
            "credentials",
            CREDENTIALS,
            Row("jobs.*.container.credentials"),
        ),
        f("env", ENV, Row("jobs.*.container.env.*")),
        f("ports", Shape::Seq(&Shape::Scalar), Inherit),
        f("volumes", Shape::Seq(&Shape::Str), Inherit),
        f("options", Shape::Str, Inherit),
    ],
);
const CONTAINER: Shape = Shape::OneOf(&[Shape::Str, Shape::Map(&CONTAINER_MAP)]);

static SERVICE_MAP: MapShape = map(
    "service",
    &[
        req("image", Shape::Str, Inherit),
        f(
            "credentials",
            CREDENTIALS,
            Row("jobs.*.services.*.credentials"),
        ),
        f("env", ENV, Row("jobs.*.services.*.env.*")),
        f("ports", Shape::Seq(&Shape::Scalar), Inherit),
        f("volumes", Shape::Seq(&Shape::Str), Inherit),
        f("options", Shape::Str, Inherit),
        f("command", Shape::Str, Inherit),
        f("entrypoint", Shape::Str, Inherit),
    ],
);
const SERVICE: Shape = Shape::OneOf(&[Shape::Str, Shape::Map(&SERVICE_MAP)]);
static SERVICES_MAP: MapShape = map_of("services", &SERVICE, Inherit);

static STRATEGY_MAP: MapShape = map(
    "strategy",
    &[
        f(
            "matrix",
            Shape::OneOf(&[Shape::Str, Shape::Map(&MATRIX_MAP)]),
            Inherit,
        ),
        f("fail-fast", Shape::Bool, Inherit),
        f("max-parallel", Shape::Number, Inherit),
    ],
);
static MATRIX_MAP: MapShape = MapShape {
    what: "matrix",
    fields: &[
        f(
            "include",
            Shape::OneOf(&[Shape::Str, Shape::Seq(&MATRIX_COMBINATION)]),
            Inherit,
        ),
        f(
            "exclude",
            Shape::OneOf(&[Shape::Str, Shape::Seq(&MATRIX_COMBINATION)]),
            Inherit,
        ),
    ],
    extra: Some(&Shape::OneOf(&[Shape::Str, Shape::Seq(&Shape::Any)])),
    extra_ctx: Inherit,
    non_empty: false,
    hint: None,
    ignores_unknown: false,
};
const MATRIX_COMBINATION: Shape = Shape::OneOf(&[Shape::Str, Shape::Map(&ANY_MAP)]);
static ANY_MAP: MapShape = map_of("mapping", &Shape::Any, Inherit);

const STEP_FIELDS_COMMON: [Field; 10] = [
    f("id", Shape::Str, Literal),
    f("if", Shape::Scalar, Row("jobs.*.steps.if")),
    f("name", Shape::Str, Row("jobs.*.steps.name")),
    f("uses", Shape::Str, Literal),
    f("run", Shape::Str, Row("jobs.*.steps.run")),
    f(
        "working-directory",
        Shape::Str,
        Row("jobs.*.steps.working-directory"),
    ),
    f("shell", Shape::Str, Row("jobs.*.steps.shell")),
    f("with", STEP_WITH, Row("jobs.*.steps.with")),
    f("env", ENV, Row("jobs.*.steps.env")),
    f(
        "continue-on-error",
        Shape::Bool,
        Row("jobs.*.steps.continue-on-error"),
    ),
];
static WITH_MAP: MapShape = map_of("with", &Shape::Scalar, Inherit);
static STEP_WITH_ALTS: [Shape; 2] = [Shape::Map(&WITH_MAP), Shape::Str];
const STEP_WITH: Shape = Shape::OneOf(&STEP_WITH_ALTS);

static STEP_MAP: MapShape = map(
    "step",
    &[
        STEP_FIELDS_COMMON[0],
        STEP_FIELDS_COMMON[1],
        STEP_FIELDS_COMMON[2],
        STEP_FIELDS_COMMON[3],
        STEP_FIELDS_COMMON[4],
        STEP_FIELDS_COMMON[5],
        STEP_FIELDS_COMMON[6],
        STEP_FIELDS_COMMON[7],
        STEP_FIELDS_COMMON[8],
        STEP_FIELDS_COMMON[9],
        f(
            "timeout-minutes",
            Shape::Number,
            Row("jobs.*.steps.timeout-minutes"),
        ),
        // Background steps (preview): `background`, `wait`, `wait-all`, `cancel`.
        f("background", Shape::Bool, Literal),
        f("wait", STR_LIST, Literal),
        f("wait-all", Shape::Any, Literal),
        f("cancel", STR_LIST, Literal),
        // `parallel:` (same preview): a group of steps that run at the same time.
        f("parallel", Shape::Seq(&STEP), Inherit),
    ],
);
static STEP: Shape = Shape::Map(&STEP_MAP);

static JOB_MAP: MapShape = map(
    "job",
    &[
        f("name", Shape::Str, Row("jobs.*.name")),
        f("permissions", Shape::Owned, Literal),
        f("needs", STR_LIST, Literal),
        f("if", Shape::Scalar, Row("jobs.*.if")),
        req("runs-on", RUNS_ON, Row("jobs.*.runs-on")),
        f("snapshot", SNAPSHOT, Row("jobs.*.snapshot")),
        f("environment", ENVIRONMENT, Row("jobs.*.environment")),
        f("concurrency", CONCURRENCY, Row("jobs.*.concurrency")),
        f("outputs", Shape::Map(&OUTPUTS_MAP), Row("jobs.*.outputs.*")),
        f("env", ENV, Row("jobs.*.env")),
        f("defaults", DEFAULTS, Row("jobs.*.defaults.run")),
        f("steps", Shape::Seq(&Shape::Map(&STEP_MAP)), Inherit),
        f(
            "timeout-minutes",
            Shape::Number,
            Row("jobs.*.timeout-minutes"),
        ),
        f(
            "cancel-timeout-minutes",
            Shape::Number,
            Row("jobs.*.timeout-minutes"),
        ),
        f(
            "strategy",
            Shape::Map(&STRATEGY_MAP),
            Row("jobs.*.strategy"),
        ),
        f(
            "continue-on-error",
            Shape::Bool,
            Row("jobs.*.continue-on-error"),
        ),
        f("container", CONTAINER, Row("jobs.*.container")),
        f(
            "services",
            Shape::Map(&SERVICES_MAP),
            Row("jobs.*.services"),
        ),
    ],
);
static OUTPUTS_MAP: MapShape = map_of("outputs", &Shape::Str, Inherit);

static CALL_JOB_MAP: MapShape = MapShape {
    what: "job that calls a reusable workflow",
    fields: &[
        f("name", Shape::Str, Row("jobs.*.name")),
        req("uses", Shape::Str, Literal),
        f("with", Shape::Map(&CALL_WITH_MAP), Row("jobs.*.with.*")),
        f(
            "secrets",
            Shape::OneOf(&[Shape::Enum(&["inherit"]), Shape::Map(&CALL_SECRETS_MAP)]),
            Row("jobs.*.secrets.*"),
        ),
        f(
            "strategy",
            Shape::Map(&STRATEGY_MAP),
            Row("jobs.*.strategy"),
        ),
        f("needs", STR_LIST, Literal),
        f("if", Shape::Scalar, Row("jobs.*.if")),
        f("concurrency", CONCURRENCY, Row("jobs.*.concurrency")),
        f("permissions", Shape::Owned, Literal),
    ],
    extra: None,
    extra_ctx: Inherit,
    non_empty: false,
    hint: Some(
        "a job that calls a reusable workflow (`uses:`) runs the callee's jobs: it takes only name, uses, with, secrets, strategy, needs, if, concurrency and permissions",
    ),
    ignores_unknown: false,
};
static CALL_WITH_MAP: MapShape = map_of("with", &Shape::Scalar, Inherit);
static CALL_SECRETS_MAP: MapShape = map_of("secrets", &Shape::Str, Inherit);

/// The shape of a workflow file.
pub const WORKFLOW: Shape = Shape::Map(&WORKFLOW_MAP);

// ---- action metadata (action.yml) ----

static ACTION_MAP: MapShape = map(
    "action",
    &[
        f("name", Shape::Str, Literal),
        f("author", Shape::Str, Literal),
        f("description", Shape::Str, Literal),
        f("inputs", Shape::Map(&ACTION_INPUTS_MAP), Literal),
        f("outputs", Shape::Map(&ACTION_OUTPUTS_MAP), Literal),
        req("runs", Shape::Map(&RUNS_MAP), Row("runs.*")),
        f("branding", Shape::Map(&BRANDING_MAP), Literal),
    ],
);
static ACTION_INPUTS_MAP: MapShape = map_of("inputs", &Shape::Map(&ACTION_INPUT_MAP), Literal);
// The runner ignores other keys of an input or output definition (real actions write
// `type: string`, seen in tox-dev's reusable-tox hooks): a warning, since a misspelt
// `required` silently makes the input optional.
static ACTION_INPUT_MAP: MapShape = MapShape {
    ignores_unknown: true,
    ..map(
        "action input",
        &[
            f("description", Shape::Str, Literal),
            f("required", Shape::Bool, Literal),
            f("default", Shape::Scalar, Row("inputs.*.default")),
            f("deprecationMessage", Shape::Str, Literal),
        ],
    )
};
static ACTION_OUTPUTS_MAP: MapShape = map_of("outputs", &Shape::Map(&ACTION_OUTPUT_MAP), Literal);
static ACTION_OUTPUT_MAP: MapShape = MapShape {
    ignores_unknown: true,
    ..map(
        "action output",
        &[
            f("description", Shape::Str, Literal),
            f("value", Shape::Str, Row("outputs.*.value")),
        ],
    )
};
static BRANDING_MAP: MapShape = map(
    "branding",
    &[
        f("icon", Shape::Str, Literal),
        f("color", Shape::Str, Literal),
    ],
);
static RUNS_MAP: MapShape = map(
    "runs",
    &[
        req("using", Shape::Str, Literal),
        f("main", Shape::Str, Literal),
        f("pre", Shape::Str, Literal),
        f("post", Shape::Str, Literal),
        f("pre-if", Shape::Scalar, Inherit),
        f("post-if", Shape::Scalar, Inherit),
        f("image", Shape::Str, Literal),
        f("entrypoint", Shape::Str, Inherit),
        f("pre-entrypoint", Shape::Str, Inherit),
        f("post-entrypoint", Shape::Str, Inherit),
        f("args", Shape::Seq(&Shape::Scalar), Inherit),
        f("env", ENV, Inherit),
        f(
            "steps",
            Shape::Seq(&Shape::Map(&COMPOSITE_STEP_MAP)),
            Row("runs.steps.*"),
        ),
    ],
);
static COMPOSITE_STEP_MAP: MapShape = MapShape {
    what: "composite action step",
    fields: &[
        f("id", Shape::Str, Literal),
        f("if", Shape::Scalar, Inherit),
        f("name", Shape::Str, Inherit),
        f("uses", Shape::Str, Literal),
        f("run", Shape::Str, Inherit),
        f("working-directory", Shape::Str, Inherit),
        f("shell", Shape::Str, Inherit),
        f("with", STEP_WITH, Inherit),
        f("env", ENV, Inherit),
        f("continue-on-error", Shape::Bool, Inherit),
    ],
    extra: None,
    extra_ctx: Inherit,
    non_empty: false,
    hint: Some(
        "composite action steps take id, if, name, uses, run, working-directory, shell, with, env and continue-on-error",
    ),
    ignores_unknown: false,
};

/// The shape of an action metadata file.
pub const ACTION: Shape = Shape::Map(&ACTION_MAP);

// ---- the walk ----

/// One structural finding.
#[derive(Debug, Clone)]
pub enum Structural<'a> {
    UnknownKey {
        key: &'a Node,
        name: String,
        what: &'static str,
        expected: Vec<&'static str>,
        hint: Option<&'static str>,
        /// GitHub ignores the key (see [`MapShape::ignores_unknown`]).
        ignored: bool,
    },
    MissingKey {
        /// The mapping that lacks the key.
        at: &'a Node,
        key: &'static str,
        what: &'static str,
        /// Another key of the mapping is closest to this one (`runs-onn`): the unknown
        /// key's finding already suggests it.
        misspelled: bool,
    },
    WrongType {
        node: &'a Node,
        path: String,
        expected: String,
    },
    InvalidValue {
        node: &'a Node,
        path: String,
        expected: &'static [&'static str],
    },
    DuplicateKey {
        first: &'a Node,
        again: &'a Node,
        name: String,
    },
    EmptyMapping {
        node: &'a Node,
        path: String,
        what: &'static str,
    },
    MergeKey {
        key: &'a Node,
    },
    /// `${{ }}` where GitHub evaluates no expression (a key, `uses`, `id`, `needs`, …).
    ExpressionNotAllowed {
        node: &'a Node,
        path: String,
    },
    /// A YAML tag (`!!bool`, `!custom`) on a value: GitHub rejects explicit tags.
    Tag {
        node: &'a Node,
        tag: String,
    },
}

/// A scalar that holds `${{ }}`, with the availability row that applies.
#[derive(Debug, Clone)]
pub struct ExprSite<'a> {
    pub node: &'a Node,
    /// The availability row (`jobs.*.steps.run`).
    pub row: &'static str,
    /// Where in the file, for messages (`jobs.build.steps[0].run`).
    pub path: String,
    /// The key this value belongs to (`run`, `if`, `FOO` under `env`).
    pub key: String,
    /// An `if:` condition written without `${{ }}` (the whole value is the expression).
    pub bare_if: bool,
}

/// Everything one walk found.
#[derive(Debug, Default)]
pub struct Walk<'a> {
    pub structural: Vec<Structural<'a>>,
    pub expressions: Vec<ExprSite<'a>>,
}

/// Walk `root` against `shape`.
pub fn walk<'a>(root: &'a Node, shape: &Shape) -> Walk<'a> {
    let mut w = Walk::default();
    visit(&mut w, root, shape, Literal, &Path::ROOT, "");
    w
}

/// Where the walk is (`jobs.build.steps[0].run`), kept as a chain of stack frames and
/// written out only for a finding or an expression site: most nodes need neither, and
/// a string per node was a third of the walk's time.
#[derive(Clone, Copy)]
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    seg: Seg<'p>,
}

#[derive(Clone, Copy)]
enum Seg<'p> {
    Root,
    Key(&'p str),
    Index(usize),
}

impl<'p> Path<'p> {
    const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    fn key(&'p self, key: &'p str) -> Path<'p> {
        Path {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    fn index(&'p self, i: usize) -> Path<'p> {
        Path {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        if let Some(p) = self.parent {
            p.write(out);
        }
        match self.seg {
            Seg::Root => {}
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                use std::fmt::Write as _;
                let _ = write!(out, "[{i}]");
            }
        }
    }

    /// Whether the path is written as `""` (the document root).
    fn is_empty(&self) -> bool {
        match self.seg {
            Seg::Root => self.parent.is_none_or(Path::is_empty),
            Seg::Key(k) => k.is_empty() && self.parent.is_none_or(Path::is_empty),
            Seg::Index(_) => false,
        }
    }
}

fn type_name(shape: &Shape) -> String {
    match shape {
        Shape::Any | Shape::Owned | Shape::On => "any value".to_owned(),
        Shape::Scalar => "a scalar".to_owned(),
        Shape::Str => "a string".to_owned(),
        Shape::Bool => "a boolean".to_owned(),
        Shape::Number => "a number".to_owned(),
        Shape::Enum(vals) => format!("one of {}", quote_list(vals)),
        Shape::Map(m) => format!("a mapping ({})", m.what),
        Shape::Job => "a mapping (job)".to_owned(),
        Shape::Seq(inner) => format!("a sequence of {}", plural(inner)),
        Shape::OneOf(alts) => {
            let names: Vec<String> = alts.iter().map(type_name).collect();
            names.join(" or ")
        }
    }
}

fn plural(shape: &Shape) -> String {
    match shape {
        Shape::Str => "strings".to_owned(),
        Shape::Scalar => "scalars".to_owned(),
        Shape::Map(m) => format!("mappings ({})", m.what),
        other => type_name(other),
    }
}

/// `"a", "b" or "c"`.
pub fn quote_list(vals: &[&str]) -> String {
    let quoted: Vec<String> = vals.iter().map(|v| format!("\"{v}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn kind_matches(shape: &Shape, node: &Node) -> bool {
    match shape {
        Shape::Any | Shape::Owned | Shape::On => true,
        Shape::Scalar | Shape::Str | Shape::Bool | Shape::Number | Shape::Enum(_) => {
            matches!(node.kind, NodeKind::Scalar(_))
        }
        Shape::Map(_) | Shape::Job => matches!(node.kind, NodeKind::Mapping(_)),
        Shape::Seq(_) => matches!(node.kind, NodeKind::Sequence(_)),
        Shape::OneOf(alts) => alts.iter().any(|a| kind_matches(a, node)),
    }
}

fn record_scalar<'a>(
    w: &mut Walk<'a>,
    node: &'a Node,
    ctx: Ctx,
    path: &Path<'_>,
    key: &str,
) -> bool {
    let Some(text) = node.text() else {
        return false;
    };
    if !has_expression(text) {
        // `if:` conditions are expressions even without `${{ }}`.
        if let (Row(row), "if") = (ctx, key)
            && node.as_string().is_some_and(|t| !t.trim().is_empty())
        {
            w.expressions.push(ExprSite {
                node,
                row,
                path: path.render(),
                key: key.to_owned(),
                bare_if: true,
            });
        }
        return false;
    }
    match ctx {
        Row(row) => w.expressions.push(ExprSite {
            node,
            row,
            path: path.render(),
            key: key.to_owned(),
            bare_if: false,
        }),
        Literal | Inherit => w.structural.push(Structural::ExpressionNotAllowed {
            node,
            path: path.render(),
        }),
    }
    true
}

fn visit<'a>(
    w: &mut Walk<'a>,
    node: &'a Node,
    shape: &Shape,
    ctx: Ctx,
    path: &Path<'_>,
    key: &str,
) {
    // The core-schema tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, and the
    // collection tags) are accepted by GitHub; any other tag is not.
    if let Some(tag) = node.tag.as_ref().filter(|t| {
        let full = format!("{}{}", t.handle, t.suffix);
        let full = full.trim_start_matches('!');
        !["str", "int", "float", "bool", "null", "map", "seq"]
            .iter()
            .any(|c| full == format!("{}{c}", devplat_core::yaml::CORE_TAG_HANDLE))
    }) {
        w.structural.push(Structural::Tag {
            node,
            tag: tag.to_string(),
        });
    }
    match shape {
        Shape::Any | Shape::Owned => visit_any(w, node, ctx, path, key),
        Shape::On => visit_on(w, node, path),
        Shape::Scalar | Shape::Str => {
            if !record_scalar(w, node, ctx, path, key) && !matches!(node.kind, NodeKind::Scalar(_))
            {
                w.structural.push(Structural::WrongType {
                    node,
                    path: path.render(),
                    expected: type_name(shape),
                });
                visit_any(w, node, ctx, path, key);
            }
        }
        Shape::Bool | Shape::Number => {
            let text_expr = node.text().is_some_and(has_expression);
            if text_expr {
                record_scalar(w, node, ctx, path, key);
                if !node.text().is_some_and(is_whole_expression) {
                    w.structural.push(Structural::WrongType {
                        node,
                        path: path.render(),
                        expected: format!(
                            "{} or one whole `${{{{ }}}}` expression",
                            type_name(shape)
                        ),
                    });
                }
                return;
            }
            let ok = matches!(
                (shape, node.yaml_type()),
                (Shape::Bool, YamlType::Boolean) | (Shape::Number, YamlType::Number)
            );
            if !ok {
                w.structural.push(Structural::WrongType {
                    node,
                    path: path.render(),
                    expected: type_name(shape),
                });
                visit_any(w, node, ctx, path, key);
            }
        }
        Shape::Enum(vals) => {
            if record_scalar(w, node, ctx, path, key) {
                return;
            }
            match node.text() {
                Some(t) if vals.contains(&t) => {}
                Some(_) => w.structural.push(Structural::InvalidValue {
                    node,
                    path: path.render(),
                    expected: vals,
                }),
                None => {
                    w.structural.push(Structural::WrongType {
                        node,
                        path: path.render(),
                        expected: type_name(shape),
                    });
                    visit_any(w, node, ctx, path, key);
                }
            }
        }
        Shape::Seq(inner) => match &node.kind {
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    visit(w, item, inner, ctx, &path.index(i), key);
                }
            }
            _ => {
                if !record_scalar(w, node, ctx, path, key)
                    || !node.text().is_some_and(is_whole_expression)
                {
                    w.structural.push(Structural::WrongType {
                        node,
                        path: path.render(),
                        expected: type_name(shape),
                    });
                }
            }
        },
        Shape::Map(m) => visit_map(w, node, m, ctx, path, key),
        Shape::Job => {
            let shape = if node.get("uses").is_some() {
                &CALL_JOB_MAP
            } else {
                &JOB_MAP
            };
            visit_map(w, node, shape, ctx, path, key);
        }
        Shape::OneOf(alts) => {
            // A whole-value expression may stand for any alternative.
            if node.text().is_some_and(has_expression)
                && (alts.iter().any(|a| matches!(a, Shape::Str | Shape::Scalar))
                    || node.text().is_some_and(is_whole_expression))
            {
                record_scalar(w, node, ctx, path, key);
                return;
            }
            match alts.iter().find(|a| kind_matches(a, node)) {
                Some(alt) => visit(w, node, alt, ctx, path, key),
                None => {
                    w.structural.push(Structural::WrongType {
                        node,
                        path: path.render(),
                        expected: type_name(shape),
                    });
                    visit_any(w, node, ctx, path, key);
                }
            }
        }
    }
}

type Entries<'a> = [(&'a str, &'a Node, &'a Node)];

/// Duplicates, merge keys and expressions among a mapping's keys. GitHub evaluates a
/// `${{ }}` key where the mapping's values take expressions (`env`, `with`, …: seen in
/// instructor's CI, `${{ matrix.provider.env_key }}: ${{ secrets[…] }}`), and rejects
/// one anywhere else.
fn check_keys<'a>(w: &mut Walk<'a>, entries: &Entries<'a>, ctx: Ctx, path: &Path<'_>) {
    for (i, (name, k, _)) in entries.iter().enumerate() {
        if *name == "<<"
            && k.as_scalar()
                .is_some_and(|s| s.style == crate::syntax::ScalarStyle::Plain)
        {
            w.structural.push(Structural::MergeKey { key: k });
        }
        if let Some((_, first, _)) = entries.iter().take(i).find(|(n, _, _)| n == name) {
            w.structural.push(Structural::DuplicateKey {
                first,
                again: k,
                name: (*name).to_owned(),
            });
        }
        // `${{ insert }}` splices a mapping in (GitHub's template insertion).
        let is_insert = k.text().is_some_and(|t| t.trim() == "${{ insert }}");
        if k.text().is_some_and(has_expression) && !is_insert {
            match ctx {
                Row(row) => w.expressions.push(ExprSite {
                    node: k,
                    row,
                    path: path.render(),
                    key: (*name).to_owned(),
                    bare_if: false,
                }),
                Literal | Inherit => w.structural.push(Structural::ExpressionNotAllowed {
                    node: k,
                    path: path_of_key(name),
                }),
            }
        } else if !matches!(k.kind, NodeKind::Scalar(_)) {
            w.structural.push(Structural::WrongType {
                node: k,
                path: "mapping key".to_owned(),
                expected: "a string key".to_owned(),
            });
        }
    }
}

fn path_of_key(name: &str) -> String {
    format!("the key \"{name}\"")
}

fn visit_any<'a>(w: &mut Walk<'a>, node: &'a Node, ctx: Ctx, path: &Path<'_>, key: &str) {
    match &node.kind {
        NodeKind::Scalar(_) => {
            record_scalar(w, node, ctx, path, key);
        }
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                visit_any(w, item, ctx, &path.index(i), key);
            }
        }
        NodeKind::Mapping(_) => {
            let entries = node.entries();
            check_keys(w, &entries, ctx, path);
            for (name, _, v) in entries {
                visit_any(w, v, ctx, &path.key(name), name);
            }
        }
    }
}

fn visit_map<'a>(
    w: &mut Walk<'a>,
    node: &'a Node,
    m: &'static MapShape,
    ctx: Ctx,
    path: &Path<'_>,
    key: &str,
) {
    let NodeKind::Mapping(_) = &node.kind else {
        if node.is_null() && !m.non_empty && path.is_empty() {
            return;
        }
        if !record_scalar(w, node, ctx, path, key) || !node.text().is_some_and(is_whole_expression)
        {
            w.structural.push(Structural::WrongType {
                node,
                path: path.render(),
                expected: format!("a mapping ({})", m.what),
            });
        }
        return;
    };
    let entries = node.entries();
    // A mapping's own keys take expressions where its values do.
    let key_ctx = match m.extra_ctx {
        Inherit => ctx,
        other => other,
    };
    check_keys(
        w,
        &entries,
        if m.extra.is_some() { key_ctx } else { Literal },
        path,
    );
    if entries.is_empty() && m.non_empty {
        w.structural.push(Structural::EmptyMapping {
            node,
            path: path.render(),
            what: m.what,
        });
    }
    for (name, k, v) in &entries {
        if *name == "<<" {
            continue;
        }
        let child_path = path.key(name);
        match m.fields.iter().find(|fl| fl.key == *name) {
            Some(field) => {
                let ctx = match field.ctx {
                    Inherit => ctx,
                    other => other,
                };
                visit(w, v, &field.shape, ctx, &child_path, name);
            }
            None => match m.extra {
                Some(extra) => {
                    let ctx = match m.extra_ctx {
                        Inherit => ctx,
                        other => other,
                    };
                    visit(w, v, extra, ctx, &child_path, name);
                }
                None => {
                    w.structural.push(Structural::UnknownKey {
                        key: k,
                        name: (*name).to_owned(),
                        what: m.what,
                        expected: m.fields.iter().map(|fl| fl.key).collect(),
                        hint: m.hint,
                        ignored: m.ignores_unknown,
                    });
                    visit_any(w, v, ctx, &child_path, name);
                }
            },
        }
    }
    for field in m.fields.iter().filter(|fl| fl.required) {
        if entries.iter().any(|(n, _, _)| *n == field.key) {
            continue;
        }
        let misspelled = entries.iter().any(|(n, _, _)| {
            devplat_core::suggest::closest(n, m.fields.iter().map(|fl| fl.key)) == Some(field.key)
        });
        w.structural.push(Structural::MissingKey {
            at: node,
            key: field.key,
            what: m.what,
            misspelled,
        });
    }
}

/// `on:` — only `workflow_call` input defaults and output values take expressions.
fn visit_on<'a>(w: &mut Walk<'a>, node: &'a Node, path: &Path<'_>) {
    if let NodeKind::Mapping(_) = node.kind {
        let events = node.entries();
        check_keys(w, &events, Literal, path);
        for (event, _, config) in events {
            let event_path = path.key(event);
            if event == "workflow_call" {
                let sections = config.entries();
                check_keys(w, &sections, Literal, &event_path);
                for (section, _, defs) in sections {
                    let section_path = event_path.key(section);
                    let names = defs.entries();
                    check_keys(w, &names, Literal, &section_path);
                    for (name, _, def) in names {
                        let def_path = section_path.key(name);
                        let keys = def.entries();
                        check_keys(w, &keys, Literal, &def_path);
                        for (k, _, v) in keys {
                            let row = match (section, k) {
                                ("inputs", "default") => Row("on.workflow_call.inputs.*.default"),
                                ("outputs", "value") => Row("on.workflow_call.outputs.*.value"),
                                _ => Literal,
                            };
                            visit_any(w, v, row, &def_path.key(k), k);
                        }
                    }
                }
            } else {
                visit_any(w, config, Literal, &event_path, event);
            }
        }
    } else {
        visit_any(w, node, Literal, path, "on");
    }
}

/// The span of the whole key/value region for a missing-key finding: the mapping's
/// first line is where a reader looks.
pub fn mapping_head(node: &Node) -> Span {
    node.entries()
        .first()
        .map_or(node.site(), |(_, k, _)| k.site())
}
