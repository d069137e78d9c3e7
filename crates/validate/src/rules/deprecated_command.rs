//! `deprecated-command`: workflow commands GitHub disabled (`::set-env`, `::add-path`) or
//! deprecated (`::set-output`, `::save-state`) in scripts.

use devplat_core::diag::Severity;

use crate::engine::Cx;
use crate::model::Step;
use crate::rules::{Example, Rule, RuleInfo, StepScope};
use crate::syntax::NodeExt;

pub const INFO: RuleInfo = RuleInfo {
    code: "deprecated-command",
    summary: "a `run:` script that uses a disabled or deprecated workflow command (`::set-env`, `::add-path`, `::set-output`, `::save-state`)",
    severity: Severity::Warning,
    docs: "`::set-env` and `::add-path` were disabled in 2020 (they let any log line \
change the environment): the step fails unless `ACTIONS_ALLOW_UNSECURE_COMMANDS` is \
set. `::set-output` and `::save-state` are deprecated in favour of the \
`$GITHUB_OUTPUT` and `$GITHUB_STATE` files: they still work, with a deprecation warning \
in the run's annotations, until GitHub disables them. Write `echo \"name=value\" >> \
\"$GITHUB_OUTPUT\"` (or `$GITHUB_ENV`, `$GITHUB_PATH`, `$GITHUB_STATE`).",
    bad: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/deprecated-command/not-ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    good: Example {
        files: &[
            (
                ".github/workflows/ci.yml",
                include_str!("../../tests/fixtures/deprecated-command/ok/.github/workflows/ci.yml"),
            ),
        ],
    },
    help_uri: crate::help_uri!("deprecated-command"),
};

pub struct DeprecatedCommand;
pub const RULE: DeprecatedCommand = DeprecatedCommand;

/// (command, the file that replaces it, whether GitHub has disabled it).
const COMMANDS: &[(&str, &str, bool)] = &[
    ("::set-output", "$GITHUB_OUTPUT", false),
    ("::save-state", "$GITHUB_STATE", false),
    ("::set-env", "$GITHUB_ENV", true),
    ("::add-path", "$GITHUB_PATH", true),
];

impl Rule for DeprecatedCommand {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }
    fn step(&self, cx: &mut Cx<'_>, _scope: StepScope<'_, '_>, step: &Step<'_>) {
        let Some(run) = step.run else {
            return;
        };
        let Some(script) = run.text() else {
            return;
        };
        for (cmd, file, disabled) in COMMANDS {
            if let Some(i) = script.find(cmd) {
                let state = if *disabled {
                    "is a disabled workflow command (the step fails)"
                } else {
                    "is a deprecated workflow command"
                };
                let d = INFO.diag(run.site(), format!("`{cmd}` {state}; write to the {file} file instead"));
                // Point at the command inside the script when it maps back to the source
                // one to one (plain, literal and single-line quoted scalars).
                let d = match locate(cx, run, script, i, cmd.len()) {
                    Some(span) => {
                        let mut d = d;
                        d.primary = span;
                        d
                    }
                    None => d,
                };
                cx.report(d);
            }
        }
    }
}

/// The span of `script[i..i+len]` in the file, when the scalar's text appears verbatim in
/// the source (no escapes or folding changed it).
fn locate(cx: &Cx<'_>, node: &crate::syntax::Node, script: &str, i: usize, len: usize) -> Option<devplat_core::span::Span> {
    let needle = script.get(i..i.checked_add(len)?)?;
    let files = cx.engine.files();
    let source = files.get(node.span.file)?;
    let region = source.text().get(node.span.byte_range())?;
    // Find the same occurrence: count earlier occurrences in the script.
    let nth = script.get(..i)?.matches(needle).count();
    let (off, _) = region.match_indices(needle).nth(nth)?;
    let start = (node.span.start.offset as usize).checked_add(off)?;
    let s = source.pos_of_offset(start);
    let e = source.pos_of_offset(start.checked_add(len)?);
    Some(devplat_core::span::Span::new(node.span.file, s, e))
}
