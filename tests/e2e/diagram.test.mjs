// The diagram's edges are painted on a canvas (www/diagram-edges.js): pixels read back from it
// show each weight in its sign's colour, a highlight dims the others, and the pointer finds an
// edge by its geometry, with no element per edge.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot, canvasPixels, differingPixels } from './harness.mjs';

const env = session();

/** The RGBA of the edges' canvas 30% along edge (j, m, n) (away from the middle, where edges
 * cross), and what the page says that edge's weight and full-strength colour are. */
function edgeMiddle(page, j, m, n) {
  return page.evaluate(
    async ([j, m, n]) => {
      const { divergingCss } = await import('/www/theme.js');
      const at = window.backpropViz.diagram.edgePoint(j, m, n, 0.3);
      const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('#diagram canvas.edges'));
      const r = canvas.getBoundingClientRect();
      const dpr = canvas.width / r.width;
      const [x, y] = [Math.round((at.x - r.left) * dpr), Math.round((at.y - r.top) * dpr)];
      const rgba = [...canvas.getContext('2d').getImageData(x, y, 1, 1).data];
      const net = window.backpropViz.app.trainer.network();
      const w = net.weight(j, m, n);
      net.free();
      const css = divergingCss(w < 0 ? -1 : 1, 1);
      return { rgb: rgba.slice(0, 3), alpha: rgba[3], w, full: css.match(/\d+/g).map(Number) };
    },
    [j, m, n],
  );
}

/** Index of the largest |w| in layer j, as (m, n). */
const strongest = (page, j) =>
  page.evaluate((j) => {
    const net = window.backpropViz.app.trainer.network();
    const w = net.weights(j),
      N = net.sizes()[j + 1];
    net.free();
    let k = 0;
    w.forEach((v, i) => Math.abs(v) > Math.abs(w[k]) && (k = i));
    return [Math.floor(k / N), k % N];
  }, j);

const near = (a, b, tol) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

test('each edge is painted in its weight’s colour, and a highlight dims the others', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=4t,2t&loss=sse' });
  const [m, n] = await strongest(page, 1);
  // The strongest weight of w¹ is drawn last and widest (6 px), opaque, in its full colour.
  const plain = await edgeMiddle(page, 1, m, n);
  assert.ok(near(plain.rgb, plain.full, 3), `edge w¹(${m},${n}) = ${plain.w}: ${plain.rgb} is not ${plain.full}`);
  assert.equal(plain.alpha, 255);
  // Highlighting layer 0 fades layer 1's edges to 18% opacity.
  await page.evaluate(() => window.backpropViz.diagram.highlight({ j: 0, pairs: 'all', inputs: [], outputs: [] }));
  const dimmed = await edgeMiddle(page, 1, m, n);
  assert.ok(Math.abs(dimmed.alpha - 0.18 * 255) < 8, `dimmed to ${dimmed.alpha} / 255`);
  assert.ok(near(dimmed.rgb, plain.full, 6), `the dimmed edge keeps its colour: ${dimmed.rgb}`);
  await page.evaluate(() => window.backpropViz.diagram.highlight(null));
  assert.deepEqual(await edgeMiddle(page, 1, m, n), plain, 'the highlight cleared');
  assert.deepEqual(errors, []);
  await page.close();
});

test('under a highlight, new weights show faded at once, as on a page highlighted after them', async () => {
  // A highlight fades a kept picture of the edges: new weights must replace that picture.
  const hash = '#data=circle&hidden=4t,2t&loss=sse&lr=1';
  const layer0 = { j: 0, pairs: 'all', inputs: [], outputs: [] };
  const light = (page) => page.evaluate((spec) => window.backpropViz.diagram.highlight(spec), layer0);
  const frames = (page) =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  /** An epoch at η = 1 (the looks change), with the highlight on before it or after. */
  async function run(first) {
    const { page, errors } = await open(env.b, env.url, { hash });
    if (first) await light(page);
    const before = await canvasPixels(page, '#diagram canvas.edges');
    await page.click('#step');
    await frames(page);
    if (!first) await light(page);
    await frames(page);
    const after = await canvasPixels(page, '#diagram canvas.edges');
    await page.close();
    return { before, after, errors };
  }
  const [during, later] = [await run(true), await run(false)];
  assert.ok(differingPixels(during.before, during.after) > 200, 'the new weights show');
  assert.equal(differingPixels(during.after, later.after), 0, 'exactly as when highlighted after them');
  assert.deepEqual([...during.errors, ...later.errors], []);
});

test('the theme recolours the edges and the features’ pictures, in the same layout', async () => {
  const hash = '#data=circle&hidden=4t,2t&loss=sse&feat=x1,x2,x1sq';
  const { page, errors } = await open(env.b, env.url, { hash });
  const [m, n] = await strongest(page, 1);
  const light = await edgeMiddle(page, 1, m, n);
  // Each feature's picture (the input tiles and the switches) against a fresh drawing of it.
  const pictures = () =>
    page.evaluate(async () => {
      const { drawFeature } = await import('/www/diagram.js');
      const { FEATURES } = await import('/www/state.js');
      const data = (c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.join();
      const fresh = (f) => {
        const c = document.createElement('canvas');
        drawFeature(c, f);
        return data(c);
      };
      const switches = [...document.querySelectorAll('#features .feature')].map(
        (b) => data(b.querySelector('canvas')) === fresh(FEATURES.find((f) => f.id === b.dataset.id)),
      );
      const inputs = [...document.querySelectorAll('#diagram .node.input canvas')].map(data);
      return { switches, inputs, x1: fresh(FEATURES[0]) };
    });
  const before = await pictures();
  await page.evaluate(() => (document.querySelector('#diagram .diagram-inner').dataset.kept = 'yes'));
  await page.click('#theme');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const dark = await edgeMiddle(page, 1, m, n);
  assert.equal(dark.w, light.w);
  assert.ok(!near(dark.full, light.full, 10), `the themes differ: ${dark.full} and ${light.full}`);
  assert.ok(near(dark.rgb, dark.full, 8), `edge w¹(${m},${n}): ${dark.rgb} is not the dark ${dark.full}`);
  const after = await pictures();
  assert.ok(after.switches.length === 7 && after.switches.every(Boolean), `switches redrawn: ${after.switches}`);
  assert.equal(after.inputs[0], after.x1, 'input x₁ is drawn in the dark theme');
  assert.notEqual(after.inputs[0], before.inputs[0]);
  const kept = await page.evaluate(() => document.querySelector('#diagram .diagram-inner')?.dataset.kept);
  assert.equal(kept, 'yes', 'the diagram was not rebuilt');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the pointer finds an edge by its curve, lights it, and clicking it edits that weight', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=4t,2t&loss=sse' });
  const pixels = () => canvasPixels(page, '#diagram canvas.edges');
  const before = await pixels();
  // 30% along w⁰(1, 4), away from the middle where the edges cross.
  const at = await page.evaluate(() => window.backpropViz.diagram.edgePoint(0, 0, 3));
  await page.mouse.move(at.x, at.y);
  await page.waitForSelector('#tooltip:not([hidden])');
  assert.match(await page.$eval('#tooltip', (t) => t.textContent), /w1,4\(0\)/);
  assert.ok(differingPixels(before, await pixels()) > 50, 'the edge under the pointer is drawn lit, with a glow');
  assert.equal(await page.$eval('#diagram .diagram-inner', (e) => getComputedStyle(e).cursor), 'pointer');
  // Below the lowest edges, in the same gap between columns: no edge.
  const bottom = await page.$eval('#diagram canvas.edges', (c) => c.getBoundingClientRect().bottom);
  await page.mouse.move(at.x, bottom - 3);
  await page.waitForSelector('#tooltip', { state: 'hidden' });
  assert.equal(differingPixels(before, await pixels()), 0, 'and unlit after');
  // A click on w¹(3, 1) opens the editor of that weight.
  const w = await page.evaluate(() => window.backpropViz.diagram.edgePoint(1, 2, 0, 0.25));
  await page.mouse.click(w.x, w.y);
  await page.waitForSelector('.editor');
  assert.match(await page.$eval('.editor', (e) => e.textContent), /w3,1\(1\)/);
  // Enter sets it; the tooltip does not go on showing the old value.
  await page.fill('.editor input', '-2');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.backpropViz.app.trainer.network().weight(1, 2, 0) === -2);
  assert.equal(await page.$eval('#tooltip', (t) => t.hidden), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dense network’s 7,300 edges are painted, the strong ones widest', async () => {
  const hidden = Array(8).fill('32t').join(',');
  const { page, errors } = await open(env.b, env.url, { hash: `#data=circle&hidden=${hidden}` });
  assert.deepEqual(await page.evaluate(() => window.backpropViz.diagram.counts()), {
    nodes: 2 + 8 * 32 + 1,
    edges: 2 * 32 + 7 * 32 * 32 + 32,
  });
  // Every column gap of the canvas has painted pixels.
  const painted = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.querySelector('#diagram canvas.edges'));
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let count = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) count++;
    return count / (c.width * c.height);
  });
  assert.ok(painted > 0.3, `only ${(painted * 100).toFixed(1)}% of the canvas is painted`);
  // No element per edge: the diagram is its tiles, their canvases, and the layers' headers.
  const elements = await page.evaluate(() => document.querySelectorAll('#diagram *').length);
  assert.ok(elements < 3 * (2 + 8 * 32 + 1) + 10 * 12, `${elements} elements`);
  await shot(page, 'diagram-32x8', { fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});

test('each neuron’s image is on the tiles’ canvas, inside its frame', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=4t,2t&loss=sse' });
  const r = await page.evaluate(async () => {
    const { bytes } = await import('/www/wasm.js');
    const { app } = window.backpropViz;
    const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('#diagram canvas.tiles'));
    const box = canvas.getBoundingClientRect();
    const dpr = canvas.width / box.width;
    const ctx = canvas.getContext('2d');
    const tiles = bytes(app.trainer.renderNeurons(24), 7 * 24 * 24 * 4).slice();
    // Neuron k = 0 … 6 (4 + 2 + 1): the middle of its frame on the canvas, against the middle
    // of its 24² image (a smooth picture, scaled: a few levels apart at most).
    const pixel = (k, row) => [...tiles.slice((k * 576 + row * 24 + 12) * 4, (k * 576 + row * 24 + 12) * 4 + 4)];
    return [...document.querySelectorAll('#diagram .node:not(.input)')].map((node, k) => {
      const f = node.getBoundingClientRect();
      const x = Math.round((f.left + f.width / 2 - box.left) * dpr);
      const at = (y) => [...ctx.getImageData(x, Math.round((y - box.top) * dpr), 1, 1).data];
      // The middle, and the first row inside the 2-px frame: the image's own first row there,
      // not a blend with the next image in the atlas.
      return {
        shown: at(f.top + f.height / 2),
        image: pixel(k, 12),
        topShown: at(f.top + 2),
        top: pixel(k, 0),
      };
    });
  });
  assert.equal(r.length, 7);
  for (const [k, { shown, image, topShown, top }] of r.entries()) {
    assert.ok(
      shown.every((v, i) => Math.abs(v - image[i]) <= 24),
      `neuron ${k}: ${shown} on the canvas, ${image} in its image`,
    );
    assert.ok(
      topShown.every((v, i) => Math.abs(v - top[i]) <= 4),
      `neuron ${k}'s first row: ${topShown} on the canvas, ${top} in its image`,
    );
  }
  assert.ok(new Set(r.map((p) => p.image.join())).size > 3, 'the neurons’ pictures differ');
  assert.deepEqual(errors, []);
  await page.close();
});

test('paused, a big network’s tiles show at once and after a rebuild (the worker paints them)', async () => {
  const hidden = Array(8).fill('32t').join(',');
  const { page, errors } = await open(env.b, env.url, { hash: `#data=circle&hidden=${hidden}` });
  /** Whether every neuron's frame has its picture in the middle, within 3 s. */
  const everyTileShown = () =>
    page.evaluate(async () => {
      const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('#diagram canvas.tiles'));
      const box = canvas.getBoundingClientRect();
      const dpr = canvas.width / box.width;
      const shown = () =>
        [...document.querySelectorAll('#diagram .node:not(.input)')].every((node) => {
          const f = node.getBoundingClientRect();
          const [x, y] = [(f.left + f.width / 2 - box.left) * dpr, (f.top + f.height / 2 - box.top) * dpr];
          return canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data[3] === 255;
        });
      const start = performance.now();
      while (!shown() && performance.now() - start < 3000) await new Promise((r) => setTimeout(r, 50));
      return shown();
    });
  assert.ok(await everyTileShown(), 'every tile shows after the page opens');
  await page.click('[aria-label="Remove a neuron from layer 0"]');
  assert.ok(await everyTileShown(), 'and after a neuron less');
  assert.deepEqual(errors, []);
  await page.close();
});

test('paused, a big network’s edges follow a frame after the click’s response, then its heatmaps', async () => {
  const hidden = Array(8).fill('16t').join(',');
  const { page, errors } = await open(env.b, env.url, { hash: `#data=circle&hidden=${hidden}&lr=0.3` });
  const r = await page.evaluate(async () => {
    const { app, heatmaps } = window.backpropViz;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const data = (c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.join();
    const heatmap = heatmaps.canvas(0, 'w');
    const edges = /** @type {HTMLCanvasElement} */ (document.querySelector('#diagram canvas.edges'));
    await frame();
    const [epoch, before] = [app.trainer.epoch, { edges: data(edges), heatmap: data(heatmap) }];
    const changed = () => ({ edges: data(edges) !== before.edges, heatmap: data(heatmap) !== before.heatmap });
    /** @type {HTMLElement} */ (document.getElementById('step')).click();
    await frame(); // the page's frame ran first: the response
    const first = { trained: app.trainer.epoch === epoch + 1, shown: document.getElementById('epoch').value };
    const frames = [changed()];
    await frame(); // then the edges
    frames.push(changed());
    await frame(); // then the heatmaps
    frames.push(changed());
    return { first, frames, epoch };
  });
  assert.deepEqual(r.first, { trained: true, shown: String(r.epoch + 1) }, 'the epoch shows in the first frame');
  const expected = [
    { edges: false, heatmap: false },
    { edges: true, heatmap: false },
    { edges: true, heatmap: true },
  ];
  assert.deepEqual(r.frames, expected, 'the edges a frame later, the heatmaps a frame after them');
  assert.deepEqual(errors, []);
  await page.close();
});

test('playing, the heatmaps are redrawn a few at a time, every layer’s in turn', async () => {
  const hidden = Array(6).fill('8t').join(',');
  const { page, errors } = await open(env.b, env.url, { hash: `#data=circle&hidden=${hidden}&lr=0.3` });
  const r = await page.evaluate(async () => {
    const { heatmaps } = window.backpropViz;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const layers = 7;
    const pixels = (j) => {
      const c = heatmaps.canvas(j, 'w');
      return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.join();
    };
    let last = Array.from({ length: layers }, (_, j) => pixels(j));
    const changedAt = Array(layers).fill(0);
    let mostInOneFrame = 0;
    /** @type {HTMLElement} */ (document.getElementById('play')).click();
    for (let f = 0; f < 120; f++) {
      await frame();
      const now = Array.from({ length: layers }, (_, j) => pixels(j));
      const changed = now.map((p, j) => p !== last[j]);
      changed.forEach((c, j) => (changedAt[j] += c ? 1 : 0));
      mostInOneFrame = Math.max(mostInOneFrame, changed.filter(Boolean).length);
      last = now;
    }
    /** @type {HTMLElement} */ (document.getElementById('play')).click();
    return { changedAt, mostInOneFrame };
  });
  // 120 frames are about two seconds: each layer's ∂L/∂w map is redrawn in them (a refresh
  // draws a piece at least every third frame: 29 pieces here)...
  assert.ok(
    r.changedAt.every((n) => n >= 1),
    `redraws per layer: ${r.changedAt}`,
  );
  // ...but a few a frame (about 2 ms of them), never every layer's in one frame.
  assert.ok(r.mostInOneFrame < 7, `at most ${r.mostInOneFrame} layers' maps in one frame`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dead unit is marked on tiles too small for the word: an X in place of "dead"', async () => {
  // η = 1 on the spiral switches off some of 32 ReLU units in 5 epochs; 32 tiles a column are
  // 12 px at 1366 × 900.
  const { page, errors } = await open(env.b, env.url, {
    hash: '#data=spiral&hidden=32r,32r&lr=1',
    width: 1366,
    height: 900,
  });
  await page.selectOption('#unit', 'epoch');
  for (let i = 0; i < 5; i++) await page.click('#step');
  await page.waitForSelector('#diagram .node.dead');
  // (Tiles on screen: a diagram being rebuilt may hold frames that are not drawn.)
  const marks = await page.$$eval('#diagram .node.dead', (nodes) =>
    nodes
      .map((n) => [n.getBoundingClientRect().width, getComputedStyle(n, '::after').backgroundImage])
      .filter(([width]) => width > 0),
  );
  assert.ok(marks.length > 0);
  for (const [width, content] of marks) {
    assert.ok(width < 30, `a tile of ${width} px`);
    assert.match(content, /^linear-gradient\(45deg, .*linear-gradient\(-45deg/);
  }
  // The default network's tiles are big enough for the word.
  await page.evaluate(() => (location.hash = '#hidden=8r,8r&lr=3'));
  await page.waitForFunction(() => window.backpropViz.app.settings.lr === 3);
  for (let i = 0; i < 5; i++) await page.click('#step');
  const big = await page.$$eval('#diagram .node.dead', (nodes) =>
    nodes.filter((n) => n.getBoundingClientRect().width > 0).map((n) => getComputedStyle(n, '::after').content),
  );
  if (big.length) assert.deepEqual([...new Set(big)], ['"dead"']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every gradient map reads out its cell: under the mouse, and where a finger taps (touch has no hover)', async () => {
  // Only ∂L/∂w answered, and only to a mouse: on a classroom tablet no value could be read.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=gauss&hidden=3t&loss=sse', touch: true });
  /** The centre of cell (row, col) of layer j's `tensor` map, in page coordinates. */
  const cell = (j, tensor, row, col) =>
    page.evaluate(
      ([j, tensor, row, col]) => {
        const { heatmaps } = window.backpropViz;
        const canvas = heatmaps.canvas(j, tensor);
        canvas.scrollIntoView({ block: 'center' });
        const g = heatmaps.geometry(j, tensor);
        const r = canvas.getBoundingClientRect(),
          dpr = canvas.width / canvas.clientWidth;
        return {
          x: r.left + (g.x0 + (col + 0.5) * g.cellWidth) / dpr,
          y: r.top + (g.y0 + (row + 0.5) * g.cellHeight) / dpr,
        };
      },
      [j, tensor, row, col],
    );
  const gradient = (j, key, k) =>
    page.evaluate(([j, key, k]) => window.backpropViz.gradients().layers[j][key][k], [j, key, k]);
  const shown = () => page.$eval('#tooltip', (t) => (t.hidden ? null : t.textContent));
  /** The tooltip says `name` = the gradient to its 4 significant digits. */
  const says = async (name, v) => {
    const text = await shown();
    assert.ok(text?.startsWith(`${name} = `), `${name}: ${text}`);
    const n = Number(text.slice(name.length + 3).replace('\u2212', '-'));
    assert.ok(Math.abs(n - v) <= 5e-4 * Math.abs(v), `${text} against ${v}`);
  };
  // A tap on entry 1 of (∂L/∂g⁽¹⁾)ᵀ, then on w⁽⁰⁾(2, 3): each value stays after the finger lifts,
  // and the tapped cell is outlined until a tap elsewhere.
  const strip = () =>
    page.evaluate(() => {
      const c = window.backpropViz.heatmaps.canvas(1, 'g');
      return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
    });
  let at = await cell(1, 'g', 0, 0);
  const plain = await strip();
  await page.touchscreen.tap(at.x, at.y);
  await says('∂L/∂g1(1)', await gradient(1, 'dl_dg', 0));
  assert.ok(differingPixels(plain, await strip()) > 20, 'the tapped entry is outlined');
  at = await cell(0, 'w', 1, 2);
  await page.touchscreen.tap(at.x, at.y);
  await says('∂L/∂w2,3(0)', await gradient(0, 'dl_dw', 1 * 3 + 2));
  // A tap elsewhere (on the Gradients caption, in view) puts it away.
  const heading = await page.$eval('#grad-sample', (h) => {
    const r = h.getBoundingClientRect();
    return { x: r.left + 5, y: r.top + r.height / 2 };
  });
  await page.touchscreen.tap(heading.x, heading.y);
  assert.equal(await shown(), null);
  assert.equal(differingPixels(plain, await strip()), 0, 'and the outline is gone');
  // The mouse: (∂L/∂x⁽⁰⁾)ᵀ and (∂L/∂b⁽⁰⁾)ᵀ answer on hover, and leaving clears it.
  at = await cell(0, 'x', 0, 1);
  await page.mouse.move(at.x, at.y);
  await says('∂L/∂x2(0)', await gradient(0, 'dl_dx', 1));
  at = await cell(0, 'b', 0, 2);
  await page.mouse.move(at.x, at.y);
  await says('∂L/∂b3(0)', await gradient(0, 'dl_db', 2));
  await page.mouse.move(heading.x, heading.y);
  assert.equal(await shown(), null);
  assert.deepEqual(errors, []);
  await page.close();
});
