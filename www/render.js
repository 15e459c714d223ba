// @ts-check
// One frame of the page: reads what the views need from wasm (zero-copy views of the
// Trainer's buffers, copied where they must outlive the next call) and hands plain data to
// each view. The slow parts (plotters heatmaps and charts, dead units) run at most ~8 times
// a second while playing.

import { bytes, f64view } from './wasm.js';
import { drawCharts, drawConfusion } from './charts.js';
import { cssColor, currentTheme, pictureStyle } from './theme.js';
import { percent, short } from './format.js';
import { explainZeros, gradCaption, reachesEveryLayer } from './explain.js';

/** A form control or output by id. (Typed loosely: the ids name inputs, selects and outputs
 * alike, and the values written are numbers as often as strings.)
 * @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
export const TILE = 24;
/** The boundary's share of a frame while playing without the paint worker, ms: a network
 * whose whole image costs more gets a band of rows per frame. */
const BAND_MS = 8;
/** Paused, a boundary estimated to cost more than this, ms (a frame), is not painted whole on
 * the main thread: a coarse preview is (about PREVIEW_MS), and the worker paints the exact
 * image and the neuron tiles, so a click on a big network answers within a frame or two. */
const WHOLE_MS = 16;
const PREVIEW_MS = 6;
/** While playing, a frame draws the slow parts of a refresh (heatmaps, charts) for about
 * PIECES_MS, and only while its script so far (training included) is under FRAME_MS; a frame
 * already past it leaves them to the next, at most SKIPS times in a row. */
const PIECES_MS = 2;
const FRAME_MS = 8;
const SKIPS = 2;
/** Above this many neurons, the diagram is redrawn at the slow pace while playing. */
const BIG_NETWORK = 64;
/** While playing, the diagram's edges are repainted at most this often, ms: rasterizing a few
 * hundred wide curves costs the browser more than the rest of a small network's frame. */
const EDGES_MS = 50;

/** The probe's tensors: 0 x, 1 g, 3 dl_dy, 4 dl_dg, 5 dl_dw, 6 dl_db, 7 dl_dx. */
function probeLayer(t, j, m, n, activation) {
  const v = (which, len) => f64view(t.probeView(j, which), len).slice();
  return {
    m,
    n,
    activation,
    x: v(0, m),
    g: v(1, n),
    dl_dy: v(3, n),
    dl_dg: v(4, n),
    dl_dw: v(5, m * n),
    dl_db: v(6, n),
    dl_dx: v(7, m),
  };
}

/** The batch mean of ∂L/∂w, ∂L/∂b and ∂L/∂x; its mean ∂L/∂g equals that of ∂L/∂b (Eq. 27). */
function batchLayer(t, j, m, n) {
  const dl_db = f64view(t.parameterView(j, 3), n).slice();
  const dl_dw = f64view(t.parameterView(j, 2), m * n).slice();
  return { m, n, dl_dw, dl_db, dl_dg: dl_db, dl_dx: f64view(t.parameterView(j, 4), m).slice() };
}

/** Runs `f`, adding its milliseconds to `app.profile[stage]` when the frame is being
 * measured (`cargo xtask bench --browser`); otherwise just runs it.
 * @template T @param {import('./state.js').App} app @param {string} stage @param {() => T} f
 * @returns {T} */
export function timed(app, stage, f) {
  if (!app.profile) return f();
  const start = performance.now();
  const out = f();
  app.profile[stage] = (app.profile[stage] ?? 0) + performance.now() - start;
  return out;
}

/** @param {import('./state.js').App} app @param {any} views */
export function createRenderer(app, views) {
  const { boundary, diagram, heatmaps, paints } = views;
  let cache = { sizes: null, points: null };
  /** What the paint worker was last sent: the trainer whose network it has, and the theme. */
  let sent = { trainer: null, theme: '' };

  const sizes = () => cache.sizes || (cache.sizes = Array.from(app.trainer.sizes()));
  const points = () =>
    cache.points || (cache.points = { ...app.trainer.points(), regression: app.trainer.classes === 1 });
  const activations = () => [...app.settings.hidden.map((h) => h.activation), app.settings.outputActivation];
  /** Σ M^j N^j, the weights: what a pixel of the boundary costs is proportional to. */
  const weightCount = () => sizes().reduce((w, n, j, s) => w + (j ? s[j - 1] * n : 0), 0);
  /** The estimated ms of a whole boundary of size² pixels here (0 until measured). */
  const wholeCost = (size) => (app.boundaryCost ?? 0) * size * size * weightCount();
  /** Σ N^j, the neurons with a tile. */
  const neurons = () =>
    sizes()
      .slice(1)
      .reduce((a, b) => a + b, 0);

  /** The chosen point: its coordinates and its target (the class label, or a regression's
   * value: what `probe` and `target` take). */
  function selectedPoint() {
    const p = points();
    const test = app.selected.set === 'test';
    const xs = test ? p.test : p.train,
      targets = test ? p.testTargets : p.trainTargets;
    // No point at all (own data, cleared): the origin as class 0 keeps every view defined.
    if (!targets.length) return { x: [0, 0], label: 0 };
    const i = Math.min(app.selected.index, targets.length - 1);
    return { x: [xs[2 * i], xs[2 * i + 1]], label: targets[i] };
  }

  /** One point's forward and backward pass, per layer, copied to JS. */
  function probe(x, label) {
    const t = app.trainer,
      s = sizes(),
      acts = activations();
    const loss = t.probe(x[0], x[1], label);
    return { loss, layers: s.slice(1).map((n, j) => probeLayer(t, j, s[j], n, acts[j])) };
  }

  /** The per-layer tensors of the chosen sample (probe) or of the last batch. */
  function gradients(batch = app.batchView) {
    const { x, label } = selectedPoint();
    const p = probe(x, label);
    if (batch) {
      const s = sizes();
      p.layers = s.slice(1).map((n, j) => batchLayer(app.trainer, j, s[j], n));
    }
    return { ...p, x, label };
  }

  /** The first training point whose gradient reaches every layer (else the first). */
  function teachingSample() {
    const p = points();
    for (let i = 0; i < p.trainLabels.length; i++) {
      if (reachesEveryLayer(probe([p.train[2 * i], p.train[2 * i + 1]], p.trainLabels[i]).layers))
        return { set: 'train', index: i };
    }
    return { set: 'train', index: 0 };
  }

  function weights() {
    const s = sizes();
    return {
      weights: s.slice(1).map((n, j) => f64view(app.trainer.parameterView(j, 0), s[j] * n).slice()),
      biases: s.slice(1).map((n, j) => f64view(app.trainer.parameterView(j, 1), n).slice()),
    };
  }

  /** Dead ReLU flags per layer, from the byte-per-neuron buffer in wasm memory. */
  function deadUnits(count) {
    const flags = bytes(app.trainer.deadUnits(), count);
    const s = sizes(),
      out = [];
    let k = 0;
    for (let j = 1; j < s.length; j++) {
      out.push(flags.slice(k, k + s[j]));
      k += s[j];
    }
    return out;
  }

  /** Paints the decision boundary at full resolution, here. Without the paint worker, while
   * playing, a big network's next image is painted a band of rows at a time (~BAND_MS a frame)
   * and shown once complete; otherwise whole. Returns the image's address. */
  function paintBoundary(size) {
    const t = app.trainer,
      perRow = size * weightCount();
    if (!app.playing || app.boundaryCost === undefined) {
      const start = performance.now();
      const ptr = t.renderBoundary(size);
      app.boundaryCost = (performance.now() - start) / (size * perRow);
      app.boundaryRow = 0;
      return ptr;
    }
    const rows = Math.max(8, Math.min(size, Math.floor(BAND_MS / Math.max(app.boundaryCost * perRow, 1e-3))));
    const start = performance.now();
    const ptr = t.renderBoundaryRows(size, app.boundaryRow, rows);
    const done = Math.min(rows, size - app.boundaryRow);
    app.boundaryCost = 0.8 * app.boundaryCost + (0.2 * (performance.now() - start)) / (done * perRow);
    app.boundaryRow = app.boundaryRow + rows >= size ? 0 : app.boundaryRow + rows;
    return ptr;
  }

  function showMetrics(m) {
    $('epoch').value = String(m.epoch);
    // NaN: a set without points (own data has no test set).
    const loss = (v) => (Number.isNaN(v) ? '–' : short(v));
    $('train-loss').value = loss(m.train.loss);
    $('test-loss').value = loss(m.test.loss);
    $('train-acc').value = percent(m.train.accuracy);
    $('test-acc').value = percent(m.test.accuracy);
    // The top bar: "test 47.2% (L 0.684) · train 52.8%"; a regression's sets by their L alone.
    const bar = (s) =>
      Number.isNaN(s.loss) ? 'no points' : Number.isNaN(s.accuracy) ? `L ${short(s.loss)}` : percent(s.accuracy);
    const testL = Number.isNaN(m.test.accuracy) ? '' : ` (L ${short(m.test.loss)})`;
    $('bar-test').value = bar(m.test) + testL;
    $('bar-train').value = bar(m.train);
  }

  /** Keeps the paint worker's network and colours those of the page. */
  function syncWorker() {
    if (sent.trainer !== app.trainer) {
      const net = app.trainer.network();
      paints.setNetwork(net.toJSON(), pictureStyle(), app.settings.features);
      net.free();
      sent = { trainer: app.trainer, theme: currentTheme() };
    } else if (sent.theme !== currentTheme()) {
      paints.setStyle(pictureStyle());
      sent.theme = currentTheme();
    }
  }

  /** Whether this frame's pictures are the worker's (decided by `fromWorker`). */
  let workerTurn = false;
  /** Whether the worker paints the pictures: while playing, and paused when the boundary
   * would take more than WHOLE_MS here. */
  const workerPaints = (size) => paints.ready() && (app.playing || wholeCost(size) > WHOLE_MS);

  /** Asks the paint worker for the current pictures, and returns the newest it has painted:
   * while playing, any (the last step's, or one before); paused, only those of the weights
   * shown. Null when the main thread paints. */
  function fromWorker(size) {
    workerTurn = workerPaints(size);
    if (!workerTurn) return null;
    syncWorker();
    if (app.playing) {
      // The parameters are copied out of wasm only when the worker can take them.
      if (paints.idle()) paints.request(app.trainer.parameters(), size, TILE, neurons());
      return paints.latest(size, TILE);
    }
    const parameters = app.trainer.parameters();
    const painted = paints.latest(size, TILE, parameters);
    if (!painted) paints.request(parameters, size, TILE, neurons());
    return painted;
  }

  /** The boundary's image: the worker's; paused while the worker paints, a coarse preview;
   * else painted here. Null while playing before the worker's first image: the picture shown
   * stays, a frame or two. */
  function boundaryImage(painted, size) {
    if (painted) return { image: painted.boundary, side: size };
    if (!workerPaints(size)) return { image: bytes(paintBoundary(size), size * size * 4), side: size };
    if (app.playing) return null;
    const side = Math.max(32, Math.floor(size * Math.sqrt(PREVIEW_MS / wholeCost(size))));
    return { image: bytes(app.trainer.renderBoundary(side), side * side * 4), side };
  }

  function drawBoundary(painted) {
    const size = boundary.plotSize();
    const picture = boundaryImage(painted, size);
    if (!picture) return;
    const { image, side } = picture;
    boundary.draw({
      image,
      size: side,
      showTest: app.settings.showTest,
      selected: app.selected,
      foreground: cssColor('foreground'),
      background: cssColor('background'),
    });
  }

  /** The slow parts of a refresh as pieces to draw in turn: each gradient heatmap, then the
   * charts, the confusion matrix and the heatmaps' caption. */
  function slowPieces(g, m) {
    const why = app.batchView ? [] : explainZeros(g.layers, app.settings.loss);
    const opts = { scale: app.settings.scale, why, features: app.settings.features };
    const maps = heatmaps.pieces(app.api, g.layers, opts).map((draw) => () => timed(app, 'heatmaps', draw));
    return [...maps, () => drawSummaries(g, m)];
  }

  /** Draws pieces left from the last refresh for about PIECES_MS, at least one, unless the
   * frame that began at `frameStart` has used its FRAME_MS (then none, SKIPS times at most). */
  function drawPieces(frameStart) {
    const start = performance.now();
    if (start - frameStart > FRAME_MS && skipped < SKIPS) return void skipped++;
    skipped = 0;
    do pieces.shift()?.();
    while (pieces.length && performance.now() - start < PIECES_MS && performance.now() - frameStart < FRAME_MS);
  }

  /** Where the charts' legends go, under each chart. */
  const legends = () => ({ loss: $('loss-legend'), norms: $('norm-legend'), normsB: $('norm-legend-b') });

  function drawSummaries(g, m) {
    const other = app.compare?.history();
    timed(app, 'charts', () => drawCharts(app.api, $('loss-chart'), $('norm-chart'), app.history, legends(), other));
    if (other) timed(app, 'compare', () => app.compare?.draw());
    // Own data have no test set: their matrix is the training set's. A regression has none.
    const set = Number.isNaN(m.test.loss) ? 'training' : 'test';
    $('confusion-h').textContent = `Confusion matrix (${set})`;
    $('confusion-h').hidden = $('confusion').hidden = app.trainer.classes === 1;
    const { confusion } = set === 'test' ? m.test : m.train;
    timed(app, 'confusion', () => drawConfusion($('confusion'), confusion, app.trainer.classes, set));
    const caption = { batchView: app.batchView, updates: app.trainer.updates, selected: app.selected };
    $('grad-sample').textContent = gradCaption({ ...caption, points: points(), g });
  }

  function drawSlow(g, m) {
    for (const piece of slowPieces(g, m)) piece();
  }

  /** The diagram: its tiles, its edges (weights) and the gradients its hover shows. */
  function drawNetwork(g, slow, painted, now) {
    const count = neurons();
    // Paused, a big network's edges come a frame after the click's response: rasterizing
    // [2,32×8,1]'s 7,300 edges takes the browser ~40 ms after the script.
    const big = !app.playing && count > BIG_NETWORK;
    const edgesLater = big || (app.playing && now - app.lastEdges < EDGES_MS);
    if (!edgesLater) app.lastEdges = now;
    // The worker's tiles, or none yet while it paints them: the tiles shown stay a frame.
    const here = !painted && !workerTurn;
    const tilesPtr = here ? timed(app, 'tiles', () => app.trainer.renderNeurons(TILE)) : 0;
    const dead = slow ? timed(app, 'dead units', () => deadUnits(count)) : undefined;
    timed(app, 'diagram', () =>
      diagram.update({
        ...weights(),
        grads: g.layers.map((l) => l.dl_dw),
        gradBiases: g.layers.map((l) => l.dl_db),
        dead,
        edgesLater,
        tiles: painted?.tiles ?? (here ? bytes(tilesPtr, count * TILE * TILE * 4) : undefined),
        tileSize: TILE, // the view last: after every call into wasm
      }),
    );
  }

  /** The slow parts of a paused frame of a big network, [g, m], left for the next frame so
   * that a click's response (the boundary, the diagram, the numbers) shows first. */
  let later = null;
  /** While playing, the slow parts of the last refresh not drawn yet: a few a frame
   * (PIECES_MS), so that no frame carries them all. */
  let pieces = [];
  /** Frames in a row that left their pieces to the next. */
  let skipped = 0;

  /** Draws everything; the slow parts at most ~8 times a second while playing, a few pieces
   * a frame, and so the diagram of a big network (over BIG_NETWORK neurons), which would
   * otherwise cost more than the rest of the frame. Paused, a big network's slow parts come a
   * frame later. */
  function render(now) {
    const t = app.trainer;
    const painted = timed(app, 'worker', () => fromWorker(boundary.plotSize()));
    timed(app, 'boundary', () => drawBoundary(painted));
    if (!app.playing) pieces = [];
    const slow = !app.playing || (now - app.lastSlow > 125 && !pieces.length);
    const g = slow || neurons() <= BIG_NETWORK ? timed(app, 'probe', gradients) : null;
    if (g) drawNetwork(g, slow, painted, now);
    const m = timed(app, 'metrics', () => t.metrics());
    showMetrics(m);
    later = null;
    if (slow) {
      app.lastSlow = now;
      if (app.playing) pieces = slowPieces(g, m);
      else if (neurons() > BIG_NETWORK) later = [g, m];
      else drawSlow(g, m);
    }
    drawPieces(now);
    app.dirty = false;
  }

  /** Draws what the last frame left for this one, if anything: a big network's edges, then
   * (a frame later still) its slow parts. */
  function drawLater() {
    if (pieces.length) return drawPieces(performance.now());
    if (timed(app, 'diagram', () => diagram.paintStale())) return;
    if (!later) return;
    const [g, m] = later;
    later = null;
    drawSlow(g, m);
  }

  /** Adds the current losses and gradient norms to the history the charts draw. */
  function recordHistory() {
    const m = app.trainer.metrics();
    const [pos, len] = app.trainer.epochProgress();
    const norms = sizes()
      .slice(1)
      .map((_, j) => app.trainer.gradientNorm(j)); // NaN before the first update: a gap
    app.history.push(m.epoch + (len ? pos / len : 0), m.train.loss, m.test.loss, norms);
  }

  return {
    render,
    drawLater,
    recordHistory,
    gradients,
    probe,
    points,
    sizes,
    teachingSample,
    selectedPoint,
    /** Forgets what belongs to the old Trainer (its sizes, points and undrawn pieces). */
    forget() {
      cache = { sizes: null, points: null };
      pieces = [];
      later = null;
    },
  };
}
