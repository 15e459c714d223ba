//! The fast path for pictures only: the decision boundary and the neuron tiles. The network is
//! copied to f32 and evaluated for a chunk of points at once, the batch form of Eq. 3,
//! G = X w + 1 bᵀ (one row per point), with a rational tanh and a polynomial exp whose error
//! bounds the tests check. Every number the page shows (the gradients, the step-through, the
//! metrics) still comes from the f64 core; `boundary.rs` keeps the f64 pictures, and a test
//! requires the two to give the same colours.

use crate::activation::Activation;
use crate::boundary::{mix_rgb, pixel_to_input, Style};
use crate::features::Feature;
use crate::loss::Loss;
use crate::network::Network;

/// Points evaluated together: a chunk's activations stay in the cache.
const CHUNK: usize = 256;
/// The widest layer (`network::MAX_SIZE`) and the most outputs the pictures colour.
const MAX_WIDTH: usize = crate::network::MAX_SIZE;
const MAX_OUTPUTS: usize = MAX_WIDTH;

/// One layer in f32: w is M × N row-major, as in the core.
#[derive(Clone, Debug)]
struct Layer32 {
    w: Vec<f32>,
    b: Vec<f32>,
    m: usize,
    n: usize,
    activation: Activation,
}

/// The network in f32 and its buffers, allocated once per network shape.
#[derive(Clone, Debug)]
pub struct Painter {
    layers: Vec<Layer32>,
    loss: Loss,
    /// What the network is given of a point: x^0 is its features.
    features: Vec<Feature>,
    /// The chunk's points x = (x₁, x₂).
    points: Vec<[f64; 2]>,
    /// The chunk's inputs, M^0 × CHUNK: the first feature of every point, then the second, ….
    x: Vec<f32>,
    /// y^j of the chunk, N^j × CHUNK (neuron-major, so that the inner loops run along the
    /// points, contiguous), for j = 0 … J.
    ys: Vec<Vec<f32>>,
    /// The boundary's colours, looked up rather than mixed per pixel: for class c and
    /// confidence q/LEVELS, `lut[c * (LEVELS + 1) + q]`; made for `lut_style`.
    lut: Vec<[u8; 4]>,
    lut_style: Option<Style>,
}

/// Confidence steps of the colour table: a step moves a channel by at most 0.04 of a level.
const LEVELS: usize = 4096;

/// tanh for pictures: the [7/6] Padé approximant of Lambert's continued fraction on
/// |g| ≤ 4.8, its value at ±4.8 beyond; the error is below 1.5 × 10⁻⁴ everywhere (a test
/// checks), a 25th of one of 255 colour levels.
pub fn fast_tanh(g: f32) -> f32 {
    let x = g.clamp(-4.8, 4.8);
    let x2 = x * x;
    let p = x * (135135.0 + x2 * (17325.0 + x2 * (378.0 + x2)));
    let q = 135135.0 + x2 * (62370.0 + x2 * (3150.0 + 28.0 * x2));
    (p / q).clamp(-1.0, 1.0)
}

/// e^x for pictures: 2^(x log₂ e) split into 2^k (built in the exponent bits) times a degree-6
/// polynomial for 2^f, f ∈ [−½, ½]; relative error below 10⁻⁶ (a test checks). Underflows
/// to 0 below −87 and saturates above 88.
pub fn fast_exp(x: f32) -> f32 {
    // The range reduction in f64: in f32, x log₂ e would already be 4 × 10⁻⁶ off at |x| = 88.
    let t = x.clamp(-87.0, 88.0) as f64 * std::f64::consts::LOG2_E;
    let k = t.round();
    // 2^f = e^(f ln 2), Taylor to degree 6 (|f ln 2| ≤ 0.35: the remainder is below 2 × 10⁻⁷).
    let y = ((t - k) * std::f64::consts::LN_2) as f32;
    let p = 1.0 + y * (1.0 + y * (0.5 + y * (1.0 / 6.0 + y * (1.0 / 24.0 + y * (1.0 / 120.0 + y * (1.0 / 720.0))))));
    let scale = f32::from_bits(((k as i32 + 127) as u32) << 23);
    if x < -87.0 {
        0.0
    } else {
        p * scale
    }
}

/// Eq. 4 on a whole row in f32, one loop per activation (so that each loop is plain arithmetic,
/// which the compiler vectorizes): exact for ReLU and linear; tanh and the sigmoid
/// (½ + ½ tanh(g/2)) through [`fast_tanh`].
fn activate_all(activation: Activation, g: &mut [f32]) {
    match activation {
        Activation::Relu => g.iter_mut().for_each(|v| *v = v.max(0.0)),
        Activation::Tanh => g.iter_mut().for_each(|v| *v = fast_tanh(*v)),
        Activation::Sigmoid => g.iter_mut().for_each(|v| *v = 0.5 + 0.5 * fast_tanh(0.5 * *v)),
        Activation::Linear => {}
    }
}

/// [`crate::metrics::classify`] in f32: the class and a confidence in [0, 1].
fn classify32(y: &[f32]) -> (usize, f32) {
    if y.len() == 1 {
        // (A comparison, not `min`: wasm's min differs from Rust's on NaN, so `min` is a call.)
        let c = y[0].abs();
        return (usize::from(y[0] >= 0.0), if c < 1.0 { c } else { 1.0 });
    }
    let (mut best, mut max) = (0, f32::NEG_INFINITY);
    for (i, &v) in y.iter().enumerate() {
        if v > max {
            (best, max) = (i, v);
        }
    }
    let total: f32 = y.iter().map(|&v| fast_exp(v - max)).sum();
    let k = y.len() as f32;
    (best, ((1.0 / total - 1.0 / k) / (1.0 - 1.0 / k)).clamp(0.0, 1.0))
}

/// Points per block of `neuron_block`: 4 f32x4 registers.
const BLOCK: usize = 16;

/// g_n for BLOCK points from `first`: b_n + Σ_m w_{m,n} x_m, summed in the order of m, kept in
/// registers until the end (a loop over the whole chunk would load and store g once per m).
/// `w_n` is w from w_{0,n} on, row-major with `n` columns.
#[inline(always)]
fn neuron_block(input: &[f32], w_n: &[f32], n: usize, m: usize, b_n: f32, first: usize) -> [f32; BLOCK] {
    let mut acc = [b_n; BLOCK];
    for (i, x_m) in input.chunks_exact(CHUNK).enumerate().take(m) {
        let w_mn = w_n[i * n];
        let x = &x_m[first..first + BLOCK];
        for q in 0..BLOCK {
            acc[q] += w_mn * x[q];
        }
    }
    acc
}

impl Painter {
    /// The painter of `net`, whose input at a point is its `features` (M^0 of them).
    pub fn new(net: &Network, features: &[Feature]) -> Painter {
        assert_eq!(net.inputs(), features.len(), "one input per feature");
        let layers =
            net.layers.iter().map(|l| Layer32 { w: vec![0.0; l.m() * l.n()], b: vec![0.0; l.n()], m: l.m(), n: l.n(), activation: l.activation }).collect();
        let ys = net.layers.iter().map(|l| vec![0.0; CHUNK * l.n()]).collect();
        let x = vec![0.0; CHUNK * features.len()];
        let mut p = Painter { layers, loss: net.loss, features: features.to_vec(), points: vec![[0.0; 2]; CHUNK], x, ys, lut: vec![], lut_style: None };
        p.sync(net);
        p
    }

    /// Copies `net`'s weights (rounded to f32); rebuilds only if its shape changed.
    pub fn sync(&mut self, net: &Network) {
        let same = self.layers.len() == net.layers.len() && self.layers.iter().zip(&net.layers).all(|(a, b)| (a.m, a.n) == (b.m(), b.n()));
        if !same {
            let lut_style = self.lut_style.take();
            *self = Painter { lut: std::mem::take(&mut self.lut), lut_style, ..Painter::new(net, &self.features) };
            return;
        }
        self.loss = net.loss;
        for (to, from) in self.layers.iter_mut().zip(&net.layers) {
            to.activation = from.activation;
            for (t, f) in to.w.iter_mut().zip(from.w.iter()) {
                *t = *f as f32;
            }
            for (t, f) in to.b.iter_mut().zip(from.b.iter()) {
                *t = *f as f32;
            }
        }
    }

    /// The forward pass of the chunk's points, layer by layer: Eq. 3 as G = X w + 1 bᵀ,
    /// computed transposed, one neuron at a time: Gᵀ row n starts at b_n and adds w_{m,n}
    /// times Xᵀ row m, a loop along the points that the compiler turns into SIMD. Then Eq. 4
    /// element by element.
    fn forward(&mut self) {
        for j in 0..self.layers.len() {
            let (done, rest) = self.ys.split_at_mut(j);
            let input: &[f32] = if j == 0 { &self.x } else { &done[j - 1] };
            let Layer32 { w, b, m, n, activation } = &self.layers[j];
            for (k, g) in rest[0].chunks_exact_mut(CHUNK).enumerate().take(*n) {
                for (p, g_block) in g.chunks_exact_mut(BLOCK).enumerate() {
                    g_block.copy_from_slice(&neuron_block(input, &w[k..], *n, *m, b[k], p * BLOCK));
                }
                activate_all(*activation, g);
            }
        }
    }

    /// Makes the colour table for `style`, unless it is made already.
    fn colours(&mut self, style: &Style) {
        if self.lut_style.as_ref() == Some(style) {
            return;
        }
        self.lut = (0..style.classes.len() * (LEVELS + 1))
            .map(|i| {
                let (class, q) = (i / (LEVELS + 1), i % (LEVELS + 1));
                let [r, g, b] = mix_rgb(style.background, style.classes[class], 0.15 + 0.65 * q as f64 / LEVELS as f64);
                [r, g, b, 255]
            })
            .collect();
        self.lut_style = Some(style.clone());
    }

    /// Puts the features of the centres of pixels `first … first + count − 1` (row-major)
    /// into `self.x` (the rest of the chunk is left as it was: those columns are computed and
    /// ignored). Each feature is computed in f64, then rounded.
    fn load_pixels(&mut self, first: usize, count: usize, size: usize) {
        for (k, x) in self.points[..count].iter_mut().enumerate() {
            *x = pixel_to_input((first + k) % size, (first + k) / size, size);
        }
        for (m, f) in self.features.iter().enumerate() {
            f.of_each(&self.points[..count], &mut self.x[m * CHUNK..m * CHUNK + count]);
        }
    }

    /// The decision boundary for pixel rows `rows` of a `size` × `size` RGBA image: the same
    /// colours as [`crate::boundary::fill_decision_rows`], faster.
    pub fn fill_decision_rows(&mut self, size: usize, rows: std::ops::Range<usize>, style: &Style, out: &mut [u8]) {
        assert_eq!(out.len(), size * size * 4, "the buffer must hold size × size RGBA pixels");
        let (start, end) = (rows.start.min(size) * size, rows.end.min(size) * size);
        self.colours(style);
        let outputs = self.layers.last().expect("a network has a layer").n;
        let classes = style.classes.len();
        let mut y = [0.0f32; MAX_OUTPUTS];
        let mut first = start;
        while first < end {
            let count = CHUNK.min(end - first);
            self.load_pixels(first, count, size);
            self.forward();
            let ys = self.ys.last().expect("a network has a layer");
            for k in 0..count {
                for (n, y_n) in y.iter_mut().enumerate().take(outputs) {
                    *y_n = ys[n * CHUNK + k];
                }
                let (class, confidence) = classify32(&y[..outputs]);
                let q = (confidence * LEVELS as f32).round_ties_even() as usize; // one wasm instruction
                out[(first + k) * 4..(first + k) * 4 + 4].copy_from_slice(&self.lut[(class % classes) * (LEVELS + 1) + q]);
            }
            first += count;
        }
    }

    /// Every neuron's y_n^j over the plane, one `size` × `size` RGBA tile per neuron: the
    /// same colours as [`crate::boundary::fill_neurons`], faster.
    pub fn fill_neurons(&mut self, size: usize, style: &Style, out: &mut [u8]) {
        let neurons: usize = self.layers.iter().map(|l| l.n).sum();
        assert_eq!(out.len(), neurons * size * size * 4, "the buffer must hold one size × size RGBA tile per neuron");
        let (tile, last) = (size * size * 4, self.layers.len() - 1);
        let softmax = self.loss == Loss::SoftmaxCrossEntropy;
        let mut row = [0.0f32; MAX_WIDTH];
        let mut first = 0;
        while first < size * size {
            let count = CHUNK.min(size * size - first);
            self.load_pixels(first, count, size);
            self.forward();
            let mut k = 0;
            for (j, (layer, y)) in self.layers.iter().zip(&self.ys).enumerate() {
                for p in 0..count {
                    for (n, v) in row.iter_mut().enumerate().take(layer.n) {
                        *v = y[n * CHUNK + p];
                    }
                    let row = &row[..layer.n];
                    let (max, total) = if softmax && j == last {
                        let max = row.iter().fold(f32::NEG_INFINITY, |a, &v| a.max(v));
                        (max, row.iter().map(|&v| fast_exp(v - max)).sum::<f32>())
                    } else {
                        (0.0, 1.0)
                    };
                    for (n, &v) in row.iter().enumerate() {
                        let rgb = if softmax && j == last {
                            mix_rgb(style.background, style.classes[n % style.classes.len()], (fast_exp(v - max) / total) as f64)
                        } else {
                            mix_rgb(style.background, if v < 0.0 { style.negative } else { style.positive }, v.abs() as f64)
                        };
                        let at = (k + n) * tile + (first + p) * 4;
                        out[at..at + 4].copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
                    }
                }
                k += layer.n;
            }
            first += count;
        }
    }
}
