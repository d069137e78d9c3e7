//! `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `in`, `notIn`, `containsValue`: the right
//! operand(s) converted to the left operand's kind (see [`crate::expr::azure::convert`]).

use std::cmp::Ordering;

use super::Call;
use crate::expr::ExprError;
use crate::expr::azure::convert;
use crate::expr::azure::value::Value;

/// `eq` (or `ne` when `negate`): a failed conversion is "not equal".
pub(super) fn eq<'a>(call: &Call<'_, 'a>, negate: bool) -> Result<Value<'a>, ExprError> {
    let left = call.arg(0)?;
    let right = call.arg(1)?;
    Ok(Value::Boolean(convert::equals(&left, &right) != negate))
}

/// `gt`, `ge`, `lt`, `le`: a failed conversion is an error.
pub(super) fn order<'a>(
    call: &Call<'_, 'a>,
    test: fn(Ordering) -> bool,
) -> Result<Value<'a>, ExprError> {
    let left = call.arg(0)?;
    let right = call.arg(1)?;
    let ordering = convert::compare(&left, &right).map_err(|e| call.cast_error(&e))?;
    Ok(Value::Boolean(test(ordering)))
}

/// `in` (or `notIn` when `negate`): stops at the first match.
pub(super) fn is_in<'a>(call: &Call<'_, 'a>, negate: bool) -> Result<Value<'a>, ExprError> {
    let left = call.arg(0)?;
    for i in 1..call.args.len() {
        if convert::equals(&left, &call.arg(i)?) {
            return Ok(Value::Boolean(!negate));
        }
    }
    Ok(Value::Boolean(negate))
}

/// `containsValue(collection, value)`: each array item (or object property value) is
/// converted to the kind of `value` and compared; stops at the first match. Anything but
/// an array or object contains nothing.
pub(super) fn contains_value<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let collection = call.arg(0)?;
    let needle = call.arg(1)?;
    let found = match &collection {
        Value::Array(array) => (0..array.len())
            .filter_map(|i| array.get(i))
            .any(|item| convert::equals(&needle, &item)),
        Value::Object(map) => map
            .values()
            .any(|item| convert::equals(&needle, &Value::from_json(item))),
        _ => false,
    };
    Ok(Value::Boolean(found))
}
