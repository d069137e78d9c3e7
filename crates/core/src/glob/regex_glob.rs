//! Globs with repeating extglobs (`+(…)`, `*(…)`) compiled to one regex over the path.
//!
//! Only patterns that need repetition come here; the rest stay on globset. The
//! translation follows picomatch with `dot: true`: `*` and `?` stay inside a segment,
//! a whole-segment `**` crosses segments, `[!a]` is a POSIX negated class.

use super::GlobError;
use super::translate::{Scanner, class_end, find_close, split_top};

/// The regex (anchored) for a glob body.
pub(crate) fn to_regex(body: &str) -> Result<String, GlobError> {
    let mut out = String::from("^");
    match body.strip_suffix("/**") {
        Some(dir) if !dir.is_empty() => {
            translate_into(dir, 0, &mut out)?;
            out.push_str("(?:/.*)?");
        }
        _ => translate_into(body, 0, &mut out)?,
    }
    out.push('$');
    Ok(out)
}

pub(crate) fn compile(re: &str) -> Result<regex::Regex, GlobError> {
    regex::RegexBuilder::new(re)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| GlobError::invalid(format!("glob too complex: {e}"), 0))
}

fn escape_char(c: char, out: &mut String) {
    let mut buf = [0u8; 4];
    out.push_str(&regex::escape(c.encode_utf8(&mut buf)));
}

/// Translate `s` (which starts at byte `base` of the body, for error offsets).
fn translate_into(s: &str, base: usize, out: &mut String) -> Result<(), GlobError> {
    let mut scan = Scanner::new(s);
    let mut prev: Option<char> = None;
    while let Some((i, c, plain)) = scan.next_any() {
        let at = base.saturating_add(i);
        if !plain {
            if c == '\\' {
                let escaped = s.get(i.saturating_add(1)..scan.pos()).unwrap_or("");
                out.push_str(&regex::escape(escaped));
            } else {
                push_class(s.get(i..scan.pos()).unwrap_or(""), out);
            }
            prev = Some(c);
            continue;
        }
        let next = scan.peek();
        match c {
            '@' | '?' | '+' | '*' | '!' if next == Some('(') => {
                if c == '!' {
                    return Err(GlobError::unsupported(
                        "`!(…)` is not supported inside or next to a repeating extglob",
                        at,
                    ));
                }
                let open = i.saturating_add(1);
                let close = find_close(s, open, ')')
                    .ok_or_else(|| GlobError::invalid(format!("`{c}(` is never closed"), at))?;
                alternatives(s, open, close, '|', base, out)?;
                match c {
                    '?' => out.push('?'),
                    '+' => out.push('+'),
                    '*' => out.push('*'),
                    _ => {}
                }
                scan.jump_past(close);
            }
            '*' => {
                let mut run = 1usize;
                while scan.peek() == Some('*') {
                    scan.next_any();
                    run = run.saturating_add(1);
                }
                let segment_start = prev.is_none_or(|p| p == '/');
                if run >= 2 && segment_start {
                    match scan.peek() {
                        None => out.push_str(".*"),
                        Some('/') => {
                            scan.next_any();
                            out.push_str("(?:.*/)?");
                        }
                        Some(_) => out.push_str("(?:.*/)?[^/]*"),
                    }
                } else {
                    out.push_str("[^/]*");
                }
            }
            '?' => out.push_str("[^/]"),
            '{' => match find_close(s, i, '}') {
                Some(close) => {
                    alternatives(s, i, close, ',', base, out)?;
                    scan.jump_past(close);
                }
                None => escape_char(c, out),
            },
            _ => escape_char(c, out),
        }
        prev = Some(c);
    }
    Ok(())
}

/// `(?:a|b)` from the text between `open` and `close`, split at top-level `sep`.
fn alternatives(
    s: &str,
    open: usize,
    close: usize,
    sep: char,
    base: usize,
    out: &mut String,
) -> Result<(), GlobError> {
    let inner_start = open.saturating_add(1);
    let inner = s.get(inner_start..close).unwrap_or("");
    out.push_str("(?:");
    let mut at = inner_start;
    for (k, alt) in split_top(inner, sep).into_iter().enumerate() {
        if k > 0 {
            out.push('|');
        }
        translate_into(alt, base.saturating_add(at), out)?;
        at = at.saturating_add(alt.len()).saturating_add(1);
    }
    out.push(')');
    Ok(())
}

/// A glob class `[…]` as a regex class: `!` or `^` first negates; members are escaped.
fn push_class(class: &str, out: &mut String) {
    if class_end(class, 0).is_none() {
        out.push_str(&regex::escape(class));
        return;
    }
    let inner = class
        .strip_prefix('[')
        .and_then(|c| c.strip_suffix(']'))
        .unwrap_or("");
    out.push('[');
    let mut chars = inner.chars().peekable();
    if matches!(chars.peek(), Some('!' | '^')) {
        chars.next();
        out.push('^');
    }
    while let Some(c) = chars.next() {
        match c {
            '-' => out.push('-'),
            '\\' => {
                if let Some(n) = chars.next() {
                    escape_char(n, out);
                }
            }
            _ => {
                if c.is_ascii_punctuation() {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out.push(']');
}
