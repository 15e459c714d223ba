// @ts-check
// The student's own points: a click on the plane adds one of the chosen class, Shift+click
// (or the "removes" mode) takes the nearest away, Clear empties the plane; CSV in and out.
// Points are `[x1, x2, target]` (a class, or a regression's Y) in `app.settings.own`; the
// trainer takes them without losing its weights (`Trainer.setPoints`), so a point added while
// playing trains at once.

import { MAX_POINTS, withPatch } from './state.js';
import { CLASS_COLORS, CLASS_NAMES } from './theme.js';
import { download, notice, paintColors, showMessage } from './ui.js';

const $ = (id) => document.getElementById(id);
/** A CSV of 5000 points is about 150 KB; a larger file is refused before it is read. */
const MAX_CSV = 1024 * 1024;
/** What a click on the plane does. */
const MODES = [
  { id: 'add', label: '+ adds' },
  { id: 'remove', label: '− removes' },
  { id: 'pick', label: 'picks a sample' },
];

/** A plane coordinate as the page stores a clicked point: 2 decimals, a hundredth of a unit
 * (a third of a pixel at the usual size), so that links stay short. */
const round2 = (v) => Math.round(v * 100) / 100;

/** Triples from the wasm's flat list [x1, x2, label, …]. */
export function triples(flat) {
  const out = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push([flat[i], flat[i + 1], flat[i + 2]]);
  return out;
}

/** Every point of a trainer's dataset (training then test) as triples x1, x2, target. */
export function allPoints(p) {
  const take = (xs, targets) => Array.from(targets, (t, i) => [xs[2 * i], xs[2 * i + 1], t]);
  return [...take(p.train, p.trainTargets), ...take(p.test, p.testTargets)];
}

/** @param {import('./state.js').App} app @param {any} hooks */
export function createOwnData(app, { renderer, boundary, stepThrough, writeHash, changeArchitecture }) {
  let mode = 'add';
  let label = 1;
  /** The target Y of a new point of a regression (K = 1). */
  let value = 0.5;
  const own = () => app.settings.dataset === 'own';
  const regression = () => app.settings.classes === 1;

  /** After points were added, removed or imported: the same network, new data. */
  function pointsChanged() {
    renderer.forget();
    const n = renderer.points().trainLabels.length;
    app.selected = { set: 'train', index: Math.max(0, Math.min(app.selected.index, n - 1)) };
    boundary.setPoints(renderer.points());
    show();
    stepThrough().reset();
    writeHash();
    app.dirty = true;
  }

  /** Gives the trainer `points` (keeping its weights); false, with a message, if it refuses. */
  function setPoints(points, what) {
    try {
      app.trainer.setPoints(Float64Array.from(points.flat()));
    } catch (e) {
      showMessage(`The points were not changed: ${e.message}`);
      return false;
    }
    app.settings.own = points;
    pointsChanged();
    if (what) notice(what);
    return true;
  }

  /** A click on the plane at `x` (plane units; `near` is the nearest point within reach):
   * returns true when it was a drawing click, which then picks no sample. */
  function onPlane({ x, inside, near, shift }) {
    if (!own() || mode === 'pick' || !inside) return false;
    const points = app.settings.own;
    if (shift || mode === 'remove') {
      if (near?.set === 'train') setPoints(points.toSpliced(near.index, 1));
      return true;
    }
    if (points.length >= MAX_POINTS) {
      showMessage(`The plane holds at most ${MAX_POINTS} points; Shift+click one to remove it first.`);
      return true;
    }
    setPoints([...points, [round2(x[0]), round2(x[1]), regression() ? value : label]]);
    return true;
  }

  function clear() {
    const n = app.settings.own.length;
    if (n) setPoints([], `Cleared ${n} point${n === 1 ? '' : 's'}: click on the plane to add new ones.`);
  }

  /** The chosen dataset's points as the start of the student's own (`patch` for a control). */
  function startFrom(patch) {
    const points = allPoints(renderer.points()).map(([a, b, t]) => [round2(a), round2(b), t]);
    return { ...patch, own: points, classes: app.settings.classes };
  }

  function importCsv(name, text) {
    let parsed;
    try {
      parsed = app.api.pointsFromCsv(text);
    } catch (e) {
      return showMessage(`${name} was not imported: ${e.message}. Nothing was changed.`);
    }
    const points = triples(parsed.points);
    const what = `${points.length} point${points.length === 1 ? '' : 's'} from ${name}`;
    const fits = (parsed.classes === 1) === regression() && parsed.classes <= app.settings.classes;
    if (own() && fits) setPoints(points, `Imported ${what}.`);
    else changeArchitecture(withPatch(app.settings, { dataset: 'own', own: points, classes: parsed.classes }), what);
  }

  async function importFile(file) {
    if (file.size > MAX_CSV)
      return showMessage(
        `${file.name} was not imported: it is ${(file.size / 1048576).toFixed(1)} MB; a CSV is at most 1 MB.`,
      );
    importCsv(file.name, await file.text());
  }

  function exportCsv() {
    const points = own() ? app.settings.own : allPoints(renderer.points());
    const csv = app.api.pointsToCsv(Float64Array.from(points.flat()), app.settings.classes);
    download(`points-${app.settings.dataset}.csv`, csv, 'text/csv');
  }

  /** The toolbar for the settings: shown for own data, with one swatch per class. */
  function show() {
    const box = $('own-data');
    box.hidden = !own();
    if (box.hidden) return $('boundary').classList.remove('drawing');
    label = Math.min(label, app.settings.classes - 1);
    if (regression()) $('own-classes').replaceChildren(...valueInput());
    else $('own-classes').replaceChildren(...CLASS_COLORS.slice(0, app.settings.classes).map(swatch));
    paintColors($('own-classes'));
    for (const b of $('own-mode').querySelectorAll('button'))
      b.setAttribute('aria-checked', String(b.dataset.mode === mode));
    $('boundary').classList.toggle('drawing', mode !== 'pick');
    const n = app.settings.own.length;
    $('own-count').textContent = `${n} point${n === 1 ? '' : 's'}, all for training. Shift+click removes the nearest.`;
    const point = regression() ? `a point of Y = ${value}` : `a ${CLASS_NAMES[label]} point`;
    const hints = {
      pick: 'Click a point to back-propagate it: its gradients fill the heatmaps under the network.',
      add: `Click to add ${point}; Shift+click removes the nearest.`,
      remove: 'Click to remove the nearest point.',
    };
    $('pick-hint').textContent = hints[mode];
  }

  /** A regression's new-point value: a slider from −1 to 1 and its number. */
  function valueInput() {
    const input = Object.assign(document.createElement('input'), { type: 'range', min: -1, max: 1, step: 0.1 });
    input.value = String(value);
    input.id = 'own-value';
    input.setAttribute('aria-label', 'Target Y of a new point');
    const out = Object.assign(document.createElement('output'), { value: `Y = ${value}` });
    input.oninput = () => {
      value = Number(input.value);
      out.value = `Y = ${value}`;
      mode = 'add';
    };
    input.onchange = show;
    return [input, out];
  }

  function swatch(color, k) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'swatch';
    b.dataset.color = color;
    b.dataset.label = String(k);
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-checked', String(k === label));
    b.setAttribute('aria-label', `new points are ${CLASS_NAMES[k]} (class ${k})`);
    b.title = `Class ${k}: ${CLASS_NAMES[k]}`;
    return b;
  }

  function bind() {
    $('own-mode').replaceChildren(
      ...MODES.map(({ id, label: text }) => {
        const b = document.createElement('button');
        Object.assign(b, { type: 'button', textContent: text });
        b.dataset.mode = id;
        b.setAttribute('role', 'radio');
        return b;
      }),
    );
    /** The button a click landed on. */
    const button = (e) => /** @type {HTMLElement} */ (e.target).closest('button');
    $('own-mode').onclick = (e) => {
      const b = button(e);
      if (b) ((mode = b.dataset.mode), show());
    };
    $('own-classes').onclick = (e) => {
      const b = button(e);
      if (b) ((label = Number(b.dataset.label)), (mode = 'add'), show());
    };
    $('own-clear').onclick = clear;
    $('own-export').onclick = exportCsv;
    $('own-import').onchange = (e) => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      const file = input.files?.[0];
      input.value = '';
      if (file) importFile(file);
    };
  }

  return { bind, show, onPlane, startFrom, importFile, exportCsv };
}
