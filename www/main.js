// The page: creates the views, wires the controls, the keyboard, scenes and lessons to the
// session, and runs the frame loop. Each view module takes plain data; only render.js,
// session.js, wasm.js and this module talk to wasm.

import { load } from './wasm.js';
import * as controls from './controls.js';
import { createDiagram, hoverHtml } from './diagram.js';
import { createBoundary } from './boundary.js';
import { createHeatmaps } from './heatmaps.js';
import { createHistory } from './charts.js';
import {
  ACTIVATION_NAMES,
  DATASETS,
  MAX_HIDDEN,
  MAX_NEURONS,
  MAX_SEED,
  SPEEDS,
  outputs,
  useDefaultConfig,
} from './state.js';
import { toHash } from './url.js';
import { CLASS_COLORS, CLASS_NAMES, cssColor, pictureStyle, zoom } from './theme.js';
import { sig4 } from './format.js';
import { showMessage, editValue, tooltip, paintColors } from './ui.js';
import { createStepThrough } from './stepthrough.js';
import { thumbnails } from './io.js';
import { createRenderer } from './render.js';
import { createSession } from './session.js';
import { createScenes } from './scenes-ui.js';
import { createLessons } from './lessons-ui.js';
import { createPresetOffer } from './presets-ui.js';

const $ = (id) => document.getElementById(id);

const app = {
  api: null,
  settings: null,
  trainer: null,
  playing: false,
  history: createHistory(),
  selected: { set: 'train', index: 0 },
  custom: null,
  batchView: false,
  lastSlow: 0,
  dirty: true,
  lesson: null, // {lesson, index} while a lesson is open
};

const diagram = createDiagram($('diagram'), {
  onNeurons(j, delta) {
    const next = structuredClone(app.settings),
      h = next.hidden[j];
    h.neurons = Math.max(1, Math.min(MAX_NEURONS, h.neurons + delta));
    changeArchitecture(next, `${h.neurons} neuron${h.neurons === 1 ? '' : 's'} in layer ${j}`);
  },
  onActivation(j, a) {
    const next = structuredClone(app.settings);
    if (j < next.hidden.length) next.hidden[j].activation = a;
    else next.outputActivation = a;
    changeArchitecture(next, `${ACTIVATION_NAMES[a]} in layer ${j}`);
  },
  onHover(h) {
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
    diagram.highlight({ j, pairs: [[m, n]], inputs: [m], outputs: [n] }); // the edge being edited
    editValue(
      `w<sub>${m + 1},${n + 1}</sub><sup>(${j})</sup>`,
      current,
      x,
      y,
      (v) => {
        app.trainer.setWeight(j, m, n, v);
        app.dirty = true;
      },
      () => diagram.highlight(null),
    );
  },
  onEditBias(j, n, x, y) {
    const net = app.trainer.network();
    const current = net.biases(j)[n];
    net.free();
    diagram.highlight({ j, pairs: [], inputs: [], outputs: [n] });
    editValue(
      `b<sub>${n + 1}</sub><sup>(${j})</sup>`,
      current,
      x,
      y,
      (v) => {
        const edited = app.trainer.network();
        edited.setBias(j, n, v);
        app.trainer.setNetwork(edited);
        edited.free();
        app.dirty = true;
      },
      () => diagram.highlight(null),
    );
  },
});

const boundary = createBoundary($('boundary'), {
  onPick(sel) {
    app.selected = sel;
    app.custom = null;
    app.dirty = true;
    stepThrough.samplePicked(sel);
    writeHash();
  },
});

let cellHover = false; // the diagram's highlight is the hovered cell's, to clear on leaving
const heatmaps = createHeatmaps($('gradients'), {
  onCell(c) {
    if (!c) {
      if (cellHover) diagram.highlight(null);
      cellHover = false;
      tooltip(null);
      return;
    }
    cellHover = true;
    diagram.highlight({ j: c.j, pairs: [[c.m, c.n]], inputs: [c.m], outputs: [c.n] });
    const g = renderer.gradients().layers[c.j];
    tooltip(`∂L/∂w<sub>${c.m + 1},${c.n + 1}</sub><sup>(${c.j})</sup> = ${sig4(g.dl_dw[c.m * g.n + c.n])}`, c.x, c.y);
  },
});

const renderer = createRenderer(app, { boundary, diagram, heatmaps });
let presetOffer = null;
let stepThrough = {
  reset() {},
  hashExtra: () => ({}),
  samplePicked() {},
  key: () => false,
  open() {},
  isOpen: () => false,
};

const session = createSession(app, {
  onNewTrainer() {
    renderer.forget();
    app.selected = renderer.teachingSample();
    app.custom = null;
    controls.show(app.settings);
    presetOffer?.update(app.settings);
    boundary.setPoints(renderer.points());
    relayout();
    recordHistory();
    writeHash();
    stepThrough.reset();
  },
  setPlaying,
  record: recordHistory,
  afterRescue() {
    controls.show(app.settings);
    recordHistory();
    writeHash();
    app.dirty = true;
  },
  afterHyper() {
    controls.show(app.settings);
    writeHash();
  },
});

/** The page's layout for the width the projector zoom leaves: three columns, the Data column
 * as a strip on top, or one column (style.css reads data-layout). */
function chooseLayout() {
  const width = window.innerWidth / zoom();
  document.documentElement.dataset.layout = width >= 1280 ? 'wide' : width >= 760 ? 'medium' : 'narrow';
}

/** Lays the views out again for the same trainer (a resize, the theme, projector mode). */
function relayout() {
  chooseLayout();
  const s = app.settings;
  app.batchView = s.gradView === 'batch';
  boundary.resize();
  const { scrolls } = diagram.build({
    sizes: renderer.sizes(),
    activations: [...s.hidden.map((h) => h.activation), s.outputActivation],
    loss: s.loss,
    classes: s.classes,
  });
  heatmaps.build(renderer.sizes());
  legend(scrolls);
  app.lastSlow = 0;
  app.dirty = true;
}

function legend(scrolls) {
  const k = app.settings.classes,
    sse = outputs(app.settings) === 1;
  const swatch = (color) => `<i class="sw" data-color="${color}"></i>`;
  $('legend').innerHTML =
    Array.from(
      { length: k },
      (_, c) =>
        `<span>${swatch(CLASS_COLORS[c])}${CLASS_NAMES[c]}${sse ? (c === 1 ? ' (Y = +1)' : ' (Y = −1)') : ''}</span>`,
    ).join('') +
    `<span class="muted">deeper colour = more confident${sse ? ' (|y| → 1)' : ' (softmax z)'}; ◯ thick ring = the sample shown in Gradients; dark-edged dots = test points</span>`;
  $('net-legend').innerHTML =
    `Edges are w<sub>m,n</sub><sup>j</sup> and tiles are y<sub>n</sub><sup>j</sup> over the plane: ${swatch(cssColor('positive'))}positive, ${swatch(cssColor('negative'))}negative, width ∝ |w|` +
    (app.settings.loss === 'softmax_cross_entropy' ? "; output tiles show z<sub>n</sub> in class n's colour." : '.') +
    (scrolls
      ? ` <b class="scroll-hint">Scroll the diagram sideways to see all ${renderer.sizes().length - 1} layers →</b>`
      : '');
  paintColors($('legend'));
  paintColors($('net-legend'));
}

function recordHistory() {
  const m = app.trainer.metrics();
  const [pos, len] = app.trainer.epochProgress();
  const norms = renderer
    .sizes()
    .slice(1)
    .map((_, j) => app.trainer.gradientNorm(j));
  app.history.push(m.epoch + pos / len, m.train.loss, m.test.loss, norms);
}

function setPlaying(on) {
  app.playing = on && !!app.trainer && !app.trainer.diverged;
  app.dirty = true; // paused, the boundary is painted whole again
  const b = $('play');
  b.textContent = app.playing ? '‖ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(app.playing));
  b.setAttribute('aria-label', app.playing ? 'Pause' : 'Play');
}

function frame(now) {
  try {
    if (app.playing) {
      const sp = SPEEDS.find((x) => x.id === app.settings.speed) || SPEEDS[2];
      session.trainOnce(sp.unit, sp.count);
    }
    if (app.dirty) renderer.render(now);
  } catch (e) {
    // Never let one bad frame stop the loop; say what happened instead.
    app.dirty = false;
    reportBug(e);
  }
  requestAnimationFrame(frame);
}

/** A bug that reached the top (a trap in wasm included): training pauses and the page says
 * so, with a way out, rather than leaving a dead screen. */
function reportBug(error) {
  if (app.playing) setPlaying(false);
  const trap = error instanceof WebAssembly.RuntimeError;
  const what = error instanceof Error ? error.message : String(error);
  showMessage(
    `Something went wrong${trap ? ' inside the WebAssembly module' : ''}: ${what}. Training is paused. ` +
      'Export the scene to keep this state, then reload the page; Reset may also start again.',
    [
      { label: 'Export scene', action: () => scenes.exportScene() },
      { label: 'Reload', action: () => location.reload() },
    ],
  );
}

/** What the link says besides the settings: the lesson, the sample, the open step. */
function viewExtra() {
  const c = app.custom;
  return {
    lesson: app.lesson && app.lesson.index !== null ? app.lesson.lesson.id : undefined,
    sample: c ? undefined : app.selected.index,
    set: c || app.selected.set === 'train' ? undefined : 'test',
    cx: c ? c.x.join(',') : undefined,
    cy: c ? c.Y.join(',') : undefined,
    ...stepThrough.hashExtra(),
  };
}

let lastHash = '';
function writeHash() {
  if (!app.trainer || app.holdHash) return; // a link or scene being opened writes it once, at the end
  const h = toHash(app.settings, viewExtra());
  lastHash = h;
  if (location.hash !== h) history.replaceState(null, '', h);
}

/** Architecture changes rebuild the network: say so. If `next` cannot be built, the page
 * keeps what it had (the message says why). */
function changeArchitecture(next, why) {
  setPlaying(false);
  if (!session.rebuild(why, next)) controls.show(app.settings);
}

/** The settings after a change to the data or the architecture (`patch` from a control). */
function withPatch(patch) {
  const next = { ...structuredClone(app.settings), ...patch };
  if (patch.loss)
    next.outputActivation = patch.loss === 'sum_of_squares' && !next.oneHot && next.classes === 2 ? 'tanh' : 'linear';
  if (patch.oneHot !== undefined) next.outputActivation = patch.oneHot ? 'linear' : 'tanh';
  if (patch.dataset) next.classes = DATASETS.find((d) => d.id === patch.dataset).classes[0];
  if ((patch.dataset || patch.classes) && next.classes > 2 && next.loss === 'sum_of_squares') {
    // More than two classes: softmax + cross-entropy is the natural loss (the sum of squares
    // on a one-hot Y stays one click away).
    Object.assign(next, { loss: 'softmax_cross_entropy', outputActivation: 'linear', oneHot: false });
  }
  return next;
}

function onControl(kind, patch) {
  if (kind === 'hyper') return session.changeHyper(patch);
  if (kind === 'view') {
    Object.assign(app.settings, patch);
    if (patch.scale || patch.gradView) relayout();
    app.dirty = true;
    return writeHash();
  }
  if (kind === 'layers') {
    const next = structuredClone(app.settings),
      h = next.hidden;
    if (patch > 0 && h.length < MAX_HIDDEN)
      h.push({
        neurons: h.length ? h[h.length - 1].neurons : 8,
        activation: h.length ? h[h.length - 1].activation : 'relu',
      });
    if (patch < 0 && h.length > 0) h.pop();
    return changeArchitecture(next, `${h.length} hidden layer${h.length === 1 ? '' : 's'}`);
  }
  if (patch.seed !== undefined && !(Number.isInteger(patch.seed) && patch.seed >= 0 && patch.seed <= MAX_SEED)) {
    showMessage(`The data seed must be a whole number from 0 to ${MAX_SEED}; it stays at ${app.settings.seed}.`);
    return controls.show(app.settings);
  }
  const what = patch.dataset
    ? `the ${DATASETS.find((d) => d.id === patch.dataset).name.toLowerCase()} data`
    : patch.loss
      ? 'the new loss'
      : patch.init
        ? `${patch.init} initial weights`
        : kind === 'data'
          ? 'the new data'
          : 'the change';
  changeArchitecture(withPatch(patch), what);
}

const scenes = createScenes(app, {
  session,
  renderer,
  setPlaying,
  writeHash,
  openSteps: (v) => stepThrough.open(v),
  relayout,
  viewExtra,
});
const lessons = createLessons(app, { scenes, session, setPlaying, writeHash });

function bindButtons() {
  $('play').onclick = () => setPlaying(!app.playing);
  $('step').onclick = () => {
    setPlaying(false);
    session.trainOnce(app.settings.unit, 1);
  };
  $('reset').onclick = () => session.reset();
  $('replay').onclick = () => session.replay();
  $('grad-batch').onchange = () => onControl('view', { gradView: $('grad-batch').checked ? 'batch' : 'sample' });
  $('open-steps').onclick = () => {
    setPlaying(false);
    stepThrough.open({});
  };
  $('theme').onclick = () =>
    setDisplay({ theme: document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark' });
  $('projector').onclick = () => setDisplay({ projector: !document.documentElement.classList.contains('projector') });
  for (const [id, box] of [
    ['more-settings', '.topbar'],
    ['more-data', '.col.data'],
  ]) {
    $(id).onclick = () => {
      const open = document.querySelector(box).classList.toggle('open');
      $(id).setAttribute('aria-expanded', String(open));
      $(id).textContent = `${id === 'more-data' ? 'More' : 'Settings'} ${open ? '▴' : '▾'}`;
    };
  }
  scenes.bind();
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(relayout, 100);
  });
  window.addEventListener('hashchange', () => {
    if (location.hash !== lastHash) scenes.openLink(location.hash);
  });
}

/** The theme and projector mode belong to the room, not to a scene: they are kept in this
 * browser (localStorage) and apply to every page opened here. */
function setDisplay(patch) {
  const root = document.documentElement;
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem('backprop-viz-display') || '{}');
  } catch {
    saved = {};
  }
  const d = { theme: saved.theme === 'dark' ? 'dark' : 'light', projector: saved.projector === true, ...patch };
  root.dataset.theme = d.theme;
  root.classList.toggle('projector', d.projector);
  $('projector').setAttribute('aria-pressed', String(d.projector));
  try {
    localStorage.setItem('backprop-viz-display', JSON.stringify(d));
  } catch {
    /* private mode: not kept */
  }
  if (app.trainer) {
    app.trainer.setStyle(pictureStyle());
    relayout();
  }
}

/** Keys: Space play/pause, → one step, R reset, Shift+R replay, L lessons, B step-through,
 * P projector mode, T theme. */
function onKey(e) {
  if (stepThrough.key(e)) return;
  const tag = e.target.tagName;
  if (['INPUT', 'SELECT', 'TEXTAREA'].includes(tag) || e.target.isContentEditable || e.ctrlKey || e.metaKey || e.altKey)
    return;
  const keys = {
    ' ': () => tag !== 'BUTTON' && setPlaying(!app.playing),
    ArrowRight: () => {
      setPlaying(false);
      session.trainOnce(app.settings.unit, 1);
    },
    r: () => session.reset(),
    R: () => session.replay(),
    l: () => lessons.menu(),
    b: () => {
      setPlaying(false);
      stepThrough.open({});
    },
    p: () => $('projector').click(),
    t: () => $('theme').click(),
  };
  const f = keys[e.key];
  if (f && Object.hasOwn(keys, e.key)) {
    e.preventDefault();
    f();
  }
}

async function main() {
  setDisplay({});
  app.api = await load();
  useDefaultConfig(app.api.defaultConfig());
  controls.setup(thumbnails(app.api));
  controls.bind(onControl);
  presetOffer = createPresetOffer($('preset-offer'), app.api.presets(), (settings) =>
    changeArchitecture(settings, 'the preset'),
  );
  stepThrough = createStepThrough($('stepthrough'), {
    api: app.api,
    app,
    diagram,
    writeHash,
    setPlaying,
    selectSample: (sel) => {
      app.selected = sel;
      app.dirty = true;
    },
    sample: () => scenes.stepSample(),
    setCustom: (smp) => scenes.setCustom(smp),
  });
  bindButtons();
  document.addEventListener('keydown', onKey);
  scenes.openLink(location.hash);
  $('boot').hidden = true;
  document.body.dataset.ready = '1';
  requestAnimationFrame(frame);
}

// For tests and curious students: the live objects, read-only by convention.
window.backpropViz = {
  app,
  diagram,
  heatmaps,
  points: () => renderer.points(),
  gradients: () => renderer.gradients(),
  stepSample: () => scenes.stepSample(),
  stepThrough: () => stepThrough,
  lessons: () => lessons,
};

window.addEventListener('error', (e) => reportBug(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => reportBug(e.reason));

main().catch((e) => {
  $('boot').hidden = true;
  showMessage(`The page could not start: ${e.message}`, [{ label: 'Reload', action: () => location.reload() }]);
});
