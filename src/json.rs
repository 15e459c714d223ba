//! JSON, strictly, in a few hundred lines: the reader of network files and of the facade's
//! settings, and the writer of network files. (It replaced `serde_json` and
//! `serde_path_to_error`, a quarter of the wasm.)
//!
//! - [`parse`] reads RFC 8259 JSON and refuses what a hand-edited file gets wrong silently
//!   elsewhere: a key twice in one object, a number beyond f64 (`1e999`), more values than a
//!   budget, nesting deeper than [`MAX_DEPTH`]. A number is read by `str::parse::<f64>`, which
//!   rounds correctly: what [`number`] writes reads back bit for bit.
//! - [`Value`] is also a serde `Deserializer` whose errors name the path of the field, e.g.
//!   `hyper.learningRate: invalid type: null, expected f64`.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// How deep arrays and objects may nest (a network file needs 5).
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Integers keep their exactness for serde's integer fields.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    Array(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::UInt(u) => Some(u as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
}

/// Written as JSON, compactly (strings are shown quoted in messages).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::UInt(u) => write!(f, "{u}"),
            Value::Float(x) => f.write_str(&number(*x)),
            Value::String(s) => f.write_str(&string(s)),
            Value::Array(a) => {
                f.write_str("[")?;
                for (i, v) in a.iter().enumerate() {
                    write!(f, "{}{v}", if i > 0 { "," } else { "" })?;
                }
                f.write_str("]")
            }
            Value::Object(o) => {
                f.write_str("{")?;
                for (i, (k, v)) in o.iter().enumerate() {
                    write!(f, "{}{}:{v}", if i > 0 { "," } else { "" }, string(k))?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A finite f64 as a JSON number, in the fewest digits that read back to the same bits
/// (Rust's `{:?}`: `0.1`, `1.0`, `1e-7`, `-0.0`).
pub fn number(x: f64) -> String {
    debug_assert!(x.is_finite(), "JSON has no {x}");
    format!("{x:?}")
}

/// A JSON string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads one JSON value from `text`, of at most `budget` values (numbers, strings, literals,
/// arrays and objects each count one). The error says what and where: `expected `,` or `]`
/// at line 3 column 14`.
pub fn parse(text: &str, budget: usize) -> Result<Value, String> {
    let mut p = Parser { text: text.as_bytes(), at: 0, budget, depth: 0 };
    let value = p.value().and_then(|v| {
        p.space();
        if p.at < p.text.len() {
            Err("trailing characters".to_string())
        } else {
            Ok(v)
        }
    });
    value.map_err(|e| if e.starts_with("it holds more than") { e } else { format!("{e} {}", p.place()) })
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    budget: usize,
    depth: usize,
}

impl Parser<'_> {
    /// `at line L column C` of the current byte (columns count characters).
    fn place(&self) -> String {
        let before = &self.text[..self.at.min(self.text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        format!("at line {line} column {column}")
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after white space) or says what was expected instead.
    fn expect(&mut self, byte: u8, what: &str) -> Result<(), String> {
        self.space();
        match self.peek() {
            Some(b) if b == byte => {
                self.at += 1;
                Ok(())
            }
            None => Err(format!("end of text where {what} was expected")),
            Some(_) => Err(format!("expected {what}")),
        }
    }

    fn spend(&mut self) -> Result<(), String> {
        self.budget = self.budget.checked_sub(1).ok_or_else(|| {
            let most = crate::format::MAX_VALUES;
            format!("it holds more than {most} values; a network has at most {} weights and biases", crate::network::MAX_PARAMETERS)
        })?;
        Ok(())
    }

    fn value(&mut self) -> Result<Value, String> {
        self.space();
        self.spend()?;
        match self.peek() {
            None => Err("end of text where a value was expected".into()),
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => self.literal(),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, String>) -> Result<Value, String> {
        if self.depth == MAX_DEPTH {
            return Err(format!("arrays and objects nest more than {MAX_DEPTH} deep"));
        }
        self.depth += 1;
        self.at += 1; // the opening bracket
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self) -> Result<Value, String> {
        for (word, value) in [("null", Value::Null), ("true", Value::Bool(true)), ("false", Value::Bool(false))] {
            if self.text[self.at..].starts_with(word.as_bytes()) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err("expected a value (a number, a string, an array, an object, true, false or null)".into())
    }

    fn array(&mut self) -> Result<Value, String> {
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err("expected `,` or `]`".into()),
            }
        }
    }

    fn object(&mut self) -> Result<Value, String> {
        let mut members = BTreeMap::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err("expected a key (a string in double quotes)".into());
            }
            let key = self.string()?;
            if members.contains_key(&key) {
                return Err(format!("the key {} appears twice in one object", string(&key)));
            }
            self.expect(b':', "`:`")?;
            let value = self.value()?;
            members.insert(key, value);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err("expected `,` or `}`".into()),
            }
        }
    }

    /// A string literal, the opening quote next.
    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(b) = self.peek() else { return Err("end of text inside a string".into()) };
            self.at += 1;
            match b {
                b'"' => return String::from_utf8(out).map_err(|_| "a string that is not UTF-8".to_string()),
                b'\\' => self.escape(&mut out)?,
                0..=0x1f => return Err("a control character inside a string (write it as an escape)".into()),
                _ => out.push(b),
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), String> {
        let Some(b) = self.peek() else { return Err("end of text inside a string".into()) };
        self.at += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode()?,
            _ => return Err("an unknown escape in a string".into()),
        };
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }

    /// `\uXXXX`, or two of them for a character beyond the BMP (a surrogate pair).
    fn unicode(&mut self) -> Result<char, String> {
        let first = self.hex4()?;
        let code = if (0xd800..0xdc00).contains(&first) {
            if !self.text[self.at..].starts_with(b"\\u") {
                return Err("a lone surrogate in a string".into());
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xdc00..0xe000).contains(&second) {
                return Err("a lone surrogate in a string".into());
            }
            0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| "a lone surrogate in a string".to_string())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.at..self.at + 4).and_then(|d| std::str::from_utf8(d).ok());
        let code = digits.filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit())).and_then(|d| u32::from_str_radix(d, 16).ok());
        self.at += 4;
        code.ok_or_else(|| "expected four hex digits after \\u".to_string())
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, exactly as JSON has it.
    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.at += 1;
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        if !digits(self) || (leading_zero && self.at - start - usize::from(self.text[start] == b'-') > 1) {
            return Err("a malformed number".into());
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if !digits(self) {
                return Err("a malformed number (digits must follow the point)".into());
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err("a malformed number (digits must follow the exponent)".into());
            }
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).expect("ASCII digits");
        if integer {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::UInt(u));
            }
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Int(i));
            }
        }
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Value::Float(x)),
            _ => Err("number out of range".into()),
        }
    }
}

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

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::UInt(u) => visitor.visit_u64(u),
            Value::Float(x) => visitor.visit_f64(x),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => {
                let count = items.len();
                let mut seq = Items { items: items.into_iter(), index: 0 };
                let value = visitor.visit_seq(&mut seq)?;
                match seq.items.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(count, &"fewer elements in the array")),
                }
            }
            Value::Object(members) => visitor.visit_map(Members { members: members.into_iter(), key: None, value: None }),
        }
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

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
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

    fn read(text: &str) -> Result<Value, String> {
        parse(text, 1000)
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = read(" {\"a\": [1, -2, 2.5, 1e-7, -0.0, 18446744073709551615], \"b\": {\"c\": null, \"d\": true, \"e\": false}, \"s\": \"x\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\"} ").unwrap();
        let o = v.as_object().unwrap();
        let a = o["a"].as_array().unwrap();
        assert_eq!(a[..5], [Value::UInt(1), Value::Int(-2), Value::Float(2.5), Value::Float(1e-7), Value::Float(-0.0)]);
        assert!(matches!(a[4], Value::Float(z) if z == 0.0 && z.is_sign_negative()));
        assert_eq!(a[5], Value::UInt(u64::MAX));
        assert_eq!(o["b"], read(r#"{"e": false, "d": true, "c": null}"#).unwrap());
        assert_eq!(o["s"].as_str(), Some("x\"\\/\n\u{e9}\u{1f600}"));
    }

    #[test]
    fn numbers_round_trip_bit_for_bit() {
        // The shortest text of each f64 reads back to the same bits (the parse rounds
        // correctly), including subnormals and the largest finite number.
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..200_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let x = f64::from_bits(s);
            let x = if x.is_finite() { x } else { i as f64 * 0.1 };
            let back = read(&number(x)).unwrap().as_f64().unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x:e} written as {}", number(x));
        }
        for x in [f64::MAX, f64::MIN_POSITIVE, 5e-324, 0.1, 1.0 / 3.0, 1e21, 123456789.0] {
            assert_eq!(read(&number(x)).unwrap().as_f64(), Some(x));
        }
        // Decimal texts that are not the shortest still round to the nearest f64.
        assert_eq!(read("0.30000000000000004").unwrap().as_f64(), Some(0.1 + 0.2));
        assert_eq!(read("2.2250738585072011e-308").unwrap().as_f64(), Some(2.225_073_858_507_201e-308));
    }

    #[test]
    fn every_kind_of_bad_text_is_refused_with_its_place() {
        for (text, expected) in [
            ("", "end of text where a value was expected at line 1 column 1"),
            ("{\"a\": 1,\n \"a\": 2}", "the key \"a\" appears twice in one object at line 2 column 5"),
            ("[1, 2", "expected `,` or `]` at line 1 column 6"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("{\"a\" 1}", "expected `:` at line 1 column 6"),
            ("{a: 1}", "expected a key"),
            ("[1e999]", "number out of range"),
            ("[NaN]", "expected a value"),
            ("[01]", "a malformed number"),
            ("[1.]", "digits must follow the point"),
            ("[1e]", "digits must follow the exponent"),
            ("[-]", "a malformed number"),
            ("\"a\nb\"", "a control character"),
            ("\"\\x\"", "an unknown escape"),
            ("\"\\ud800\"", "a lone surrogate"),
            ("\"\\u12\"", "four hex digits"),
            ("\"abc", "end of text inside a string"),
            ("[tru]", "expected a value"),
            ("{} {}", "trailing characters at line 1 column 4"),
            ("\"é\" x", "trailing characters at line 1 column 5"),
        ] {
            let err = read(text).expect_err(text);
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        assert!(read(&"[".repeat(MAX_DEPTH + 1)).unwrap_err().contains("nest more than 128 deep"));
        assert!(read(&format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH))).is_ok());
        // The budget counts every value: [1,2,3] is 4.
        assert!(parse("[1,2,3]", 4).is_ok());
        assert!(parse("[1,2,3]", 3).unwrap_err().starts_with("it holds more than"));
    }

    #[test]
    fn writes_json_that_reads_back() {
        let v = read(r#"{"b": [1.5, -2, "a\"b\n\u0001"], "a": {"x": null, "y": true}}"#).unwrap();
        assert_eq!(v.to_string(), r#"{"a":{"x":null,"y":true},"b":[1.5,-2,"a\"b\n\u0001"]}"#);
        assert_eq!(read(&v.to_string()).unwrap(), v);
    }

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
        let value = read(text).unwrap();
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
        ] {
            let err = typed(text).expect_err(text);
            assert!(err.starts_with(expected), "{text}\n  got: {err}\n  expected: {expected}");
        }
    }
}
