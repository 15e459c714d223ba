// `cargo xtask bench --browser`: the release page (dist/, wasm-opt'd) in headless Chromium,
// measured for four networks. It prints figures and asserts nothing:
// - the decision boundary alone at 100², 360² and 512² pixels (renderBoundary, mean ms);
// - training alone (Trainer.train, samples/s);
// - Play at 1 and at 20 epochs a frame, for a few seconds each: frame-time percentiles, the
//   share of frames over 25 ms, epochs/s, whole boundaries/s from the paint worker; the script
//   of each frame's animation-frame callbacks (training and drawing: its 95th percentile and the
//   share over 8 ms, from a trace of a second, shorter run); main-thread script per frame
//   (Chromium's ScriptDuration) and by stage (render.js's `timed`); style and layout and all
//   main-thread tasks per frame
//   (RecalcStyleDuration, LayoutDuration, TaskDuration: what is left of a task is mostly
//   painting); layouts per frame (LayoutCount); JS allocated per frame (the sampling heap
//   profiler, counting collected objects too);
// - clicks, paused (Step, the theme, a neuron less, opening the step-through), each 0.6 s
//   after the last, and the pointer moved onto an edge: ms until the frame that shows the
//   response;
// - the page weight: every file the page loads, raw and gzip, for the first screen and later.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, browser, serve } from '../tests/e2e/harness.mjs';

const DIST = path.join(ROOT, 'dist');
const hidden = (n, k) => Array(k).fill(`${n}t`).join(',');
const NETS = [
  ['[2,4,2,1]', hidden(4, 1) + ',2t'],
  ['[2,8×6,1]', hidden(8, 6)],
  ['[2,16×8,1]', hidden(16, 8)],
  ['[2,32×8,1]', hidden(32, 8)],
];
/** The multiplies and adds of one training sample on [2, hidden…, 1]: Eq. 3 (2MN for each
 * layer's M × N weights), Eq. 26 added to the batch's sum (2MN) and Eq. 25 for j ≥ 1 (2MN;
 * Table 1 leaves out j = 0). Activations, the loss and the update are left out. */
function flopsPerSample(layers) {
  const sizes = [2, ...layers.split(',').map((n) => parseInt(n, 10)), 1];
  return sizes.slice(1).reduce((sum, n, j) => sum + sizes[j] * n * (j === 0 ? 4 : 6), 0);
}
const PLAY_MS = Number(process.env.BENCH_PLAY_MS ?? 4000);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (v, d = 1) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(d));

/** Mean ms of `renderBoundary(size)` and samples/s of training, inside the page. (Means over
 * repeated calls: Chromium's clock has a 0.1 ms grain, coarser than a small net's epoch.) */
async function alone(page) {
  return page.evaluate(() => {
    const t = window.backpropViz.app.trainer;
    const mean = (f, budget = 400) => {
      f();
      let calls = 0;
      const start = performance.now();
      while (performance.now() - start < budget || calls < 3) {
        f();
        calls++;
      }
      return (performance.now() - start) / calls;
    };
    const boundary = Object.fromEntries([100, 360, 512].map((s) => [s, mean(() => t.renderBoundary(s))]));
    const perEpoch = t.epochProgress()[1];
    const epochMs = mean(() => t.train('epoch', 1), 600);
    return { boundary, samplesPerSecond: perEpoch / (epochMs / 1000) };
  });
}

/** Starts a trace of the main thread's animation-frame callbacks; the function it returns
 * stops it and gives the ms of script each frame's callbacks took (Chromium's
 * FireAnimationFrame events, summed per task: the page's frame, training included). */
async function startTrace(cdp) {
  const events = [];
  const collect = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', collect);
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const onMain = (name) => events.filter((e) => e.ph === 'X' && e.name === name && e.tid === main?.tid);
    const callbacks = onMain('FireAnimationFrame');
    return onMain('RunTask')
      .map((t) =>
        callbacks.filter((c) => c.ts >= t.ts && c.ts < t.ts + t.dur).reduce((sum, c) => sum + c.dur / 1000, 0),
      )
      .filter((ms) => ms > 0);
  };
}

/** Plays at `speed` for PLAY_MS and measures the frames. */
async function play(page, cdp, speed) {
  await page.selectOption('#speed', speed);
  await page.evaluate(() => {
    const app = window.backpropViz.app;
    app.profile = {};
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__recording) requestAnimationFrame(tick);
    };
    window.__recording = true;
    requestAnimationFrame(tick);
    window.__epoch0 = app.trainer.epoch;
    window.__painted0 = window.backpropViz.paints.received();
  });
  const metric = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const before = await metric();
  await page.click('#play');
  await page.waitForTimeout(PLAY_MS);
  await page.click('#play');
  const after = await metric();
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  const r = await page.evaluate(() => {
    window.__recording = false;
    const app = window.backpropViz.app;
    const painted = window.backpropViz.paints.received() - window.__painted0;
    const out = { frames: window.__frames, profile: app.profile, epochs: app.trainer.epoch - window.__epoch0, painted };
    app.profile = null;
    return out;
  });
  // (Chromium may hand two callbacks the same frame's timestamp when it is late: one frame.)
  const times = r.frames.filter((t, i) => i === 0 || t !== r.frames[i - 1]);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const frames = gaps.length;
  let allocated = 0;
  const walk = (node) => {
    allocated += node.selfSize;
    node.children.forEach(walk);
  };
  walk(profile.head);
  // The callbacks' script, in a second, traced run (a trace changes how headless Chromium
  // paces frames, so the figures above come from an untraced one).
  const trace = await startTrace(cdp);
  await page.click('#play');
  await page.waitForTimeout(PLAY_MS / 2);
  await page.click('#play');
  const callbacks = await trace();
  return {
    p50: median(gaps),
    p95: percentile(gaps, 95),
    max: Math.max(...gaps),
    over25: gaps.filter((g) => g > 25).length / frames,
    fps: frames / (PLAY_MS / 1000),
    epochsPerSecond: r.epochs / (PLAY_MS / 1000),
    paintedPerSecond: r.painted / (PLAY_MS / 1000),
    scriptPerFrame: ((after.ScriptDuration - before.ScriptDuration) * 1000) / frames,
    callbacksP95: percentile(callbacks, 95),
    callbacksOver8: callbacks.filter((c) => c > 8).length / callbacks.length,
    stylePerFrame:
      ((after.RecalcStyleDuration - before.RecalcStyleDuration + after.LayoutDuration - before.LayoutDuration) * 1000) /
      frames,
    taskPerFrame: ((after.TaskDuration - before.TaskDuration) * 1000) / frames,
    layoutsPerFrame: (after.LayoutCount - before.LayoutCount) / frames,
    allocatedPerFrame: allocated / frames,
    stages: Object.fromEntries(Object.entries(r.profile).map(([k, v]) => [k, v / frames])),
  };
}

/** Raw and gzip bytes of `files` (paths in dist/). */
function weigh(files) {
  let raw = 0,
    gz = 0,
    wasmGz = 0;
  for (const f of files) {
    const bytes = fs.readFileSync(path.join(DIST, f));
    const g = zlib.gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += g;
    if (f.endsWith('.wasm')) wasmGz = g;
  }
  return { files: files.length, raw, gz, wasmGz };
}

/** The clicks timed, paused: [selector, [[label, what shows the response (or null: the
 * frame after the click)], …]]. The step-through's first opening is timed twice: until its
 * panel shows (saying it loads), and until its first step is drawn. */
const CLICKS = [
  ['#step', [['Step', null]]],
  ['#theme', [['theme', null]]],
  ['[aria-label="Remove a neuron from layer 0"]', [['− neuron (rebuild)', null]]],
  [
    '#open-steps',
    [
      ['open step-through: panel', '#stepthrough:not([hidden])'],
      ['open step-through: first step', '#stepthrough .st-step'],
    ],
  ],
];
const clickLabels = [...CLICKS.flatMap(([, shows]) => shows.map(([label]) => label)), 'pointer onto an edge'];
const SETTLE_MS = 600;

/** Milliseconds from each click to the frame that shows its response: the timestamp of the
 * second animation frame after the click (or after what shows it appears), which Chromium
 * gives every callback of a frame before any runs, when the first (which drew the response)
 * is done. */
async function clicks(page) {
  const out = {};
  for (const [selector, shows] of CLICKS) {
    const times = await page.evaluate(
      async ([selector, shown]) => {
        /** @type {() => Promise<number>} */
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        const appears = async (s) => {
          while (s && !document.querySelector(s)) await new Promise((r) => setTimeout(r, 1));
          await frame();
          return (await frame()) - start;
        };
        await frame();
        const start = performance.now();
        /** @type {HTMLElement} */ (document.querySelector(selector)).click();
        return Promise.all(shown.map(appears));
      },
      [selector, shows.map(([, shown]) => shown)],
    );
    shows.forEach(([label], i) => (out[label] = times[i]));
    // As a person would: the next click once the last one's work (the worker's too) is done.
    await page.waitForTimeout(SETTLE_MS);
  }
  await page.keyboard.press('Escape');
  out['pointer onto an edge'] = await hoverEdge(page);
  return out;
}

/** Milliseconds from the pointer's arrival on an edge of w¹ until the frame that lights it. */
async function hoverEdge(page) {
  const p = await page.evaluate(() => {
    document.getElementById('diagram')?.scrollIntoView({ block: 'center' });
    return window.backpropViz.diagram.edgePoint(1, 0, 1, 0.3);
  });
  await page.mouse.move(p.x, p.y - 150);
  await page.waitForTimeout(SETTLE_MS);
  return page.evaluate(
    async ([x, y]) => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      await frame();
      const start = performance.now();
      const under = /** @type {Element} */ (document.elementFromPoint(x, y));
      under.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
      await frame();
      return (await frame()) - start;
    },
    [p.x, p.y],
  );
}

/** Every file the page loads from dist/, raw and gzip bytes: those of the first screen (the
 * HTML, what it links and loads: app.css, app.js with the first screen's modules; the
 * wasm-bindgen glue and the wasm) and those loaded when first needed (the step-through's
 * modules, the paint worker's script, the stylesheets index.html lists disabled). */
function pageWeight() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/<(?:link|script)\b[^>]*?(?:href|src)="(www\/[\w./-]+\.(?:js|css))"([^>]*)>/g)]
    .filter((m) => !m[2].includes('disabled'))
    .map((m) => m[1]);
  const first = ['index.html', ...linked, 'www/pkg/backprop_viz.js', 'www/pkg/backprop_viz_bg.wasm'];
  const later = fs
    .readdirSync(path.join(DIST, 'www'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => `www/${f}`)
    .filter((f) => !first.includes(f));
  return { first: weigh(first), later: weigh(later) };
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'www/pkg/backprop_viz_bg.wasm')))
    throw new Error('dist/ is missing: run `cargo xtask dist`');
  const { server, url } = await serve(DIST);
  const b = await browser();
  const rows = [];
  try {
    for (const [name, layers] of NETS) {
      const page = await b.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${url}#data=circle&hidden=${layers}&out=t&lr=0.03&batch=10`);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await cdp.send('HeapProfiler.enable');
      const one = await play(page, cdp, 'e1');
      const twenty = await play(page, cdp, 'e20');
      const lone = await alone(page);
      const click = await clicks(page);
      rows.push({ name, one, twenty, lone, click, flops: flopsPerSample(layers) });
      await page.close();
    }
  } finally {
    await b.close();
    server.close();
  }
  report(rows, pageWeight());
}

function report(rows, weight) {
  const line = (cells) => console.log(cells.map((c, i) => String(c).padStart(i ? 12 : 26)).join(''));
  console.log(`\nbackprop-viz in headless Chromium (${process.platform}, dist/, ${PLAY_MS / 1000} s of Play each)\n`);
  line(['', ...rows.map((r) => r.name)]);
  const row = (label, f) => line([label, ...rows.map(f)]);
  for (const size of [100, 360, 512]) row(`boundary ${size}², ms`, (r) => fmt(r.lone.boundary[size], 2));
  row('training alone, samples/s', (r) => `${fmt(r.lone.samplesPerSecond / 1000, 0)}k`);
  row('  GFLOP/s (SIMD peak ~38)', (r) => fmt((r.lone.samplesPerSecond * r.flops) / 1e9, 2));
  console.log(
    '\nA click (or the pointer onto an edge), paused, 0.6 s after the last, until the frame that shows it, ms',
  );
  for (const label of clickLabels) row(label, (r) => fmt(r.click[label], 0));
  for (const [label, k] of [
    ['1 epoch/frame', 'one'],
    ['20 epochs/frame', 'twenty'],
  ]) {
    console.log(`\nPlay at ${label}`);
    row('frames/s', (r) => fmt(r[k].fps));
    row('epochs/s', (r) => fmt(r[k].epochsPerSecond));
    row('frame p50 / p95, ms', (r) => `${fmt(r[k].p50, 0)}/${fmt(r[k].p95, 0)}`);
    row('frame max, ms', (r) => fmt(r[k].max, 0));
    row('frames over 25 ms', (r) => `${fmt(100 * r[k].over25, 0)}%`);
    row('worker images/s', (r) => fmt(r[k].paintedPerSecond));
    row('script per frame, ms', (r) => fmt(r[k].scriptPerFrame));
    row('frame callbacks p95, ms', (r) => fmt(r[k].callbacksP95));
    row('frame callbacks over 8 ms', (r) => `${fmt(100 * r[k].callbacksOver8, 0)}%`);
    row('style + layout per frame, ms', (r) => fmt(r[k].stylePerFrame));
    row('main-thread tasks per frame, ms', (r) => fmt(r[k].taskPerFrame));
    row('layouts per frame', (r) => fmt(r[k].layoutsPerFrame));
    row('JS allocated/frame, KB', (r) => fmt(r[k].allocatedPerFrame / 1024));
    const stages = [...new Set(rows.flatMap((r) => Object.keys(r[k].stages)))];
    for (const s of stages) row(`  ${s}, ms/frame`, (r) => fmt(r[k].stages[s], 2));
  }
  console.log(
    `\npage weight, first screen: ${weight.first.files} files, ${fmt(weight.first.raw / 1024, 0)} KB, ${fmt(weight.first.gz / 1024, 0)} KB gzip (wasm ${fmt(weight.first.wasmGz / 1024, 0)} KB gzip); ` +
      `loaded when first needed: ${weight.later.files} files, ${fmt(weight.later.gz / 1024, 0)} KB gzip`,
  );
}

await main();
