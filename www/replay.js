// @ts-check
// Replay: a run is deterministic from its settings and its count of batch updates
// (`Trainer.replayUpdates`), so a short link can carry a run of any network, and opening it
// trains a new session that many batches, to the same weights bit for bit.

/** The most a replay may cost when a link opens, in samples × parameters: about 5 s here. */
export const MAX_REPLAY_WORK = 5e8;
/** At most this much work per `train` call (the facade refuses more than 1e8). */
const CALL_WORK = 5e7;

/** Trains `trainer` `updates` batches, an epoch (or less) a call, calling `record()` after
 * each so that the charts show the run. Returns '' or, changing nothing, why it cannot. */
export function replayRun(trainer, updates, record) {
  const perBatch = trainer.work('batch', 1);
  if (perBatch * updates > MAX_REPLAY_WORK) {
    const seconds = Math.ceil((perBatch * updates) / 1e8);
    return (
      `it retrains ${updates} batches, about ${seconds} s here: too long to replay on opening; ` +
      'a scene file holds the weights instead'
    );
  }
  const byWork = Math.max(1, Math.floor(CALL_WORK / Math.max(perBatch, 1)));
  for (let left = updates; left > 0;) {
    const n = Math.min(left, byWork, batchesToEpochEnd(trainer));
    if (!trainer.train('batch', n)) break; // the run diverged here too
    left -= n;
    record();
  }
  return '';
}

/** The batches left in the current epoch (at least 1). */
function batchesToEpochEnd(trainer) {
  const [used, total] = trainer.epochProgress();
  const batch = trainer.config().hyper.batchSize;
  return Math.max(1, Math.ceil((total - used) / batch));
}
