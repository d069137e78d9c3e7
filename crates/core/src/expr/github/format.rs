//! `format(template, args…)`: `{N}` is argument N as a string, `{{` and `}}` are
//! literal braces; anything else with a brace is an invalid format string.

/// What went wrong, with GitHub's wording.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FormatError {
    Invalid,
    MissingArgument,
    TooLong,
}

impl FormatError {
    pub(crate) fn message(&self, template: &str) -> String {
        match self {
            FormatError::Invalid => format!("The following format string is invalid: {template}"),
            FormatError::MissingArgument => format!(
                "The following format string references more arguments than were supplied: {template}"
            ),
            FormatError::TooLong => String::new(),
        }
    }
}

/// Expand `template` with `args` (already strings), stopping with
/// [`FormatError::TooLong`] once the result is longer than `limit` bytes.
pub(crate) fn format(template: &str, args: &[&str], limit: usize) -> Result<String, FormatError> {
    let mut out = String::new();
    let mut rest = template;
    loop {
        if out.len() > limit {
            return Err(FormatError::TooLong);
        }
        let lbrace = rest.find('{');
        let rbrace = rest.find('}');
        match (lbrace, rbrace) {
            (Some(l), r) if r.is_none_or(|r| r > l) => {
                let (before, after) = rest.split_at(l);
                let after = after.get(1..).unwrap_or("");
                if let Some(tail) = after.strip_prefix('{') {
                    out.push_str(before);
                    out.push('{');
                    rest = tail;
                    continue;
                }
                let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                let tail = after.get(digits..).unwrap_or("");
                let Some(tail) = tail.strip_prefix('}').filter(|_| digits > 0) else {
                    return Err(FormatError::Invalid);
                };
                let arg = after
                    .get(..digits)
                    .and_then(|d| d.parse::<usize>().ok())
                    .and_then(|i| args.get(i))
                    .ok_or(FormatError::MissingArgument)?;
                out.push_str(before);
                out.push_str(arg);
                rest = tail;
            }
            (_, Some(r)) => {
                let (before, after) = rest.split_at(r);
                let Some(tail) = after.strip_prefix("}}") else {
                    return Err(FormatError::Invalid);
                };
                out.push_str(before);
                out.push('}');
                rest = tail;
            }
            _ => {
                out.push_str(rest);
                return Ok(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_and_unescapes() {
        let f = |t: &str, a: &[&str]| format(t, a, usize::MAX);
        assert_eq!(
            f("123{0}456{1}789", &["abc", "def"]).unwrap(),
            "123abc456def789"
        );
        assert_eq!(f("{{{{0}}}}", &["abc"]).unwrap(), "{{0}}");
        assert_eq!(f("}}{{}}", &["abc"]).unwrap(), "}{}");
        assert_eq!(f("{00}", &["x"]).unwrap(), "x");
        for bad in [
            "{0", "{0}}", "0}", "{{0}", "}0{", "}{0}", "{0}{", "{ 0}", "{0 }", "{0:x}", "{}",
        ] {
            assert_eq!(f(bad, &[""]), Err(FormatError::Invalid), "{bad}");
        }
        assert_eq!(f("{0}{1}", &["abc"]), Err(FormatError::MissingArgument));
        assert_eq!(
            f("{99999999999999999999999}", &["abc"]),
            Err(FormatError::MissingArgument)
        );
    }

    #[test]
    fn stops_growing_at_the_limit() {
        let t = "{0}".repeat(100);
        assert_eq!(format(&t, &["0123456789"], 50), Err(FormatError::TooLong));
    }
}
