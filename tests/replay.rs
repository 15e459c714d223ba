//! A run is deterministic from its config and its count of batch updates: a new session
//! trained that many batches reaches the same weights, bit for bit, whenever the trainer says
//! the run is replayable, and it says so only then.
#![cfg(not(target_arch = "wasm32"))]

use backprop_viz::dataset::{DatasetKind, Point};
use backprop_viz::train::Hyper;
use backprop_viz::trainer::{Config, StepUnit, Trainer};

fn replayed(config: &Config, updates: u64) -> Trainer {
    let mut t = Trainer::new(config.clone()).unwrap();
    t.train(StepUnit::Batch, updates as usize).unwrap();
    t
}

#[test]
fn epochs_and_batches_replay_bit_for_bit() {
    let config = Config { hyper: Hyper { batch_size: 7, learning_rate: 0.1, ..Hyper::default() }, ..Config::default() };
    let mut run = Trainer::new(config.clone()).unwrap();
    run.train(StepUnit::Epoch, 3).unwrap();
    run.train(StepUnit::Batch, 5).unwrap();
    run.train(StepUnit::Epoch, 2).unwrap();
    // The same hyper-parameters again change nothing.
    run.set_hyper(config.hyper).unwrap();
    let updates = run.replay_updates().expect("whole batches only");
    assert_eq!(updates, run.updates());
    let again = replayed(&config, updates);
    assert_eq!(again.network(), run.network(), "the same weights, bit for bit");
    assert_eq!((again.epoch(), again.epoch_position()), (run.epoch(), run.epoch_position()));
    // And it goes on the same way.
    run.train(StepUnit::Epoch, 1).unwrap();
    let mut again = again;
    again.train(StepUnit::Epoch, 1).unwrap();
    assert_eq!(again.network(), run.network());
}

#[test]
fn anything_else_is_not_replayable() {
    let fresh = || {
        let mut t = Trainer::new(Config::default()).unwrap();
        t.train(StepUnit::Epoch, 1).unwrap();
        t
    };
    let mut t = fresh();
    t.train(StepUnit::Sample, 1).unwrap();
    assert_eq!(t.replay_updates(), None, "a sample's update is a batch of one");
    let mut t = fresh();
    t.set_hyper(Hyper { learning_rate: 0.3, ..Hyper::default() }).unwrap();
    assert_eq!(t.replay_updates(), None, "η changed mid-run");
    let mut t = fresh();
    t.network_mut().layers[0].w[[0, 0]] = 0.5;
    assert_eq!(t.replay_updates(), None, "an edited weight");
    let mut t = fresh();
    let net = t.network().clone();
    t.set_network(net).unwrap();
    assert_eq!(t.replay_updates(), None, "a loaded network");
    let mut t = fresh();
    t.set_epoch(9);
    assert_eq!(t.replay_updates(), None, "a set epoch");
    let mut t = fresh();
    t.rescue(&[0.01]);
    assert_eq!(t.replay_updates(), None, "a rescue");
    // With a batch of one, a sample's step is a batch.
    let mut t = Trainer::new(Config { hyper: Hyper { batch_size: 1, ..Hyper::default() }, ..Config::default() }).unwrap();
    t.train(StepUnit::Sample, 3).unwrap();
    assert_eq!(t.replay_updates(), Some(3));
}

#[test]
fn own_points_set_before_training_replay_and_after_do_not() {
    let mut config = Config::default();
    config.dataset.kind = DatasetKind::Own;
    let points: Vec<Point> = (0..30).map(|i| Point::class([(i % 6) as f64 - 2.5, (i / 6) as f64 - 2.0], i % 2)).collect();
    let mut run = Trainer::new(config.clone()).unwrap();
    run.set_points(points[..10].to_vec()).unwrap();
    run.set_points(points.clone()).unwrap();
    run.train(StepUnit::Epoch, 4).unwrap();
    let updates = run.replay_updates().expect("the points were all there before training");
    config.dataset.own = points.clone();
    assert_eq!(replayed(&config, updates).network(), run.network());
    run.set_points(points[..20].to_vec()).unwrap();
    assert_eq!(run.replay_updates(), None, "points changed during the run");
}
