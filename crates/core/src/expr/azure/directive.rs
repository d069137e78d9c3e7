//! Template directives: what the text inside a `${{ }}` mapping key or sequence item
//! is — `if <condition>`, `elseif <condition>`, `else`, `each <name> in <collection>`,
//! `insert`, or a plain expression. Ranges are byte offsets into the given text, so the
//! condition or collection can be parsed and its errors placed.

use std::ops::Range;

use super::lexer::is_legal_keyword;
use super::text::is_dotnet_whitespace;

/// A `${{ }}` body, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Directive {
    /// `if <condition>`
    If { condition: Range<usize> },
    /// `elseif <condition>`
    ElseIf { condition: Range<usize> },
    /// `else`
    Else,
    /// `each <variable> in <collection>`
    Each {
        variable: Range<usize>,
        collection: Range<usize>,
    },
    /// `insert`
    Insert,
    /// Anything else: an expression to evaluate.
    Expression,
}

/// Classify the text inside `${{ }}`.
pub fn directive(text: &str) -> Directive {
    let start = text
        .len()
        .saturating_sub(text.trim_start_matches(is_dotnet_whitespace).len());
    let end = text.trim_end_matches(is_dotnet_whitespace).len();
    let body = text.get(start..end).unwrap_or("");
    let word_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let word = body.get(..word_len).unwrap_or("");
    let rest = body.get(word_len..).unwrap_or("");
    let rest_start = start.saturating_add(word_len);
    // A keyword counts only when followed by whitespace (or nothing, for `else`):
    // `if(x)` is a call of an unknown function `if`.
    let separated = rest.is_empty() || rest.starts_with(is_dotnet_whitespace);
    if !separated {
        return Directive::Expression;
    }
    match word {
        "if" if !rest.is_empty() => Directive::If {
            condition: trimmed(text, rest_start, end),
        },
        "elseif" if !rest.is_empty() => Directive::ElseIf {
            condition: trimmed(text, rest_start, end),
        },
        "else" if rest.is_empty() => Directive::Else,
        "insert" if rest.is_empty() => Directive::Insert,
        "each" => each(text, rest_start, end).unwrap_or(Directive::Expression),
        _ => Directive::Expression,
    }
}

/// `<variable> in <collection>` between `from` and `to`.
fn each(text: &str, from: usize, to: usize) -> Option<Directive> {
    let variable = trimmed(text, from, to);
    let var_text = text.get(variable.clone())?;
    let var_len = var_text.find(is_dotnet_whitespace)?;
    let name = var_text.get(..var_len)?;
    if !is_legal_keyword(name) {
        return None;
    }
    let after_var = variable.start.checked_add(var_len)?;
    let rest = trimmed(text, after_var, to);
    let rest_text = text.get(rest.clone())?;
    let collection_text = rest_text.strip_prefix("in")?;
    if !collection_text.starts_with(is_dotnet_whitespace) {
        return None;
    }
    let collection = trimmed(text, rest.start.checked_add(2)?, to);
    if collection.is_empty() {
        return None;
    }
    Some(Directive::Each {
        variable: variable.start..after_var,
        collection,
    })
}

/// `from..to` without surrounding whitespace.
fn trimmed(text: &str, from: usize, to: usize) -> Range<usize> {
    let slice = text.get(from..to).unwrap_or("");
    let lead = slice
        .len()
        .saturating_sub(slice.trim_start_matches(is_dotnet_whitespace).len());
    let kept = slice.trim_matches(is_dotnet_whitespace).len();
    let start = from.saturating_add(lead);
    start..start.saturating_add(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        let t = " if eq(a, 'b') ";
        let Directive::If { condition } = directive(t) else {
            panic!()
        };
        assert_eq!(t.get(condition), Some("eq(a, 'b')"));
        assert!(matches!(directive("elseif true"), Directive::ElseIf { .. }));
        assert_eq!(directive(" else "), Directive::Else);
        assert_eq!(directive("insert"), Directive::Insert);
        let t = "each env in split(x, ',')";
        let Directive::Each {
            variable,
            collection,
        } = directive(t)
        else {
            panic!()
        };
        assert_eq!(
            (t.get(variable), t.get(collection)),
            (Some("env"), Some("split(x, ',')"))
        );
        assert_eq!(directive("iff(true)"), Directive::Expression);
        assert_eq!(directive("each x"), Directive::Expression);
        assert_eq!(directive("parameters.if"), Directive::Expression);
        assert_eq!(directive("else()"), Directive::Expression);
        assert_eq!(directive("if(true)"), Directive::Expression);
    }
}
