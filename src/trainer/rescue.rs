//! The rescue after a divergence: back to the latest healthy epoch, with a lower η that is
//! tried first on a copy of the session.

use super::{StepUnit, Trainer};
use crate::checkpoint::{copy_weights, HEALTHY, TRIAL_EPOCHS};

/// A rescue after a divergence: which state it went back to and the η it chose.
#[derive(Clone, Debug, PartialEq)]
pub struct Rescue {
    /// The epoch at whose start the restored network stood.
    pub epoch: usize,
    /// The restored network's mean loss on the training set.
    pub loss: f64,
    /// The learning rate now in force.
    pub learning_rate: f64,
    /// The learning rate that diverged.
    pub diverged_rate: f64,
}

impl Trainer {
    /// The rescue after a divergence, in one call: the network goes back to the start of the
    /// latest healthy epoch (finite, and not growing: see [`HEALTHY`]), and η becomes the
    /// largest of `rates` below the one that diverged with which that state trains
    /// [`TRIAL_EPOCHS`] epochs without the loss growing and without switching off half of a
    /// layer's live ReLU units. (Too large a step switches units off for good, g < 0 for every
    /// point, and the loss can fall to that of a constant output on the way: a whole layer
    /// off passes no gradient ever again.) (Each candidate is tried on a copy
    /// of this session; the smallest is taken if none passes.) Training may go on at once.
    pub fn rescue(&mut self, rates: &[f64]) -> Rescue {
        let diverged_rate = self.config.hyper.learning_rate;
        self.replayable = false;
        copy_weights(&mut self.net, &self.checkpoint.good);
        let epoch = self.checkpoint.good_epoch;
        let loss = self.train_loss();
        let mut candidates: Vec<f64> = rates.iter().copied().filter(|&r| r.is_finite() && r > 0.0 && r < diverged_rate).collect();
        candidates.sort_by(|a, b| b.total_cmp(a));
        let fallback = candidates.last().copied().unwrap_or(diverged_rate / 10.0);
        let live = self.live_units();
        let learning_rate = candidates.into_iter().find(|&r| self.trains_well(r, loss, &live)).unwrap_or(fallback);
        self.config.hyper.learning_rate = learning_rate;
        self.diverged = false;
        self.restart_checkpoint();
        Rescue { epoch, loss, learning_rate, diverged_rate }
    }

    /// Whether a copy of this session trains well at `rate` from here: every epoch of the
    /// trial finite and healthy, the last one's loss no higher than `start_loss`, and more
    /// than half of each layer's `live` units (here, before the trial) still live.
    fn trains_well(&self, rate: f64, start_loss: f64, live: &[usize]) -> bool {
        let mut trial = self.clone();
        trial.config.hyper.learning_rate = rate;
        trial.diverged = false;
        let limit = HEALTHY * start_loss;
        for _ in 0..TRIAL_EPOCHS {
            if trial.train(StepUnit::Epoch, 1).is_err() || !(trial.last_epoch_loss.is_finite() && trial.last_epoch_loss <= limit) {
                return false;
            }
        }
        let kept = |(&before, &after): (&usize, &usize)| 2 * after > before || before == 0;
        trial.train_loss() <= start_loss.max(1e-12) * 1.05 && live.iter().zip(&trial.live_units()).all(kept)
    }

    /// How many units of each layer are not dead ReLUs ([`Trainer::dead_units`]).
    fn live_units(&mut self) -> Vec<usize> {
        let sizes: Vec<usize> = self.net.layers.iter().map(|l| l.n()).collect();
        let mut dead = vec![false; sizes.iter().sum()];
        self.dead_units(&mut dead);
        let mut rest = &dead[..];
        sizes
            .iter()
            .map(|&n| {
                let (layer, after) = rest.split_at(n);
                rest = after;
                layer.iter().filter(|&&d| !d).count()
            })
            .collect()
    }
}
