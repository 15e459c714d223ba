// @ts-check
// The step-through, loaded the first time it is opened: stepthrough.js and what only it uses
// (the steps, the MathML, the gradient check, the sample form) are not part of the first
// screen. Until then this stand-in has nothing to reset and adds nothing to the link; while it
// loads, the panel opens at once where it will stand, saying so, and the keys that move through
// the steps wait for it (B then → at once moves a step); once loaded it hands every call to the
// real one. The pointer over the Step-through button, or the focus on it, starts the load, of
// the modules and of the stylesheets (sheets.js).

import { reveal, unplace } from './stepthrough-place.js';
import { enableSheets } from './sheets.js';

/** @typedef {import('./stepthrough.js').StepThroughLike} StepThroughLike */

/** The keys the open step-through takes (stepthrough.js's `key`). */
const STEP_KEYS = ['ArrowRight', 'ArrowLeft', 'Home', 'End', 'Escape'];

/** @param {HTMLElement} root @param {object} deps what `createStepThrough` takes
 * @param {(e: unknown) => void} onError a failed load (the page reports it) */
export function lazyStepThrough(root, deps, onError) {
  /** @type {(StepThroughLike & {state: () => object}) | null} */
  let real = null;
  /** @type {Promise<StepThroughLike> | null} */
  let loading = null;

  /** The module, fetched once (on the button's hover or focus, or the first opening). */
  let module = null;
  const fetchModule = () =>
    (module ??= Promise.all([import('./stepthrough.js'), enableSheets('stepthrough')])
      .then(([m]) => m)
      .catch((e) => ((module = null), Promise.reject(e))));
  const opener = document.getElementById('open-steps');
  for (const type of ['pointerenter', 'focus']) opener?.addEventListener(type, () => fetchModule().catch(() => {}));

  function load() {
    loading ??= fetchModule().then((m) => (real = m.createStepThrough(root, deps)));
    return loading;
  }

  /** The panel open where it will stand, saying that it loads: the click's response. */
  function showLoading() {
    const p = document.createElement('p');
    p.className = 'st-loading';
    p.setAttribute('role', 'status');
    p.textContent = 'Loading the step-through…';
    root.replaceChildren(p);
    root.hidden = false;
    reveal(root);
  }

  /** A load that failed: the panel closes again (the page says why). */
  function hideLoading() {
    root.hidden = true;
    root.replaceChildren();
    unplace(root);
  }

  /** Keys pressed while it loads to open, for it to take once open. @type {KeyboardEvent[]} */
  let queued = [];

  /** Holds a step key pressed while the step-through loads to open; true if held. */
  function hold(e) {
    if (!loading || e.altKey || e.ctrlKey || e.metaKey || !STEP_KEYS.includes(e.key)) return false;
    e.preventDefault();
    queued.push(e);
    return true;
  }

  /** Opens the real one, then gives it the keys pressed meanwhile. */
  function openLoaded(r, view) {
    r.open(view);
    for (const e of queued) r.key(e);
    queued = [];
  }

  return {
    reset: () => real?.reset(),
    hashExtra: () => real?.hashExtra() ?? {},
    samplePicked: (sel) => real?.samplePicked(sel),
    key: (e) => (real ? real.key(e) : hold(e)),
    pickWeight: (j, m, n) => real?.pickWeight?.(j, m, n) ?? false,
    /** Opens it, loading it first if need be. @param {object} view */
    open(view) {
      if (real) return real.open(view);
      showLoading();
      load().then(
        (r) => openLoaded(r, view),
        (e) => {
          loading = null; // a later click tries again
          queued = [];
          hideLoading();
          onError(e);
        },
      );
    },
    /** Resolves once a load in flight is over (the page is ready when a link's view is shown). */
    settled: () =>
      (loading ?? Promise.resolve()).then(
        () => {},
        () => {},
      ),
    /** The real step-through once loaded, else null (for tests). */
    loaded: () => real,
    /** Its state for tests: closed until loaded. */
    state: () => real?.state() ?? { frame: 0, frames: null, check: null },
  };
}
