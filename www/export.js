// @ts-check
// Export: any layer's gradient tensor as CSV (the chosen sample's, or the last batch's mean),
// and any picture (the decision boundary, the network diagram, a heatmap) as PNG at the
// screen's device pixels. The panel opens from the Gradients header.

import { cssColor } from './theme.js';
import { download, showMessage } from './ui.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/** The tensors of a layer: [key, name, shape] with the seed's names (NOTATION.md). */
export const TENSORS = [
  ['dl_dw', '∂L/∂w', 'M × N'],
  ['dl_dg', '∂L/∂g', 'N × 1'],
  ['dl_db', '∂L/∂b', 'N × 1'],
  ['dl_dx', '∂L/∂x', 'M × 1'],
];

/** A tensor as CSV: ∂L/∂w as a grid `m\n,1,…,N` then one row per input m; a vector as
 * `index,value` rows (n for ∂L/∂g and ∂L/∂b, m for ∂L/∂x). Every digit of each f64. */
export function tensorCsv(key, values, m, n) {
  if (key === 'dl_dw') {
    const head = ['m\\n', ...Array.from({ length: n }, (_, k) => k + 1)].join(',');
    const rows = Array.from({ length: m }, (_, r) => [r + 1, ...values.slice(r * n, r * n + n)].join(','));
    return [head, ...rows].join('\n') + '\n';
  }
  const index = key === 'dl_dx' ? 'm' : 'n';
  return [`${index},${key}`, ...Array.from(values, (v, k) => `${k + 1},${v}`)].join('\n') + '\n';
}

const SUPERSCRIPT = Object.fromEntries([...'0123456789()'].map((c, i) => [c, '⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾'[i]]));

/** An element's text with its <sup> parts as superscript characters (w⁽⁰⁾, x⁰): a canvas
 * draws plain text. */
function plainText(el) {
  return Array.from(el.childNodes, (node) =>
    node.nodeName === 'SUP'
      ? [...(node.textContent ?? '')].map((c) => SUPERSCRIPT[c] ?? c).join('')
      : (node.textContent ?? ''),
  ).join('');
}

/** A canvas with the diagram as it stands (its canvases, its neurons' frames, its column
 * headers), at the device's pixel ratio: `out`, reused by a recording, or a new one. */
export function diagramPicture(root, out = document.createElement('canvas')) {
  const inner = /** @type {HTMLElement} */ (root.querySelector('.diagram-inner'));
  const dpr = window.devicePixelRatio || 1;
  const box = inner.getBoundingClientRect();
  out.width = Math.round(box.width * dpr);
  out.height = Math.round(box.height * dpr);
  const g = /** @type {CanvasRenderingContext2D} */ (out.getContext('2d'));
  g.fillStyle = cssColor('background');
  g.fillRect(0, 0, out.width, out.height);
  const at = (el) => {
    const r = el.getBoundingClientRect();
    return [(r.left - box.left) * dpr, (r.top - box.top) * dpr, r.width * dpr, r.height * dpr];
  };
  for (const c of inner.querySelectorAll('canvas')) {
    const [x, y, w, h] = at(c);
    g.drawImage(c, x, y, w, h);
  }
  for (const node of inner.querySelectorAll('.node')) {
    const style = getComputedStyle(node);
    g.strokeStyle = style.borderTopColor;
    g.lineWidth = parseFloat(style.borderTopWidth) * dpr;
    const [x, y, w, h] = at(node);
    g.strokeRect(x, y, w, h);
  }
  for (const text of inner.querySelectorAll('.lname, .shape, .nlabel')) {
    const style = getComputedStyle(text);
    const [x, y, w] = at(text);
    g.font = `${style.fontWeight} ${parseFloat(style.fontSize) * dpr}px ${style.fontFamily}`;
    g.fillStyle = style.color;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    g.fillText(plainText(text), x + w / 2, y);
  }
  return out;
}

/** Saves a canvas as a PNG file, pixel for pixel. */
function savePng(canvas, name) {
  canvas.toBlob((blob) => (blob ? download(name, blob) : showMessage(`The picture ${name} could not be made.`)));
}

/** The export panel, for the page's `renderer` (its per-layer tensors of the sample or of the
 * last batch's mean) and `heatmaps` (each layer's ∂L/∂w canvas).
 * @param {import('./state.js').App} app */
export function createExport(app, renderer, heatmaps) {
  const panel = $('export-panel');
  /** What a file name says of the tensor's source. */
  const describe = (batch) =>
    `${batch ? 'batch-mean' : `sample-${app.selected.set}${app.selected.index + 1}`}-epoch${app.trainer.epoch}`;

  function fillLayers(layers) {
    const select = /** @type {HTMLSelectElement} */ ($('export-layer'));
    const keep = Math.min(Number(select.value) || 0, layers - 1);
    select.replaceChildren(...Array.from({ length: layers }, (_, j) => new Option(`layer j = ${j}`, String(j))));
    select.value = String(keep);
  }

  function exportCsv() {
    const j = Number($('export-layer').value);
    const key = $('export-tensor').value;
    const batch = $('export-of').value === 'batch';
    const layer = renderer.gradients(batch).layers[j];
    const [m, n] = [layer.m, layer.n];
    download(`${key}-layer${j}-${describe(batch)}.csv`, tensorCsv(key, layer[key], m, n), 'text/csv');
  }

  function exportPng() {
    const what = $('export-picture').value;
    const j = Number($('export-layer').value);
    if (what === 'boundary') savePng($('boundary'), 'decision-boundary.png');
    else if (what === 'diagram') savePng(diagramPicture($('diagram')), 'network.png');
    else savePng(heatmaps.canvas(j, 'w'), `dl_dw-layer${j}-heatmap.png`);
  }

  function bind() {
    $('export-open').onclick = () => {
      panel.hidden = !panel.hidden;
      $('export-open').setAttribute('aria-expanded', String(!panel.hidden));
    };
    $('export-csv').onclick = exportCsv;
    $('export-png').onclick = exportPng;
  }

  return { bind, fillLayers };
}
