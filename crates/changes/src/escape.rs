//! File lists in outputs, escaped so that a file name cannot inject shell
//! (tj-actions/changed-files CVE-2023-51664) and in paths-filter's `list-files` formats.

use serde::{Deserialize, Serialize};

/// How a list of paths is written into one output value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ListFormat {
    /// No `<filter>_files` output (paths-filter's default).
    #[default]
    None,
    /// A JSON array.
    Json,
    /// Comma-separated, each value quoted as CSV when needed.
    Csv,
    /// Space-separated, each value quoted for POSIX shells with as little quoting as
    /// possible (paths-filter `shell`).
    Shell,
    /// Space-separated, every unsafe character backslash-escaped (paths-filter `escape`).
    Escape,
}

impl ListFormat {
    pub fn parse(s: &str) -> Option<ListFormat> {
        match s {
            "none" => Some(ListFormat::None),
            "json" => Some(ListFormat::Json),
            "csv" => Some(ListFormat::Csv),
            "shell" => Some(ListFormat::Shell),
            "escape" => Some(ListFormat::Escape),
            _ => None,
        }
    }

    /// The list as one value (`None` for [`ListFormat::None`]).
    pub fn render(self, paths: &[&str]) -> Option<String> {
        match self {
            ListFormat::None => None,
            ListFormat::Json => Some(serde_json::to_string(paths).unwrap_or_else(|_| "[]".into())),
            ListFormat::Csv => Some(
                paths
                    .iter()
                    .map(|p| csv_escape(p))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            ListFormat::Shell => Some(
                paths
                    .iter()
                    .map(|p| shell_escape(p))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            ListFormat::Escape => Some(
                paths
                    .iter()
                    .map(|p| backslash_escape(p))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }
}

fn is_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || ",._+:@%/-".contains(c)
}

/// Backslash-escape every character except a small set that is always safe in POSIX
/// shells. A newline cannot be backslash-escaped into a word, so it is written as
/// `$'\n'` (bash, zsh and ksh; paths-filter leaves it raw, which splits the word).
pub fn backslash_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len().saturating_add(8));
    for c in value.chars() {
        if c == '\n' {
            out.push_str("$'\\n'");
        } else if is_safe(c) {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    out
}

/// Quote `value` as one POSIX shell word, readable where possible: unchanged when every
/// character is safe, `"…"` when it only adds single quotes and spaces, otherwise
/// `'…'` (with `'` written as `\'` between quoted parts).
///
/// paths-filter's version tests its "safe" regex with the `m` flag, so a name with a
/// newline whose first line is safe (`a\n$(id)`) passes unquoted; here the whole value
/// must be safe.
pub fn shell_escape(value: &str) -> String {
    if value.is_empty() {
        return "''".to_owned();
    }
    if value.chars().all(is_safe) {
        return value.to_owned();
    }
    if value.contains('\'') {
        if value.chars().all(|c| is_safe(c) || c == '\'' || c == ' ') {
            return format!("\"{value}\"");
        }
        return value
            .split('\'')
            .map(|part| {
                if part.is_empty() {
                    String::new()
                } else {
                    shell_escape(part)
                }
            })
            .collect::<Vec<_>>()
            .join("\\'");
    }
    format!("'{value}'")
}

/// Quote `value` for CSV: unchanged when safe, else in double quotes with `"` doubled.
pub fn csv_escape(value: &str) -> String {
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+:@%/-".contains(c))
    {
        return value.to_owned();
    }
    format!("\"{}\"", value.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_escape_cases() {
        // Shapes from paths-filter __tests__/shell-escape.test.ts.
        assert_eq!(shell_escape("file.txt"), "file.txt");
        assert_eq!(shell_escape("path/to/file.txt"), "path/to/file.txt");
        assert_eq!(shell_escape("file with space"), "'file with space'");
        assert_eq!(shell_escape("file'with quote"), "\"file'with quote\"");
        assert_eq!(shell_escape("file\"with quote"), "'file\"with quote'");
        assert_eq!(shell_escape("$var"), "'$var'");
        assert_eq!(shell_escape("$(whoami).txt"), "'$(whoami).txt'");
        assert_eq!(shell_escape("a'$b"), "a\\''$b'");
        assert_eq!(shell_escape("a\n$(id)"), "'a\n$(id)'");
        assert_eq!(shell_escape(""), "''");
        assert_eq!(backslash_escape("file with space"), "file\\ with\\ space");
        assert_eq!(
            backslash_escape("file'with quote\""),
            "file\\'with\\ quote\\\""
        );
        assert_eq!(backslash_escape("$var"), "\\$var");
        assert_eq!(backslash_escape("a\nb"), "a$'\\n'b");
        assert_eq!(csv_escape("a,b"), "\"a,b\"");
        assert_eq!(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_escape("plain/file.txt"), "plain/file.txt");
    }

    /// Every escaped value, pasted into `sh -c 'printf %s <value>'`, must print the
    /// value back unchanged (and run nothing).
    #[test]
    #[cfg(unix)]
    fn shell_escape_round_trips_through_sh() {
        let names = [
            "$(touch /tmp/devplat-pwned).txt",
            "`id`",
            "a b",
            "it's",
            "x;rm -rf y",
            "semi;colon|pipe&amp",
            "new\nline",
            "tab\there",
            "q\"uote'mix$",
            "glob*?[x]",
            "ünï",
            "~home",
            "#hash",
        ];
        for name in names {
            for (fmt, quoted) in [
                ("shell", shell_escape(name)),
                ("escape", backslash_escape(name)),
            ] {
                let out = std::process::Command::new("bash")
                    .arg("-c")
                    .arg(format!("printf %s {quoted}"))
                    .output()
                    .unwrap();
                assert_eq!(
                    String::from_utf8_lossy(&out.stdout),
                    name,
                    "{fmt}: {quoted}"
                );
            }
        }
    }
}
