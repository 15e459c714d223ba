// @ts-check
// The neuron tiles of the diagram, on one canvas under the tiles' frames: each y_n^j over the
// input plane, drawn from the RGBA buffer Rust paints (one size² image per neuron, layers in
// order). One canvas, rather than one per neuron, because each canvas's context costs
// Chromium a resource of its own: a rebuilt [2,32×8,1] spent ~25 ms creating 257 of them.

import { layerCanvas } from './ui.js';

/** The tiles' canvas over `width` × `height` CSS px; `boxes[k]` is where neuron k's image goes
 * (the inside of its frame, CSS px), in the order of the buffer's images.
 * @param {HTMLElement} parent @param {number} width @param {number} height
 * @param {{x: number, y: number, size: number}[]} boxes */
export function createTileCanvas(parent, width, height, boxes) {
  const { canvas, ctx, dpr } = layerCanvas('tiles', width, height);
  parent.appendChild(canvas);
  /** The buffer's images stacked in one column, then scaled into place. Each has its first and
   * last rows repeated above and below it, so that scaling (which blends a pixel with its
   * neighbours) never blends in the next image's edge. */
  const atlas = document.createElement('canvas');
  const actx = /** @type {CanvasRenderingContext2D} */ (atlas.getContext('2d'));

  /** Puts image k of `images` (size² RGBA) in the atlas at row k (size + 2) + 1, its edge rows
   * repeated around it. */
  function stack(images, size, k) {
    const len = size * size * 4;
    const image = new ImageData(images.subarray(k * len, (k + 1) * len), size, size);
    const top = k * (size + 2);
    actx.putImageData(image, 0, top, 0, 0, size, 1); // row 0 at top
    actx.putImageData(image, 0, top + 2, 0, size - 1, size, 1); // the last row at top + size + 1
    actx.putImageData(image, 0, top + 1);
  }

  /** Draws every tile from `images` (boxes.length images of size² RGBA). */
  function paint(images, size) {
    if (atlas.width !== size || atlas.height !== (size + 2) * boxes.length) {
      atlas.width = size;
      atlas.height = (size + 2) * boxes.length;
    }
    boxes.forEach((_, k) => stack(images, size, k));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = true;
    boxes.forEach((b, k) => {
      ctx.save();
      ctx.beginPath();
      ctx.roundRect(b.x, b.y, b.size, b.size, 3); // inside the frame's rounded corners
      ctx.clip();
      ctx.drawImage(atlas, 0, k * (size + 2) + 1, size, size, b.x, b.y, b.size, b.size);
      ctx.restore();
    });
  }

  return { paint, canvas };
}
