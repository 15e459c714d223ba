// @ts-check
// Compare mode: a second run, B, on the same data with the same seeds, differing from the
// page's run A in one thing the student picks (the hidden activation, the loss, η, the initial
// weights, the depth). It trains in lockstep with A: every step A takes, B takes. Its boundary
// and gradient norms are drawn beside A's, and both loss curves share one chart.

import {
  ACTIVATIONS,
  ACTIVATION_NAMES,
  INITS,
  INIT_NAMES,
  LEARNING_RATES,
  hyper,
  normalize,
  trainerConfig,
  withPatch,
} from './state.js';
import { createHistory } from './charts.js';
import { createBoundary } from './boundary.js';
import { bytes } from './wasm.js';
import { cssColor, pictureStyle } from './theme.js';
import { short, percent } from './format.js';
import { showMessage } from './ui.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/** What B may differ in: its values, their names, and the settings with one of them. */
export const DIFFERS = {
  activation: {
    label: 'hidden activation',
    values: ACTIVATIONS,
    name: (v) => ACTIVATION_NAMES[v],
    apply: (s, v) => ({ ...s, hidden: s.hidden.map((h) => ({ ...h, activation: v })) }),
  },
  loss: {
    label: 'loss',
    values: ['sum_of_squares', 'softmax_cross_entropy'],
    name: (v) => (v === 'sum_of_squares' ? 'sum of squares' : 'softmax + cross-entropy'),
    apply: (s, v) => withPatch(s, { loss: v }),
  },
  lr: {
    label: 'learning rate η',
    values: LEARNING_RATES,
    name: (v) => `η = ${v}`,
    apply: (s, v) => ({ ...s, lr: v }),
  },
  init: { label: 'initial weights', values: INITS, name: (v) => INIT_NAMES[v], apply: (s, v) => ({ ...s, init: v }) },
  depth: {
    label: 'hidden layers',
    values: [0, 1, 2, 3, 4, 5, 6, 7, 8],
    name: (v) => `${v} hidden layer${v === 1 ? '' : 's'}`,
    apply: (s, v) => {
      const last = s.hidden.at(-1) ?? { neurons: 8, activation: 'relu' };
      return { ...s, hidden: Array.from({ length: v }, (_, i) => s.hidden[i] ?? { ...last }) };
    },
  },
};

/** The suggested first pairs: A's settings (a patch) and what B changes. */
export const PAIRS = [
  {
    label: 'ReLU vs sigmoid, 6 layers deep',
    a: { hidden: Array.from({ length: 6 }, () => ({ neurons: 8, activation: 'relu' })) },
    differ: 'activation',
    value: 'sigmoid',
  },
  {
    label: 'Sum of squares vs softmax, 3 classes',
    a: { dataset: 'blobs', classes: 3, loss: 'sum_of_squares', oneHot: true, outputActivation: 'linear' },
    differ: 'loss',
    value: 'softmax_cross_entropy',
  },
  { label: 'η = 0.03 vs 0.3', a: { lr: 0.03 }, differ: 'lr', value: 0.3 },
];

/** @param {import('./state.js').App} app @param {{changeArchitecture: Function, restart: Function}} hooks */
export function createCompare(app, { changeArchitecture, restart }) {
  /** @type {{differ: string, value: any, settings: any, trainer: any, history: any, diverged: boolean} | null} */
  let run = null;
  const boundary = createBoundary($('boundary-b'), { onPick() {}, onPlane: () => true });

  /** B's settings: A's with the one difference. */
  const settingsOf = (differ, value) => normalize(DIFFERS[differ].apply(structuredClone(app.settings), value));

  /** A new run B for A's current settings (A was rebuilt, or comparing starts). If B cannot
   * be built with them (softmax on a regression, say), comparing stops and the page says why;
   * run A is not held up. */
  function rebuild() {
    if (!run) return;
    run.trainer?.free();
    run.trainer = null;
    try {
      run.settings = settingsOf(run.differ, run.value);
      run.trainer = new app.api.Trainer(trainerConfig(run.settings));
    } catch (e) {
      run = null;
      show();
      return showMessage(`Run B cannot be trained with these settings, so comparing stopped: ${e.message}`);
    }
    run.trainer.setStyle(pictureStyle());
    run.history.clear();
    run.diverged = false;
    boundary.setPoints(run.trainer.points());
    record();
    show();
  }

  /** Starts comparing: A starts again from its initial weights (Replay), and B with it. */
  function start(differ, value) {
    run = { differ, value, settings: null, trainer: null, history: createHistory(), diverged: false };
    $('compare-panel').hidden = true;
    $('compare-open').setAttribute('aria-expanded', 'false');
    restart();
    app.dirty = true;
  }

  function stop() {
    run?.trainer?.free();
    run = null;
    show();
    app.dirty = true;
  }

  /** Lockstep: B trains what A just trained. */
  function train(unit, count) {
    if (!run || run.diverged) return;
    run.diverged = !run.trainer.train(unit, count);
    record();
  }

  /** A's hyper-parameters changed: B follows, but for the one it differs in. */
  function followHyper() {
    if (!run) return;
    const next = settingsOf(run.differ, run.value);
    run.trainer.setHyper(hyper(next));
    run.settings = next;
    run.diverged = false;
    show();
  }

  function record() {
    const m = run.trainer.metrics();
    const [pos, len] = run.trainer.epochProgress();
    const norms = Array.from({ length: run.settings.hidden.length + 1 }, (_, j) => run.trainer.gradientNorm(j));
    run.history.push(m.epoch + (len ? pos / len : 0), m.train.loss, m.test.loss, norms);
  }

  /** B's boundary and numbers (with the slow parts of a refresh). */
  function draw() {
    if (!run) return;
    const size = boundary.plotSize();
    const image = bytes(run.trainer.renderBoundary(size), size * size * 4);
    boundary.draw({
      image,
      size,
      showTest: app.settings.showTest,
      selected: null,
      foreground: cssColor('foreground'),
      background: cssColor('background'),
    });
    const m = run.trainer.metrics();
    const acc = Number.isNaN(m.test.accuracy) ? '' : `, accuracy ${percent(m.test.accuracy)}`;
    $('compare-metrics').textContent = run.diverged
      ? `Run B diverged at epoch ${run.trainer.epoch}: a weight or the loss became NaN or ∞.`
      : `Run B, epoch ${run.trainer.epoch}: test loss ${short(m.test.loss)}${acc}`;
  }

  /** The panel and the run B card for the current state. */
  function show() {
    $('compare').hidden = $('compare-a').hidden = !run;
    $('compare-open').setAttribute('aria-pressed', String(!!run));
    if (!run) return;
    const d = DIFFERS[run.differ];
    $('compare-a').textContent = `Run A: ${d.name(current(run.differ))}`;
    $('compare-what').textContent = `A: ${d.name(current(run.differ))} · B: ${d.name(run.value)}`;
    boundary.resize();
  }

  /** A's value of what B differs in. */
  function current(differ) {
    const s = app.settings;
    return { activation: s.hidden[0]?.activation, loss: s.loss, lr: s.lr, init: s.init, depth: s.hidden.length }[
      differ
    ];
  }

  function fillValues() {
    const d = DIFFERS[$('compare-differ').value];
    $('compare-value').replaceChildren(...d.values.map((v) => new Option(d.name(v), String(v))));
  }

  function bind() {
    $('compare-differ').replaceChildren(...Object.entries(DIFFERS).map(([id, d]) => new Option(d.label, id)));
    fillValues();
    $('compare-differ').onchange = fillValues;
    $('compare-open').onclick = () => {
      $('compare-panel').hidden = !$('compare-panel').hidden;
      $('compare-open').setAttribute('aria-expanded', String(!$('compare-panel').hidden));
    };
    $('compare-start').onclick = () => {
      const differ = $('compare-differ').value;
      const raw = $('compare-value').value;
      start(differ, typeof DIFFERS[differ].values[0] === 'number' ? Number(raw) : raw);
    };
    $('compare-stop').onclick = stop;
    $('compare-pairs').replaceChildren(
      ...PAIRS.map((p) => {
        const b = Object.assign(document.createElement('button'), { type: 'button', textContent: p.label });
        b.onclick = () => {
          // The pair's settings win over the rules a control's change follows.
          changeArchitecture(normalize({ ...withPatch(app.settings, p.a), ...p.a }), `the pair “${p.label}”`);
          start(p.differ, p.value);
        };
        return b;
      }),
    );
  }

  return {
    bind,
    rebuild,
    train,
    followHyper,
    draw,
    history: () => run?.history ?? null,
    /** For tests: B's trainer and settings, or null. */
    state: () => (run ? { trainer: run.trainer, settings: run.settings, differ: run.differ, value: run.value } : null),
  };
}
