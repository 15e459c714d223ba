// Loads the wasm module once and gives zero-copy views of the buffers Rust fills.

import init, * as api from './pkg/backprop_viz.js';

let exports = null;

export async function load() {
  exports = await init({ module_or_path: new URL('./pkg/backprop_viz_bg.wasm', import.meta.url) });
  return api;
}

/** A view of `length` bytes of wasm memory at `ptr` (made anew after every call into wasm,
 * since growing the memory detaches older views). */
export function bytes(ptr, length) {
  return new Uint8ClampedArray(exports.memory.buffer, ptr, length);
}

export function f64view(ptr, length) {
  return new Float64Array(exports.memory.buffer, ptr, length);
}

export { api };
