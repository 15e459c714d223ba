//! Mini-batch stochastic gradient descent. Each sample's gradients come from
//! [`backward`](crate::backward::backward), the same Table 1 steps that the step-through
//! shows; the batch's gradient is their mean (NOTATION.md, "Mini-batches").

use crate::backward::{backward, Gradients};
use crate::kernels;
use crate::network::{Network, Tape};
use ndarray::{Array1, Array2, ArrayView1};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Regularization {
    None,
    /// Adds λ Σ |w| to the loss: λ sign(w) to ∂L/∂w.
    L1,
    /// Adds ½ λ Σ w² to the loss: λ w to ∂L/∂w.
    L2,
}

/// The hyper-parameters of one update.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Hyper {
    /// η.
    pub learning_rate: f64,
    pub batch_size: usize,
    pub regularization: Regularization,
    /// λ.
    pub regularization_rate: f64,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper { learning_rate: 0.03, batch_size: 10, regularization: Regularization::None, regularization_rate: 0.0 }
    }
}

impl Hyper {
    pub fn validate(&self) -> Result<(), String> {
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0 && self.learning_rate <= 100.0) {
            return Err(format!("learningRate must be a number in (0, 100], not {}", self.learning_rate));
        }
        if !(1..=1000).contains(&self.batch_size) {
            return Err(format!("batchSize must be between 1 and 1000, not {}", self.batch_size));
        }
        if !(self.regularization_rate.is_finite() && (0.0..=10.0).contains(&self.regularization_rate)) {
            return Err(format!("regularizationRate must be between 0 and 10, not {}", self.regularization_rate));
        }
        Ok(())
    }
}

const CONTIGUOUS: &str = "weights and gradients are stored contiguous, row-major";

/// One pass over a layer's weights: the batch's sum of ∂L/∂w becomes its mean (× `scale`, kept
/// for the page), and w ← w − η (mean ∂L/∂w + λ R'(w)). The regularization is chosen once,
/// outside the loop.
fn descend(w: &mut [f64], dl_dw: &mut [f64], scale: f64, hyper: &Hyper) {
    let (eta, lambda) = (hyper.learning_rate, hyper.regularization_rate);
    let pairs = w.iter_mut().zip(dl_dw);
    match hyper.regularization {
        Regularization::None => pairs.for_each(|(w, d)| {
            *d *= scale;
            *w -= eta * *d;
        }),
        Regularization::L1 => pairs.for_each(|(w, d)| {
            *d *= scale;
            *w -= eta * (*d + lambda * w.signum() * f64::from(*w != 0.0));
        }),
        Regularization::L2 => pairs.for_each(|(w, d)| {
            *d *= scale;
            *w -= eta * (*d + lambda * *w);
        }),
    }
}

/// The buffers of SGD, allocated once per network shape (and batch size): a training step
/// allocates nothing.
#[derive(Clone, Debug)]
pub struct Sgd {
    /// The batch's forward pass, one row a sample.
    tape: Tape,
    /// The batch's targets Y, one row a sample (as the tape's rows).
    targets: Array1<f64>,
    /// Summing ([`Gradients::for_batch`]): ∂L/∂w^j and ∂L/∂b^j are the sums over the batch
    /// so far, then (after [`Sgd::update`]) the batch means.
    grads: Gradients,
    /// After [`Sgd::update`]: the batch mean of ∂L/∂x^j, made from the mean ∂L/∂g^j with the
    /// weights before the update (Eq. 25 is linear in ∂L/∂g, and w is fixed within a batch).
    dl_dx: Vec<Array1<f64>>,
    count: usize,
    loss: f64,
    updated: bool,
}

impl Sgd {
    pub fn new(net: &Network) -> Sgd {
        Sgd {
            tape: Tape::new(net),
            targets: Array1::zeros(net.outputs()),
            grads: Gradients::for_batch(net, 1),
            dl_dx: net.layers.iter().map(|l| Array1::zeros(l.m())).collect(),
            count: 0,
            loss: 0.0,
            updated: false,
        }
    }

    /// After an update, the next sample starts a new batch.
    fn start(&mut self) {
        if self.updated {
            self.grads.clear_sums();
            self.count = 0;
            self.loss = 0.0;
            self.updated = false;
        }
    }

    /// Forward and backward pass (Table 1) of one sample; its Eq. 26 and 27 add its gradients
    /// to the batch's. Returns the sample's loss.
    pub fn accumulate(&mut self, net: &Network, x: ArrayView1<f64>, target: ArrayView1<f64>) -> f64 {
        self.start();
        net.forward(x, &mut self.tape);
        self.targets.slice_mut(ndarray::s![..target.len()]).assign(&target);
        self.accumulate_tape(net)
    }

    /// Room for `rows` samples: their inputs x^0 (rows × M^0) and targets Y (rows × K), one
    /// row a sample, for the caller to fill before [`Sgd::accumulate_rows`].
    pub fn rows_mut(&mut self, net: &Network, rows: usize) -> (&mut [f64], &mut [f64]) {
        self.start();
        if rows > self.tape.capacity() {
            let mut grads = Gradients::for_batch(net, rows);
            for (to, from) in grads.layers.iter_mut().zip(&self.grads.layers) {
                to.dl_dw.assign(&from.dl_dw);
                to.dl_db.assign(&from.dl_db);
            }
            (self.tape, self.targets, self.grads) = (Tape::with_rows(net, rows), Array1::zeros(rows * net.outputs()), grads);
        }
        self.tape.rows = rows;
        let (m0, k) = (net.inputs(), net.outputs());
        let inputs = self.tape.input.as_slice_mut().expect(CONTIGUOUS);
        (&mut inputs[..rows * m0], &mut self.targets.as_slice_mut().expect(CONTIGUOUS)[..rows * k])
    }

    /// Forward and backward pass (Table 1) of the samples put in by [`Sgd::rows_mut`], all
    /// at once (each row's numbers are exactly those of [`Sgd::accumulate`] on it); their
    /// Eq. 26 and 27 add their gradients to the batch's. Returns the sum of their losses.
    pub fn accumulate_rows(&mut self, net: &Network) -> f64 {
        net.forward_rows(&mut self.tape);
        self.accumulate_tape(net)
    }

    /// Table 1 on the tape's rows, and their losses.
    fn accumulate_tape(&mut self, net: &Network) -> f64 {
        let (rows, k) = (self.tape.rows, net.outputs());
        backward(net, &self.tape, self.targets.view(), &mut self.grads);
        self.count += rows;
        let mut sum = 0.0;
        for r in 0..rows {
            let loss = net.loss.value(self.tape.output_row(r), &self.targets.as_slice().expect(CONTIGUOUS)[r * k..(r + 1) * k]);
            self.loss += loss;
            sum += loss;
        }
        sum
    }

    /// The update with the batch mean: w ← w − η (mean ∂L/∂w + λ R'(w)), b ← b − η mean ∂L/∂b.
    /// Returns the batch's mean loss. Does nothing for an empty batch.
    pub fn update(&mut self, net: &mut Network, hyper: &Hyper) -> f64 {
        if self.count == 0 || self.updated {
            return 0.0;
        }
        let scale = 1.0 / self.count as f64;
        for ((layer, g), dl_dx) in net.layers.iter_mut().zip(&mut self.grads.layers).zip(&mut self.dl_dx) {
            g.dl_db *= scale;
            // Eq. 25 on the mean: mean ∂L/∂x = w (mean ∂L/∂g), and mean ∂L/∂g = mean ∂L/∂b (Eq. 27).
            let (mean_dl_dg, dl_dx) = (g.dl_db.as_slice().expect(CONTIGUOUS), dl_dx.as_slice_mut().expect(CONTIGUOUS));
            kernels::product(1, layer.w.as_slice().expect(CONTIGUOUS), mean_dl_dg, dl_dx);
            let w = layer.w.as_slice_mut().expect(CONTIGUOUS);
            descend(w, g.dl_dw.as_slice_mut().expect(CONTIGUOUS), scale, hyper);
            layer.b.scaled_add(-hyper.learning_rate, &g.dl_db);
        }
        self.updated = true;
        self.loss * scale
    }

    /// After [`Sgd::update`]: the batch mean of ∂L/∂w^j and ∂L/∂b^j that was applied.
    pub fn batch_mean(&self, j: usize) -> (&Array2<f64>, &Array1<f64>) {
        let g = &self.grads.layers[j];
        (&g.dl_dw, &g.dl_db)
    }

    /// After [`Sgd::update`]: the batch mean of ∂L/∂x^j (with the weights before the update).
    pub fn batch_mean_dl_dx(&self, j: usize) -> &Array1<f64> {
        &self.dl_dx[j]
    }
}
