//! The page's defaults learn (issue 7): the default config, exactly as the page gets it
//! (`Config::default()`, exported as `defaultConfig`), learns circle, xor and gauss to ≥ 95%
//! test accuracy within 500 epochs for at least 19 of the weight seeds 1-20, and the spiral
//! preset does the same on the two-arm spiral.
#![cfg(not(target_arch = "wasm32"))]

use backprop_viz::dataset::DatasetKind;
use backprop_viz::trainer::{presets, Config, StepUnit, Trainer};

const GOAL: f64 = 0.95;
const MAX_EPOCHS: usize = 500;

/// The epoch at which the test accuracy first reaches the goal (checked every 5 epochs), or
/// None if it does not within MAX_EPOCHS.
fn epochs_to_goal(config: Config) -> Option<usize> {
    let mut t = Trainer::new(config).unwrap();
    while t.epoch() < MAX_EPOCHS {
        t.train(StepUnit::Epoch, 5).ok()?;
        if t.metrics().1.accuracy >= GOAL {
            return Some(t.epoch());
        }
    }
    None
}

/// Runs weight seeds 1-20 on `config`; returns how many reach the goal and the slowest.
fn seeds(config: &Config) -> (usize, usize) {
    let reached: Vec<usize> = (1..=20).filter_map(|seed| epochs_to_goal(Config { seed, ..config.clone() })).collect();
    (reached.len(), reached.into_iter().max().unwrap_or(0))
}

fn on(kind: DatasetKind, config: Config) -> Config {
    let mut c = config;
    c.dataset.kind = kind;
    c.dataset.classes = 2;
    c
}

#[test]
fn the_default_learns_circle_xor_and_gauss_for_19_of_20_weight_seeds() {
    for kind in [DatasetKind::Circle, DatasetKind::Xor, DatasetKind::Gauss] {
        let (ok, slowest) = seeds(&on(kind, Config::default()));
        println!("{kind:?}: {ok}/20 weight seeds reach {GOAL} test accuracy; the slowest after {slowest} epochs");
        assert!(ok >= 19, "{kind:?}: only {ok} of 20 weight seeds reach {GOAL} within {MAX_EPOCHS} epochs");
    }
}

#[test]
fn the_default_is_the_seeds_relu_with_a_tanh_output() {
    use backprop_viz::activation::Activation;
    let c = Config::default();
    assert_eq!(c.dataset.kind, DatasetKind::Circle);
    assert!(c.hidden.iter().all(|h| h.activation == Activation::Relu));
    assert_eq!(c.output_activation, Activation::Tanh);
    assert_eq!(c.validate(), Ok(()));
}

#[test]
fn the_spiral_preset_learns_the_two_arm_spiral_for_19_of_20_weight_seeds() {
    let preset = presets().into_iter().find(|p| p.id == "spiral").expect("a spiral preset");
    assert_eq!(preset.config.dataset.kind, DatasetKind::Spiral);
    let (ok, slowest) = seeds(&preset.config);
    println!("spiral preset: {ok}/20 weight seeds reach {GOAL}; the slowest after {slowest} epochs");
    assert!(ok >= 19, "spiral preset: only {ok} of 20 weight seeds reach {GOAL} within {MAX_EPOCHS} epochs");
}

#[test]
fn the_default_alone_does_not_learn_the_spiral_quickly() {
    // Why the preset exists: the default reaches the goal on the spiral for few seeds in 100
    // epochs (if this ever passes for most seeds, the preset is no longer needed).
    let c = on(DatasetKind::Spiral, Config::default());
    let quick = (1..=5).filter(|&seed| {
        let mut t = Trainer::new(Config { seed, ..c.clone() }).unwrap();
        t.train(StepUnit::Epoch, 100).unwrap();
        t.metrics().1.accuracy >= GOAL
    });
    assert!(quick.count() <= 2);
}
