// Input features (issue 10, part 3): each of x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂ is switched
// on and off by its tile; M⁰ follows, the diagram's input tiles are the features, the link
// keeps them, the step-through shows x⁰ as the features; the lesson's circle is learned with
// no hidden layer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, openSteps, shot } from './harness.mjs';

const env = session();

const m0 = (page) => page.evaluate(() => window.backpropViz.app.trainer.sizes()[0]);
const inputLabels = (page) => page.$$eval('#diagram .node.input .nlabel', (els) => els.map((e) => e.textContent));

test('switching features on and off changes M⁰, the input tiles and the link', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#hidden=4t' });
  assert.equal(await m0(page), 2);
  assert.deepEqual(await inputLabels(page), ['x₁', 'x₂']);
  assert.equal(await page.isDisabled('#features [data-id="x1"]'), false);
  await page.click('#features [data-id="x1^2"]');
  await page.click('#features [data-id="sin(x2)"]');
  assert.equal(await m0(page), 4);
  assert.deepEqual(await inputLabels(page), ['x₁', 'x₂', 'x₁²', 'sin x₂']);
  // The input column's header gives x⁽⁰⁾'s shape: M⁰ × 1 (it said 2 × 1 whatever the inputs).
  assert.equal(await page.textContent('#diagram .layer-head .shape'), 'x(0): 4 × 1');
  assert.equal(await page.getAttribute('#features [data-id="x1^2"]', 'aria-pressed'), 'true');
  await page.click('#features [data-id="x1"]');
  await page.click('#features [data-id="x2"]');
  assert.deepEqual(await inputLabels(page), ['x₁²', 'sin x₂']);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /feat=x1sq,sinx2/);
  // The link gives the same inputs back; a bad one is named and left at the default.
  const again = await open(env.b, env.url, { hash });
  assert.deepEqual(await inputLabels(again.page), ['x₁²', 'sin x₂']);
  const bad = await open(env.b, env.url, { hash: '#feat=x1,cosx1' });
  assert.match(await bad.page.textContent('#message'), /feat=x1,cosx1/);
  assert.equal(await m0(bad.page), 2);
  // The last feature cannot be switched off: a network needs an input.
  await page.click('#features [data-id="x1^2"]');
  assert.equal(await page.isDisabled('#features [data-id="sin(x2)"]'), true);
  assert.deepEqual([...errors, ...again.errors, ...bad.errors], []);
  await Promise.all([again.page.close(), bad.page.close()]);

  // The step-through's x⁰ is the sample's features.
  await page.click('#features [data-id="x1*x2"]');
  await openSteps(page);
  const check = await page.evaluate(() => {
    const s = window.backpropViz.stepSample();
    return { x0: s.x, at: s.at };
  });
  assert.deepEqual(check.x0, [check.at[0] * check.at[1], Math.sin(check.at[1])]);
  const x0Cells = await page.$$eval('#stepthrough [data-t="x"][data-j="0"]', (tds) =>
    tds.map((td) => Number(td.dataset.v)),
  );
  assert.deepEqual(x0Cells.slice(0, 2), check.x0, 'the step-through shows x⁰ = (x₁x₂, sin x₂)');
  await shot(page, 'features-steps', { fullPage: false });
  await page.close();
});

test('the lesson: a circle from x₁² and x₂² with no hidden layer reaches 95%', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#lesson=circle-squares' });
  assert.deepEqual(await inputLabels(page), ['x₁²', 'x₂²']);
  assert.deepEqual(await page.evaluate(() => Array.from(window.backpropViz.app.trainer.sizes())), [2, 1]);
  await page.click('#play');
  await page.waitForFunction(() => parseFloat(document.getElementById('test-acc').value) >= 95, null, {
    timeout: 20000,
  });
  await page.click('#play');
  const w = await page.evaluate(() => window.backpropViz.app.trainer.network().weights(0));
  assert.ok(w[0] < 0 && w[1] < 0, `both weights negative: ${w}`);
  await shot(page, 'features-lesson', { fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});
