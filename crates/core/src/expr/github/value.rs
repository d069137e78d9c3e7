//! Values of GitHub expressions: null, booleans, numbers, strings, arrays and objects.
//!
//! Arrays and objects are shared (`Arc`) and compare by identity, as in GitHub:
//! `a == a` is true for one object, `fromJSON('{}') == fromJSON('{}')` is false.
//! Object keys are case-insensitive and keep their first spelling and their order.

use std::collections::HashMap;
use std::sync::Arc;

use super::{fold, number};
use crate::expr::Kind;

/// Deepest nesting accepted when converting JSON into values (contexts, `fromJSON`).
pub const MAX_VALUE_DEPTH: usize = 512;

/// An expression value.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Boolean(bool),
    Number(f64),
    String(Arc<str>),
    Array(Array),
    Object(Object),
}

/// An array. A *filtered* array is the result of a wildcard (`a.*`, `a[*]`): property
/// and index access on it apply to every element (`a.*.name`).
#[derive(Clone, Debug)]
pub struct Array {
    items: Arc<Vec<Value>>,
    filtered: bool,
}

/// An object with case-insensitive keys.
#[derive(Clone, Debug)]
pub struct Object(Arc<ObjectData>);

#[derive(Debug, Default)]
struct ObjectData {
    entries: Vec<(Arc<str>, Value)>,
    /// Folded key → index into `entries`; built only for larger objects.
    index: Option<HashMap<Box<str>, usize>>,
}

/// Objects up to this size are searched linearly.
const LINEAR_LOOKUP_MAX: usize = 8;

impl Array {
    pub fn new(items: Vec<Value>) -> Self {
        Array {
            items: Arc::new(items),
            filtered: false,
        }
    }

    pub(crate) fn filtered(items: Vec<Value>) -> Self {
        Array {
            items: Arc::new(items),
            filtered: true,
        }
    }

    pub fn items(&self) -> &[Value] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Value> {
        self.items.get(index)
    }

    /// The result of a wildcard, which maps later accesses over its elements.
    pub fn is_filtered(&self) -> bool {
        self.filtered
    }

    /// Same array (identity), as `==` compares arrays.
    pub fn same(&self, other: &Array) -> bool {
        Arc::ptr_eq(&self.items, &other.items)
    }
}

impl Object {
    /// An object from its entries in order. A key that repeats an earlier one
    /// (ignoring case) is dropped, as GitHub's dictionaries do.
    pub fn new<K: Into<Arc<str>>>(entries: impl IntoIterator<Item = (K, Value)>) -> Self {
        let mut data = ObjectData::default();
        for (key, value) in entries {
            let key: Arc<str> = key.into();
            if data.find(&key).is_none() {
                data.entries.push((key, value));
            }
        }
        if data.entries.len() > LINEAR_LOOKUP_MAX {
            let mut index = HashMap::with_capacity(data.entries.len());
            for (i, (key, _)) in data.entries.iter().enumerate() {
                index
                    .entry(fold::fold(key).into_owned().into_boxed_str())
                    .or_insert(i);
            }
            data.index = Some(index);
        }
        Object(Arc::new(data))
    }

    /// The value of `key` (case-insensitive).
    pub fn get(&self, key: &str) -> Option<&Value> {
        let i = self.0.find(key)?;
        self.0.entries.get(i).map(|(_, v)| v)
    }

    /// Entries in order, with their original keys.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.0.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> {
        self.0.entries.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.entries.is_empty()
    }

    /// Same object (identity), as `==` compares objects.
    pub fn same(&self, other: &Object) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl ObjectData {
    fn find(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(fold::fold(key).as_ref()).copied(),
            None => self.entries.iter().position(|(k, _)| fold::eq(k, key)),
        }
    }
}

/// JSON nested deeper than [`MAX_VALUE_DEPTH`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep;

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the value is nested deeper than {MAX_VALUE_DEPTH} levels"
        )
    }
}

impl std::error::Error for TooDeep {}

impl Value {
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A new array (a distinct value for `==`).
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Array::new(items))
    }

    /// A new object; of keys that differ only in case, the first is kept.
    pub fn object<K: Into<Arc<str>>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(Object::new(entries))
    }

    /// The kind, as `devplat expr eval` prints it.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Boolean(_) => Kind::Boolean,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    /// Null, boolean, number or string.
    pub fn is_primitive(&self) -> bool {
        !matches!(self, Value::Array(_) | Value::Object(_))
    }

    /// False for `null`, `false`, `0`, `-0`, `NaN` and `''`; true otherwise (arrays and
    /// objects included).
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Boolean(b) => *b,
            Value::Number(n) => !(*n == 0.0 || n.is_nan()),
            Value::String(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// The number this value coerces to: null 0, booleans 1/0, strings as JavaScript's
    /// `Number(s)`, arrays and objects `NaN`.
    pub fn to_number(&self) -> f64 {
        match self {
            Value::Null => 0.0,
            Value::Boolean(b) => f64::from(u8::from(*b)),
            Value::Number(n) => *n,
            Value::String(s) => number::parse(s),
            Value::Array(_) | Value::Object(_) => f64::NAN,
        }
    }

    /// The string this value coerces to: null `''`, `true`/`false`, numbers as
    /// [`number::to_display_string`], `Array`, `Object`.
    pub fn to_display_string(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Value::Null => Cow::Borrowed(""),
            Value::Boolean(true) => Cow::Borrowed("true"),
            Value::Boolean(false) => Cow::Borrowed("false"),
            Value::Number(n) => Cow::Owned(number::to_display_string(*n)),
            Value::String(s) => Cow::Borrowed(s),
            Value::Array(_) => Cow::Borrowed("Array"),
            Value::Object(_) => Cow::Borrowed("Object"),
        }
    }

    /// A value from JSON (each array and object becomes a new, distinct value).
    pub fn from_json(json: &serde_json::Value) -> Result<Value, TooDeep> {
        from_json_at(json, 0)
    }

    /// This value as JSON, as `devplat expr eval` prints it: integral numbers without a
    /// fraction (`2`, not `2.0`), `-0` kept as `-0.0`, and the non-finite numbers, which
    /// JSON cannot express, as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_at(0)
    }

    fn to_json_at(&self, depth: usize) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Boolean(b) => J::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => J::String(s.to_string()),
            // Values only nest as deep as the JSON they came from (bounded on the way
            // in); the check keeps a hand-built value from exhausting the stack.
            _ if depth >= MAX_VALUE_DEPTH => J::Null,
            Value::Array(a) => J::Array(
                a.items()
                    .iter()
                    .map(|v| v.to_json_at(depth.saturating_add(1)))
                    .collect(),
            ),
            Value::Object(o) => J::Object(
                o.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_json_at(depth.saturating_add(1))))
                    .collect(),
            ),
        }
    }
}

/// Largest integer a double holds exactly (2^53).
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

fn number_to_json(n: f64) -> serde_json::Value {
    use serde_json::Value as J;
    if n.is_nan() {
        return J::String("NaN".to_owned());
    }
    if n.is_infinite() {
        return J::String(if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned());
    }
    if n.fract() == 0.0 && n.abs() <= MAX_EXACT_INTEGER && !(n == 0.0 && n.is_sign_negative()) {
        // Exact: |n| ≤ 2^53 and integral.
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        return J::Number(i.into());
    }
    serde_json::Number::from_f64(n).map_or(J::Null, J::Number)
}

fn from_json_at(json: &serde_json::Value, depth: usize) -> Result<Value, TooDeep> {
    use serde_json::Value as J;
    Ok(match json {
        J::Null => Value::Null,
        J::Bool(b) => Value::Boolean(*b),
        J::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        J::String(s) => Value::string(s.as_str()),
        _ if depth >= MAX_VALUE_DEPTH => return Err(TooDeep),
        J::Array(items) => Value::Array(Array::new(
            items
                .iter()
                .map(|v| from_json_at(v, depth.saturating_add(1)))
                .collect::<Result<_, _>>()?,
        )),
        J::Object(map) => Value::Object(Object::new(
            map.iter()
                .map(|(k, v)| Ok((k.as_str(), from_json_at(v, depth.saturating_add(1))?)))
                .collect::<Result<Vec<_>, TooDeep>>()?,
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_keys_are_case_insensitive_first_spelling_wins() {
        let o = Object::new([
            ("Foo", Value::Number(1.0)),
            ("foo", Value::Number(2.0)),
            ("bar", Value::Null),
        ]);
        assert_eq!(o.len(), 2);
        assert!(matches!(o.get("FOO"), Some(Value::Number(n)) if *n == 1.0));
        assert_eq!(o.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["Foo", "bar"]);
    }

    #[test]
    fn large_objects_use_the_index() {
        let o = Object::new((0..20).map(|i| (format!("Key{i}"), Value::Number(f64::from(i)))));
        assert!(matches!(o.get("kEY17"), Some(Value::Number(n)) if *n == 17.0));
        assert!(o.get("key20").is_none());
    }

    #[test]
    fn json_numbers_print_like_the_conformance_data() {
        let v = Value::Array(Array::new(vec![
            Value::Number(2.0),
            Value::Number(-0.0),
            Value::Number(0.5),
            Value::Number(f64::NAN),
            Value::Number(1e300),
        ]));
        assert_eq!(
            serde_json::to_string(&v.to_json()).unwrap(),
            r#"[2,-0.0,0.5,"NaN",1e+300]"#
        );
    }

    #[test]
    fn json_nesting_is_bounded() {
        let mut json = serde_json::Value::Null;
        for _ in 0..(MAX_VALUE_DEPTH + 1) {
            json = serde_json::Value::Array(vec![json]);
        }
        assert_eq!(Value::from_json(&json).unwrap_err(), TooDeep);
    }
}
