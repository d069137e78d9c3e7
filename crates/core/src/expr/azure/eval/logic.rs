//! `and`, `or`, `not`, `xor`, `iif`, `coalesce`.

use super::Call;
use crate::expr::ExprError;
use crate::expr::azure::convert::to_bool;
use crate::expr::azure::value::Value;

/// True if every argument is true; stops at the first false.
pub(super) fn and<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    for i in 0..call.args.len() {
        if !to_bool(&call.arg(i)?) {
            return Ok(Value::Boolean(false));
        }
    }
    Ok(Value::Boolean(true))
}

/// True if any argument is true; stops at the first true.
pub(super) fn or<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    for i in 0..call.args.len() {
        if to_bool(&call.arg(i)?) {
            return Ok(Value::Boolean(true));
        }
    }
    Ok(Value::Boolean(false))
}

pub(super) fn not<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    Ok(Value::Boolean(!to_bool(&call.arg(0)?)))
}

pub(super) fn xor<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let left = to_bool(&call.arg(0)?);
    let right = to_bool(&call.arg(1)?);
    Ok(Value::Boolean(left != right))
}

/// `iif(condition, whenTrue, whenFalse)`. Both branches are evaluated (an error in the
/// branch not taken is still an error): Azure's `iif` does not short-circuit (conformance
/// `iif-functions-ado-no-short-circuit-*`).
pub(super) fn iif<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let condition = to_bool(&call.arg(0)?);
    let when_true = call.arg(1)?;
    let when_false = call.arg(2)?;
    Ok(if condition { when_true } else { when_false })
}

/// The first argument that is neither null nor `''`; when all are, the last one.
pub(super) fn coalesce<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let mut last = Value::Null;
    for i in 0..call.args.len() {
        let v = call.arg(i)?;
        match &v {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            _ => return Ok(v),
        }
        last = v;
    }
    Ok(last)
}
