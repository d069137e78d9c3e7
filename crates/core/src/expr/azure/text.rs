//! Text with .NET semantics: ordinal ignore-case comparison, invariant case mapping,
//! UTF-16 lengths and positions, and .NET whitespace.
//!
//! Azure Pipelines evaluates expressions in .NET, where strings are UTF-16 and
//! `StringComparison.OrdinalIgnoreCase` compares the upper-cased code units one by one.
//! Rust's full case mapping can turn one character into several (`ß` → `SS`); .NET's
//! invariant mapping never does, so [`fold`] keeps a character whose mapping is not a
//! single character.

use std::cmp::Ordering;

/// The invariant upper-case of `c` when it is a single character, else `c`.
pub(crate) fn fold(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// The invariant lower-case of `c` when it is a single character, else `c`.
fn lower_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// `s` with every character folded (see [`fold`]); char boundaries are kept one to one.
pub(crate) fn folded(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// .NET `ToUpperInvariant`.
pub(crate) fn upper(s: &str) -> String {
    folded(s)
}

/// .NET `ToLowerInvariant`.
pub(crate) fn lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// `String.Equals(a, b, StringComparison.OrdinalIgnoreCase)`.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count() && a.chars().map(fold).eq(b.chars().map(fold))
}

/// `String.Compare(a, b, StringComparison.OrdinalIgnoreCase)`: folded UTF-16 code units.
pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    folded(a).encode_utf16().cmp(folded(b).encode_utf16())
}

/// `haystack.IndexOf(needle, StringComparison.OrdinalIgnoreCase) >= 0`.
pub(crate) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    folded(haystack).contains(&folded(needle))
}

/// `haystack.StartsWith(needle, StringComparison.OrdinalIgnoreCase)`.
pub(crate) fn starts_with_ignore_case(haystack: &str, needle: &str) -> bool {
    folded(haystack).starts_with(&folded(needle))
}

/// `haystack.EndsWith(needle, StringComparison.OrdinalIgnoreCase)`.
pub(crate) fn ends_with_ignore_case(haystack: &str, needle: &str) -> bool {
    folded(haystack).ends_with(&folded(needle))
}

/// .NET `String.Length`: UTF-16 code units.
pub(crate) fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The 1-based .NET character position (UTF-16) of byte offset `byte` in `s`.
pub(crate) fn position(s: &str, byte: usize) -> usize {
    let before = s.get(..byte).unwrap_or(s);
    utf16_len(before).saturating_add(1)
}

/// .NET `Char.IsWhiteSpace`.
pub(crate) fn is_dotnet_whitespace(c: char) -> bool {
    c.is_whitespace()
}

/// The whitespace that `NumberStyles.AllowLeadingWhite`/`AllowTrailingWhite` skip:
/// U+0009–U+000D and U+0020 only.
pub(crate) fn is_number_whitespace(c: char) -> bool {
    matches!(c, '\u{9}'..='\u{d}' | ' ')
}

/// `s` quoted the way Azure quotes values in messages: `'…'` with `'` doubled.
pub(crate) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_case_uses_simple_mapping() {
        assert!(eq_ignore_case("straße", "STRAßE"));
        assert!(!eq_ignore_case("straße", "STRASSE"));
        assert_eq!(cmp_ignore_case("abc", "ABD"), Ordering::Less);
        assert_eq!(utf16_len("a😀"), 3);
        assert_eq!(position("é(x", 2), 2);
    }
}
