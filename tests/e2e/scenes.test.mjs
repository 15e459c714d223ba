// Scenes (issue 7): Export writes one file with everything needed to recreate the screen, and
// Import restores it exactly in a page with other settings; a link carries the weights when it
// is short enough and says to use the file otherwise; bad scene files are refused by name with
// nothing changed; and the step-through takes a sample the teacher types.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { session, open, shot } from './harness.mjs';
import { verifyNumbers } from './numbers.mjs';

const env = session();

/** What "the same screen" means: weights, settings, dataset, sample, panel and step. */
const screen = (page) =>
  page.evaluate(() => {
    const { app, stepThrough } = window.backpropViz;
    const net = app.trainer.network();
    const weights = net.toJSON();
    net.free();
    const st = stepThrough().state();
    const points = app.trainer.points();
    return {
      weights,
      settings: JSON.stringify(app.settings),
      selected: app.selected,
      custom: app.custom,
      open: !document.getElementById('stepthrough').hidden,
      frame: st.frame,
      epoch: app.trainer.epoch,
      points: Array.from(points.train.slice(0, 10)),
    };
  });

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  return fs.readFile(await download.path(), 'utf8');
}

test('a scene round-trips: export, import into a page with other settings, the same screen', async () => {
  const { page, errors } = await open(env.b, env.url, {
    hash: '#data=xor&seed=3&noise=10&hidden=6t,4r&wseed=5&lr=0.1&scale=layer&sample=17',
  });
  for (let i = 0; i < 4; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('epoch').value === '4');
  await page.keyboard.press('b');
  // Pressed while the step-through's code loads: they wait for it, and are not lost.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#stepthrough:not([hidden]) .st-step');
  const before = await screen(page);
  assert.ok(before.open && before.frame === 3 && before.selected.index === 17);
  const text = await exported(page);
  const scene = JSON.parse(text);
  assert.equal(scene.format, 'backprop-viz scene');
  assert.equal(scene.epoch, 4);
  assert.deepEqual(scene.sample, { set: 'train', index: 17 });
  assert.deepEqual(scene.view, { panel: 'steps', phase: 'forward', step: 4, check: null });

  const other = await open(env.b, env.url, { hash: '#data=spiral&classes=3&hidden=3s' });
  await other.page.setInputFiles('#import', {
    name: 'scene.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await other.page.waitForSelector('#stepthrough:not([hidden]) .st-step');
  const after = await screen(other.page);
  assert.deepEqual(after, before, 'the same weights, settings, data, sample and step');
  await shot(other.page, 'scene-imported');
  assert.deepEqual([...errors, ...other.errors], []);
  await Promise.all([page.close(), other.page.close()]);
});

test('a link carries the whole scene, weights included, when it is short enough', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=gauss&hidden=5r' });
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('epoch').value === '3');
  const before = await screen(page);
  await page.click('#share');
  const link = await page.$eval('#message .link-field', (f) => f.value);
  assert.match(link, /net=[A-Za-z0-9_-]+/);
  const again = await open(env.b, env.url, { hash: link.slice(link.indexOf('#')) });
  const after = await screen(again.page);
  assert.equal(after.weights, before.weights, 'the weights, bit for bit');
  assert.equal(after.settings, before.settings);
  // The epoch too, and a loss chart that starts from these weights (it drew the initial
  // weights' loss at epoch 0).
  assert.match(link, /epoch=3/);
  const shown = await again.page.evaluate(() => {
    const { app } = window.backpropViz;
    const m = app.trainer.metrics();
    return {
      epoch: document.getElementById('epoch').value,
      history: app.history.get(),
      train: m.train.loss,
      test: m.test.loss,
    };
  });
  assert.equal(shown.epoch, '3');
  assert.deepEqual(shown.history.epochs, [3]);
  assert.deepEqual([shown.history.train, shown.history.test], [[shown.train], [shown.test]]);
  // Weights too big for a link: 8 layers of 32. The run can be replayed, so the link is a
  // replay link; once an edited weight breaks the chain, the page says to use the file.
  await page.evaluate(() => {
    location.hash = '#hidden=32r,32r,32r,32r,32r,32r,32r,32r';
  });
  await page.waitForFunction(() => window.backpropViz.app.settings.hidden.length === 8);
  await page.click('#share');
  assert.match(await page.$eval('#message', (m) => m.textContent), /^A replay link to this scene/);
  await page.evaluate(() => window.backpropViz.app.trainer.setWeight(0, 0, 0, 0.5));
  await page.click('#share');
  assert.match(
    await page.$eval('#message', (m) => m.textContent),
    /too long to share safely.*cannot be replayed.*Use Export scene/,
  );
  // A link whose weights do not fit its network says so and keeps the drawn ones.
  const bad = await open(env.b, env.url, { hash: '#data=gauss&hidden=5r&net=AAAAAAAAAAAAAAAA' });
  assert.match(
    await bad.page.$eval('#message', (m) => m.textContent),
    /net \(the weights: they are not 21 finite numbers/,
  );
  assert.deepEqual([...errors, ...again.errors, ...bad.errors], []);
  await Promise.all([page.close(), again.page.close(), bad.page.close()]);
});

test('bad scene files are refused by name, and nothing changes', async () => {
  const { page, errors } = await open(env.b, env.url);
  for (let i = 0; i < 2; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('epoch').value === '2');
  const good = JSON.parse(await exported(page));
  const before = await screen(page); // trained weights at epoch 2: a refused file must keep them
  const cases = [
    [{ ...good, extra: 1 }, /scene has an unknown key "extra"/],
    [{ ...good, version: 2 }, /scene\.version must be 1/],
    [
      { ...good, config: { ...good.config, hyper: { ...good.config.hyper, learningRate: 0.05 } } },
      /scene\.config\.hyper\.learningRate must be one of/,
    ],
    [
      { ...good, config: { ...good.config, dataset: { ...good.config.dataset, points: 300 } } },
      /scene\.config\.dataset\.points must be 500/,
    ],
    [
      { ...good, network: { ...good.network, layers: good.network.layers.slice(1) } },
      /the network has sizes .* but this session needs sizes/,
    ],
    [{ ...good, sample: { set: 'train', index: 1.5 } }, /scene\.sample\.index must be a whole number/],
    [{ ...good, lesson: { title: 'x', text: ['y'], equations: [99] } }, /scene\.lesson\.equations\[0\] must be one of/],
    [
      { ...good, config: { ...good.config, hidden: [{ neurons: 40, activation: 'relu' }] }, network: good.network },
      /hidden\[0\] has 40 neurons/,
    ],
  ];
  for (const [scene, message] of cases) {
    await page.evaluate(() => {
      document.getElementById('message').textContent = '';
    });
    await page.setInputFiles('#import', {
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(scene)),
    });
    await page.waitForFunction(() => /bad\.json was not imported/.test(document.getElementById('message').textContent));
    const text = await page.$eval('#message', (m) => m.textContent);
    assert.match(text, message);
    assert.deepEqual(await screen(page), before, `nothing changed after: ${text}`);
    await page.click('#message .close');
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the step-through takes a typed sample (the API.md example: x = (1, 2), Y = 10) for an imported network', async () => {
  const { page, errors } = await open(env.b, env.url);
  const readme = {
    loss: 'sum_of_squares',
    layers: [
      {
        activation: 'relu',
        w: [
          [1, -1],
          [2, 0.5],
        ],
        b: [0.5, -3],
      },
      { activation: 'linear', w: [[2], [7]], b: [1] },
    ],
  };
  await page.setInputFiles('#import', {
    name: 'readme.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(readme)),
  });
  await page.waitForFunction(() =>
    /Imported the network in readme\.json/.test(document.getElementById('message').textContent),
  );
  await page.click('#open-steps');
  await page.click('#stepthrough [data-act="type"]');
  await page.fill('.sample-form input[name="x1"]', '1');
  await page.fill('.sample-form input[name="x2"]', '2');
  await page.fill('.sample-form input[name="Y"]', '10');
  await page.click('.sample-form button[type="submit"]');
  assert.match(
    await page.$eval('#stepthrough .st-sample', (e) => e.textContent),
    /typed sample: x = \(1\.00, 2\.00\), Y = 10, L = 2\.00/,
  );
  assert.match(page.url(), /cx=1,2&cy=10/);
  await page.click('#stepthrough [data-act="skip"]');
  // Every displayed number equals Network.backward for this x and Y, step by step.
  const seen = {};
  for (let k = 0; k < 9; k++) {
    const r = await verifyNumbers(page);
    assert.deepEqual(r.bad, []);
    seen[r.kind + r.step] = r.count;
    await page.keyboard.press('ArrowRight');
  }
  const dw0 = await page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const r = net.backward(new Float64Array([1, 2]), new Float64Array([10]));
    net.free();
    return [...r.layers[0].dl_dw];
  });
  assert.deepEqual(dw0, [4, 0, 8, 0], "API.md's ∂L/∂w⁰");
  // The link restores the typed sample.
  const again = await open(env.b, env.url, { hash: await page.evaluate(() => location.hash) });
  assert.deepEqual(await again.page.evaluate(() => window.backpropViz.app.custom), { x: [1, 2], Y: [10] });
  // A softmax target must sum to 1: the form says so and keeps the old sample.
  const soft = await open(env.b, env.url, { hash: '#data=blobs&classes=3&hidden=4r' });
  await soft.page.click('#open-steps');
  await soft.page.click('#stepthrough [data-act="type"]');
  await soft.page.fill('.sample-form input[name="x1"]', '0');
  await soft.page.fill('.sample-form input[name="x2"]', '0');
  await soft.page.fill('.sample-form input[name="Y"]', '1, 1, 0');
  await soft.page.click('.sample-form button[type="submit"]');
  assert.match(await soft.page.$eval('.sample-form .err', (e) => e.textContent), /must sum to 1 \(Eq\. 32\)/);
  assert.equal(await soft.page.evaluate(() => window.backpropViz.app.custom), null);
  await soft.page.selectOption('.sample-form select[name="cls"]', '2');
  await soft.page.click('.sample-form button[type="submit"]');
  assert.deepEqual(await soft.page.evaluate(() => window.backpropViz.app.custom), { x: [0, 0], Y: [0, 0, 1] });
  assert.deepEqual([...errors, ...again.errors, ...soft.errors], []);
  await Promise.all([page.close(), again.page.close(), soft.page.close()]);
});
