// @ts-check
// Scenes on the page: copy a link with the exact weights, open a link, and the sample that the
// step-through uses (a data point, or one the teacher typed). The scene files (import, export,
// a lesson's scene) are scene-files.js, loaded the first time one is needed (`files`).

import { defaults } from './state.js';
import { MAX_LINK, decodeParameters, encodeParameters, fromHash, toHash } from './url.js';
import { closeEditor, hideMessage, notice, showMessage } from './ui.js';
import { replayRun } from './replay.js';

const $ = (id) => document.getElementById(id);
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
    closeEditor();
    app.dirty = true;
  }

  /** The scene files' part, loaded once (on the first import, export or lesson). */
  let loadingFiles = null;
  const files = () =>
    (loadingFiles ??= import('./scene-files.js').then(
      (m) =>
        m.createSceneFiles(app, {
          session,
          renderer,
          setPlaying,
          writeHash,
          openSteps,
          relayout,
          viewExtra,
          importCsv,
          lessons: { shown: (lesson) => lessons.shown(lesson) },
        }),
      (e) => {
        loadingFiles = null; // a later try loads it again
        throw e;
      },
    ));
  const exportScene = () =>
    files().then(
      (f) => f.exportScene(),
      (e) => showMessage(`The scene could not be exported: ${e.message}`),
    );
  const importFile = async (file) => (await files()).importFile(file);

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
    files,
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
