// @ts-check
// Loads the wasm module once and gives zero-copy views of the buffers Rust fills.

import init, * as api from './pkg/backprop_viz.js';
import { guardFreed } from './freed.js';

/** @type {import('./pkg/backprop_viz.js').InitOutput | null} */
let exports = null;

export async function load() {
  exports = await init({ module_or_path: new URL('./pkg/backprop_viz_bg.wasm', import.meta.url) });
  guardFreed([api.Network, api.Stepper, api.Trainer]);
  return api;
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
