// @ts-check
// The Fig. 1 network diagram: layers as columns j = 0 … J, every w_{m,n}^j an edge whose width
// and colour follow its value (diagram-edges.js), every neuron a tile showing y_n^j over the
// input plane (diagram-tiles.js) in a frame that takes clicks and focus.
// It takes plain data (sizes, activations, weights, gradients) and reports user intent
// through callbacks; it never talks to wasm.

import { ACTIVATIONS, ACTIVATION_NAMES, FEATURES, MAX_NEURONS, PLAIN_FEATURES } from './state.js';
import { divergingCss, CLASS_COLORS, zoom } from './theme.js';
import { full, short, sig4 } from './format.js';
import { createEdgeCanvas, lookOf, NO_LOOK } from './diagram-edges.js';
import { createTileCanvas } from './diagram-tiles.js';

/** The width of a tile's frame, CSS px (panels.css's `.node` border). */
const FRAME = 2;

/** The narrowest a layer's column gets, in CSS px at zoom 1: room for "j = 8", "w⁸: 32 × 32",
 * the − + buttons and the activation menu, stacked. */
const MIN_COL = 84;

export function createDiagram(root, callbacks) {
  /** {sizes, activations, loss, classes, nodes: [[{x, y, el}]], tile, inner, looks, lit, painter
   * (the edges' canvas), tiles (the tiles' canvas), painted, stale, hover}: `looks[j][k]` and
   * `lit[j][k]` are edge k of layer j's look and highlight. */
  let layout = null;
  let data = null; // {weights, biases, grads, gradBiases, dead}
  let highlighted = null; // the spec of the last highlight, kept across rebuilds
  const el = (tag, cls, parent) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  };

  /** The per-layer header: its name, the shape of w^j, the neuron buttons and the menu. */
  function header(parent, c, sizes, activations, colW) {
    const head = el('div', 'layer-head', parent);
    head.style.left = `${colW * c}px`;
    head.style.width = `${colW}px`;
    if (c === 0) {
      head.innerHTML = `<div class="lname">input</div><div class="shape">x<sup>(0)</sup>: ${sizes[0]} × 1</div>`;
      return head;
    }
    const j = c - 1,
      count = sizes[c],
      last = c === sizes.length - 1;
    head.innerHTML = `<div class="lname">j = ${j}${last ? ' (output)' : ''}</div>
      <div class="shape" title="w^${j} is M^${j} × N^${j}">w<sup>(${j})</sup>: ${sizes[c - 1]} × ${count}</div>`;
    const ctl = el('div', 'lctl', head);
    if (!last) {
      const tiny = (text, label, delta, disabled) => {
        const b = el('button', 'tiny', ctl);
        b.type = 'button';
        b.textContent = text;
        b.setAttribute('aria-label', label);
        b.disabled = disabled;
        b.onclick = () => callbacks.onNeurons(j, delta);
      };
      tiny('−', `Remove a neuron from layer ${j}`, -1, count <= 1);
      tiny('+', `Add a neuron to layer ${j}`, +1, count >= MAX_NEURONS);
    }
    const sel = el('select', 'act', ctl);
    sel.setAttribute('aria-label', `Activation of layer ${j}`);
    for (const a of ACTIVATIONS) sel.add(new Option(ACTIVATION_NAMES[a], a));
    sel.value = activations[j];
    sel.onchange = () => callbacks.onActivation(j, sel.value);
    return head;
  }

  /** Rebuilds the DOM for an architecture: sizes [M^0, N^0, …, N^J]. Columns are at least
   * MIN_COL wide: a deep network scrolls sideways inside its card rather than overlap. */
  function build(spec) {
    root.replaceChildren();
    const { sizes, activations } = spec;
    const cols = sizes.length; // input column + one per layer
    const z = zoom();
    const avail = root.clientWidth || 700;
    const width = Math.max(avail, Math.ceil(cols * MIN_COL * z));
    const colW = width / cols;
    root.classList.toggle('narrow', colW < 130 * z);
    root.classList.toggle('scrolls', width > avail);
    const inner = el('div', 'diagram-inner', root);
    inner.style.width = `${width}px`;
    const heads = sizes.map((_, c) => header(inner, c, sizes, activations, colW));
    // Tiles start below the tallest header, whatever the font size makes it.
    const headerH = Math.max(...heads.map((h) => h.offsetHeight)) + 10 * z;
    const maxN = Math.max(...sizes);
    // As tall as fits under the bars above it, at most 560 px; but at least 320 px of tiles
    // (scaled): on a short screen, projector mode's taller bars must not shrink the tiles.
    const availH = Math.max(headerH + 320 * z, Math.min(560 * z, window.innerHeight - 330 * z));
    const tile = Math.max(12, Math.min(44 * z, Math.floor((availH - headerH - 10) / maxN) - 6));
    const gap = Math.max(4, Math.min(14, tile / 3));
    root.classList.toggle('small-tiles', tile < 30); // "dead" does not fit: a × says it
    const height = headerH + maxN * (tile + gap) + 10;
    inner.style.height = `${height}px`;
    const nodes = sizes.map((count, c) => {
      const x = colW * (c + 0.5);
      const top = headerH + ((maxN - count) * (tile + gap)) / 2;
      return Array.from({ length: count }, (_, i) => ({ x, y: top + i * (tile + gap) + tile / 2 }));
    });
    // Edges first (under the tiles), on a canvas: w_{m,n}^j from the right of column j's tile m
    // to the left of column j + 1's tile n.
    const ends = nodes.slice(1).map((b, j) => ({
      x1: nodes[j][0].x + tile / 2,
      x2: b[0].x - tile / 2,
      ya: nodes[j].map((a) => a.y),
      yb: b.map((n) => n.y),
    }));
    const painter = createEdgeCanvas(inner, width, height, ends);
    painter.canvas.setAttribute('role', 'img');
    painter.canvas.setAttribute('aria-label', `Network with layer sizes ${sizes.join(', ')}`);
    // Tiles: the neurons' images on one canvas, under their frames.
    const boxes = nodes
      .slice(1)
      .flatMap((col) =>
        col.map((n) => ({ x: n.x - tile / 2 + FRAME, y: n.y - tile / 2 + FRAME, size: tile - 2 * FRAME })),
      );
    const tiles = createTileCanvas(inner, width, height, boxes);
    nodes.forEach((col, c) =>
      col.forEach((node, i) => {
        const wrap = el('div', 'node', inner);
        wrap.style.left = `${node.x - tile / 2}px`;
        wrap.style.top = `${node.y - tile / 2}px`;
        wrap.style.width = wrap.style.height = `${tile}px`;
        wrap.dataset.c = c;
        wrap.dataset.i = i;
        node.el = wrap;
        if (c === 0) {
          wrap.classList.add('input');
          const feature = featureAt(spec, i);
          wrap.setAttribute('aria-label', `input x${i + 1}: ${feature.label}`);
          drawFeature(el('canvas', '', wrap), feature);
          const label = el('span', 'nlabel', wrap);
          label.textContent = feature.label;
        } else {
          wrap.setAttribute('tabindex', '0');
          wrap.setAttribute('role', 'button');
          const j = c - 1;
          wrap.setAttribute('aria-label', `neuron n = ${i + 1} of layer j = ${j}; press Enter to edit its bias`);
          if (c === cols - 1 && spec.classes > 2) wrap.style.borderColor = CLASS_COLORS[i];
          if (c === cols - 1 && sizes[c] === 2) wrap.style.borderColor = CLASS_COLORS[i];
        }
      }),
    );
    // The look each edge was last given (see `update`); none yet.
    const looks = ends.map((e) => new Int16Array(e.ya.length * e.yb.length).fill(NO_LOOK));
    const lit = looks.map((l) => new Uint8Array(l.length));
    layout = {
      ...spec,
      nodes,
      tile,
      inner,
      looks,
      lit,
      painter,
      tiles,
      painted: false,
      stale: false,
      fresh: true,
      hover: null,
    };
    if (highlighted) highlight(highlighted);
    return { scrolls: width > avail };
  }

  /** Weights, gradients, dead units and the neuron tiles (an RGBA buffer of size² tiles).
   * With `edgesLater`, changed edges wait for a later update to be repainted. */
  function update(d) {
    if (!layout) return;
    data = d;
    const max = largestMagnitude(d.weights);
    let changed = !layout.painted || layout.stale;
    layout.looks.forEach((looks, j) => (changed = setLooks(looks, d.weights[j], max) || changed));
    layout.fresh ||= changed;
    layout.painted = true;
    layout.stale = changed && d.edgesLater === true;
    if (changed && !layout.stale) paintEdges();
    if (d.tiles) layout.tiles.paint(d.tiles, d.tileSize);
    if (d.dead) {
      layout.nodes.slice(1).forEach((col, j) =>
        col.forEach((node, n) => {
          const dead = !!(d.dead[j] && d.dead[j][n]);
          node.el.classList.toggle('dead', dead);
          node.el.title = dead
            ? 'Dead ReLU: g < 0 for every training point, so f\u2032(g) = 0 and no gradient flows'
            : '';
        }),
      );
    }
  }

  /** Sets layer j's looks from its weights; returns whether any changed. */
  function setLooks(looks, w, max) {
    let changed = false;
    for (let k = 0; k < looks.length; k++) {
      const look = lookOf(w[k], max);
      if (look !== looks[k]) changed = true;
      looks[k] = look;
    }
    return changed;
  }

  /** The theme changed: the inputs' pictures in its colours, and the edges at the next
   * `update` (the rest of the diagram follows the CSS). */
  function restyle() {
    if (!layout) return;
    for (const [i, node] of layout.nodes[0].entries())
      drawFeature(node.el.querySelector('canvas'), featureAt(layout, i));
    layout.stale = layout.fresh = layout.painted;
  }

  /** Paints the edges an update left for later, if any; returns whether it did. */
  function paintStale() {
    if (!layout?.stale) return false;
    layout.stale = false;
    paintEdges();
    return true;
  }

  /** Repaints the edges (once they have looks). */
  function paintEdges() {
    if (!layout?.painted) return;
    const dim = root.classList.contains('dim');
    layout.painter.paint(layout.looks, layout.lit, dim, layout.hover, layout.fresh);
    layout.fresh = false;
  }

  /** Highlights the edges of w^j (all, or some [m, n]) and the nodes they join; null clears.
   * A rebuilt diagram (a resize, projector mode) keeps it. */
  function highlight(spec) {
    highlighted = spec;
    if (!layout) return;
    root.querySelectorAll('.hl').forEach((e) => e.classList.remove('hl'));
    layout.lit.forEach((l) => l.fill(0));
    root.classList.toggle('dim', !!spec);
    if (spec) mark(spec);
    paintEdges();
  }

  /** Marks the highlighted edges (lit) and nodes (`.hl`). */
  function mark({ j, pairs, inputs, outputs }) {
    if (j === undefined || !layout.nodes[j + 1]) return; // a layer this network does not have
    const lit = layout.lit[j],
      [M, N] = [layout.sizes[j], layout.sizes[j + 1]];
    if (pairs === 'all') lit.fill(1);
    for (const [m, n] of pairs === 'all' ? [] : pairs || []) if (m >= 0 && m < M && n >= 0 && n < N) lit[m * N + n] = 1;
    for (const m of inputs || []) layout.nodes[j][m]?.el.classList.add('hl');
    for (const nn of outputs || []) layout.nodes[j + 1][nn]?.el.classList.add('hl');
  }

  /** The edge under the pointer, [j, k], or null: drawn lit. */
  function hoverEdge(edge) {
    if (!layout) return;
    layout.hover = edge;
    paintEdges();
  }

  function edgeInfo(j, m, n) {
    const N = layout.sizes[j + 1];
    const w = data?.weights[j]?.[m * N + n];
    const g = data?.grads?.[j]?.[m * N + n];
    return { w, g };
  }

  /** The edge under a pointer event, {j, m, n}, or null (over a tile or a header: none). */
  function edgeUnder(e) {
    if (!layout || e.target.closest?.('.node, .layer-head')) return null;
    const r = layout.painter.canvas.getBoundingClientRect();
    return layout.painter.edgeAt(e.clientX - r.left, e.clientY - r.top);
  }

  /** Hovers the edge under the pointer (tooltip, lit, the pointer cursor), or none. */
  function pointAt(e) {
    const edge = edgeUnder(e);
    const k = edge && edge.m * layout.sizes[edge.j + 1] + edge.n;
    const [j0, k0] = layout?.hover ?? [];
    if (edge ? edge.j === j0 && k === k0 : !layout?.hover) return;
    hoverEdge(edge && [edge.j, k]);
    layout.inner.style.cursor = edge ? 'pointer' : '';
    if (!edge) return callbacks.onHover(null);
    const { w, g } = edgeInfo(edge.j, edge.m, edge.n);
    callbacks.onHover({ kind: 'edge', ...edge, w, g, x: e.clientX, y: e.clientY });
  }

  // Tooltips and editing, by delegation.
  root.addEventListener('pointermove', pointAt);
  root.addEventListener('pointerleave', pointAt);
  root.addEventListener('pointerover', (e) => {
    const node = e.target.closest?.('.node');
    if (!node || node.dataset.c === '0') return;
    const j = Number(node.dataset.c) - 1,
      n = Number(node.dataset.i);
    const softmaxOut = layout.loss === 'softmax_cross_entropy' && j === layout.sizes.length - 2;
    callbacks.onHover({
      kind: 'node',
      j,
      n,
      b: data?.biases[j]?.[n],
      g: data?.gradBiases?.[j]?.[n],
      dead: node.classList.contains('dead'),
      softmaxOut,
      x: e.clientX,
      y: e.clientY,
    });
  });
  root.addEventListener('pointerout', (e) => {
    if (e.target.closest?.('.node')) callbacks.onHover(null);
  });
  root.addEventListener('click', (e) => {
    const node = e.target.closest?.('.node');
    if (node && node.dataset.c !== '0')
      return callbacks.onEditBias(Number(node.dataset.c) - 1, Number(node.dataset.i), e.clientX, e.clientY);
    const edge = edgeUnder(e);
    if (edge) callbacks.onEditWeight(edge.j, edge.m, edge.n, e.clientX, e.clientY);
  });
  root.addEventListener('keydown', (e) => {
    const node = e.target.closest?.('.node');
    if (node && node.dataset.c !== '0' && e.key === 'Enter') {
      e.preventDefault(); // else the same Enter submits the editor it opens, empty
      const r = node.getBoundingClientRect();
      callbacks.onEditBias(Number(node.dataset.c) - 1, Number(node.dataset.i), r.right, r.top);
    }
  });

  return {
    build,
    update,
    paintStale,
    restyle,
    highlight,
    counts: () => ({
      nodes: root.querySelectorAll('.node').length,
      edges: layout?.looks.reduce((s, l) => s + l.length, 0) ?? 0,
    }),
    /** How many edges are highlighted. */
    lit: () => layout?.lit.reduce((s, l) => s + l.reduce((a, b) => a + b, 0), 0) ?? 0,
    /** Where edge (j, m, n) is, a fraction `f` of the way along it, in client px (for tests). */
    edgePoint(j, m, n, f = 0.3) {
      const r = layout.painter.canvas.getBoundingClientRect();
      const p = layout.painter.pointOn(j, m, n, f);
      return { x: r.left + p.x, y: r.top + p.y };
    },
  };
}

/** max |w| over every layer's weights (indexed loops: a frame's update allocates nothing). */
function largestMagnitude(weights) {
  let max = 0;
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j];
    for (let k = 0; k < w.length; k++) if (Math.abs(w[k]) > max) max = Math.abs(w[k]);
  }
  return max;
}

/** A value in a tooltip: 4 significant digits shown, every digit in `data-full`. */
const value = (name, v) => `<span data-value="${name}" data-full="${full(v)}">${sig4(v)}</span>`;

/** The tooltip text of an edge or a node, in the seed's notation (m, n from 1). */
export function hoverHtml(h, gradLabel) {
  if (h.kind === 'edge') {
    const idx = `${h.m + 1},${h.n + 1}`;
    return (
      `<b>w<sub>${idx}</sub><sup>(${h.j})</sup></b> = ${value('w', h.w)}<br>` +
      `∂L/∂w<sub>${idx}</sub><sup>(${h.j})</sup> = ${value('dl_dw', h.g)} <small>(${gradLabel})</small><br>` +
      `<small>joins input m = ${h.m + 1} to output n = ${h.n + 1} of layer j = ${h.j}. Click to edit it (every digit is there).</small>`
    );
  }
  return (
    `<b>b<sub>${h.n + 1}</sub><sup>(${h.j})</sup></b> = ${value('b', h.b)}<br>` +
    `∂L/∂b<sub>${h.n + 1}</sub><sup>(${h.j})</sup> = ${value('dl_db', h.g)} <small>(${gradLabel})</small><br>` +
    (h.dead ? '<small><b>Dead ReLU</b>: g &lt; 0 for every training point, so no gradient flows.</small><br>' : '') +
    `<small>The tile shows ${h.softmaxOut ? `z<sub>${h.n + 1}</sub>, the softmax probability of this class,` : `y<sub>${h.n + 1}</sub><sup>(${h.j})</sup>`} over the input plane. Click to edit b.</small>`
  );
}

export { short };

/** The feature of input i of a diagram's spec. */
function featureAt(spec, i) {
  const id = (spec.features ?? PLAIN_FEATURES)[i];
  return FEATURES.find((f) => f.id === id) ?? FEATURES[i];
}

/** A feature's picture over the plane, 24 × 24, on the diverging scale of its largest |value|
 * there (x₁ runs orange to blue left to right; x₁² is blue at both sides). */
export function drawFeature(canvas, feature) {
  const n = 24;
  canvas.width = canvas.height = n;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const at = (p) => ((p + 0.5) / n) * 12 - 6;
  const values = Array.from({ length: n * n }, (_, k) => feature.of([at(k % n), -at(Math.floor(k / n))]));
  const max = Math.max(...values.map(Math.abs));
  values.forEach((v, k) => {
    ctx.fillStyle = divergingCss(v, max);
    ctx.fillRect(k % n, Math.floor(k / n), 1, 1);
  });
}
