//! The front end: picomatch syntax in, globset globs (or one regex) out.

use super::GlobError;

/// What a pattern body (without its leading `!`) translated to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Translated {
    /// The body matches when any positive glob matches and no negative glob does.
    Globs {
        positives: Vec<String>,
        negatives: Vec<String>,
    },
    /// The body needs repetition (`+(…)`, `*(…)`), which globs cannot express: a regex
    /// over the whole path.
    Regex(String),
}

/// Count the leading `!` that negate the whole pattern (a `!` directly followed by `(`
/// opens an extglob instead). Returns whether the pattern is negated and where its body
/// starts.
pub(crate) fn leading_negation(text: &str) -> (bool, usize) {
    let bytes = text.as_bytes();
    let mut i = 0usize;
    while bytes.get(i) == Some(&b'!') && bytes.get(i.saturating_add(1)) != Some(&b'(') {
        i = i.saturating_add(1);
    }
    (i % 2 == 1, i)
}

/// Translate a pattern body.
pub(crate) fn translate(body: &str) -> Result<Translated, GlobError> {
    let mut offset = 0usize;
    let mut rest = body;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
        offset = offset.saturating_add(2);
    }
    if rest.is_empty() {
        return Err(GlobError::invalid("empty glob", offset));
    }
    let groups = extglobs(rest).map_err(|e| shifted(e, offset))?;
    let needs_regex = groups
        .iter()
        .any(|g| matches!(g.kind, '+' | '*') || g.has_nested_extglob);
    if needs_regex {
        if let Some(g) = groups.iter().find(|g| g.kind == '!') {
            return Err(GlobError::unsupported(
                "`!(…)` cannot be combined with `+(…)`, `*(…)` or nested extglobs in one pattern",
                g.start.saturating_add(offset),
            ));
        }
        let re = super::regex_glob::to_regex(rest).map_err(|e| shifted(e, offset))?;
        return Ok(Translated::Regex(re));
    }
    let negations: Vec<&Group> = groups.iter().filter(|g| g.kind == '!').collect();
    if let Some(second) = negations.get(1) {
        return Err(GlobError::unsupported(
            "only one `!(…)` group is supported per pattern; split it into several patterns",
            second.start.saturating_add(offset),
        ));
    }
    match negations.first() {
        None => Ok(Translated::Globs {
            positives: finish(&rewrite_simple_groups(rest, &groups)),
            negatives: Vec::new(),
        }),
        Some(neg) => {
            let prefix_raw = rest.get(..neg.start).unwrap_or("");
            let suffix_raw = rest.get(neg.end.saturating_add(1)..).unwrap_or("");
            let before: Vec<Group> = groups
                .iter()
                .filter(|g| g.end < neg.start)
                .cloned()
                .collect();
            let after_start = neg.end.saturating_add(1);
            let after: Vec<Group> = groups
                .iter()
                .filter(|g| g.start > neg.end)
                .map(|g| Group {
                    start: g.start.saturating_sub(after_start),
                    end: g.end.saturating_sub(after_start),
                    ..g.clone()
                })
                .collect();
            let prefix = rewrite_simple_groups(prefix_raw, &before);
            let suffix = rewrite_simple_groups(suffix_raw, &after);
            let at_segment_start = prefix.is_empty() || prefix.ends_with('/');
            let crosses = neg.alternatives.iter().any(|a| a.contains('/'));
            let filler = if at_segment_start && crosses {
                "**"
            } else {
                "*"
            };
            let positives = finish(&format!("{prefix}{filler}{suffix}"));
            let mut negatives = Vec::new();
            for alt in &neg.alternatives {
                negatives.extend(finish(&format!("{prefix}{alt}{suffix}")));
            }
            Ok(Translated::Globs {
                positives,
                negatives,
            })
        }
    }
}

fn shifted(mut e: GlobError, by: usize) -> GlobError {
    e.offset = e.offset.saturating_add(by);
    e
}

/// An extglob group `X(a|b)` at the top level of a pattern.
#[derive(Clone, Debug)]
struct Group {
    /// `!`, `@`, `?`, `+` or `*`.
    kind: char,
    /// Byte offset of the kind character.
    start: usize,
    /// Byte offset of the closing `)`.
    end: usize,
    alternatives: Vec<String>,
    has_nested_extglob: bool,
}

/// Find the top-level extglob groups of `s`.
fn extglobs(s: &str) -> Result<Vec<Group>, GlobError> {
    let mut groups = Vec::new();
    let mut scan = Scanner::new(s);
    while let Some((i, c)) = scan.next_plain() {
        if matches!(c, '!' | '@' | '?' | '+' | '*') && scan.peek() == Some('(') {
            let open = i.saturating_add(1);
            let close = find_close(s, open, ')')
                .ok_or_else(|| GlobError::invalid(format!("`{c}(` is never closed with `)`"), i))?;
            let inner = s.get(open.saturating_add(1)..close).unwrap_or("");
            let alternatives: Vec<String> = split_top(inner, '|')
                .into_iter()
                .map(str::to_owned)
                .collect();
            let has_nested_extglob = !extglobs(inner)?.is_empty();
            groups.push(Group {
                kind: c,
                start: i,
                end: close,
                alternatives,
                has_nested_extglob,
            });
            scan.jump_past(close);
        }
    }
    Ok(groups)
}

/// Replace `@(a|b)` by `{a,b}` and `?(a|b)` by `{,a,b}` (groups are in `s`'s offsets).
fn rewrite_simple_groups(s: &str, groups: &[Group]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0usize;
    for g in groups {
        if !matches!(g.kind, '@' | '?') {
            continue;
        }
        out.push_str(s.get(at..g.start).unwrap_or(""));
        out.push('{');
        if g.kind == '?' {
            out.push(',');
        }
        let alts: Vec<String> = g
            .alternatives
            .iter()
            .map(|a| a.replace(',', "\\,"))
            .collect();
        out.push_str(&alts.join(","));
        out.push('}');
        at = g.end.saturating_add(1);
    }
    out.push_str(s.get(at..).unwrap_or(""));
    out
}

/// Normalise stars and add the "directory itself" alternative of a trailing `/**`.
fn finish(glob: &str) -> Vec<String> {
    let g = normalize_stars(glob);
    let mut out = Vec::with_capacity(2);
    if let Some(dir) = g.strip_suffix("/**")
        && !dir.is_empty()
        && !dir.ends_with('/')
    {
        out.push(dir.to_owned());
    }
    out.push(g);
    out
}

/// Collapse runs of three or more `*` into `**`, and turn a segment-leading `**` that is
/// followed by more of the same segment (`**.txt`) into `**/*` (picomatch's reading).
fn normalize_stars(s: &str) -> String {
    let mut out = String::with_capacity(s.len().saturating_add(2));
    let mut scan = Scanner::new(s);
    let mut prev: Option<char> = None;
    while let Some((i, c, plain)) = scan.next_any() {
        if plain && c == '*' {
            let mut run = 1usize;
            while scan.peek() == Some('*') {
                scan.next_any();
                run = run.saturating_add(1);
            }
            if run == 1 {
                out.push('*');
            } else {
                out.push_str("**");
                let at_segment_start = prev.is_none_or(|p| p == '/');
                let next = scan.peek();
                if at_segment_start && next.is_some_and(|n| n != '/') {
                    out.push_str("/*");
                }
            }
            prev = Some('*');
            continue;
        }
        let end = scan.pos();
        out.push_str(s.get(i..end).unwrap_or(""));
        prev = s.get(i..end).and_then(|t| t.chars().last());
    }
    out
}

/// Walks a glob, treating `\x` escapes and `[…]` classes as single units.
pub(crate) struct Scanner<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        Scanner { s, pos: 0 }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.s.get(self.pos..).and_then(|r| r.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos = self.pos.saturating_add(c.len_utf8());
        Some(c)
    }

    /// The next unit: `(start, first char, plain)`, where `plain` is false for an escape
    /// or a whole class (the scanner has moved past it).
    pub(crate) fn next_any(&mut self) -> Option<(usize, char, bool)> {
        let start = self.pos;
        let c = self.bump()?;
        match c {
            '\\' => {
                self.bump();
                Some((start, c, false))
            }
            '[' => match class_end(self.s, start) {
                Some(end) => {
                    self.pos = end.saturating_add(1);
                    Some((start, c, false))
                }
                None => Some((start, c, true)),
            },
            _ => Some((start, c, true)),
        }
    }

    /// The next plain character (escapes and classes are skipped).
    pub(crate) fn next_plain(&mut self) -> Option<(usize, char)> {
        loop {
            let (i, c, plain) = self.next_any()?;
            if plain {
                return Some((i, c));
            }
        }
    }

    pub(crate) fn jump_past(&mut self, idx: usize) {
        self.pos = idx.saturating_add(1);
    }
}

/// The byte offset of the `]` closing the class that opens at `open`, if any.
pub(crate) fn class_end(s: &str, open: usize) -> Option<usize> {
    let body_start = open.saturating_add(1);
    let rest = s.get(body_start..)?;
    let mut skip = 0usize;
    if rest.starts_with('!') || rest.starts_with('^') {
        skip = 1;
    }
    // A `]` right after `[` or `[!` is a literal member.
    if rest.get(skip..).is_some_and(|r| r.starts_with(']')) {
        skip = skip.saturating_add(1);
    }
    let mut chars = rest.get(skip..)?.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            ']' => return Some(body_start.saturating_add(skip).saturating_add(i)),
            '/' => return None,
            _ => {}
        }
    }
    None
}

/// The byte offset of the `close` matching the opener at `open_idx` (nesting of both
/// `()` and `{}` respected; escapes and classes skipped).
pub(crate) fn find_close(s: &str, open_idx: usize, close: char) -> Option<usize> {
    let mut scan = Scanner::new(s);
    scan.jump_past(open_idx);
    let mut depth = 0usize;
    while let Some((i, c)) = scan.next_plain() {
        if c == close && depth == 0 {
            return Some(i);
        }
        if c == '(' || c == '{' {
            depth = depth.saturating_add(1);
        } else if c == ')' || c == '}' {
            depth = depth.saturating_sub(1);
        }
    }
    None
}

/// Split `s` at every top-level `sep` (outside groups, braces, classes and escapes).
pub(crate) fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut scan = Scanner::new(s);
    let mut depth = 0usize;
    let mut last = 0usize;
    while let Some((i, c)) = scan.next_plain() {
        match c {
            '(' | '{' => depth = depth.saturating_add(1),
            ')' | '}' => depth = depth.saturating_sub(1),
            _ if c == sep && depth == 0 => {
                parts.push(s.get(last..i).unwrap_or(""));
                last = i.saturating_add(c.len_utf8());
            }
            _ => {}
        }
    }
    parts.push(s.get(last..).unwrap_or(""));
    parts
}
