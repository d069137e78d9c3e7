//! A light scanner for `${{ }}` expressions: finds each expression in a scalar, checks
//! that it is closed, not empty, and tokenises (strings, parentheses, brackets), and
//! lists the contexts and functions it names, with their offsets.
//!
//! It is deliberately small: it does not evaluate or type anything. Full parsing and
//! typing belong to `devplat_core::expr::github` (being built on the `expr-github`
//! branch); when it lands, the expression rules take their facts from it instead.

/// One `${{ … }}` in a scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr<'t> {
    /// The text between `${{` and `}}`.
    pub body: &'t str,
    /// Byte offset of `${{` in the scalar.
    pub start: usize,
    /// Byte offset just past `}}` (the scalar's end when unclosed).
    pub end: usize,
    pub closed: bool,
}

/// Every `${{ … }}` in `text`. Quotes inside an expression may contain `}}`.
pub fn find(text: &str) -> Vec<Expr<'_>> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let Some(rel) = text.get(pos..).and_then(|t| t.find("${{")) {
        let start = pos.saturating_add(rel);
        let body_start = start.saturating_add(3);
        let mut in_str = false;
        let mut close = None;
        let bytes = text.as_bytes();
        let mut i = body_start;
        while i < bytes.len() {
            let b = bytes.get(i).copied().unwrap_or(0);
            if b == b'\'' {
                in_str = !in_str;
            } else if !in_str && b == b'}' && bytes.get(i.saturating_add(1)) == Some(&b'}') {
                close = Some(i);
                break;
            }
            i = i.saturating_add(1);
        }
        match close {
            Some(c) => {
                out.push(Expr {
                    body: text.get(body_start..c).unwrap_or(""),
                    start,
                    end: c.saturating_add(2),
                    closed: true,
                });
                pos = c.saturating_add(2);
            }
            None => {
                out.push(Expr {
                    body: text.get(body_start..).unwrap_or(""),
                    start,
                    end: text.len(),
                    closed: false,
                });
                break;
            }
        }
    }
    out
}

/// A name an expression uses: a context (`github` in `github.sha`) or a function call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name<'t> {
    pub name: &'t str,
    /// Byte offset in the expression body.
    pub offset: usize,
    pub is_call: bool,
    /// For contexts: the property path after the name (`event.pull_request.title`),
    /// dotted segments only, lowercased by the caller if needed.
    pub path: Vec<&'t str>,
}

/// Tokenising an expression body: its names, or why it is malformed.
pub fn names(body: &str) -> Result<Vec<Name<'_>>, String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err("the expression is empty".to_owned());
    }
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut depth: Vec<u8> = Vec::new();
    let mut i = 0usize;
    let mut prev_dot = false;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i = i.saturating_add(1);
                continue;
            }
            b'\'' => {
                let mut j = i.saturating_add(1);
                loop {
                    match bytes.get(j) {
                        None => {
                            return Err(format!(
                                "unterminated string starting at position {}",
                                i.saturating_add(1)
                            ));
                        }
                        Some(b'\'') if bytes.get(j.saturating_add(1)) == Some(&b'\'') => {
                            j = j.saturating_add(2)
                        }
                        Some(b'\'') => break,
                        Some(_) => j = j.saturating_add(1),
                    }
                }
                i = j.saturating_add(1);
                prev_dot = false;
                continue;
            }
            b'"' => {
                return Err(
                    "strings in expressions use single quotes ('…'), not double quotes".to_owned(),
                );
            }
            b'(' | b'[' => depth.push(b),
            b')' | b']' => {
                let open = if b == b')' { b'(' } else { b'[' };
                if depth.pop() != Some(open) {
                    return Err(format!(
                        "unbalanced `{}` at position {}",
                        b as char,
                        i.saturating_add(1)
                    ));
                }
            }
            _ => {}
        }
        if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while bytes
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
            {
                i = i.saturating_add(1);
            }
            let word = body.get(start..i).unwrap_or("");
            if prev_dot {
                prev_dot = false;
                continue;
            }
            let mut k = i;
            while bytes.get(k).is_some_and(|c| *c == b' ') {
                k = k.saturating_add(1);
            }
            let is_call = bytes.get(k) == Some(&b'(');
            let mut path = Vec::new();
            if !is_call {
                // Collect `.segment` parts that follow directly.
                let mut j = i;
                while bytes.get(j) == Some(&b'.') {
                    let s = j.saturating_add(1);
                    let mut e = s;
                    while bytes.get(e).is_some_and(|c| {
                        c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-' || *c == b'*'
                    }) {
                        e = e.saturating_add(1);
                    }
                    if e == s {
                        break;
                    }
                    path.push(body.get(s..e).unwrap_or(""));
                    j = e;
                }
            }
            out.push(Name {
                name: word,
                offset: start,
                is_call,
                path,
            });
            continue;
        }
        if b.is_ascii_digit() {
            while bytes
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.')
            {
                i = i.saturating_add(1);
            }
            prev_dot = false;
            continue;
        }
        prev_dot = b == b'.';
        i = i.saturating_add(1);
    }
    if let Some(open) = depth.last() {
        return Err(format!("`{}` is not closed", *open as char));
    }
    Ok(out)
}

/// Literal words that are not contexts.
pub const LITERALS: &[&str] = &["true", "false", "null", "NaN", "Infinity"];

/// The functions GitHub expressions have.
pub const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("contains", 2, 2),
    ("startsWith", 2, 2),
    ("endsWith", 2, 2),
    ("format", 1, usize::MAX),
    ("join", 1, 2),
    ("toJSON", 1, 1),
    ("fromJSON", 1, 1),
    ("hashFiles", 1, usize::MAX),
    ("success", 0, 0),
    ("always", 0, 0),
    ("cancelled", 0, 0),
    ("failure", 0, 0),
    ("case", 3, usize::MAX),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_expressions() {
        let e = find("a ${{ x }} b ${{ '}}' }} ${{ y");
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].body, " x ");
        assert_eq!(e[1].body, " '}}' ");
        assert!(!e[2].closed);
    }

    #[test]
    fn lists_names() {
        let n =
            names("github.event.pull_request.title == 'x' && contains(steps.a.outputs.b, env.C)")
                .unwrap();
        let words: Vec<_> = n.iter().map(|n| (n.name, n.is_call)).collect();
        assert_eq!(
            words,
            vec![
                ("github", false),
                ("contains", true),
                ("steps", false),
                ("env", false)
            ]
        );
        assert_eq!(n[0].path, vec!["event", "pull_request", "title"]);
        assert!(names("").is_err());
        assert!(names("contains('a', 'b'").is_err());
        assert!(names("\"x\"").is_err());
        assert!(names("'unclosed").is_err());
        assert!(names("matrix['os']").is_ok());
    }
}
