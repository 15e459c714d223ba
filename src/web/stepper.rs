//! `Stepper`: Table 1 one step at a time, for the step-through. It drives the core's
//! [`crate::backward::Stepper`]; no calculus happens here.

use super::network::gradients_object;
use super::{args, f64s, object};
use crate::backward::{Step, Stepper as CoreStepper};
use crate::network::Network as CoreNetwork;
use ndarray::Array1;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Stepper {
    inner: CoreStepper,
}

impl Stepper {
    pub(crate) fn new(net: &CoreNetwork, x: Array1<f64>, target: Array1<f64>) -> Stepper {
        Stepper { inner: CoreStepper::new(net, x.view(), target.view()) }
    }
}

/// `{index, equation, j, tensor, rows, cols}` for step `index` (0-based).
fn header(net: &crate::network::Network, index: usize, step: Step) -> js_sys::Object {
    let (rows, cols) = step.shape(net);
    object(&[
        ("index", index.into()),
        ("equation", step.equation(net).into()),
        ("j", step.layer(net).into()),
        ("tensor", step.tensor().name().into()),
        ("rows", rows.into()),
        ("cols", cols.into()),
    ])
}

/// The header plus `values`, the tensor as it stands now.
fn describe(inner: &CoreStepper, index: usize, step: Step) -> JsValue {
    let o = header(inner.network(), index, step);
    let values = f64s(step.values(inner.network(), inner.gradients()));
    js_sys::Reflect::set(&o, &"values".into(), &values).expect("setting a key on a fresh object cannot fail");
    o.into()
}

#[wasm_bindgen]
impl Stepper {
    /// K, the number of Table 1 steps (4J + 4).
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> usize {
        self.inner.steps().len()
    }

    /// How many steps have been applied (0 … K).
    #[wasm_bindgen(getter)]
    pub fn position(&self) -> usize {
        self.inner.done()
    }

    /// Applies the next step and describes it, or returns `undefined` after the last.
    #[wasm_bindgen(js_name = next)]
    pub fn next_step(&mut self) -> JsValue {
        match self.inner.next_step() {
            Some(step) => describe(&self.inner, self.inner.done() - 1, step),
            None => JsValue::UNDEFINED,
        }
    }

    /// Goes to the state after `k` steps (0 … K) and describes the last step applied, or
    /// returns `undefined` at k = 0.
    pub fn seek(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue) -> Result<JsValue, JsError> {
        self.inner.seek(args::whole(k, "the step k", 0, self.count())?);
        Ok(self.current())
    }

    /// The last step applied, or `undefined` before the first.
    pub fn current(&self) -> JsValue {
        match self.inner.done() {
            0 => JsValue::UNDEFINED,
            k => describe(&self.inner, k - 1, self.inner.steps()[k - 1]),
        }
    }

    /// Every step of the sequence as `{index, equation, j, tensor, rows, cols}`, without
    /// values: the table of contents.
    pub fn plan(&self) -> JsValue {
        let net = self.inner.network();
        super::array(self.inner.steps().iter().enumerate().map(|(i, &s)| header(net, i, s).into()))
    }

    /// Every tensor as it stands after the steps applied so far (0 where not yet reached),
    /// in the shape of `Network.backward`'s result.
    pub fn gradients(&self) -> JsValue {
        gradients_object(self.inner.network(), self.inner.tape(), self.inner.gradients(), self.inner.loss())
    }

    /// L for this sample.
    #[wasm_bindgen(getter)]
    pub fn loss(&self) -> f64 {
        self.inner.loss()
    }

    /// The diagonal of [∂y/∂g]^j (Eq. 15): f'(g_n^j) for every n, from the layer's own
    /// activation (ReLU gives 0 or 1).
    pub fn dydg(&self, #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue) -> Result<Vec<f64>, JsError> {
        let net = self.inner.network();
        let j = args::layer(net, j)?;
        let layer = &net.layers[j];
        let v = &self.inner.tape().layers[j];
        Ok(v.g.iter().zip(&v.y).map(|(&g, &y)| layer.activation.df_from(g, y)).collect())
    }

    /// The target Y.
    pub fn target(&self) -> Vec<f64> {
        self.inner.target().to_vec()
    }
}
