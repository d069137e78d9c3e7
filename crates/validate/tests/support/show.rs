//! A run's findings as comparable lines: `path:line:column code message`.

use devplat_core::diag::Diagnostic;
use devplat_core::source::Files;
use devplat_validate::Outcome;

/// One finding as a line.
pub fn line(files: &Files, d: &Diagnostic) -> String {
    format!(
        "{}:{}:{} {} {}",
        files.path(d.primary.file),
        d.primary.start.line,
        d.primary.start.column,
        d.code,
        d.message
    )
}

/// Every finding of a run as a line.
pub fn show(o: &Outcome) -> Vec<String> {
    o.diagnostics.iter().map(|d| line(&o.files, d)).collect()
}
