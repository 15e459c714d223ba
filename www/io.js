// Files in and out (the network JSON), and the datasets' thumbnails.

import { DATASETS, MAX_HIDDEN, defaults, trainerConfig } from './state.js';
import { showMessage } from './ui.js';

/** Reads a network file, rebuilds the page's architecture to match it (`rebuild()`), and
 * loads its weights; a bad file gets a message and changes nothing. */
export async function importNetwork(file, app, rebuild) {
  let net;
  try {
    net = app.api.Network.fromJSON(await file.text());
  } catch (e) {
    return showMessage(`${file.name} was not imported: ${e.message}`);
  }
  const s = Array.from(net.sizes()), acts = Array.from({ length: net.depth }, (_, j) => net.activation(j));
  const problem = s[0] !== 2 ? `it has ${s[0]} inputs; the page's networks take 2 (x₁, x₂)`
    : s.length - 2 > MAX_HIDDEN ? `it has ${s.length - 2} hidden layers; at most ${MAX_HIDDEN}`
    : s.slice(1, -1).some((n) => n > 32) ? 'a hidden layer has more than 32 neurons'
    : null;
  const outputs = s[s.length - 1];
  const classes = net.loss === 'sum_of_squares' && outputs === 1 ? 2 : outputs;
  const d = DATASETS.find((x) => x.id === app.settings.dataset);
  const fits = d.classes.includes(classes) ? d : DATASETS.find((x) => x.classes.includes(classes));
  if (problem || !fits || (net.loss === 'sum_of_squares' && outputs > 2)) {
    net.free();
    return showMessage(`${file.name} was not imported: ${problem || `its ${outputs} outputs with ${net.loss} match no dataset here (sum of squares takes 1 or 2 outputs)`}.`);
  }
  Object.assign(app.settings, {
    dataset: fits.id, classes, loss: net.loss, oneHot: net.loss === 'sum_of_squares' && outputs === 2, outputActivation: acts[acts.length - 1],
    hidden: s.slice(1, -1).map((n, j) => ({ neurons: n, activation: acts[j] })),
  });
  if (rebuild()) {
    app.trainer.setNetwork(net);
    showMessage(`Imported ${file.name}: ${s.join(' → ')}.`, [], 'info');
  }
  net.free();
}

/** Downloads the live network as network.json (the product's JSON format). */
export function exportNetwork(trainer) {
  const net = trainer.network();
  const blob = new Blob([net.toJSON()], { type: 'application/json' });
  net.free();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'network.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Each dataset's training points, for the thumbnails. */
export function thumbnails(api) {
  const out = {};
  for (const d of DATASETS) {
    const t = new api.Trainer({ ...trainerConfig({ ...defaults(), dataset: d.id, classes: d.classes[d.classes.length > 1 ? 1 : 0], hidden: [] }), loss: 'softmax_cross_entropy', outputActivation: 'linear' });
    const p = t.points();
    out[d.id] = { xs: p.train, labels: p.trainLabels };
    t.free();
  }
  return out;
}

