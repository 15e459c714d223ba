// The paint worker (www/paint-worker.js, www/paint-client.js): while the page plays, a second
// wasm instance paints the boundary and the neuron tiles off the main thread. Its images are
// the main thread's, byte for byte, and if it fails the page paints on the main thread.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, serve, canvasPixels, differingPixels } from './harness.mjs';

const env = session();

/** Plays until the worker has answered `n` times, then pauses. */
async function playUntilPainted(page, n) {
  await page.click('#play');
  await page.waitForFunction((n) => window.backpropViz.paints.received() >= n, n, { timeout: 20000 });
  await page.click('#play');
}

/** Asks the worker for the current weights' pictures; returns whether they equal, byte for
 * byte, what the main thread's Trainer paints for the same weights. */
const sameAsMainThread = (page) =>
  page.evaluate(async () => {
    const { app, paints } = window.backpropViz;
    const { bytes } = await import('/www/wasm.js');
    const size = 200,
      tile = 24,
      count = app.trainer
        .sizes()
        .slice(1)
        .reduce((a, b) => a + b, 0);
    const start = performance.now();
    const sleep = () => {
      if (performance.now() - start > 20000) throw new Error('no picture of these weights from the worker in 20 s');
      return new Promise((r) => setTimeout(r, 10));
    };
    // Ask whenever the worker is free until its newest picture is ours: a request of the page's
    // own may be in flight (ours would not be sent), and paused on a big network the page asks
    // for its own size again, whose answer can replace ours before this loop looks.
    const parameters = app.trainer.parameters();
    while (!paints.latest(size, tile, parameters)) {
      if (paints.idle()) paints.request(parameters.slice(), size, tile, count);
      await sleep();
    }
    const painted = paints.latest(size, tile, parameters);
    const boundary = bytes(app.trainer.renderBoundary(size), size * size * 4);
    const sameBoundary = boundary.every((v, i) => v === painted.boundary[i]);
    const tiles = bytes(app.trainer.renderNeurons(tile), count * tile * tile * 4);
    const sameTiles = tiles.every((v, i) => v === painted.tiles[i]);
    return { sameBoundary, sameTiles, lengths: [painted.boundary.length, painted.tiles.length] };
  });

test('while playing, the worker paints the boundary and the tiles the main thread would', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=spiral&hidden=8t,8t,8t&loss=sse' });
  assert.equal(await page.evaluate(() => window.backpropViz.paints.received()), 0, 'paused, nothing is asked');
  await playUntilPainted(page, 10);
  assert.equal(await page.evaluate(() => window.backpropViz.paints.ready()), true);
  const r = await sameAsMainThread(page);
  assert.deepEqual(r, { sameBoundary: true, sameTiles: true, lengths: [200 * 200 * 4, 25 * 24 * 24 * 4] });
  // A new architecture goes to the worker too: its pictures are of the new network.
  await page.click('#add-layer');
  await playUntilPainted(page, (await page.evaluate(() => window.backpropViz.paints.received())) + 5);
  const s = await sameAsMainThread(page);
  assert.deepEqual(s.lengths, [200 * 200 * 4, 33 * 24 * 24 * 4]);
  assert.ok(s.sameBoundary && s.sameTiles, 'the new network’s pictures');
  assert.deepEqual(errors, []);
  await page.close();
});

test('if the worker fails, the page paints on the main thread and keeps playing', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=4t' });
  await playUntilPainted(page, 3);
  // Parameters of the wrong length: the worker refuses them, and the client gives up on it.
  // (Once the last frame's request is answered: a request in flight would hold this one back.)
  await page.waitForFunction(() => window.backpropViz.paints.idle());
  await page.evaluate(() => window.backpropViz.paints.request(new Float64Array(3), 100, 24, 5));
  await page.waitForFunction(() => !window.backpropViz.paints.ready());
  const before = await canvasPixels(page, '#boundary');
  const epoch = await page.evaluate(() => window.backpropViz.app.trainer.epoch);
  await page.click('#play');
  await page.waitForFunction((e) => window.backpropViz.app.trainer.epoch > e + 30, epoch);
  await page.click('#play');
  assert.ok(differingPixels(before, await canvasPixels(page, '#boundary')) > 100, 'the boundary still moves');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a server that sends the wasm as application/octet-stream still gets a page that plays', async () => {
  const { server, url } = await serve(undefined, { '.wasm': 'application/octet-stream' });
  try {
    const { page, errors } = await open(env.b, url, { hash: '#data=circle&hidden=4t' });
    await playUntilPainted(page, 3); // the worker too: it instantiates the module the page compiled
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    server.close();
  }
});
