//! The backward pass in matrix form (Eq. 23-27), as the named steps of Table 1
//! ("Pseudo-code of Backscatter Propagation").
//!
//! ```text
//! Calculate Eq. (23) with j = J.              (Eq. 31 for softmax + cross-entropy)
//! Start from j = J, loop until j < 0:
//!     Evaluate Eq. (24) based on the current ∂L/∂y^j.
//!     Use Eq. (26) and Eq. (27) to obtain the gradients.
//!     if j ≠ 0:
//!         Use Eq. (25) to get ∂L/∂y^{j−1} (by Eq. 10, ∂L/∂y^{j−1} = ∂L/∂x^j).
//!     j = j − 1
//! ```
//!
//! Each line is a [`Step`]; [`table1`] yields them in order and [`Step::apply`] carries one
//! out. [`backward`] runs them all, the training loop calls [`backward`], and the
//! step-through calls [`Stepper`], which applies the same steps one at a time: there is one
//! implementation of the calculus.
//!
//! Training gives a step a batch's samples as the rows of the tape; each row's numbers are
//! those of the sample alone, bit for bit (Eq. 26 and 27 add the rows' in their order).

use crate::activation::Activation;
use crate::kernels;
use crate::network::{Network, Tape};
use ndarray::{Array1, Array2, ArrayView1};

/// The gradients of layer j for one sample, named as in the seed. (For a batch, the vectors
/// hold one row per sample, as the [`Tape`] does: row r of ∂L/∂g^j is entries r·N^j to
/// (r + 1)·N^j; ∂L/∂w^j and ∂L/∂b^j are then summed over the rows.)
#[derive(Clone, Debug, PartialEq)]
pub struct LayerGradients {
    /// {∂L/∂y}^j, N^j × 1 (Eq. 14).
    pub dl_dy: Array1<f64>,
    /// {∂L/∂g}^j, N^j × 1 (Eq. 24).
    pub dl_dg: Array1<f64>,
    /// [∂L/∂w]^j, M^j × N^j (Eq. 26).
    pub dl_dw: Array2<f64>,
    /// {∂L/∂b}^j, N^j × 1 (Eq. 27).
    pub dl_db: Array1<f64>,
    /// {∂L/∂x}^j, M^j × 1 (Eq. 25).
    pub dl_dx: Array1<f64>,
}

/// Every layer's gradients, allocated once for a network's shape and written by the steps
/// (∂L/∂w and ∂L/∂b added to instead, when `summing`).
#[derive(Clone, Debug, PartialEq)]
pub struct Gradients {
    pub layers: Vec<LayerGradients>,
    /// z = softmax(y^J) (Eq. 28), written by the first step when the loss is softmax +
    /// cross-entropy; zeros for sum of squares. (By rows, as ∂L/∂y.)
    pub z: Array1<f64>,
    /// false: ∂L/∂w^j and ∂L/∂b^j are the last sample's (the step-through). true: Eq. 26 and
    /// 27 add each sample's to them, so they hold the sum over the samples since [`clear`]
    /// (SGD's batch, without a second pass over ∂L/∂w to add it up).
    ///
    /// [`clear`]: Gradients::clear
    pub summing: bool,
}

impl Gradients {
    /// One sample's gradients.
    pub fn new(net: &Network) -> Gradients {
        Gradients::with(net, false, 1)
    }

    /// A batch's gradients: ∂L/∂w^j and ∂L/∂b^j sum the samples' (the field `summing`), for
    /// tapes of up to `capacity` rows.
    pub fn for_batch(net: &Network, capacity: usize) -> Gradients {
        Gradients::with(net, true, capacity)
    }

    fn with(net: &Network, summing: bool, capacity: usize) -> Gradients {
        let rows = |n: usize| Array1::zeros(capacity * n);
        Gradients {
            summing,
            layers: net
                .layers
                .iter()
                .map(|l| LayerGradients {
                    dl_dy: rows(l.n()),
                    dl_dg: rows(l.n()),
                    dl_dw: Array2::zeros((l.m(), l.n())),
                    dl_db: Array1::zeros(l.n()),
                    dl_dx: rows(l.m()),
                })
                .collect(),
            z: rows(net.outputs()),
        }
    }

    /// Sets every tensor to 0 (the state before the first step).
    pub fn clear(&mut self) {
        for l in &mut self.layers {
            l.dl_dy.fill(0.0);
            l.dl_dg.fill(0.0);
            l.dl_dw.fill(0.0);
            l.dl_db.fill(0.0);
            l.dl_dx.fill(0.0);
        }
        self.z.fill(0.0);
    }

    /// Sets ∂L/∂w^j and ∂L/∂b^j to 0, where a batch's sums start (each step writes the others
    /// before a later step reads them).
    pub fn clear_sums(&mut self) {
        for l in &mut self.layers {
            l.dl_dw.fill(0.0);
            l.dl_db.fill(0.0);
        }
    }
}

/// The tensor a step writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tensor {
    DlDy,
    DlDg,
    DlDw,
    DlDb,
    DlDx,
}

impl Tensor {
    /// The seed's name, as used in the code and the JS API.
    pub fn name(self) -> &'static str {
        match self {
            Tensor::DlDy => "dl_dy",
            Tensor::DlDg => "dl_dg",
            Tensor::DlDw => "dl_dw",
            Tensor::DlDb => "dl_db",
            Tensor::DlDx => "dl_dx",
        }
    }
}

/// One line of Table 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Eq. 23 (sum of squares) or Eq. 31 (softmax + cross-entropy): {∂L/∂y}^J, N^J × 1.
    OutputGradient,
    /// Eq. 24: {∂L/∂g}^j = [∂y/∂g]^j {∂L/∂y}^j  (N^j × N^j diagonal times N^j × 1).
    DlDg { j: usize },
    /// Eq. 26: [∂L/∂w]^j = x^j ({∂L/∂g}^j)^T  (M^j × 1 times 1 × N^j: an outer product).
    DlDw { j: usize },
    /// Eq. 27: {∂L/∂b}^j = {∂L/∂g}^j  (N^j × 1).
    DlDb { j: usize },
    /// Eq. 25: {∂L/∂x}^j = w^j {∂L/∂g}^j  (M^j × N^j times N^j × 1), which Eq. 10 hands to
    /// layer j − 1 as {∂L/∂y}^{j−1}.
    DlDx { j: usize },
}

impl Step {
    /// The seed's equation number.
    pub fn equation(self, net: &Network) -> u32 {
        match self {
            Step::OutputGradient => net.loss.output_equation(),
            Step::DlDg { .. } => 24,
            Step::DlDw { .. } => 26,
            Step::DlDb { .. } => 27,
            Step::DlDx { .. } => 25,
        }
    }

    /// The layer j whose tensor the step writes.
    pub fn layer(self, net: &Network) -> usize {
        match self {
            Step::OutputGradient => net.last(),
            Step::DlDg { j } | Step::DlDw { j } | Step::DlDb { j } | Step::DlDx { j } => j,
        }
    }

    pub fn tensor(self) -> Tensor {
        match self {
            Step::OutputGradient => Tensor::DlDy,
            Step::DlDg { .. } => Tensor::DlDg,
            Step::DlDw { .. } => Tensor::DlDw,
            Step::DlDb { .. } => Tensor::DlDb,
            Step::DlDx { .. } => Tensor::DlDx,
        }
    }

    /// (rows, columns) of the tensor written: M^j × N^j for ∂L/∂w, M^j × 1 for ∂L/∂x,
    /// N^j × 1 otherwise.
    pub fn shape(self, net: &Network) -> (usize, usize) {
        let layer = &net.layers[self.layer(net)];
        match self.tensor() {
            Tensor::DlDw => (layer.m(), layer.n()),
            Tensor::DlDx => (layer.m(), 1),
            _ => (layer.n(), 1),
        }
    }

    /// The values of the tensor this step writes, row-major (index m·N + n for ∂L/∂w).
    pub fn values<'a>(self, net: &Network, grads: &'a Gradients) -> &'a [f64] {
        let g = &grads.layers[self.layer(net)];
        let t = match self.tensor() {
            Tensor::DlDy => g.dl_dy.as_slice(),
            Tensor::DlDg => g.dl_dg.as_slice(),
            Tensor::DlDw => g.dl_dw.as_slice(),
            Tensor::DlDb => g.dl_db.as_slice(),
            Tensor::DlDx => g.dl_dx.as_slice(),
        };
        t.expect("gradients are allocated in standard layout")
    }

    /// Carries out this step for the samples of `tape` (its rows; one for the
    /// step-through): reads the forward values in `tape`, the targets Y (one row a sample)
    /// and the tensors earlier steps wrote, and writes this step's tensor into `grads`.
    /// Allocates nothing.
    pub fn apply(self, net: &Network, tape: &Tape, target: ArrayView1<f64>, grads: &mut Gradients) {
        let rows = tape.rows;
        match self {
            Step::OutputGradient => {
                // Eq. 23: {∂L/∂y}^J = {y − Y}^J, or Eq. 31: ∂L/∂y^J = z − Y with z from Eq. 28.
                let k = net.outputs();
                let (target, z) = (target.as_slice().expect("targets are contiguous"), slice_mut(&mut grads.z));
                let dl_dy = slice_mut(&mut grads.layers[net.last()].dl_dy);
                let samples = target[..rows * k].chunks_exact(k).zip(z.chunks_exact_mut(k)).zip(dl_dy.chunks_exact_mut(k));
                for (r, ((target_r, z_r), dl_dy_r)) in samples.enumerate() {
                    net.loss.dl_dy(tape.output_row(r), target_r, z_r, dl_dy_r);
                }
            }
            Step::DlDg { j } => {
                // Eq. 24: {∂L/∂g}^j = [∂y/∂g]^j {∂L/∂y}^j. [∂y/∂g] is diagonal (Eq. 15) with
                // entries f'(g_n^j), so the product is element-wise: ∂L/∂g_n = f'(g_n) ∂L/∂y_n.
                // f' is read off the tape's g and y (tanh' = 1 − y²): no tanh computed twice.
                let (v, d, used) = (&tape.layers[j], &mut grads.layers[j], rows * net.layers[j].n());
                let (g, y, dl_dy) = (&slice(&v.g)[..used], &slice(&v.y)[..used], &slice(&d.dl_dy)[..used]);
                let dl_dg = &mut slice_mut(&mut d.dl_dg)[..used];
                // One loop for each f, so that f' is inlined, not chosen again for every entry.
                match net.layers[j].activation {
                    Activation::Relu => eq_24(Activation::Relu, g, y, dl_dy, dl_dg),
                    Activation::Tanh => eq_24(Activation::Tanh, g, y, dl_dy, dl_dg),
                    Activation::Sigmoid => eq_24(Activation::Sigmoid, g, y, dl_dy, dl_dg),
                    Activation::Linear => eq_24(Activation::Linear, g, y, dl_dy, dl_dg),
                }
            }
            Step::DlDw { j } => {
                // Eq. 26: [∂L/∂w]^j = x^j ({∂L/∂g}^j)^T, (M^j × 1)(1 × N^j) = M^j × N^j: the
                // column x^j and the row (∂L/∂g^j)^T broadcast to M^j × N^j and multiplied,
                // so entry (m, n) is x_m ∂L/∂g_n: row m of ∂L/∂w is x_m times (∂L/∂g)^T.
                // (Summing, or for the samples after a batch's first, each entry adds this
                // sample's product to the sum.)
                let (m, n) = (net.layers[j].m(), net.layers[j].n());
                let d = &mut grads.layers[j];
                let dl_dw = d.dl_dw.as_slice_mut().expect("gradients are row-major");
                kernels::outer(rows, &slice(tape.x(j))[..rows * m], &slice(&d.dl_dg)[..rows * n], dl_dw, grads.summing);
            }
            Step::DlDb { j } => {
                // Eq. 27: {∂L/∂b}^j = {∂L/∂g}^j (summing: added to the batch's sum).
                let n = net.layers[j].n();
                let d = &mut grads.layers[j];
                let (dl_db, dl_dg) = (slice_mut(&mut d.dl_db), slice(&d.dl_dg));
                for (r, dl_dg_r) in dl_dg[..rows * n].chunks_exact(n).enumerate() {
                    if grads.summing || r > 0 {
                        dl_db.iter_mut().zip(dl_dg_r).for_each(|(dl_db_n, &dl_dg_n)| *dl_db_n += dl_dg_n);
                    } else {
                        dl_db.copy_from_slice(dl_dg_r);
                    }
                }
            }
            Step::DlDx { j } => {
                // Eq. 25: {∂L/∂x}^j = w^j {∂L/∂g}^j, (M^j × N^j)(N^j × 1) = M^j × 1: entry m
                // is row m of w^j dotted with ∂L/∂g (rows are contiguous).
                let (m, n) = (net.layers[j].m(), net.layers[j].n());
                let (before, from_j) = grads.layers.split_at_mut(j);
                let d = &mut from_j[0];
                let w = net.layers[j].w.as_slice().expect("weights are stored row-major");
                kernels::product(rows, w, &slice(&d.dl_dg)[..rows * n], &mut slice_mut(&mut d.dl_dx)[..rows * m]);
                // Eq. 10: {∂L/∂y}^{j−1} = {∂L/∂x}^j, since x^j = y^{j−1}.
                if let Some(prev) = before.last_mut() {
                    slice_mut(&mut prev.dl_dy)[..rows * m].copy_from_slice(&slice(&d.dl_dx)[..rows * m]);
                }
            }
        }
    }
}

/// Eq. 24 entry by entry, ∂L/∂g_n = f'(g_n) ∂L/∂y_n, for a constant f.
#[inline(always)]
fn eq_24(f: Activation, g: &[f64], y: &[f64], dl_dy: &[f64], dl_dg: &mut [f64]) {
    dl_dg.iter_mut().enumerate().for_each(|(n, dl_dg_n)| *dl_dg_n = f.df_from(g[n], y[n]) * dl_dy[n]);
}

/// A tape or gradient vector as a slice (they are made contiguous, and these loops are the
/// hot path of training: plain slices cost nothing per call, unlike a `Zip`).
fn slice(v: &ndarray::Array1<f64>) -> &[f64] {
    v.as_slice().expect("tape and gradient vectors are contiguous")
}
fn slice_mut(v: &mut ndarray::Array1<f64>) -> &mut [f64] {
    v.as_slice_mut().expect("tape and gradient vectors are contiguous")
}

/// Table 1's steps for a network whose last layer is J, in order: 4J + 4 steps.
pub fn table1(last: usize) -> Table1 {
    Table1 { last, next: Some(Step::OutputGradient) }
}

/// The iterator returned by [`table1`].
#[derive(Clone, Debug)]
pub struct Table1 {
    last: usize,
    next: Option<Step>,
}

impl Iterator for Table1 {
    type Item = Step;
    fn next(&mut self) -> Option<Step> {
        let step = self.next?;
        self.next = match step {
            Step::OutputGradient => Some(Step::DlDg { j: self.last }),
            Step::DlDg { j } => Some(Step::DlDw { j }),
            Step::DlDw { j } => Some(Step::DlDb { j }),
            Step::DlDb { j: 0 } => None, // Table 1 ends at j = 0 without Eq. 25.
            Step::DlDb { j } => Some(Step::DlDx { j }),
            Step::DlDx { j } => Some(Step::DlDg { j: j - 1 }),
        };
        Some(step)
    }
}

/// The backward pass for one sample, or for each of a batch's rows: Table 1 run to the end.
/// `tape` holds the forward pass of the same samples. Allocates nothing.
pub fn backward(net: &Network, tape: &Tape, target: ArrayView1<f64>, grads: &mut Gradients) {
    for step in table1(net.last()) {
        step.apply(net, tape, target, grads);
    }
}

/// {∂L/∂x}^0, the gradient with respect to the network's input: Eq. 25 once more at j = 0,
/// which Table 1 leaves out because training does not need it. Call after [`backward`].
pub fn input_gradient(net: &Network, tape: &Tape, target: ArrayView1<f64>, grads: &mut Gradients) {
    Step::DlDx { j: 0 }.apply(net, tape, target, grads);
}

/// Table 1 for one sample, one step at a time: the step-through's engine.
#[derive(Clone, Debug)]
pub struct Stepper {
    net: Network,
    target: Array1<f64>,
    tape: Tape,
    grads: Gradients,
    steps: Vec<Step>,
    done: usize,
}

impl Stepper {
    /// Runs the forward pass of `x` through a copy of `net`; no step is done yet.
    pub fn new(net: &Network, x: ArrayView1<f64>, target: ArrayView1<f64>) -> Stepper {
        let mut tape = Tape::new(net);
        net.forward(x, &mut tape);
        Stepper { net: net.clone(), target: target.to_owned(), tape, grads: Gradients::new(net), steps: table1(net.last()).collect(), done: 0 }
    }

    /// Applies the next step of Table 1 and returns it, or `None` after the last.
    pub fn next_step(&mut self) -> Option<Step> {
        let step = *self.steps.get(self.done)?;
        step.apply(&self.net, &self.tape, self.target.view(), &mut self.grads);
        self.done += 1;
        Some(step)
    }

    /// Goes to the state after `k` steps (0 = none done), replaying from the start.
    pub fn seek(&mut self, k: usize) {
        self.grads.clear();
        self.done = 0;
        while self.done < k.min(self.steps.len()) {
            self.next_step();
        }
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
    /// How many steps have been applied.
    pub fn done(&self) -> usize {
        self.done
    }
    pub fn network(&self) -> &Network {
        &self.net
    }
    pub fn tape(&self) -> &Tape {
        &self.tape
    }
    pub fn gradients(&self) -> &Gradients {
        &self.grads
    }
    pub fn target(&self) -> ArrayView1<'_, f64> {
        self.target.view()
    }
    /// L for this sample.
    pub fn loss(&self) -> f64 {
        self.net.loss.value(self.tape.output_row(0), self.target.as_slice().expect("a new vector"))
    }
}
