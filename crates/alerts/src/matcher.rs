//! Alertmanager's label matcher syntax: `name="value"`, `name!="value"`, `name=~"regex"`,
//! `name!~"regex"`, one matcher or a `{…}` / comma-separated list, as in a route's
//! `matchers:`.
//!
//! Semantics are Alertmanager's: a missing label has the empty value (so
//! `team=""` matches alerts without `team`), regular expressions are anchored at both
//! ends, values may be double-quoted with `\"`, `\\` and `\n` escapes or left bare.

use regex::{Regex, RegexBuilder};

use crate::payload::LabelSet;

/// The four match operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchOp {
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

impl MatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }
}

/// One parsed matcher.
#[derive(Clone, Debug)]
pub struct Matcher {
    pub name: String,
    pub op: MatchOp,
    pub value: String,
    /// The anchored regex for `=~` / `!~`.
    regex: Option<Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.op == other.op && self.value == other.value
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{:?}", self.name, self.op.as_str(), self.value)
    }
}

/// A matcher that does not parse: what and where (byte offset in the matcher text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatcherError {
    /// `invalid-matcher` or `invalid-regex`.
    pub code: &'static str,
    pub message: String,
    /// Byte offset into the text given to [`parse`].
    pub offset: usize,
}

/// Longest compiled regex we accept (bytes of compiled program), against patterns that
/// would make matching slow or memory hungry.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl Matcher {
    /// Build one matcher; the value of a regex matcher must compile.
    pub fn new(name: &str, op: MatchOp, value: &str) -> Result<Matcher, MatcherError> {
        let regex = match op {
            MatchOp::Regex | MatchOp::NotRegex => Some(
                RegexBuilder::new(&format!("^(?:{value})$"))
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| {
                        // The regex crate's message spans lines (pattern, caret, error):
                        // keep the last line, which names the problem.
                        let text = e.to_string();
                        let why = text
                            .lines()
                            .rev()
                            .find(|l| !l.trim().is_empty())
                            .unwrap_or("");
                        MatcherError {
                            code: "invalid-regex",
                            message: format!(
                                "invalid regular expression {value:?}: {}",
                                why.trim().trim_start_matches("error: ")
                            ),
                            offset: 0,
                        }
                    })?,
            ),
            MatchOp::Equal | MatchOp::NotEqual => None,
        };
        Ok(Matcher {
            name: name.to_owned(),
            op,
            value: value.to_owned(),
            regex,
        })
    }

    /// Whether the label set satisfies this matcher.
    pub fn matches(&self, labels: &LabelSet) -> bool {
        let v = labels.get(&self.name).map_or("", String::as_str);
        match (self.op, &self.regex) {
            (MatchOp::Equal, _) => v == self.value,
            (MatchOp::NotEqual, _) => v != self.value,
            (MatchOp::Regex, Some(re)) => re.is_match(v),
            (MatchOp::NotRegex, Some(re)) => !re.is_match(v),
            // Unreachable by construction; no match is the safe answer.
            (MatchOp::Regex | MatchOp::NotRegex, None) => false,
        }
    }
}

/// Whether every matcher matches (an empty list matches everything).
pub fn all_match(matchers: &[Matcher], labels: &LabelSet) -> bool {
    matchers.iter().all(|m| m.matches(labels))
}

/// Parse one matcher, a comma-separated list, or a `{…}` list.
pub fn parse(text: &str) -> Result<Vec<Matcher>, MatcherError> {
    let mut p = Parser { text, pos: 0 };
    p.skip_ws();
    let braced = p.eat('{');
    let mut out = Vec::new();
    loop {
        p.skip_ws();
        if braced && p.peek() == Some('}') {
            break;
        }
        if p.at_end() {
            break;
        }
        out.push(p.matcher()?);
        p.skip_ws();
        if !p.eat(',') {
            break;
        }
    }
    p.skip_ws();
    if braced && !p.eat('}') {
        return Err(p.err("expected `}` to close the matcher list"));
    }
    p.skip_ws();
    if !p.at_end() {
        return Err(p.err("unexpected text after the matcher; separate matchers with `,`"));
    }
    if out.is_empty() {
        return Err(MatcherError {
            code: "invalid-matcher",
            message: "empty matcher; expected e.g. severity=\"critical\"".into(),
            offset: 0,
        });
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn at_end(&self) -> bool {
        self.rest().is_empty()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos = self.pos.saturating_add(c.len_utf8());
        Some(c)
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }
    fn err(&self, message: &str) -> MatcherError {
        MatcherError {
            code: "invalid-matcher",
            message: message.to_owned(),
            offset: self.pos,
        }
    }

    fn matcher(&mut self) -> Result<Matcher, MatcherError> {
        let start = self.pos;
        let name = self.name()?;
        self.skip_ws();
        let op = if self.rest().starts_with("=~") {
            MatchOp::Regex
        } else if self.rest().starts_with("!=") {
            MatchOp::NotEqual
        } else if self.rest().starts_with("!~") {
            MatchOp::NotRegex
        } else if self.rest().starts_with('=') {
            MatchOp::Equal
        } else {
            return Err(self.err(&format!(
                "expected an operator after label `{name}`: one of =, !=, =~, !~"
            )));
        };
        self.pos = self.pos.saturating_add(op.as_str().len());
        self.skip_ws();
        let value_at = self.pos;
        let value = if self.peek() == Some('"') {
            self.quoted()?
        } else {
            self.bare()?
        };
        Matcher::new(&name, op, &value).map_err(|mut e| {
            e.offset = if e.code == "invalid-regex" {
                value_at
            } else {
                start
            };
            e
        })
    }

    /// Label names: `[a-zA-Z_][a-zA-Z0-9_]*` (Prometheus), `:` allowed as Alertmanager does.
    fn name(&mut self) -> Result<String, MatcherError> {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            let ok = c.is_ascii_alphabetic()
                || c == '_'
                || c == ':'
                || (!name.is_empty() && c.is_ascii_digit());
            if !ok {
                break;
            }
            name.push(c);
            self.bump();
        }
        if name.is_empty() {
            return Err(
                self.err("expected a label name (letters, digits, `_`; not starting with a digit)")
            );
        }
        Ok(name)
    }

    fn quoted(&mut self) -> Result<String, MatcherError> {
        let open = self.pos;
        self.bump();
        let mut value = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(MatcherError {
                        code: "invalid-matcher",
                        message: "unterminated quoted value; expected a closing `\"`".into(),
                        offset: open,
                    });
                }
                Some('"') => return Ok(value),
                Some('\\') => match self.bump() {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('\\') => value.push('\\'),
                    Some('"') => value.push('"'),
                    // Keep unknown escapes as written: regexes use `\d`, `\.`, ….
                    Some(c) => {
                        value.push('\\');
                        value.push(c);
                    }
                    None => {
                        return Err(MatcherError {
                            code: "invalid-matcher",
                            message: "unterminated quoted value; expected a closing `\"`".into(),
                            offset: open,
                        });
                    }
                },
                Some(c) => value.push(c),
            }
        }
    }

    /// An unquoted value runs to the next `,` or `}` (trailing spaces dropped); like
    /// Alertmanager, it may not contain a double quote.
    fn bare(&mut self) -> Result<String, MatcherError> {
        let mut value = String::new();
        while let Some(c) = self.peek() {
            if c == ',' || c == '}' {
                break;
            }
            if c == '"' {
                return Err(self.err(
                    "unexpected `\"` in an unquoted value; quote the whole value: name=\"value\"",
                ));
            }
            value.push(c);
            self.bump();
        }
        Ok(value.trim_end().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> LabelSet {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn parses_the_four_operators() {
        let ms = parse(r#"{a="1", b!="2", c=~"x|y", d!~"z.*"}"#).unwrap();
        let ops: Vec<_> = ms.iter().map(|m| m.op).collect();
        assert_eq!(
            ops,
            [
                MatchOp::Equal,
                MatchOp::NotEqual,
                MatchOp::Regex,
                MatchOp::NotRegex
            ]
        );
        assert_eq!(ms[2].value, "x|y");
    }

    #[test]
    fn bare_values_and_escapes() {
        let ms = parse("severity = critical").unwrap();
        assert_eq!(ms[0].value, "critical");
        let ms = parse(r#"msg="say \"hi\"\n""#).unwrap();
        assert_eq!(ms[0].value, "say \"hi\"\n");
        let ms = parse(r#"instance=~"10\.0\..*""#).unwrap();
        assert!(ms[0].matches(&labels(&[("instance", "10.0.0.1")])));
        assert!(!ms[0].matches(&labels(&[("instance", "10x0.0.1")])));
    }

    #[test]
    fn regex_is_anchored_and_missing_is_empty() {
        let m = &parse(r#"service=~"checkout|cart""#).unwrap()[0];
        assert!(m.matches(&labels(&[("service", "cart")])));
        assert!(!m.matches(&labels(&[("service", "carts")])));
        assert!(!m.matches(&labels(&[("service", "my-cart")])));
        let m = &parse(r#"team="""#).unwrap()[0];
        assert!(m.matches(&labels(&[])));
        let m = &parse(r#"automation!="none""#).unwrap()[0];
        assert!(m.matches(&labels(&[])));
    }

    #[test]
    fn errors_point_into_the_text() {
        let e = parse(r#"severity=="x""#).unwrap_err();
        assert_eq!(e.code, "invalid-matcher");
        let e = parse(r#"service=~"(""#).unwrap_err();
        assert_eq!((e.code, e.offset), ("invalid-regex", 9));
        let e = parse(r#"1abc="x""#).unwrap_err();
        assert_eq!(e.offset, 0);
        let e = parse(r#"a="x"#).unwrap_err();
        assert!(e.message.contains("unterminated"));
        let e = parse(r#"a ~ "x""#).unwrap_err();
        assert!(e.message.contains("=, !=, =~, !~"), "{}", e.message);
        assert!(parse("").is_err());
    }
}
