//! String functions: `contains`, `startsWith`, `endsWith`, `lower`, `upper`, `trim`,
//! `replace`, `substring`.

use rust_decimal::prelude::ToPrimitive;

use super::Call;
use crate::expr::ExprError;
use crate::expr::azure::convert;
use crate::expr::azure::value::Value;

/// `contains`/`startsWith`/`endsWith`: both sides converted to strings and compared
/// ignoring case; false when either side is an array or object.
pub(super) fn test<'a>(
    call: &Call<'_, 'a>,
    test: fn(&str, &str) -> bool,
) -> Result<Value<'a>, ExprError> {
    let left = call.arg(0)?;
    let right = call.arg(1)?;
    let result = match (convert::try_string(&left), convert::try_string(&right)) {
        (Some(l), Some(r)) => test(&l, &r),
        _ => false,
    };
    Ok(Value::Boolean(result))
}

/// `lower`/`upper`/`trim`: the argument converted to a string, transformed.
pub(super) fn map<'a>(
    call: &Call<'_, 'a>,
    f: impl Fn(&str) -> String,
) -> Result<Value<'a>, ExprError> {
    let s = call.string_arg(0)?;
    let out = f(&s);
    call.check_size(out.len())?;
    Ok(Value::string(out))
}

/// `replace(input, old, new)`: ordinal and case-sensitive, like .NET `String.Replace`,
/// which also refuses an empty `old`.
pub(super) fn replace<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let input = call.string_arg(0)?;
    let old = call.string_arg(1)?;
    let new = call.string_arg(2)?;
    if old.is_empty() {
        return Err(call.error("String cannot be of zero length. (Parameter 'oldValue')"));
    }
    let count = input.matches(old.as_str()).count();
    let size = input
        .len()
        .saturating_sub(count.saturating_mul(old.len()))
        .saturating_add(count.saturating_mul(new.len()));
    call.check_size(size)?;
    Ok(Value::string(input.replace(old.as_str(), &new)))
}

/// `substring(input, start[, length])`, in UTF-16 units like .NET `String.Substring`.
/// Not in the Azure documentation; conformance `substring-function-1` uses it.
pub(super) fn substring<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let input = call.string_arg(0)?;
    let units: Vec<u16> = input.encode_utf16().collect();
    let start = integer_arg(call, 1, "startIndex")?;
    let available = units.len().checked_sub(start).ok_or_else(|| {
        call.error(format!(
            "substring: startIndex {start} is larger than the length of the string ({})",
            units.len()
        ))
    })?;
    let length = if call.args.len() > 2 {
        let length = integer_arg(call, 2, "length")?;
        if length > available {
            return Err(call.error(format!(
                "substring: startIndex {start} and length {length} go past the end of the string ({})",
                units.len()
            )));
        }
        length
    } else {
        available
    };
    let end = start.saturating_add(length);
    Ok(Value::string(String::from_utf16_lossy(
        units.get(start..end).unwrap_or_default(),
    )))
}

fn integer_arg(call: &Call<'_, '_>, i: usize, name: &str) -> Result<usize, ExprError> {
    let v = call.arg(i)?;
    let n = convert::to_number(&v).map_err(|e| call.cast_error(&e))?;
    if let Some(u) = n.to_usize().filter(|_| n.fract().is_zero()) {
        return Ok(u);
    }
    Err(call.error(format!(
        "substring: {name} must be a whole number, 0 or more; got {}",
        crate::expr::azure::number::format(n)
    )))
}
