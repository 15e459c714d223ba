// @ts-check
// Scene files, loaded the first time one is opened, saved or shown by a lesson: import a scene,
// a lesson or a bare network file, export this screen as a scene, apply a checked scene.
// scene.js reads and writes the format; this module applies it to the page (scenes-ui.js keeps
// the links and the step-through's sample, which the first screen needs).

import { DATASETS, MAX_HIDDEN, MAX_NEURONS, PLAIN_FEATURES, normalize, trainerConfig } from './state.js';
import { isScene, makeScene, parseScene, sceneSettings } from './scene.js';
import { download, showMessage } from './ui.js';

/** A file larger than this is refused before it is read: a scene of the largest network the
 * page allows is about 300 KB. */
const MAX_FILE = 5 * 1024 * 1024;

/** JSON with sorted keys, to compare two configs whatever the order of their keys. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** @param {import('./state.js').App} app @param {any} hooks what scenes-ui.js passes on;
 * `lessons.shown(lesson)` tells the lessons that a scene file opened one (or none) */
export function createSceneFiles(
  app,
  { session, renderer, setPlaying, writeHash, openSteps, relayout, viewExtra, importCsv, lessons },
) {
  /** The page's choices that a network must fit; '' when it does. */
  function networkProblem(sizes, loss) {
    const out = sizes[sizes.length - 1];
    const m0 = app.settings.features.length;
    if (sizes[0] !== m0)
      return (
        `it has ${sizes[0]} inputs; the page's network takes ${m0}, ` +
        `one per input feature (${app.settings.features.join(', ')})`
      );
    if (sizes.length - 2 > MAX_HIDDEN) return `it has ${sizes.length - 2} hidden layers; at most ${MAX_HIDDEN}`;
    if (sizes.slice(1, -1).some((n) => n > MAX_NEURONS)) return `a hidden layer has more than ${MAX_NEURONS} neurons`;
    if (out > 5 || (loss === 'softmax_cross_entropy' && out < 2))
      return `its ${out} outputs with ${loss} fit no dataset here (1 to 5 outputs; softmax needs 2 or more)`;
    return '';
  }

  /** Opens a bare network file: the architecture follows it, then its weights are loaded. */
  function importNetwork(name, text) {
    let net;
    try {
      net = app.api.Network.fromJSON(text);
    } catch (e) {
      return showMessage(`${name} was not imported: ${e.message}`);
    }
    const sizes = Array.from(net.sizes()),
      loss = net.loss,
      acts = Array.from({ length: net.depth }, (_, j) => net.activation(j));
    const json = JSON.parse(net.toJSON());
    net.free();
    const problem = networkProblem(sizes, loss);
    if (problem) return showMessage(`${name} was not imported: ${problem}.`);
    const out = sizes[sizes.length - 1];
    const classes = loss === 'sum_of_squares' && out === 1 ? 2 : out;
    const fits =
      DATASETS.find((d) => d.id === app.settings.dataset && d.classes.includes(classes)) ||
      DATASETS.find((d) => d.classes.includes(classes));
    const next = {
      ...structuredClone(app.settings),
      dataset: fits.id,
      classes,
      loss,
      oneHot: loss === 'sum_of_squares' && out > 1,
      outputActivation: acts[acts.length - 1],
      hidden: sizes.slice(1, -1).map((n, j) => ({ neurons: n, activation: acts[j] })),
    };
    setPlaying(false);
    try {
      session.replace(next, json);
    } catch (e) {
      return showMessage(`${name} was not imported: ${e.message}`);
    }
    showMessage(`Imported the network in ${name}: ${sizes.join(' → ')}, ${loss.replaceAll('_', ' ')}.`, [], 'info');
  }

  /** Applies a checked scene: settings, weights, sample, view. Returns '' or a problem. */
  function applyScene(scene, { lesson = null } = {}) {
    const settings = normalize(sceneSettings(scene));
    const written = {
      ...scene.config,
      oneHot: !!scene.config.oneHot,
      features: scene.config.features ?? PLAIN_FEATURES,
    };
    if (canonical(trainerConfig(settings)) !== canonical(written)) {
      return 'its config is not one the page can show (check the loss, oneHot and the output activation)';
    }
    setPlaying(false);
    try {
      session.replace(settings, scene.network, '', scene.epoch ?? 0);
    } catch (e) {
      return e.message;
    }
    const s = scene.sample;
    if (s?.x) app.custom = { x: s.x, Y: s.Y };
    else if (s && s.index < renderer.points()[s.set === 'test' ? 'testLabels' : 'trainLabels'].length)
      app.selected = { set: s.set, index: s.index };
    app.lesson = lesson;
    relayout();
    if (scene.view.panel === 'steps')
      openSteps({ phase: scene.view.phase, step: scene.view.step, check: scene.view.check ?? undefined });
    writeHash();
    return '';
  }

  /** This screen as a scene (with the open lesson, if any). */
  function currentScene() {
    const net = app.trainer.network();
    const network = JSON.parse(net.toJSON());
    net.free();
    const extra = viewExtra();
    const sample = app.custom ? { x: app.custom.x, Y: app.custom.Y } : { ...app.selected };
    const check = extra.check ? extra.check.split(',').map(Number) : null;
    const view = extra.phase ? { panel: 'steps', phase: extra.phase, step: extra.step, check } : { panel: 'none' };
    return makeScene({
      config: trainerConfig(app.settings),
      settings: app.settings,
      network,
      sample,
      view,
      lesson: app.lesson?.file ?? null,
      epoch: app.trainer.epoch,
    });
  }

  function exportScene() {
    const scene = currentScene();
    const name = `${app.lesson ? app.lesson.lesson.id || 'lesson' : 'scene'}-${app.settings.dataset}-epoch-${scene.epoch}.json`;
    download(name, JSON.stringify(scene, null, 1));
  }

  async function importFile(file) {
    if (/\.csv$/i.test(file.name) || file.type === 'text/csv') return importCsv(file);
    if (file.size > MAX_FILE)
      return showMessage(
        `${file.name} was not imported: it is ${(file.size / 1048576).toFixed(1)} MB; a scene or network file is at most ${MAX_FILE / 1048576} MB.`,
      );
    const text = await file.text();
    let o;
    try {
      o = JSON.parse(text);
    } catch (e) {
      return showMessage(`${file.name} was not imported: it is not JSON (${e.message}).`);
    }
    if (!isScene(o)) return importNetwork(file.name, text);
    let scene;
    try {
      scene = parseScene(o);
    } catch (e) {
      return showMessage(`${file.name} was not imported: ${e.message}.`);
    }
    const lesson = scene.lesson ? { lesson: scene.lesson, index: null, file: o.lesson } : null;
    const problem = applyScene(scene, { lesson });
    if (problem) return showMessage(`${file.name} was not imported: ${problem}.`);
    lessons.shown(lesson);
    if (!lesson) showMessage(`Opened the scene in ${file.name}.`, [], 'info');
  }

  return { applyScene, currentScene, exportScene, importFile };
}
