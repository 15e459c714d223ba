// The page's settings: their defaults, their allowed values, and the Trainer config they make.
// Plain data; the modules that draw take what they need from here.

export const DATASETS = [
  { id: 'circle', name: 'Circle', classes: [2] },
  { id: 'xor', name: 'Exclusive or', classes: [2] },
  { id: 'gauss', name: 'Gaussian', classes: [2] },
  { id: 'spiral', name: 'Spiral', classes: [2, 3, 4, 5] },
  { id: 'blobs', name: 'Blobs', classes: [3, 4, 5] },
];
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'];
export const ACTIVATION_NAMES = { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' };
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const SPEEDS = [
  { id: 'b1', label: '1 batch / frame', unit: 'batch', count: 1 },
  { id: 'b5', label: '5 batches / frame', unit: 'batch', count: 5 },
  { id: 'e1', label: '1 epoch / frame', unit: 'epoch', count: 1 },
  { id: 'e5', label: '5 epochs / frame', unit: 'epoch', count: 5 },
  { id: 'e20', label: '20 epochs / frame', unit: 'epoch', count: 20 },
];
export const MAX_HIDDEN = 8;
export const MAX_NEURONS = 32;
export const POINTS = 500;

export function defaults() {
  return {
    dataset: 'circle', classes: 2, noise: 0, ratio: 50, seed: 1, showTest: false,
    hidden: [{ neurons: 4, activation: 'relu' }, { neurons: 2, activation: 'relu' }],
    outputActivation: 'tanh', loss: 'sum_of_squares', oneHot: false,
    lr: 0.03, batch: 10, reg: 'none', regRate: 0, unit: 'epoch', speed: 'e1',
  };
}

/** More than two classes need softmax + cross-entropy; returns the reason when forced. */
export function forcedLoss(s) {
  return s.classes > 2 ? 'Softmax + cross-entropy is used because there are more than 2 classes: one output per class, Eq. 28-31.' : '';
}

/** Puts the settings in a consistent state (classes fit the dataset, the loss fits K). */
export function normalize(s) {
  const d = DATASETS.find((x) => x.id === s.dataset) || DATASETS[0];
  s.dataset = d.id;
  if (!d.classes.includes(s.classes)) s.classes = d.classes[0];
  if (s.classes > 2) s.loss = 'softmax_cross_entropy';
  if (s.loss !== 'sum_of_squares') s.oneHot = false;
  if (s.loss === 'softmax_cross_entropy' && s.outputActivation === 'tanh') s.outputActivation = 'linear';
  return s;
}

/** N^J: one ±1 output for two classes with sum of squares, else one output per class. */
export function outputs(s) {
  return s.loss === 'sum_of_squares' && s.classes === 2 && !s.oneHot ? 1 : s.classes;
}

/** The Trainer config (README, "Trainer config") for these settings. */
export function trainerConfig(s) {
  return {
    dataset: { kind: s.dataset, classes: s.classes, points: POINTS, noise: s.noise / 100, trainRatio: s.ratio / 100, seed: s.seed },
    hidden: s.hidden.map((h) => ({ neurons: h.neurons, activation: h.activation })),
    outputActivation: s.outputActivation,
    loss: s.loss,
    oneHot: s.loss === 'sum_of_squares' && s.oneHot,
    init: 'xavier',
    seed: s.seed,
    hyper: hyper(s),
  };
}

export function hyper(s) {
  return { learningRate: s.lr, batchSize: s.batch, regularization: s.reg, regularizationRate: s.regRate };
}
