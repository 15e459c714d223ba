//! The student's own points: read from a config as the page writes it, checked, trained on,
//! and replaced while the network keeps its weights.
#![cfg(not(target_arch = "wasm32"))]

use backprop_viz::dataset::{DatasetKind, Point};
use backprop_viz::format;
use backprop_viz::trainer::{Config, StepUnit, Trainer};
use ndarray::ArrayView1;

/// The page's config for its own data: the default network, η = 0.1, these points.
fn config(points: &str, classes: usize) -> Config {
    let text = format!(
        r#"{{"dataset": {{"kind": "own", "classes": {classes}, "points": 500, "noise": 0, "trainRatio": 0.5, "seed": 1, "own": {points}}},
            "hidden": [{{"neurons": 8, "activation": "relu"}}], "outputActivation": "tanh", "loss": "sum_of_squares",
            "init": "uniform", "seed": 1,
            "hyper": {{"learningRate": 0.1, "batchSize": 1, "regularization": "none", "regularizationRate": 0}}}}"#
    );
    format::read(&text).unwrap()
}

/// y^J of the trained network at x (one tanh output: class 1 where it is ≥ 0).
fn output(t: &Trainer, x: [f64; 2]) -> f64 {
    t.network().predict(ArrayView1::from(&x[..]))[0]
}

#[test]
fn own_points_are_read_as_triples_and_all_train() {
    let c = config("[[-2, 0, 0], [2, 0.5, 1], [0, -6, 1]]", 2);
    assert_eq!(c.dataset.kind, DatasetKind::Own);
    assert_eq!(c.dataset.own[1], Point::class([2.0, 0.5], 1));
    let t = Trainer::new(c).unwrap();
    assert_eq!((t.dataset().train.len(), t.dataset().test.len()), (3, 0));
}

#[test]
fn bad_own_points_are_refused_by_place() {
    let err = |points: &str, classes: usize| Trainer::new(config(points, classes)).err().unwrap();
    assert!(err("[[0, 7, 0]]", 2).contains("point 1 of the own data has x = 7"), "{}", err("[[0, 7, 0]]", 2));
    assert!(err("[[0, 0, 0], [1, 1, 2]]", 2).contains("point 2 of the own data has label 2, but with 2 classes the labels are 0 to 1"));
    let mut circle = config("[[0, 0, 0]]", 2);
    circle.dataset.kind = DatasetKind::Circle;
    assert!(Trainer::new(circle).err().unwrap().contains("own points belong to the dataset 'own'"));
    let text = r#"{"kind": "own", "classes": 2, "points": 500, "noise": 0, "trainRatio": 0.5, "seed": 1, "own": [[0, 0]]}"#;
    let e = format::read::<backprop_viz::dataset::DatasetSpec>(text).unwrap_err();
    assert!(e.starts_with("own[0]"), "{e}");
}

#[test]
fn training_uses_the_points_and_a_point_added_later() {
    // Two points, one of each class: the network learns them both.
    let mut t = Trainer::new(config("[[-3, 0, 0], [3, 0, 1]]", 2)).unwrap();
    t.train(StepUnit::Epoch, 200).unwrap();
    assert!(output(&t, [-3.0, 0.0]) < -0.5 && output(&t, [3.0, 0.0]) > 0.5);
    assert_eq!(t.metrics().0.accuracy, 1.0);
    // A third point of class 1 where the network says class 0. Adding it keeps the weights
    // and the epoch; training then learns it too.
    assert!(output(&t, [-3.0, 4.0]) < 0.0, "the new point starts misclassified");
    let (before, epoch) = (t.network().clone(), t.epoch());
    let three = vec![Point::class([-3.0, 0.0], 0), Point::class([3.0, 0.0], 1), Point::class([-3.0, 4.0], 1)];
    t.set_points(three.clone()).unwrap();
    assert_eq!((t.network(), t.epoch()), (&before, epoch));
    assert_eq!(t.dataset().train, three);
    assert_eq!(t.config().dataset.own, three);
    assert!(t.metrics().0.accuracy < 1.0);
    t.train(StepUnit::Epoch, 300).unwrap();
    assert!(output(&t, [-3.0, 4.0]) > 0.0, "the added point is learned");
    assert_eq!(t.metrics().0.accuracy, 1.0);
}

#[test]
fn no_points_train_nothing_and_bad_points_change_nothing() {
    let mut t = Trainer::new(config("[]", 2)).unwrap();
    let (net, epoch) = (t.network().clone(), t.epoch());
    t.train(StepUnit::Epoch, 5).unwrap();
    t.train(StepUnit::Sample, 5).unwrap();
    assert_eq!((t.network(), t.epoch()), (&net, epoch));
    let (train, test) = t.metrics();
    assert!(train.loss.is_nan() && train.accuracy.is_nan() && test.accuracy.is_nan());
    // A label beyond K is refused and the points stay as they were.
    t.set_points(vec![Point::class([1.0, 1.0], 1)]).unwrap();
    let err = t.set_points(vec![Point::class([1.0, 1.0], 3)]).unwrap_err();
    assert!(err.contains("point 1 of the own data has label 3"), "{err}");
    assert_eq!(t.dataset().train, vec![Point::class([1.0, 1.0], 1)]);
    // A generated dataset takes no points.
    let mut circle = Trainer::new(Config::default()).unwrap();
    assert!(circle.set_points(vec![]).unwrap_err().contains("generated"));
}
