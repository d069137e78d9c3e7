//! Dates: the `DateTimeOffset` values Azure exposes at run time (`pipeline.startTime`).
//!
//! JSON has no date type, so a date comes in as an RFC 3339 string
//! (`2024-05-06T07:08:09.5Z`, or Azure's own `2024-05-06 07:08:09+00:00`). A date prints
//! as Azure converts it to a string (`yyyy-MM-dd HH:mm:sszzz`), and `format('{0:…}')`
//! accepts the .NET custom specifiers that the Azure documentation lists:
//! `yyyy yy MM M dd d HH H mm m ss s ffff ff f K`.

use std::fmt::Write as _;

/// A date, time of day and UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub nanosecond: i64,
    /// Offset from UTC in minutes.
    pub offset_minutes: i64,
}

/// Why a date format was refused: the specifiers, for the error message.
#[derive(Debug)]
pub(crate) struct BadSpecifiers;

impl DateTime {
    /// Parse `YYYY-MM-DD(T| )HH:MM:SS[.fraction](Z|±HH:MM)`.
    pub fn parse(s: &str) -> Option<DateTime> {
        let b = s.as_bytes();
        let year = digits(b, 0, 4)?;
        expect(b, 4, b'-')?;
        let month = digits(b, 5, 2)?;
        expect(b, 7, b'-')?;
        let day = digits(b, 8, 2)?;
        if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
            return None;
        }
        let hour = digits(b, 11, 2)?;
        expect(b, 13, b':')?;
        let minute = digits(b, 14, 2)?;
        expect(b, 16, b':')?;
        let second = digits(b, 17, 2)?;
        let mut at = 19_usize;
        let mut nanosecond = 0_i64;
        if b.get(at) == Some(&b'.') {
            at = at.checked_add(1)?;
            let start = at;
            let mut scale = 100_000_000_i64;
            while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
                nanosecond = nanosecond
                    .saturating_add(i64::from(d.wrapping_sub(b'0')).saturating_mul(scale));
                scale /= 10;
                at = at.checked_add(1)?;
            }
            if at == start {
                return None;
            }
        }
        let offset_minutes = match b.get(at)? {
            b'Z' | b'z' if at.checked_add(1)? == b.len() => 0,
            sign @ (b'+' | b'-') => {
                let h = digits(b, at.checked_add(1)?, 2)?;
                expect(b, at.checked_add(3)?, b':')?;
                let m = digits(b, at.checked_add(4)?, 2)?;
                if at.checked_add(6)? != b.len() || h > 14 || m > 59 {
                    return None;
                }
                let total = h.saturating_mul(60).saturating_add(m);
                if *sign == b'-' {
                    total.saturating_neg()
                } else {
                    total
                }
            }
            _ => return None,
        };
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        valid.then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanosecond,
            offset_minutes,
        })
    }

    /// Nanoseconds since 0001-01-01T00:00:00Z, for comparisons.
    pub fn instant(&self) -> i128 {
        let days = i128::from(days_from_civil(self.year, self.month, self.day));
        let seconds = days
            .saturating_mul(86_400)
            .saturating_add(i128::from(self.hour.saturating_mul(3600)))
            .saturating_add(i128::from(self.minute.saturating_mul(60)))
            .saturating_add(i128::from(self.second))
            .saturating_sub(i128::from(self.offset_minutes.saturating_mul(60)));
        seconds
            .saturating_mul(1_000_000_000)
            .saturating_add(i128::from(self.nanosecond))
    }

    /// Format with .NET custom specifiers (the subset Azure documents).
    pub(crate) fn format(&self, specifiers: &str) -> Result<String, BadSpecifiers> {
        let mut out = String::new();
        let mut chars = specifiers.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                out.push(chars.next().ok_or(BadSpecifiers)?);
                continue;
            }
            if c == '\'' || c == '"' {
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(q) => out.push(q),
                        None => return Err(BadSpecifiers),
                    }
                }
                continue;
            }
            if !c.is_ascii_alphabetic() {
                out.push(c);
                continue;
            }
            let mut run = 1_usize;
            while chars.peek() == Some(&c) {
                chars.next();
                run = run.saturating_add(1);
            }
            while run > 0 {
                let take = self.write_specifier(&mut out, c, run)?;
                run = run.saturating_sub(take);
            }
        }
        Ok(out)
    }

    /// Write the longest supported specifier of `run` × `c`; returns how many were used.
    fn write_specifier(
        &self,
        out: &mut String,
        c: char,
        run: usize,
    ) -> Result<usize, BadSpecifiers> {
        let two = |out: &mut String, v: i64| {
            let _ = write!(out, "{v:02}");
        };
        let used = match (c, run) {
            ('y', 4..) => {
                let _ = write!(out, "{:04}", self.year);
                4
            }
            ('y', 2..) => {
                two(out, self.year % 100);
                2
            }
            ('M', 2..) => {
                two(out, self.month);
                2
            }
            ('M', _) => {
                let _ = write!(out, "{}", self.month);
                1
            }
            ('d', 2..) => {
                two(out, self.day);
                2
            }
            ('d', _) => {
                let _ = write!(out, "{}", self.day);
                1
            }
            ('H', 2..) => {
                two(out, self.hour);
                2
            }
            ('H', _) => {
                let _ = write!(out, "{}", self.hour);
                1
            }
            ('m', 2..) => {
                two(out, self.minute);
                2
            }
            ('m', _) => {
                let _ = write!(out, "{}", self.minute);
                1
            }
            ('s', 2..) => {
                two(out, self.second);
                2
            }
            ('s', _) => {
                let _ = write!(out, "{}", self.second);
                1
            }
            ('f', 4..) => {
                let _ = write!(out, "{:04}", self.nanosecond / 100_000);
                4
            }
            ('f', 2..) => {
                two(out, self.nanosecond / 10_000_000);
                2
            }
            ('f', _) => {
                let _ = write!(out, "{}", self.nanosecond / 100_000_000);
                1
            }
            ('K', _) => {
                self.write_offset(out);
                1
            }
            _ => return Err(BadSpecifiers),
        };
        Ok(used)
    }

    fn write_offset(&self, out: &mut String) {
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let abs = self.offset_minutes.saturating_abs();
        let _ = write!(out, "{sign}{:02}:{:02}", abs / 60, abs % 60);
    }
}

impl std::fmt::Display for DateTime {
    /// Azure's string form of a date: `yyyy-MM-dd HH:mm:sszzz`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut offset = String::new();
        self.write_offset(&mut offset);
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{offset}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let slice = b.get(at..at.checked_add(n)?)?;
    slice.iter().try_fold(0_i64, |acc, d| {
        d.is_ascii_digit().then(|| {
            acc.saturating_mul(10)
                .saturating_add(i64::from(d.wrapping_sub(b'0')))
        })
    })
}

fn expect(b: &[u8], at: usize, c: u8) -> Option<()> {
    (b.get(at) == Some(&c)).then_some(())
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 {
        year.saturating_sub(1)
    } else {
        year
    };
    let era = y.div_euclid(400);
    let yoe = y.saturating_sub(era.saturating_mul(400));
    let mp = (month.saturating_add(9)) % 12;
    let doy =
        (153_i64.saturating_mul(mp).saturating_add(2) / 5).saturating_add(day.saturating_sub(1));
    let doe = yoe
        .saturating_mul(365)
        .saturating_add(yoe / 4)
        .saturating_sub(yoe / 100)
        .saturating_add(doy);
    era.saturating_mul(146_097)
        .saturating_add(doe)
        .saturating_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_format() {
        let d = DateTime::parse("2024-02-29T07:08:09.1234567+02:00").unwrap();
        assert_eq!(d.to_string(), "2024-02-29 07:08:09+02:00");
        assert_eq!(d.format("yyyyMMdd").unwrap(), "20240229");
        assert_eq!(
            d.format("yy-M-d H:m:s.ffff K").unwrap(),
            "24-2-29 7:8:9.1234 +02:00"
        );
        assert_eq!(d.format("'at' HH\\h").unwrap(), "at 07h");
        assert!(d.format("yyyyMMddQ").is_err());
        assert!(DateTime::parse("2023-02-29T00:00:00Z").is_none());
        assert!(DateTime::parse("2024-01-01T00:00:00").is_none());
        let utc = DateTime::parse("2024-02-29T05:08:09.1234567Z").unwrap();
        assert_eq!(d.instant(), utc.instant());
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }
}
