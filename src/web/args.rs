//! Reading JS arguments strictly. wasm-bindgen would coerce them silently (NaN, "x", −1 and
//! 1.5 become the index 0, 4294967295 or 1; a string in a vector becomes a number; an
//! array-like with a negative length traps), so every facade entry takes its arguments as
//! `&JsValue` and reads them here. A rejection names the argument and the value as given,
//! e.g. `j must be a whole number from 0 to 3, not 1.5`.

use js_sys::{Array, Float32Array, Float64Array, Int16Array, Int32Array, Int8Array, JsString, Uint16Array, Uint32Array, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::{JsCast, JsError, JsValue};

/// The longest vector the facade reads (a network has at most 2 + 8 × 32 + 5 inputs to a
/// layer, so this is generous).
pub(crate) const MAX_VECTOR: usize = 1 << 16;
/// The longest text the facade reads: a network file of the largest network the page makes is
/// about 200 KB, a lesson far less.
pub(crate) const MAX_TEXT: usize = 5 << 20;

/// The value as a person typed it, for messages: `1.5`, `NaN`, `"x"`, `null`, `an object`.
pub(crate) fn shown(value: &JsValue) -> String {
    if let Some(v) = value.as_f64() {
        return number_text(v);
    }
    if let Some(s) = value.as_string() {
        let cut: String = s.chars().take(40).collect();
        return if cut.len() < s.len() { format!("\"{cut}…\"") } else { format!("\"{s}\"") };
    }
    if value.is_null() {
        return "null".into();
    }
    if value.is_undefined() {
        return "undefined (missing)".into();
    }
    if let Some(b) = value.as_bool() {
        return b.to_string();
    }
    if Array::is_array(value) {
        return "an array".into();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("object") => "an object".into(),
        Some(t) => format!("a {t}"),
        None => "a value".into(),
    }
}

/// A number as JS would print it (−1 stays −1, 2³² + 1 stays whole, NaN is NaN).
pub(crate) fn number_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        format!("{v}")
    }
}

/// A JS number (not a string, not a BigInt) that is finite.
pub(crate) fn number(value: &JsValue, name: impl std::fmt::Display) -> Result<f64, JsError> {
    match value.as_f64() {
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(JsError::new(&format!("{name} must be a finite number, not {}", shown(value)))),
    }
}

/// A whole number in `lo ..= hi`. (`name` is only formatted for a message, so that
/// `format_args!` costs nothing in the frame loop.)
pub(crate) fn whole(value: &JsValue, name: impl std::fmt::Display, lo: usize, hi: usize) -> Result<usize, JsError> {
    match value.as_f64() {
        Some(v) if v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 => Ok(v as usize),
        _ => Err(JsError::new(&format!("{name} must be a whole number from {lo} to {hi}, not {}", shown(value)))),
    }
}

/// A layer index of `net`, j = 0 … J.
pub(crate) fn layer(net: &crate::network::Network, j: &JsValue) -> Result<usize, JsError> {
    whole(j, "the layer j", 0, net.last())
}

/// The indices (j, m, n) of a weight w_{m,n}^j of `net`; a message gives w^j's shape.
pub(crate) fn weight_index(net: &crate::network::Network, j: &JsValue, m: &JsValue, n: &JsValue) -> Result<(usize, usize, usize), JsError> {
    let j = layer(net, j)?;
    let (rows, cols) = net.layers[j].w.dim();
    let m = whole(m, format_args!("m (w^{j} is {rows} × {cols})"), 0, rows - 1)?;
    let n = whole(n, format_args!("n (w^{j} is {rows} × {cols})"), 0, cols - 1)?;
    Ok((j, m, n))
}

/// A string of at most [`MAX_TEXT`] bytes. Its length is checked in JS before it is copied,
/// so a 200 MB string never reaches (and grows) wasm memory.
pub(crate) fn text(value: &JsValue, name: &str) -> Result<String, JsError> {
    let js = value.dyn_ref::<JsString>().ok_or_else(|| JsError::new(&format!("{name} must be a string, not {}", shown(value))))?;
    let too_long = |bytes: f64| JsError::new(&format!("{name} is {:.1} MB; at most {} MB", bytes / 1048576.0, MAX_TEXT >> 20));
    // A UTF-16 unit is 1 to 3 bytes of UTF-8.
    if js.length() as usize > MAX_TEXT {
        return Err(too_long(js.length() as f64));
    }
    let s = String::from(js);
    if s.len() > MAX_TEXT {
        return Err(too_long(s.len() as f64));
    }
    Ok(s)
}

/// An array of JS numbers or a typed array of numbers (`Float64Array`, `Uint32Array`, …), of
/// at most `max` entries, every one finite. The length is checked before anything is copied.
pub(crate) fn numbers(value: &JsValue, name: &str, max: usize) -> Result<Vec<f64>, JsError> {
    read_numbers(value, name, max, true)
}

/// As [`numbers`], but ±∞ and NaN are taken: a picture of values that may have overflowed
/// (a gradient after a divergence).
pub(crate) fn any_numbers(value: &JsValue, name: &str, max: usize) -> Result<Vec<f64>, JsError> {
    read_numbers(value, name, max, false)
}

fn read_numbers(value: &JsValue, name: &str, max: usize, finite: bool) -> Result<Vec<f64>, JsError> {
    let too_long = |len: u32| JsError::new(&format!("{name} has {len} entries; at most {max}"));
    let kind = if finite { "a finite number" } else { "a number" };
    let bad = |i: usize, what: String| JsError::new(&format!("{name}[{i}] is {what}; every entry must be {kind}"));
    let taken = |x: f64| x.is_finite() || !finite;
    if let Some(len) = typed_length(value) {
        if len as usize > max {
            return Err(too_long(len));
        }
        // A typed array of numbers converts element by element, exactly.
        let values = Float64Array::new(value).to_vec();
        return match values.iter().position(|&v| !taken(v)) {
            Some(i) => Err(bad(i, number_text(values[i]))),
            None => Ok(values),
        };
    }
    let array = value.dyn_ref::<Array>().ok_or_else(|| JsError::new(&format!("{name} must be an array of numbers or a Float64Array, not {}", shown(value))))?;
    if array.length() as usize > max {
        return Err(too_long(array.length()));
    }
    array
        .iter()
        .enumerate()
        .map(|(i, v)| match v.as_f64() {
            Some(x) if taken(x) => Ok(x),
            _ => Err(bad(i, shown(&v))),
        })
        .collect()
}

/// The length of a typed array of numbers (not a BigInt64Array, which holds no JS numbers).
fn typed_length(value: &JsValue) -> Option<u32> {
    macro_rules! lengths {
        ($($t:ty),*) => { $(if let Some(a) = value.dyn_ref::<$t>() { return Some(a.length()); })* };
    }
    lengths!(Float64Array, Float32Array, Uint32Array, Int32Array, Uint16Array, Int16Array, Uint8Array, Int8Array, Uint8ClampedArray);
    None
}

/// An array of strings, of at most `max` entries.
pub(crate) fn strings(value: &JsValue, name: &str, max: usize) -> Result<Vec<String>, JsError> {
    let array = value.dyn_ref::<Array>().ok_or_else(|| JsError::new(&format!("{name} must be an array of strings, not {}", shown(value))))?;
    if array.length() as usize > max {
        return Err(JsError::new(&format!("{name} has {} entries; at most {max}", array.length())));
    }
    array.iter().enumerate().map(|(i, v)| v.as_string().ok_or_else(|| JsError::new(&format!("{name}[{i}] must be a string, not {}", shown(&v))))).collect()
}
