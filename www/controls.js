// @ts-check
// The form controls: filled from the settings' allowed values, read back into settings. The
// controls hold no state of their own: `show(settings)` writes them, `bind` reports changes.

import {
  ACTIVATION_NAMES,
  DATASETS,
  FEATURES,
  INITS,
  INIT_NAMES,
  LEARNING_RATES,
  MAX_HIDDEN,
  REG_RATES,
  SCALES,
  SPEEDS,
  PENALTY_TERM,
  activePenalty,
  forcedLoss,
} from './state.js';
import { CLASS_COLORS, targetCss } from './theme.js';
import { drawFeature } from './diagram.js';

/** A form control or output by id. (Typed loosely: the ids name inputs, selects and outputs
 * alike, and the values written are numbers as often as strings.)
 * @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/** @param {HTMLSelectElement} select @param {any[]} values @param {(v: any) => string} [label] */
function fill(select, values, label = String) {
  select.replaceChildren(...values.map((v) => new Option(label(v), String(v))));
}

function thumbnail(d, { xs, targets }) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'thumb';
  b.dataset.id = d.id;
  b.setAttribute('role', 'radio');
  b.setAttribute('aria-label', `${d.name} dataset${d.about ? `, ${d.about}` : ''}`);
  if (d.about) b.title = `${d.name}: ${d.about}`;
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const ctx = c.getContext('2d');
  if (d.id === 'own') {
    // No points yet: a pen, the tile's promise.
    ctx.fillStyle = '#888';
    ctx.font = '34px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('✎', 32, 33);
  }
  const regression = d.classes[0] === 1;
  for (let i = 0; i < targets.length; i++) {
    ctx.fillStyle = regression ? targetCss(targets[i]) : CLASS_COLORS[targets[i]];
    ctx.fillRect(((xs[2 * i] + 6) / 12) * 62, ((6 - xs[2 * i + 1]) / 12) * 62, 2.2, 2.2);
  }
  const span = document.createElement('span');
  span.textContent = d.name;
  b.append(c, span);
  return b;
}

/** Builds the option lists and the dataset thumbnails (`thumbs[id]` = {xs, labels}). */
export function setup(thumbs) {
  fill($('lr'), LEARNING_RATES);
  fill($('regRate'), REG_RATES);
  fill(
    $('speed'),
    SPEEDS.map((s) => s.id),
    (id) => SPEEDS.find((s) => s.id === id).label,
  );
  fill($('init'), INITS, (id) => INIT_NAMES[id]);
  fill(
    $('scale'),
    SCALES.map((s) => s.id),
    (id) => SCALES.find((s) => s.id === id).label,
  );
  $('datasets').replaceChildren(...DATASETS.map((d) => thumbnail(d, thumbs[d.id])));
  $('features').replaceChildren(...FEATURES.map(featureButton));
}

/** Redraws the features' pictures in the theme's colours. */
export function restyle() {
  for (const b of $('features').querySelectorAll('.feature')) {
    const feature = FEATURES.find((f) => f.id === b.getAttribute('data-id'));
    drawFeature(b.querySelector('canvas'), feature);
  }
}

/** A feature's switch: its picture over the plane and its name. */
function featureButton(f) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'feature';
  b.dataset.id = f.id;
  b.setAttribute('aria-pressed', 'false');
  b.title = `${f.label} as an input of layer 0`;
  const c = document.createElement('canvas');
  drawFeature(c, f);
  const span = document.createElement('span');
  span.textContent = f.label;
  b.append(c, span);
  return b;
}

/** The loss, and the penalty that each update adds to ∂L/∂w beside it, when one is on. */
function lossNote(s) {
  return modelNote(s) + penaltyNote(s);
}

function penaltyNote(s) {
  const penalty = activePenalty(s);
  if (!penalty) return '';
  const what = `${penalty.toUpperCase()}, λ = ${s.regRate}`;
  return ` ${what}: each update adds ${PENALTY_TERM[penalty]} to ∂L/∂w (the heatmaps show ∂L/∂w alone).`;
}

function modelNote(s) {
  if (s.classes === 1)
    return (
      `A regression: the sum of squares (Eq. 5) on one ${ACTIVATION_NAMES[s.outputActivation]} output, ` +
      "whose target Y is each point's value."
    );
  const forced = forcedLoss(s);
  if (s.loss !== 'sum_of_squares')
    return `${forced ? `${forced} ` : ''}Softmax + cross-entropy (Eq. 28-29): one ${ACTIVATION_NAMES[s.outputActivation]} output per class feeds the softmax.`;
  if (s.oneHot)
    return `${forced ? `${forced} ` : ''}Sum of squares (Eq. 5) on one output per class: Y is one-hot, e.g. Y = (0, 1) for blue; the largest output wins.`;
  return `Sum of squares (Eq. 5) on one ${ACTIVATION_NAMES[s.outputActivation]} output: Y = +1 for blue, −1 for orange.`;
}

/** The arrows, Home and End on a dataset tile choose the next, previous, first or last tile
 * (a radio group's keys), rather than the page's → (one training step). */
function moveAlongTiles(e) {
  const tiles = [...$('datasets').querySelectorAll('.thumb')];
  const i = tiles.indexOf(e.target.closest('.thumb'));
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
  const to = e.key === 'Home' ? 0 : e.key === 'End' ? tiles.length - 1 : step && i + step;
  if (i < 0 || to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  e.stopPropagation();
  const next = /** @type {HTMLElement} */ (tiles[(to + tiles.length) % tiles.length]);
  next.focus();
  next.click();
}

/** Writes the settings into the controls. */
export function show(s) {
  /** @type {NodeListOf<HTMLElement>} */
  const thumbs = document.querySelectorAll('.thumb');
  for (const b of thumbs) {
    b.setAttribute('aria-checked', String(b.dataset.id === s.dataset));
    b.tabIndex = b.dataset.id === s.dataset ? 0 : -1; // one tab stop; the arrows move along
  }
  const d = DATASETS.find((x) => x.id === s.dataset);
  fill($('classes'), d.classes, (k) => (k === 1 ? 'regression' : `${k} classes`));
  $('classes').value = String(s.classes);
  $('classes').disabled = d.classes.length === 1;
  $('noise').value = s.noise;
  $('noise-out').value = `${s.noise}%`;
  $('ratio').value = s.ratio;
  $('ratio-out').value = `${s.ratio}%`;
  $('seed').value = s.seed;
  // Own points are neither generated (noise, seed) nor split: every one of them trains.
  for (const id of ['noise', 'ratio', 'seed', 'regenerate', 'show-test']) $(id).disabled = s.dataset === 'own';
  $('show-test').checked = s.showTest;
  $('lr').value = String(s.lr);
  $('batch').value = s.batch;
  $('reg').value = s.reg;
  $('regRate').value = String(s.regRate);
  $('regRate').disabled = s.reg === 'none';
  $('loss').value = s.loss;
  // Softmax + cross-entropy needs classes; a regression's loss is the sum of squares.
  $('loss').querySelector('[value="softmax_cross_entropy"]').disabled = s.classes === 1;
  $('one-hot').checked = s.oneHot;
  $('one-hot').disabled = s.loss !== 'sum_of_squares' || s.classes > 2;
  $('one-hot').closest('label').hidden = s.loss !== 'sum_of_squares';
  $('loss-note').textContent = lossNote(s);
  $('init').value = s.init;
  $('unit').value = s.unit;
  $('speed').value = s.speed;
  $('scale').value = s.scale;
  $('grad-batch').checked = s.gradView === 'batch';
  for (const b of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#features .feature'))) {
    const on = s.features.includes(b.dataset.id);
    b.setAttribute('aria-pressed', String(on));
    // The last input stays: a network needs one.
    /** @type {HTMLButtonElement} */ (b).disabled = on && s.features.length === 1;
  }
  $('layer-count').textContent = `${s.hidden.length} hidden layer${s.hidden.length === 1 ? '' : 's'}`;
  $('remove-layer').disabled = s.hidden.length === 0;
  $('add-layer').disabled = s.hidden.length >= MAX_HIDDEN;
}

/** Calls `on(kind, patch)` when the user changes a control: kind is 'data', 'arch',
 * 'hyper', 'view' or 'layers'. */
export function bind(on) {
  $('features').addEventListener('click', (e) => {
    const b = e.target.closest('.feature');
    if (!b) return;
    const pressed = $('features').querySelectorAll('.feature[aria-pressed="true"]');
    const ids = Array.from(pressed, (x) => /** @type {HTMLElement} */ (x).dataset.id);
    on('arch', {
      features: ids.includes(b.dataset.id) ? ids.filter((id) => id !== b.dataset.id) : [...ids, b.dataset.id],
    });
  });
  $('datasets').addEventListener('click', (e) => {
    const b = e.target.closest('.thumb');
    if (b) on('data', { dataset: b.dataset.id });
  });
  $('datasets').addEventListener('keydown', moveAlongTiles);
  /** @type {(id: string, kind: string, key: string, parse?: (v: string) => any) => void} */
  const num = (id, kind, key, parse = Number) =>
    $(id).addEventListener('change', () => on(kind, { [key]: parse($(id).value) }));
  num('classes', 'data', 'classes');
  num('noise', 'data', 'noise');
  num('ratio', 'data', 'ratio');
  $('noise').addEventListener('input', () => {
    $('noise-out').value = `${$('noise').value}%`;
  });
  $('ratio').addEventListener('input', () => {
    $('ratio-out').value = `${$('ratio').value}%`;
  });
  $('seed').addEventListener('change', () => {
    const v = Number($('seed').value);
    on('data', { seed: v });
  });
  $('regenerate').addEventListener('click', () => on('data', { seed: (Number($('seed').value) + 1) % 1000000 }));
  $('show-test').addEventListener('change', () => on('view', { showTest: $('show-test').checked }));
  num('lr', 'hyper', 'lr');
  num('batch', 'hyper', 'batch');
  num('reg', 'hyper', 'reg', String);
  num('regRate', 'hyper', 'regRate');
  num('loss', 'arch', 'loss', String);
  num('init', 'arch', 'init', String);
  $('one-hot').addEventListener('change', () => on('arch', { oneHot: $('one-hot').checked }));
  num('unit', 'view', 'unit', String);
  num('speed', 'view', 'speed', String);
  num('scale', 'view', 'scale', String);
  $('add-layer').addEventListener('click', () => on('layers', +1));
  $('remove-layer').addEventListener('click', () => on('layers', -1));
}
