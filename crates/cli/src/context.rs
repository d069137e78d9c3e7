//! What a command may know about the process it runs in.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::PathBuf;

/// The process's environment, working directory and terminals, captured once.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub env: BTreeMap<String, String>,
    pub cwd: PathBuf,
    pub stdout_is_terminal: bool,
    /// Colour on stderr: a terminal and no `NO_COLOR`.
    pub color_stderr: bool,
}

impl Context {
    /// The real process.
    pub fn from_process() -> Self {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        let no_color = env.get("NO_COLOR").is_some_and(|v| !v.is_empty());
        Context {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            color_stderr: !no_color && std::io::stderr().is_terminal(),
            env,
        }
    }

    /// A value from the environment, if set.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }

    /// Colour on stdout: a terminal and no (non-empty) `NO_COLOR`.
    pub fn color_stdout(&self) -> bool {
        self.stdout_is_terminal && self.var("NO_COLOR").is_none_or(str::is_empty)
    }
}
