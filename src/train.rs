//! Mini-batch stochastic gradient descent. Each sample's gradients come from
//! [`backward`](crate::backward::backward), the same Table 1 steps that the step-through
//! shows; the batch's gradient is their mean (NOTATION.md, "Mini-batches").

use crate::backward::{backward, Gradients};
use crate::network::{Network, Tape};
use ndarray::{Array1, Array2, ArrayView1, Zip};
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

/// sum += value, element by element, over contiguous arrays (a plain loop: at a layer of 4
/// numbers, an `ndarray` `+=` costs more in checks than in arithmetic).
fn add(sum: Option<&mut [f64]>, value: Option<&[f64]>) {
    let (sum, value) = (sum.expect("SGD sums are contiguous"), value.expect("gradients are contiguous"));
    for (s, v) in sum.iter_mut().zip(value) {
        *s += v;
    }
}

/// The buffers of SGD, allocated once per network shape: a training step allocates nothing.
#[derive(Clone, Debug)]
pub struct Sgd {
    tape: Tape,
    grads: Gradients,
    /// Σ ∂L/∂w^j over the batch so far, then (after [`Sgd::update`]) the batch mean.
    dl_dw: Vec<Array2<f64>>,
    /// Σ ∂L/∂b^j over the batch so far, then the batch mean.
    dl_db: Vec<Array1<f64>>,
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
            grads: Gradients::new(net),
            dl_dw: net.layers.iter().map(|l| Array2::zeros(l.w.raw_dim())).collect(),
            dl_db: net.layers.iter().map(|l| Array1::zeros(l.n())).collect(),
            dl_dx: net.layers.iter().map(|l| Array1::zeros(l.m())).collect(),
            count: 0,
            loss: 0.0,
            updated: false,
        }
    }

    /// Forward and backward pass (Table 1) of one sample; adds its gradients to the batch.
    /// Returns the sample's loss.
    pub fn accumulate(&mut self, net: &Network, x: ArrayView1<f64>, target: ArrayView1<f64>) -> f64 {
        if self.updated {
            self.dl_dw.iter_mut().for_each(|a| a.fill(0.0));
            self.dl_db.iter_mut().for_each(|a| a.fill(0.0));
            self.count = 0;
            self.loss = 0.0;
            self.updated = false;
        }
        net.forward(x, &mut self.tape);
        backward(net, &self.tape, target, &mut self.grads);
        for ((sum_w, sum_b), g) in self.dl_dw.iter_mut().zip(&mut self.dl_db).zip(&self.grads.layers) {
            add(sum_w.as_slice_mut(), g.dl_dw.as_slice());
            add(sum_b.as_slice_mut(), g.dl_db.as_slice());
        }
        self.count += 1;
        let loss = net.loss.value(self.tape.output(), target);
        self.loss += loss;
        loss
    }

    /// The update with the batch mean: w ← w − η (mean ∂L/∂w + λ R'(w)), b ← b − η mean ∂L/∂b.
    /// Returns the batch's mean loss. Does nothing for an empty batch.
    pub fn update(&mut self, net: &mut Network, hyper: &Hyper) -> f64 {
        if self.count == 0 || self.updated {
            return 0.0;
        }
        let (eta, lambda, scale) = (hyper.learning_rate, hyper.regularization_rate, 1.0 / self.count as f64);
        for (((layer, dl_dw), dl_db), dl_dx) in net.layers.iter_mut().zip(&mut self.dl_dw).zip(&mut self.dl_db).zip(&mut self.dl_dx) {
            *dl_dw *= scale;
            *dl_db *= scale;
            // Eq. 25 on the mean: mean ∂L/∂x = w (mean ∂L/∂g), and mean ∂L/∂g = mean ∂L/∂b (Eq. 27).
            // (A loop over rows: a matrix product would allocate.)
            for (dl_dx_m, w_m) in dl_dx.iter_mut().zip(layer.w.rows()) {
                *dl_dx_m = w_m.iter().zip(dl_db.iter()).map(|(w, g)| w * g).sum();
            }
            Zip::from(&mut layer.w).and(&*dl_dw).for_each(|w, &d| {
                let penalty = match hyper.regularization {
                    Regularization::None => 0.0,
                    Regularization::L1 => lambda * w.signum() * f64::from(*w != 0.0),
                    Regularization::L2 => lambda * *w,
                };
                *w -= eta * (d + penalty);
            });
            layer.b.scaled_add(-eta, dl_db);
        }
        self.updated = true;
        self.loss * scale
    }

    /// The last sample's gradients (the per-sample tensors of Table 1).
    pub fn sample_gradients(&self) -> &Gradients {
        &self.grads
    }
    /// The last sample's forward values.
    pub fn sample_tape(&self) -> &Tape {
        &self.tape
    }
    /// After [`Sgd::update`]: the batch mean of ∂L/∂w^j and ∂L/∂b^j that was applied.
    pub fn batch_mean(&self, j: usize) -> (&Array2<f64>, &Array1<f64>) {
        (&self.dl_dw[j], &self.dl_db[j])
    }

    /// After [`Sgd::update`]: the batch mean of ∂L/∂x^j (with the weights before the update).
    pub fn batch_mean_dl_dx(&self, j: usize) -> &Array1<f64> {
        &self.dl_dx[j]
    }
}
