//! A stalled session: an epoch that moved no weight. Every gradient of every batch was exactly
//! 0, so no later epoch can move one either (without a regularizer): training has stopped for
//! good, though nothing became NaN. The usual cause is a saturated output: one step with too
//! large an η pushes g^J so far that tanh or σ gives exactly ±1 or 0 and 1 in f64 for every
//! point, where f′(g) = 0, and Eq. 24 then sends nothing back.

use super::Trainer;

impl Trainer {
    /// The last completed epoch left every weight and bias exactly as it was.
    pub fn frozen(&self) -> bool {
        self.checkpoint.frozen
    }

    /// f′(g) = 0 at every output unit for every training point (Eq. 15's diagonal of the
    /// output layer is 0): by Eq. 24 no gradient passes back from the loss. False without
    /// training points.
    pub fn output_saturated(&mut self) -> bool {
        let (j, m0) = (self.net.last(), self.config.features.len());
        let f = self.net.layers[j].activation;
        !self.data.train.is_empty()
            && self.train_inputs.chunks_exact(m0).all(|x| {
                self.net.forward(x.into(), &mut self.tape);
                let out = &self.tape.layers[j];
                out.g.iter().zip(&out.y).all(|(&g, &y)| f.df_from(g, y) == 0.0)
            })
    }
}
