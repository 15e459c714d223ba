//! The last network known to train well, for the rescue after a divergence: a checkpoint
//! at the start of each epoch, kept when the epoch turns out healthy.

use crate::network::Network;

/// The last network known to train well, kept so that a rescue does not restore a state
/// that is already exploding (a loss of 1e303 is finite, but no start for training).
#[derive(Clone, Debug)]
pub(crate) struct Checkpoint {
    /// The network at the start of the current epoch.
    pub(crate) epoch_start: Network,
    /// The start of the latest healthy epoch, and that epoch's number.
    pub(crate) good: Network,
    pub(crate) good_epoch: usize,
    /// The lowest mean loss seen: of the starting network, or of a healthy epoch.
    pub(crate) best: f64,
    /// The current epoch's batch losses so far.
    pub(crate) sum: f64,
    pub(crate) batches: usize,
    /// The last completed epoch left every weight and bias as it was.
    pub(crate) frozen: bool,
}

/// An epoch is healthy when its mean batch loss is finite and at most this many times the
/// best seen: gradient noise moves the loss a little; a divergence multiplies it.
pub(crate) const HEALTHY: f64 = 2.0;
/// Epochs a candidate η trains from the restored state before the rescue trusts it.
pub(crate) const TRIAL_EPOCHS: usize = 8;

impl Checkpoint {
    pub(crate) fn new(net: &Network, epoch: usize, loss: f64) -> Checkpoint {
        Checkpoint { epoch_start: net.clone(), good: net.clone(), good_epoch: epoch, best: loss, sum: 0.0, batches: 0, frozen: false }
    }

    pub(crate) fn record_batch(&mut self, loss: f64) {
        self.sum += loss;
        self.batches += 1;
    }

    /// Called when epoch `epoch` has just ended and `net` starts the next one; returns the
    /// epoch's mean batch loss.
    pub(crate) fn end_epoch(&mut self, net: &Network, epoch: usize) -> f64 {
        let mean = self.sum / self.batches.max(1) as f64;
        if mean.is_finite() && mean <= HEALTHY * self.best {
            std::mem::swap(&mut self.good, &mut self.epoch_start);
            self.good_epoch = epoch;
            self.best = self.best.min(mean);
        }
        self.frozen = same_weights(&self.epoch_start, net);
        copy_weights(&mut self.epoch_start, net);
        (self.sum, self.batches) = (0.0, 0);
        mean
    }
}

/// Whether two networks of one shape have the same weights and biases, bit for bit.
fn same_weights(a: &Network, b: &Network) -> bool {
    a.layers.iter().zip(&b.layers).all(|(a, b)| a.w == b.w && a.b == b.b)
}

/// `to` ← `from`, for networks of one shape; allocates nothing.
pub(crate) fn copy_weights(to: &mut Network, from: &Network) {
    for (t, f) in to.layers.iter_mut().zip(&from.layers) {
        t.w.assign(&f.w);
        t.b.assign(&f.b);
    }
}
