// @ts-check
// The neuron tiles of the diagram, on one canvas under the tiles' frames: each y_n^j over the
// input plane, drawn from the RGBA buffer Rust paints (one size² image per neuron, layers in
// order). One canvas, rather than one per neuron, because each canvas's context costs
// Chromium a resource of its own: a rebuilt [2,32×8,1] spent ~25 ms creating 257 of them.

/** The tiles' canvas over `width` × `height` CSS px; `boxes[k]` is where neuron k's image goes
 * (the inside of its frame, CSS px), in the order of the buffer's images.
 * @param {HTMLElement} parent @param {number} width @param {number} height
 * @param {{x: number, y: number, size: number}[]} boxes */
export function createTileCanvas(parent, width, height, boxes) {
  const canvas = document.createElement('canvas');
  canvas.className = 'tiles';
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  parent.appendChild(canvas);
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  /** The buffer's images stacked in one column, put in one call, then scaled into place. */
  const atlas = document.createElement('canvas');

  /** Draws every tile from `images` (boxes.length images of size² RGBA). */
  function paint(images, size) {
    atlas.width = size;
    atlas.height = size * boxes.length;
    atlas.getContext('2d')?.putImageData(new ImageData(images, size, size * boxes.length), 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = true;
    boxes.forEach((b, k) => {
      ctx.save();
      ctx.beginPath();
      ctx.roundRect(b.x, b.y, b.size, b.size, 3); // inside the frame's rounded corners
      ctx.clip();
      ctx.drawImage(atlas, 0, k * size, size, size, b.x, b.y, b.size, b.size);
      ctx.restore();
    });
  }

  return { paint, canvas };
}
