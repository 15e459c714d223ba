//! `Network`: one network of the JSON format, its forward and backward pass, its stepper and
//! the gradient check.

use super::{args, array, f64s, finite_vec, object, Stepper};
use crate::activation::Activation;
use crate::backward::{backward, input_gradient, Gradients};
use crate::config::MAX_SEED;
use crate::format;
use crate::loss::Loss;
use crate::network::{Init, Network as CoreNetwork, Tape, MAX_LAYERS, MAX_SIZE};
use ndarray::Array1;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Network {
    pub(crate) net: CoreNetwork,
}

impl Network {
    pub(crate) fn wrap(net: CoreNetwork) -> Network {
        Network { net }
    }

    /// Checks x (M^0 entries) and Y (N^J entries; for softmax Σ Y = 1, Eq. 32).
    pub(crate) fn sample(&self, x: &JsValue, target: &JsValue) -> Result<(Array1<f64>, Array1<f64>), JsError> {
        let x = finite_vec(x, self.net.inputs(), "x")?;
        let t = finite_vec(target, self.net.outputs(), "Y")?;
        if self.net.loss == Loss::SoftmaxCrossEntropy && (t.sum() - 1.0).abs() > 1e-9 {
            return Err(JsError::new(&format!("with softmax + cross-entropy the target Y must sum to 1 (Eq. 32), but it sums to {}", t.sum())));
        }
        Ok((x, t))
    }

    /// Reads a layer index j = 0 … J.
    fn layer(&self, j: &JsValue) -> Result<usize, JsError> {
        args::layer(&self.net, j)
    }

    /// Reads the indices of w_{m,n}^j.
    fn entry(&self, j: &JsValue, m: &JsValue, n: &JsValue) -> Result<(usize, usize, usize), JsError> {
        args::weight_index(&self.net, j, m, n)
    }

    /// Runs `change` on a copy and keeps it only if every weight stays finite.
    fn change_checked<T>(&mut self, change: impl FnOnce(&mut CoreNetwork) -> T) -> Result<T, JsError> {
        let mut copy = self.net.clone();
        let out = change(&mut copy);
        if !copy.is_finite() {
            return Err(JsError::new(
                "the update would make a weight NaN or infinite (the learning rate or the sample is too large); the network is unchanged",
            ));
        }
        self.net = copy;
        Ok(out)
    }
}

/// The gradients of one sample as the JS object `{loss, z, layers: [{m, n, x, g, y, dl_dy,
/// dl_dg, dl_dw, dl_db, dl_dx}]}`, every tensor a `Float64Array` (∂L/∂w row-major, m·N + n).
pub(crate) fn gradients_object(net: &CoreNetwork, tape: &Tape, grads: &Gradients, loss: f64) -> JsValue {
    let layers = net.layers.iter().zip(&tape.layers).zip(&grads.layers).enumerate().map(|(j, ((l, v), d))| {
        object(&[
            ("m", l.m().into()),
            ("n", l.n().into()),
            ("activation", l.activation.name().into()),
            ("x", f64s(tape.x(j).as_slice().unwrap())),
            ("g", f64s(v.g.as_slice().unwrap())),
            ("y", f64s(v.y.as_slice().unwrap())),
            ("dl_dy", f64s(d.dl_dy.as_slice().unwrap())),
            ("dl_dg", f64s(d.dl_dg.as_slice().unwrap())),
            ("dl_dw", f64s(d.dl_dw.as_slice().unwrap())),
            ("dl_db", f64s(d.dl_db.as_slice().unwrap())),
            ("dl_dx", f64s(d.dl_dx.as_slice().unwrap())),
        ])
        .into()
    });
    object(&[("loss", loss.into()), ("lossName", net.loss.name().into()), ("z", f64s(grads.z.as_slice().unwrap())), ("layers", array(layers))]).into()
}

#[wasm_bindgen]
impl Network {
    /// Parses the product's network JSON; throws an Error that says what is wrong and where.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(#[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue) -> Result<Network, JsError> {
        let text = args::text(text, "the network JSON")?;
        format::from_json(&text).map(Network::wrap).map_err(|e| JsError::new(&e))
    }

    /// A network with sizes [M^0, N^0, …, N^J], one activation name per layer, a loss name,
    /// an initialisation ("uniform", "xavier" or "he") and a seed.
    pub fn random(
        #[wasm_bindgen(unchecked_param_type = "number[]")] sizes: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] activations: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] loss: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] init: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: &JsValue,
    ) -> Result<Network, JsError> {
        let sizes = args::numbers(sizes, "sizes", MAX_LAYERS + 1)?;
        let sizes = sizes.iter().enumerate().map(|(i, &s)| args::whole(&s.into(), format_args!("sizes[{i}]"), 1, MAX_SIZE)).collect::<Result<Vec<_>, _>>()?;
        let acts = args::strings(activations, "activations", MAX_LAYERS)?
            .iter()
            .map(|a| Activation::parse(a).ok_or_else(|| JsError::new(&format!("unknown activation \"{a}\"; expected relu, tanh, sigmoid or linear"))))
            .collect::<Result<Vec<_>, _>>()?;
        let loss = args::text(loss, "loss")?;
        let loss = Loss::parse(&loss).ok_or_else(|| JsError::new(&format!("unknown loss \"{loss}\"; expected sum_of_squares or softmax_cross_entropy")))?;
        let init = match args::text(init, "init")?.as_str() {
            "uniform" => Init::Uniform,
            "xavier" => Init::Xavier,
            "he" => Init::He,
            other => return Err(JsError::new(&format!("unknown init \"{other}\"; expected uniform, xavier or he"))),
        };
        let seed = args::whole(seed, "the seed", 0, MAX_SEED as usize)?;
        CoreNetwork::random(&sizes, &acts, loss, init, seed as u64).map(Network::wrap).map_err(|e| JsError::new(&e.0))
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        format::to_json(&self.net)
    }

    #[wasm_bindgen(js_name = clone)]
    pub fn duplicate(&self) -> Network {
        Network::wrap(self.net.clone())
    }

    /// Every weight and bias in one list: w^j row by row (m, then n), then b^j, for
    /// j = 0 … J (the order `Pictures.setParameters` takes).
    pub fn parameters(&self) -> Vec<f64> {
        self.net.parameters()
    }

    /// [M^0, N^0, …, N^J].
    pub fn sizes(&self) -> Vec<u32> {
        self.net.sizes().into_iter().map(|s| s as u32).collect()
    }

    /// The number of layers, J + 1.
    #[wasm_bindgen(getter)]
    pub fn depth(&self) -> usize {
        self.net.layers.len()
    }

    #[wasm_bindgen(getter)]
    pub fn loss(&self) -> String {
        self.net.loss.name().into()
    }

    pub fn activation(&self, #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue) -> Result<String, JsError> {
        Ok(self.net.layers[self.layer(j)?].activation.name().into())
    }

    /// w^j, M^j × N^j row-major (index m·N + n).
    pub fn weights(&self, #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue) -> Result<Vec<f64>, JsError> {
        Ok(self.net.layers[self.layer(j)?].w.iter().copied().collect())
    }

    /// b^j.
    pub fn biases(&self, #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue) -> Result<Vec<f64>, JsError> {
        Ok(self.net.layers[self.layer(j)?].b.to_vec())
    }

    pub fn weight(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] m: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
    ) -> Result<f64, JsError> {
        let (j, m, n) = self.entry(j, m, n)?;
        Ok(self.net.layers[j].w[[m, n]])
    }

    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] m: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] value: &JsValue,
    ) -> Result<(), JsError> {
        let (j, m, n) = self.entry(j, m, n)?;
        self.net.layers[j].w[[m, n]] = args::number(value, format_args!("w_{{{m},{n}}}^{j}"))?;
        Ok(())
    }

    #[wasm_bindgen(js_name = setBias)]
    pub fn set_bias(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] value: &JsValue,
    ) -> Result<(), JsError> {
        let j = self.layer(j)?;
        let n = args::whole(n, format_args!("n (b^{j} has {} entries)", self.net.layers[j].n()), 0, self.net.layers[j].n() - 1)?;
        self.net.layers[j].b[n] = args::number(value, format_args!("b_{n}^{j}"))?;
        Ok(())
    }

    /// The forward pass (Eq. 1-4): `[{x, g, y}]` per layer.
    pub fn forward(&self, #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] x: &JsValue) -> Result<JsValue, JsError> {
        let x = finite_vec(x, self.net.inputs(), "x")?;
        let mut tape = Tape::new(&self.net);
        self.net.forward(x.view(), &mut tape);
        Ok(array(tape.layers.iter().enumerate().map(|(j, v)| {
            object(&[("x", f64s(tape.x(j).as_slice().unwrap())), ("g", f64s(v.g.as_slice().unwrap())), ("y", f64s(v.y.as_slice().unwrap()))]).into()
        })))
    }

    /// L for one sample (Eq. 5 or Eq. 29).
    #[wasm_bindgen(js_name = lossAt)]
    pub fn loss_at(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] x: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] target: &JsValue,
    ) -> Result<f64, JsError> {
        let (x, t) = self.sample(x, target)?;
        Ok(self.net.loss_at(x.view(), t.view()))
    }

    /// The full backward pass of one sample (Table 1 to the end, plus ∂L/∂x^0):
    /// `{loss, z, layers: [{m, n, x, g, y, dl_dy, dl_dg, dl_dw, dl_db, dl_dx}]}`.
    pub fn backward(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] x: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] target: &JsValue,
    ) -> Result<JsValue, JsError> {
        let (x, t) = self.sample(x, target)?;
        let mut tape = Tape::new(&self.net);
        self.net.forward(x.view(), &mut tape);
        let mut grads = Gradients::new(&self.net);
        backward(&self.net, &tape, t.view(), &mut grads);
        input_gradient(&self.net, &tape, t.view(), &mut grads);
        let loss = self.net.loss.value(tape.output_row(0), t.as_slice().expect("a new vector"));
        Ok(gradients_object(&self.net, &tape, &grads, loss))
    }

    /// A stepper over Table 1 for this sample (it keeps its own copy of the network).
    pub fn stepper(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] x: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] target: &JsValue,
    ) -> Result<Stepper, JsError> {
        let (x, t) = self.sample(x, target)?;
        Ok(Stepper::new(&self.net, x, t))
    }

    /// One SGD step on one sample, w ← w − η (∂L/∂w + λ R′(w)) and b ← b − η ∂L/∂b, with the
    /// same code that training runs: `regularization` is "none" (the default), "l1" (R′(w) =
    /// sign w) or "l2" (R′(w) = w), and `rate` is λ. Changes this network, unless a weight
    /// would stop being finite (then it throws and nothing changes); returns `{before, after}`,
    /// the sample's loss before and after the update.
    #[wasm_bindgen(js_name = applyUpdate)]
    pub fn apply_update(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] x: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] target: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] learning_rate: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "'none' | 'l1' | 'l2' | undefined")] regularization: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | undefined")] rate: &JsValue,
    ) -> Result<JsValue, JsError> {
        let (x, t) = self.sample(x, target)?;
        let hyper = crate::train::Hyper {
            learning_rate: args::number(learning_rate, "the learning rate")?,
            batch_size: 1,
            regularization: penalty(regularization)?,
            regularization_rate: if rate.is_undefined() { 0.0 } else { args::number(rate, "the regularization rate λ")? },
        };
        hyper.validate().map_err(|e| JsError::new(&e))?;
        let (before, after) = self.change_checked(|net| {
            let mut sgd = crate::train::Sgd::new(net);
            let before = sgd.accumulate(net, x.view(), t.view());
            sgd.update(net, &hyper);
            (before, net.loss_at(x.view(), t.view()))
        })?;
        Ok(object(&[("before", before.into()), ("after", after.into())]).into())
    }

    /// The gradient check of w_{m,n}^j: `{backprop, numeric, relError, lossPlus, lossMinus}`
    /// with numeric = (L(w + ε) − L(w − ε)) / 2ε and relError = |a − b| / max(|a|, |b|)
    /// (0 when both are 0).
    #[wasm_bindgen(js_name = gradCheck)]
    pub fn grad_check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] m: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] x: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] target: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
    ) -> Result<JsValue, JsError> {
        let (j, m, n) = self.entry(j, m, n)?;
        let (x, t) = self.sample(x, target)?;
        let epsilon = args::number(epsilon, "ε")?;
        if !(epsilon > 0.0 && epsilon < 1.0) {
            return Err(JsError::new(&format!("ε must be a number in (0, 1), not {epsilon}")));
        }
        let mut tape = Tape::new(&self.net);
        self.net.forward(x.view(), &mut tape);
        let mut grads = Gradients::new(&self.net);
        backward(&self.net, &tape, t.view(), &mut grads);
        let analytic = grads.layers[j].dl_dw[[m, n]];
        let mut moved = self.net.clone();
        moved.layers[j].w[[m, n]] += epsilon;
        let plus = moved.loss_at(x.view(), t.view());
        moved.layers[j].w[[m, n]] -= 2.0 * epsilon;
        let minus = moved.loss_at(x.view(), t.view());
        let numeric = (plus - minus) / (2.0 * epsilon);
        let scale = analytic.abs().max(numeric.abs());
        let rel = if scale == 0.0 { 0.0 } else { (analytic - numeric).abs() / scale };
        Ok(object(&[
            ("backprop", analytic.into()),
            ("numeric", numeric.into()),
            ("relError", rel.into()),
            ("lossPlus", plus.into()),
            ("lossMinus", minus.into()),
            ("epsilon", epsilon.into()),
        ])
        .into())
    }
}

/// The regularization named in JS: undefined or "none", "l1", "l2".
fn penalty(name: &JsValue) -> Result<crate::train::Regularization, JsError> {
    use crate::train::Regularization;
    if name.is_undefined() {
        return Ok(Regularization::None);
    }
    // Only a short string is copied in: the names are 4 bytes at most.
    match name.dyn_ref::<js_sys::JsString>().filter(|s| s.length() <= 4).and_then(|s| s.as_string()).as_deref() {
        Some("none") => Ok(Regularization::None),
        Some("l1") => Ok(Regularization::L1),
        Some("l2") => Ok(Regularization::L2),
        _ => Err(JsError::new(&format!("the regularization must be \"none\", \"l1\" or \"l2\", not {}", args::shown(name)))),
    }
}
