//! Training reaches the accuracy a student would expect on every dataset.
#![cfg(not(target_arch = "wasm32"))]

use backprop_viz::activation::Activation;
use backprop_viz::dataset::{DatasetKind, DatasetSpec};
use backprop_viz::loss::Loss;
use backprop_viz::network::Init;
use backprop_viz::train::{Hyper, Regularization};
use backprop_viz::trainer::{Config, Hidden, StepUnit, Trainer};

fn config(kind: DatasetKind, classes: usize, hidden: &[usize], act: Activation, loss: Loss, lr: f64) -> Config {
    Config {
        dataset: DatasetSpec { kind, classes, points: 500, noise: 0.0, train_ratio: 0.5, seed: 7 },
        hidden: hidden.iter().map(|&neurons| Hidden { neurons, activation: act }).collect(),
        output_activation: if loss == Loss::SumOfSquares { Activation::Tanh } else { Activation::Linear },
        loss,
        one_hot: false,
        init: Init::Xavier,
        seed: 3,
        hyper: Hyper { learning_rate: lr, batch_size: 10, regularization: Regularization::None, regularization_rate: 0.0 },
    }
}

/// Trains until the test accuracy reaches `goal` or `max_epochs` pass; returns the accuracy.
fn train_to(config: Config, goal: f64, max_epochs: usize) -> (f64, usize) {
    let mut t = Trainer::new(config).unwrap();
    let start = t.metrics().1.accuracy;
    while t.epoch() < max_epochs {
        t.train(StepUnit::Epoch, 10).expect("does not diverge");
        let (train, test) = t.metrics();
        let (train_loss, test_accuracy) = (train.loss, test.accuracy);
        if test_accuracy >= goal {
            assert!(train_loss.is_finite());
            return (test_accuracy, t.epoch());
        }
    }
    let acc = t.metrics().1.accuracy;
    assert!(acc > start, "accuracy did not even rise: {start} -> {acc}");
    (acc, t.epoch())
}

#[test]
fn circle() {
    let (acc, epochs) = train_to(config(DatasetKind::Circle, 2, &[8, 8], Activation::Relu, Loss::SumOfSquares, 0.03), 0.95, 300);
    assert!(acc >= 0.95, "circle: {acc} after {epochs} epochs");
}

#[test]
fn xor() {
    let (acc, epochs) = train_to(config(DatasetKind::Xor, 2, &[8, 8], Activation::Relu, Loss::SumOfSquares, 0.03), 0.95, 300);
    assert!(acc >= 0.95, "xor: {acc} after {epochs} epochs");
}

#[test]
fn gauss() {
    let (acc, epochs) = train_to(config(DatasetKind::Gauss, 2, &[4], Activation::Relu, Loss::SumOfSquares, 0.03), 0.95, 300);
    assert!(acc >= 0.95, "gauss: {acc} after {epochs} epochs");
}

#[test]
fn two_arm_spiral() {
    let (acc, epochs) = train_to(config(DatasetKind::Spiral, 2, &[16, 16, 16], Activation::Tanh, Loss::SumOfSquares, 0.03), 0.90, 2000);
    assert!(acc >= 0.90, "spiral: {acc} after {epochs} epochs");
}

#[test]
fn three_arm_spiral_with_softmax() {
    let (acc, epochs) = train_to(config(DatasetKind::Spiral, 3, &[32, 32], Activation::Relu, Loss::SoftmaxCrossEntropy, 0.03), 0.90, 1000);
    assert!(acc >= 0.90, "3-arm spiral: {acc} after {epochs} epochs");
}

#[test]
fn blobs_with_softmax() {
    let (acc, epochs) = train_to(config(DatasetKind::Blobs, 5, &[8], Activation::Relu, Loss::SoftmaxCrossEntropy, 0.03), 0.90, 300);
    assert!(acc >= 0.90, "blobs: {acc} after {epochs} epochs");
}

#[test]
fn a_diverging_run_stops_and_keeps_the_last_finite_network() {
    let mut c = config(DatasetKind::Spiral, 2, &[8, 8], Activation::Relu, Loss::SumOfSquares, 10.0);
    c.output_activation = Activation::Linear;
    let mut t = Trainer::new(c).unwrap();
    let mut outcome = Ok(());
    for _ in 0..50 {
        outcome = t.train(StepUnit::Epoch, 1);
        if outcome.is_err() {
            break;
        }
    }
    let err = outcome.expect_err("learning rate 10 with a linear output diverges");
    assert_eq!(err.learning_rate, 10.0);
    assert!(t.diverged() && t.network().is_finite());
    // Further training is refused until the hyper-parameters change.
    assert!(t.train(StepUnit::Batch, 1).is_err());
    let mut h = t.config().hyper;
    h.learning_rate = 0.01;
    t.set_hyper(h).unwrap();
    assert!(t.train(StepUnit::Batch, 1).is_ok());
}

#[test]
fn sum_of_squares_with_one_hot_outputs() {
    // Eq. 23 on a vector: two outputs, Y = (1, 0) or (0, 1), the class is the larger output.
    let mut c = config(DatasetKind::Xor, 2, &[8, 8], Activation::Relu, Loss::SumOfSquares, 0.03);
    c.one_hot = true;
    c.output_activation = Activation::Linear;
    assert_eq!(c.sizes(), vec![2, 8, 8, 2]);
    let (acc, epochs) = train_to(c, 0.95, 300);
    assert!(acc >= 0.95, "one-hot xor: {acc} after {epochs} epochs");
}
