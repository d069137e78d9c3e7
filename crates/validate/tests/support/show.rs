//! A run's findings as comparable lines: `path:line:column code message`.

use devplat_validate::Outcome;

pub fn show(o: &Outcome) -> Vec<String> {
    o.diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                o.files.path(d.primary.file),
                d.primary.start.line,
                d.primary.start.column,
                d.code,
                d.message
            )
        })
        .collect()
}
