// Compare mode (issue 10, part 5): run B trains in lockstep with run A on the same data and
// seeds, differing in one picked thing; both equal independent trainers with the same configs,
// number for number; both losses share a chart, and B has its boundary and its norms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot, canvasPixels } from './harness.mjs';

const env = session();

/** The two runs' weights, and those of two new trainers built from the same configs and
 * trained the same number of batches (the page's runs are whole batches: replayable). */
const runsAndTwins = (page) =>
  page.evaluate(async () => {
    const { app } = window.backpropViz;
    const { trainerConfig } = await import('./www/state.js');
    const b = app.compare.state();
    const twin = (settings, updates) => {
      const t = new app.api.Trainer(trainerConfig(settings));
      t.train('batch', updates);
      const json = t.network().toJSON();
      t.free();
      return json;
    };
    return {
      a: app.trainer.network().toJSON(),
      b: b.trainer.network().toJSON(),
      twinA: twin(app.settings, app.trainer.updates),
      twinB: twin(b.settings, b.trainer.updates),
      updates: [app.trainer.updates, b.trainer.updates],
      epochs: [app.trainer.epoch, b.trainer.epoch],
      lr: [app.settings.lr, b.settings.lr],
    };
  });

test('η = 0.03 vs 0.3: two runs in lockstep equal two independent trainers, number for number', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=xor&hidden=4t' });
  await page.click('#compare-open');
  await page.click('#compare-pairs button:has-text("η = 0.03 vs 0.3")');
  assert.equal(await page.isVisible('#compare'), true);
  assert.match(await page.textContent('#compare-what'), /A: η = 0.03 · B: η = 0.3/);
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.click('#play');
  await page.waitForTimeout(600);
  await page.click('#play');
  const r = await runsAndTwins(page);
  assert.deepEqual(r.lr, [0.03, 0.3]);
  assert.equal(r.updates[0], r.updates[1], 'lockstep: the same number of updates');
  assert.ok(r.epochs[0] >= 3);
  assert.equal(r.a, r.twinA, 'run A is an independent trainer of its config, bit for bit');
  assert.equal(r.b, r.twinB, 'run B likewise');
  assert.notEqual(r.a, r.b);

  // Both losses on one chart: B's training loss (green) is drawn in it; B's boundary and its
  // norm chart are pictures.
  await page.waitForTimeout(300);
  const loss = await canvasPixels(page, '#loss-chart');
  let green = 0;
  for (let i = 0; i < loss.length; i += 4)
    if (Math.abs(loss[i]) < 40 && Math.abs(loss[i + 1] - 0x9e) < 40 && Math.abs(loss[i + 2] - 0x73) < 40) green++;
  assert.ok(green > 30, `B's curve on the loss chart: ${green} green pixels`);
  for (const id of ['#boundary-b', '#norm-chart-b']) {
    const px = await canvasPixels(page, id);
    const distinct = new Set();
    for (let i = 0; i < px.length; i += 4 * 17) distinct.add(`${px[i]},${px[i + 1]},${px[i + 2]}`);
    assert.ok(distinct.size > 20, `${id} is drawn (${distinct.size} colours)`);
  }
  assert.match(await page.textContent('#compare-metrics'), /Run B, epoch \d+: test loss/);
  await shot(page, 'compare', { fullPage: false });

  // A change of A's batch size reaches B; Stop ends comparing.
  await page.fill('#batch', '25');
  await page.press('#batch', 'Enter');
  assert.equal(await page.evaluate(() => window.backpropViz.app.compare.state().settings.batch), 25);
  await page.click('#compare-stop');
  assert.equal(await page.isVisible('#compare'), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the suggested pairs: ReLU vs sigmoid deep, sum of squares vs softmax on 3 classes', async () => {
  const { page, errors } = await open(env.b, env.url);
  await page.click('#compare-open');
  await page.click('#compare-pairs button:has-text("ReLU vs sigmoid")');
  let s = await page.evaluate(() => {
    const { app } = window.backpropViz;
    return [app.settings.hidden.map((h) => h.activation), app.compare.state().settings.hidden.map((h) => h.activation)];
  });
  assert.deepEqual(s, [Array(6).fill('relu'), Array(6).fill('sigmoid')]);
  assert.equal(await page.isVisible('#compare-panel'), false, 'the panel closes once comparing');
  await page.click('#compare-open');
  await page.click('#compare-pairs button:has-text("Sum of squares vs softmax")');
  s = await page.evaluate(() => {
    const { app } = window.backpropViz;
    const b = app.compare.state().settings;
    return [app.settings.classes, app.settings.loss, b.classes, b.loss, b.outputActivation];
  });
  assert.deepEqual(s, [3, 'sum_of_squares', 3, 'softmax_cross_entropy', 'linear']);
  for (let i = 0; i < 2; i++) await page.click('#step');
  const r = await runsAndTwins(page);
  assert.equal(r.a, r.twinA);
  assert.equal(r.b, r.twinB);
  assert.deepEqual(errors, []);
  await page.close();
});
