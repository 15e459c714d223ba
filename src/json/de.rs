//! [`Value`] as a serde `Deserializer`, whose errors carry the path of the field where they
//! happened: each array and object adds its index or key on the way out.

use super::Value;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use std::fmt;

/// A failure to read a serde type from a [`Value`]: the message, and the path of the field
/// where it happened, outermost first once complete.
#[derive(Debug)]
pub struct Error {
    /// Innermost segment first (each level adds its own on the way out).
    path: Vec<Segment>,
    message: String,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Error {
    fn at(mut self, segment: Segment) -> Error {
        self.path.push(segment);
        self
    }

    /// The path of the field, `hyper.learningRate` or `hidden[1].neurons`, or `.` for the
    /// whole value.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Key(k) if out.is_empty() => out.push_str(k),
                Segment::Key(k) => out.push_str(&format!(".{k}")),
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() {
            ".".into()
        } else {
            out
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error { path: Vec::new(), message: message.to_string() }
    }

    /// As serde's, but JSON's words: `null`, not `unit value`.
    fn invalid_type(unexpected: Unexpected, expected: &dyn de::Expected) -> Error {
        match unexpected {
            Unexpected::Unit => de::Error::custom(format_args!("invalid type: null, expected {expected}")),
            _ => de::Error::custom(format_args!("invalid type: {unexpected}, expected {expected}")),
        }
    }
}

/// `deserialize_i8` … `deserialize_f32` as `deserialize_f64`: a number is offered to the
/// visitor as it was written (serde's visitors for integers refuse a fraction).
macro_rules! numbers {
    ($($method:ident)*) => { $(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_f64(visitor)
        }
    )* };
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(_) | Value::UInt(_) | Value::Float(_) => self.deserialize_f64(visitor),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(_) => self.deserialize_seq(visitor),
            Value::Object(_) => self.deserialize_map(visitor),
        }
    }

    // Each kind of type asks only for the values it can be: a struct's visitor is never
    // offered an array, a number's never an object. The answers are the same as through
    // `deserialize_any`, and serde's derived code for the cases never asked is left out of
    // the wasm (visit_seq of every struct, the Array and Object arms of every number).

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Int(i) => visitor.visit_i64(i),
            Value::UInt(u) => visitor.visit_u64(u),
            Value::Float(x) => visitor.visit_f64(x),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_string(s),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Value::Array(items) = self else { return Err(de::Error::invalid_type(unexpected(&self), &visitor)) };
        let count = items.len();
        let mut seq = Items { items: items.into_iter(), index: 0 };
        let value = visitor.visit_seq(&mut seq)?;
        match seq.items.len() {
            0 => Ok(value),
            _ => Err(de::Error::invalid_length(count, &"fewer elements in the array")),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Object(members) => visitor.visit_map(Members { members: members.into_iter(), key: None, value: None }),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(self, _name: &str, _fields: &[&str], visitor: V) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_none(),
            value => visitor.visit_some(value),
        }
    }

    /// Unit variants, written as their names (the only enums the formats have).
    fn deserialize_enum<V: Visitor<'de>>(self, _name: &str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(s)),
            other => Err(de::Error::invalid_type(unexpected(&other), &"a string naming one of the choices")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &str, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    numbers! { deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 }
    numbers! { deserialize_u32 deserialize_u64 deserialize_f32 }

    serde::forward_to_deserialize_any! { i128 u128 char bytes byte_buf ignored_any }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Int(i) => Unexpected::Signed(*i),
        Value::UInt(u) => Unexpected::Unsigned(*u),
        Value::Float(x) => Unexpected::Float(*x),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// An array's elements for serde, each error marked with its index.
struct Items {
    items: std::vec::IntoIter<Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        seed.deserialize(value).map(Some).map_err(|e| e.at(Segment::Index(index)))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object's members for serde, each value's error marked with its key.
struct Members {
    members: std::collections::btree_map::IntoIter<String, Value>,
    key: Option<String>,
    value: Option<Value>,
}

impl<'de> MapAccess<'de> for Members {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.members.next() else { return Ok(None) };
        self.value = Some(value);
        self.key = Some(key.clone());
        seed.deserialize(IntoDeserializer::<Error>::into_deserializer(key)).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().ok_or_else(|| <Error as de::Error>::custom("a value asked for before its key"))?;
        let key = self.key.take().unwrap_or_default();
        seed.deserialize(value).map_err(|e| e.at(Segment::Key(key)))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Outer {
        learning_rate: f64,
        count: usize,
        kind: Kind,
        maybe: Option<u32>,
        items: Vec<Inner>,
    }
    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        n: u8,
    }
    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Circle,
        Spiral,
    }

    fn typed(text: &str) -> Result<Outer, String> {
        let value = parse(text, 1000).unwrap();
        serde::Deserialize::deserialize(value).map_err(|e: Error| format!("{}: {}", e.path(), e.message()))
    }

    #[test]
    fn serde_types_read_with_the_path_of_a_bad_field() {
        let ok = typed(r#"{"learningRate": 3, "count": 2, "kind": "spiral", "maybe": null, "items": [{"n": 1}]}"#);
        assert_eq!(ok, Ok(Outer { learning_rate: 3.0, count: 2, kind: Kind::Spiral, maybe: None, items: vec![Inner { n: 1 }] }));
        for (text, expected) in [
            (r#"{"learningRate": null, "count": 2, "kind": "circle", "maybe": 1, "items": []}"#, "learningRate: invalid type: null, expected f64"),
            (r#"{"learningRate": 1, "count": 2.5, "kind": "circle", "maybe": 1, "items": []}"#, "count: invalid type: floating point `2.5`, expected usize"),
            (r#"{"learningRate": 1, "count": "2", "kind": "circle", "maybe": 1, "items": []}"#, "count: invalid type: string \"2\", expected usize"),
            (r#"{"learningRate": 1, "count": 2, "kind": "moon", "maybe": 1, "items": []}"#, "kind: unknown variant `moon`, expected `circle` or `spiral`"),
            (r#"{"learningRate": 1, "count": 2, "kind": 3, "maybe": 1, "items": []}"#, "kind: invalid type: integer `3`"),
            (r#"{"learningRate": 1, "count": 2, "kind": "circle", "maybe": -1, "items": []}"#, "maybe: invalid value: integer `-1`, expected u32"),
            (
                r#"{"learningRate": 1, "count": 2, "kind": "circle", "maybe": 1, "items": [{"n": 1}, {"n": 300}]}"#,
                "items[1].n: invalid value: integer `300`, expected u8",
            ),
            (r#"{"learningRate": 1, "count": 2, "kind": "circle", "maybe": 1, "items": [{"m": 1}]}"#, "items[0]: unknown field `m`, expected `n`"),
            (r#"{"learningRate": 1, "kind": "circle", "maybe": 1, "items": []}"#, ".: missing field `count`"),
            (r#"true"#, ".: invalid type: boolean `true`, expected struct Outer"),
            // Each kind of type is offered only what it can be, with serde's own words for the rest.
            (r#"[3, 2, "circle", 1, []]"#, ".: invalid type: sequence, expected struct Outer"),
            (r#"{"learningRate": [1], "count": 2, "kind": "circle", "maybe": 1, "items": []}"#, "learningRate: invalid type: sequence, expected f64"),
            (r#"{"learningRate": 1, "count": 2, "kind": "circle", "maybe": true, "items": []}"#, "maybe: invalid type: boolean `true`, expected u32"),
            (r#"{"learningRate": 1, "count": 2, "kind": "circle", "maybe": 1, "items": {"n": 1}}"#, "items: invalid type: map, expected a sequence"),
            (r#"{"learningRate": 1, "count": 2, "kind": "circle", "maybe": 1, "items": [{"n": {}}]}"#, "items[0].n: invalid type: map, expected u8"),
        ] {
            let err = typed(text).expect_err(text);
            assert!(err.starts_with(expected), "{text}\n  got: {err}\n  expected: {expected}");
        }
    }
}
