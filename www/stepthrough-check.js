// @ts-check
// The step-through's gradient check: backprop's ∂L/∂w_{m,n}^j beside the central difference
// (L(w + ε) − L(w − ε)) / 2ε, both computed in wasm (Network.gradCheck).

import { num } from './stepthrough-view.js';
import { sups } from './format.js';

/** Fills the gradient-check box: the layer/m/n pickers, a small edge picker for w^j, and
 * backprop against the central difference from `net.gradCheck`. Returns the weight checked
 * ([j, m, n]), or null when `check` no longer fits the network. */
export function showCheck($, d, smp, check, pickLayer, eps) {
  const sizes = d.sizes;
  if (check && !(check[0] <= d.J && check[1] < sizes[check[0]] && check[2] < sizes[check[0] + 1])) check = null;
  const j = check ? check[0] : pickLayer !== null && pickLayer <= d.J ? pickLayer : d.J;
  const opts = (k, v) =>
    Array.from({ length: k }, (_, i) => `<option value="${i}"${i === v ? ' selected' : ''}>${i + 1}</option>`).join('');
  $('[data-ck="j"]').innerHTML = sizes
    .slice(1)
    .map((_, i) => `<option value="${i}"${i === j ? ' selected' : ''}>${i}</option>`)
    .join('');
  $('[data-ck="m"]').innerHTML = opts(sizes[j], check ? check[1] : 0);
  $('[data-ck="n"]').innerHTML = opts(sizes[j + 1], check ? check[2] : 0);
  $('[data-ck="eps"]').value = String(eps);
  // The small picker: M inputs on the left, N outputs on the right, one line per w_{m,n}^j.
  const M = sizes[j],
    N = sizes[j + 1],
    H = Math.min(220, Math.max(M, N) * 18 + 12),
    W = 200;
  const y = (i, k) => 10 + (k === 1 ? (H - 20) / 2 : (i * (H - 20)) / (k - 1));
  let svg = '';
  for (let m = 0; m < M; m++)
    for (let n = 0; n < N; n++) {
      const on = check && check[0] === j && check[1] === m && check[2] === n;
      svg += `<line class="ck-edge${on ? ' on' : ''}" data-pick="${j},${m},${n}" x1="26" y1="${y(m, M)}" x2="${W - 26}" y2="${y(n, N)}"><title>w${m + 1},${n + 1}${sups(j)}</title></line>`;
    }
  for (let m = 0; m < M; m++)
    svg += `<circle cx="26" cy="${y(m, M)}" r="5"></circle><text x="14" y="${y(m, M) + 4}" text-anchor="end">${m + 1}</text>`;
  for (let n = 0; n < N; n++)
    svg += `<circle cx="${W - 26}" cy="${y(n, N)}" r="5"></circle><text x="${W - 14}" y="${y(n, N) + 4}">${n + 1}</text>`;
  const s = $('.ck-svg');
  s.setAttribute('viewBox', `0 0 ${W} ${H}`);
  s.setAttribute('width', W);
  s.setAttribute('height', H);
  s.innerHTML = svg;
  const out = $('.ck-out');
  if (!check) {
    out.innerHTML = '<p class="muted">No weight picked yet.</p>';
    return;
  }
  const [cj, cm, cn] = check;
  const r = d.net.gradCheck(cj, cm, cn, smp.x, smp.Y, eps);
  const ok = r.relError < 1e-6;
  const w = `w<sub>${cm + 1},${cn + 1}</sub><sup>(${cj})</sup>`;
  // L(w ± ε) differ only in their 6th or 7th digit: those two are shown with 12.
  const row = (label, v, t, long = false) =>
    `<tr><th scope="row">${label}</th><td data-t="${t}" data-v="${v}" title="${String(v).replaceAll('-', '−')}">${long ? v.toPrecision(12).replaceAll('-', '−') : num(v)}</td></tr>`;
  out.innerHTML =
    `<table class="ck-table"><caption>${w}, ε = ${num(eps)}</caption>` +
    row(`backprop ∂L/∂${w} (Eq. 26)`, r.backprop, 'ck_backprop') +
    row(`L(w + ε)`, r.lossPlus, 'ck_plus', true) +
    row(`L(w − ε)`, r.lossMinus, 'ck_minus', true) +
    row('central difference (L(w + ε) − L(w − ε)) / 2ε', r.numeric, 'ck_numeric') +
    row('relative error |a − b| / max(|a|, |b|)', r.relError, 'ck_rel') +
    `</table><p class="ck-verdict ${ok ? 'ok' : 'bad'}">${ok ? '✓ They agree: relative error below 10⁻⁶.' : '✗ Relative error above 10⁻⁶: ε may be too large or too small, or g sits at a ReLU kink.'}</p>`;
  return check;
}
