//! What the subcommands share: reading inputs, printing diagnostics.

use std::io::Write;
use std::path::Path;

use devplat_core::diag::{Diagnostic, ExitCode, ToolInfo};
use devplat_core::source::Files;

use crate::Context;

/// Read `path` (`-` is stdin) relative to the working directory.
pub fn read_input(ctx: &Context, path: &str) -> Result<String, String> {
    if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        return Ok(s);
    }
    let p = ctx.cwd.join(path);
    let bytes = std::fs::read(&p).map_err(|e| format!("cannot read {path}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))
}

/// A path as shown in diagnostics (`/`-separated, as given).
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// A usage or input error without a position.
pub fn usage(err: &mut dyn Write, message: &str) -> ExitCode {
    let _ = writeln!(err, "error: {message}");
    ExitCode::UsageOrInput
}

/// Print diagnostics for people on stderr.
pub fn print_diagnostics(
    ctx: &Context,
    err: &mut dyn Write,
    files: &Files,
    diagnostics: &[Diagnostic],
    component: &str,
) {
    if diagnostics.is_empty() {
        return;
    }
    let tool = ToolInfo {
        name: "devplat".into(),
        component: component.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        information_uri: "https://github.com/org/devplat".into(),
    };
    let report = devplat_core::diag::render::Report {
        files,
        diagnostics,
        rules: &[],
        tool: &tool,
        checked: None,
    };
    let options = devplat_core::diag::render::Options {
        color: ctx.color_stderr,
        ..Default::default()
    };
    let _ = err.write_all(devplat_core::diag::render::human::render(&report, &options).as_bytes());
}
