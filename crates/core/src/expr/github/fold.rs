//! Case-insensitive string comparison, the way GitHub expressions do it.
//!
//! Strings are upper-cased with Unicode's full mapping except the dotless `ı`, which
//! stays as it is (so `ı` ≠ `I` while `ς`, `σ` and `Σ` are all equal), then compared
//! code unit by code unit in UTF-16, like JavaScript's `<` on strings. Context names,
//! property names, `==`, `<`, `startsWith`, `endsWith` and `contains` all use this.

use std::borrow::Cow;
use std::cmp::Ordering;

/// The upper-case form of one character (`ı` excepted).
fn upper(c: char) -> impl Iterator<Item = char> {
    let keep = c == 'ı';
    let mapped = c.to_uppercase();
    let (first, rest) = if keep {
        (Some(c), None)
    } else {
        (None, Some(mapped))
    };
    first.into_iter().chain(rest.into_iter().flatten())
}

/// The folded (upper-case) characters of `s`.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(upper)
}

/// `s` folded, borrowed when it is already upper-case ASCII.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_lowercase()) {
        Cow::Borrowed(s)
    } else if s.is_ascii() {
        Cow::Owned(s.to_ascii_uppercase())
    } else {
        Cow::Owned(folded(s).collect())
    }
}

/// Case-insensitive equality.
pub(crate) fn eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        folded(a).eq(folded(b))
    }
}

/// Case-insensitive ordering (UTF-16 code units of the folded strings).
pub(crate) fn cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        let ua = a.bytes().map(|c| c.to_ascii_uppercase());
        let ub = b.bytes().map(|c| c.to_ascii_uppercase());
        return ua.cmp(ub);
    }
    let ua: Vec<u16> = folded(a).collect::<String>().encode_utf16().collect();
    let ub: Vec<u16> = folded(b).collect::<String>().encode_utf16().collect();
    ua.cmp(&ub)
}

/// Case-insensitive `haystack.startsWith(needle)`.
pub(crate) fn starts_with(haystack: &str, needle: &str) -> bool {
    fold(haystack).starts_with(fold(needle).as_ref())
}

/// Case-insensitive `haystack.endsWith(needle)`.
pub(crate) fn ends_with(haystack: &str, needle: &str) -> bool {
    fold(haystack).ends_with(fold(needle).as_ref())
}

/// Case-insensitive `haystack.includes(needle)`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(fold(needle).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigma_umlaut_and_cyrillic_fold_together() {
        assert!(eq("ς", "Σ") && eq("ς", "σ") && eq("Σ", "σ"));
        assert!(eq("ü", "Ü") && eq("ç", "Ç"));
        assert!(eq("АБВЯ", "абвя"));
        assert!(eq("abcXYZ", "ABCxyz"));
    }

    #[test]
    fn turkish_i_stays_distinct() {
        assert!(!eq("i", "İ") && !eq("ı", "I"));
        assert_eq!(cmp("i", "İ"), Ordering::Less);
        assert_eq!(cmp("ı", "I"), Ordering::Greater);
    }

    #[test]
    fn ordering_upper_cases_first() {
        // 'a' folds to 'A' (65), which sorts before '[' (91).
        assert_eq!(cmp("a", "["), Ordering::Less);
        assert_eq!(cmp("abc", "ABC"), Ordering::Equal);
        assert_eq!(cmp("def", "abc"), Ordering::Greater);
    }

    #[test]
    fn substring_helpers() {
        assert!(starts_with("ς_asdf", "Σ"));
        assert!(ends_with("asdf_ABC", "abc"));
        assert!(contains("abCdEf", "cDe"));
        assert!(!ends_with("asdf_i", "İ"));
    }
}
