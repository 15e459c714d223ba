// @ts-check
// The decision boundary: Rust paints every pixel of the plot into wasm memory, and this module
// puts that buffer on the canvas (no copy in JS), then draws the data points, the chosen
// sample, and the axes x₁, x₂. A click picks a point, or (own data) adds or removes one.

import { CLASS_COLORS, targetCss, zoom } from './theme.js';

const EXTENT = 6;

/** `onPick({set, index})` when a click lands on a data point; `onPlane({x, inside, near,
 * shift})` first sees every click, and returns true when it took it (drawing own points). */
export function createBoundary(canvas, { onPick, onPlane }) {
  const ctx = canvas.getContext('2d');
  const scratch = document.createElement('canvas');
  let geom = null; // {dpr, z (the projector's zoom), margin, plot (device px)}
  let points = null; // {train, trainLabels, test, testLabels}

  /** Sizes the canvas to its CSS box at the device's pixel ratio; returns the plot size. */
  function resize() {
    const dpr = window.devicePixelRatio || 1;
    const css = canvas.clientWidth || 360;
    const z = zoom(); // the axes' labels grow with the page's text in projector mode
    const margin = { left: 30 * z, bottom: 26 * z, top: 6 * z, right: 6 * z };
    const plotCss = Math.max(50, css - margin.left - margin.right);
    canvas.width = Math.round(css * dpr);
    canvas.height = Math.round((plotCss + margin.top + margin.bottom) * dpr);
    canvas.style.height = `${plotCss + margin.top + margin.bottom}px`;
    geom = { dpr, z, margin, plotCss, plot: Math.round(plotCss * dpr) };
    return geom.plot;
  }

  const toPx = (x1, x2) => {
    const { dpr, margin, plotCss } = geom;
    return [
      (margin.left + ((x1 + EXTENT) / (2 * EXTENT)) * plotCss) * dpr,
      (margin.top + ((EXTENT - x2) / (2 * EXTENT)) * plotCss) * dpr,
    ];
  };

  /** Puts a size² RGBA image on the plot: as it is at the plot's size, else scaled (a preview
   * while the exact image is painted elsewhere). */
  function putImage(image, size) {
    const { dpr, margin, plot } = geom;
    const [x, y] = [Math.round(margin.left * dpr), Math.round(margin.top * dpr)];
    if (size === plot) return ctx.putImageData(new ImageData(image, size, size), x, y);
    scratch.width = scratch.height = size;
    scratch.getContext('2d')?.putImageData(new ImageData(image, size, size), 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(scratch, x, y, plot, plot);
  }

  /** Draws one frame: `image` is the size² RGBA view of wasm memory (or a smaller preview);
   * the points, the chosen sample and the axes come from the overlay, drawn once. */
  function draw({ image, size, showTest, selected, foreground, background }) {
    if (!geom) resize();
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (image) putImage(image, size);
    ctx.drawImage(overlayFor(showTest, selected, foreground), 0, 0);
  }

  /** The points, the chosen sample's ring and the axes on a transparent canvas of the plot's
   * size, redrawn only when one of them changes: a frame stamps them with one `drawImage`
   * instead of a few hundred arcs and a dozen labels. */
  const overlay = { canvas: document.createElement('canvas'), key: '' };
  let pointsVersion = 0;
  function overlayFor(showTest, selected, foreground) {
    const what = [pointsVersion, showTest, selected?.set, selected?.index, foreground];
    const key = [...what, canvas.width, canvas.height, geom.dpr, geom.z].join('|');
    if (overlay.key !== key) {
      overlay.key = key;
      overlay.canvas.width = canvas.width;
      overlay.canvas.height = canvas.height;
      const g = /** @type {CanvasRenderingContext2D} */ (overlay.canvas.getContext('2d'));
      drawOverlay(g, showTest, selected, foreground);
    }
    return overlay.canvas;
  }

  function drawOverlay(g, showTest, selected, foreground) {
    const { dpr, z, margin, plot } = geom;
    if (points) {
      // (Bigger in projector mode, as the text is.)
      const r = Math.max(2.5, 3.2 * dpr * z);
      // A class's colour, or a regression target's on the picture's diverging scale.
      const colour = (targets, i) => (points.regression ? targetCss(targets[i], true) : CLASS_COLORS[targets[i]]);
      const dot = (xs, targets, test) => {
        for (let i = 0; i < targets.length; i++) {
          const [px, py] = toPx(xs[2 * i], xs[2 * i + 1]);
          g.beginPath();
          g.arc(px, py, r, 0, 2 * Math.PI);
          g.fillStyle = colour(targets, i);
          g.fill();
          g.lineWidth = (test ? 1.6 : 0.8) * dpr * z;
          g.strokeStyle = test ? foreground : '#ffffff';
          g.stroke();
        }
      };
      dot(points.train, points.trainTargets, false);
      if (showTest) dot(points.test, points.testTargets, true);
      if (selected && selected.index < (selected.set === 'test' ? points.testLabels : points.trainLabels).length) {
        const xs = selected.set === 'test' ? points.test : points.train;
        const [px, py] = toPx(xs[2 * selected.index], xs[2 * selected.index + 1]);
        g.beginPath();
        g.arc(px, py, r * 2.6, 0, 2 * Math.PI);
        g.lineWidth = 2.5 * dpr * z;
        g.strokeStyle = foreground;
        g.stroke();
      }
    }
    // Axes: ticks at −6, −3, 0, 3, 6 and the names x₁, x₂.
    g.fillStyle = foreground;
    g.strokeStyle = foreground;
    g.lineWidth = dpr;
    g.font = `${11 * z * dpr}px system-ui, sans-serif`;
    g.strokeRect(margin.left * dpr, margin.top * dpr, plot, plot);
    for (const t of [-6, -3, 0, 3, 6]) {
      const [px] = toPx(t, 0);
      const [, py] = toPx(0, t);
      const label = String(t).replace('-', '\u2212');
      g.textAlign = 'center';
      g.textBaseline = 'top';
      g.fillText(label, px, margin.top * dpr + plot + 3 * dpr);
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      g.fillText(label, margin.left * dpr - 4 * dpr, py);
    }
    g.font = `italic ${12 * z * dpr}px system-ui, sans-serif`;
    g.textAlign = 'right';
    g.textBaseline = 'bottom';
    g.fillText('x₁', margin.left * dpr + plot - 2 * dpr, canvas.height - 1 * dpr);
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.fillText('x₂', 2 * dpr, margin.top * dpr);
  }

  /** The plane point under a click, whether it is inside the plot, and the nearest data
   * point within 14 px ({set, index}, or null). */
  function clickAt(e) {
    const { dpr, margin, plotCss } = geom;
    const rect = canvas.getBoundingClientRect();
    const [cx, cy] = [(e.clientX - rect.left) * dpr, (e.clientY - rect.top) * dpr];
    const [u, v] = [(cx / dpr - margin.left) / plotCss, (cy / dpr - margin.top) / plotCss];
    const x = [(u * 2 - 1) * EXTENT, (1 - v * 2) * EXTENT];
    let best = null;
    const scan = (xs, set) => {
      for (let i = 0; i < xs.length / 2; i++) {
        const [px, py] = toPx(xs[2 * i], xs[2 * i + 1]);
        const d = Math.hypot(px - cx, py - cy);
        if (!best || d < best.d) best = { d, set, index: i };
      }
    };
    scan(points.train, 'train');
    if (canvas.dataset.showTest === '1') scan(points.test, 'test');
    const near = best && best.d < 14 * dpr ? { set: best.set, index: best.index } : null;
    return { x, inside: u >= 0 && u <= 1 && v >= 0 && v <= 1, near, shift: e.shiftKey };
  }

  canvas.addEventListener('click', (e) => {
    if (!points || !geom) return;
    const at = clickAt(e);
    if (!onPlane(at) && at.near) onPick(at.near);
  });

  return {
    resize,
    draw,
    setPoints: (p) => {
      points = p;
      pointsVersion++;
    },
    plotSize: () => geom?.plot ?? resize(),
    pointPixel: (set, i) => {
      const xs = set === 'test' ? points.test : points.train;
      const [px, py] = toPx(xs[2 * i], xs[2 * i + 1]);
      return [px / geom.dpr, py / geom.dpr];
    },
  };
}
