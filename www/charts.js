// @ts-check
// The charts of training over time (plotters on canvas, drawn by wasm) and the confusion
// matrix (an HTML table, so that a screen reader can read it).

import { CLASS_COLORS, CLASS_NAMES, plotTheme } from './theme.js';
import { notice, paintColors } from './ui.js';

const MAX_POINTS = 400;

/** Training history, thinned by half whenever it grows past MAX_POINTS. */
export function createHistory() {
  let h = { epochs: [], train: [], test: [], norms: [] };
  return {
    push(epoch, train, test, norms) {
      h.epochs.push(epoch);
      h.train.push(train);
      h.test.push(test);
      h.norms.push(norms);
      if (h.epochs.length > MAX_POINTS) {
        for (const k of Object.keys(h)) h[k] = h[k].filter((_, i) => i % 2 === 0 || i === h[k].length - 1);
      }
    },
    clear() {
      h = { epochs: [], train: [], test: [], norms: [] };
    },
    get: () => h,
  };
}

function fit(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round((canvas.clientWidth || 360) * dpr);
  const hgt = Math.round((canvas.clientHeight || 170) * dpr);
  if (canvas.width !== w || canvas.height !== hgt) {
    canvas.width = w;
    canvas.height = hgt;
  }
}

const LAYER_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#999999',
  '#F0E442',
  '#000000',
];

/** Values a chart can draw on a log axis: at most 10³⁰ (a diverging run's 1e+300 is drawn at
 * the top of the axis, not off it); 0, NaN and ∞ are gaps. Tiny values stay as they are: a
 * saturated tanh's gradients of 10⁻²⁴ are shown there, not at a floor. */
export const onLog = (values) => values.map((v) => (Number.isFinite(v) && v > 0 ? Math.min(1e30, v) : NaN));

/** The histories (`history.get()`, new after each clear) whose loss chart went to a log axis. */
const onLogScale = new WeakSet();

/** A loss that grew or fell by more than 1000× (a divergence) is shown on a log axis. */
function spansDecades(...lists) {
  const v = lists.flat().filter((x) => Number.isFinite(x) && x > 0);
  return v.length > 1 && Math.max(...v) > 1e3 * Math.min(...v);
}

/** "#0b63ce" for [11, 99, 206]. */
const hex = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** The loss chart and the gradient-norm chart of `history`; in compare mode (`other`, run B's
 * history) both runs' losses share the loss chart and B's norms get their own chart. Their
 * legends are HTML under each chart (`legends`: `loss`, `norms`, `normsB`): inside the plot
 * they covered the lines. */
export function drawCharts(api, lossCanvas, normCanvas, history, legends, other = null) {
  const h = history.get();
  const b = other?.get();
  const theme = plotTheme();
  // Whole epochs on the axis: at least 5, so that the first frames do not read "0.500".
  const xMax = Math.max(5, h.epochs.at(-1) ?? 0, b?.epochs.at(-1) ?? 0);
  const logLoss = spansDecades(h.train, h.test, b?.train ?? [], b?.test ?? []);
  if (logLoss && !onLogScale.has(h)) {
    // The curve's shape changes at once: say why, once a run.
    onLogScale.add(h);
    notice('The loss chart is now on a log scale: the loss has grown or fallen more than 1000-fold.');
  }
  const loss = (v) => (logLoss ? onLog(v) : v.map((x) => (Number.isFinite(x) ? x : NaN)));
  const run = (name, x) => (b ? `${name}: ${x}` : x);
  const series = [
    { name: run('A', 'training loss'), color: [0x0b, 0x63, 0xce], values: loss(h.train), x: h.epochs },
    { name: run('A', 'test loss'), color: [0xd5, 0x5e, 0x00], values: loss(h.test), x: h.epochs, dashed: true },
  ];
  if (b)
    series.push(
      { name: 'B: training loss', color: [0x00, 0x9e, 0x73], values: loss(b.train), x: b.epochs },
      { name: 'B: test loss', color: [0xcc, 0x79, 0xa7], values: loss(b.test), x: b.epochs, dashed: true },
    );
  fit(lossCanvas);
  api.drawLineChart(lossCanvas, series, {
    title: `Loss L (mean per point)${logLoss ? ', log scale' : ''}`,
    xLabel: 'epoch',
    yLabel: 'L',
    xMax,
    logY: logLoss,
    legend: !legends?.loss,
    theme,
  });
  if (legends?.loss)
    lineLegend(
      legends.loss,
      series.map((x) => ({ ...x, hex: hex(x.color) })),
    );
  drawNorms(api, normCanvas, h, legends?.norms, xMax, `Gradient norm per layer (log scale)${b ? ', run A' : ''}`);
  const normB = document.getElementById('norm-chart-b');
  if (b && normB) drawNorms(api, normB, b, legends?.normsB, xMax, 'Gradient norm per layer (log scale), run B');
}

/** The series of ‖∂L/∂w^j‖ per layer j from `norms` (one array of layer norms per epoch). A
 * layer whose latest norm is 0 has no point to draw there: its name says "= 0". */
export function normSeries(norms) {
  const last = norms.at(-1) ?? [];
  return last.map((now, j) => {
    const hex = LAYER_COLORS[j % LAYER_COLORS.length];
    return {
      name: `‖∂L/∂w⁽${'⁰¹²³⁴⁵⁶⁷⁸'[j]}⁾‖${now === 0 ? ' = 0' : ''}`,
      color: [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)),
      values: onLog(norms.map((n) => n[j])),
      hex,
    };
  });
}

/** ‖∂L/∂w^j‖ of each layer over the epochs of history `h`, on a log axis. */
function drawNorms(api, canvas, h, legendBox, xMax, title) {
  fit(canvas);
  const series = normSeries(h.norms);
  // The legend goes under the chart, as HTML, where there is a box for it: inside the plot it
  // covered the newest epochs.
  api.drawLineChart(
    canvas,
    series.map(({ hex, ...x }) => ({ ...x, x: h.epochs })),
    { title, xLabel: 'epoch', yLabel: '‖∂L/∂w‖', xMax, logY: true, legend: !legendBox, theme: plotTheme() },
  );
  if (legendBox) lineLegend(legendBox, series);
}

/** A line chart's legend as HTML, under the chart: a sample of each line (dashed where the
 * line is) and its name; rebuilt only when they change (the charts are redrawn every few
 * frames while playing). */
function lineLegend(box, series) {
  const key = series.map((x) => `${x.hex} ${x.dashed ? '--' : ''}${x.name}`).join('|');
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.hidden = series.length === 0;
  box.replaceChildren(
    ...series.map((x) => {
      const item = document.createElement('span');
      const sw = document.createElement('i');
      sw.className = 'sw line';
      sw.style.background = x.dashed ? `repeating-linear-gradient(90deg, ${x.hex} 0 5px, transparent 5px 8px)` : x.hex;
      item.append(sw, x.name);
      return item;
    }),
  );
}

/** K × K counts, rows = actual class, columns = predicted. */
export function drawConfusion(root, confusion, k, set = 'test') {
  const total = Array.from({ length: k }, (_, a) => confusion.slice(a * k, a * k + k).reduce((s, v) => s + v, 0));
  let html = `<table><caption class="visually-hidden">Confusion matrix of the ${set} set</caption><thead><tr><th scope="col"><small>actual ↓ predicted →</small></th>`;
  for (let p = 0; p < k; p++)
    html += `<th scope="col"><span class="sw" data-color="${CLASS_COLORS[p]}"></span>${CLASS_NAMES[p]}</th>`;
  html += '</tr></thead><tbody>';
  for (let a = 0; a < k; a++) {
    html += `<tr><th scope="row"><span class="sw" data-color="${CLASS_COLORS[a]}"></span>${CLASS_NAMES[a]}</th>`;
    for (let p = 0; p < k; p++) {
      const v = confusion[a * k + p] ?? 0; // (no points: an empty matrix)
      const share = total[a] ? v / total[a] : 0;
      // The diagonal in the class's colour; mistakes on a neutral grey, darker when frequent.
      const [r, g, b] = a === p ? [1, 3, 5].map((i) => parseInt(CLASS_COLORS[a].slice(i, i + 2), 16)) : [128, 128, 128];
      html += `<td class="${a === p ? 'hit' : 'miss'}" data-color="rgba(${r},${g},${b},${(share * (a === p ? 0.75 : 0.6)).toFixed(3)})" title="${v} of ${total[a]} ${CLASS_NAMES[a]} points predicted ${CLASS_NAMES[p]}">${v}</td>`;
    }
    html += '</tr>';
  }
  root.innerHTML = html + '</tbody></table>';
  paintColors(root);
}
