// @ts-check
// The diagram's edges, painted on one canvas. Every w_{m,n}^j is a curve whose colour, width and
// opacity follow its "look", |w| / max in hundredths with its sign. A layer's edges of one look
// are stroked as one path, so [2,32×8,1]'s 7,300 edges are a few hundred strokes a repaint,
// where one SVG path per edge cost the browser ~50 ms of painting a frame. The pointer finds an
// edge by geometry (`edgeAt`), with no element per edge: a network of 7,300 edges builds in a
// few ms.

import { currentTheme, divergingCss } from './theme.js';
import { layerCanvas } from './ui.js';

/** An edge's look before it has one (looks are ±1 … ±101). */
export const NO_LOOK = 32767;
/** Looks run from −101 to 101: a bucket per look. */
const BUCKETS = 203;
/** How much of its opacity an edge keeps while others are highlighted. */
const DIMMED = 0.18;

/** The look of a weight `w` when the largest |w| is `max`: ±1 … ±101, the sign kept at 0. */
export function lookOf(w, max) {
  const u = Math.round(Math.min(1, Math.abs(w) / (max || 1)) * 100);
  return (1 + u) * (w < 0 ? -1 : 1);
}

/** Above this many edges a layer is dense. */
const DENSE = 64;

/** The stroke of a look in a layer of `count` edges: dense layers get thinner edges, so that
 * 1024 of them stay readable, and their weights fade with |w|² so the strong paths stand out. A
 * dense layer's edges below 0.8 of the largest are 1-px lines, which Skia draws as hairlines: [2,32×8,1]'s 7,300
 * edges rasterize in ~10 ms instead of ~120 at their widths. */
export function strokeOf(look, count) {
  const u = (Math.abs(look) - 1) / 100;
  const widest = Math.max(1.2, Math.min(5.5, 60 / Math.sqrt(count)));
  const dense = count > DENSE;
  return {
    color: divergingCss(look < 0 ? -Math.max(u, 1e-9) : u, 1), // −0 would read as +
    width: dense && u < 0.8 ? 1 : 0.5 + widest * u,
    alpha: dense ? 0.1 + 0.9 * u * u : 1,
  };
}

/** `strokeOf` for the current theme, kept per theme, layer size and look: a repaint asks for
 * a few hundred strokes, and each colour is made from the theme's hex codes. */
const strokes = new Map();
function cachedStroke(look, count) {
  const key = `${currentTheme()}|${count}|${look}`;
  let s = strokes.get(key);
  if (!s) {
    if (strokes.size > 20000) strokes.clear();
    strokes.set(key, (s = strokeOf(look, count)));
  }
  return s;
}

/** An edge is the cubic Bézier from (x1, a) to (x2, b) with both control points at the middle
 * x: at parameter t its x is x1 + (x2 − x1) u(t) and its y is a + (b − a) h(t). u rises
 * monotonically from 0 to 1, so a pointer's x gives one t for every edge of a layer. */
const u = (t) => 1.5 * t - 1.5 * t * t + t * t * t;
const du = (t) => 1.5 - 3 * t + 3 * t * t;
const h = (t) => t * t * (3 - 2 * t);
const dh = (t) => 6 * t * (1 - t);

/** The t at which u(t) = f, by bisection (f in [0, 1]). */
function tAt(f) {
  let [lo, hi] = [0, 1];
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (u(mid) < f) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The edges' canvas over `width` × `height` CSS px. `ends[j]` places layer j's edges: they
 * leave the column at `x1` from heights `ya[m]` and reach `x2` at heights `yb[n]`; edge k of
 * the layer is (m, n) = (⌊k / N⌋, k mod N).
 * @param {HTMLElement} parent @param {number} width @param {number} height
 * @param {{x1: number, x2: number, ya: number[], yb: number[]}[]} ends */
export function createEdgeCanvas(parent, width, height, ends) {
  const { canvas, ctx, dpr } = layerCanvas('edges', width, height);
  parent.prepend(canvas);
  const glow = getComputedStyle(parent).getPropertyValue('--hl').trim() || '#1d2433';
  const order = ends.map(({ ya, yb }) => new Int32Array(ya.length * yb.length));

  /** Adds edge k of layer j to the current path of `c`. */
  function curve(c, j, k) {
    const { x1, x2, ya, yb } = ends[j];
    const N = yb.length,
      a = ya[Math.floor(k / N)],
      b = yb[k % N],
      mid = (x1 + x2) / 2;
    c.moveTo(x1, a);
    c.bezierCurveTo(mid, a, mid, b, x2, b);
  }

  /** Layer j's edges sorted by look (a counting sort); returns the bucket starts. */
  function sortByLook(j, looks) {
    const starts = new Int32Array(BUCKETS + 1);
    for (let k = 0; k < looks.length; k++) starts[looks[k] + 102]++;
    for (let b = 1; b <= BUCKETS; b++) starts[b] += starts[b - 1];
    const next = starts.slice(0, BUCKETS);
    for (let k = 0; k < looks.length; k++) order[j][next[looks[k] + 101]++] = k;
    return starts;
  }

  /** Strokes layer j's edges on `c`, one path per look, the weakest first so that the strong
   * paths of either sign end on top. */
  function strokeLayer(c, j, looks) {
    const starts = sortByLook(j, looks);
    for (let u = 1; u <= 101; u++) {
      strokeLook(c, j, -u, starts, looks.length);
      strokeLook(c, j, u, starts, looks.length);
    }
  }

  /** Strokes one look's bucket as one path. */
  function strokeLook(c, j, look, starts, count) {
    const b = look + 101;
    if (starts[b + 1] !== starts[b]) {
      const s = cachedStroke(look, count);
      c.beginPath();
      for (let i = starts[b]; i < starts[b + 1]; i++) curve(c, j, order[j][i]);
      c.strokeStyle = s.color;
      c.lineWidth = s.width;
      c.globalAlpha = s.alpha;
      c.stroke();
    }
  }

  /** Strokes one edge at full opacity with a glow: highlighted or under the pointer. */
  function strokeLit(j, k, looks) {
    const s = cachedStroke(looks[k], looks.length);
    ctx.beginPath();
    curve(ctx, j, k);
    ctx.strokeStyle = s.color;
    ctx.lineWidth = Math.max(1.5, s.width);
    ctx.globalAlpha = 1;
    ctx.stroke();
  }

  /** Every edge in its look, on `c` (cleared first). */
  function strokeAll(c, looks) {
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, width, height);
    c.lineCap = 'round';
    looks.forEach((l, j) => strokeLayer(c, j, l));
  }

  /** The edges in their looks, kept for highlights and hovers, which are drawn over them
   * (faded under a highlight): rasterizing [2,32×8,1]'s 7,300 edges takes the browser ~40 ms,
   * copying a picture of them about 1. Made when first needed: a copy of the canvas when it
   * shows just the looks, else drawn. */
  const base = { canvas: document.createElement('canvas'), valid: false };
  base.canvas.width = canvas.width;
  base.canvas.height = canvas.height;
  const bctx = /** @type {CanvasRenderingContext2D} */ (base.canvas.getContext('2d'));
  /** Whether the canvas shows the looks alone (no highlight, no hover). */
  let plain = false;

  /** Makes the picture of the looks: a copy of the canvas if it shows them alone. */
  function keepBase(looks) {
    if (plain) {
      bctx.setTransform(1, 0, 0, 1, 0, 0);
      bctx.clearRect(0, 0, base.canvas.width, base.canvas.height);
      bctx.drawImage(canvas, 0, 0);
    } else strokeAll(bctx, looks);
    base.valid = true;
  }

  /** Paints every edge. `looks[j][k]` is edge k's look, `fresh` says the looks (or the theme)
   * changed since the last paint; `lit[j][k]` marks the highlighted ones, drawn last with a
   * glow; `dim` fades the others; `hover` is [j, k] or null. */
  function paint(looks, lit, dim, hover, fresh) {
    if (fresh) base.valid = plain = false;
    const over = dim || !!hover;
    if (!over && !base.valid) {
      strokeAll(ctx, looks);
      plain = true;
      return;
    }
    if (!base.valid) keepBase(looks);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.globalAlpha = dim ? DIMMED : 1;
    ctx.drawImage(base.canvas, 0, 0);
    plain = !over;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.lineCap = 'round';
    ctx.shadowColor = glow;
    ctx.shadowBlur = 3 * dpr;
    looks.forEach((l, j) => lit[j].forEach((on, k) => on && strokeLit(j, k, l)));
    if (hover) strokeLit(hover[0], hover[1], looks[hover[0]]);
    ctx.shadowBlur = 0;
  }

  /** The edge nearest (x, y) (CSS px in the canvas), as {j, m, n}, if within `reach` px of
   * its curve (the vertical distance times the curve's cosine, near enough at these slopes). */
  function edgeAt(x, y, reach = 5) {
    const j = ends.findIndex((e) => x >= e.x1 && x <= e.x2);
    if (j < 0) return null;
    const { x1, x2, ya, yb } = ends[j];
    const t = tAt((x - x1) / (x2 - x1));
    let best = null;
    ya.forEach((a, m) =>
      yb.forEach((b, n) => {
        const slope = ((b - a) * dh(t)) / ((x2 - x1) * du(t));
        const d = Math.abs(a + (b - a) * h(t) - y) / Math.hypot(1, slope);
        if (d <= reach && (!best || d < best.d)) best = { j, m, n, d };
      }),
    );
    return best && { j: best.j, m: best.m, n: best.n };
  }

  /** The point a fraction `f` of the way along edge (j, m, n) in x, CSS px in the canvas. */
  function pointOn(j, m, n, f) {
    const { x1, x2, ya, yb } = ends[j];
    return { x: x1 + (x2 - x1) * f, y: ya[m] + (yb[n] - ya[m]) * h(tAt(f)) };
  }

  return { paint, canvas, edgeAt, pointOn };
}
