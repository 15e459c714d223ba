//! A training session: a dataset, a network built for it, SGD, and the bookkeeping of
//! epochs, step units, divergence and the rescue. The page's Trainer handle wraps exactly
//! this. Its config is `config::Config` (re-exported here).

use crate::activation::Activation;
use crate::checkpoint::{copy_weights, Checkpoint};
use crate::dataset::{check_own, generate, Dataset, DatasetKind, Point};
use crate::features::all_inputs;
use crate::metrics::{encode_point, evaluate, Metrics};
use crate::network::{Network, Tape};
use crate::rng::Rng;
use crate::train::{Hyper, Sgd};
use ndarray::{Array1, ArrayView1};
use serde::{Deserialize, Serialize};

pub use crate::config::{presets, Config, Hidden, Preset};
pub use rescue::Rescue;

mod rescue;
mod stall;

/// How far one press of "step" goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepUnit {
    /// One update from one sample.
    Sample,
    /// One update from one mini-batch.
    Batch,
    /// Updates until the current epoch ends.
    Epoch,
}

/// Training stopped because a weight or the loss stopped being a finite number.
#[derive(Clone, Debug, PartialEq)]
pub struct Diverged {
    /// The learning rate in force.
    pub learning_rate: f64,
    /// The epoch at which it happened.
    pub epoch: usize,
}

#[derive(Clone)]
pub struct Trainer {
    config: Config,
    net: Network,
    backup: Network,
    data: Dataset,
    /// x^0 of each training point, then of each test point: its features (M^0 numbers a point).
    train_inputs: Vec<f64>,
    test_inputs: Vec<f64>,
    sgd: Sgd,
    order: Vec<usize>,
    cursor: usize,
    epoch: usize,
    updates: u64,
    rng: Rng,
    tape: Tape,
    target: Array1<f64>,
    diverged: bool,
    train_metrics: Metrics,
    test_metrics: Metrics,
    /// The weights `train_metrics` and `test_metrics` were computed for (see `metrics`).
    metrics_of: Option<Network>,
    metrics_valid: bool,
    checkpoint: Checkpoint,
    /// The mean batch loss of the last completed epoch.
    last_epoch_loss: f64,
    /// Whether the state is that of `updates` batches trained from the config alone (see
    /// [`Trainer::replay_updates`]).
    replayable: bool,
}

/// The sample order's generator and the first epoch's order, as a new session has them.
fn first_order(seed: u64, samples: usize) -> (Rng, Vec<usize>) {
    let mut rng = Rng::new(seed ^ 0x5EED);
    let mut order: Vec<usize> = (0..samples).collect();
    rng.shuffle(&mut order);
    (rng, order)
}

/// The most [`Trainer::work`] one call of the facade's `train` may ask for: about a second
/// of one core, so that no call blocks the page for longer.
pub const MAX_WORK: f64 = 1e8;

impl Trainer {
    pub fn new(config: Config) -> Result<Trainer, String> {
        config.validate()?;
        let data = generate(&config.dataset)?;
        let activations: Vec<Activation> = config.hidden.iter().map(|h| h.activation).chain(std::iter::once(config.output_activation)).collect();
        let net = Network::random(&config.sizes(), &activations, config.loss, config.init, config.seed).map_err(|e| e.0)?;
        let (rng, order) = first_order(config.seed, data.train.len());
        let mut trainer = Trainer {
            train_inputs: all_inputs(&config.features, &data.train),
            test_inputs: all_inputs(&config.features, &data.test),
            sgd: Sgd::new(&net),
            tape: Tape::new(&net),
            target: Array1::zeros(net.outputs()),
            backup: net.clone(),
            checkpoint: Checkpoint::new(&net, 0, f64::INFINITY),
            net,
            data,
            order,
            cursor: 0,
            epoch: 0,
            updates: 0,
            rng,
            config,
            diverged: false,
            train_metrics: Metrics::default(),
            test_metrics: Metrics::default(),
            metrics_of: None,
            metrics_valid: false,
            last_epoch_loss: f64::NAN,
            replayable: true,
        };
        trainer.restart_checkpoint();
        Ok(trainer)
    }

    /// The mean loss of the current network on the training set.
    pub fn train_loss(&mut self) -> f64 {
        let k = self.data.classes;
        evaluate(&self.net, &self.data.train, &self.train_inputs, k, &mut self.tape, &mut self.target, &mut self.train_metrics);
        self.metrics_valid = false; // the test metrics may be of other weights
        self.train_metrics.loss
    }

    /// The current network becomes the last good state, with its own loss as the reference.
    fn restart_checkpoint(&mut self) {
        let loss = self.train_loss();
        self.checkpoint = Checkpoint::new(&self.net, self.epoch, if loss.is_finite() { loss } else { f64::INFINITY });
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn network(&self) -> &Network {
        &self.net
    }
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }
    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.epoch
    }
    /// Weight updates so far.
    pub fn updates(&self) -> u64 {
        self.updates
    }
    /// Samples of the current epoch already used.
    pub fn epoch_position(&self) -> usize {
        self.cursor
    }
    pub fn diverged(&self) -> bool {
        self.diverged
    }
    pub fn sgd(&self) -> &Sgd {
        &self.sgd
    }

    /// Changes the hyper-parameters (the network and the data stay).
    pub fn set_hyper(&mut self, hyper: Hyper) -> Result<(), String> {
        hyper.validate()?;
        self.replayable &= hyper == self.config.hyper;
        self.config.hyper = hyper;
        self.diverged = false;
        Ok(())
    }

    /// Replaces the weights with those of `net`, which must have the same shape (an edited
    /// weight, an imported file).
    pub fn set_network(&mut self, net: Network) -> Result<(), String> {
        if net.sizes() != self.net.sizes() || net.loss != self.net.loss {
            return Err(format!(
                "the network has sizes {:?} and loss {}, but this session needs sizes {:?} and loss {}",
                net.sizes(),
                net.loss.name(),
                self.net.sizes(),
                self.net.loss.name()
            ));
        }
        if !net.is_finite() {
            return Err("the network has a weight that is not a finite number".into());
        }
        self.replayable = false;
        let old = std::mem::replace(&mut self.net, net);
        let loss = self.train_loss();
        if !loss.is_finite() && !self.data.train.is_empty() {
            self.net = old;
            self.train_loss();
            return Err(format!("its loss on the training set is {loss}, not a finite number, so it cannot be trained"));
        }
        self.diverged = false;
        self.restart_checkpoint();
        Ok(())
    }

    /// Replaces the points of a session on the student's own data (`DatasetKind::Own`), keeping
    /// the network, the epoch and the hyper-parameters: a point clicked while training trains
    /// from the next batch on. The order of the samples is shuffled again and the epoch
    /// restarts at its first sample.
    pub fn set_points(&mut self, points: Vec<Point>) -> Result<(), String> {
        if self.config.dataset.kind != DatasetKind::Own {
            return Err(format!("the points of the dataset '{}' are generated; only 'own' takes points", self.config.dataset.kind.name()));
        }
        check_own(&points, self.data.classes)?;
        if self.updates == 0 && self.replayable {
            // Untrained: as a new session on these points would be, so that a link replays it.
            (self.rng, self.order) = first_order(self.config.seed, points.len());
        } else {
            self.order = (0..points.len()).collect();
            self.rng.shuffle(&mut self.order);
            self.replayable = false;
        }
        self.train_inputs = all_inputs(&self.config.features, &points);
        self.data.train.clone_from(&points);
        self.config.dataset.own = points;
        self.cursor = 0;
        self.metrics_valid = false;
        self.restart_checkpoint();
        Ok(())
    }

    /// Sets the epoch counter (a scene restored at epoch k goes on from there); the next
    /// epoch starts at its first sample.
    pub fn set_epoch(&mut self, epoch: usize) {
        self.replayable &= epoch == self.epoch && self.cursor == 0;
        (self.epoch, self.cursor) = (epoch, 0);
        self.restart_checkpoint();
    }

    /// Mutable access to the network, for editing one weight in place.
    pub fn network_mut(&mut self) -> &mut Network {
        self.replayable = false;
        &mut self.net
    }

    /// What `train(unit, count)` would cost, in samples × (weights and biases): about 10⁸ a
    /// second on one core.
    pub fn work(&self, unit: StepUnit, count: usize) -> f64 {
        let samples = match unit {
            StepUnit::Sample => 1,
            StepUnit::Batch => self.config.hyper.batch_size.min(self.order.len()),
            StepUnit::Epoch => self.order.len(),
        };
        let parameters: usize = self.net.layers.iter().map(|l| l.m() * l.n() + l.n()).sum();
        count as f64 * samples as f64 * parameters as f64
    }

    /// Trains `count` units. If a weight or the loss becomes NaN or infinite, the network is
    /// put back as it was before this call and `Diverged` is returned.
    /// Without a training point (the student's own data, cleared) it does nothing.
    pub fn train(&mut self, unit: StepUnit, count: usize) -> Result<(), Diverged> {
        if self.diverged {
            return Err(Diverged { learning_rate: self.config.hyper.learning_rate, epoch: self.epoch });
        }
        if self.order.is_empty() {
            return Ok(());
        }
        // A sample's update is a batch of one: the run is no longer batches of `batch_size`.
        self.replayable &= unit != StepUnit::Sample || self.config.hyper.batch_size == 1;
        for (to, from) in self.backup.layers.iter_mut().zip(&self.net.layers) {
            to.w.assign(&from.w);
            to.b.assign(&from.b);
        }
        let (epoch, cursor, updates) = (self.epoch, self.cursor, self.updates);
        let (sum, batches) = (self.checkpoint.sum, self.checkpoint.batches);
        for _ in 0..count {
            let finite = match unit {
                StepUnit::Sample => self.batch(1),
                StepUnit::Batch => self.batch(self.config.hyper.batch_size),
                StepUnit::Epoch => {
                    let start = self.epoch;
                    let mut finite = true;
                    while finite && self.epoch == start {
                        finite = self.batch(self.config.hyper.batch_size);
                    }
                    finite
                }
            };
            if !finite || !self.net.is_finite() {
                std::mem::swap(&mut self.net, &mut self.backup);
                (self.epoch, self.cursor, self.updates) = (epoch, cursor, updates);
                (self.checkpoint.sum, self.checkpoint.batches) = (sum, batches);
                if cursor == 0 {
                    copy_weights(&mut self.checkpoint.epoch_start, &self.net);
                }
                self.diverged = true;
                return Err(Diverged { learning_rate: self.config.hyper.learning_rate, epoch });
            }
        }
        Ok(())
    }

    /// One update from the next `size` samples of the epoch (fewer at its end). Returns false
    /// if the loss stopped being finite.
    fn batch(&mut self, size: usize) -> bool {
        let end = (self.cursor + size).min(self.order.len());
        let (m0, k) = (self.net.inputs(), self.net.outputs());
        let (inputs, targets) = self.sgd.rows_mut(&self.net, end - self.cursor);
        let samples = inputs.chunks_exact_mut(m0).zip(targets.chunks_exact_mut(k));
        for (&i, (x0, target)) in self.order[self.cursor..end].iter().zip(samples) {
            x0.copy_from_slice(&self.train_inputs[i * m0..(i + 1) * m0]);
            encode_point(&self.data.train[i], self.data.classes, target.into());
        }
        self.sgd.accumulate_rows(&self.net);
        let loss = self.sgd.update(&mut self.net, &self.config.hyper);
        self.checkpoint.record_batch(loss);
        self.updates += 1;
        self.cursor = end;
        if self.cursor == self.order.len() {
            self.cursor = 0;
            self.last_epoch_loss = self.checkpoint.end_epoch(&self.net, self.epoch);
            self.epoch += 1;
            self.rng.shuffle(&mut self.order);
        }
        loss.is_finite()
    }

    /// `Some(updates)` when this state is exactly that of a new session on the same config
    /// trained `updates` batches (`train(StepUnit::Batch, updates)`), bit for bit: the run so
    /// far was whole batches and epochs only, with the config's hyper-parameters, weights
    /// and points. A link can then replay it. `None` after anything else: a step of one
    /// sample, a change of η, batch or λ, an edited or loaded network, points changed after
    /// training began, a rescue, or a set epoch.
    pub fn replay_updates(&self) -> Option<u64> {
        self.replayable.then_some(self.updates)
    }

    /// The mean batch loss of the last completed epoch (NaN before the first).
    pub fn last_epoch_loss(&self) -> f64 {
        self.last_epoch_loss
    }

    /// Loss, accuracy and confusion matrix on the training set and on the test set.
    /// Reuses its buffers: allocates nothing after the first call.
    pub fn metrics(&mut self) -> (&Metrics, &Metrics) {
        // The page asks twice a frame (the history, the numbers): evaluating 500 points costs
        // a thousand times more than seeing that the weights are those of the last call.
        let same = |m: &Network| m.layers.iter().zip(&self.net.layers).all(|(a, b)| a.w == b.w && a.b == b.b);
        let fresh = self.metrics_valid && self.metrics_of.as_ref().is_some_and(same);
        if !fresh {
            let k = self.data.classes;
            evaluate(&self.net, &self.data.train, &self.train_inputs, k, &mut self.tape, &mut self.target, &mut self.train_metrics);
            evaluate(&self.net, &self.data.test, &self.test_inputs, k, &mut self.tape, &mut self.target, &mut self.test_metrics);
            match &mut self.metrics_of {
                Some(m) => copy_weights(m, &self.net),
                None => self.metrics_of = Some(self.net.clone()),
            }
            self.metrics_valid = true;
        }
        (&self.train_metrics, &self.test_metrics)
    }

    /// The target Y of a point, for this session's output encoding.
    pub fn target_of(&self, p: &Point) -> Array1<f64> {
        let mut t = Array1::zeros(self.net.outputs());
        encode_point(p, self.data.classes, t.view_mut());
        t
    }

    /// Marks the dead ReLU units: g_n^j < 0 for every training point, so f'(g) = 0 and no
    /// gradient ever flows through them. `dead` has one entry per neuron, layers in order
    /// (j = 0 … J, n = 0 … N^j − 1). Allocates nothing.
    pub fn dead_units(&mut self, dead: &mut [bool]) {
        let neurons: usize = self.net.layers.iter().map(|l| l.n()).sum();
        assert_eq!(dead.len(), neurons, "one flag per neuron");
        // (No training point: none is dead, rather than every ReLU unit vacuously.)
        let some = !self.data.train.is_empty();
        let mut k = 0;
        for l in &self.net.layers {
            dead[k..k + l.n()].fill(some && l.activation == Activation::Relu);
            k += l.n();
        }
        for x0 in self.train_inputs.chunks_exact(self.config.features.len()) {
            self.net.forward(ArrayView1::from(x0), &mut self.tape);
            let mut k = 0;
            for v in &self.tape.layers {
                for &g in &v.g {
                    dead[k] &= g < 0.0;
                    k += 1;
                }
            }
        }
    }

    /// The scratch tape, for filling pictures without allocating.
    pub fn network_and_tape(&mut self) -> (&Network, &mut Tape) {
        (&self.net, &mut self.tape)
    }
}
