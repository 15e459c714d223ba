use backprop_viz::activation::Activation;
use backprop_viz::dataset::{DatasetKind, DatasetSpec};
use backprop_viz::loss::Loss;
use backprop_viz::network::Init;
use backprop_viz::train::{Hyper, Regularization};
use backprop_viz::trainer::{Config, Hidden, StepUnit, Trainer};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let k: usize = args[1].parse().unwrap();
    let lr: f64 = args[2].parse().unwrap();
    let act = Activation::parse(&args[3]).unwrap();
    let hidden: Vec<usize> = args[4].split(',').map(|s| s.parse().unwrap()).collect();
    let bs: usize = args[5].parse().unwrap();
    let loss = if k > 2 { Loss::SoftmaxCrossEntropy } else { Loss::SumOfSquares };
    let c = Config {
        dataset: DatasetSpec { kind: DatasetKind::Spiral, classes: k, points: 500, noise: 0.0, train_ratio: 0.5, seed: 7 },
        hidden: hidden.iter().map(|&neurons| Hidden { neurons, activation: act }).collect(),
        output_activation: if loss == Loss::SumOfSquares { Activation::Tanh } else { Activation::Linear },
        loss, init: Init::Xavier, seed: 3,
        hyper: Hyper { learning_rate: lr, batch_size: bs, regularization: Regularization::None, regularization_rate: 0.0 },
    };
    let mut t = Trainer::new(c).unwrap();
    for i in 0..40 { t.train(StepUnit::Epoch, 50).unwrap(); let (a, b) = t.metrics(); println!("{} train {:.3} test {:.3} loss {:.3}", (i+1)*50, a.accuracy, b.accuracy, a.loss); if b.accuracy > 0.93 {break;} }
}
