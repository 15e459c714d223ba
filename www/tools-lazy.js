// @ts-check
// Export, compare and record, loaded the first time their button is pressed: their code
// (export.js, compare.js, record.js) is not part of the first screen. Until then each button
// has a stand-in that loads the tool, lets it bind its own buttons, and hands the press on to
// it. The pointer over a button, or the focus on it, starts the load.

/**
 * Makes the first press of button `id` load a tool: `fetch` imports its module (once),
 * `create` makes the tool, which binds its own handler to the button in place of this one,
 * and the press is then repeated for it. A failed load is reported; the next press tries
 * again.
 * @param {string} id
 * @param {() => Promise<any>} fetch
 * @param {(module: any) => void} create
 * @param {(e: unknown) => void} onError
 */
function onFirstPress(id, fetch, create, onError) {
  const button = /** @type {HTMLElement} */ (document.getElementById(id));
  /** @type {Promise<any> | null} */
  let module = null;
  const load = () => (module ??= fetch().catch((e) => ((module = null), Promise.reject(e))));
  for (const type of ['pointerenter', 'focus']) button.addEventListener(type, () => load().catch(() => {}));
  let made = false;
  button.onclick = () =>
    load().then((m) => {
      if (made) return; // pressed twice while it loaded: one tool, one press
      made = true;
      create(m);
      button.click();
    }, onError);
}

/**
 * @param {import('./state.js').App} app
 * @param {{renderer: any, heatmaps: any, changeArchitecture: Function, restart: Function}} deps
 *   what the tools take
 * @param {(e: unknown) => void} onError a failed load (the page says so)
 */
export function lazyTools(app, { renderer, heatmaps, changeArchitecture, restart }, onError) {
  /** @type {{fillLayers: (layers: number) => void} | null} */
  let exporter = null;
  const layers = () => renderer.sizes().length - 1;
  onFirstPress(
    'export-open',
    () => import('./export.js'),
    (m) => {
      const tool = m.createExport(app, renderer, heatmaps);
      tool.fillLayers(layers());
      tool.bind();
      exporter = tool;
    },
    onError,
  );
  onFirstPress(
    'compare-open',
    () => import('./compare.js'),
    (m) => {
      const tool = m.createCompare(app, { changeArchitecture, restart });
      tool.bind();
      app.compare = tool;
    },
    onError,
  );
  onFirstPress(
    'record',
    () => import('./record.js'),
    (m) => m.createRecorder().bind(),
    onError,
  );
  return {
    /** The export panel's list of layers, once it is loaded (it fills the list as it loads). */
    fillLayers: () => exporter?.fillLayers(layers()),
  };
}
