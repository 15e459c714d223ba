// @ts-check
// The datasets' thumbnails: each dataset's training points, drawn small on its button (by
// class, or by a regression's value).

import { DATASETS, defaults, trainerConfig } from './state.js';

/** Each dataset's training points (2 classes where it has them, else 3). */
export function thumbnails(api) {
  const out = {};
  for (const d of DATASETS) {
    const settings = { ...defaults(), dataset: d.id, classes: d.classes[d.classes.length > 1 ? 1 : 0], hidden: [] };
    const t = new api.Trainer({
      ...trainerConfig(settings),
      loss: settings.classes === 1 ? 'sum_of_squares' : 'softmax_cross_entropy',
      outputActivation: 'linear',
      oneHot: false,
    });
    const p = t.points();
    out[d.id] = { xs: p.train, targets: p.trainTargets };
    t.free();
  }
  return out;
}
