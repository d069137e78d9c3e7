//! `shell:` values GitHub knows, and custom shells.
//!
//! Source: GitHub Docs, "Workflow syntax" §jobs.<job_id>.steps\[*\].shell
//! (`/work/shared/notes/platform-reference.md` §2.6).

/// The built-in shell names.
pub const SHELLS: &[&str] = &["bash", "pwsh", "python", "sh", "cmd", "powershell"];

/// What a `shell:` value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellKind {
    /// One of [`SHELLS`].
    BuiltIn,
    /// A custom command line: it must contain `{0}` (the script path).
    Custom,
    /// Neither a built-in name nor a command with `{0}`.
    Unknown,
}

pub fn classify(shell: &str) -> ShellKind {
    let shell = shell.trim();
    if SHELLS.contains(&shell) {
        ShellKind::BuiltIn
    } else if shell.contains("{0}") {
        ShellKind::Custom
    } else {
        ShellKind::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(classify("bash"), ShellKind::BuiltIn);
        assert_eq!(classify("perl {0}"), ShellKind::Custom);
        assert_eq!(classify("bsh"), ShellKind::Unknown);
        assert_eq!(classify("bash -eo pipefail {0}"), ShellKind::Custom);
    }
}
