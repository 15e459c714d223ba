// @ts-check
// The training session's life: a new Trainer when the settings change (saying so when that
// restarts training), Reset (new initial weights) and Replay (the same ones again), training
// steps, and the divergence rescue. The views are told through `hooks`.

import { LEARNING_RATES, MAX_BATCH, defaults, hyper, lowerRate, normalize, trainerConfig } from './state.js';
import { hideMessage, notice, showMessage } from './ui.js';
import { pictureStyle } from './theme.js';
import { short } from './format.js';

/** The λ a regularizer starts with when it is switched on at λ = 0 (one of REG_RATES). */
const REG_START = 0.003;

/** @param {import('./state.js').App} app @param {any} hooks */
export function createSession(app, hooks) {
  /** Swaps in a Trainer built for `settings`, and tells the views. */
  function adopt(trainer, settings, why, epoch) {
    const lost = app.trainer ? app.trainer.epoch + app.trainer.updates : 0;
    if (epoch) trainer.setEpoch(epoch);
    app.trainer?.free();
    app.trainer = trainer;
    app.settings = settings;
    trainer.setStyle(pictureStyle());
    app.boundaryRow = 0;
    app.history.clear();
    hooks.onNewTrainer();
    if (why && lost > 0)
      notice(
        `The network was rebuilt for ${why}: new initial weights (seed ${settings.wseed}), training starts again at epoch 0.`,
      );
  }

  /** A Trainer for `settings` with `network` (a parsed network JSON) loaded when given, at
   * `epoch`. It replaces the live one only if both succeed; otherwise nothing changes and this
   * throws wasm's message. */
  function replace(settings, network = null, why = '', epoch = 0) {
    const s = normalize(structuredClone(settings));
    const trainer = new app.api.Trainer(trainerConfig(s));
    try {
      if (network) {
        const net = app.api.Network.fromJSON(JSON.stringify(network));
        try {
          trainer.setNetwork(net);
        } finally {
          net.free();
        }
      }
    } catch (e) {
      trainer.free();
      throw e;
    }
    adopt(trainer, s, why, epoch);
  }

  /** A new Trainer for `settings` (by default the current ones). `why` (e.g. "ReLU in layer
   * 1") is said in a notice when it throws away training. Returns false, changing nothing,
   * and says why, if the settings cannot be used. */
  function rebuild(why = '', settings = app.settings) {
    try {
      replace(settings, null, why);
      return true;
    } catch (e) {
      showMessage(`These settings cannot be used: ${e.message}`);
      return false;
    }
  }

  /** Reset: new initial weights (the weight seed moves on; the link shows it). */
  function reset() {
    hooks.setPlaying(false);
    const diverged = app.trainer?.diverged;
    if (!rebuild('', { ...app.settings, wseed: (app.settings.wseed + 1) % 1000000 })) return;
    const lower = lowerRate(app.settings.lr);
    if (diverged && lower) {
      showMessage(
        `New initial weights (seed ${app.settings.wseed}), but η is still ${app.settings.lr}, the learning rate that just diverged.`,
        [
          {
            label: `Lower η to ${safeRate()}`,
            action: () => {
              hideMessage();
              changeHyper({ lr: safeRate() });
            },
          },
        ],
        'info',
      );
    } else {
      notice(`Reset: new initial weights (weight seed ${app.settings.wseed}).`);
    }
  }

  /** Replay: the same initial weights again, and the same order of samples. */
  function replay() {
    hooks.setPlaying(false);
    if (rebuild())
      notice(`Replay: the same initial weights (weight seed ${app.settings.wseed}) and the same order of samples.`);
  }

  /** A rate well below the one that diverged: the default η if lower, else one notch down. */
  function safeRate() {
    const d = defaults().lr;
    return d < app.settings.lr ? d : (lowerRate(app.settings.lr) ?? app.settings.lr);
  }

  function trainOnce(unit, count) {
    const ok = app.trainer.train(unit, count);
    hooks.trained?.(unit, count);
    if (!ok) diverged();
    else checkStalled();
    hooks.record();
    app.dirty = true;
    return ok;
  }

  /** New initial weights with a lower η: the way out of a divergence or a stall. */
  const resetLower = () => ({
    label: `Reset with η = ${safeRate()}`,
    action: () => {
      hideMessage();
      app.settings = { ...app.settings, lr: safeRate() };
      reset();
    },
  });

  function diverged() {
    hooks.setPlaying(false);
    const epoch = app.trainer.epoch;
    showMessage(
      `Training diverged at epoch ${epoch}: with learning rate η = ${app.settings.lr}, a weight or the loss became NaN or ∞. Training is stopped.`,
      [
        {
          label: 'Rescue: go back to a healthy state and lower η',
          action: () => {
            hideMessage();
            rescue();
          },
        },
        resetLower(),
      ],
    );
  }

  /** The trainer whose stall was last said: a stall is said once, and again after it moved. */
  let stallSaid = null;

  /** An epoch that moved no weight (every gradient exactly 0) stops Play and says why. */
  function checkStalled() {
    if (!app.trainer.frozen) return void (stallSaid = null);
    if (stallSaid === app.trainer) return;
    stallSaid = app.trainer;
    hooks.setPlaying(false);
    const saturated = app.trainer.outputSaturated();
    const lower = saturated && safeRate() < app.settings.lr;
    showMessage(
      `Training has stalled at epoch ${app.trainer.epoch}: ` +
        `${saturated ? saturation() : 'every gradient was exactly 0'}. ` +
        `The last epoch changed no weight, and no later one can; nothing became NaN. Training is stopped.` +
        (lower ? ' A smaller η keeps g in range.' : ''),
      lower ? [resetLower()] : [],
    );
  }

  /** Why every gradient is 0 when the output is saturated (f′(g) = 0 for every point). */
  function saturation() {
    const out = app.settings.outputActivation;
    const y = { tanh: 'y = ±1 exactly', sigmoid: 'y = 0 or 1 exactly', relu: 'g < 0 and y = 0' }[out];
    return (
      `the output's ${out} is saturated for every training point (${y}, where f′(g) = 0), ` +
      'so by Eq. 24 no gradient comes back from the loss'
    );
  }

  /** Back to the start of the latest healthy epoch, with the largest η that trains from there
   * (the core tries each on a copy). */
  function rescue() {
    const r = app.trainer.rescue(Float64Array.from(LEARNING_RATES));
    app.settings.lr = r.learningRate;
    hooks.afterRescue();
    // The weights go back; the epoch count and the charts go on, so say which is which.
    const count = app.trainer.epoch === r.epoch ? '' : ` (the epoch count goes on from ${app.trainer.epoch})`;
    showMessage(
      `Rescued: the weights are back at the start of epoch ${r.epoch}${count}, loss ${short(r.loss)}, and η is now ${r.learningRate}, ` +
        `the largest rate below ${r.divergedRate} that trained 8 epochs from there without the loss growing or units switching off. Press Play to go on.`,
      [],
      'info',
    );
  }

  function changeHyper(patch) {
    const before = { ...app.settings };
    if (patch.batch !== undefined && !(Number.isInteger(patch.batch) && patch.batch >= 1 && patch.batch <= MAX_BATCH)) {
      showMessage(`The batch size must be a whole number from 1 to ${MAX_BATCH}; it stays at ${before.batch}.`);
      return hooks.afterHyper();
    }
    // A regularizer at λ = 0 would change nothing: it starts at a small λ, and says so.
    const regOn = patch.reg && patch.reg !== 'none' && before.reg === 'none';
    if (regOn && !patch.regRate && !before.regRate) patch = { ...patch, regRate: REG_START };
    Object.assign(app.settings, patch);
    if (regOn && patch.regRate === REG_START)
      notice(`${patch.reg.toUpperCase()} on, with λ = ${REG_START}: at λ = 0 it would change nothing.`);
    try {
      app.trainer.setHyper(hyper(app.settings));
    } catch (e) {
      Object.assign(app.settings, before);
      showMessage(e.message);
    }
    hooks.afterHyper();
  }

  return { rebuild, replace, reset, replay, trainOnce, rescue, changeHyper, safeRate };
}
