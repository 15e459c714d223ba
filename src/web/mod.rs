//! The wasm facade: the only module that knows about JavaScript. It validates everything
//! that crosses the boundary, turns every error into a JS `Error` with a readable message,
//! and copies small tensors out as typed arrays. The network, the stepper and the trainer
//! live in wasm memory behind opaque handles.
//!
//! The JS API is documented in API.md.

mod args;
mod canvas;
mod line_chart;
mod network;
mod painter;
mod pictures;
mod plots;
mod points;
mod stepper;
mod trainer;

pub use line_chart::draw_line_chart;
pub use network::Network;
pub use painter::Pictures;
pub use plots::draw_heatmap;
pub use points::{points_from_csv, points_to_csv};
pub use stepper::Stepper;
pub use trainer::Trainer;

use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The wasm module's memory, for viewing the buffers that Rust fills (the decision boundary,
/// the neuron tiles) without copying.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The page's default trainer config (API.md, "Trainer"): the one place the defaults
/// are written is `Config::default()`, which `tests/defaults.rs` checks learns.
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> Result<JsValue, JsError> {
    to_js(&crate::trainer::Config::default())
}

/// The presets the page offers: `[{id, label, config}]`.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsError> {
    to_js(&crate::trainer::presets())
}

/// A Rust value as a plain JS object (maps as objects, as JSON would have them).
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// A plain JS object from key-value pairs.
pub(crate) fn object(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        Reflect::set(&o, &JsValue::from_str(k), v).expect("setting a key on a fresh object cannot fail");
    }
    o
}

pub(crate) fn f64s(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

pub(crate) fn array(items: impl IntoIterator<Item = JsValue>) -> JsValue {
    items.into_iter().collect::<Array>().into()
}

/// Reads a JS object into a Rust type through its JSON text, so that serde's checks all apply
/// (`deny_unknown_fields` included) and the message names the field's path, e.g.
/// `bad trainer config: hyper.learningRate: invalid type: null, expected f64 (NaN and
/// Infinity become null in JSON)`.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    if !value.is_object() {
        return Err(JsError::new(&format!("bad {what}: expected an object, not {}", args::shown(value))));
    }
    // JSON.stringify throws on a BigInt or a cycle.
    let json =
        js_sys::JSON::stringify(value).map_err(|_| JsError::new(&format!("bad {what}: it cannot be written as JSON (a BigInt, a function or a cycle?)")))?;
    let text = args::text(&json.into(), &format!("bad {what}: as JSON it"))?;
    crate::format::read(&text).map_err(|e| JsError::new(&format!("bad {what}: {e}")))
}

/// Reads a vector passed in from JS: an array of numbers or a `Float64Array` of exactly
/// `expected` finite entries.
pub(crate) fn finite_vec(value: &JsValue, expected: usize, what: &str) -> Result<ndarray::Array1<f64>, JsError> {
    let values = args::numbers(value, what, args::MAX_VECTOR)?;
    if values.len() != expected {
        return Err(JsError::new(&format!("{what} has {} entries, but the network needs {expected}", values.len())));
    }
    Ok(ndarray::Array1::from(values))
}
