// @ts-check
// The lessons, loaded the first time they are needed: the Lessons button or L, a link that
// names a lesson, or a lesson file. Their texts and card (lessons.js, lesson-view.js,
// lessons-ui.js) are not part of the first screen, nor the scene files that open a lesson
// (scene-files.js, loaded with them). Until then this stand-in opens no lesson
// and hides none; a link that names one waits for them (`readyFor`).

/** A link that names a lesson. */
const LESSON_LINK = /(^|[#&])lesson=/;

/** @param {import('./state.js').App} app @param {any} deps what `createLessons` takes
 * @param {(e: unknown) => void} onError a failed load (the page says so) */
export function lazyLessons(app, deps, onError) {
  /** @type {any} */
  let real = null;
  /** @type {Promise<any> | null} */
  let loading = null;
  const opener = /** @type {HTMLElement} */ (document.getElementById('open-lessons'));

  /** Loads them; they then take the Lessons button and the scenes' hooks themselves. */
  function load() {
    loading ??= Promise.all([import('./lessons-ui.js'), deps.scenes.files()]).then(
      ([m, sceneFiles]) => {
        real = m.createLessons(app, { ...deps, sceneFiles });
        opener.removeEventListener('click', menu);
        return real;
      },
      (e) => {
        loading = null; // a later click tries again
        onError(e);
        throw e;
      },
    );
    return loading;
  }

  /** Opens the Lessons menu, loading them first if need be. */
  function menu() {
    if (real) return real.menu();
    load().then(
      (r) => r.menu(),
      () => {},
    );
  }

  opener.addEventListener('click', menu);
  deps.scenes.useLessons({
    openById: () => false, // a link that names a lesson loads them first (readyFor)
    shown: (lesson) =>
      lesson &&
      load().then(
        (r) => r.shown(lesson),
        () => {},
      ),
  });

  return {
    menu,
    load,
    /** Resolves once the lessons are loaded if `hash` names one (opening it needs them). */
    readyFor: async (hash) =>
      LESSON_LINK.test(hash)
        ? load().then(
            () => {},
            () => {},
          )
        : undefined,
    /** The real lessons once loaded, else null (for tests). */
    loaded: () => real,
  };
}
