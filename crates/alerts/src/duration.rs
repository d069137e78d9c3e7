//! Durations as written in `alerts.yml`: Prometheus style, one or more `<n><unit>`
//! parts with units `ms`, `s`, `m`, `h`, `d`, `w` (`90s`, `10m`, `1h30m`).

/// Parse a duration into milliseconds.
pub fn parse_ms(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration; expected e.g. `30s`, `10m`, `1h30m`".into());
    }
    let mut total: u64 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(format!(
                "invalid duration {text:?}: expected a number at {rest:?} (e.g. `30s`, `10m`, `1h30m`)"
            ));
        }
        let (num, tail) = rest.split_at(digits);
        let n: u64 = num
            .parse()
            .map_err(|_| format!("invalid duration {text:?}: number too large"))?;
        let unit_len = tail.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (unit, tail) = tail.split_at(unit_len);
        let factor: u64 = match unit {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            "" => {
                return Err(format!(
                    "invalid duration {text:?}: missing unit after {num}; expected one of ms, s, m, h, d, w"
                ));
            }
            other => {
                return Err(format!(
                    "invalid duration {text:?}: unknown unit `{other}`; expected one of ms, s, m, h, d, w"
                ));
            }
        };
        total = n
            .checked_mul(factor)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("invalid duration {text:?}: too large"))?;
        rest = tail;
    }
    Ok(total)
}

/// Format milliseconds back into the shortest `1h30m` form (for messages and docs).
pub fn format_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = ms;
    for (unit, size) in [
        ("d", 86_400_000u64),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ] {
        let n = rest.checked_div(size).unwrap_or(0);
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
            rest = rest.checked_rem(size).unwrap_or(0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prometheus_durations() {
        assert_eq!(parse_ms("30s"), Ok(30_000));
        assert_eq!(parse_ms("1h30m"), Ok(5_400_000));
        assert_eq!(parse_ms("250ms"), Ok(250));
        assert_eq!(parse_ms("2d"), Ok(172_800_000));
        assert!(parse_ms("10").unwrap_err().contains("missing unit"));
        assert!(parse_ms("10y").unwrap_err().contains("unknown unit `y`"));
        assert!(parse_ms("").is_err());
        assert!(parse_ms("m").is_err());
        assert!(parse_ms("99999999999999999999s").is_err());
        assert_eq!(format_ms(5_400_000), "1h30m");
        assert_eq!(format_ms(1_500), "1s500ms");
    }
}
