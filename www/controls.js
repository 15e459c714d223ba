// The form controls: filled from the settings' allowed values, read back into settings. The
// controls hold no state of their own: `show(settings)` writes them, `bind` reports changes.

import { ACTIVATION_NAMES, DATASETS, LEARNING_RATES, REG_RATES, SPEEDS, forcedLoss } from './state.js';
import { CLASS_COLORS } from './theme.js';

const $ = (id) => document.getElementById(id);

function fill(select, values, label = String) {
  select.replaceChildren(...values.map((v) => {
    const o = document.createElement('option');
    o.value = String(v);
    o.textContent = label(v);
    return o;
  }));
}

/** Builds the option lists and the dataset thumbnails (`thumbs[id]` = {xs, labels}). */
export function setup(thumbs) {
  fill($('lr'), LEARNING_RATES);
  fill($('regRate'), REG_RATES);
  fill($('speed'), SPEEDS.map((s) => s.id), (id) => SPEEDS.find((s) => s.id === id).label);
  const box = $('datasets');
  box.replaceChildren();
  for (const d of DATASETS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'thumb';
    b.dataset.id = d.id;
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-label', `${d.name} dataset`);
    const c = document.createElement('canvas');
    c.width = c.height = 64;
    const ctx = c.getContext('2d');
    const { xs, labels } = thumbs[d.id];
    for (let i = 0; i < labels.length; i++) {
      ctx.fillStyle = CLASS_COLORS[labels[i]];
      ctx.fillRect(((xs[2 * i] + 6) / 12) * 62, ((6 - xs[2 * i + 1]) / 12) * 62, 2.2, 2.2);
    }
    const span = document.createElement('span');
    span.textContent = d.name;
    b.append(c, span);
    box.appendChild(b);
  }
}

/** Writes the settings into the controls. */
export function show(s) {
  for (const b of document.querySelectorAll('.thumb')) b.setAttribute('aria-checked', String(b.dataset.id === s.dataset));
  const d = DATASETS.find((x) => x.id === s.dataset);
  fill($('classes'), d.classes, (k) => `${k} classes`);
  $('classes').value = String(s.classes);
  $('classes').disabled = d.classes.length === 1;
  $('noise').value = s.noise;
  $('noise-out').value = `${s.noise}%`;
  $('ratio').value = s.ratio;
  $('ratio-out').value = `${s.ratio}%`;
  $('seed').value = s.seed;
  $('show-test').checked = s.showTest;
  $('lr').value = String(s.lr);
  $('batch').value = s.batch;
  $('reg').value = s.reg;
  $('regRate').value = String(s.regRate);
  $('regRate').disabled = s.reg === 'none';
  $('loss').value = s.loss;
  const forced = forcedLoss(s);
  $('loss').disabled = !!forced;
  $('one-hot').checked = s.oneHot;
  $('one-hot').disabled = s.loss !== 'sum_of_squares';
  $('one-hot').closest('label').hidden = s.loss !== 'sum_of_squares';
  $('loss-note').textContent = forced || (s.loss !== 'sum_of_squares'
    ? `Softmax + cross-entropy (Eq. 28-29): one ${ACTIVATION_NAMES[s.outputActivation]} output per class feeds the softmax.`
    : s.oneHot
      ? 'Sum of squares (Eq. 5) on one output per class: Y is one-hot, e.g. Y = (0, 1) for blue; the larger output wins.'
      : `Sum of squares (Eq. 5) on one ${ACTIVATION_NAMES[s.outputActivation]} output: Y = +1 for blue, −1 for orange.`);
  $('unit').value = s.unit;
  $('speed').value = s.speed;
  $('layer-count').textContent = `${s.hidden.length} hidden layer${s.hidden.length === 1 ? '' : 's'}`;
  $('remove-layer').disabled = s.hidden.length === 0;
  $('add-layer').disabled = s.hidden.length >= 8;
}

/** Calls `on(kind, patch)` when the user changes a control: kind is 'data', 'arch',
 * 'hyper' or 'view'. */
export function bind(on) {
  $('datasets').addEventListener('click', (e) => {
    const b = e.target.closest('.thumb');
    if (b) on('data', { dataset: b.dataset.id });
  });
  const num = (id, kind, key, parse = Number) => $(id).addEventListener('change', () => on(kind, { [key]: parse($(id).value) }));
  num('classes', 'data', 'classes');
  num('noise', 'data', 'noise');
  num('ratio', 'data', 'ratio');
  $('noise').addEventListener('input', () => { $('noise-out').value = `${$('noise').value}%`; });
  $('ratio').addEventListener('input', () => { $('ratio-out').value = `${$('ratio').value}%`; });
  num('seed', 'data', 'seed');
  $('regenerate').addEventListener('click', () => on('data', { seed: (Number($('seed').value) + 1) % 1000000 }));
  $('show-test').addEventListener('change', () => on('view', { showTest: $('show-test').checked }));
  num('lr', 'hyper', 'lr');
  num('batch', 'hyper', 'batch');
  num('reg', 'hyper', 'reg', String);
  num('regRate', 'hyper', 'regRate');
  num('loss', 'arch', 'loss', String);
  $('one-hot').addEventListener('change', () => on('arch', { oneHot: $('one-hot').checked }));
  num('unit', 'view', 'unit', String);
  num('speed', 'view', 'speed', String);
  $('add-layer').addEventListener('click', () => on('layers', +1));
  $('remove-layer').addEventListener('click', () => on('layers', -1));
}
