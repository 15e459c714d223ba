//! JSON, strictly, in a few hundred lines: the reader of network files and of the facade's
//! settings, and the writer of network files. (It replaced `serde_json` and
//! `serde_path_to_error`: the wasm went from 216 to 199 KB of gzip.)
//!
//! - [`parse`] reads RFC 8259 JSON and refuses what a hand-edited file gets wrong silently
//!   elsewhere: a key twice in one object, a number beyond f64 (`1e999`), more values than a
//!   budget, nesting deeper than [`MAX_DEPTH`]. A number is read by `str::parse::<f64>`, which
//!   rounds correctly: what [`number`] writes reads back bit for bit.
//! - [`Value`] is also a serde `Deserializer` whose errors name the path of the field, e.g.
//!   `hyper.learningRate: invalid type: null, expected f64`.

mod de;
mod parse;

pub use de::Error;
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
    let mut p = parse::Parser::new(text, budget);
    let value = p.value().and_then(|v| {
        p.space();
        if !p.at_end() {
            Err("trailing characters".to_string())
        } else {
            Ok(v)
        }
    });
    value.map_err(|e| if e.starts_with("it holds more than") { e } else { format!("{e} {}", p.place()) })
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
    fn writes_json_that_reads_back() {
        let v = read(r#"{"b": [1.5, -2, "a\"b\n\u0001"], "a": {"x": null, "y": true}}"#).unwrap();
        assert_eq!(v.to_string(), r#"{"a":{"x":null,"y":true},"b":[1.5,-2,"a\"b\n\u0001"]}"#);
        assert_eq!(read(&v.to_string()).unwrap(), v);
    }
}
