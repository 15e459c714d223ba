// Imported for its effect: the page's defaults, as they are in a browser once wasm's
// `defaultConfig()` (the core's Config::default(), which tests/defaults.rs checks) is read.

import { useDefaultConfig } from '../../www/state.js';

useDefaultConfig({
  dataset: { kind: 'circle', classes: 2, points: 500, noise: 0, trainRatio: 0.5, seed: 1 },
  hidden: [
    { neurons: 8, activation: 'relu' },
    { neurons: 8, activation: 'relu' },
  ],
  outputActivation: 'tanh',
  loss: 'sum_of_squares',
  oneHot: false,
  init: 'uniform',
  seed: 1,
  hyper: { learningRate: 0.03, batchSize: 10, regularization: 'none', regularizationRate: 0 },
});
