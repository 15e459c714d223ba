// @ts-check
// The page: creates the views, wires the controls, the keyboard, scenes and lessons to the
// session, and runs the frame loop. Each view module takes plain data; only render.js,
// session.js, wasm.js and this module talk to wasm.

import { load, paintWorker } from './wasm.js';
import { createPaintClient } from './paint-client.js';
import * as controls from './controls.js';
import { createDiagram } from './diagram.js';
import { diagramEvents } from './diagram-events.js';
import { drawLegends } from './legends.js';
import { createBoundary } from './boundary.js';
import { cellReading, createHeatmaps } from './heatmaps.js';
import { createHistory } from './charts.js';
import { DATASETS, MAX_HIDDEN, MAX_SEED, SPEEDS, newApp, useDefaultConfig, withPatch } from './state.js';
import { toHash } from './url.js';
import { applyDisplay, chooseLayout, pictureStyle } from './theme.js';
import { bindFolds, closeEditor, runShortcut, showBug, showMessage, tooltip } from './ui.js';
import { lazyStepThrough } from './stepthrough-lazy.js';
import { thumbnails } from './io.js';
import { createRenderer, timed } from './render.js';
import { createSession } from './session.js';
import { createScenes } from './scenes-ui.js';
import { lazyLessons } from './lessons-lazy.js';
import { createPresetOffer } from './presets-ui.js';
import { createOwnData } from './own-data.js';
import { lazyTools } from './tools-lazy.js';

const $ = (id) => document.getElementById(id);

const app = newApp(createHistory());

const diagram = createDiagram(
  $('diagram'),
  diagramEvents(app, {
    diagram: () => diagram,
    heatmaps: () => heatmaps,
    stepThrough: () => stepThrough,
    changeArchitecture,
  }),
);

const boundary = createBoundary($('boundary'), {
  onPlane: (at) => ownData.onPlane(at),
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
    const { text, lit } = cellReading(renderer.gradients().layers[c.j], c);
    diagram.highlight(lit);
    tooltip(text, c.x, c.y);
  },
});

const paints = createPaintClient(paintWorker, () => (app.dirty = true));
const renderer = createRenderer(app, { boundary, diagram, heatmaps, paints });
const tools = lazyTools(app, { renderer, heatmaps, changeArchitecture, restart: () => session.replay() }, (e) =>
  showMessage(`This tool could not load: ${e instanceof Error ? e.message : e}`),
);
const ownData = createOwnData(app, {
  renderer,
  boundary,
  stepThrough: () => stepThrough,
  writeHash,
  changeArchitecture,
});
let presetOffer = null;
/** Until main() creates the step-through: a stand-in that does nothing.
 * @type {import('./stepthrough.js').StepThroughLike} */
let stepThrough = {
  reset() {},
  hashExtra: () => ({}),
  samplePicked() {},
  key: () => false,
  open() {},
};

const session = createSession(app, {
  onNewTrainer() {
    closeEditor();
    renderer.forget();
    app.selected = renderer.teachingSample();
    app.custom = null;
    controls.show(app.settings);
    ownData.show();
    presetOffer?.update(app.settings);
    boundary.setPoints(renderer.points());
    relayout();
    renderer.recordHistory();
    writeHash();
    stepThrough.reset();
    app.compare?.rebuild();
  },
  setPlaying,
  record: () => renderer.recordHistory(),
  trained: (unit, count) => app.compare?.train(unit, count),
  afterRescue() {
    controls.show(app.settings);
    renderer.recordHistory();
    writeHash();
    app.dirty = true;
  },
  afterHyper() {
    app.compare?.followHyper();
    controls.show(app.settings);
    writeHash();
  },
});

/** Whether the diagram scrolls sideways (the legend says so). */
let diagramScrolls = false;
/** Lays the views out again for the same trainer (a resize, projector mode). */
function relayout() {
  chooseLayout();
  const s = app.settings;
  app.batchView = s.gradView === 'batch';
  boundary.resize();
  const spec = {
    sizes: renderer.sizes(),
    activations: [...s.hidden.map((h) => h.activation), s.outputActivation],
    loss: s.loss,
    classes: s.classes,
    features: s.features,
  };
  diagramScrolls = timed(app, 'diagram build', () => diagram.build(spec)).scrolls;
  timed(app, 'heatmaps build', () => heatmaps.build(renderer.sizes()));
  tools.fillLayers();
  redraw();
}

/** The legends, and every view drawn again by the next frame (after a new layout or theme). */
function redraw() {
  const layers = renderer.sizes().length - 1;
  drawLegends($('legend'), $('net-legend'), app.settings, { layers, scrolls: diagramScrolls });
  app.lastSlow = 0;
  app.dirty = true;
}

function setPlaying(on) {
  const playing = on && !!app.trainer && !app.trainer.diverged;
  if (playing !== app.playing) app.dirty = true; // paused, the boundary is painted whole again
  app.playing = playing;
  const b = $('play');
  b.textContent = app.playing ? '‖ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(app.playing));
  b.setAttribute('aria-label', app.playing ? 'Pause' : 'Play');
}

function frame(now) {
  try {
    if (app.playing) {
      const sp = SPEEDS.find((x) => x.id === app.settings.speed) || SPEEDS[2];
      timed(app, 'train', () => session.trainOnce(sp.unit, sp.count));
    }
    if (app.dirty) renderer.render(now);
    else renderer.drawLater();
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
  showBug(error, () => scenes.exportScene());
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

/** What a change from a control rebuilt the network for, as the notice says it. */
function changeName(kind, patch) {
  if (patch.dataset) return `the ${DATASETS.find((d) => d.id === patch.dataset).name.toLowerCase()} data`;
  if (patch.features) return 'the new inputs';
  if (patch.loss) return 'the new loss';
  if (patch.init) return `${patch.init} initial weights`;
  return kind === 'data' ? 'the new data' : 'the change';
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
  if (patch.dataset === 'own') {
    if (app.settings.dataset === 'own') return;
    patch = ownData.startFrom(patch);
  }
  const what = changeName(kind, patch);
  changeArchitecture(withPatch(app.settings, patch), what);
}

const scenes = createScenes(app, {
  session,
  renderer,
  setPlaying,
  writeHash,
  openSteps: (v) => stepThrough.open(v),
  relayout,
  viewExtra,
  importCsv: (file) => ownData.importFile(file),
});
const lessons = lazyLessons(app, { scenes, session, setPlaying, writeHash }, (e) =>
  showMessage(`The lessons could not load: ${e instanceof Error ? e.message : e}`),
);

function bindButtons() {
  $('play').onclick = () => setPlaying(!app.playing);
  $('step').onclick = () => {
    setPlaying(false);
    session.trainOnce(app.settings.unit, 1);
  };
  $('reset').onclick = () => session.reset();
  $('replay').onclick = () => session.replay();
  const gradBatch = /** @type {HTMLInputElement} */ ($('grad-batch'));
  gradBatch.onchange = () => onControl('view', { gradView: gradBatch.checked ? 'batch' : 'sample' });
  $('open-steps').onclick = () => {
    setPlaying(false);
    stepThrough.open({});
  };
  $('theme').onclick = () =>
    setDisplay({ theme: document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark' });
  $('projector').onclick = () => setDisplay({ projector: !document.documentElement.classList.contains('projector') });
  bindFolds([
    ['more-settings', '.topbar', 'Settings'],
    ['more-data', '.col.data', 'More'],
  ]);
  scenes.bind();
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(relayout, 100);
  });
  window.addEventListener('hashchange', () => {
    if (location.hash !== lastHash) lessons.readyFor(location.hash).then(() => scenes.openLink(location.hash));
  });
}

/** The theme and projector mode (kept in this browser: see `applyDisplay`). */
function setDisplay(patch) {
  applyDisplay(patch);
  if (app.trainer) {
    app.trainer.setStyle(pictureStyle());
    // A theme is new colours in the same layout (relaid out, 25 ms on [2,32×8,1]).
    if ('projector' in patch) return relayout();
    diagram.restyle();
    controls.restyle();
    redraw();
  }
}

/** Keys: Space play/pause, → one step, R reset, Shift+R replay, L lessons, B step-through,
 * P projector mode, T theme. */
function onKey(e) {
  if (stepThrough.key(e)) return;
  runShortcut(e, {
    ' ': () => setPlaying(!app.playing),
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
  });
}

async function main() {
  setDisplay({});
  app.api = await load();
  useDefaultConfig(app.api.defaultConfig());
  controls.setup(thumbnails(app.api));
  controls.bind(onControl);
  ownData.bind();
  presetOffer = createPresetOffer($('preset-offer'), app.api.presets(), (settings) =>
    changeArchitecture(settings, 'the preset'),
  );
  stepThrough = lazyStepThrough(
    $('stepthrough'),
    {
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
    },
    (e) => showMessage(`The step-through could not load: ${e instanceof Error ? e.message : e}`),
  );
  bindButtons();
  document.addEventListener('keydown', onKey);
  await lessons.readyFor(location.hash);
  scenes.openLink(location.hash);
  $('boot').hidden = true;
  requestAnimationFrame(frame);
  await stepThrough.settled?.(); // a link that opens the step-through: ready once it shows
  document.body.dataset.ready = '1';
  setTimeout(paints.warm, 500); // ready for Play: no frames waiting for the worker to start
}

// For tests and curious students: the live objects, read-only by convention.
/** @type {any} */ (window).backpropViz = {
  app,
  diagram,
  heatmaps,
  paints,
  points: () => renderer.points(),
  gradients: () => renderer.gradients(),
  stepSample: () => scenes.stepSample(),
  stepThrough: () => stepThrough.loaded?.() ?? stepThrough,
  lessons: () => lessons.loaded() ?? lessons,
};

window.addEventListener('error', (e) => reportBug(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => reportBug(e.reason));

main().catch((e) => {
  $('boot').hidden = true;
  showMessage(`The page could not start: ${e.message}`, [{ label: 'Reload', action: () => location.reload() }]);
});
