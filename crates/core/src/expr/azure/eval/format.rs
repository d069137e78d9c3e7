//! `format(formatString, args…)`: `{0}`…`{255}` replaced by the arguments converted to
//! strings, `{{` and `}}` for braces, `{0:yyyyMMdd}` format specifiers for dates. An
//! argument is evaluated once, when the format string first uses it.

use super::Call;
use crate::expr::ExprError;
use crate::expr::azure::convert;
use crate::expr::azure::text;
use crate::expr::azure::value::Value;

pub(super) fn format<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let format = call.string_arg(0)?;
    let mut args: Vec<Option<Value<'a>>> = vec![None; call.args.len().saturating_sub(1)];
    let mut out = String::new();
    let bytes = format.as_bytes();
    let invalid = || {
        call.error(format!(
            "The following format string is invalid: {}",
            text::quote(&format)
        ))
    };
    let mut index = 0_usize;
    while index < bytes.len() {
        let lbrace = find(bytes, b'{', index);
        let rbrace = find(bytes, b'}', index);
        match (lbrace, rbrace) {
            (Some(l), r) if r.is_none_or(|r| r > l) => {
                if bytes.get(l.saturating_add(1)) == Some(&b'{') {
                    out.push_str(format.get(index..=l).unwrap_or(""));
                    index = l.saturating_add(2);
                    continue;
                }
                let (arg, specifiers, close) = read_placeholder(&format, l).ok_or_else(invalid)?;
                let slot = args.get_mut(arg).ok_or_else(|| {
                    call.error(format!(
                        "The following format string references more arguments than were supplied: {}",
                        text::quote(&format)
                    ))
                })?;
                out.push_str(format.get(index..l).unwrap_or(""));
                if slot.is_none() {
                    *slot = Some(call.arg(arg.saturating_add(1))?);
                }
                if let Some(value) = slot {
                    append(call, &mut out, value, &specifiers)?;
                }
                index = close.saturating_add(1);
            }
            (_, Some(r)) => {
                if bytes.get(r.saturating_add(1)) != Some(&b'}') {
                    return Err(invalid());
                }
                out.push_str(format.get(index..=r).unwrap_or(""));
                index = r.saturating_add(2);
            }
            _ => {
                out.push_str(format.get(index..).unwrap_or(""));
                break;
            }
        }
        call.check_size(out.len())?;
    }
    call.check_size(out.len())?;
    Ok(Value::string(out))
}

fn find(bytes: &[u8], needle: u8, from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.iter()
        .position(|&b| b == needle)
        .and_then(|i| i.checked_add(from))
}

/// Read `{digits[:specifiers]}` at `lbrace`: the argument index (0–255), the specifiers
/// (`}}` inside them is a `}`) and the position of the closing brace.
fn read_placeholder(format: &str, lbrace: usize) -> Option<(usize, String, usize)> {
    let bytes = format.as_bytes();
    let start = lbrace.checked_add(1)?;
    let digits = bytes
        .get(start..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let after = start.checked_add(digits)?;
    let arg: u8 = format.get(start..after)?.parse().ok()?;
    match bytes.get(after)? {
        b'}' => Some((usize::from(arg), String::new(), after)),
        b':' => {
            let mut specifiers = Vec::new();
            let mut at = after.checked_add(1)?;
            loop {
                let c = *bytes.get(at)?;
                if c != b'}' {
                    specifiers.push(c);
                    at = at.checked_add(1)?;
                } else if bytes.get(at.checked_add(1)?) == Some(&b'}') {
                    specifiers.push(b'}');
                    at = at.checked_add(2)?;
                } else {
                    let specifiers = String::from_utf8(specifiers).ok()?;
                    return Some((usize::from(arg), specifiers, at));
                }
            }
        }
        _ => None,
    }
}

fn append(
    call: &Call<'_, '_>,
    out: &mut String,
    value: &Value<'_>,
    specifiers: &str,
) -> Result<(), ExprError> {
    if specifiers.is_empty() {
        let s = convert::to_string(value).map_err(|e| call.cast_error(&e))?;
        out.push_str(&s);
        return Ok(());
    }
    let bad = || {
        call.error(format!(
            "The format specifiers '{specifiers}' are not valid for objects of type '{}'",
            value.kind_name()
        ))
    };
    match value {
        Value::DateTime(date) => {
            out.push_str(&date.format(specifiers).map_err(|_| bad())?);
            Ok(())
        }
        _ => Err(bad()),
    }
}
