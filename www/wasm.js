// @ts-check
// Loads the wasm module once and gives zero-copy views of the buffers Rust fills.

import init, * as api from './pkg/backprop_viz.js';
import { guardFreed } from './freed.js';
import { unsupported } from './support.js';

/** @type {import('./pkg/backprop_viz.js').InitOutput | null} */
let exports = null;
/** The compiled module, which the paint worker instantiates again (see `paintWorker`).
 * @type {WebAssembly.Module | null} */
let compiled = null;

export async function load() {
  const why = unsupported();
  if (why) throw new Error(why);
  const url = new URL('./pkg/backprop_viz_bg.wasm', import.meta.url);
  compiled = await compile(url);
  exports = await init({ module_or_path: compiled });
  guardFreed([api.Network, api.Stepper, api.Trainer]);
  return api;
}

/** The module at `url`, compiled while it downloads; from the whole file if the server does not
 * call it application/wasm (which streaming requires). */
async function compile(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}

/** A worker with its own instance of the wasm module (www/paint-worker.js), or null when
 * this browser cannot start one. */
export function paintWorker() {
  try {
    const worker = new Worker(new URL('./paint-worker.js', import.meta.url), { type: 'module' });
    worker.postMessage({ kind: 'module', module: compiled });
    return worker;
  } catch {
    return null;
  }
}

/** The wasm instance's exports (after `load`). */
function instance() {
  if (!exports) throw new Error('the wasm module is not loaded yet');
  return exports;
}

/** A view of `length` bytes of wasm memory at `ptr` (made anew after every call into wasm,
 * since growing the memory detaches older views). */
export function bytes(ptr, length) {
  return new Uint8ClampedArray(instance().memory.buffer, ptr, length);
}

export function f64view(ptr, length) {
  return new Float64Array(instance().memory.buffer, ptr, length);
}

export { api };
