//! `length`, `join`, `split`, `convertToJson`.

use std::rc::Rc;

use super::Call;
use crate::expr::ExprError;
use crate::expr::azure::convert;
use crate::expr::azure::text;
use crate::expr::azure::value::{Array, ITEM_WEIGHT, Value};

/// Length of a string (UTF-16 units, as .NET counts), array or object; 0 for anything else.
pub(super) fn length<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let n = match call.arg(0)? {
        Value::String(s) => text::utf16_len(&s),
        Value::Array(array) => array.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    };
    Ok(Value::Number(n.into()))
}

/// `join(separator, array)`: items converted to strings (arrays and objects become `''`).
/// A primitive instead of an array is returned as a string; an object gives `''`.
pub(super) fn join<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let items = call.arg(1)?;
    match &items {
        Value::Array(array) if !array.is_empty() => {
            let separator = call.string_arg(0)?;
            let mut out = String::new();
            for (i, item) in array.items().iter().enumerate() {
                if i > 0 {
                    out.push_str(&separator);
                }
                if let Some(s) = convert::try_string(item).filter(|_| item.is_primitive()) {
                    out.push_str(&s);
                }
                call.check_size(out.len())?;
            }
            Ok(Value::string(out))
        }
        Value::Array(_) | Value::Object(_) => Ok(Value::string("")),
        primitive => {
            let s = convert::to_string(primitive).map_err(|e| call.cast_error(&e))?;
            Ok(Value::string(s.as_ref()))
        }
    }
}

/// `split(string, delimiters)`: splits at any of the delimiter characters, keeping empty
/// parts (.NET `String.Split(char[])`); no delimiter characters split at whitespace.
pub(super) fn split<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let input = call.string_arg(0)?;
    let delimiters: Vec<char> = call.string_arg(1)?.chars().collect();
    let is_delimiter = |c: char| {
        if delimiters.is_empty() {
            text::is_dotnet_whitespace(c)
        } else {
            delimiters.contains(&c)
        }
    };
    let parts = input
        .chars()
        .filter(|&c| is_delimiter(c))
        .count()
        .saturating_add(1);
    call.check_size(
        parts
            .saturating_mul(ITEM_WEIGHT)
            .saturating_add(input.len()),
    )?;
    let items = input.split(is_delimiter).map(Value::string).collect();
    Ok(Value::Array(Array::Owned(Rc::new(items))))
}

/// `convertToJson(value)`: indented JSON (two spaces, `"key": value`), as Azure prints
/// it with Newtonsoft.Json. Versions and dates are strings.
pub(super) fn convert_to_json<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let value = call.arg(0)?;
    let json = serde_json::to_string_pretty(&value.to_json())
        .map_err(|e| call.error(format!("convertToJson: {e}")))?;
    call.check_size(json.len())?;
    Ok(Value::string(json))
}
