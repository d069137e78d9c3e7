//! `on.schedule[*].cron`: POSIX cron with five fields, as GitHub accepts it.
//!
//! Source: GitHub Docs, "Events that trigger workflows" §schedule
//! (`/work/shared/notes/platform-reference.md` §2.5).

/// Why a cron expression is invalid, with the 0-based index of the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronError {
    pub field: Option<usize>,
    pub message: String,
}

/// A field's name and its inclusive range.
const FIELDS: [(&str, u32, u32); 5] = [
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 6),
];

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Check a cron expression. On success, returns the smallest interval in minutes between
/// two runs within an hour when the minute field fires more than once an hour (for the
/// "more often than every 5 minutes" warning), else `None`.
pub fn check(expr: &str) -> Result<Option<u32>, CronError> {
    let trimmed = expr.trim();
    if trimmed.starts_with('@') {
        return Err(CronError {
            field: None,
            message: format!(
                "cron macro \"{trimmed}\" is not supported by GitHub; write the five fields (minute hour day-of-month month day-of-week)"
            ),
        });
    }
    let fields: Vec<&str> = trimmed.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(CronError {
            field: None,
            message: format!(
                "cron expression \"{trimmed}\" has {} field(s), expected 5 (minute hour day-of-month month day-of-week)",
                fields.len()
            ),
        });
    }
    let mut minutes: Vec<u32> = Vec::new();
    for (i, (field, (name, lo, hi))) in fields.iter().zip(FIELDS).enumerate() {
        let names: &[&str] = match i {
            3 => &MONTHS,
            4 => &DAYS,
            _ => &[],
        };
        // Day of week 7 is Sunday in most crons, and GitHub accepts it.
        let hi_ok = if i == 4 { 7 } else { hi };
        let values = parse_field(field, lo, hi_ok, names, i).map_err(|m| CronError {
            field: Some(i),
            message: format!("invalid {name} field \"{field}\" in cron \"{trimmed}\": {m}"),
        })?;
        if i == 0 {
            minutes = values;
        }
    }
    minutes.sort_unstable();
    minutes.dedup();
    let mut min_gap: Option<u32> = None;
    for pair in minutes.windows(2) {
        if let [a, b] = pair {
            let gap = b.saturating_sub(*a);
            min_gap = Some(min_gap.map_or(gap, |g| g.min(gap)));
        }
    }
    // The wrap from the last minute of one hour to the first of the next.
    if let (Some(first), Some(last)) = (minutes.first(), minutes.last()) {
        if minutes.len() > 1 {
            let wrap = 60u32.saturating_sub(*last).saturating_add(*first);
            min_gap = Some(min_gap.map_or(wrap, |g| g.min(wrap)));
        }
    }
    Ok(min_gap)
}

/// Parse one field into the values it selects.
fn parse_field(
    field: &str,
    lo: u32,
    hi: u32,
    names: &[&str],
    index: usize,
) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in field.split(',') {
        if part.is_empty() {
            return Err("empty list item".to_owned());
        }
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => {
                let step: u32 = s
                    .parse()
                    .map_err(|_| format!("step \"{s}\" is not a number"))?;
                if step == 0 {
                    return Err("step 0 is not allowed".to_owned());
                }
                (r, step)
            }
            None => (part, 1),
        };
        let (start, end) = if range == "*" {
            (lo, if index == 4 { 6 } else { hi })
        } else if let Some((a, b)) = range.split_once('-') {
            let a = value(a, lo, hi, names)?;
            let b = value(b, lo, hi, names)?;
            if a > b {
                return Err(format!("range {a}-{b} is backwards"));
            }
            (a, b)
        } else {
            let v = value(range, lo, hi, names)?;
            // `5/15` means "from 5 every 15" in Vixie cron.
            if step > 1 { (v, hi) } else { (v, v) }
        };
        let mut v = start;
        while v <= end {
            out.push(v);
            v = v.saturating_add(step);
            if v == u32::MAX {
                break;
            }
        }
    }
    Ok(out)
}

fn value(s: &str, lo: u32, hi: u32, names: &[&str]) -> Result<u32, String> {
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        // Month names start at 1, day names at 0.
        let base = if names.len() == 12 { 1 } else { 0 };
        return Ok(u32::try_from(i).unwrap_or(0).saturating_add(base));
    }
    let v: u32 = s.parse().map_err(|_| {
        if names.is_empty() {
            format!("\"{s}\" is not a number")
        } else {
            format!("\"{s}\" is not a number or a name ({})", names.join(", "))
        }
    })?;
    if v < lo || v > hi {
        return Err(format!("{v} is out of range {lo}-{hi}"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid() {
        assert_eq!(check("0 0 * * *"), Ok(None));
        assert_eq!(check("*/15 * * * MON-FRI"), Ok(Some(15)));
        assert_eq!(check("30 5,17 * JAN-DEC 0,7"), Ok(None));
        assert_eq!(check("*/1 * * * *"), Ok(Some(1)));
        assert_eq!(check("5/10 * * * *"), Ok(Some(10)));
    }

    #[test]
    fn invalid() {
        assert!(check("@daily").is_err());
        assert!(check("0 0 * *").is_err());
        assert_eq!(check("60 * * * *").unwrap_err().field, Some(0));
        assert_eq!(check("0 24 * * *").unwrap_err().field, Some(1));
        assert_eq!(check("0 0 0 * *").unwrap_err().field, Some(2));
        assert!(check("0 0 * FOO *").is_err());
        assert!(check("*/0 * * * *").is_err());
        assert!(check("5-1 * * * *").is_err());
    }
}
