//! Sweep: which default config learns circle, xor and gauss for most weight seeds.
use backprop_viz::activation::Activation;
use backprop_viz::dataset::{DatasetKind, DatasetSpec};
use backprop_viz::loss::Loss;
use backprop_viz::network::Init;
use backprop_viz::train::{Hyper, Regularization};
use backprop_viz::trainer::{Config, Hidden, StepUnit, Trainer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let hidden: Vec<usize> = args[0].split(',').map(|s| s.parse().unwrap()).collect();
    let act = match args[1].as_str() { "relu" => Activation::Relu, "tanh" => Activation::Tanh, _ => Activation::Sigmoid };
    let init = match args[2].as_str() { "he" => Init::He, "xavier" => Init::Xavier, _ => Init::Uniform };
    let lr: f64 = args[3].parse().unwrap();
    let batch: usize = args[4].parse().unwrap();
    let max_epochs: usize = args.get(5).map(|s| s.parse().unwrap()).unwrap_or(500);
    let noise: f64 = args.get(6).map(|s| s.parse().unwrap()).unwrap_or(0.0);
    let kinds: Vec<DatasetKind> = args.get(7).map(|s| s.split(',').map(|k| DatasetKind::parse(k).unwrap()).collect()).unwrap_or(vec![DatasetKind::Circle, DatasetKind::Xor, DatasetKind::Gauss]);
    for kind in kinds {
        let mut ok = 0;
        let mut epochs_needed = vec![];
        for seed in 1..=20u64 {
            let c = Config {
                dataset: DatasetSpec { kind, classes: 2, points: 500, noise, train_ratio: 0.5, seed: std::env::var("DSEED").map(|s| s.parse().unwrap()).unwrap_or(1) },
                hidden: hidden.iter().map(|&neurons| Hidden { neurons, activation: act }).collect(),
                output_activation: Activation::Tanh, loss: Loss::SumOfSquares, one_hot: false, init, seed,
                hyper: Hyper { learning_rate: lr, batch_size: batch, regularization: Regularization::None, regularization_rate: 0.0 },
            };
            let mut t = Trainer::new(c).unwrap();
            let mut reached = None;
            while t.epoch() < max_epochs {
                if t.train(StepUnit::Epoch, 5).is_err() { break; }
                if t.metrics().1.accuracy >= 0.95 { reached = Some(t.epoch()); break; }
            }
            if let Some(e) = reached { ok += 1; epochs_needed.push(e); }
        }
        epochs_needed.sort();
        let med = epochs_needed.get(epochs_needed.len() / 2).copied().unwrap_or(0);
        println!("{:?} {}/20 median epochs {} max {:?}", kind, ok, med, epochs_needed.last());
    }
}
