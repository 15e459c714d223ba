// The page cannot be left dead (issue 8): the imports that once failed silently, hostile links
// (in a fresh tab and typed into an open one), and a bug that reaches the top, even a wasm
// trap, each end in a visible message while the page goes on training.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot } from './harness.mjs';

const env = session();

const epoch = (page) => page.evaluate(() => window.backpropViz.app.trainer.epoch);
const message = (page) => page.$eval('#message', (m) => (m.hidden ? '' : m.textContent));

/** Clicks Step and waits for the epoch counter to move on. */
async function trains(page) {
  const before = await epoch(page);
  await page.selectOption('#unit', 'epoch');
  await page.click('#step');
  await page.waitForFunction((e) => window.backpropViz.app.trainer.epoch > e, before);
  return true;
}

/** A network file: sizes, activations and loss, weights from a simple pattern (or `w`). */
function networkFile(sizes, activations, loss, w = (m, n) => ((m + 2 * n) % 5) / 10 - 0.2) {
  const layers = activations.map((activation, j) => ({
    activation,
    w: Array.from({ length: sizes[j] }, (_, m) => Array.from({ length: sizes[j + 1] }, (_, n) => w(m, n))),
    b: Array(sizes[j + 1]).fill(0),
  }));
  return JSON.stringify({ loss, layers });
}

async function importText(page, name, text) {
  await page.evaluate(() => document.getElementById('message').setAttribute('hidden', ''));
  await page.setInputFiles('#import', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => document.getElementById('message').textContent.includes(n), name);
  return message(page);
}

test('imports that once failed silently now import or say why, and nothing else changes', async () => {
  const { page, errors } = await open(env.b, env.url);
  const sse3 = await importText(page, 'sse-2-4-3.json', networkFile([2, 4, 3], ['relu', 'tanh'], 'sum_of_squares'));
  assert.match(sse3, /Imported the network in sse-2-4-3\.json: 2 → 4 → 3, sum of squares/);
  assert.match(page.url(), /onehot=1/, 'three outputs with sum of squares: one-hot targets');
  await trains(page);
  const kept = await page.evaluate(() => window.backpropViz.app.trainer.network().toJSON());
  for (const [name, text, why] of [
    [
      'softmax-1.json',
      networkFile([2, 1], ['linear'], 'softmax_cross_entropy'),
      /1 outputs with softmax_cross_entropy fit no dataset/,
    ],
    [
      'softmax-6.json',
      networkFile([2, 6], ['linear'], 'softmax_cross_entropy'),
      /6 outputs with softmax_cross_entropy fit no dataset/,
    ],
    // Finite weights whose loss overflows: 1e300 · 1e300 in a linear network.
    [
      'infinite-loss.json',
      networkFile([2, 2, 1], ['linear', 'linear'], 'sum_of_squares', () => 1e300),
      /its loss on the training set is inf/,
    ],
  ]) {
    assert.match(
      await importText(page, name, text),
      new RegExp(`${name.replace('.', '\\.')} was not imported: `),
      name,
    );
    assert.match(await message(page), why, name);
    assert.equal(
      await page.evaluate(() => window.backpropViz.app.trainer.network().toJSON()),
      kept,
      `${name} changed the network`,
    );
  }
  assert.ok(await trains(page));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a browser without WebAssembly, or without its SIMD, is told which and what to do', async () => {
  const cases = [
    [() => void (WebAssembly.validate = () => false), /could not start: this browser's WebAssembly lacks SIMD.*16\.4/],
    [() => void delete globalThis.WebAssembly, /could not start: this browser runs no WebAssembly.*security settings/],
  ];
  for (const [unsupport, why] of cases) {
    const page = await env.b.newPage();
    const fetched = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.addInitScript(unsupport);
    await page.goto(env.url);
    await page.waitForFunction(() => !document.getElementById('message').hidden);
    assert.match(await message(page), why);
    assert.ok(!fetched.some((u) => u.endsWith('.wasm')), 'the module is not downloaded in vain');
    await page.close();
  }
});

test('links that name Object.prototype, in a fresh tab or typed into an open one, leave a page that trains', async () => {
  const names = Object.getOwnPropertyNames(Object.prototype);
  const keys = [
    'loss',
    'out',
    'onehot',
    'init',
    'data',
    'reg',
    'unit',
    'speed',
    'scale',
    'grad',
    'lesson',
    'set',
    'phase',
  ];
  const hostile = '#' + keys.map((k, i) => `${k}=${names[i % names.length]}`).join('&') + '&__proto__=1&constructor=x';
  const { page, errors } = await open(env.b, env.url, { hash: hostile });
  assert.match(
    await message(page),
    /could not be used and were left at their defaults: .*loss=constructor \(sse or softmax\)/,
  );
  assert.ok(await trains(page));
  // Space plays and pauses (it once threw a TypeError after such a link).
  await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
  await page.keyboard.press(' ');
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'true');
  await page.keyboard.press(' ');
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'false');
  // The same kind of link typed into the address bar of the open tab is read again.
  for (const name of names) {
    await page.evaluate((h) => (location.hash = h), `#loss=${name}&data=xor`);
    await page.waitForFunction(
      () => /data=xor/.test(location.hash) && window.backpropViz.app.settings.dataset === 'xor',
    );
    assert.match(await message(page), new RegExp(`loss=${name}`), name);
  }
  assert.ok(await trains(page));
  await shot(page, 'robust/hostile-link');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bug that reaches the top, even a wasm trap, shows a message with Reload, and training goes on', async () => {
  const { page, errors } = await open(env.b, env.url);
  // A trap thrown from a timer (nothing catches it) and one from inside the frame loop.
  await page.evaluate(() =>
    setTimeout(() => {
      throw new WebAssembly.RuntimeError('unreachable');
    }),
  );
  await page.waitForFunction(() =>
    /inside the WebAssembly module: unreachable/.test(document.getElementById('message').textContent),
  );
  assert.deepEqual(await page.$$eval('#message button', (bs) => bs.map((b) => b.textContent)), [
    'Export scene',
    'Reload',
    '×',
  ]);
  await shot(page, 'robust/bug-message', { fullPage: false });
  await page.evaluate(() => {
    Promise.reject(new Error('a promise nobody awaited'));
  });
  await page.waitForFunction(() => /a promise nobody awaited/.test(document.getElementById('message').textContent));
  await page.evaluate(() => {
    const app = window.backpropViz.app;
    const train = app.trainer.train;
    app.trainer.train = () => {
      app.trainer.train = train;
      throw new WebAssembly.RuntimeError('memory access out of bounds');
    };
  });
  await page.click('#play');
  await page.waitForFunction(() => /memory access out of bounds/.test(document.getElementById('message').textContent));
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'false', 'training paused');
  // The frame loop survived: Play trains again.
  const before = await epoch(page);
  await page.click('#play');
  await page.waitForFunction((e) => window.backpropViz.app.trainer.epoch > e + 2, before);
  await page.click('#play');
  // The thrown errors are the test's own: only they may appear as page errors.
  assert.deepEqual(
    errors.filter((e) => !/unreachable|nobody awaited/.test(e)),
    [],
  );
  await page.close();
});

test("the step-through's first opening shows its panel at once, and a failed load closes it with a message", async () => {
  // Its code is held back: the panel opens where it will stand (in view), saying it loads,
  // then the first step replaces that.
  const slow = await open(env.b, env.url, { hash: '#data=xor&hidden=3r' });
  /** @type {() => void} */
  let release = () => {};
  const held = new Promise((r) => (release = () => r(undefined)));
  await slow.page.route('**/www/stepthrough.js', async (route) => {
    await held;
    await route.continue();
  });
  await slow.page.click('#open-steps');
  const loading = await slow.page.waitForSelector('#stepthrough:not([hidden]) .st-loading');
  assert.equal(await loading.textContent(), 'Loading the step-through…');
  const box = await loading.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 1000, `in view: ${JSON.stringify(box)}`);
  assert.equal(await slow.page.$('#stepthrough .st-step'), null);
  release();
  await slow.page.waitForSelector('#stepthrough:not([hidden]) .st-step');
  assert.equal(await slow.page.$('#stepthrough .st-loading'), null);
  assert.deepEqual(slow.errors, []);
  await slow.page.close();

  // Its code cannot be fetched: the panel closes, the page says why, a later click opens it.
  const { page } = await open(env.b, env.url, { hash: '#data=xor&hidden=3r' });
  await page.route('**/www/stepthrough.js', (route) => route.abort());
  await page.click('#open-steps');
  await page.waitForSelector('#message.error:has-text("The step-through could not load")');
  assert.equal(await page.$eval('#stepthrough', (e) => e.hidden), true);
  await page.unroute('**/www/stepthrough.js');
  await page.click('#open-steps');
  await page.waitForSelector('#stepthrough:not([hidden]) .st-step');
  await page.close();
});

test('export, compare and record load on their first press; a failed load says so and the next press works', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=xor&hidden=3t,2t' });
  const loaded = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name.split('/').pop())
        .filter((f) => ['export.js', 'compare.js', 'record.js'].includes(f ?? '')),
    );
  assert.deepEqual(await loaded(), [], 'not part of the first screen');

  await page.route('**/www/compare.js', (route) => route.abort());
  await page.click('#compare-open');
  await page.waitForSelector('#message.error:has-text("This tool could not load")');
  assert.equal(await page.isVisible('#compare-panel'), false);
  await page.unroute('**/www/compare.js');
  await page.click('#compare-open');
  await page.waitForSelector('#compare-panel', { state: 'visible' });
  assert.equal(await page.getAttribute('#compare-open', 'aria-expanded'), 'true');
  await page.click('#compare-open');
  await page.waitForSelector('#compare-panel', { state: 'hidden' });

  // The export panel lists the layers when it loads, and follows a new architecture after.
  await page.click('#export-open');
  await page.waitForSelector('#export-panel', { state: 'visible' });
  const layers = () => page.$$eval('#export-layer option', (o) => o.map((x) => x.textContent));
  assert.deepEqual(await layers(), ['layer j = 0', 'layer j = 1', 'layer j = 2']);
  await page.evaluate(() => {
    location.hash = '#data=xor&hidden=3t';
  });
  await page.waitForFunction(() => document.querySelectorAll('#export-layer option').length === 2);

  await page.click('#record');
  await page.waitForSelector('#rec-indicator', { state: 'visible' });
  await page.click('#record');
  await page.waitForSelector('#rec-indicator', { state: 'hidden' });
  assert.deepEqual([...new Set(await loaded())].sort(), ['compare.js', 'export.js', 'record.js']);
  assert.deepEqual(
    errors.filter((e) => !/compare\.js|Failed to (fetch|load resource)/.test(e)),
    [],
  );
  await page.close();
});

test('a run that stalls with a saturated output stops and says why, and Reset with a smaller η trains', async () => {
  // η = 10 on the spiral with the default tanh output: within a few epochs g⁽²⁾ passes 19 for
  // every point, tanh gives exactly ±1 and f′(g) = 0, and every gradient is 0 from then on.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=spiral&lr=10' });
  await page.click('#play');
  await page.waitForFunction(() => /stalled/.test(document.getElementById('message').textContent));
  const said = await message(page);
  assert.match(said, /stalled at epoch \d+: the output's tanh is saturated for every training point \(y = ±1 exactly/);
  assert.match(said, /Eq\. 24/);
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'false', 'Play stopped');
  const frozen = await page.evaluate(() => {
    const t = window.backpropViz.app.trainer;
    const before = t.network().toJSON();
    t.train('epoch', 2);
    return t.frozen && t.network().toJSON() === before;
  });
  assert.ok(frozen, 'the weights no longer move');
  await page.getByRole('button', { name: 'Reset with η = 0.03' }).click();
  assert.equal(await message(page), '', 'the message is gone');
  await page.click('#play');
  await page.waitForFunction(() => window.backpropViz.app.trainer.epoch >= 5);
  await page.click('#play');
  const after = await page.evaluate(() => ({
    lr: window.backpropViz.app.settings.lr,
    frozen: window.backpropViz.app.trainer.frozen,
  }));
  assert.deepEqual(after, { lr: 0.03, frozen: false });
  assert.doesNotMatch(await message(page), /stalled/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('gradients that overflow to ∞ or NaN are drawn under every colour scale, with no error', async () => {
  // Every weight and the loss are finite, but a gradient overflows. x⁽¹⁾ = tanh(g⁽⁰⁾) is near
  // ±1; w⁽¹⁾ = 5e307 (linear) makes |y⁽¹⁾| up to 1e308; w⁽²⁾ = 3e-308 brings y⁽²⁾ back to about
  // ±6, so L is finite. But Eq. 26, ∂L/∂w⁽²⁾ = y⁽¹⁾ (∂L/∂g⁽²⁾)ᵀ ≈ 1e308 · 6, is ∞. A shared
  // scale's half-range is the largest finite |value|: an ∞ once reached the heatmap's options as
  // JSON null and stopped the page with "Something went wrong: bad heatmap options".
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=2t,2l&out=l' });
  const layer = (activation, w, m, n) => ({ activation, w: Array(m).fill(Array(n).fill(w)), b: Array(n).fill(0) });
  const file = JSON.stringify({
    loss: 'sum_of_squares',
    layers: [layer('tanh', 100, 2, 2), layer('linear', 5e307, 2, 2), layer('linear', 3e-308, 2, 1)],
  });
  for (const scale of ['layer', 'network', 'own']) {
    await page.selectOption('#scale', scale);
    const said = await importText(page, `huge-${scale}.json`, file);
    assert.doesNotMatch(said, /went wrong|bad heatmap/, `scale ${scale}: ${said}`);
    const shown = await page.evaluate(() => window.backpropViz.app.trainer.network().weights(0)[0]);
    assert.equal(shown, 100, `scale ${scale}: the network was imported`);
  }
  const drawn = await page.$$eval('#gradients canvas', (cs) => cs.map((c) => c.width * c.height > 0));
  assert.ok(drawn.length >= 4 && drawn.every(Boolean), 'every heatmap is drawn');
  assert.deepEqual(errors, []);
  await page.close();
});
