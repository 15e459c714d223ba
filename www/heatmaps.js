// The gradients band: for every layer j, ∂L/∂w^j (M^j × N^j) as a heatmap, with ∂L/∂g^j and
// ∂L/∂b^j as strips along n and ∂L/∂x^j as a strip along m, drawn by plotters (wasm) on a
// symmetric diverging scale with a colour bar each.

import { plotTheme } from './theme.js';

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
export const sup = (j) => String(j).split('').map((d) => SUP[d]).join('');

export function createHeatmaps(root, { onCell }) {
  let cards = [];
  let last = null;
  let highlighted = null; // [j, m, n]

  function build(sizes) {
    root.replaceChildren();
    cards = [];
    for (let j = 0; j < sizes.length - 1; j++) {
      const card = document.createElement('figure');
      card.className = 'gcard';
      card.innerHTML = `<figcaption>layer j = ${j}</figcaption>
        <canvas class="hm-w" aria-label="dL/dw of layer ${j}"></canvas>
        <canvas class="hm-g strip" aria-label="dL/dg of layer ${j}"></canvas>
        <canvas class="hm-b strip" aria-label="dL/db of layer ${j}"></canvas>
        <canvas class="hm-x strip" aria-label="dL/dx of layer ${j}"></canvas>`;
      // Each canvas is as tall as its matrix needs, with cells of at most 30 CSS px.
      const m = sizes[j], n = sizes[j + 1];
      // The cards stand in one row, layer by layer, as wide as the band allows.
      const width = Math.max(280, (root.clientWidth || 600) / (sizes.length - 1)) - 100;
      const cell = Math.max(6, Math.min(30, width / n));
      const zoom = document.documentElement.classList.contains('projector') ? 1.4 : 1;
      const h = Math.round(zoom * Math.min(300, Math.max(90, 52 + m * cell)));
      card.style.setProperty('--hm-h', `${h}px`);
      if (n > 10 || m > 14) card.classList.add('wide');
      root.appendChild(card);
      const c = {
        j, m: sizes[j], n: sizes[j + 1], card,
        w: card.querySelector('.hm-w'), x: card.querySelector('.hm-x'), g: card.querySelector('.hm-g'), b: card.querySelector('.hm-b'),
        geom: null,
      };
      c.w.addEventListener('mousemove', (e) => {
        const cell = cellAt(c, e);
        onCell(cell ? { j, m: cell[0], n: cell[1], x: e.clientX, y: e.clientY } : null);
      });
      c.w.addEventListener('mouseleave', () => onCell(null));
      cards.push(c);
    }
  }

  function cellAt(c, e) {
    if (!c.geom) return null;
    const dpr = c.w.width / c.w.clientWidth;
    const r = c.w.getBoundingClientRect();
    const px = (e.clientX - r.left) * dpr, py = (e.clientY - r.top) * dpr;
    const col = Math.floor((px - c.geom.x0) / c.geom.cellWidth), row = Math.floor((py - c.geom.y0) / c.geom.cellHeight);
    return row >= 0 && col >= 0 && row < c.m && col < c.n ? [row, col] : null;
  }

  function fit(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(canvas.clientWidth * dpr), h = Math.round(canvas.clientHeight * dpr);
    if (w > 0 && h > 0 && (canvas.width !== w || canvas.height !== h)) { canvas.width = w; canvas.height = h; }
  }

  /** `layers[j]` = {dl_dw, dl_dg, dl_db, dl_dx}; `note` says whose gradients these are. */
  function update(api, layers) {
    last = layers;
    const theme = plotTheme();
    for (const c of cards) {
      const L = layers[c.j];
      if (!L) continue;
      const s = sup(c.j);
      const hl = highlighted && highlighted[0] === c.j ? [highlighted[1], highlighted[2]] : null;
      c.x.hidden = false;
      for (const cv of [c.w, c.x, c.g, c.b]) fit(cv);
      c.geom = api.drawHeatmap(c.w, L.dl_dw, c.m, c.n, { title: `∂L/∂w${s}  (${c.m} × ${c.n})`, rowLabel: 'm', colLabel: 'n', highlight: hl, theme });
      c.x.hidden = !L.dl_dx; // the batch view has no mean ∂L/∂x
      if (L.dl_dx) api.drawHeatmap(c.x, L.dl_dx, 1, c.m, { title: `(∂L/∂x${s})ᵀ`, rowLabel: '', colLabel: 'm', theme });
      api.drawHeatmap(c.g, L.dl_dg, 1, c.n, { title: `(∂L/∂g${s})ᵀ`, rowLabel: '', colLabel: 'n', theme });
      api.drawHeatmap(c.b, L.dl_db, 1, c.n, { title: `(∂L/∂b${s})ᵀ`, rowLabel: '', colLabel: 'n', theme });
    }
  }

  return {
    build,
    update,
    highlight(api, cell) {
      highlighted = cell;
      if (last) update(api, last);
    },
    geometry: (j) => cards[j]?.geom,
    canvas: (j, which) => cards[j]?.[which],
  };
}
