// @ts-check
// The paint worker: its own instance of the wasm module, holding a `Pictures` (src/web/
// painter.rs) of the main thread's network. While the page plays, the main thread posts the
// parameters of each new step; the worker paints the decision boundary and the neuron tiles
// and posts them back as transferable buffers, so the main thread only puts images on canvases.
// Messages in: {kind: 'module', module}, {kind: 'network', json, style}, {kind: 'style', style},
// {kind: 'paint', id, parameters, size, tile}. Out: {id, boundary, tiles} or {id, error}.

import { initSync, Pictures } from './pkg/backprop_viz.js';

/** @type {WebAssembly.Memory | null} */
let memory = null;
/** @type {Pictures | null} */
let pictures = null;

/** A copy of `length` bytes at `ptr`, in a buffer of its own (to transfer). */
const copy = (ptr, length) =>
  new Uint8ClampedArray(/** @type {WebAssembly.Memory} */ (memory).buffer, ptr, length).slice();

function paint({ id, parameters, size, tile, count }) {
  if (!pictures) throw new Error('no network yet');
  pictures.setParameters(parameters);
  const boundary = copy(pictures.renderBoundary(size), size * size * 4);
  const tiles = copy(pictures.renderNeurons(tile), count * tile * tile * 4);
  postMessage({ id, boundary, tiles }, { transfer: [boundary.buffer, tiles.buffer] });
}

function receive(data) {
  if (data.kind === 'module') memory = initSync({ module: data.module }).memory;
  else if (data.kind === 'network') {
    pictures?.free();
    pictures = new Pictures(data.json, data.style, data.features);
  } else if (data.kind === 'style') pictures?.setStyle(data.style);
  else if (data.kind === 'paint') paint(data);
}

self.onmessage = ({ data }) => {
  try {
    receive(data);
  } catch (e) {
    postMessage({ id: data.id, error: String(e?.message ?? e) });
  }
};
