//! The decision boundary and the per-neuron pictures: the network evaluated at every pixel
//! of an image over the input plane [−6, 6]², written into a caller-owned RGBA buffer.
//! Nothing is allocated per call: the caller keeps the [`Tape`] and the buffer.

use crate::dataset::EXTENT;
use crate::features::{inputs, Feature};
use crate::loss::Loss;
use crate::metrics::classify;
use crate::network::{Network, Tape};
use ndarray::ArrayView1;

/// Colours of the picture: one per class, the neutral background, and the two ends of the
/// diverging scale used for neuron outputs (negative, positive).
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    pub classes: Vec<[u8; 3]>,
    pub background: [u8; 3],
    pub negative: [u8; 3],
    pub positive: [u8; 3],
}

impl Default for Style {
    /// Okabe-Ito, colour-blind safe: orange, blue, bluish green, reddish purple, vermillion.
    fn default() -> Self {
        Style {
            classes: vec![[0xE6, 0x9F, 0x00], [0x00, 0x72, 0xB2], [0x00, 0x9E, 0x73], [0xCC, 0x79, 0xA7], [0xD5, 0x5E, 0x00]],
            background: [0xFA, 0xFA, 0xFA],
            negative: [0xE6, 0x9F, 0x00],
            positive: [0x00, 0x72, 0xB2],
        }
    }
}

/// The input (x₁, x₂) at the centre of pixel (px, py) of a `size` × `size` image; x₂ grows
/// upwards.
pub fn pixel_to_input(px: usize, py: usize, size: usize) -> [f64; 2] {
    let step = 2.0 * EXTENT / size as f64;
    [-EXTENT + (px as f64 + 0.5) * step, EXTENT - (py as f64 + 0.5) * step]
}

/// The colour a fraction `t` of the way from `a` to `b` (t clamped to [0, 1]; not finite: 0).
pub(crate) fn mix_rgb(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    [0, 1, 2].map(|i| (a[i] as f64 + (b[i] as f64 - a[i] as f64) * t).round() as u8)
}

fn check(net: &Network, features: &[Feature], size: usize, out: &[u8]) {
    assert_eq!(net.inputs(), features.len(), "the input plane needs a network with one input per feature");
    assert_eq!(out.len(), size * size * 4, "the buffer must hold size × size RGBA pixels");
}

/// x^0 at the centre of pixel p of a `size` × `size` image: its features, in `buffer`.
fn pixel_inputs<'a>(features: &[Feature], p: usize, size: usize, buffer: &'a mut [f64; 7]) -> ArrayView1<'a, f64> {
    inputs(features, pixel_to_input(p % size, p / size, size), buffer);
    ArrayView1::from(&buffer[..features.len()])
}

/// Colours every pixel by its predicted class, faded towards the background where the
/// network is unsure: the two-class sum-of-squares output's sign and size, or the winning
/// class's softmax probability. The network's input at a point is its `features`.
pub fn fill_decision(net: &Network, features: &[Feature], tape: &mut Tape, size: usize, style: &Style, out: &mut [u8]) {
    fill_decision_rows(net, features, tape, size, 0..size, style, out);
}

/// [`fill_decision`] for the pixel rows in `rows` only, so that a large image can be
/// refreshed a band at a time within a frame's budget.
pub fn fill_decision_rows(net: &Network, features: &[Feature], tape: &mut Tape, size: usize, rows: std::ops::Range<usize>, style: &Style, out: &mut [u8]) {
    check(net, features, size, out);
    let mut x0 = [0.0; 7];
    let rows = rows.start.min(size)..rows.end.min(size);
    let first = rows.start * size;
    for (k, px) in out[rows.start * size * 4..rows.end * size * 4].chunks_exact_mut(4).enumerate() {
        net.forward(pixel_inputs(features, first + k, size, &mut x0), tape);
        let (class, confidence) = classify(tape.output());
        let colour = style.classes[class % style.classes.len()];
        let [r, g, b] = mix_rgb(style.background, colour, 0.15 + 0.65 * confidence);
        px.copy_from_slice(&[r, g, b, 255]);
    }
}

/// Colours the output y_n^j of every neuron of every layer over the input plane, one
/// `size` × `size` RGBA tile per neuron, tiles in order j = 0 … J, n = 0 … N^j − 1. One
/// forward pass per pixel serves every tile. Hidden units (and sum-of-squares outputs) use
/// the diverging scale on y clamped to [−1, 1]; with softmax, output n shows its probability
/// z_n (Eq. 28) from the background to class n's colour, so a tile reads as "where the
/// network says class n".
pub fn fill_neurons(net: &Network, features: &[Feature], tape: &mut Tape, size: usize, style: &Style, out: &mut [u8]) {
    let neurons: usize = net.layers.iter().map(|l| l.n()).sum();
    assert_eq!(net.inputs(), features.len(), "the input plane needs a network with one input per feature");
    let mut x0 = [0.0; 7];
    assert_eq!(out.len(), neurons * size * size * 4, "the buffer must hold one size × size RGBA tile per neuron");
    let tile = size * size * 4;
    let softmax = net.loss == Loss::SoftmaxCrossEntropy;
    let last = net.last();
    for p in 0..size * size {
        net.forward(pixel_inputs(features, p, size, &mut x0), tape);
        let (max, total) = if softmax {
            let y = tape.output();
            let max = y.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            (max, y.fold(0.0, |s, &v| s + (v - max).exp()))
        } else {
            (0.0, 1.0)
        };
        let mut k = 0;
        for (j, values) in tape.layers.iter().enumerate() {
            for (n, &v) in values.y.iter().enumerate() {
                let [r, g, b] = if softmax && j == last {
                    let z = (v - max).exp() / total;
                    mix_rgb(style.background, style.classes[n % style.classes.len()], if z.is_finite() { z } else { 0.0 })
                } else {
                    let end = if v < 0.0 { style.negative } else { style.positive };
                    mix_rgb(style.background, end, if v.is_finite() { v.abs() } else { 0.0 })
                };
                out[k * tile + p * 4..k * tile + p * 4 + 4].copy_from_slice(&[r, g, b, 255]);
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::features::PLAIN;
    use crate::network::Layer;
    use ndarray::array;

    #[test]
    fn a_linear_separator_colours_each_half() {
        // y = x₁: class 1 (blue) on the right half, class 0 (orange) on the left.
        let l = Layer { w: array![[1.0], [0.0]], b: array![0.0], activation: Activation::Linear };
        let net = Network::new(vec![l], Loss::SumOfSquares).unwrap();
        let (size, style) = (8, Style::default());
        let mut out = vec![0u8; size * size * 4];
        fill_decision(&net, &PLAIN, &mut Tape::new(&net), size, &style, &mut out);
        // Filling the image in two bands gives the same pixels.
        let mut banded = vec![0u8; size * size * 4];
        fill_decision_rows(&net, &PLAIN, &mut Tape::new(&net), size, 0..3, &style, &mut banded);
        assert!(banded[3 * size * 4..].iter().all(|&v| v == 0), "rows 3.. are not touched yet");
        fill_decision_rows(&net, &PLAIN, &mut Tape::new(&net), size, 3..size, &style, &mut banded);
        assert_eq!(banded, out);
        let px = |x: usize, y: usize| &out[(y * size + x) * 4..(y * size + x) * 4 + 4];
        // Pixel 7 is at x₁ = 5.25 > 1: full confidence, 0.15 + 0.65 = 0.8 of the way from
        // (250, 250, 250) to blue (0, 114, 178): (250 − 200, 250 − 108.8, 250 − 57.6).
        assert_eq!(px(7, 3), &[50, 141, 192, 255][..]);
        assert!(px(0, 0)[0] > px(0, 0)[2], "left is orange: {:?}", px(0, 0));
        // Pixel 4 is at x₁ = 0.75: confidence 0.75.
        assert_eq!(&px(4, 0)[..3], &mix_rgb(style.background, style.classes[1], 0.15 + 0.65 * 0.75)[..]);
        assert_eq!(pixel_to_input(0, 0, 8), [-5.25, 5.25]);

        // The one neuron's tile: y = x₁ clamped to [−1, 1] on the orange-white-blue scale.
        let mut tiles = vec![0u8; size * size * 4];
        fill_neurons(&net, &PLAIN, &mut Tape::new(&net), size, &style, &mut tiles);
        assert_eq!(&tiles[(3 * size + 7) * 4..(3 * size + 7) * 4 + 4], &[0, 114, 178, 255][..]);
        assert_eq!(&tiles[(3 * size + 4) * 4..(3 * size + 4) * 4 + 3], &mix_rgb(style.background, style.positive, 0.75)[..]);
        assert_eq!(&tiles[(3 * size + 3) * 4..(3 * size + 3) * 4 + 3], &mix_rgb(style.background, style.negative, 0.75)[..]);

        // Softmax: the output tiles show z_n towards class n's colour. y = (x₁, −x₁): at
        // x₁ = 0.75, z = (e^0.75, e^−0.75) / Σ, so z_1 = 1 / (1 + e^−1.5).
        let l = Layer { w: array![[1.0, -1.0], [0.0, 0.0]], b: array![0.0, 0.0], activation: Activation::Linear };
        let soft = Network::new(vec![l], Loss::SoftmaxCrossEntropy).unwrap();
        let mut tiles = vec![0u8; 2 * size * size * 4];
        fill_neurons(&soft, &PLAIN, &mut Tape::new(&soft), size, &style, &mut tiles);
        let z1 = 1.0 / (1.0 + (-1.5f64).exp());
        let at = (3 * size + 4) * 4;
        assert_eq!(&tiles[at..at + 3], &mix_rgb(style.background, style.classes[0], z1)[..]);
        let second = size * size * 4 + at;
        assert_eq!(&tiles[second..second + 3], &mix_rgb(style.background, style.classes[1], 1.0 - z1)[..]);
    }
}
