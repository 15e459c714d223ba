//! The reader behind [`parse`](super::parse): one pass over the bytes, each value counted
//! against the budget, nesting counted against [`MAX_DEPTH`].

use super::{string, Value, MAX_DEPTH};
use std::collections::BTreeMap;

pub(super) struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    budget: usize,
    depth: usize,
}

impl Parser<'_> {
    pub(super) fn new(text: &str, budget: usize) -> Parser<'_> {
        Parser { text: text.as_bytes(), at: 0, budget, depth: 0 }
    }

    pub(super) fn at_end(&self) -> bool {
        self.at >= self.text.len()
    }

    /// `at line L column C` of the current byte (columns count characters).
    pub(super) fn place(&self) -> String {
        let before = &self.text[..self.at.min(self.text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        format!("at line {line} column {column}")
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    pub(super) fn space(&mut self) {
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

    pub(super) fn value(&mut self) -> Result<Value, String> {
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

    /// The items of an array or an object, up to `close`, separated by commas; `item` reads
    /// one.
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Result<(), String>) -> Result<(), String> {
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b) if b == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(format!("expected `,` or `{}`", close as char)),
            }
        }
    }

    fn array(&mut self) -> Result<Value, String> {
        let mut items = Vec::new();
        self.items(b']', |p| p.value().map(|v| items.push(v)))?;
        Ok(Value::Array(items))
    }

    fn object(&mut self) -> Result<Value, String> {
        let mut members = BTreeMap::new();
        self.items(b'}', |p| p.member(&mut members))?;
        Ok(Value::Object(members))
    }

    /// `"key": value`, a key not seen before in this object.
    fn member(&mut self, members: &mut BTreeMap<String, Value>) -> Result<(), String> {
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
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::super::*;

    fn read(text: &str) -> Result<Value, String> {
        parse(text, 1000)
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
}
