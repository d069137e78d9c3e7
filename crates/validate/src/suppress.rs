//! Inline suppressions: `# devplat: ignore[rule-id, other-id]` on the line of a finding
//! or on the line above it. A suppression that matches nothing is itself reported.

use devplat_core::diag::Diagnostic;
use devplat_core::source::SourceFile;
use devplat_core::span::{FileId, Span};

/// One `ignore[…]` code, where it is written, and whether it was used.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub code: String,
    /// The line of the comment.
    pub line: u32,
    /// Whether the comment is alone on its line (then it covers the next line too).
    pub own_line: bool,
    pub span: Span,
    pub used: bool,
}

const MARKER: &str = "devplat: ignore[";

/// Every suppression in a file.
pub fn scan(file: FileId, source: &SourceFile) -> Vec<Suppression> {
    let mut out = Vec::new();
    // Nearly no file has one: one substring search instead of a scan of every line.
    if !source.text().contains(MARKER) {
        return out;
    }
    let mut offset = 0usize;
    for (i, line) in source.text().split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(i.saturating_add(1)).unwrap_or(u32::MAX);
        if let Some(hash) = comment_start(line) {
            let comment = line.get(hash..).unwrap_or("");
            if let Some(m) = comment.find(MARKER) {
                let list_start = hash.saturating_add(m).saturating_add(MARKER.len());
                let rest = line.get(list_start..).unwrap_or("");
                if let Some(close) = rest.find(']') {
                    let own_line = line.get(..hash).is_some_and(|b| b.trim().is_empty());
                    let mut item_off = list_start;
                    for item in rest.get(..close).unwrap_or("").split(',') {
                        let code = item.trim();
                        let lead = item.len().saturating_sub(item.trim_start().len());
                        let start = offset.saturating_add(item_off).saturating_add(lead);
                        if !code.is_empty() {
                            let s = source.pos_of_offset(start);
                            let e = source.pos_of_offset(start.saturating_add(code.len()));
                            out.push(Suppression {
                                code: code.to_owned(),
                                line: line_no,
                                own_line,
                                span: Span::new(file, s, e),
                                used: false,
                            });
                        }
                        item_off = item_off.saturating_add(item.len()).saturating_add(1);
                    }
                }
            }
        }
        offset = offset.saturating_add(line.len());
    }
    out
}

/// The byte index of the `#` that starts a YAML comment on this line, if any: at the
/// start of the line or after whitespace, and not inside a quoted scalar.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                if c == '#' && prev_space {
                    return Some(i);
                }
                if (c == '\'' || c == '"') && prev_space {
                    quote = Some(c);
                }
            }
        }
        prev_space = c == ' ' || c == '\t';
    }
    None
}

/// Drop the diagnostics a suppression covers, marking those suppressions used.
pub fn apply(diags: Vec<Diagnostic>, file: FileId, sups: &mut [Suppression]) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| {
            if d.primary.file != file {
                return true;
            }
            let line = d.primary.start.line;
            let hit = sups.iter_mut().find(|s| {
                s.code == d.code
                    && (s.line == line || (s.own_line && s.line.saturating_add(1) == line))
            });
            match hit {
                Some(s) => {
                    s.used = true;
                    false
                }
                None => true,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_comments() {
        let src = SourceFile::new(
            "a.yml",
            "on: push # devplat: ignore[unknown-key, merge-key]\n# devplat: ignore[x]\nrun: 'a # devplat: ignore[y]'\n",
        );
        let s = scan(FileId(0), &src);
        let codes: Vec<_> = s
            .iter()
            .map(|s| (s.code.as_str(), s.line, s.own_line))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("unknown-key", 1, false),
                ("merge-key", 1, false),
                ("x", 2, true)
            ]
        );
        assert_eq!(s[1].span.start.column, 41);
    }
}
