// @ts-check
// The step-through's pictures: matrices and vectors as HTML tables with their numbers (3
// significant digits, every digit in the tooltip), the outer product of Eq. 26 as a
// multiplication table, and the per-layer heatmaps of the gradients computed so far.
// Plain data in, HTML strings or canvas drawings out; no calculus here.

import { short, full, sups, largestFinite } from './format.js';

// format.js replaces only the first hyphen, so −1.2e-7 would keep one; every minus here is −.
export const num = (v) => short(v).replaceAll('-', '\u2212');
export const fullNum = (v) => full(v).replaceAll('-', '\u2212');
import { plotTheme } from './theme.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';
export const subs = (k) =>
  String(k)
    .split('')
    .map((d) => SUB[d])
    .join('');
const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Plain-text names for tooltips, e.g. name('∂L/∂w', '1,2', 0) = "∂L/∂w₁,₂⁰". */
export const tname = (sym, idx, j) =>
  `${sym}${String(idx).split(',').map(subs).join(',')}${j === undefined || j === null ? '' : sups(j)}`;

/** One number: `t` and `j` say which tensor it is (for tests and tooltips), `i` its flat index. */
export function cell(v, { t, j, i, label, cls = '', pick = null, text = num }) {
  const p = pick
    ? ` data-pick="${pick.join(',')}" tabindex="0" role="button" aria-label="gradient check of w${attr(pick[1] + 1)},${attr(pick[2] + 1)} in layer ${attr(pick[0])}"`
    : '';
  const zero = v === 0 ? ' zero' : '';
  return `<td class="${cls}${zero}" data-t="${t}" data-j="${j ?? ''}" data-i="${i}" data-v="${attr(String(v))}" title="${attr(label)} = ${attr(fullNum(v))}"${p}>${text(v)}</td>`;
}

/**
 * A matrix or column vector in brackets with a caption above and its shape below.
 * `get(r, c)` returns `{v, t, j, i, label, cls, pick}` or null for an empty cell.
 */
export function matrix({
  caption,
  rows,
  cols,
  get,
  brace = false,
  shape = `${rows} × ${cols}`,
  cls = '',
  rowNames = [],
}) {
  let body = '';
  for (let r = 0; r < rows; r++) {
    body += '<tr>';
    for (let c = 0; c < cols; c++) {
      const e = get(r, c);
      body += e ? cell(e.v, e) : '<td class="empty"></td>';
    }
    body += '</tr>';
  }
  // Vectors of up to 16 entries and matrices of up to 16 × 10 are shown whole; beyond that
  // the box scrolls, with a calm note that markOverflow shows only when it really does.
  const big = rows > 16 || cols > 10;
  const note =
    cols === 1 || rows === 1 ? `scroll for all ${rows * cols} entries` : `scroll for all ${rows} × ${cols} entries`;
  return (
    `<figure class="mx ${cls}${brace ? ' brace' : ''}${cols > 10 ? ' wide' : ''}"><figcaption>${caption}</figcaption>` +
    named(
      rowNames,
      `<div class="mscroll" ${big ? 'tabindex="0" ' : ''}role="group" aria-label="${attr(shape)}">` +
        `<table class="mat">${body}</table></div>`,
    ) +
    `<div class="mshape">${shape}</div>${big ? `<div class="mnote" hidden>${note}</div>` : ''}</figure>`
  );
}

/** The matrix with a name right of each row, "← x₁x₂" (the features of x⁽⁰⁾: on the left they
 * read as a factor), in a table of the same rows so that each stands level with its entry;
 * screen readers have it in the cells. */
function named(names, box) {
  if (!names.length) return box;
  const rows = names.map((n) => `<tr><th scope="row"><span>← ${attr(n)}</span></th></tr>`).join('');
  return `<div class="mnamed">${box}<table class="mat mnames" aria-hidden="true">${rows}</table></div>`;
}

/** A column vector from a flat array; `opts.rowNames` names its entries (x⁽⁰⁾'s features). */
export function column(caption, values, t, j, sym, opts = {}) {
  const names = opts.rowNames?.length === values.length ? opts.rowNames : [];
  return matrix({
    caption,
    rows: values.length,
    cols: 1,
    brace: true,
    shape: opts.shape ?? `${values.length} × 1`,
    cls: opts.cls ?? '',
    rowNames: names,
    get: (r) => ({
      v: values[r],
      t,
      j,
      i: r,
      label: tname(sym, r + 1, j) + (names.length ? ` = ${names[r]}` : ''),
      cls: opts.cellCls?.(r) ?? '',
    }),
  });
}

export const op = (s, title = '') => `<span class="op"${title ? ` title="${attr(title)}"` : ''}>${s}</span>`;

/**
 * Eq. 26 drawn as an outer product: x^j down the left and (∂L/∂g^j)^T along the top, each in
 * its own braces, outside the brackets; inside the brackets only the M × N cells
 * x_m ∂L/∂g_n = ∂L/∂w_{m,n}. Cells pick a weight for the gradient check.
 */
export function outer({ j, x, dlDg, dlDw, checked }) {
  const M = x.length,
    N = dlDg.length;
  const edge = (k, K) => (K === 1 ? ' first last' : k === 0 ? ' first' : k === K - 1 ? ' last' : '');
  let h = `<tr><th class="corner" scope="col"><span class="c-top">(∂L/∂g${sups(j)})ᵀ →</span><span class="c-left">x${sups(j)} ↓</span></th><td class="gap" aria-hidden="true"></td>`;
  for (let n = 0; n < N; n++)
    h += cell(dlDg[n], { t: 'dl_dg', j, i: n, label: tname('∂L/∂g', n + 1, j), cls: `fac top${edge(n, N)}` });
  h += `</tr><tr class="vgap" aria-hidden="true"><td colspan="${N + 2}"></td></tr>`;
  for (let m = 0; m < M; m++) {
    h +=
      '<tr>' +
      cell(x[m], { t: 'x', j, i: m, label: tname('x', m + 1, j), cls: `fac left${edge(m, M)}` }) +
      '<td class="gap" aria-hidden="true"></td>';
    for (let n = 0; n < N; n++) {
      const on = checked && checked[0] === j && checked[1] === m && checked[2] === n ? ' checked' : '';
      const e = `${n === 0 ? ' c0' : ''}${n === N - 1 ? ' c1' : ''}${m === 0 ? ' r0' : ''}${m === M - 1 ? ' r1' : ''}`;
      h += cell(dlDw[m * N + n], {
        t: 'dl_dw',
        j,
        i: m * N + n,
        label: tname('∂L/∂w', `${m + 1},${n + 1}`, j),
        cls: `prod${e}${on}`,
        pick: [j, m, n],
      });
    }
    h += '</tr>';
  }
  const big = M > 16 || N > 10;
  return (
    `<figure class="mx outer${N > 10 ? ' wide' : ''}"><figcaption>∂L/∂w<sup>(${j})</sup> = x<sup>(${j})</sup> (∂L/∂g<sup>(${j})</sup>)<sup>T</sup>: column × row</figcaption>` +
    `<div class="mscroll" ${big ? 'tabindex="0" ' : ''}role="group" aria-label="outer product table"><table class="mat outer">${h}</table></div>` +
    `<div class="mshape">(${M} × 1)(1 × ${N}) = ${M} × ${N}</div>${big ? `<div class="mnote" hidden>scroll for all ${M} × ${N} entries</div>` : ''}</figure>`
  );
}

// ---- The heatmaps of the gradients so far, one card per layer (j = 0 … J, left to right, as
// in the diagram), one tensor under the other in Table 1's order. Vectors are drawn as rows,
// as in the main Gradients band: (∂L/∂y)ᵀ, (∂L/∂g)ᵀ, (∂L/∂b)ᵀ along n and (∂L/∂x)ᵀ along m.

// [tensor, (m, n) → [rows, cols], row label, column label, title]
/** Each band heatmap: [tensor, its rows × cols from M and N, row label, column label, title].
 * @type {[string, (m: number, n?: number) => number[], string, string, (s: string, m?: number, n?: number) => string][]} */
const BAND = [
  ['dl_dy', (m, n) => [1, n], '', 'n', (s) => `(∂L/∂y${s})ᵀ`],
  ['dl_dg', (m, n) => [1, n], '', 'n', (s) => `(∂L/∂g${s})ᵀ`],
  ['dl_dw', (m, n) => [m, n], 'm', 'n', (s, m, n) => `∂L/∂w${s}  (${m} × ${n})`],
  ['dl_db', (m, n) => [1, n], '', 'n', (s) => `(∂L/∂b${s})ᵀ`],
  ['dl_dx', (m) => [1, m], '', 'm', (s) => `(∂L/∂x${s})ᵀ`],
];
// The canvases draw their ticks at 10 px × scale: 1.4 makes them 14 CSS px like the text.
const TEXT = 1.4;
// Largest cell in CSS px, and the longest colour-bar label assumed when sizing ("−0.0997").
const MAX_CELL = 30,
  LABEL_CHARS = 7;

export function bandHtml(sizes) {
  let h = '';
  for (let j = 0; j < sizes.length - 1; j++) {
    const m = sizes[j],
      n = sizes[j + 1];
    h += `<figure class="scard" data-j="${j}"><figcaption>layer j = ${j}</figcaption><div class="sgrid">`;
    for (const [t, , , , title] of BAND) {
      h +=
        `<div class="hmw" data-t="${t}" data-j="${j}"><span class="hm-title">${title(sups(j), m, n)}</span>` +
        `<canvas aria-label="${t.replace('dl_d', '∂L/∂')} of layer ${j}"></canvas></div>`;
    }
    h += '</div></figure>';
  }
  return h;
}

function fit(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(canvas.clientWidth * dpr),
    h = Math.round(canvas.clientHeight * dpr);
  if (w > 0 && h > 0 && (canvas.width !== w || canvas.height !== h)) {
    canvas.width = w;
    canvas.height = h;
  }
  return w > 0 && h > 0;
}

/**
 * Draws every tensor as it stands (`grads.layers[j][t]`). `pending(j, t)` says a tensor is not
 * computed yet (or never is): it gets a plain placeholder box, no heatmap of zeros. `current` =
 * {j, t, upto} is the one this step writes, with its first `upto` cells filled (the animation).
 * All heatmaps of a card share one cell size: the canvases are as tall as that size needs.
 */
export function drawBand(api, root, grads, pending, current) {
  const base = plotTheme();
  const zoom = base.scale / (window.devicePixelRatio || 1);
  const z = TEXT * zoom; // CSS px per canvas "px" of the wasm layout
  const theme = { ...base, scale: base.scale * TEXT };
  for (const card of root.querySelectorAll('.scard')) {
    const j = Number(card.dataset.j),
      L = grads.layers[j];
    const wraps = card.querySelectorAll('.hmw');
    const W = wraps[0]?.clientWidth || 0;
    if (!W) continue;
    // The wasm layout: title 20, left margin 16 (30 with a row label), bottom 14 (28 with a
    // column label), colour bar 20 + 6.2 per label character, 6 spare; all × scale.
    const bar = (20 + 6.2 * LABEL_CHARS) * z;
    let size = MAX_CELL * zoom;
    for (const [, dims, rowLabel] of BAND) {
      const [, cols] = dims(L.m, L.n);
      size = Math.min(size, (W - (rowLabel ? 30 : 16) * z - bar - 6 * z) / cols);
    }
    size = Math.max(4, Math.floor(size));
    for (const wrap of wraps) {
      const t = wrap.dataset.t;
      const [, dims, rowLabel, colLabel] = BAND.find((b) => b[0] === t);
      const [rows, cols] = dims(L.m, L.n);
      const isCur = current && current.j === j && current.t === t;
      const note = pending(j, t);
      const never = !!note && note !== 'not yet';
      wrap.classList.toggle('pending', !!note);
      wrap.classList.toggle('never', never);
      wrap.dataset.note = note || '';
      wrap.classList.toggle('current', !!isCur);
      wrap.style.setProperty('--tt', `${Math.round(20 * z)}px`);
      const canvas = wrap.querySelector('canvas');
      // Not computed yet, or never: a one-line box, not a grey matrix of the final size.
      const height = note ? Math.round(20 * z + 34) : Math.ceil(20 * z + rows * size + (colLabel ? 28 : 14) * z + 2);
      canvas.style.height = `${height}px`;
      if (note || !fit(canvas)) continue;
      let values = L[t],
        highlight = null,
        range = 0;
      if (isCur && current.upto < values.length) {
        range = largestFinite(values);
        values = values.map((v, i) => (i < current.upto ? v : 0));
        const k = Math.max(0, current.upto - 1);
        highlight = [Math.floor(k / cols), k % cols];
      }
      // The title is the HTML label above the canvas, at the panel's text size.
      api.drawHeatmap(canvas, values, rows, cols, {
        title: '',
        rowLabel,
        colLabel,
        numbers: false,
        highlight,
        range,
        theme,
      });
    }
  }
}

/** Shows the "scroll for all … entries" note only where a matrix does not fit, and fades a
 * box's edge where it cuts a row of numbers (a student would copy a cut "−0.24" as whole).
 * All the sizes are read before anything is written: a read after a write forces a layout,
 * one per matrix (21 ms on [2,32×8,1]). */
export function markOverflow(root) {
  const boxes = [...root.querySelectorAll('.mx')].map((mx) => ({
    s: /** @type {HTMLElement | null} */ (mx.querySelector('.mscroll')),
    note: /** @type {HTMLElement | null} */ (mx.querySelector('.mnote')),
  }));
  const overflows = boxes.map(
    ({ s }) => !!s && (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1),
  );
  const cuts = boxes.map(({ s }) => s && cut(s));
  boxes.forEach(({ note }, i) => note && (note.hidden = !overflows[i]));
  boxes.forEach(({ s }, i) => s && fade(s, cuts[i]));
}

/** Which sides of scrolling box `s` cut its rows: `[left, right]`.
 * @param {HTMLElement} s @returns {[boolean, boolean]} */
const cut = (s) => [s.scrollLeft > 1, s.scrollLeft + s.clientWidth < s.scrollWidth - 1];

/** Fades the sides of `s` that cut its rows (stepthrough.css's `.cut-l`, `.cut-r`). */
function fade(s, [left, right]) {
  s.classList.toggle('cut-l', left);
  s.classList.toggle('cut-r', right);
}

/** Keeps the faded sides right while a box inside `root` scrolls sideways. */
export function fadeWhileScrolling(root) {
  root.addEventListener(
    'scroll',
    (e) => {
      const s = /** @type {HTMLElement} */ (e.target);
      if (s.classList?.contains('mscroll')) fade(s, cut(s));
    },
    { capture: true, passive: true },
  );
}
