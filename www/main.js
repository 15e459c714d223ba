// The page: wires the settings, the wasm Trainer and the views together, and runs the frame
// loop. Each view module takes plain data; only this module and wasm.js talk to wasm.

import { load, bytes, f64view } from './wasm.js';
import * as controls from './controls.js';
import { createDiagram, hoverHtml } from './diagram.js';
import { createBoundary } from './boundary.js';
import { createHeatmaps } from './heatmaps.js';
import { createHistory, drawCharts, drawConfusion } from './charts.js';
import { DATASETS, SPEEDS, MAX_HIDDEN, defaults, hyper, normalize, outputs, trainerConfig, LEARNING_RATES } from './state.js';
import { fromHash, toHash } from './url.js';
import { CLASS_COLORS, CLASS_NAMES, cssColor, pictureStyle } from './theme.js';
import { full, percent, short } from './format.js';
import { showMessage, hideMessage, editValue, tooltip } from './ui.js';
import { createStepThrough } from './stepthrough.js';
import { exportNetwork, importNetwork, thumbnails } from './io.js';

const $ = (id) => document.getElementById(id);
const TILE = 24;

const app = {
  api: null, settings: defaults(), trainer: null, playing: false, history: createHistory(),
  selected: { set: 'train', index: 0 }, batchView: false, lastSlow: 0, hover: null, dirty: true,
};

let cachedSizes = null;
function sizes() { return cachedSizes || (cachedSizes = Array.from(app.trainer.sizes())); }

/** The per-layer tensors of the chosen sample (probe) or of the last batch, copied to JS. */
function gradients() {
  const t = app.trainer, s = sizes(), out = [];
  const p = points(), xs = app.selected.set === 'test' ? p.test : p.train, labels = app.selected.set === 'test' ? p.testLabels : p.trainLabels;
  const i = Math.min(app.selected.index, labels.length - 1);
  const loss = t.probe(xs[2 * i], xs[2 * i + 1], labels[i]);
  for (let j = 0; j < s.length - 1; j++) {
    const [m, n] = [s[j], s[j + 1]];
    if (app.batchView) {
      // The batch mean of ∂L/∂g equals that of ∂L/∂b (Eq. 27); the mean ∂L/∂x is not kept.
      const dl_db = f64view(t.parameterView(j, 3), n).slice();
      out.push({ m, n, dl_dw: f64view(t.parameterView(j, 2), m * n).slice(), dl_db, dl_dg: dl_db, dl_dx: null });
    } else {
      out.push({
        m, n, dl_dw: f64view(t.probeView(j, 5), m * n).slice(), dl_dg: f64view(t.probeView(j, 4), n).slice(),
        dl_db: f64view(t.probeView(j, 6), n).slice(), dl_dx: f64view(t.probeView(j, 7), m).slice(),
      });
    }
  }
  return { layers: out, loss, label: labels[i], x: [xs[2 * i], xs[2 * i + 1]] };
}

let cachedPoints = null;
function points() { return cachedPoints || (cachedPoints = app.trainer.points()); }

function weights() {
  const s = sizes();
  return {
    weights: s.slice(1).map((n, j) => f64view(app.trainer.parameterView(j, 0), s[j] * n).slice()),
    biases: s.slice(1).map((n, j) => f64view(app.trainer.parameterView(j, 1), n).slice()),
  };
}

/** A new Trainer for the current settings (dataset, architecture or loss changed). */
function rebuild() {
  const s = normalize(app.settings);
  let trainer;
  try {
    trainer = new app.api.Trainer(trainerConfig(s));
  } catch (e) {
    showMessage(`These settings cannot be used: ${e.message}`);
    return false;
  }
  app.trainer?.free();
  app.trainer = trainer;
  trainer.setStyle(pictureStyle());
  cachedPoints = null;
  cachedSizes = null;
  app.boundaryRow = 0;
  app.selected = { set: 'train', index: 0 };
  app.history.clear();
  controls.show(s);
  boundary.setPoints(points());
  relayout();
  recordHistory();
  writeHash();
  app.dirty = true;
  stepThrough.reset();
  return true;
}

/** Lays the views out again for the same trainer (a resize, the theme, projector mode). */
function relayout() {
  const s = app.settings;
  boundary.resize();
  diagram.build({ sizes: sizes(), activations: [...s.hidden.map((h) => h.activation), s.outputActivation], loss: s.loss, classes: s.classes });
  heatmaps.build(sizes());
  legend();
  app.lastSlow = 0;
  app.dirty = true;
}

function legend() {
  const k = app.settings.classes;
  const sse = outputs(app.settings) === 1;
  $('legend').innerHTML = Array.from({ length: k }, (_, c) => `<span><i class="sw" style="background:${CLASS_COLORS[c]}"></i>${CLASS_NAMES[c]}${sse ? (c === 1 ? ' (Y = +1)' : ' (Y = −1)') : ''}</span>`).join('') +
    `<span class="muted">deeper colour = more confident${sse ? ' (|y| → 1)' : ' (softmax z)'}; ◯ thick ring = the sample shown in Gradients; dark-edged dots = test points</span>`;
  $('net-legend').innerHTML = `Edges are w<sub>m,n</sub><sup>j</sup> and tiles are y<sub>n</sub><sup>j</sup> over the plane: <i class="sw" style="background:${cssColor('positive')}"></i>positive, <i class="sw" style="background:${cssColor('negative')}"></i>negative, width ∝ |w|` +
    (app.settings.loss === 'softmax_cross_entropy' ? '; output tiles show z<sub>n</sub> in class n\'s colour.' : '.');
}

function recordHistory() {
  const m = app.trainer.metrics();
  const [pos, len] = app.trainer.epochProgress();
  const norms = sizes().slice(1).map((_, j) => app.trainer.gradientNorm(j));
  app.history.push(m.epoch + pos / len, m.train.loss, m.test.loss, norms);
  return m;
}

function showMetrics(m) {
  $('epoch').value = String(m.epoch);
  $('train-loss').value = short(m.train.loss);
  $('test-loss').value = short(m.test.loss);
  $('train-acc').value = percent(m.train.accuracy);
  $('test-acc').value = percent(m.test.accuracy);
  $('bar-test').value = `L ${short(m.test.loss)} · ${percent(m.test.accuracy)}`;
  $('bar-train').value = `L ${short(m.train.loss)} · ${percent(m.train.accuracy)}`;
}

/** Dead ReLU flags per layer, from the byte-per-neuron buffer in wasm memory. */
function deadUnits(count) {
  const flags = bytes(app.trainer.deadUnits(), count);
  const s = sizes(), out = [];
  let k = 0;
  for (let j = 1; j < s.length; j++) { out.push(flags.slice(k, k + s[j])); k += s[j]; }
  return out;
}

/** Paints the decision boundary at full resolution. While playing, a big network's next image
 * is painted a band of rows at a time (~14 ms a frame) and shown once complete, so training
 * keeps its pace; paused, it is painted whole. Returns the address of the image to show. */
function paintBoundary(size) {
  const t = app.trainer;
  if (!app.playing || app.boundaryRowCost === undefined) {
    const start = performance.now();
    const ptr = t.renderBoundary(size);
    app.boundaryRowCost = (performance.now() - start) / size;
    app.boundaryRow = 0;
    return ptr;
  }
  const rows = Math.max(8, Math.min(size, Math.floor(14 / Math.max(app.boundaryRowCost, 1e-3))));
  const start = performance.now();
  const ptr = t.renderBoundaryRows(size, app.boundaryRow, rows);
  app.boundaryRowCost = 0.8 * app.boundaryRowCost + 0.2 * (performance.now() - start) / Math.min(rows, size - app.boundaryRow);
  app.boundaryRow = app.boundaryRow + rows >= size ? 0 : app.boundaryRow + rows;
  return ptr;
}

/** Draws everything; the slow parts (plotters charts, heatmaps, dead units) at most ~8 times
 * a second while playing. */
function render(now) {
  const t = app.trainer;
  const size = boundary.plotSize();
  const ptr = paintBoundary(size);
  boundary.draw({ image: bytes(ptr, size * size * 4), size, showTest: app.settings.showTest, selected: app.selected, foreground: cssColor('foreground'), background: cssColor('background') });
  $('boundary').dataset.showTest = app.settings.showTest ? '1' : '0';
  const tilesPtr = t.renderNeurons(TILE);
  const count = sizes().slice(1).reduce((a, b) => a + b, 0);
  const g = gradients();
  const slow = !app.playing || now - app.lastSlow > 125;
  const dead = slow ? deadUnits(count) : undefined;
  diagram.update({
    ...weights(), grads: g.layers.map((l) => l.dl_dw), gradBiases: g.layers.map((l) => l.dl_db),
    dead, tiles: bytes(tilesPtr, count * TILE * TILE * 4), tileSize: TILE, // the view last: after every call into wasm
  });
  const m = t.metrics();
  showMetrics(m);
  if (slow) {
    app.lastSlow = now;
    heatmaps.update(app.api, g.layers);
    drawCharts(app.api, $('loss-chart'), $('norm-chart'), app.history);
    drawConfusion($('confusion'), m.test.confusion, t.classes);
    const which = app.batchView ? 'mean over the last mini-batch' : `sample ${app.selected.set} #${app.selected.index + 1}: x = (${short(g.x[0])}, ${short(g.x[1])}), ${CLASS_NAMES[g.label]}, L = ${short(g.loss)}`;
    $('grad-sample').textContent = `of ${which}`;
  }
  app.dirty = false;
}

function trainOnce(unit, count) {
  const ok = app.trainer.train(unit, count);
  if (!ok) {
    setPlaying(false);
    const lower = LEARNING_RATES.filter((r) => r < app.settings.lr).pop();
    showMessage(`Training diverged: with learning rate η = ${app.settings.lr}, a weight or the loss became NaN or ∞. The network is back at its last finite state.`, [
      { label: 'Reset the network', action: () => { hideMessage(); rebuild(); } },
      ...(lower ? [{ label: `Lower η to ${lower}`, action: () => { hideMessage(); changeHyper({ lr: lower }); } }] : []),
    ]);
  }
  recordHistory();
  app.dirty = true;
  return ok;
}

function setPlaying(on) {
  app.playing = on && !app.trainer.diverged;
  app.dirty = true; // paused, the boundary is painted whole again
  const b = $('play');
  b.textContent = app.playing ? '‖ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(app.playing));
  b.setAttribute('aria-label', app.playing ? 'Pause' : 'Play');
}

function frame(now) {
  if (app.playing) {
    const sp = SPEEDS.find((x) => x.id === app.settings.speed) || SPEEDS[2];
    trainOnce(sp.unit, sp.count);
  }
  try {
    if (app.dirty) render(now);
  } catch (e) {
    // Never let one bad frame stop the loop; say what happened instead.
    setPlaying(false);
    app.dirty = false;
    showMessage(`Drawing failed: ${e.message}. Training is paused; Reset starts again.`);
  }
  requestAnimationFrame(frame);
}

function changeHyper(patch) {
  Object.assign(app.settings, patch);
  if (!(Number.isInteger(app.settings.batch) && app.settings.batch >= 1 && app.settings.batch <= 64)) {
    showMessage(`Batch size must be a whole number from 1 to 64; it stays at ${app.trainer.config?.batch ?? 10}.`);
    app.settings.batch = Math.min(64, Math.max(1, Math.round(app.settings.batch) || 10));
  }
  try {
    app.trainer.setHyper(hyper(app.settings));
  } catch (e) {
    showMessage(e.message);
  }
  controls.show(app.settings);
  writeHash();
}

function writeHash(extra = {}) {
  const h = toHash(app.settings, { ...stepThrough.hashExtra(), ...extra });
  if (location.hash !== h) history.replaceState(null, '', h);
}

function onControl(kind, patch) {
  if (kind === 'hyper') return changeHyper(patch);
  if (kind === 'view') {
    Object.assign(app.settings, patch);
    app.dirty = true;
    return writeHash();
  }
  if (kind === 'layers') {
    const h = app.settings.hidden;
    if (patch > 0 && h.length < MAX_HIDDEN) h.push({ neurons: h.length ? h[h.length - 1].neurons : 4, activation: h.length ? h[h.length - 1].activation : 'relu' });
    if (patch < 0 && h.length > 0) h.pop();
  } else {
    if (kind === 'data' && patch.seed !== undefined && !(Number.isInteger(patch.seed) && patch.seed >= 0 && patch.seed <= 999999)) {
      showMessage('The seed must be a whole number from 0 to 999999.');
      return controls.show(app.settings);
    }
    Object.assign(app.settings, patch);
    if (patch.loss) app.settings.outputActivation = patch.loss === 'sum_of_squares' ? 'tanh' : 'linear';
    if (patch.oneHot !== undefined) app.settings.outputActivation = patch.oneHot ? 'linear' : 'tanh';
    if (patch.dataset) app.settings.classes = DATASETS.find((d) => d.id === patch.dataset).classes[0];
  }
  setPlaying(false);
  rebuild();
}

const diagram = createDiagram($('diagram'), {
  onNeurons(j, delta) {
    const h = app.settings.hidden[j];
    h.neurons = Math.max(1, Math.min(32, h.neurons + delta));
    setPlaying(false);
    rebuild();
  },
  onActivation(j, a) {
    if (j < app.settings.hidden.length) app.settings.hidden[j].activation = a;
    else app.settings.outputActivation = a;
    setPlaying(false);
    rebuild();
  },
  onHover(h) {
    app.hover = h;
    if (!h) {
      tooltip(null);
      heatmaps.highlight(app.api, null);
      return;
    }
    tooltip(hoverHtml(h, app.batchView ? 'batch mean' : 'this sample'), h.x, h.y);
    if (h.kind === 'edge') heatmaps.highlight(app.api, [h.j, h.m, h.n]);
  },
  onEditWeight(j, m, n, x, y) {
    if (stepThrough.pickWeight?.(j, m, n)) return; // the step-through's gradient check takes it
    const net = app.trainer.network();
    const current = net.weight(j, m, n);
    net.free();
    editValue(`w_{${m + 1},${n + 1}}^${j}`, current, x, y, (v) => {
      app.trainer.setWeight(j, m, n, v);
      app.dirty = true;
    });
  },
  onEditBias(j, n, x, y) {
    const net = app.trainer.network();
    const current = net.biases(j)[n];
    editValue(`b_${n + 1}^${j}`, current, x, y, (v) => {
      net.setBias(j, n, v);
      app.trainer.setNetwork(net);
      net.free();
      app.dirty = true;
    });
  },
});

const boundary = createBoundary($('boundary'), {
  onPick(sel) {
    app.selected = sel;
    app.dirty = true;
    stepThrough.samplePicked(sel);
  },
});

const heatmaps = createHeatmaps($('gradients'), {
  onCell(c) {
    if (!c) {
      diagram.highlight(null);
      tooltip(null);
      return;
    }
    diagram.highlight({ j: c.j, pairs: [[c.m, c.n]], inputs: [c.m], outputs: [c.n] });
    const g = gradients().layers[c.j];
    tooltip(`∂L/∂w<sub>${c.m + 1},${c.n + 1}</sub><sup>${c.j}</sup> = ${full(g.dl_dw[c.m * g.n + c.n])}`, c.x, c.y);
  },
});

let stepThrough = { reset() {}, hashExtra: () => ({}), samplePicked() {}, key: () => false, open() {} };

async function main() {
  app.api = await load();
  const { settings, extra, errors } = fromHash(location.hash);
  app.settings = settings;
  controls.setup(thumbnails(app.api));
  controls.bind(onControl);
  stepThrough = createStepThrough($('stepthrough'), {
    api: app.api, app, diagram, writeHash, setPlaying,
    selectSample: (sel) => { app.selected = sel; app.dirty = true; },
    sample: () => gradients(),
  });
  rebuild();
  if (errors.length) showMessage(`Some settings in the link were not valid and were left at their defaults: ${errors.join(', ')}.`);
  if (extra.sample !== undefined && extra.sample < points().trainLabels.length) app.selected = { set: 'train', index: extra.sample };
  if (extra.step !== undefined || extra.phase) stepThrough.open(extra);
  $('play').onclick = () => setPlaying(!app.playing);
  $('step').onclick = () => { setPlaying(false); trainOnce(app.settings.unit, 1); };
  $('reset').onclick = () => { setPlaying(false); rebuild(); };
  $('grad-batch').onchange = () => { app.batchView = $('grad-batch').checked; app.dirty = true; };
  $('export').onclick = () => exportNetwork(app.trainer);
  $('import').onchange = (e) => {
    const f = e.target.files[0];
    if (f) importNetwork(f, app, () => { setPlaying(false); return rebuild(); });
    e.target.value = '';
  };
  $('open-steps').onclick = () => { setPlaying(false); stepThrough.open({}); };
  $('theme').onclick = () => {
    const root = document.documentElement;
    root.dataset.theme = root.dataset.theme === 'dark' ? 'light' : 'dark';
    app.trainer.setStyle(pictureStyle());
    relayout();
  };
  $('projector').onclick = () => {
    const on = document.documentElement.classList.toggle('projector');
    $('projector').setAttribute('aria-pressed', String(on));
    relayout();
  };
  let resizeTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(relayout, 100); });
  document.addEventListener('keydown', (e) => {
    if (stepThrough.key(e)) return;
    const tag = e.target.tagName;
    if (['INPUT', 'SELECT', 'TEXTAREA'].includes(tag) || e.target.isContentEditable) return;
    if (e.key === ' ' && tag !== 'BUTTON') { e.preventDefault(); setPlaying(!app.playing); }
    if (e.key === 'ArrowRight') { e.preventDefault(); setPlaying(false); trainOnce(app.settings.unit, 1); }
  });
  document.body.dataset.ready = '1';
  requestAnimationFrame(frame);
}

// For tests and curious students: the live objects, read-only by convention.
window.backpropViz = { app, points, gradients, diagram, heatmaps };

main().catch((e) => showMessage(`The page could not start: ${e.message}`));
