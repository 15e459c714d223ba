//! What a training session is made from (`Config`), the page's default config, and the
//! presets the page offers. The one place the defaults are written: the page reads them
//! through the facade (`defaultConfig`, `presets`), and `tests/defaults.rs` checks they learn.

use crate::activation::Activation;
use crate::dataset::{DatasetKind, DatasetSpec};
use crate::features::{Feature, PLAIN};
use crate::loss::Loss;
use crate::network::Init;
use crate::train::Hyper;
use serde::{Deserialize, Serialize};

/// One hidden layer of the architecture.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hidden {
    pub neurons: usize,
    pub activation: Activation,
}

fn plain_features() -> Vec<Feature> {
    PLAIN.to_vec()
}
fn is_plain(features: &[Feature]) -> bool {
    features == PLAIN
}

/// The largest seed: 2^53 − 1, the largest whole number a JS number holds exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// Everything a training session is made from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    pub dataset: DatasetSpec,
    /// The input features, layer 0's x^0 (M^0 = their number); x₁ and x₂ when left out.
    #[serde(default = "plain_features", skip_serializing_if = "is_plain")]
    pub features: Vec<Feature>,
    /// The hidden layers, 0 to 8 of 1 to 32 neurons.
    pub hidden: Vec<Hidden>,
    /// f of the last layer J. Linear feeds a softmax naturally; tanh suits the two-class
    /// sum of squares with targets ±1.
    pub output_activation: Activation,
    pub loss: Loss,
    /// Sum of squares with one output per class and a one-hot Y (Eq. 23 on a vector), instead
    /// of one output with Y = ±1. (Softmax always has one output per class.)
    #[serde(default)]
    pub one_hot: bool,
    pub init: Init,
    /// The seed of the initial weights and of the order of the samples.
    pub seed: u64,
    pub hyper: Hyper,
}

/// The page's default, and the one place it is written (the page reads it through the
/// facade's `defaultConfig`): the circle, two hidden ReLU layers of 8 (the seed's activation),
/// a tanh output with Y = ±1, weights from U(−0.5, 0.5), η = 0.03 and batches of 10.
///
/// Chosen by the numbers (`tests/defaults.rs`): it learns circle, xor and gauss to ≥ 95% test
/// accuracy within 500 epochs for every weight seed 1-20 (the median is 5-10 epochs). The old
/// default, 4-2 ReLU with Glorot weights, stalled on xor for 12 of 20 seeds: with 2 units in
/// the second layer, both often start off (g < 0) for every point and never come back.
impl Default for Config {
    fn default() -> Self {
        Config {
            dataset: DatasetSpec { kind: DatasetKind::Circle, ..DatasetSpec::default() },
            features: plain_features(),
            hidden: vec![Hidden { neurons: 8, activation: Activation::Relu }; 2],
            output_activation: Activation::Tanh,
            loss: Loss::SumOfSquares,
            one_hot: false,
            init: Init::Uniform,
            seed: 1,
            hyper: Hyper::default(),
        }
    }
}

/// A starting point the page offers for a dataset the default network learns slowly.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preset {
    /// A short name for links and menus, e.g. `"spiral"`.
    pub id: &'static str,
    /// What it is, in one line for the page.
    pub label: &'static str,
    pub config: Config,
}

/// The presets. The two-arm spiral needs depth and a faster η: three ReLU layers of 16 with
/// η = 0.1 reach ≥ 95% test accuracy within 100 epochs for every weight seed 1-20
/// (`tests/defaults.rs`). The Gaussians' regression needs width and a faster η.
pub fn presets() -> Vec<Preset> {
    let relu16 = Hidden { neurons: 16, activation: Activation::Relu };
    let spiral = Config {
        dataset: DatasetSpec { kind: DatasetKind::Spiral, classes: 2, ..DatasetSpec::default() },
        hidden: vec![relu16; 3],
        hyper: Hyper { learning_rate: 0.1, ..Hyper::default() },
        ..Config::default()
    };
    // Regression on the six Gaussians: two ReLU layers of 16 and η = 0.3 reach a test loss of
    // 0.0035 in 300 epochs (tests/regression.rs), where the default is at 0.03.
    let gaussians = Config {
        dataset: DatasetSpec { kind: DatasetKind::RegGauss, classes: 1, ..DatasetSpec::default() },
        hidden: vec![relu16; 2],
        output_activation: Activation::Linear,
        hyper: Hyper { learning_rate: 0.3, ..Hyper::default() },
        ..Config::default()
    };
    vec![
        Preset { id: "spiral", label: "Spiral: 3 ReLU layers of 16, η = 0.1", config: spiral },
        Preset { id: "reg-gauss", label: "Gaussians: 2 ReLU layers of 16, a linear output, η = 0.3", config: gaussians },
    ]
}

impl Config {
    /// N^J: one output for a regression (K = 1) and for two classes with sum of squares
    /// (Y = ±1), else one per class.
    pub fn outputs(&self) -> usize {
        if self.dataset.classes == 1 || (self.loss == Loss::SumOfSquares && self.dataset.classes == 2 && !self.one_hot) {
            1
        } else {
            self.dataset.classes
        }
    }

    /// [M^0 (the number of features), N^0, …, N^J].
    pub fn sizes(&self) -> Vec<usize> {
        std::iter::once(self.features.len()).chain(self.hidden.iter().map(|h| h.neurons)).chain(std::iter::once(self.outputs())).collect()
    }

    pub fn validate(&self) -> Result<(), String> {
        self.dataset.validate()?;
        self.hyper.validate()?;
        crate::features::check(&self.features)?;
        if self.dataset.classes == 1 && self.loss != Loss::SumOfSquares {
            return Err("a regression target (classes: 1) needs the sum of squares (Eq. 5); softmax + cross-entropy is for classes".into());
        }
        if self.hidden.len() > 8 {
            return Err(format!("at most 8 hidden layers, not {}", self.hidden.len()));
        }
        // A seed above 2^53 − 1 would not survive the trip through a JS number.
        for (name, seed) in [("seed", self.seed), ("dataset.seed", self.dataset.seed)] {
            if seed > MAX_SEED {
                return Err(format!("{name} must be a whole number from 0 to 2^53 − 1, not {seed}"));
            }
        }
        if let Some((i, h)) = self.hidden.iter().enumerate().find(|(_, h)| !(1..=32).contains(&h.neurons)) {
            return Err(format!("hidden[{i}] has {} neurons; each hidden layer has 1 to 32", h.neurons));
        }
        Ok(())
    }
}
