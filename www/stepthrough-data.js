// @ts-check
// What the step-through reads from the page and from wasm: a sample's numbers through the
// network (`gather`), what one frame adds to them (`readFrame`), and a fingerprint of what
// the panel shows, to redraw it when that changes (`fingerprint`).

import { CLASS_NAMES } from './theme.js';
import { inputNames } from './state.js';

/** The numbers of the current network and `smp` ({x, Y, label}), read from wasm; the caller
 * frees `net` and `st`. */
export function gather(app, smp) {
  const x = Float64Array.from(smp.x),
    Y = Float64Array.from(smp.Y);
  const net = app.trainer.network();
  try {
    const sizes = Array.from(net.sizes()),
      J = sizes.length - 2;
    const st = net.stepper(x, Y);
    try {
      return {
        net,
        st,
        x,
        Y,
        sizes,
        J,
        label: smp.label,
        regression: !!smp.regression,
        at: smp.at ?? Array.from(x),
        acts: sizes.slice(1).map((_, j) => net.activation(j)),
        inputs: inputNames(app.settings.features),
        loss: net.loss,
        plan: st.plan(),
      };
    } catch (e) {
      st.free();
      throw e;
    }
  } catch (e) {
    net.free();
    throw e;
  }
}

/** Adds to `d` what frame `fr` shows: weights, forward values, the stepper after k steps
 * (the update frame and the loss frame read the finished pass), f′, the update on a copy. */
export function readFrame(d, fr, K) {
  d.W = d.sizes.slice(1).map((_, j) => d.net.weights(j));
  d.B = d.sizes.slice(1).map((_, j) => d.net.biases(j));
  d.fwd = d.net.forward(d.x);
  d.className = d.label === null ? null : CLASS_NAMES[d.label];
  const k = fr.phase === 'backward' ? Math.min(fr.k, K) : fr.kind === 'loss' ? 1 : 0;
  d.cur = d.st.seek(k);
  d.grads = d.st.gradients();
  d.z = d.grads.z;
  d.L = d.st.loss;
  if (fr.kind === 'step' && fr.eq === 24) d.dydg = d.st.dydg(fr.j);
  if (fr.kind === 'update') {
    d.full = d.net.backward(d.x, d.Y);
    const copy = d.net.clone();
    try {
      const r = copy.applyUpdate(d.x, d.Y, d.lr, d.reg, d.lambda);
      d.update = {
        ...r,
        Wn: d.sizes.slice(1).map((_, j) => copy.weights(j)),
        Bn: d.sizes.slice(1).map((_, j) => copy.biases(j)),
      };
    } finally {
      copy.free();
    }
  }
  return k;
}

/** What the panel's drawing depends on besides the frame: the weights, the sample, the rates,
 * the theme, projector mode and the panel's width (`width`, as last observed: reading it here
 * would force a layout of the panel just written). A change is redrawn (training while open). */
export function fingerprint(app, width) {
  if (!app.trainer) return '';
  const net = app.trainer.network();
  let h = 0;
  try {
    const sizes = net.sizes();
    for (let j = 0; j < sizes.length - 1; j++) {
      net.weights(j).forEach((v, i) => {
        h += v * (i + 1 + j);
      });
      net.biases(j).forEach((v, i) => {
        h += v * (i + 3 + j);
      });
    }
  } finally {
    net.free();
  }
  const doc = document.documentElement;
  const look = `${doc.dataset.theme}:${doc.classList.contains('projector')}:${width}`;
  const custom = app.custom ? `${app.custom.x}|${app.custom.Y}` : '';
  const { lr, batch, reg, regRate } = app.settings;
  return [custom, app.selected.set, app.selected.index, h, lr, batch, reg, regRate, look].join(':');
}
