//! Property access, indexing and `*` filters.
//!
//! - object: `.name` / `['name']` look the key up (exact, then ignoring case); a missing
//!   key is null. Any primitive index is converted to a string (`[true]` → `'True'`);
//! - array: `[i]` takes item `floor(i)` when the index converts to a number ≥ 0 and is in
//!   range, else null; `.name` on an array is null;
//! - `.*` / `[*]` on an object or array makes a *filtered array* of its values; a later
//!   `.name`, `[i]` or `*` applies to every item and keeps what exists (so
//!   `parameters.jobs.*.name` lists the names); on anything else it is an empty array;
//! - anything else indexed is null.
//!
//! `pipeline.startTime`, when it is an RFC 3339 string, is a date (see [`DateTime`]).

use std::rc::Rc;

use rust_decimal::prelude::ToPrimitive;

use super::{Evaluator, lookup_key};
use crate::expr::ExprError;
use crate::expr::azure::ast::{Accessor, Node};
use crate::expr::azure::convert;
use crate::expr::azure::datetime::DateTime;
use crate::expr::azure::text;
use crate::expr::azure::value::{Array, Value};

/// The index of one access step, evaluated.
enum Index<'a> {
    Wildcard,
    Value(Value<'a>),
}

impl<'a> Evaluator<'a> {
    pub(super) fn access(
        &self,
        base: &'a Node,
        path: &'a [Accessor],
    ) -> Result<Value<'a>, ExprError> {
        let mut current = self.eval(base)?;
        let from_pipeline =
            matches!(base, Node::NamedValue { name, .. } if name.eq_ignore_ascii_case("pipeline"));
        for (i, accessor) in path.iter().enumerate() {
            let index = match accessor {
                Accessor::Property { name, .. } => Index::Value(Value::string(name.as_str())),
                Accessor::Wildcard { .. } => Index::Wildcard,
                Accessor::Index { index, .. } => Index::Value(self.eval(index)?),
            };
            let start_time = from_pipeline && i == 0 && is_start_time(&index);
            current = step(current, &index);
            if start_time {
                current = as_date(current);
            }
        }
        Ok(current)
    }
}

fn is_start_time(index: &Index<'_>) -> bool {
    matches!(index, Index::Value(Value::String(s)) if text::eq_ignore_case(s, "startTime"))
}

fn as_date(value: Value<'_>) -> Value<'_> {
    match &value {
        Value::String(s) => DateTime::parse(s).map_or(value, Value::DateTime),
        _ => value,
    }
}

fn step<'a>(current: Value<'a>, index: &Index<'a>) -> Value<'a> {
    match current {
        Value::Array(Array::Filtered(items)) => {
            let mut out = Vec::new();
            for item in items.iter() {
                match (item, index) {
                    (Value::Object(_) | Value::Array(_), Index::Wildcard) => {
                        if let Value::Array(Array::Filtered(all)) = step(item.clone(), index) {
                            out.extend(all.iter().cloned());
                        }
                    }
                    (Value::Object(map), Index::Value(key)) => {
                        if let Some(v) = string_key(key).and_then(|k| lookup_key(map, &k)) {
                            out.push(Value::from_json(v));
                        }
                    }
                    (Value::Array(array), Index::Value(key)) => {
                        if let Some(v) = integer_key(key).and_then(|i| array.get(i)) {
                            out.push(v);
                        }
                    }
                    _ => {}
                }
            }
            Value::Array(Array::Filtered(Rc::new(out)))
        }
        Value::Object(map) => match index {
            Index::Wildcard => Value::Array(Array::Filtered(Rc::new(
                map.values().map(Value::from_json).collect(),
            ))),
            Index::Value(key) => string_key(key)
                .and_then(|k| lookup_key(map, &k))
                .map_or(Value::Null, Value::from_json),
        },
        Value::Array(array) => match index {
            Index::Wildcard => Value::Array(Array::Filtered(Rc::new(array.items()))),
            Index::Value(key) => integer_key(key)
                .and_then(|i| array.get(i))
                .unwrap_or(Value::Null),
        },
        _ => match index {
            Index::Wildcard => Value::Array(Array::Filtered(Rc::new(Vec::new()))),
            Index::Value(_) => Value::Null,
        },
    }
}

fn string_key(key: &Value<'_>) -> Option<String> {
    if key.is_primitive() {
        convert::try_string(key).map(|s| s.into_owned())
    } else {
        None
    }
}

fn integer_key(key: &Value<'_>) -> Option<usize> {
    if !key.is_primitive() {
        return None;
    }
    let n = convert::try_number(key)?;
    if n.is_sign_negative() && !n.is_zero() {
        return None;
    }
    n.floor().to_usize()
}
