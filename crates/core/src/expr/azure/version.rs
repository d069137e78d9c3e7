//! Versions: .NET `System.Version` (`Major.Minor[.Build[.Revision]]`).

use std::fmt;

/// A version value. Missing components are -1, as in .NET, so `1.2` < `1.2.0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: i32,
    pub minor: i32,
    pub build: i32,
    pub revision: i32,
}

impl Version {
    /// .NET `Version.TryParse`: 2 to 4 components separated by `.`, each parsed with
    /// `Int32.TryParse(NumberStyles.Integer)` (surrounding ASCII whitespace and a sign
    /// allowed) and not negative.
    pub fn parse(s: &str) -> Option<Version> {
        let mut parts = [-1_i32; 4];
        let mut count = 0_usize;
        for piece in s.split('.') {
            let slot = parts.get_mut(count)?;
            *slot = component(piece)?;
            count = count.checked_add(1)?;
        }
        if count < 2 {
            return None;
        }
        let [major, minor, build, revision] = parts;
        Some(Version {
            major,
            minor,
            build,
            revision,
        })
    }
}

fn component(piece: &str) -> Option<i32> {
    let trimmed = piece.trim_matches(super::text::is_number_whitespace);
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = match digits.trim_start_matches('0') {
        "" => 0,
        d if d.len() > 10 => return None,
        d => d.parse().ok()?,
    };
    let value = if negative {
        value.checked_neg()?
    } else {
        value
    };
    let value = i32::try_from(value).ok()?;
    (value >= 0).then_some(value)
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if self.build >= 0 {
            write!(f, ".{}", self.build)?;
            if self.revision >= 0 {
                write!(f, ".{}", self.revision)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_dotnet() {
        assert_eq!(Version::parse("1.2.3").unwrap().to_string(), "1.2.3");
        assert_eq!(Version::parse("01.2.3.4").unwrap().to_string(), "1.2.3.4");
        assert_eq!(Version::parse(" 1 .+2").unwrap().to_string(), "1.2");
        assert_eq!(Version::parse("1.-0").unwrap().to_string(), "1.0");
        assert!(Version::parse("1").is_none());
        assert!(Version::parse("1.2.3.4.5").is_none());
        assert!(Version::parse("1..2").is_none());
        assert!(Version::parse("1.-2").is_none());
        assert!(Version::parse("0.9.o.9").is_none());
        assert!(Version::parse("1.2147483648").is_none());
        assert!(Version::parse("1.2") < Version::parse("1.2.0"));
        assert!(Version::parse("1.10") > Version::parse("1.9.9"));
    }
}
