// @ts-check
// The main thread's side of the paint worker (paint-worker.js). While the page plays, each
// frame asks the worker to paint the current parameters unless it is still busy with an
// earlier request, and shows the newest images it has sent back: the boundary at full
// resolution and the neuron tiles cost the main thread only a copy of the parameters and two
// `putImageData`. Results for an older network are dropped. If the worker cannot start or
// fails, `ready()` turns false and the page paints on the main thread (render.js's bands).

const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The images and what they are of: the sizes and the parameters.
 * @typedef {{boundary: Uint8ClampedArray, tiles: Uint8ClampedArray, size: number, tile: number,
 *   parameters: Float64Array}} Painted */

/** @param {() => Worker | null} start starts the worker, on first use
 * @param {() => void} onPainted called when new images arrive */
export function createPaintClient(start, onPainted) {
  /** @type {Worker | null} */
  let worker = null;
  let lastId = 0;
  /** The request in flight (its id), if any. */
  let waiting = 0;
  /** @type {Painted | null} */
  let latest = null;
  /** What the last request asked for, to check the answer against. */
  let asked = { size: 0, tile: 0, parameters: new Float64Array(0) };
  let failed = false;
  /** How many answers have arrived (for tests and the benchmark). */
  let received = 0;

  function fail(why) {
    if (failed) return;
    failed = true;
    worker?.terminate();
    console.warn(`the paint worker stopped (${why}); painting on the main thread`);
  }

  function receive({ data }) {
    if (data.id !== waiting) return; // an answer for an older network
    waiting = 0;
    if (data.error) return fail(data.error);
    latest = { boundary: data.boundary, tiles: data.tiles, ...asked };
    received++;
    onPainted();
  }

  /** The worker, started on first use; null if it cannot start. */
  function started() {
    if (!worker && !failed) {
      worker = start();
      if (!worker) fail('no worker');
      else {
        worker.onmessage = receive;
        worker.onerror = (e) => fail(e.message || 'an error');
      }
    }
    return failed ? null : worker;
  }

  /** A new network (after an architecture change): what is in flight or painted is stale. */
  function setNetwork(json, style, features) {
    latest = null;
    waiting = 0;
    started()?.postMessage({ kind: 'network', json, style, features });
  }

  /** New colours (the theme): the painted images are stale. */
  function setStyle(style) {
    latest = null;
    waiting = 0;
    started()?.postMessage({ kind: 'style', style });
  }

  /** Asks for the pictures of `parameters` (transferred), unless a request is in flight. */
  function request(parameters, size, tile, count) {
    if (waiting || !started()) return;
    waiting = ++lastId;
    asked = { size, tile, parameters: parameters.slice() }; // the original is transferred
    worker?.postMessage({ kind: 'paint', id: waiting, parameters, size, tile, count }, [parameters.buffer]);
  }

  return {
    /** Starts the worker ahead of its first request (it instantiates its wasm meanwhile). */
    warm: () => void started(),
    setNetwork,
    setStyle,
    request,
    ready: () => !failed,
    /** Whether a request would be sent now (none in flight, and the worker works). */
    idle: () => !failed && !waiting,
    received: () => received,
    /** The newest images, if they have these sizes (and are of exactly these parameters, if
     * given). @param {number} size @param {number} tile @param {Float64Array | null} [parameters]
     * @returns {Painted | null} */
    latest(size, tile, parameters = null) {
      if (!latest || latest.size !== size || latest.tile !== tile) return null;
      if (parameters && !same(parameters, latest.parameters)) return null;
      return latest;
    },
    /** Forgets the painted images (the weights were set by hand, or training stopped). */
    drop() {
      latest = null;
    },
  };
}
