//! `Trainer`: a training session (dataset, network, SGD) and the pictures the page draws of
//! it, written into buffers in wasm memory that JS views without copying.

use super::{args, array, f64s, from_js, object, Network};
use crate::backward::{backward, input_gradient, Gradients};
use crate::boundary::Style;
use crate::dataset::Point;
use crate::features::inputs;
use crate::metrics::{encode_point, Metrics};
use crate::network::Tape;
use crate::picture::Painter;
use crate::train::Hyper;
use crate::trainer::{Config, StepUnit, Trainer as CoreTrainer, MAX_WORK};
use js_sys::{Uint32Array, Uint8Array};
use ndarray::Array1;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Trainer {
    pub(super) inner: CoreTrainer,
    pub(super) style: Style,
    pub(super) boundary: Vec<u8>,
    /// The image being painted band by band (`renderBoundaryRows`); swapped with `boundary`
    /// when its last row is done, so the page never shows a half-updated picture.
    pub(super) boundary_back: Vec<u8>,
    /// The network in f32, for the pictures.
    pub(super) painter: Painter,
    pub(super) neurons: Vec<u8>,
    /// One sample's forward and backward pass, for the heatmaps (see `probe`).
    pub(super) probe_tape: Tape,
    pub(super) probe_grads: Gradients,
    pub(super) probe_target: Array1<f64>,
    pub(super) dead: Vec<bool>,
    pub(super) dead_bytes: Vec<u8>,
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// "sample", "batch" or "epoch", compared as JS values (a call from the frame loop allocates
/// nothing in wasm).
fn step_unit(unit: &JsValue) -> Result<StepUnit, JsError> {
    if *unit == "sample" {
        Ok(StepUnit::Sample)
    } else if *unit == "batch" {
        Ok(StepUnit::Batch)
    } else if *unit == "epoch" {
        Ok(StepUnit::Epoch)
    } else {
        Err(JsError::new(&format!("unknown step unit {}; expected \"sample\", \"batch\" or \"epoch\"", args::shown(unit))))
    }
}

fn metrics_object(m: &Metrics) -> JsValue {
    object(&[("loss", m.loss.into()), ("accuracy", m.accuracy.into()), ("confusion", Uint32Array::from(&m.confusion[..]).into())]).into()
}

impl Trainer {
    /// A point (at the origin) with the target `value`: a class label 0 … K − 1, or any
    /// finite Y for a regression (K = 1).
    fn point_target(&self, value: &JsValue) -> Result<Point, JsError> {
        let k = self.classes();
        let target = if k == 1 { args::number(value, "the target Y")? } else { args::whole(value, "the label", 0, k - 1)? as f64 };
        Ok(Point { x: [0.0, 0.0], target })
    }

    /// Reads a layer index j = 0 … J.
    fn layer(&self, j: &JsValue) -> Result<usize, JsError> {
        args::layer(self.inner.network(), j)
    }
}

#[wasm_bindgen]
impl Trainer {
    /// A session from a config object (see API.md, "Trainer"); throws on a bad field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Trainer, JsError> {
        let config: Config = from_js(&config, "trainer config")?;
        let inner = CoreTrainer::new(config).map_err(js_error)?;
        let net = inner.network();
        Ok(Trainer {
            probe_tape: Tape::new(net),
            probe_grads: Gradients::new(net),
            probe_target: Array1::zeros(net.outputs()),
            dead: vec![false; net.layers.iter().map(|l| l.n()).sum()],
            dead_bytes: vec![0; net.layers.iter().map(|l| l.n()).sum()],
            painter: Painter::new(net, &inner.config().features),
            inner,
            style: Style::default(),
            boundary: Vec::new(),
            boundary_back: Vec::new(),
            neurons: Vec::new(),
        })
    }

    /// Trains `count` units of "sample", "batch" or "epoch". Returns false, and leaves the
    /// last finite network in place, if the run diverged (NaN or ∞).
    pub fn train(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "'sample' | 'batch' | 'epoch'")] unit: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] count: &JsValue,
    ) -> Result<bool, JsError> {
        let unit_value = unit;
        let unit = step_unit(unit)?;
        let count = args::whole(count, "the count", 0, 1_000_000)?;
        let work = self.inner.work(unit, count);
        if work > MAX_WORK {
            return Err(JsError::new(&format!(
                "train({}, {count}) would take about {:.0} s (samples × weights = {work:.1e}, at most {MAX_WORK:.0e} a call); train less per call, e.g. once a frame",
                args::shown(unit_value),
                work / MAX_WORK
            )));
        }
        Ok(self.inner.train(unit, count).is_ok())
    }

    #[wasm_bindgen(getter)]
    pub fn diverged(&self) -> bool {
        self.inner.diverged()
    }

    /// The last completed epoch moved no weight: every gradient was exactly 0.
    #[wasm_bindgen(getter)]
    pub fn frozen(&self) -> bool {
        self.inner.frozen()
    }

    /// f′(g) = 0 at every output for every training point: Eq. 24 passes nothing back.
    #[wasm_bindgen(js_name = outputSaturated)]
    pub fn output_saturated(&mut self) -> bool {
        self.inner.output_saturated()
    }

    /// Completed epochs.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> usize {
        self.inner.epoch()
    }

    /// Weight updates so far.
    #[wasm_bindgen(getter)]
    pub fn updates(&self) -> f64 {
        self.inner.updates() as f64
    }

    /// The updates a new session on this config trains (`train("batch", n)`) to reach this
    /// state bit for bit, or `undefined` when the run was not whole batches with the config's
    /// settings (see `trainer::Trainer::replay_updates`).
    #[wasm_bindgen(getter, js_name = replayUpdates)]
    pub fn replay_updates(&self) -> Option<f64> {
        self.inner.replay_updates().map(|u| u as f64)
    }

    /// What `train(unit, count)` costs, in samples × parameters; one call may do at most
    /// `MAX_WORK` (1e8).
    pub fn work(
        &self,
        #[wasm_bindgen(unchecked_param_type = "'sample' | 'batch' | 'epoch'")] unit: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] count: &JsValue,
    ) -> Result<f64, JsError> {
        Ok(self.inner.work(step_unit(unit)?, args::whole(count, "the count", 0, 1_000_000)?))
    }

    /// Samples of the current epoch already used, and the epoch's length.
    #[wasm_bindgen(js_name = epochProgress)]
    pub fn epoch_progress(&self) -> Vec<u32> {
        vec![self.inner.epoch_position() as u32, self.inner.dataset().train.len() as u32]
    }

    /// The number of classes K.
    #[wasm_bindgen(getter)]
    pub fn classes(&self) -> usize {
        self.inner.dataset().classes
    }

    /// `{epoch, train: {loss, accuracy, confusion}, test: {…}}`; confusion is K × K
    /// row-major, `[actual * K + predicted]`.
    pub fn metrics(&mut self) -> JsValue {
        let epoch = self.inner.epoch();
        let (train, test) = self.inner.metrics();
        object(&[("epoch", epoch.into()), ("train", metrics_object(train)), ("test", metrics_object(test))]).into()
    }

    /// The session's config (the object the constructor took, with its current
    /// hyper-parameters).
    pub fn config(&self) -> Result<JsValue, JsError> {
        super::to_js(self.inner.config())
    }

    /// After a divergence: puts back the start of the latest healthy epoch and sets η to the
    /// largest of `rates` (below the one that diverged) that trains from there without the
    /// loss growing; returns `{epoch, loss, learningRate, divergedRate}`.
    pub fn rescue(&mut self, #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] rates: &JsValue) -> Result<JsValue, JsError> {
        let rates = &args::numbers(rates, "rates", 64)?;
        if rates.is_empty() || rates.iter().any(|r| !(r.is_finite() && *r > 0.0 && *r <= 100.0)) {
            return Err(JsError::new("rescue needs a list of learning rates, each in (0, 100]"));
        }
        let r = self.inner.rescue(rates);
        Ok(object(&[("epoch", r.epoch.into()), ("loss", r.loss.into()), ("learningRate", r.learning_rate.into()), ("divergedRate", r.diverged_rate.into())])
            .into())
    }

    /// Sets the epoch counter, 0 … 10⁹ (a scene restored at epoch k goes on from there).
    #[wasm_bindgen(js_name = setEpoch)]
    pub fn set_epoch(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] epoch: &JsValue) -> Result<(), JsError> {
        self.inner.set_epoch(args::whole(epoch, "the epoch", 0, 1_000_000_000)?);
        Ok(())
    }

    /// A copy of the current network.
    pub fn network(&self) -> Network {
        Network::wrap(self.inner.network().clone())
    }

    /// Replaces the weights with those of `net` (same sizes and loss).
    #[wasm_bindgen(js_name = setNetwork)]
    pub fn set_network(&mut self, net: &Network) -> Result<(), JsError> {
        self.inner.set_network(net.net.clone()).map_err(js_error)
    }

    /// Sets w_{m,n}^j in the live network.
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] m: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] value: &JsValue,
    ) -> Result<(), JsError> {
        let (j, m, n) = args::weight_index(self.inner.network(), j, m, n)?;
        let value = args::number(value, format_args!("w_{{{m},{n}}}^{j}"))?;
        self.inner.network_mut().layers[j].w[[m, n]] = value;
        Ok(())
    }

    /// Changes `{learningRate, batchSize, regularization, regularizationRate}` and clears a
    /// divergence.
    #[wasm_bindgen(js_name = setHyper)]
    pub fn set_hyper(&mut self, hyper: JsValue) -> Result<(), JsError> {
        let hyper: Hyper = from_js(&hyper, "hyper-parameters")?;
        self.inner.set_hyper(hyper).map_err(js_error)
    }

    /// `{train, trainLabels, trainTargets, test, testLabels, testTargets}`: points as x₁, x₂
    /// pairs in a `Float64Array`, labels in a `Uint8Array`, targets (the label, or a
    /// regression's Y) in a `Float64Array`.
    pub fn points(&self) -> JsValue {
        let d = self.inner.dataset();
        let xs = |ps: &[crate::dataset::Point]| f64s(&ps.iter().flat_map(|p| p.x).collect::<Vec<_>>());
        let labels = |ps: &[crate::dataset::Point]| -> JsValue { Uint8Array::from(&ps.iter().map(|p| p.label() as u8).collect::<Vec<_>>()[..]).into() };
        let targets = |ps: &[crate::dataset::Point]| f64s(&ps.iter().map(|p| p.target).collect::<Vec<_>>());
        object(&[
            ("train", xs(&d.train)),
            ("trainLabels", labels(&d.train)),
            ("trainTargets", targets(&d.train)),
            ("test", xs(&d.test)),
            ("testLabels", labels(&d.test)),
            ("testTargets", targets(&d.test)),
        ])
        .into()
    }

    /// Replaces the points of a session on its own data (`dataset.kind` "own") with a flat list
    /// `[x1, x2, label, …]`, keeping the network and the epoch. Throws, changing nothing, on a
    /// bad point or for a generated dataset.
    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&mut self, #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] points: &JsValue) -> Result<(), JsError> {
        let points = super::points::from_flat(points, "the points", self.classes())?;
        self.inner.set_points(points).map_err(js_error)
    }

    /// The target Y of a point's target in this session's encoding: a class label as ±1 for
    /// one output, else one-hot; a regression's value (K = 1) as it is.
    pub fn target(&self, #[wasm_bindgen(unchecked_param_type = "number")] label: &JsValue) -> Result<Vec<f64>, JsError> {
        let mut t = Array1::zeros(self.inner.network().outputs());
        encode_point(&self.point_target(label)?, self.classes(), t.view_mut());
        Ok(t.to_vec())
    }

    /// The mean ∂L/∂w^j and ∂L/∂b^j of the last mini-batch: `[{dl_dw, dl_db}]`.
    #[wasm_bindgen(js_name = batchGradients)]
    pub fn batch_gradients(&self) -> JsValue {
        let layers = self.inner.network().layers.len();
        array((0..layers).map(|j| {
            let (dw, db) = self.inner.sgd().batch_mean(j);
            object(&[("dl_dw", f64s(dw.as_slice().unwrap())), ("dl_db", f64s(db.as_slice().unwrap()))]).into()
        }))
    }

    /// ‖∂L/∂w^j‖ (Frobenius) of the last mini-batch's mean gradient; NaN before the first
    /// update (there is no batch gradient yet, and 0 would read as one).
    #[wasm_bindgen(js_name = gradientNorm)]
    pub fn gradient_norm(&self, #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue) -> Result<f64, JsError> {
        let j = self.layer(j)?;
        if self.inner.updates() == 0 {
            return Ok(f64::NAN);
        }
        Ok(self.inner.sgd().batch_mean(j).0.iter().map(|v| v * v).sum::<f64>().sqrt())
    }

    /// Runs the forward and backward pass (Table 1, plus ∂L/∂x^0) of one point of the plane
    /// with class `label`, into buffers that `probeView` shows. Returns L. Allocates nothing.
    pub fn probe(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x1: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] x2: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] label: &JsValue,
    ) -> Result<f64, JsError> {
        let x = [args::number(x1, "x1")?, args::number(x2, "x2")?];
        let classes = self.classes();
        encode_point(&self.point_target(label)?, classes, self.probe_target.view_mut());
        let features = &self.inner.config().features;
        let mut x0 = [0.0; 7];
        inputs(features, x, &mut x0);
        let (net, t) = (self.inner.network(), self.probe_target.view());
        net.forward(ndarray::ArrayView1::from(&x0[..features.len()]), &mut self.probe_tape);
        backward(net, &self.probe_tape, t, &mut self.probe_grads);
        input_gradient(net, &self.probe_tape, t, &mut self.probe_grads);
        Ok(net.loss.value(self.probe_tape.output_row(0), self.probe_target.as_slice().expect("a new vector")))
    }

    /// x^0 at the plane point (x1, x2): its features, as this session's network takes them.
    #[wasm_bindgen(js_name = inputsAt)]
    pub fn inputs_at(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] x1: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] x2: &JsValue,
    ) -> Result<Vec<f64>, JsError> {
        let features = &self.inner.config().features;
        let mut x0 = vec![0.0; features.len()];
        inputs(features, [args::number(x1, "x1")?, args::number(x2, "x2")?], &mut x0);
        Ok(x0)
    }

    /// The address of one of the probe's tensors of layer j, to view as a `Float64Array` of
    /// its length: 0 x, 1 g, 2 y, 3 dl_dy, 4 dl_dg, 5 dl_dw (M×N), 6 dl_db, 7 dl_dx; 8 z
    /// (any j).
    #[wasm_bindgen(js_name = probeView)]
    pub fn probe_view(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] which: &JsValue,
    ) -> Result<usize, JsError> {
        let j = self.layer(j)?;
        let which = args::whole(which, "which (the probe tensor)", 0, 8)?;
        let (v, g) = (&self.probe_tape.layers[j], &self.probe_grads.layers[j]);
        Ok(match which {
            0 => self.probe_tape.x(j).as_ptr(),
            1 => v.g.as_ptr(),
            2 => v.y.as_ptr(),
            3 => g.dl_dy.as_ptr(),
            4 => g.dl_dg.as_ptr(),
            5 => g.dl_dw.as_ptr(),
            6 => g.dl_db.as_ptr(),
            7 => g.dl_dx.as_ptr(),
            8 => self.probe_grads.z.as_ptr(),
            _ => unreachable!("which was checked to be 0 … 8"),
        } as usize)
    }

    /// The address of w^j (M^j × N^j row-major, which = 0), b^j (1), the last batch's mean
    /// ∂L/∂w^j (2), mean ∂L/∂b^j (3) or mean ∂L/∂x^j (4, M^j), to view as a `Float64Array`
    /// without copying.
    #[wasm_bindgen(js_name = parameterView)]
    pub fn parameter_view(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] j: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] which: &JsValue,
    ) -> Result<usize, JsError> {
        let j = self.layer(j)?;
        let which = args::whole(which, "which (the parameter view)", 0, 4)?;
        let l = &self.inner.network().layers[j];
        let (dw, db) = self.inner.sgd().batch_mean(j);
        Ok(match which {
            0 => l.w.as_ptr(),
            1 => l.b.as_ptr(),
            2 => dw.as_ptr(),
            3 => db.as_ptr(),
            4 => self.inner.sgd().batch_mean_dl_dx(j).as_ptr(),
            _ => unreachable!("which was checked to be 0 … 4"),
        } as usize)
    }

    /// The network's weights and biases in one list, in the order of `Network.parameters()`.
    pub fn parameters(&self) -> Vec<f64> {
        self.inner.network().parameters()
    }

    /// [M^0, N^0, …, N^J].
    pub fn sizes(&self) -> Vec<u32> {
        self.inner.network().sizes().into_iter().map(|s| s as u32).collect()
    }
}
