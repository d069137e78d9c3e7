//! One module per tool: its [`crate::protocol::ToolSpec`] and its `run`, which turns a
//! host request into the tool's request, runs the tool, and plans the host's I/O.

#[cfg(feature = "alerts")]
pub mod alert_dispatch;
#[cfg(feature = "plan")]
pub mod deploy_plan;
#[cfg(feature = "changes")]
pub mod detect_changes;
#[cfg(feature = "validate")]
pub mod validate;

use devplat_core::source::FileSource;

/// A text file through the host's file source (the tools that take config text).
pub fn read_text(fs: &dyn FileSource, path: &str) -> Result<String, String> {
    let bytes = fs.read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text ({e})"))
}

/// A list input: one item per line or comma, trimmed, empty items dropped.
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(['\n', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `path` relative to `workspace` when it is inside it (an absolute input such as
/// `${{ github.workspace }}/.github`), with `/` separators; other paths unchanged.
pub fn relativize(workspace: &str, path: &str) -> String {
    let norm = |p: &str| p.replace('\\', "/");
    let (ws, p) = (norm(workspace), norm(path));
    let ws = ws.trim_end_matches('/');
    if ws.is_empty() {
        return p;
    }
    match p.strip_prefix(ws) {
        Some("") => ".".to_owned(),
        Some(rest) if rest.starts_with('/') => rest.trim_start_matches('/').to_owned(),
        _ => p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(
            split_list(" a\n\nb ,c\r\n"),
            vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]
        );
        assert!(split_list(" \n ").is_empty());
    }

    #[test]
    fn paths_inside_the_workspace_become_relative() {
        assert_eq!(relativize("/w/repo", "/w/repo/.github"), ".github");
        assert_eq!(relativize("/w/repo/", "/w/repo"), ".");
        assert_eq!(relativize("/w/repo", "/w/repository/x"), "/w/repository/x");
        assert_eq!(relativize("/w/repo", "src/a.yml"), "src/a.yml");
        assert_eq!(relativize("D:\\a\\s", "D:\\a\\s\\ci.yml"), "ci.yml");
    }
}
