//! Regression (K = 1): the seed's sum of squares (Eq. 5) on one linear output with a
//! continuous target Y. The plane and the Gaussians are learned to a small loss.
#![cfg(not(target_arch = "wasm32"))]

use backprop_viz::activation::Activation;
use backprop_viz::dataset::{DatasetKind, DatasetSpec, Point};
use backprop_viz::loss::Loss;
use backprop_viz::train::Hyper;
use backprop_viz::trainer::{presets, Config, Hidden, StepUnit, Trainer};
use ndarray::ArrayView1;

fn config(kind: DatasetKind, hidden: &[usize], lr: f64) -> Config {
    Config {
        dataset: DatasetSpec { kind, classes: 1, ..DatasetSpec::default() },
        hidden: hidden.iter().map(|&neurons| Hidden { neurons, activation: Activation::Relu }).collect(),
        output_activation: Activation::Linear,
        loss: Loss::SumOfSquares,
        hyper: Hyper { learning_rate: lr, ..Hyper::default() },
        ..Config::default()
    }
}

#[test]
fn the_plane_is_learned_by_one_linear_neuron() {
    // Y = (x₁ + x₂)/12 is linear: no hidden layer, w = (1/12, 1/12), b = 0 makes L = 0.
    let mut t = Trainer::new(config(DatasetKind::RegPlane, &[], 0.01)).unwrap();
    let start = t.metrics().1.loss;
    t.train(StepUnit::Epoch, 100).unwrap();
    let (train, test) = t.metrics();
    assert!(test.loss < 1e-6 && train.loss < 1e-6, "test loss {} from {start}", test.loss);
    assert!(test.accuracy.is_nan() && test.confusion.is_empty(), "a regression has no classes");
    let w = &t.network().layers[0].w;
    assert!((w[[0, 0]] - 1.0 / 12.0).abs() < 1e-3 && (w[[1, 0]] - 1.0 / 12.0).abs() < 1e-3, "{w}");
}

#[test]
fn the_gaussians_are_learned_to_a_small_loss() {
    // Two ReLU layers of 16 with η = 0.3 (a sweep of 36 settings found it among the fastest:
    // 0.0035 after 300 epochs, where the page's default 8-8 with η = 0.03 is at 0.03).
    let preset = presets().into_iter().find(|p| p.id == "reg-gauss").expect("the page's preset").config;
    assert_eq!(preset, config(DatasetKind::RegGauss, &[16, 16], 0.3), "the preset is what this test trains");
    let mut t = Trainer::new(preset).unwrap();
    let start = t.metrics().1.loss;
    t.train(StepUnit::Epoch, 300).unwrap();
    let test = t.metrics().1.loss;
    // L is ½ (y − Y)² per point; the targets' own mean ½ Y² is the loss of y = 0.
    assert!(test < 0.01 && test < start / 5.0, "test loss {test} from {start}");
    // The peaks come out with their signs.
    let y = |x: [f64; 2]| t.network().predict(ArrayView1::from(&x[..]))[0];
    assert!(y([-4.0, 2.5]) > 0.6 && y([0.0, 2.5]) < -0.6, "{} {}", y([-4.0, 2.5]), y([0.0, 2.5]));
}

#[test]
fn own_values_train_and_the_config_is_checked() {
    let mut c = config(DatasetKind::Own, &[4], 0.05);
    c.dataset.own = vec![Point { x: [-3.0, 0.0], target: 0.8 }, Point { x: [3.0, 0.0], target: -0.3 }];
    let mut t = Trainer::new(c.clone()).unwrap();
    assert_eq!((t.network().outputs(), t.target_of(&c.dataset.own[0])[0]), (1, 0.8));
    t.train(StepUnit::Epoch, 500).unwrap();
    let y = |x: [f64; 2]| t.network().predict(ArrayView1::from(&x[..]))[0];
    assert!((y([-3.0, 0.0]) - 0.8).abs() < 0.02 && (y([3.0, 0.0]) + 0.3).abs() < 0.02);
    // Softmax is for classes; a target must be a finite number.
    let mut soft = c.clone();
    soft.loss = Loss::SoftmaxCrossEntropy;
    assert!(Trainer::new(soft).err().unwrap().contains("regression target (classes: 1) needs the sum of squares"));
    let mut huge = c;
    huge.dataset.own[1].target = 1e9;
    assert!(Trainer::new(huge).err().unwrap().contains("point 2 of the own data has the target 1000000000"));
}
