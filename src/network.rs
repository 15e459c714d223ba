//! The fully connected network of Fig. 1 and its forward pass (Eq. 1-4).
//!
//! Layer j maps x^j (M^j × 1) to y^j (N^j × 1) through w^j (M^j × N^j, rows = inputs m,
//! columns = outputs n), b^j (N^j × 1) and an activation f. Between layers x^{j+1} = y^j,
//! so M^{j+1} = N^j.

use crate::activation::Activation;
use crate::kernels;
use crate::loss::Loss;
use crate::rng::Rng;
use ndarray::{Array1, Array2, ArrayView1};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One pair of layers of Fig. 1: w^j, b^j and f.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// w^j, M^j × N^j: `w[[m, n]]` joins input m to output n.
    pub w: Array2<f64>,
    /// b^j, N^j × 1.
    pub b: Array1<f64>,
    pub activation: Activation,
}

impl Layer {
    /// M^j, the number of inputs.
    pub fn m(&self) -> usize {
        self.w.nrows()
    }
    /// N^j, the number of outputs.
    pub fn n(&self) -> usize {
        self.w.ncols()
    }
}

/// The most layers a network may have (the page makes at most 9).
pub const MAX_LAYERS: usize = 32;
/// The largest M^j or N^j.
pub const MAX_SIZE: usize = 1024;
/// The most weights and biases in all, 2¹⁸ (a 512 × 512 layer; the page's largest network
/// has about 8,500): a forward pass stays well under a millisecond, and a file of that many
/// numbers parses in a few MB of memory.
pub const MAX_PARAMETERS: usize = 1 << 18;

/// Layers j = 0 … J and the loss on y^J.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub layers: Vec<Layer>,
    pub loss: Loss,
}

/// A network whose shapes do not fit together, with the place where they don't.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError(pub String);

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ShapeError {}

/// How the weights are drawn at the start. Biases start at 0.1, as in TensorFlow Playground,
/// so that ReLU units begin alive (g > 0 somewhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Init {
    /// w ~ U(−0.5, 0.5), as TensorFlow Playground does.
    Uniform,
    /// Glorot: w ~ U(−a, a) with a = √(6 / (M + N)).
    Xavier,
    /// He: w ~ N(0, 2 / M), suited to ReLU.
    He,
}

impl Network {
    /// Checks that every layer is non-empty, that b^j has N^j entries, that M^{j+1} = N^j,
    /// and the caps ([`MAX_LAYERS`], [`MAX_SIZE`], [`MAX_PARAMETERS`]).
    pub fn new(mut layers: Vec<Layer>, loss: Loss) -> Result<Network, ShapeError> {
        // The forward pass reads w row by row: keep every matrix in row-major order.
        for l in &mut layers {
            if !l.w.is_standard_layout() {
                l.w = l.w.as_standard_layout().into_owned();
            }
        }
        if layers.is_empty() {
            return Err(ShapeError("a network needs at least one layer".into()));
        }
        if layers.len() > MAX_LAYERS {
            return Err(ShapeError(format!("a network has at most {MAX_LAYERS} layers, not {}", layers.len())));
        }
        if let Some((j, l)) = layers.iter().enumerate().find(|(_, l)| l.m() > MAX_SIZE || l.n() > MAX_SIZE) {
            return Err(ShapeError(format!("layers[{j}].w is {}×{}; each size is at most {MAX_SIZE}", l.m(), l.n())));
        }
        let parameters: usize = layers.iter().map(|l| l.m() * l.n() + l.n()).sum();
        if parameters > MAX_PARAMETERS {
            return Err(ShapeError(format!("the network has {parameters} weights and biases; at most {MAX_PARAMETERS}")));
        }
        for (j, layer) in layers.iter().enumerate() {
            if layer.m() == 0 || layer.n() == 0 {
                return Err(ShapeError(format!("layers[{j}].w is {}×{}; both sizes must be at least 1", layer.m(), layer.n())));
            }
            if layer.b.len() != layer.n() {
                return Err(ShapeError(format!("layers[{j}].b has {} entries but w^{j} has N^{j} = {} columns", layer.b.len(), layer.n())));
            }
            if j > 0 && layer.m() != layers[j - 1].n() {
                return Err(ShapeError(format!(
                    "layers[{j}].w has M^{j} = {} rows but layer {} has N^{} = {} outputs (x^{j} = y^{})",
                    layer.m(),
                    j - 1,
                    j - 1,
                    layers[j - 1].n(),
                    j - 1
                )));
            }
        }
        Ok(Network { layers, loss })
    }

    /// A network with the given layer sizes [M^0, N^0, N^1, …, N^J] and one activation per
    /// layer, its weights drawn by `init` from `seed`.
    pub fn random(sizes: &[usize], activations: &[Activation], loss: Loss, init: Init, seed: u64) -> Result<Network, ShapeError> {
        if sizes.len() < 2 || activations.len() != sizes.len() - 1 {
            return Err(ShapeError(format!("{} sizes need {} activations, got {}", sizes.len(), sizes.len().saturating_sub(1), activations.len())));
        }
        let mut rng = Rng::new(seed);
        let layers = sizes
            .windows(2)
            .zip(activations)
            .map(|(mn, &activation)| {
                let (m, n) = (mn[0], mn[1]);
                let w = Array2::from_shape_simple_fn((m, n), || match init {
                    Init::Uniform => rng.uniform(-0.5, 0.5),
                    Init::Xavier => {
                        let a = (6.0 / (m + n) as f64).sqrt();
                        rng.uniform(-a, a)
                    }
                    Init::He => rng.normal() * (2.0 / m as f64).sqrt(),
                });
                Layer { w, b: Array1::from_elem(n, 0.1), activation }
            })
            .collect();
        Network::new(layers, loss)
    }

    /// J, the index of the last layer.
    pub fn last(&self) -> usize {
        self.layers.len() - 1
    }
    /// M^0, the size of the input.
    pub fn inputs(&self) -> usize {
        self.layers[0].m()
    }
    /// N^J, the size of the output.
    pub fn outputs(&self) -> usize {
        self.layers[self.last()].n()
    }
    /// [M^0, N^0, …, N^J].
    pub fn sizes(&self) -> Vec<usize> {
        std::iter::once(self.inputs()).chain(self.layers.iter().map(Layer::n)).collect()
    }
    /// The number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.layers.iter().map(|l| l.w.len() + l.b.len()).sum()
    }
    /// Every weight and bias, layer by layer: w^j row by row (m, then n), then b^j.
    pub fn parameters(&self) -> Vec<f64> {
        self.layers.iter().flat_map(|l| l.w.iter().chain(l.b.iter()).copied()).collect()
    }
    /// Sets every weight and bias from a list in the order of `parameters`. Refuses a list of
    /// the wrong length or with a value that is not finite, and then changes nothing.
    pub fn set_parameters(&mut self, values: &[f64]) -> Result<(), ShapeError> {
        if values.len() != self.parameter_count() {
            return Err(ShapeError(format!("expected {} parameters, not {}", self.parameter_count(), values.len())));
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(ShapeError(format!("parameter {i} is {}, not a finite number", values[i])));
        }
        let mut given = values.iter();
        for l in &mut self.layers {
            for (v, x) in l.w.iter_mut().chain(l.b.iter_mut()).zip(given.by_ref()) {
                *v = *x;
            }
        }
        Ok(())
    }
    /// True when every weight and bias is a finite number.
    pub fn is_finite(&self) -> bool {
        self.layers.iter().all(|l| l.w.iter().chain(l.b.iter()).all(|v| v.is_finite()))
    }

    /// The forward pass, Eq. 1-4, of one sample x, keeping x^0 and g^j and y^j of every layer
    /// in `tape` (x^j = y^{j−1} for j ≥ 1) as its only row. Allocates nothing.
    pub fn forward(&self, x: ArrayView1<f64>, tape: &mut Tape) {
        tape.rows = 1;
        tape.input.slice_mut(ndarray::s![..x.len()]).assign(&x);
        self.forward_rows(tape);
    }

    /// The forward pass of the `tape.rows` samples whose inputs are the rows of
    /// `tape.input` (a batch, one sample a row: the same Eq. 1-4 for each, row by row).
    /// Allocates nothing.
    pub fn forward_rows(&self, tape: &mut Tape) {
        let rows = tape.rows;
        for (j, layer) in self.layers.iter().enumerate() {
            let (done, rest) = tape.layers.split_at_mut(j);
            let t = &mut rest[0];
            // x^j = y^{j−1} (Eq. 10 reads it the other way); x^0 is the input.
            let x_j = slice(done.last().map_or(&tape.input, |prev| &prev.y));
            let (m, n) = (layer.m(), layer.n());
            let g = &mut t.g.as_slice_mut().expect("tape vectors are contiguous")[..rows * n];
            let w = layer.w.as_slice().expect("weights are stored row-major");
            // Eq. 3: g^j = (w^j)^T x^j + b^j, i.e. g_n = Σ_m w_{m,n} x_m + b_n, summed as
            // b + Σ_m x_m (row m of w): rows are contiguous, and a library matrix-vector
            // product costs more than the arithmetic at these sizes.
            kernels::transposed_product(w, &x_j[..rows * m], slice(&layer.b), g);
            // Eq. 4: y^j = f(g^j), for every sample's g at once: no f waits on the one
            // before, so the processor overlaps them.
            let f = layer.activation;
            let y = &mut t.y.as_slice_mut().expect("tape vectors are contiguous")[..rows * n];
            for (y_n, &g_n) in y.iter_mut().zip(&*g) {
                *y_n = f.f(g_n);
            }
        }
    }

    /// The output y^J for one input (allocates a tape; for tests and tools).
    pub fn predict(&self, x: ArrayView1<f64>) -> Array1<f64> {
        let mut tape = Tape::new(self);
        self.forward(x, &mut tape);
        tape.output().to_owned()
    }

    /// L for one sample (allocates a tape; the finite-difference checks use it).
    pub fn loss_at(&self, x: ArrayView1<f64>, target: ArrayView1<f64>) -> f64 {
        self.loss.value(self.predict(x).as_slice().expect("a new vector"), &target.to_vec())
    }
}

/// The values that the forward pass keeps for layer j (its input x^j is y^{j−1}, or the
/// tape's `input` for j = 0: [`Tape::x`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LayerValues {
    /// g^j, N^j × 1 (a tape of several rows: row r, entries r·N^j to (r + 1)·N^j, is
    /// sample r's).
    pub g: Array1<f64>,
    /// y^j = f(g^j), N^j × 1 (by rows, as g).
    pub y: Array1<f64>,
}

/// The forward values of every layer, allocated once for a network's shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Tape {
    /// x^0, the network's input, M^0 × 1 (by rows, as g).
    pub input: Array1<f64>,
    pub layers: Vec<LayerValues>,
    /// How many samples the last forward pass took (the rows in use): 1 for
    /// [`Network::forward`], a batch's size in training. At most `capacity`.
    pub rows: usize,
    capacity: usize,
}

impl Tape {
    /// A tape for one sample.
    pub fn new(net: &Network) -> Tape {
        Tape::with_rows(net, 1)
    }

    /// A tape with room for `capacity` samples, one a row (a batch's forward pass).
    pub fn with_rows(net: &Network, capacity: usize) -> Tape {
        let rows = |n: usize| Array1::zeros(capacity * n);
        Tape { input: rows(net.inputs()), layers: net.layers.iter().map(|l| LayerValues { g: rows(l.n()), y: rows(l.n()) }).collect(), rows: 1, capacity }
    }

    /// How many samples the tape has room for.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
    /// x^j, M^j × 1: the input for j = 0, else y^{j−1} (one vector, not a copy).
    pub fn x(&self, j: usize) -> &Array1<f64> {
        match j {
            0 => &self.input,
            _ => &self.layers[j - 1].y,
        }
    }
    /// y^J (of the first row: the sample of [`Network::forward`]).
    pub fn output(&self) -> ArrayView1<'_, f64> {
        self.output_row(0).into()
    }

    /// y^J of sample r.
    pub fn output_row(&self, r: usize) -> &[f64] {
        let y = slice(&self.layers.last().expect("a network has a layer").y);
        let k = y.len() / self.capacity;
        &y[r * k..(r + 1) * k]
    }
}

/// A tape or parameter vector as a slice (both are made contiguous).
fn slice(v: &Array1<f64>) -> &[f64] {
    v.as_slice().expect("tape and parameter vectors are contiguous")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn forward_by_hand() {
        // w^0 = [[1, −1], [2, 0.5]] (M = 2 × N = 2), b^0 = (0.5, −3), x = (1, 2):
        // g_1 = 1·1 + 2·2 + 0.5 = 5.5, g_2 = −1·1 + 0.5·2 − 3 = −3; ReLU: y = (5.5, 0).
        let l0 = Layer { w: array![[1.0, -1.0], [2.0, 0.5]], b: array![0.5, -3.0], activation: Activation::Relu };
        // w^1 = [[2], [7]], b^1 = (1), linear: y = 2·5.5 + 7·0 + 1 = 12.
        let l1 = Layer { w: array![[2.0], [7.0]], b: array![1.0], activation: Activation::Linear };
        let net = Network::new(vec![l0, l1], Loss::SumOfSquares).unwrap();
        let mut tape = Tape::new(&net);
        net.forward(array![1.0, 2.0].view(), &mut tape);
        assert_eq!(tape.layers[0].g, array![5.5, -3.0]);
        assert_eq!(tape.layers[0].y, array![5.5, 0.0]);
        assert_eq!(tape.x(1), array![5.5, 0.0]);
        assert_eq!(tape.x(0), array![1.0, 2.0]);
        assert_eq!(tape.output(), array![12.0]);
    }

    #[test]
    fn shapes_are_checked() {
        let l = |m, n| Layer { w: Array2::zeros((m, n)), b: Array1::zeros(n), activation: Activation::Relu };
        let err = Network::new(vec![l(2, 3), l(4, 1)], Loss::SumOfSquares).unwrap_err();
        assert!(err.0.contains("layers[1]") && err.0.contains("M^1 = 4"), "{err}");
        let mut bad_b = l(2, 3);
        bad_b.b = Array1::zeros(2);
        assert!(Network::new(vec![bad_b], Loss::SumOfSquares).unwrap_err().0.contains("layers[0].b"));
        assert!(Network::new(vec![], Loss::SumOfSquares).is_err());
        assert!(Network::new(vec![l(0, 3)], Loss::SumOfSquares).is_err());
    }

    #[test]
    fn random_is_seeded_and_scaled() {
        let a = [Activation::Relu, Activation::Linear];
        let n1 = Network::random(&[2, 200, 1], &a, Loss::SumOfSquares, Init::He, 3).unwrap();
        let n2 = Network::random(&[2, 200, 1], &a, Loss::SumOfSquares, Init::He, 3).unwrap();
        let n3 = Network::random(&[2, 200, 1], &a, Loss::SumOfSquares, Init::He, 4).unwrap();
        assert_eq!(n1, n2);
        assert_ne!(n1, n3);
        // He on layer 1 (M = 200): variance 2/200 = 0.01.
        let w = &n1.layers[1].w;
        let var = w.mapv(|v| v * v).mean().unwrap();
        assert!((var - 0.01).abs() < 0.004, "{var}");
        let u = Network::random(&[2, 50, 1], &a, Loss::SumOfSquares, Init::Uniform, 1).unwrap();
        assert!(u.layers[0].w.iter().all(|v| v.abs() <= 0.5));
    }

    #[test]
    fn parameters_come_out_and_go_back_in_one_order() {
        let a = [Activation::Tanh, Activation::Sigmoid];
        let net = Network::random(&[2, 3, 2], &a, Loss::SumOfSquares, Init::Xavier, 5).unwrap();
        let p = net.parameters();
        assert_eq!(p.len(), 2 * 3 + 3 + 3 * 2 + 2);
        // w⁰ row by row: w⁰_{1,2} is the second; b⁰ follows w⁰; w¹_{3,1} follows b⁰ by 4.
        assert_eq!(p[1], net.layers[0].w[[0, 1]]);
        assert_eq!(p[6..9], net.layers[0].b.to_vec()[..]);
        assert_eq!(p[9 + 4], net.layers[1].w[[2, 0]]);
        let mut other = Network::random(&[2, 3, 2], &a, Loss::SumOfSquares, Init::Xavier, 6).unwrap();
        assert_ne!(other, net);
        other.set_parameters(&p).unwrap();
        assert_eq!(other, net);
        // A wrong length or a non-finite value changes nothing.
        assert!(other.set_parameters(&p[1..]).unwrap_err().0.contains("expected 17 parameters, not 16"));
        let mut bad = p.clone();
        bad[16] = f64::NAN;
        assert!(other.set_parameters(&bad).unwrap_err().0.contains("parameter 16 is NaN"));
        assert_eq!(other, net);
    }
}
