// Regression (issue 10, part 2): the plane and the Gaussians with a continuous target, one
// linear output and the sum of squares (Eq. 5); the prediction painted on the diverging scale,
// the points coloured by their Y, the loss chart, and the step-through unchanged (Eq. 23).
// Own points take values too, from clicks and from `x1,x2,y` CSV.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, openSteps, shot, canvasPixels } from './harness.mjs';

const env = session();

/** The boundary canvas's RGB at the plane point x. */
async function colourAt(page, [x1, x2]) {
  const { w, plot, dpr } = await page.$eval('#boundary', (c) => ({
    w: c.width,
    plot: c.clientWidth - 36,
    dpr: window.devicePixelRatio,
  }));
  const px = await canvasPixels(page, '#boundary');
  const [cx, cy] = [30 + ((x1 + 6) / 12) * plot, 6 + ((6 - x2) / 12) * plot].map((v) => Math.round(v * dpr));
  const i = 4 * (cy * w + cx);
  return px.slice(i, i + 3);
}

/** The CSS colour the page gives y (theme.js's targetCss; `dot`: a point's Y), as [r, g, b]. */
const cssOf = (page, y, dot = false) =>
  page.evaluate(
    async ([v, d]) => {
      const { targetCss } = await import('./www/theme.js');
      return targetCss(v, d).match(/\d+/g).map(Number);
    },
    [y, dot],
  );

const close = (a, b, tol) => a.every((v, k) => Math.abs(v - b[k]) <= tol);

test('the Gaussians: a linear output learns them, painted on the diverging scale, points by their Y', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=reg-gauss' });
  const s = await page.evaluate(() => window.backpropViz.app.settings);
  assert.deepEqual([s.classes, s.loss, s.outputActivation], [1, 'sum_of_squares', 'linear']);
  assert.equal(await page.$eval('#test-acc', (o) => o.value), '–', 'a regression has no accuracy');
  assert.equal(await page.isVisible('#confusion'), false);
  assert.match(await page.textContent('#loss-note'), /regression/);
  // The preset offered for it (two ReLU layers of 16, η = 0.3) learns it.
  await page.click('#preset-offer button');
  await page.evaluate(() => window.backpropViz.app.trainer.train('epoch', 300));
  await page.click('#step');
  await page.waitForFunction(() => Number(document.getElementById('test-loss').value) < 0.01);
  // Where the network says y ≈ +1 the plane is deep blue, where y ≈ −1 deep orange, and in
  // between it fades: the colour of y itself, the scale the legend shows.
  const y = await page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    return [
      [-4, 2.5],
      [0, 2.5],
      [-2, 0],
    ].map((x) => net.forward(x).at(-1).y[0]);
  });
  assert.ok(y[0] > 0.5 && y[1] < -0.5, `peaks ${y}`);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  for (const [k, x] of [
    [-4, 2.5],
    [0, 2.5],
    [-2, 0],
  ].entries()) {
    const [got, want] = [await colourAt(page, x), await cssOf(page, y[k])];
    assert.ok(close(got, want, 12), `at ${x}: ${got} for y = ${y[k]}, expected ${want}`);
  }
  // The step-through: Eq. 23 with the point's value as Y.
  await openSteps(page);
  const sample = await page.textContent('#stepthrough .st-sample');
  const Y = await page.evaluate(() => window.backpropViz.stepSample().Y[0]);
  assert.ok(!Number.isInteger(Y), `a value, not a class: ${Y}`);
  assert.match(sample, /training point #\d+: x = .*, Y = /);
  assert.doesNotMatch(sample, /class/);
  await shot(page, 'regression-gaussians');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the plane: points are coloured by their target; own values from clicks and from CSV', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=reg-plane' });
  const p = await page.evaluate(() => window.backpropViz.points());
  assert.ok(p.regression);
  // A point's Y is (x₁ + x₂)/12, and its dot has the colour of its Y.
  // A point away from the others (no other dot over its centre), with a clear colour.
  const all = Array.from({ length: p.train.length / 2 }, (_, k) => [p.train[2 * k], p.train[2 * k + 1]]);
  const gap = (k) =>
    Math.min(...all.filter((_, m) => m !== k).map(([a, b]) => Math.hypot(a - all[k][0], b - all[k][1])));
  const i = all.findIndex((_, k) => Math.abs(p.trainTargets[k]) > 0.4 && gap(k) > 0.5);
  const x = [p.train[2 * i], p.train[2 * i + 1]];
  assert.equal(p.trainTargets[i], (x[0] + x[1]) / 12);
  const [got, want] = [await colourAt(page, x), await cssOf(page, p.trainTargets[i], true)];
  assert.ok(close(got, want, 12), `the dot is its Y: ${got}, expected ${want}`);

  // Your own, from here: the values come along, and a click adds a point of the chosen Y.
  await page.click('.thumb[data-id="own"]');
  assert.equal(await page.evaluate(() => window.backpropViz.app.settings.classes), 1);
  await page.click('#own-clear');
  await page.$eval('#own-value', (el) => {
    el.value = '-0.7';
    el.dispatchEvent(new Event('input'));
  });
  const box = await page.$eval('#boundary', (c) => {
    const r = c.getBoundingClientRect();
    return [r.left + 30 + (c.clientWidth - 36) / 2, r.top + 6 + (c.clientWidth - 36) / 2];
  });
  await page.mouse.click(box[0], box[1]);
  const own = await page.evaluate(() => window.backpropViz.app.settings.own);
  assert.equal(own.length, 1);
  assert.equal(own[0][2], -0.7);

  // CSV with a y column: a regression; a value in a class file is refused by line.
  const csv = 'x1,x2,y\n1,1,0.25\n-2,3,-0.8\n';
  await page.setInputFiles('#own-import', { name: 'values.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => window.backpropViz.app.settings.own.length === 2);
  assert.deepEqual(await page.evaluate(() => window.backpropViz.app.settings.own), [
    [1, 1, 0.25],
    [-2, 3, -0.8],
  ]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#own-export')]);
  const { readFile } = await import('node:fs/promises');
  assert.equal(await readFile(await download.path(), 'utf8'), csv, 'exported as it came');
  await page.setInputFiles('#own-import', {
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('1,1,0\n1,1,0.5\n'),
  });
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('bad.csv'));
  assert.match(await page.textContent('#message'), /line 2, label: "0.5" is not a class.*header x1,x2,y/);
  await shot(page, 'regression-own');
  assert.deepEqual(errors, []);
  await page.close();
});
