// The diagram's edges are painted on a canvas (www/diagram-edges.js): pixels read back from it
// show each weight in its sign's colour, a highlight dims the others, and the pointer still
// finds an edge through its invisible SVG path.

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
      const path = /** @type {SVGPathElement} */ (
        document.querySelector(`.edge[data-j="${j}"][data-m="${m}"][data-n="${n}"]`)
      );
      const p = path.getPointAtLength(0.3 * path.getTotalLength());
      const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('#diagram canvas.edges'));
      const dpr = canvas.width / canvas.clientWidth;
      const rgba = [...canvas.getContext('2d').getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data];
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

test('the pointer finds an edge on the canvas through its hit path, and lights it', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=4t,2t&loss=sse' });
  // 30% along w⁰(1, 4), away from the middle where the edges cross.
  const at = await page.evaluate(() => {
    const path = /** @type {SVGPathElement} */ (document.querySelector('.edge[data-j="0"][data-m="0"][data-n="3"]'));
    const p = path.getPointAtLength(0.3 * path.getTotalLength());
    const r = path.ownerSVGElement.getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
  });
  const before = await canvasPixels(page, '#diagram canvas.edges');
  await page.mouse.move(at[0], at[1]);
  await page.waitForSelector('#tooltip:not([hidden])');
  const lit = await canvasPixels(page, '#diagram canvas.edges');
  assert.ok(differingPixels(before, lit) > 50, 'the edge under the pointer is drawn lit, with a glow');
  assert.match(await page.$eval('#tooltip', (t) => t.textContent), /w1,4\(0\)/);
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.querySelector('.edge')).visibility),
    'hidden',
    'the paths are not painted',
  );
  await page.mouse.move(5, 5);
  await page.waitForSelector('#tooltip', { state: 'hidden' });
  assert.equal(differingPixels(before, await canvasPixels(page, '#diagram canvas.edges')), 0, 'and unlit after');
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
  await shot(page, 'diagram-32x8', { fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});
