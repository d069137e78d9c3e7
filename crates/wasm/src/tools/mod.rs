//! One module per tool: its [`crate::protocol::ToolSpec`] and its `run`, which turns a
//! host request into the tool's request, runs the tool, and plans the host's I/O.

#[cfg(feature = "validate")]
pub mod validate;

/// A list input: one item per line or comma, trimmed, empty items dropped.
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(['\n', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
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
}
