//! The backward pass (Table 1) against hand-derived numbers and against central finite
//! differences.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use backprop_viz::activation::Activation;
use backprop_viz::backward::{backward, input_gradient, Gradients};
use backprop_viz::loss::Loss;
use backprop_viz::network::{Layer, Network, Tape};
use backprop_viz::rng::Rng;
use common::*;
use ndarray::{array, Array1, ArrayView1};

fn run(net: &Network, x: ArrayView1<f64>, target: ArrayView1<f64>) -> Gradients {
    let mut tape = Tape::new(net);
    net.forward(x, &mut tape);
    let mut grads = Gradients::new(net);
    backward(net, &tape, target, &mut grads);
    input_gradient(net, &tape, target, &mut grads);
    grads
}

#[test]
fn relu_sum_of_squares_by_hand() {
    // Layer 0 (ReLU): w^0 = [[1, −1], [2, 0.5]], b^0 = (0.5, −3).  Layer 1 (linear):
    // w^1 = [[2], [7]], b^1 = (1).  x = (1, 2), Y = 10.
    let net = Network::new(
        vec![
            Layer { w: array![[1.0, -1.0], [2.0, 0.5]], b: array![0.5, -3.0], activation: Activation::Relu },
            Layer { w: array![[2.0], [7.0]], b: array![1.0], activation: Activation::Linear },
        ],
        Loss::SumOfSquares,
    )
    .unwrap();
    // Forward: g^0 = (1·1 + 2·2 + 0.5, −1·1 + 0.5·2 − 3) = (5.5, −3), y^0 = (5.5, 0);
    // g^1 = y^1 = 2·5.5 + 7·0 + 1 = 12.  L = ½ (12 − 10)² = 2.
    let (x, t) = (array![1.0, 2.0], array![10.0]);
    assert_eq!(net.loss_at(x.view(), t.view()), 2.0);
    let g = run(&net, x.view(), t.view());
    // Eq. 23: ∂L/∂y^1 = y^1 − Y = 2.   Eq. 24 (linear, f' = 1): ∂L/∂g^1 = 2.
    assert_eq!((g.layers[1].dl_dy.clone(), g.layers[1].dl_dg.clone()), (array![2.0], array![2.0]));
    // Eq. 26: ∂L/∂w^1 = x^1 (∂L/∂g^1)^T = (5.5, 0)^T · 2 = [[11], [0]].  Eq. 27: ∂L/∂b^1 = 2.
    assert_eq!(g.layers[1].dl_dw, array![[11.0], [0.0]]);
    assert_eq!(g.layers[1].dl_db, array![2.0]);
    // Eq. 25: ∂L/∂x^1 = w^1 ∂L/∂g^1 = (2·2, 7·2) = (4, 14), which Eq. 10 makes ∂L/∂y^0.
    assert_eq!(g.layers[1].dl_dx, array![4.0, 14.0]);
    assert_eq!(g.layers[0].dl_dy, array![4.0, 14.0]);
    // Eq. 24 at j = 0: [∂y/∂g]^0 = diag(1, 0) (g = 5.5 ≥ 0, g = −3 < 0): ∂L/∂g^0 = (4, 0).
    assert_eq!(g.layers[0].dl_dg, array![4.0, 0.0]);
    // Eq. 26: ∂L/∂w^0 = (1, 2)^T (4, 0) = [[4, 0], [8, 0]].  Eq. 27: ∂L/∂b^0 = (4, 0).
    assert_eq!(g.layers[0].dl_dw, array![[4.0, 0.0], [8.0, 0.0]]);
    assert_eq!(g.layers[0].dl_db, array![4.0, 0.0]);
    // Eq. 25 at j = 0 (the input gradient): w^0 (4, 0) = (1·4 − 1·0, 2·4 + 0.5·0) = (4, 8).
    assert_eq!(g.layers[0].dl_dx, array![4.0, 8.0]);
}

#[test]
fn relu_at_zero_takes_the_identity_branch() {
    // g = 0 exactly: Eq. 2 puts it on the identity branch, so f'(0) = 1 and the gradient flows.
    let net = Network::new(vec![Layer { w: array![[1.0]], b: array![-1.0], activation: Activation::Relu }], Loss::SumOfSquares).unwrap();
    // x = 1: g = 1 − 1 = 0, y = 0; Y = 3: ∂L/∂y = −3, ∂L/∂g = 1 · (−3), ∂L/∂w = x · (−3).
    let g = run(&net, array![1.0].view(), array![3.0].view());
    assert_eq!((g.layers[0].dl_dg[0], g.layers[0].dl_dw[[0, 0]]), (-3.0, -3.0));
}

#[test]
fn softmax_cross_entropy_by_hand() {
    // One linear layer, w = [[0, 1], [0, 0]], b = 0, x = (ln 3, 5):
    // g_1 = 0·ln 3 + 0·5 = 0, g_2 = 1·ln 3 + 0·5 = ln 3, so y = (0, ln 3).
    // Eq. 28: z = (1, 3) / 4.  Y = (1, 0): Eq. 29: L = −ln ¼ = ln 4.
    let net = Network::new(vec![Layer { w: array![[0.0, 1.0], [0.0, 0.0]], b: array![0.0, 0.0], activation: Activation::Linear }], Loss::SoftmaxCrossEntropy)
        .unwrap();
    let l3 = 3f64.ln();
    let (x, t) = (array![l3, 5.0], array![1.0, 0.0]);
    assert!((net.loss_at(x.view(), t.view()) - 4f64.ln()).abs() < 1e-15);
    let g = run(&net, x.view(), t.view());
    let close = |a: &Array1<f64>, b: Array1<f64>| (a - &b).iter().all(|d| d.abs() < 1e-15);
    assert!(close(&g.z, array![0.25, 0.75]));
    // Eq. 31: ∂L/∂y = z − Y = (−¾, ¾); linear, so ∂L/∂g = ∂L/∂b = (−¾, ¾).
    assert!(close(&g.layers[0].dl_dy, array![-0.75, 0.75]));
    assert!(close(&g.layers[0].dl_db, array![-0.75, 0.75]));
    // Eq. 26: ∂L/∂w = (ln 3, 5)^T (−¾, ¾) = [[−¾ ln 3, ¾ ln 3], [−15/4, 15/4]].
    let expected = array![[-0.75 * l3, 0.75 * l3], [-3.75, 3.75]];
    assert!((&g.layers[0].dl_dw - &expected).iter().all(|d| d.abs() < 1e-15), "{}", g.layers[0].dl_dw);
    // Eq. 25: ∂L/∂x = w ∂L/∂g = (0·(−¾) + 1·¾, 0) = (¾, 0).
    assert!(close(&g.layers[0].dl_dx, array![0.75, 0.0]));
}

/// The fourth-order central difference of L along one coordinate, set by `at(θ_i + δ)`:
/// (−L(θ + 2h) + 8 L(θ + h) − 8 L(θ − h) + L(θ − 2h)) / 12h. Its truncation error is O(h⁴),
/// so h can be 1e-4, where round-off (ε L / h ≈ 1e-12) is small enough to resolve
/// gradients of 1e-5 to a relative 1e-6; the two-point form (L(θ + h) − L(θ − h)) / 2h
/// cannot do both at once (its O(h²) needs h ≈ 1e-6, and then round-off is 1e-10).
fn central_difference(at: impl Fn(f64) -> f64) -> f64 {
    let h = 1e-4;
    (-at(2.0 * h) + 8.0 * at(h) - 8.0 * at(-h) + at(-2.0 * h)) / (12.0 * h)
}

/// Central differences of every weight, bias and input against the backward pass, for
/// random networks of both losses and every activation.
#[test]
fn finite_differences_agree_for_every_parameter_and_input() {
    let mut worst = 0.0f64;
    let mut rng = Rng::new(42);
    for loss in Loss::ALL {
        for act in Activation::ALL {
            for (trial, sizes) in [vec![2, 3, 1], vec![3, 5, 4, 3], vec![2, 6, 6, 6, 2]].into_iter().enumerate() {
                let depth = sizes.len() - 1;
                // Every layer `act`, except that the last alternates, so that each activation
                // also appears under the loss directly.
                let mut acts = vec![act; depth];
                if trial == 1 {
                    acts[depth - 1] = Activation::Linear;
                }
                let net = random_net(&sizes, &acts, loss, 1000 + trial as u64);
                let x = random_vec(sizes[0], &mut rng);
                let t = random_target(loss, *sizes.last().unwrap(), &mut rng);
                let g = run(&net, x.view(), t.view());
                let l = |n: &Network, x: &Array1<f64>| n.loss_at(x.view(), t.view());
                let what = format!("{loss:?} {act:?} {sizes:?}");
                for j in 0..net.layers.len() {
                    for ((m, n), &analytic) in g.layers[j].dl_dw.indexed_iter() {
                        let fd = central_difference(|d| {
                            let mut moved = net.clone();
                            moved.layers[j].w[[m, n]] += d;
                            l(&moved, &x)
                        });
                        let e = rel_err(analytic, fd);
                        worst = worst.max(e);
                        assert!(e <= 1e-6, "{what}: ∂L/∂w^{j}_({m},{n}) = {analytic}, finite difference {fd}");
                    }
                    for (n, &analytic) in g.layers[j].dl_db.indexed_iter() {
                        let fd = central_difference(|d| {
                            let mut moved = net.clone();
                            moved.layers[j].b[n] += d;
                            l(&moved, &x)
                        });
                        worst = worst.max(rel_err(analytic, fd));
                        assert!(rel_err(analytic, fd) <= 1e-6, "{what}: ∂L/∂b^{j}_{n} = {analytic}, finite difference {fd}");
                    }
                }
                for (m, &analytic) in g.layers[0].dl_dx.indexed_iter() {
                    let fd = central_difference(|d| {
                        let mut moved = x.clone();
                        moved[m] += d;
                        l(&net, &moved)
                    });
                    worst = worst.max(rel_err(analytic, fd));
                    assert!(rel_err(analytic, fd) <= 1e-6, "{what}: ∂L/∂x^0_{m} = {analytic}, finite difference {fd}");
                }
            }
        }
    }
    println!("worst relative error over all checks: {worst:.2e}");
}

#[test]
fn the_batch_mean_of_dl_dx_is_the_mean_of_each_samples() {
    // Eq. 25 is linear in ∂L/∂g and w is fixed within a batch, so the batch mean of
    // w ∂L/∂g is w times the mean ∂L/∂g: what Sgd keeps for the export, made after the
    // batch from the mean ∂L/∂b (Eq. 27), equals the mean of each sample's ∂L/∂x.
    use backprop_viz::train::{Hyper, Sgd};
    let net = random_net(&[2, 5, 3, 2], &[Activation::Tanh, Activation::Relu, Activation::Linear], Loss::SoftmaxCrossEntropy, 8);
    let mut rng = Rng::new(4);
    let mut sgd = Sgd::new(&net);
    let mut sum: Vec<Array1<f64>> = net.layers.iter().map(|l| Array1::zeros(l.m())).collect();
    let count = 6;
    for _ in 0..count {
        let (x, t) = (random_vec(2, &mut rng), random_target(Loss::SoftmaxCrossEntropy, 2, &mut rng));
        sgd.accumulate(&net, x.view(), t.view());
        for (s, l) in sum.iter_mut().zip(&run(&net, x.view(), t.view()).layers) {
            *s += &l.dl_dx;
        }
    }
    let mut updated = net.clone();
    sgd.update(&mut updated, &Hyper { learning_rate: 0.5, ..Hyper::default() });
    assert_ne!(updated, net, "the update moved the weights; the mean is of the weights before");
    for (j, s) in sum.iter().enumerate() {
        for (kept, total) in sgd.batch_mean_dl_dx(j).iter().zip(s) {
            let mean = total / count as f64;
            assert!(rel_err(*kept, mean) < 1e-12, "layer {j}: {kept} vs {mean}");
        }
    }
}
