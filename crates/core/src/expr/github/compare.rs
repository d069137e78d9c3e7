//! GitHub's loose equality and ordering (`==`, `!=`, `<`, `<=`, `>`, `>=`, and
//! `contains` over arrays).
//!
//! Like JavaScript's abstract equality, except that strings compare ignoring case and
//! arrays and objects are never converted: before comparing, a number and a string
//! become two numbers, and a boolean or `null` becomes a number (then the rule applies
//! again). Values of different kinds are then unequal and unordered; `NaN` equals and
//! orders nothing; arrays and objects are equal only to themselves.

use std::cmp::Ordering;

use super::Value;
use super::fold;

/// Both operands after GitHub's coercion.
fn coerce(left: &Value, right: &Value) -> (Value, Value) {
    let mut l = left.clone();
    let mut r = right.clone();
    loop {
        match (&l, &r) {
            _ if std::mem::discriminant(&l) == std::mem::discriminant(&r) => return (l, r),
            (Value::Number(_), Value::String(_)) => return (l, Value::Number(r.to_number())),
            (Value::String(_), Value::Number(_)) => return (Value::Number(l.to_number()), r),
            (Value::Null | Value::Boolean(_), _) => l = Value::Number(l.to_number()),
            (_, Value::Null | Value::Boolean(_)) => r = Value::Number(r.to_number()),
            _ => return (l, r),
        }
    }
}

/// `left == right`.
pub fn equals(left: &Value, right: &Value) -> bool {
    match coerce(left, right) {
        (Value::Null, Value::Null) => true,
        (Value::Number(a), Value::Number(b)) => a == b,
        (Value::String(a), Value::String(b)) => fold::eq(&a, &b),
        (Value::Boolean(a), Value::Boolean(b)) => a == b,
        (Value::Array(a), Value::Array(b)) => a.same(&b),
        (Value::Object(a), Value::Object(b)) => a.same(&b),
        _ => false,
    }
}

/// How `left` orders against `right`; `None` when they do not order (different kinds,
/// `NaN`, `null`s, arrays, objects).
pub fn order(left: &Value, right: &Value) -> Option<Ordering> {
    match coerce(left, right) {
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(&b),
        (Value::String(a), Value::String(b)) => Some(fold::cmp(&a, &b)),
        (Value::Boolean(a), Value::Boolean(b)) => Some(a.cmp(&b)),
        _ => None,
    }
}

/// `left < right`.
pub fn less(left: &Value, right: &Value) -> bool {
    order(left, right) == Some(Ordering::Less)
}

/// `left > right`.
pub fn greater(left: &Value, right: &Value) -> bool {
    order(left, right) == Some(Ordering::Greater)
}

/// `left <= right`: equal, or less (so `null <= null` holds while `null < null` does not).
pub fn less_or_equal(left: &Value, right: &Value) -> bool {
    equals(left, right) || less(left, right)
}

/// `left >= right`.
pub fn greater_or_equal(left: &Value, right: &Value) -> bool {
    equals(left, right) || greater(left, right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::github::value::{Array, Object};

    fn s(v: &str) -> Value {
        Value::string(v)
    }

    #[test]
    fn coercions() {
        assert!(equals(&Value::Null, &s("")));
        assert!(equals(&Value::Null, &s("0")));
        assert!(!equals(&Value::Null, &s("false")));
        assert!(equals(&Value::Boolean(true), &s(" 1.0 ")));
        assert!(equals(&Value::Number(255.0), &s(" 0xff ")));
        assert!(!equals(&Value::Number(f64::NAN), &Value::Number(f64::NAN)));
        assert!(equals(&s("ABC"), &s("abc")));
        assert!(greater(&Value::Boolean(true), &Value::Null));
        assert!(less(&Value::Null, &s(" 1 ")));
        assert!(less_or_equal(&Value::Null, &Value::Null));
        assert!(!less(&Value::Null, &Value::Null));
    }

    #[test]
    fn arrays_and_objects_compare_by_identity() {
        let a = Value::Array(Array::new(vec![]));
        let b = Value::Array(Array::new(vec![]));
        let o = Value::Object(Object::new(Vec::<(&str, Value)>::new()));
        assert!(equals(&a, &a.clone()));
        assert!(!equals(&a, &b));
        assert!(!equals(&o, &s("Object")));
        assert!(!equals(&Value::Boolean(false), &o));
        assert!(!greater(&a, &a));
    }
}
