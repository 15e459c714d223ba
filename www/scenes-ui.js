// @ts-check
// Scenes on the page: export this screen as a scene file, import a scene, a lesson or a bare
// network file, copy a link with the exact weights, open a link, and the sample that the
// step-through uses (a data point, or one the teacher typed). scene.js reads and writes the
// format; this module applies it.

import { DATASETS, MAX_HIDDEN, MAX_NEURONS, PLAIN_FEATURES, defaults, normalize, trainerConfig } from './state.js';
import { MAX_LINK, decodeParameters, encodeParameters, fromHash, toHash } from './url.js';
import { isScene, makeScene, parseScene, sceneSettings } from './scene.js';
import { download, hideMessage, notice, showMessage } from './ui.js';
import { replayRun } from './replay.js';

const $ = (id) => document.getElementById(id);
/** A file larger than this is refused before it is read: a scene of the largest network the
 * page allows is about 300 KB. */
const MAX_FILE = 5 * 1024 * 1024;

/** Every weight and bias of a parsed network JSON, w^j row-major then b^j, layer by layer. */
const flatten = (net) => net.layers.flatMap((l) => [...l.w.flat(), ...l.b]);

/** The network JSON of the page's architecture with the given flat parameters. */
function unflatten(sizes, activations, loss, values) {
  let k = 0;
  const take = (n) => Array.from(values.slice(k, (k += n)));
  const layers = activations.map((activation, j) => {
    const [m, n] = [sizes[j], sizes[j + 1]];
    const w = Array.from({ length: m }, () => take(n));
    return { activation, w, b: take(n) };
  });
  return { loss, layers };
}

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

/** @param {import('./state.js').App} app @param {any} hooks */
export function createScenes(
  app,
  { session, renderer, setPlaying, writeHash, openSteps, relayout, viewExtra, importCsv },
) {
  /** Until the lessons attach (`lessonHooks`). */
  let lessons = { openById: (/** @type {string} */ _id) => false, shown(/** @type {object | null} */ _lesson) {} };
  const activations = () => [...app.settings.hidden.map((h) => h.activation), app.settings.outputActivation];

  /** x^0 of a plane point: its features (x itself unless features are on; a typed sample
   * of an imported network with other inputs is taken as it is). */
  const inputsAt = (x) => (x.length === 2 ? Array.from(app.trainer.inputsAt(x[0], x[1])) : x);

  /** The sample the step-through shows: the typed one, else the picked point with its Y; `x`
   * is the network's input x^0 (the point's features), `at` the point. */
  function stepSample() {
    if (app.custom) return { x: inputsAt(app.custom.x), at: app.custom.x, Y: app.custom.Y, label: null };
    const { x, label } = renderer.selectedPoint();
    const Y = Array.from(app.trainer.target(label));
    const smp = { x: inputsAt(x), at: x, Y };
    // A regression's point has a value, not a class.
    return app.trainer.classes === 1 ? { ...smp, label: null, regression: true } : { ...smp, label };
  }

  /** Sets (or with null clears) the typed sample; returns wasm's message if it cannot be used. */
  function setCustom(smp) {
    if (smp) {
      const net = app.trainer.network();
      try {
        net.stepper(Float64Array.from(inputsAt(smp.x)), Float64Array.from(smp.Y)).free();
      } catch (e) {
        return e.message;
      } finally {
        net.free();
      }
    }
    app.custom = smp ? { x: [...smp.x], Y: [...smp.Y] } : null;
    app.dirty = true;
    writeHash();
    return '';
  }

  /** Loads a parsed network JSON into the live trainer; throws with wasm's message. */
  function loadNetwork(json) {
    const net = app.api.Network.fromJSON(JSON.stringify(json));
    try {
      app.trainer.setNetwork(net);
    } finally {
      net.free();
    }
    app.dirty = true;
  }

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

  /** A link to this scene with its exact weights, or (when the run is replayable) a replay
   * link, which retrains the run when opened: short whatever the network. Too long a link is
   * not offered. */
  function shareLink() {
    const net = app.trainer.network();
    const values = flatten(JSON.parse(net.toJSON()));
    net.free();
    const exact = toHash(app.settings, { ...viewExtra(), net: encodeParameters(values), epoch: app.trainer.epoch });
    const updates = app.trainer.replayUpdates;
    const replay = updates === undefined ? null : toHash(app.settings, { ...viewExtra(), replay: updates });
    const replayText = (extra = '') =>
      `A replay link to this scene (${replay?.length} characters): opening it retrains this run, ` +
      `${updates} batch updates to epoch ${app.trainer.epoch}, to the same weights${extra}.`;
    const offerReplay =
      replay && replay.length <= MAX_LINK
        ? [{ label: 'A replay link instead', action: () => offer(replay, replayText(), 'a replay link') }]
        : [];
    if (exact.length <= MAX_LINK)
      return offer(
        exact,
        `A link to this scene, weights included (${exact.length} characters):`,
        'a link to this scene, weights included',
        offerReplay,
      );
    if (offerReplay.length)
      return offer(
        replay,
        replayText(` (with the weights, a link would be ${exact.length} characters)`),
        'a replay link',
      );
    showMessage(
      `A link to this scene would be ${exact.length} characters (its ${values.length} weights and biases${ownCount()}), ` +
        `too long to share safely${updates === undefined ? NOT_REPLAYABLE : ''}. Use Export scene and share the file.`,
      [
        {
          label: 'Export scene',
          action: () => {
            hideMessage();
            exportScene();
          },
        },
      ],
      'info',
    );
  }

  const NOT_REPLAYABLE = ', and the run cannot be replayed (it was not whole batches with these settings)';
  const ownCount = () => (app.settings.dataset === 'own' ? ` and ${app.settings.own.length} points` : '');

  /** Shows `hash` as a link to copy (and copies it) under `text`; the notice says `what`. */
  function offer(hash, text, what, actions = []) {
    const link = `${location.href.split('#')[0]}${hash}`;
    navigator.clipboard?.writeText(link).then(
      () => notice(`Copied ${what}.`),
      () => {},
    );
    showMessage(text, actions, 'info');
    const field = document.createElement('input');
    field.className = 'link-field';
    field.readOnly = true;
    field.value = link;
    field.setAttribute('aria-label', 'Link to this scene');
    $('message').insertBefore(field, $('message').lastChild);
    field.select();
  }

  /** After a link's settings are built: its weights, sample, typed sample and open step. */
  function applyLinkExtras(extra, errors) {
    errors = errors ?? [];
    if (extra.net) {
      const sizes = renderer.sizes();
      const count = sizes.slice(1).reduce((a, n, j) => a + sizes[j] * n + n, 0);
      const values = decodeParameters(extra.net, count);
      try {
        if (!values) throw new Error(`they are not ${count} finite numbers, as this architecture needs`);
        loadNetwork(unflatten(sizes, activations(), app.settings.loss, values));
        if (extra.epoch) app.trainer.setEpoch(extra.epoch);
        // The history so far is the initial weights': it starts again from these.
        app.history.clear();
        renderer.recordHistory();
      } catch (e) {
        errors.push(`net (the weights: ${e.message})`);
      }
    }
    if (extra.replay !== undefined) replayLink(extra, errors);
    const labels = renderer.points()[extra.set === 'test' ? 'testLabels' : 'trainLabels'];
    if (extra.sample !== undefined && extra.sample < labels.length)
      app.selected = { set: extra.set ?? 'train', index: extra.sample };
    if (extra.cx && extra.cy) {
      const problem = setCustom({ x: extra.cx, Y: extra.cy });
      if (problem) errors.push(`cx, cy (${problem})`);
    }
    if (extra.step !== undefined || extra.phase) openSteps(extra);
  }

  /** A replay link: the new session trains the link's count of batches. */
  function replayLink(extra, errors) {
    if (extra.net) return errors.push('replay (a link has the weights or a replay, not both)');
    const start = performance.now();
    const problem = replayRun(app.trainer, extra.replay, () => renderer.recordHistory());
    if (problem) return errors.push(`replay (${problem})`);
    const ms = Math.round(performance.now() - start);
    notice(`Replayed the run: ${extra.replay} batch updates, to epoch ${app.trainer.epoch}, in ${ms} ms.`);
  }

  /** Opens a link: the settings it names, then its extras; a lesson link opens the lesson. */
  function openLink(hash) {
    app.holdHash = true;
    try {
      openLinkParts(hash);
    } finally {
      app.holdHash = false;
    }
    writeHash();
  }

  function openLinkParts(hash) {
    const { settings, extra, errors } = fromHash(hash);
    if (extra.lesson && lessons.openById(extra.lesson)) return;
    if (extra.lesson) errors.push(`lesson=${extra.lesson} (no such lesson)`);
    app.lesson = null;
    lessons.shown(null);
    setPlaying(false);
    if (!session.rebuild('', settings) && !app.trainer) session.rebuild('', defaults());
    applyLinkExtras(extra, errors);
    if (errors.length)
      showMessage(`Some parts of the link could not be used and were left at their defaults: ${errors.join('; ')}.`);
  }

  function bind() {
    $('export').onclick = exportScene;
    $('share').onclick = shareLink;
    $('import').onchange = (e) => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      const f = input.files[0];
      input.value = '';
      if (f) importFile(f).catch((err) => showMessage(`${f.name} was not imported: ${err.message}`));
    };
  }

  return {
    stepSample,
    setCustom,
    applyScene,
    currentScene,
    exportScene,
    importFile,
    shareLink,
    openLink,
    bind,
    /** The lessons' hooks: open a built-in lesson by id; a lesson was shown (or null: none). */
    useLessons(hooks) {
      lessons = hooks;
    },
  };
}
