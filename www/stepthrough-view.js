// The step-through's pictures: matrices and vectors as HTML tables with their numbers (3
// significant digits, every digit in the tooltip), the outer product of Eq. 26 as a
// multiplication table, and the per-layer heatmaps of the gradients computed so far.
// Plain data in, HTML strings or canvas drawings out; no calculus here.

import { short, full } from './format.js';

// format.js replaces only the first hyphen, so −1.2e-7 would keep one; every minus here is −.
export const num = (v) => short(v).replaceAll('-', '\u2212');
export const fullNum = (v) => full(v).replaceAll('-', '\u2212');
import { plotTheme } from './theme.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉', SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
export const subs = (k) => String(k).split('').map((d) => SUB[d]).join('');
export const sups = (k) => String(k).split('').map((d) => SUP[d]).join('');
const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Plain-text names for tooltips, e.g. name('∂L/∂w', '1,2', 0) = "∂L/∂w₁,₂⁰". */
export const tname = (sym, idx, j) => `${sym}${String(idx).split(',').map(subs).join(',')}${j === undefined || j === null ? '' : sups(j)}`;

/** One number: `t` and `j` say which tensor it is (for tests and tooltips), `i` its flat index. */
export function cell(v, { t, j, i, label, cls = '', pick = null, text = num }) {
  const p = pick ? ` data-pick="${pick.join(',')}" tabindex="0" role="button" aria-label="gradient check of w${attr(pick[1] + 1)},${attr(pick[2] + 1)} in layer ${attr(pick[0])}"` : '';
  const zero = v === 0 ? ' zero' : '';
  return `<td class="${cls}${zero}" data-t="${t}" data-j="${j ?? ''}" data-i="${i}" data-v="${attr(String(v))}" title="${attr(label)} = ${attr(fullNum(v))}"${p}>${text(v)}</td>`;
}

/**
 * A matrix or column vector in brackets with a caption above and its shape below.
 * `get(r, c)` returns `{v, t, j, i, label, cls, pick}` or null for an empty cell.
 */
export function matrix({ caption, rows, cols, get, brace = false, shape = `${rows} × ${cols}`, cls = '' }) {
  let body = '';
  for (let r = 0; r < rows; r++) {
    body += '<tr>';
    for (let c = 0; c < cols; c++) {
      const e = get(r, c);
      body += e ? cell(e.v, e) : '<td class="empty"></td>';
    }
    body += '</tr>';
  }
  const big = rows > 10 || cols > 8;
  return `<figure class="mx ${cls}${brace ? ' brace' : ''}"><figcaption>${caption}</figcaption>` +
    `<div class="mscroll" ${big ? 'tabindex="0" ' : ''}role="group" aria-label="${attr(shape)}"><table class="mat">${body}</table></div>` +
    `<div class="mshape">${shape}</div>${big ? `<div class="mnote" hidden>${rows} × ${cols}: scroll to see every entry</div>` : ''}</figure>`;
}

/** A column vector from a flat array. */
export function column(caption, values, t, j, sym, opts = {}) {
  return matrix({
    caption, rows: values.length, cols: 1, brace: true, shape: opts.shape ?? `${values.length} × 1`, cls: opts.cls ?? '',
    get: (r) => ({ v: values[r], t, j, i: r, label: tname(sym, r + 1, j), cls: opts.cellCls?.(r) ?? '' }),
  });
}

export const op = (s, title = '') => `<span class="op"${title ? ` title="${attr(title)}"` : ''}>${s}</span>`;

/**
 * Eq. 26 drawn as an outer product: x^j down the left, (∂L/∂g^j)^T along the top, and every
 * cell x_m ∂L/∂g_n. Cells pick a weight for the gradient check.
 */
export function outer({ j, x, dlDg, dlDw, checked }) {
  const M = x.length, N = dlDg.length;
  let h = `<tr><th class="corner" scope="col"><span class="c-top">(∂L/∂g${sups(j)})ᵀ →</span><span class="c-left">x${sups(j)} ↓</span></th>`;
  for (let n = 0; n < N; n++) h += cell(dlDg[n], { t: 'dl_dg', j, i: n, label: tname('∂L/∂g', n + 1, j), cls: 'fac top' });
  h += '</tr>';
  for (let m = 0; m < M; m++) {
    h += '<tr>' + cell(x[m], { t: 'x', j, i: m, label: tname('x', m + 1, j), cls: 'fac left' });
    for (let n = 0; n < N; n++) {
      const on = checked && checked[0] === j && checked[1] === m && checked[2] === n ? ' checked' : '';
      h += cell(dlDw[m * N + n], { t: 'dl_dw', j, i: m * N + n, label: tname('∂L/∂w', `${m + 1},${n + 1}`, j), cls: `prod${on}`, pick: [j, m, n] });
    }
    h += '</tr>';
  }
  const big = M > 10 || N > 8;
  return `<figure class="mx outer"><figcaption>x<sup>${j}</sup> (∂L/∂g<sup>${j}</sup>)<sup>T</sup>: column × row</figcaption>` +
    `<div class="mscroll" ${big ? 'tabindex="0" ' : ''}role="group" aria-label="outer product table"><table class="mat outer">${h}</table></div>` +
    `<div class="mshape">(${M} × 1)(1 × ${N}) = ${M} × ${N}</div>${big ? `<div class="mnote" hidden>${M} × ${N}: scroll to see every entry</div>` : ''}</figure>`;
}

// ---- The heatmaps of the gradients so far, one card per layer (j = 0 … J, left to right, as
// in the diagram).

const BAND = [
  ['dl_dy', (c) => [1, c.n], 'rowv', (s) => `(∂L/∂y${s})ᵀ`],
  ['dl_dg', (c) => [1, c.n], 'rowv', (s) => `(∂L/∂g${s})ᵀ`],
  ['dl_dw', (c) => [c.m, c.n], 'grid', (s, c) => `∂L/∂w${s}  (${c.m} × ${c.n})`],
  ['dl_db', (c) => [1, c.n], 'rowv', (s) => `(∂L/∂b${s})ᵀ`],
  ['dl_dx', (c) => [c.m, 1], 'colv', (s) => `∂L/∂x${s}`],
];

export function bandHtml(sizes) {
  let h = '';
  for (let j = 0; j < sizes.length - 1; j++) {
    h += `<figure class="scard" data-j="${j}"><figcaption>layer j = ${j}</figcaption><div class="sgrid">`;
    for (const [t, , kind] of BAND) h += `<div class="hmw ${kind}" data-t="${t}" data-j="${j}"><canvas aria-label="${t.replace('dl_d', '∂L/∂')} of layer ${j}"></canvas></div>`;
    h += '</div></figure>';
  }
  return h;
}

function fit(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(canvas.clientWidth * dpr), h = Math.round(canvas.clientHeight * dpr);
  if (w > 0 && h > 0 && (canvas.width !== w || canvas.height !== h)) { canvas.width = w; canvas.height = h; }
  return w > 0 && h > 0;
}

/**
 * Draws every tensor as it stands (`grads.layers[j][t]`, 0 where not reached). `pending(j, t)`
 * says a tensor is not computed yet; `current` = {j, t, upto} is the one this step writes,
 * with its first `upto` cells filled (the cell-by-cell animation).
 */
export function drawBand(api, root, grads, pending, current) {
  const theme = plotTheme();
  for (const wrap of root.querySelectorAll('.hmw')) {
    const j = Number(wrap.dataset.j), t = wrap.dataset.t, L = grads.layers[j];
    const spec = BAND.find((b) => b[0] === t);
    const c = { m: L.m, n: L.n };
    const [rows, cols] = spec[1](c);
    const isCur = current && current.j === j && current.t === t;
    const note = pending(j, t);
    wrap.classList.toggle('pending', !!note);
    wrap.dataset.note = note || '';
    wrap.classList.toggle('current', !!isCur);
    const canvas = wrap.querySelector('canvas');
    if (!fit(canvas)) continue;
    let values = L[t], highlight = null, range = 0;
    if (isCur && current.upto < values.length) {
      range = values.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      values = values.map((v, i) => (i < current.upto ? v : 0));
      const k = Math.max(0, current.upto - 1);
      highlight = [Math.floor(k / cols), k % cols];
    }
    api.drawHeatmap(canvas, values, rows, cols, {
      title: spec[3](sups(j), c), rowLabel: rows > 1 ? 'm' : '', colLabel: cols > 1 ? 'n' : '', numbers: false, highlight, range, theme,
    });
  }
}

/** Shows the "scroll to see every entry" note only where a matrix does not fit. */
export function markOverflow(root) {
  for (const mx of root.querySelectorAll('.mx')) {
    const s = mx.querySelector('.mscroll'), note = mx.querySelector('.mnote');
    if (s && note) note.hidden = !(s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1);
  }
}
