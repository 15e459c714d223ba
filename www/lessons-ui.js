// @ts-check
// The lessons on the page: opening a built-in lesson applies its scene and shows its card;
// its "try this" buttons change the settings; a lesson file opens through the scene import.

import { LESSONS, lessonIndex } from './lessons.js';
import { createLessonView } from './lesson-view.js';
import { defaults, normalize, trainerConfig } from './state.js';
import { showMessage } from './ui.js';

const $ = (id) => document.getElementById(id);
const PAGE_KEYS = ['showTest', 'unit', 'speed', 'scale', 'gradView'];

/** @param {import('./state.js').App} app @param {any} hooks */
export function createLessons(app, { scenes, sceneFiles, session, setPlaying, writeHash }) {
  /** The scene a built-in lesson describes: its settings over the defaults, its network (or
   * the one its config draws, with its edits), its sample and its view. */
  function lessonScene(lesson) {
    const settings = normalize({ ...defaults(), ...structuredClone(lesson.settings) });
    const config = trainerConfig(settings);
    let network = lesson.network;
    if (!network) {
      const t = new app.api.Trainer(config);
      const net = t.network();
      network = JSON.parse(net.toJSON());
      net.free();
      t.free();
      for (const e of lesson.edits ?? []) {
        if (e.b !== undefined) network.layers[e.j].b[e.n] = e.b;
        else network.layers[e.j].w[e.m][e.n] = e.w;
      }
    }
    const page = Object.fromEntries(PAGE_KEYS.map((k) => [k, settings[k]]));
    return { config, page, network, sample: lesson.sample ?? null, view: lesson.view ?? { panel: 'none' } };
  }

  function open(index) {
    const lesson = LESSONS[index];
    if (!lesson) return false;
    const shown = { ...lesson, builtIn: true };
    view.show(shown, index); // first, so that a step-through opened by the scene can quote it
    const problem = sceneFiles.applyScene(lessonScene(lesson), { lesson: { lesson: shown, index } });
    if (problem) {
      view.hide();
      showMessage(`Lesson ${index + 1} could not be opened: ${problem}`);
      return false;
    }
    return true;
  }

  /** A lesson's "try this" change: view settings in place, the rest through the session. */
  function tryIt(patch) {
    setPlaying(false);
    const hyperKeys = ['lr', 'batch', 'reg', 'regRate'];
    const keys = Object.keys(patch);
    if (keys.every((k) => hyperKeys.includes(k) || PAGE_KEYS.includes(k))) {
      Object.assign(
        app.settings,
        Object.fromEntries(keys.filter((k) => PAGE_KEYS.includes(k)).map((k) => [k, patch[k]])),
      );
      app.dirty = true; // a view setting shows at once
      session.changeHyper(Object.fromEntries(keys.filter((k) => hyperKeys.includes(k)).map((k) => [k, patch[k]])));
      return;
    }
    const next = { ...structuredClone(app.settings), ...structuredClone(patch) };
    if (patch.loss && patch.loss !== 'softmax_cross_entropy') next.outputActivation = 'linear';
    session.rebuild("the lesson's change", next);
  }

  function close() {
    app.lesson = null;
    view.hide();
    writeHash();
  }

  const view = createLessonView($('lesson'), $('lesson-menu'), $('open-lessons'), LESSONS, {
    open,
    tryIt,
    close,
    importFile: () => $('import').click(),
  });

  /** A lesson was shown by a scene (or null: none). */
  function shown(lesson) {
    if (!lesson) return view.hide();
    view.show(lesson.lesson, lesson.index);
  }

  scenes.useLessons({ openById: (id) => lessonIndex(id) >= 0 && open(lessonIndex(id)), shown });

  return { open, close, shown, menu: () => view.showMenu(), count: LESSONS.length, ids: LESSONS.map((l) => l.id) };
}
