// @ts-check
// The gradients band: for every layer j, ∂L/∂w^j (M^j × N^j) as a heatmap, with ∂L/∂g^j and
// ∂L/∂b^j as strips along n and ∂L/∂x^j as a strip along m, drawn by plotters (wasm) on a
// symmetric diverging scale with a colour bar each. The scale is each heatmap's own, one per
// layer, or one for the whole network (so that a vanishing gradient fades); a card whose
// gradient is zero says why in one line.

import { plotTheme, zoom } from './theme.js';
import { largestFinite, sig4, sups } from './format.js';
import { PLAIN_FEATURES, inputNames } from './state.js';

/** The narrowest a card gets (CSS px at zoom 1); cards wrap into rows below that. */
const CARD_MIN = 220;
const GAP = 10;

/** The half-range of every heatmap under `scale`: 0 lets plotters use the heatmap's own. */
export function ranges(layers, scale) {
  const max = (v) => (v ? largestFinite(v) : 0);
  const perLayer = layers.map((l) => Math.max(max(l.dl_dw), max(l.dl_dg), max(l.dl_db), max(l.dl_dx)));
  const all = Math.max(0, ...perLayer);
  return perLayer.map((r) => (scale === 'layer' ? r : scale === 'network' ? all : 0));
}

/** Symbols that must not break across lines: ∂L/∂w⁽⁰⁾, f′(g), x⁽²⁾ (∂L/∂g⁽²⁾)ᵀ. */
const MATH =
  '(x⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾ \\(∂L/∂g⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾\\)ᵀ|∂L/∂[a-z](?:⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾)?|f′\\(g\\)|[a-z]⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾)';
const SPLIT = new RegExp(MATH),
  WHOLE = new RegExp(`^${MATH}$`);

/** Writes a sentence (plain text, never HTML) with its symbols kept whole on one line. */
function setWhy(el, text) {
  el.replaceChildren(
    ...text
      .split(SPLIT)
      .filter(Boolean)
      .map((t) => {
        if (!WHOLE.test(t)) return document.createTextNode(t);
        const span = document.createElement('span');
        span.className = 'nw';
        span.textContent = t;
        return span;
      }),
  );
}

/** What a cell of layer `j`'s gradients says (`L` = {n, dl_dw, dl_dg, dl_db, dl_dx}), as the
 * tooltip's HTML in the seed's notation, and what it lights in the diagram: the edge of a
 * weight, the neuron of g or b, the input of x. */
export function cellReading(L, { j, tensor = 'w', m, n }) {
  const at = (name, sub, v) => `∂L/∂${name}<sub>${sub}</sub><sup>(${j})</sup> = ${sig4(v)}`;
  if (tensor === 'w')
    return {
      text: at('w', `${m + 1},${n + 1}`, L.dl_dw[m * L.n + n]),
      lit: { j, pairs: [[m, n]], inputs: [m], outputs: [n] },
    };
  if (tensor === 'x') return { text: at('x', n + 1, L.dl_dx[n]), lit: { j, pairs: [], inputs: [n], outputs: [] } };
  const v = tensor === 'g' ? L.dl_dg[n] : L.dl_db[n];
  return { text: at(tensor, n + 1, v), lit: { j, pairs: [], inputs: [], outputs: [n] } };
}

/** How far above a tap its value shows (CSS px), clear of the finger. */
const FINGER = 56;

/** The four maps of a card: ∂L/∂w, and (∂L/∂x)ᵀ, (∂L/∂g)ᵀ, (∂L/∂b)ᵀ as rows. */
const TENSORS = ['w', 'x', 'g', 'b'];

/** The gradient cards. `onCell({j, tensor, m, n, x, y})` is told the cell under the pointer
 * (`tensor` one of TENSORS; a row vector's entry is `n`, with m = 0), or null. */
export function createHeatmaps(root, { onCell }) {
  let cards = [];
  let last = null;
  let highlighted = null; // the outlined cell, {j, tensor, m, n}
  let tapped = false; // a tap's value is showing, and its cell outlined
  let drawnWith = null; // the api of the last drawing, to redraw an outline

  function card(j, m, n, width) {
    const el = document.createElement('figure');
    el.className = 'gcard';
    el.innerHTML = `<figcaption>layer j = ${j} <span class="shape">w${sups(j)}: ${m} × ${n}</span></figcaption>
      <p class="why" hidden></p>
      <canvas class="hm-w" aria-label="dL/dw of layer ${j}"></canvas>
      <canvas class="hm-g strip" aria-label="dL/dg of layer ${j}"></canvas>
      <canvas class="hm-b strip" aria-label="dL/db of layer ${j}"></canvas>
      <canvas class="hm-x strip" aria-label="dL/dx of layer ${j}"></canvas>`;
    // As tall as the matrix needs at the card's width, with cells of at most 30 CSS px.
    const z = zoom();
    const cell = Math.max(4, Math.min(30 * z, (width - 110 * z) / n));
    el.style.setProperty('--hm-h', `${Math.round(Math.min(340 * z, Math.max(90 * z, 52 * z + m * cell)))}px`);
    return el;
  }

  /** Cards for sizes [M^0, N^0, …, N^J], as many to a row as fit at CARD_MIN. */
  function build(sizes) {
    root.replaceChildren();
    const z = zoom();
    const width = root.clientWidth || 600;
    const perRow = Math.max(1, Math.min(sizes.length - 1, Math.floor((width + GAP) / (CARD_MIN * z + GAP))));
    root.style.setProperty('--per-row', String(perRow));
    const cardWidth = (width - (perRow - 1) * GAP) / perRow;
    cards = [];
    for (let j = 0; j < sizes.length - 1; j++) {
      const el = card(j, sizes[j], sizes[j + 1], cardWidth);
      root.appendChild(el);
      const c = {
        j,
        m: sizes[j],
        n: sizes[j + 1],
        card: el,
        why: el.querySelector('.why'),
        w: el.querySelector('.hm-w'),
        x: el.querySelector('.hm-x'),
        g: el.querySelector('.hm-g'),
        b: el.querySelector('.hm-b'),
        geoms: {}, // each map's geometry from drawHeatmap, for the cell under a pointer
      };
      for (const t of TENSORS) readOut(c, t);
      cards.push(c);
    }
    for (const c of cards) for (const cv of [c.w, c.x, c.g, c.b]) fit(cv);
  }

  /** A map's cell says its value: under the mouse, or where a finger or pen taps (touch has no
   * hover; the value stays until the next tap elsewhere, and shows above the finger). */
  function readOut(c, tensor) {
    const canvas = c[tensor];
    const say = (/** @type {PointerEvent} */ e) => {
      const at = cellAt(canvas, c.geoms[tensor], e);
      const y = e.pointerType === 'mouse' ? e.clientY : e.clientY - FINGER;
      onCell(at ? { j: c.j, tensor, m: at[0], n: at[1], x: e.clientX, y } : null);
      return at;
    };
    canvas.addEventListener('pointermove', (/** @type {PointerEvent} */ e) => e.pointerType === 'mouse' && say(e));
    canvas.addEventListener(
      'pointerleave',
      (/** @type {PointerEvent} */ e) => e.pointerType === 'mouse' && onCell(null),
    );
    canvas.addEventListener('pointerdown', (/** @type {PointerEvent} */ e) => {
      if (e.pointerType === 'mouse') return;
      const at = say(e);
      tapped = !!at;
      outline(at ? { j: c.j, tensor, m: at[0], n: at[1] } : null);
    });
  }

  /** Outlines one cell of one map (or none), and redraws the cards. */
  function outline(cell) {
    highlighted = cell;
    if (last && drawnWith) update(drawnWith, last.layers, last.opts);
  }

  /** The [row, col] of the cell under a pointer, from the map's geometry in canvas pixels. */
  function cellAt(canvas, geom, e) {
    if (!geom || !canvas.clientWidth) return null;
    const dpr = canvas.width / canvas.clientWidth;
    const r = canvas.getBoundingClientRect();
    const px = (e.clientX - r.left) * dpr,
      py = (e.clientY - r.top) * dpr;
    const col = Math.floor((px - geom.x0) / geom.cellWidth),
      row = Math.floor((py - geom.y0) / geom.cellHeight);
    return row >= 0 && col >= 0 && row < geom.rows && col < geom.cols ? [row, col] : null;
  }

  document.addEventListener('pointerdown', (e) => {
    if (tapped && !(e.target instanceof Element && e.target.closest('.gcard canvas'))) {
      tapped = false;
      onCell(null);
      outline(null);
    }
  });

  /** Sizes a canvas's pixels to its CSS box (on build only: no layout reads per frame). */
  function fit(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(canvas.clientWidth * dpr),
      h = Math.round(canvas.clientHeight * dpr);
    if (w > 0 && h > 0 && (canvas.width !== w || canvas.height !== h)) {
      canvas.width = w;
      canvas.height = h;
    }
  }

  /** The drawing of every card as pieces, one canvas each (so that a frame can take a few):
   * `layers[j]` = {dl_dw, dl_dg, dl_db, dl_dx}; `why[j]` a sentence or ''; `scale` a SCALES id. */
  function pieces(api, layers, { scale = 'own', why = [], features = PLAIN_FEATURES } = {}) {
    last = { layers, opts: { scale, why } };
    drawnWith = api;
    const theme = plotTheme();
    const range = ranges(layers, scale);
    return cards
      .filter((c) => layers[c.j])
      .flatMap((c) =>
        cardPieces(api, c, layers[c.j], why[c.j] || '', theme, range[c.j], c.j ? [] : inputNames(features)),
      );
  }

  /** One card's four maps: ∂L/∂w (with the card's note), (∂L/∂x)ᵀ, (∂L/∂g)ᵀ, (∂L/∂b)ᵀ. */
  function cardPieces(api, c, L, why, theme, range, names) {
    const s = sups(c.j);
    /** The options of map `t`: its title and axes, the scale, and its cell outlined if tapped. */
    const opts = (t, title, rowLabel, colLabel) => ({
      title,
      rowLabel,
      colLabel,
      theme,
      range,
      highlight: highlighted?.j === c.j && highlighted.tensor === t ? [highlighted.m, highlighted.n] : null,
    });
    const strip = (t, values, count, col) =>
      api.drawHeatmap(c[t], values, 1, count, opts(t, `(∂L/∂${t}${s})ᵀ`, '', col));
    return [
      () => {
        setWhy(c.why, why);
        c.why.hidden = !why;
        const title = `∂L/∂w${s}  (${c.m} × ${c.n})`;
        c.geoms.w = api.drawHeatmap(c.w, L.dl_dw, c.m, c.n, { ...opts('w', title, 'm', 'n'), rowNames: names });
      },
      () => {
        c.x.hidden = !L.dl_dx;
        c.geoms.x = L.dl_dx
          ? api.drawHeatmap(c.x, L.dl_dx, 1, c.m, { ...opts('x', `(∂L/∂x${s})ᵀ`, '', 'm'), colNames: names })
          : null;
      },
      () => (c.geoms.g = strip('g', L.dl_dg, c.n, 'n')),
      () => (c.geoms.b = strip('b', L.dl_db, c.n, 'n')),
    ];
  }

  /** Draws every card at once. */
  function update(api, layers, opts = {}) {
    for (const piece of pieces(api, layers, opts)) piece();
  }

  return {
    build,
    update,
    pieces,
    /** Outlines w's cell [j, m, n] (the diagram's hovered edge), or none. */
    highlight(api, cell) {
      highlighted = cell && { j: cell[0], tensor: 'w', m: cell[1], n: cell[2] };
      if (last) update(api, last.layers, last.opts);
    },
    geometry: (j, tensor = 'w') => cards[j]?.geoms[tensor],
    canvas: (j, which) => cards[j]?.[which],
  };
}
