//! The `Trainer`'s pictures: the decision boundary (whole, or band by band), the neuron
//! tiles and the dead units, written by Rust into buffers in wasm memory that JS views without
//! copying (`wasmMemory()`), and their colours. The pictures take the fast path
//! (`picture::Painter`, f32 and batched), whose colours `tests/picture.rs` holds to the f64
//! core's.

use super::{args, from_js, Trainer};
use crate::boundary::Style;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleJs {
    classes: Vec<[u8; 3]>,
    background: [u8; 3],
    negative: [u8; 3],
    positive: [u8; 3],
}

/// Reads the pictures' colours: `{classes: [[r, g, b], …], background, negative, positive}`.
pub(super) fn style_from(style: &JsValue) -> Result<Style, JsError> {
    let s: StyleJs = from_js(style, "style")?;
    if s.classes.is_empty() {
        return Err(JsError::new("style.classes needs at least one colour"));
    }
    Ok(Style { classes: s.classes, background: s.background, negative: s.negative, positive: s.positive })
}

/// Reads a picture's size in pixels, 1 … `max`.
pub(super) fn pixels(value: &JsValue, what: &str, max: usize) -> Result<usize, JsError> {
    args::whole(value, format_args!("the {what} size in pixels"), 1, max)
}

/// The largest boundary and neuron tile, in pixels.
pub(super) const MAX_BOUNDARY: usize = 2048;
pub(super) const MAX_TILE: usize = 128;

/// Makes room for `len` bytes, reallocating only when the size changes.
pub(super) fn ensure(buffer: &mut Vec<u8>, len: usize) {
    if buffer.len() != len {
        *buffer = vec![0; len];
    }
}

impl Trainer {
    /// Draws the whole decision boundary into `boundary`; returns its address.
    fn paint_boundary(&mut self, size: usize) -> usize {
        ensure(&mut self.boundary, size * size * 4);
        self.painter.sync(self.inner.network());
        self.painter.fill_decision_rows(size, 0..size, &self.style, &mut self.boundary);
        self.boundary.as_ptr() as usize
    }
}

#[wasm_bindgen]
impl Trainer {
    /// The colours of the pictures: `{classes: [[r, g, b], …], background, negative,
    /// positive}`.
    #[wasm_bindgen(js_name = setStyle)]
    pub fn set_style(&mut self, style: JsValue) -> Result<(), JsError> {
        self.style = style_from(&style)?;
        Ok(())
    }

    /// Draws the decision boundary, `size` × `size` RGBA, into a buffer in wasm memory and
    /// returns its address: view it with `new Uint8ClampedArray(memory().buffer, ptr,
    /// size * size * 4)`. Allocates only when `size` changes.
    #[wasm_bindgen(js_name = renderBoundary)]
    pub fn render_boundary(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] size: &JsValue) -> Result<usize, JsError> {
        let size = pixels(size, "boundary", MAX_BOUNDARY)?;
        Ok(self.paint_boundary(size))
    }

    /// Draws every neuron's y_n^j, one `size` × `size` RGBA tile each (layers in order,
    /// neurons in order), and returns the address of the first tile.
    #[wasm_bindgen(js_name = renderNeurons)]
    pub fn render_neurons(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] size: &JsValue) -> Result<usize, JsError> {
        let size = pixels(size, "neuron tile", MAX_TILE)?;
        let count: usize = self.inner.network().layers.iter().map(|l| l.n()).sum();
        ensure(&mut self.neurons, count * size * size * 4);
        self.painter.sync(self.inner.network());
        self.painter.fill_neurons(size, &self.style, &mut self.neurons);
        Ok(self.neurons.as_ptr() as usize)
    }

    /// Marks dead ReLU units (g < 0 for every training point, so their gradient is always 0)
    /// and returns the address of one byte per neuron (1 = dead), layers in order, j = 0 … J.
    /// Allocates nothing.
    #[wasm_bindgen(js_name = deadUnits)]
    pub fn dead_units(&mut self) -> usize {
        self.inner.dead_units(&mut self.dead);
        for (b, &d) in self.dead_bytes.iter_mut().zip(&self.dead) {
            *b = u8::from(d);
        }
        self.dead_bytes.as_ptr() as usize
    }

    /// Paints pixel rows `start` … `start + count − 1` of the next decision-boundary image
    /// into a back buffer, and returns the address of the image to show: the previous
    /// complete one, or this one once its last row is painted. A big network's boundary is
    /// refreshed this way a band per frame, at full resolution, without a visible seam.
    #[wasm_bindgen(js_name = renderBoundaryRows)]
    pub fn render_boundary_rows(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] size: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] start: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] count: &JsValue,
    ) -> Result<usize, JsError> {
        let size = pixels(size, "boundary", MAX_BOUNDARY)?;
        let start = args::whole(start, "the first row", 0, size - 1)?;
        let count = args::whole(count, "the row count", 0, size)?;
        if self.boundary.len() != size * size * 4 {
            // No complete image of this size yet: paint one whole.
            return Ok(self.paint_boundary(size));
        }
        ensure(&mut self.boundary_back, size * size * 4);
        let end = start.saturating_add(count).min(size);
        self.painter.sync(self.inner.network());
        self.painter.fill_decision_rows(size, start..end, &self.style, &mut self.boundary_back);
        if end == size {
            std::mem::swap(&mut self.boundary, &mut self.boundary_back);
        }
        Ok(self.boundary.as_ptr() as usize)
    }
}
