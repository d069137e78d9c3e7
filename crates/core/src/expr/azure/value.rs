//! Expression values, and their JSON form.
//!
//! Arrays and objects that come from the caller's contexts stay borrowed JSON: nothing is
//! copied to look up `parameters.x`. Arrays the evaluator makes (`split`, `.*` filters)
//! are shared (`Rc`), so passing them around is cheap. Azure compares arrays and objects
//! by identity (`eq(parameters.a, parameters.a)` is true, two equal `split` results are
//! not): [`Value::same_collection`] does that with pointer equality.

use std::ops::Deref;
use std::rc::Rc;

use rust_decimal::Decimal;
use serde_json::{Map, Value as Json};

use super::datetime::DateTime;
use super::number;
use super::version::Version;
use crate::expr::Kind;

/// A string value: borrowed from the contexts or made by the evaluator.
#[derive(Clone, Debug)]
pub enum Text<'a> {
    Borrowed(&'a str),
    Shared(Rc<str>),
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Shared(s) => s,
        }
    }
}

/// An array value.
#[derive(Clone, Debug)]
pub enum Array<'a> {
    /// An array from the contexts.
    Json(&'a Vec<Json>),
    /// An array the evaluator made (`split`).
    Owned(Rc<Vec<Value<'a>>>),
    /// The result of a `.*` / `[*]` filter: a later `.name` or `[i]` applies to each item.
    Filtered(Rc<Vec<Value<'a>>>),
}

impl<'a> Array<'a> {
    pub fn len(&self) -> usize {
        match self {
            Array::Json(items) => items.len(),
            Array::Owned(items) | Array::Filtered(items) => items.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Option<Value<'a>> {
        match self {
            Array::Json(items) => items.get(index).map(Value::from_json),
            Array::Owned(items) | Array::Filtered(items) => items.get(index).cloned(),
        }
    }

    pub fn items(&self) -> Vec<Value<'a>> {
        match self {
            Array::Json(items) => items.iter().map(Value::from_json).collect(),
            Array::Owned(items) | Array::Filtered(items) => items.as_ref().clone(),
        }
    }

    fn ptr(&self) -> *const () {
        match self {
            Array::Json(items) => std::ptr::from_ref(*items).cast(),
            Array::Owned(items) | Array::Filtered(items) => Rc::as_ptr(items).cast(),
        }
    }
}

/// An expression value.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    Null,
    Boolean(bool),
    Number(Decimal),
    String(Text<'a>),
    Version(Version),
    /// A date (only `pipeline.startTime` produces one). Reported as [`Kind::String`].
    DateTime(DateTime),
    Array(Array<'a>),
    Object(&'a Map<String, Json>),
}

impl<'a> Value<'a> {
    /// A value from the contexts.
    pub fn from_json(json: &'a Json) -> Value<'a> {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Boolean(*b),
            Json::Number(n) => Value::Number(number::from_json(n)),
            Json::String(s) => Value::String(Text::Borrowed(s)),
            Json::Array(items) => Value::Array(Array::Json(items)),
            Json::Object(map) => Value::Object(map),
        }
    }

    /// A string the evaluator made.
    pub fn string(s: impl Into<Rc<str>>) -> Value<'a> {
        Value::String(Text::Shared(s.into()))
    }

    /// The kind `devplat expr eval` prints.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Boolean(_) => Kind::Boolean,
            Value::Number(_) => Kind::Number,
            Value::String(_) | Value::DateTime(_) => Kind::String,
            Value::Version(_) => Kind::Version,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    /// The kind's name in Azure's messages (`Unable to convert from Object to String.`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Boolean(_) => "Boolean",
            Value::Number(_) => "Number",
            Value::String(_) => "String",
            Value::Version(_) => "Version",
            Value::DateTime(_) => "DateTime",
            Value::Array(_) => "Array",
            Value::Object(_) => "Object",
        }
    }

    /// Not an array or object.
    pub fn is_primitive(&self) -> bool {
        !matches!(self, Value::Array(_) | Value::Object(_))
    }

    /// Both are the same array or the same object (Azure's equality for collections).
    pub fn same_collection(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Array(a), Value::Array(b)) => a.ptr() == b.ptr(),
            (Value::Object(a), Value::Object(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }

    /// The JSON form `devplat expr eval` prints: versions and dates as strings.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Boolean(b) => Json::Bool(*b),
            Value::Number(d) => number::to_json(*d),
            Value::String(s) => Json::String(s.to_string()),
            Value::Version(v) => Json::String(v.to_string()),
            Value::DateTime(d) => Json::String(d.to_string()),
            Value::Array(Array::Json(items)) => Json::Array(items.to_vec()),
            Value::Array(Array::Owned(items) | Array::Filtered(items)) => {
                Json::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Object(map) => Json::Object((*map).clone()),
        }
    }

    /// Bytes this value holds, for the evaluation memory budget (an estimate, as Azure's).
    pub fn weight(&self) -> usize {
        match self {
            Value::String(s) => s.len(),
            Value::Array(Array::Owned(items) | Array::Filtered(items)) => items
                .iter()
                .fold(items.len().saturating_mul(ITEM_WEIGHT), |acc, v| {
                    acc.saturating_add(v.weight())
                }),
            _ => 0,
        }
    }
}

/// The estimated cost of one array slot in the memory budget.
pub(crate) const ITEM_WEIGHT: usize = 16;
