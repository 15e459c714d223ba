// @ts-check
// The page's settings: their allowed values, their defaults, and the Trainer config they
// make. Plain data; the modules that draw take what they need from here.
//
// The defaults that decide what a network learns (dataset, layers, activations,
// initialisation, η, batch) are not written here: they are the core's `Config::default()`,
// which `tests/defaults.rs` checks learns, read once at start-up (`useDefaultConfig`).

/** The page's live state, one object shared by the modules (made in main.js).
 * @typedef {object} App
 * @property {typeof import('./pkg/backprop_viz.js')} api the wasm module's exports
 * @property {import('./pkg/backprop_viz.js').Trainer} trainer the live training session
 * @property {any} settings what the controls show (see `defaults`)
 * @property {boolean} playing
 * @property {ReturnType<typeof import('./charts.js').createHistory>} history
 * @property {{set: string, index: number}} selected the point whose gradients are shown
 * @property {{x: number[], Y: number[]} | null} custom a typed sample, instead of a point
 * @property {boolean} batchView
 * @property {number} lastSlow when the slow parts were last drawn (render.js), ms
 * @property {number} lastEdges when the diagram's edges were last repainted (render.js), ms
 * @property {boolean} dirty something changed: draw the next frame
 * @property {any} lesson the open lesson, or null
 * @property {number} boundaryRow the next row of the decision boundary to paint (render.js)
 * @property {number | undefined} boundaryCost the measured ms of the boundary per pixel per weight
 *   (render.js; until measured: undefined)
 * @property {boolean} holdHash while a link is being opened, the hash is not rewritten
 * @property {Record<string, number> | null} profile milliseconds per stage of the frame, summed
 *   (null: not measured; `cargo xtask bench --browser` sets `{}`)
 * @property {ReturnType<typeof import('./compare.js').createCompare> | null} compare the second run
 *   of compare mode (compare.js)
 */

/** The page's state before the wasm loads: no trainer yet, paused, the first point chosen.
 * @param {App['history']} history @returns {App} */
export function newApp(history) {
  return {
    api: null,
    settings: null,
    trainer: null,
    playing: false,
    history,
    selected: { set: 'train', index: 0 },
    custom: null,
    batchView: false,
    lastSlow: 0,
    lastEdges: 0,
    dirty: true,
    lesson: null, // {lesson, index} while a lesson is open
    boundaryRow: 0,
    boundaryCost: undefined, // measured by render.js
    holdHash: false,
    profile: null,
    compare: null,
  };
}

export const DATASETS = [
  { id: 'circle', name: 'Circle', classes: [2] },
  { id: 'xor', name: 'XOR', classes: [2] },
  { id: 'gauss', name: 'Gaussian', classes: [2] },
  { id: 'spiral', name: 'Spiral', classes: [2, 3, 4, 5] },
  { id: 'blobs', name: 'Blobs', classes: [3, 4, 5] },
  { id: 'own', name: 'Your own', classes: [2, 3, 4, 5, 1] },
  { id: 'reg-plane', name: 'Plane (Y)', classes: [1], about: 'regression: Y = (x₁ + x₂)/12' },
  { id: 'reg-gauss', name: 'Bumps (Y)', classes: [1], about: 'regression: Y is a sum of six Gaussian bumps, ±1' },
];
/** K = 1: one continuous target Y per point, the sum of squares on one output. */
export const isRegression = (s) => s.classes === 1;
/** The input features (core `Feature`): id (the config's name), label, and value at x. */
export const FEATURES = [
  { id: 'x1', label: 'x₁', of: (x) => x[0] },
  { id: 'x2', label: 'x₂', of: (x) => x[1] },
  { id: 'x1^2', label: 'x₁²', of: (x) => x[0] * x[0] },
  { id: 'x2^2', label: 'x₂²', of: (x) => x[1] * x[1] },
  { id: 'x1*x2', label: 'x₁x₂', of: (x) => x[0] * x[1] },
  { id: 'sin(x1)', label: 'sin x₁', of: (x) => Math.sin(x[0]) },
  { id: 'sin(x2)', label: 'sin x₂', of: (x) => Math.sin(x[1]) },
];
export const PLAIN_FEATURES = ['x1', 'x2'];

/** The features' labels, the entries of x⁽⁰⁾ (x₁², sin x₁, …), or none for the plain x₁, x₂,
 * whose numbers 1, 2 say as much. */
export const inputNames = (/** @type {string[]} */ features) =>
  features.join() === PLAIN_FEATURES.join() ? [] : features.map((id) => FEATURES.find((f) => f.id === id)?.label ?? id);
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'];
export const ACTIVATION_NAMES = { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' };
export const INITS = ['uniform', 'xavier', 'he'];
export const INIT_NAMES = { uniform: 'uniform ±0.5', xavier: 'Glorot (Xavier)', he: 'He' };
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

/** The penalty each update adds to ∂L/∂w under `reg` at λ = `regRate`: 'l1' or 'l2', or null
 * when none is on (no regularizer, or λ = 0). */
export const activePenalty = ({ reg, regRate }) => (reg !== 'none' && regRate > 0 ? reg : null);

/** λ R′(w) of each penalty, as the page writes it. */
export const PENALTY_TERM = { l1: 'λ sign w', l2: 'λ w' };
export const SPEEDS = [
  { id: 'b1', label: '1 batch / frame', unit: 'batch', count: 1 },
  { id: 'b5', label: '5 batches / frame', unit: 'batch', count: 5 },
  { id: 'e1', label: '1 epoch / frame', unit: 'epoch', count: 1 },
  { id: 'e5', label: '5 epochs / frame', unit: 'epoch', count: 5 },
  { id: 'e20', label: '20 epochs / frame', unit: 'epoch', count: 20 },
];
/** How the gradient heatmaps share a colour scale. */
export const SCALES = [
  { id: 'own', label: 'each heatmap its own' },
  { id: 'layer', label: 'one per layer' },
  { id: 'network', label: 'one for the network' },
];
export const MAX_HIDDEN = 8;
export const MAX_NEURONS = 32;
export const MAX_SEED = 999999;
/** Up to the whole training set (500 points × 90%): the last lesson compares one sample, a
 * mini-batch and the whole set. */
export const MAX_BATCH = 500;
export const POINTS = 500;
/** The most points a dataset holds (the core's `MAX_POINTS`). */
export const MAX_POINTS = 5000;

let defaultConfig = null;

/** Installs the core's default Trainer config (wasm `defaultConfig()`); once, at start-up. */
export function useDefaultConfig(config) {
  defaultConfig = config;
}

/** The settings of the page that no Trainer config holds, at their defaults. */
function pageDefaults() {
  return { showTest: false, unit: 'epoch', speed: 'e1', scale: 'own', gradView: 'sample' };
}

/** Settings from a Trainer config (API.md, "Trainer"): the default, a preset, a scene. */
export function settingsFromConfig(c, page = {}) {
  return {
    ...pageDefaults(),
    ...page,
    dataset: c.dataset.kind,
    classes: c.dataset.classes,
    noise: Math.round(c.dataset.noise * 100),
    ratio: Math.round(c.dataset.trainRatio * 100),
    seed: c.dataset.seed,
    own: (c.dataset.own ?? []).map((p) => [...p]),
    features: [...(c.features ?? PLAIN_FEATURES)],
    hidden: c.hidden.map((h) => ({ neurons: h.neurons, activation: h.activation })),
    outputActivation: c.outputActivation,
    loss: c.loss,
    oneHot: !!c.oneHot,
    init: c.init,
    wseed: c.seed,
    lr: c.hyper.learningRate,
    batch: c.hyper.batchSize,
    reg: c.hyper.regularization,
    regRate: c.hyper.regularizationRate,
  };
}

export function defaults() {
  if (!defaultConfig) throw new Error('the default config is read from wasm at start-up');
  return settingsFromConfig(defaultConfig);
}

/** More than two classes need one output per class; returns that note when it applies. */
export function forcedLoss(s) {
  return s.classes > 2
    ? `${s.classes} classes need one output per class: softmax + cross-entropy (Eq. 28-31), or the sum of squares (Eq. 5) on a one-hot Y.`
    : '';
}

/** Puts the settings in a consistent state (classes fit the dataset, the outputs fit K). */
export function normalize(s) {
  const d = DATASETS.find((x) => x.id === s.dataset) || DATASETS[0];
  s.dataset = d.id;
  s.own = d.id === 'own' ? (s.own ?? []) : [];
  // The features in their canonical order; at least one.
  const on = FEATURES.map((f) => f.id).filter((id) => s.features?.includes(id));
  s.features = on.length ? on : [...PLAIN_FEATURES];
  // Own points keep their labels: K is at least one more than the largest (unless their
  // targets are values, K = 1).
  const labels = s.classes === 1 ? 0 : Math.max(0, ...s.own.map((p) => p[2] + 1));
  if (!d.classes.includes(s.classes) || s.classes < labels) s.classes = Math.max(d.classes[0], labels);
  if (s.classes === 1) Object.assign(s, { loss: 'sum_of_squares', oneHot: false });
  if (s.loss !== 'sum_of_squares') s.oneHot = false;
  else if (s.classes > 2) s.oneHot = true;
  if (s.loss === 'softmax_cross_entropy' && s.outputActivation === 'tanh') s.outputActivation = 'linear';
  return s;
}

/** N^J: one output for a regression, one ±1 output for two classes with sum of squares, else
 * one output per class. */
export function outputs(s) {
  return s.classes === 1 || (s.loss === 'sum_of_squares' && s.classes === 2 && !s.oneHot) ? 1 : s.classes;
}

/** The Trainer config (API.md, "Trainer") for these settings. */
export function trainerConfig(s) {
  return {
    dataset: {
      kind: s.dataset,
      classes: s.classes,
      points: POINTS,
      noise: s.noise / 100,
      trainRatio: s.ratio / 100,
      seed: s.seed,
      ...(s.dataset === 'own' ? { own: s.own } : {}),
    },
    features: s.features,
    hidden: s.hidden.map((h) => ({ neurons: h.neurons, activation: h.activation })),
    outputActivation: s.outputActivation,
    loss: s.loss,
    oneHot: s.loss === 'sum_of_squares' && s.oneHot,
    init: s.init,
    seed: s.wseed,
    hyper: hyper(s),
  };
}

export function hyper(s) {
  return { learningRate: s.lr, batchSize: s.batch, regularization: s.reg, regularizationRate: s.regRate };
}

/** The settings after a change to the data or the architecture (`patch` from a control). */
export function withPatch(settings, patch) {
  const next = { ...structuredClone(settings), ...patch };
  if (patch.loss)
    next.outputActivation = patch.loss === 'sum_of_squares' && !next.oneHot && next.classes === 2 ? 'tanh' : 'linear';
  if (patch.oneHot !== undefined) next.outputActivation = patch.oneHot ? 'linear' : 'tanh';
  if (patch.dataset && patch.classes === undefined)
    next.classes = DATASETS.find((d) => d.id === patch.dataset).classes[0];
  // A regression has one linear output (Eq. 5 on Y itself); back to classes, the default's tanh.
  if (next.classes === 1 && settings.classes !== 1) Object.assign(next, { outputActivation: 'linear', oneHot: false });
  if (next.classes !== 1 && settings.classes === 1) next.outputActivation = next.classes === 2 ? 'tanh' : 'linear';
  if ((patch.dataset || patch.classes) && next.classes > 2 && next.loss === 'sum_of_squares') {
    // More than two classes: softmax + cross-entropy is the natural loss (the sum of squares
    // on a one-hot Y stays one click away).
    Object.assign(next, { loss: 'softmax_cross_entropy', outputActivation: 'linear', oneHot: false });
  }
  return normalize(ownMeaning(settings, next));
}

/** Own points keep their meaning between two classes and a regression: orange (class 0) is
 * Y = −1 and blue (1) is Y = +1, the targets of the two classes' ±1 output (they became Y = 0
 * and 1); back, a Y above 0 is blue. */
function ownMeaning(before, next) {
  if (next.dataset !== 'own' || before.dataset !== 'own') return next;
  const relabel = (f) => ({ ...next, own: next.own.map(([a, b, t]) => [a, b, f(t)]) });
  if (before.classes === 2 && next.classes === 1) return relabel((t) => (t === 1 ? 1 : -1));
  if (before.classes === 1 && next.classes === 2) return relabel((t) => (t > 0 ? 1 : 0));
  return next;
}

/** The next rate down the list, or undefined at the bottom. */
export function lowerRate(lr) {
  return LEARNING_RATES.filter((r) => r < lr).pop();
}
