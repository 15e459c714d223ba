//! Helpers shared by the native tests.
#![allow(dead_code)]

use backprop_viz::activation::Activation;
use backprop_viz::loss::Loss;
use backprop_viz::network::{Init, Network};
use backprop_viz::rng::Rng;
use ndarray::Array1;

/// A random network with random biases (so that no g sits exactly at a ReLU kink).
pub fn random_net(sizes: &[usize], activations: &[Activation], loss: Loss, seed: u64) -> Network {
    let mut net = Network::random(sizes, activations, loss, Init::Xavier, seed).unwrap();
    let mut rng = Rng::new(seed + 100);
    for l in &mut net.layers {
        l.b.mapv_inplace(|_| rng.uniform(-0.5, 0.5));
    }
    net
}

pub fn random_vec(n: usize, rng: &mut Rng) -> Array1<f64> {
    Array1::from_shape_simple_fn(n, || rng.uniform(-2.0, 2.0))
}

/// A target for `loss`: one-hot for softmax (Σ Y = 1, Eq. 32), any vector otherwise.
pub fn random_target(loss: Loss, n: usize, rng: &mut Rng) -> Array1<f64> {
    match loss {
        Loss::SumOfSquares => random_vec(n, rng),
        Loss::SoftmaxCrossEntropy => {
            let mut t = Array1::zeros(n);
            t[rng.below(n)] = 1.0;
            t
        }
    }
}

/// |a − b| / max(|a|, |b|), or |a − b| when both are below 1e-7 (a relative error of two
/// values that are both round-off-sized means nothing).
pub fn rel_err(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale < 1e-7 {
        (a - b).abs()
    } else {
        (a - b).abs() / scale
    }
}
