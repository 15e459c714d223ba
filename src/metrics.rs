//! From labels to targets Y and from outputs y^J back to classes; loss, accuracy and the
//! confusion matrix of a set of points.

use crate::dataset::Point;
use crate::network::{Network, Tape};
use ndarray::{ArrayView1, ArrayViewMut1};

/// Writes the target Y of `label` into `target`. One output (the two-class sum-of-squares
/// network) uses Y = +1 for class 1 and Y = −1 for class 0; K outputs use a one-hot Y.
pub fn encode_target(label: usize, mut target: ArrayViewMut1<f64>) {
    if target.len() == 1 {
        target[0] = if label == 1 { 1.0 } else { -1.0 };
    } else {
        target.fill(0.0);
        target[label] = 1.0;
    }
}

/// Writes the target Y of point `p` for K = `classes`: its value for a regression (K = 1),
/// else its class as [`encode_target`] writes it.
pub fn encode_point(p: &Point, classes: usize, mut target: ArrayViewMut1<f64>) {
    if classes == 1 {
        target[0] = p.target;
    } else {
        encode_target(p.label(), target);
    }
}

/// The class of an output y^J and a confidence in [0, 1]. One output: class 1 when y ≥ 0,
/// with confidence min(|y|, 1). K outputs: the largest y_n, with confidence from its
/// softmax probability, scaled so that 1/K (a guess) is 0 and 1 is 1.
pub fn classify(y: ArrayView1<f64>) -> (usize, f64) {
    if y.len() == 1 {
        let v = y[0];
        return (usize::from(v >= 0.0), v.abs().min(1.0));
    }
    let (mut best, mut max) = (0, f64::NEG_INFINITY);
    for (i, &v) in y.iter().enumerate() {
        if v > max {
            best = i;
            max = v;
        }
    }
    let total: f64 = y.iter().map(|&v| (v - max).exp()).sum();
    let p = 1.0 / total;
    let k = y.len() as f64;
    (best, ((p - 1.0 / k) / (1.0 - 1.0 / k)).clamp(0.0, 1.0))
}

/// Loss, accuracy and confusion matrix of a set of points.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Metrics {
    /// The mean loss per point (NaN for no points).
    pub loss: f64,
    /// The fraction of points classified right (NaN for no points).
    pub accuracy: f64,
    /// K × K, row-major: `confusion[actual * K + predicted]`.
    pub confusion: Vec<u32>,
}

/// Evaluates `net` on `points` of `classes` classes into `m`, the network's input of point i
/// being `inputs[i M^0 .. (i + 1) M^0]` (its features), using `tape` and `target` as
/// scratch; reusing `m` allocates nothing. A regression (K = 1) has a loss and no accuracy
/// (NaN) or confusion matrix (empty).
pub fn evaluate(net: &Network, points: &[Point], inputs: &[f64], classes: usize, tape: &mut Tape, target: &mut ndarray::Array1<f64>, m: &mut Metrics) {
    let x0 = |i: usize| ArrayView1::from(&inputs[i * net.inputs()..(i + 1) * net.inputs()]);
    m.confusion.clear();
    (m.loss, m.accuracy) = (0.0, 0.0);
    if points.is_empty() {
        (m.loss, m.accuracy) = (f64::NAN, f64::NAN);
        return;
    }
    if classes == 1 {
        for (i, p) in points.iter().enumerate() {
            net.forward(x0(i), tape);
            encode_point(p, 1, target.view_mut());
            m.loss += net.loss.value(tape.output_row(0), target.as_slice().expect("a new vector"));
        }
        (m.loss, m.accuracy) = (m.loss / points.len() as f64, f64::NAN);
        return;
    }
    m.confusion.resize(classes * classes, 0);
    let mut correct = 0usize;
    for (i, p) in points.iter().enumerate() {
        net.forward(x0(i), tape);
        encode_target(p.label(), target.view_mut());
        m.loss += net.loss.value(tape.output_row(0), target.as_slice().expect("a new vector"));
        let (predicted, _) = classify(tape.output());
        let predicted = predicted.min(classes - 1);
        correct += usize::from(predicted == p.label());
        m.confusion[p.label() * classes + predicted] += 1;
    }
    m.loss /= points.len() as f64;
    m.accuracy = correct as f64 / points.len() as f64;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array1};

    #[test]
    fn targets_and_classes() {
        let mut t = Array1::zeros(1);
        encode_target(0, t.view_mut());
        assert_eq!(t, array![-1.0]);
        let mut t = Array1::zeros(3);
        encode_target(2, t.view_mut());
        assert_eq!(t, array![0.0, 0.0, 1.0]);
        assert_eq!(classify(array![-0.25].view()), (0, 0.25));
        assert_eq!(classify(array![3.0].view()), (1, 1.0));
        // Equal logits: a pure guess, confidence 0.
        assert_eq!(classify(array![1.0, 1.0, 1.0].view()).1, 0.0);
        let (c, conf) = classify(array![0.0, 10.0, 0.0].view());
        assert!(c == 1 && conf > 0.99);
    }
}
