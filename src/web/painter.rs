//! `Pictures`: a network's decision boundary and neuron tiles, painted apart from any
//! `Trainer`. The page's paint worker (`www/paint-worker.js`) keeps one in its own wasm
//! instance: the main thread sends it the network once per architecture and the parameters
//! once per frame, and gets the images back. It takes the same fast path
//! (`picture::Painter`) as the `Trainer`'s pictures, so the colours are the same.

use super::args;
use super::pictures::{ensure, pixels, style_from, MAX_BOUNDARY, MAX_TILE};
use crate::boundary::Style;
use crate::features::{check, Feature, PLAIN};
use crate::network::{Network, MAX_PARAMETERS};
use crate::picture::Painter;

/// Features by name, each once.
fn feature_list(value: &JsValue) -> Result<Vec<Feature>, JsError> {
    let names = args::strings(value, "features", Feature::ALL.len())?;
    let features = names
        .iter()
        .map(|n| Feature::parse(n).ok_or_else(|| JsError::new(&format!("unknown feature \"{n}\"; expected x1, x2, x1^2, x2^2, x1*x2, sin(x1) or sin(x2)"))))
        .collect::<Result<Vec<_>, _>>()?;
    check(&features).map_err(|e| JsError::new(&e))?;
    Ok(features)
}
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Pictures {
    net: Network,
    painter: Painter,
    style: Style,
    boundary: Vec<u8>,
    neurons: Vec<u8>,
}

#[wasm_bindgen]
impl Pictures {
    /// The pictures of the network in `json` (the product's network file), in the colours of
    /// `style` (see `Trainer.setStyle`); its input at a point is the `features` named (as in a
    /// Trainer config; x1 and x2 when left out).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] json: &JsValue,
        style: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] features: &JsValue,
    ) -> Result<Pictures, JsError> {
        let text = args::text(json, "the network JSON")?;
        let net = crate::format::from_json(&text).map_err(|e| JsError::new(&e))?;
        let style = style_from(&style)?;
        let features = if features.is_undefined() { PLAIN.to_vec() } else { feature_list(features)? };
        if features.len() != net.inputs() {
            return Err(JsError::new(&format!("the network has M^0 = {} inputs, but {} features are named", net.inputs(), features.len())));
        }
        Ok(Pictures { painter: Painter::new(&net, &features), net, style, boundary: vec![], neurons: vec![] })
    }

    /// The colours of the pictures.
    #[wasm_bindgen(js_name = setStyle)]
    pub fn set_style(&mut self, style: JsValue) -> Result<(), JsError> {
        self.style = style_from(&style)?;
        Ok(())
    }

    /// Sets every weight and bias, in the order of `Network.parameters()` (w^j row by row,
    /// then b^j, for j = 0 … J). A wrong length or a value that is not finite is refused, and
    /// nothing changes.
    #[wasm_bindgen(js_name = setParameters)]
    pub fn set_parameters(&mut self, #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue) -> Result<(), JsError> {
        let values = args::numbers(values, "the parameters", MAX_PARAMETERS)?;
        self.net.set_parameters(&values).map_err(|e| JsError::new(&e.0))?;
        self.painter.sync(&self.net);
        Ok(())
    }

    /// Draws the decision boundary, `size` × `size` RGBA, into a buffer in this instance's
    /// memory and returns its address (as `Trainer.renderBoundary`).
    #[wasm_bindgen(js_name = renderBoundary)]
    pub fn render_boundary(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] size: &JsValue) -> Result<usize, JsError> {
        let s = pixels(size, "boundary", MAX_BOUNDARY)?;
        ensure(&mut self.boundary, s * s * 4);
        self.painter.fill_decision_rows(s, 0..s, &self.style, &mut self.boundary);
        Ok(self.boundary.as_ptr() as usize)
    }

    /// Draws every neuron's y_n^j, one `size` × `size` RGBA tile each, layers in order, and
    /// returns the address of the first (as `Trainer.renderNeurons`).
    #[wasm_bindgen(js_name = renderNeurons)]
    pub fn render_neurons(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] size: &JsValue) -> Result<usize, JsError> {
        let s = pixels(size, "neuron tile", MAX_TILE)?;
        let count: usize = self.net.layers.iter().map(|l| l.n()).sum();
        ensure(&mut self.neurons, count * s * s * 4);
        self.painter.fill_neurons(s, &self.style, &mut self.neurons);
        Ok(self.neurons.as_ptr() as usize)
    }
}
