// Your own data (issue 10, part 1): a click on the plane adds a point of the chosen class where
// it was clicked and training uses it; Shift+click removes one; Clear empties the plane; CSV
// imports exactly or is refused by line with nothing changed, and exports what imports back;
// the points live in the link and in a scene file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { session, open, shot, canvasPixels } from './harness.mjs';

const env = session();

/** The page's own points, as triples. */
const ownPoints = (page) => page.evaluate(() => structuredClone(window.backpropViz.app.settings.own));
/** The trainer's training points, as triples (what training uses). */
const trained = (page) =>
  page.evaluate(() => {
    const p = window.backpropViz.app.trainer.points();
    return Array.from(p.trainLabels, (l, i) => [p.train[2 * i], p.train[2 * i + 1], l]);
  });

/** Client coordinates of the plane point x (the plot's margins as boundary.js lays it out:
 * scaled by the projector's zoom `z`). */
async function clientAt(page, [x1, x2], z = 1) {
  const r = await page.$eval('#boundary', (c) => {
    const b = c.getBoundingClientRect();
    return { left: b.left, top: b.top, width: c.clientWidth };
  });
  const plot = r.width - 36 * z;
  return [r.left + 30 * z + ((x1 + 6) / 12) * plot, r.top + 6 * z + ((6 - x2) / 12) * plot];
}

async function clickPlane(page, x, modifiers = [], z = 1) {
  const [cx, cy] = await clientAt(page, x, z);
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(cx, cy);
  for (const m of modifiers) await page.keyboard.up(m);
}

/** The boundary canvas's pixels once the next frames are drawn, its width, and the index
 * of the pixel at the plane point x. */
async function pixelsAt(page, x, z = 1) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const [cx, cy] = await clientAt(page, x, z);
  const { left, top, w } = await page.$eval('#boundary', (c) => {
    const b = c.getBoundingClientRect();
    return { left: b.left, top: b.top, w: c.width };
  });
  const px = await canvasPixels(page, '#boundary');
  return { px, w, at: Math.round(cy - top) * w + Math.round(cx - left) };
}

/** The RGB of the boundary canvas at the plane point x. */
async function colourAt(page, x, z = 1) {
  const { px, at } = await pixelsAt(page, x, z);
  return px.slice(4 * at, 4 * at + 3);
}

const hex = (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
const near = (a, b, tol = 40) => a.every((v, k) => Math.abs(v - b[k]) <= tol);

test('a click adds a point where clicked, training uses it, Shift+click removes it, Clear empties', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=own&pts=&hidden=6t&lr=0.1' });
  assert.equal(await page.isVisible('#own-data'), true);
  assert.match(await page.textContent('#own-count'), /^0 points/);
  assert.equal(await page.$eval('#test-acc', (o) => o.value), '–', 'no test set: no test accuracy');

  // The default class is blue (1); then orange (0) from its swatch.
  await clickPlane(page, [-3, 2]);
  await page.click('#own-classes .swatch[data-label="0"]');
  const weights = await page.evaluate(() => window.backpropViz.app.trainer.network().toJSON());
  await clickPlane(page, [3, -2]);
  const points = await ownPoints(page);
  assert.equal(points.length, 2);
  assert.ok(Math.hypot(points[0][0] + 3, points[0][1] - 2) < 0.05, `first point at ${points[0]}`);
  assert.ok(Math.hypot(points[1][0] - 3, points[1][1] + 2) < 0.05, `second point at ${points[1]}`);
  assert.deepEqual(
    points.map((p) => p[2]),
    [1, 0],
  );
  assert.deepEqual(await trained(page), points, 'the trainer trains on exactly these points');
  assert.equal(
    await page.evaluate(() => window.backpropViz.app.trainer.network().toJSON()),
    weights,
    'adding a point keeps the weights',
  );
  assert.match(await page.textContent('#own-count'), /^2 points/);
  // Each point is drawn in its class's colour where it was clicked.
  assert.ok(near(await colourAt(page, points[0]), hex('#0072B2')), 'a blue dot at the first click');
  assert.ok(near(await colourAt(page, points[1]), hex('#E69F00')), 'an orange dot at the second');

  // Training learns both: 100% on the training set, and the output's sign at each point.
  await page.evaluate(() => window.backpropViz.app.trainer.train('epoch', 300));
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('train-acc').value === '100.0%');
  const outputs = await page.evaluate((ps) => {
    const net = window.backpropViz.app.trainer.network();
    return ps.map((p) => net.forward(p.slice(0, 2)).at(-1).y[0]);
  }, points);
  assert.ok(outputs[0] > 0 && outputs[1] < 0, `outputs ${outputs}`);

  // The link holds the points; opening it gives them back.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /pts=-?[\d.]+,-?[\d.]+,1,-?[\d.]+,-?[\d.]+,0/);
  const again = await open(env.b, env.url, { hash });
  assert.deepEqual(await ownPoints(again.page), points);
  await again.page.close();

  // Shift+click removes the nearest point; "removes" mode does the same without Shift.
  await clickPlane(page, [-2.9, 2.1], ['Shift']);
  assert.deepEqual(await ownPoints(page), [points[1]]);
  await page.click('#own-mode [data-mode="remove"]');
  await clickPlane(page, [3, -2]);
  assert.deepEqual(await ownPoints(page), []);
  await page.click('#own-mode [data-mode="add"]');
  await clickPlane(page, [0, 0]);
  await page.click('#own-clear');
  assert.deepEqual(await trained(page), []);
  // Playing with no point trains nothing and breaks nothing.
  await page.click('#play');
  await page.waitForTimeout(300);
  await page.click('#play');
  assert.equal(await page.$eval('#epoch', (o) => o.value), '301');
  assert.deepEqual(errors, []);
  await page.close();
});

test("in projector mode the plot's margins and labels grow, and a click still lands where it is", async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=own&pts=&hidden=6t', width: 1366, height: 768 });
  await page.click('#projector');
  const z = await page.evaluate(() => (window.innerWidth >= 1280 ? 1.4 : 1.25));
  await page.waitForTimeout(300);
  await clickPlane(page, [4, 5], [], z);
  const [p] = await ownPoints(page);
  assert.ok(Math.hypot(p[0] - 4, p[1] - 5) < 0.05, `the point at ${p}, clicked at (4, 5)`);
  assert.ok(near(await colourAt(page, p, z), hex('#0072B2')), 'its blue dot is drawn there');
  // The dot grows with the text (it stayed 3.2 px).
  const plain = await open(env.b, env.url, { hash: '#data=own&pts=4,5,1&hidden=6t', width: 1366, height: 768 });
  const [small, big] = [await dotRadius(plain.page, [4, 5]), await dotRadius(page, p, z)];
  assert.ok(big >= small * 1.25, `a dot of radius ${small} px, ${big} in projector mode`);
  assert.deepEqual([...errors, ...plain.errors], []);
  await Promise.all([page.close(), plain.page.close()]);
});

/** How many pixels right of the plane point x the dot's colour reaches. */
async function dotRadius(page, x, z = 1) {
  const { px, at } = await pixelsAt(page, x, z);
  let k = 0;
  while (near([...px.slice(4 * (at + k), 4 * (at + k) + 3)], hex('#0072B2'))) k++;
  return k;
}

test('"Your own" starts from the chosen data; in picking mode a click picks a sample', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=xor' });
  assert.equal(await page.isVisible('#own-data'), false);
  const before = await trained(page);
  await page.click('.thumb[data-id="own"]');
  const points = await ownPoints(page);
  assert.equal(points.length, 500, 'training and test points alike');
  const round = (v) => Math.round(v * 100) / 100;
  assert.deepEqual(
    points.slice(0, before.length),
    before.map(([a, b, l]) => [round(a), round(b), l]),
  );
  assert.equal(await page.$eval('#noise', (i) => i.disabled), true, 'own points have no noise to set');
  await page.click('#own-mode [data-mode="pick"]');
  await clickPlane(page, points[7]);
  assert.deepEqual(await page.evaluate(() => window.backpropViz.app.selected), { set: 'train', index: 7 });
  assert.equal((await ownPoints(page)).length, 500);
  assert.deepEqual(errors, []);
  await page.close();
});

test('CSV: imports exactly, refuses a bad line by number with nothing changed, round-trips', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle' });
  const csv = 'x1,x2,label\n1.5,-2.25,0\n-0.125,3,2\r\n\n5.999,-6,1\n0.1,0.2,1\n';
  await page.setInputFiles('#import', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => window.backpropViz.app.settings.dataset === 'own');
  const want = [
    [1.5, -2.25, 0],
    [-0.125, 3, 2],
    [5.999, -6, 1],
    [0.1, 0.2, 1],
  ];
  assert.deepEqual(await ownPoints(page), want);
  assert.deepEqual(await trained(page), want);
  const s = await page.evaluate(() => window.backpropViz.app.settings);
  assert.equal(s.classes, 3, 'K from the largest label');
  assert.equal(s.loss, 'softmax_cross_entropy');

  const bad = [
    ['x1,x2,label\n1,2,0\n3,oops,1\n', /line 3, x2: "oops" is not a number/],
    ['1,2,0\n1,2\n', /line 2, 2 fields: expected 3/],
    ['1,2,0\n1,9,1\n', /line 2, x2: 9 is outside the plane/],
    ['1,2,0\n1,2,7\n', /line 2, label: "7" is not a class/],
  ];
  for (const [k, [text, message]] of bad.entries()) {
    // A name of its own, so that the wait below cannot see the last file's message.
    const name = `bad-${k}.csv`;
    await page.setInputFiles('#own-import', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction((n) => document.getElementById('message').textContent.includes(n), name);
    const shown = await page.textContent('#message');
    assert.match(shown, message);
    assert.match(shown, new RegExp(`${name} was not imported.*Nothing was changed`));
    assert.deepEqual(await ownPoints(page), want, 'nothing half-imported');
    await page.click('#message .close');
  }
  await shot(page, 'own-data');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#own-export')]);
  const exported = await fs.readFile(await download.path(), 'utf8');
  assert.equal(exported, 'x1,x2,label\n1.5,-2.25,0\n-0.125,3,2\n5.999,-6,1\n0.1,0.2,1\n');
  await page.setInputFiles('#own-import', { name: 'back.csv', mimeType: 'text/csv', buffer: Buffer.from(exported) });
  assert.deepEqual(await ownPoints(page), want, 'export → import is exact');

  // A scene file carries the points.
  const [sceneFile] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const scene = JSON.parse(await fs.readFile(await sceneFile.path(), 'utf8'));
  assert.deepEqual(scene.config.dataset.own, want);
  const other = await open(env.b, env.url, { hash: '#data=spiral' });
  await other.page.setInputFiles('#import', {
    name: 'scene.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scene)),
  });
  await other.page.waitForFunction(() => window.backpropViz.app.settings.dataset === 'own');
  assert.deepEqual(await trained(other.page), want);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.page.close();
  await page.close();
});

test('an empty plane trains without a fault, calls no unit dead, and Play goes on once points come', async () => {
  // Stepping with no point once threw from the charts (its epochs were 0/0) and paused every
  // later Play; every ReLU unit was called dead, vacuously.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=own&pts=&hidden=8r,8r&lr=0.1' });
  await page.selectOption('#unit', 'epoch');
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.waitForTimeout(300);
  assert.equal(await page.$eval('#message', (m) => (m.hidden ? '' : m.textContent)), '');
  assert.equal(await page.$$eval('#diagram .node.dead', (nodes) => nodes.length), 0);
  // No sample is described that does not exist, and the confusion matrix counts 0s.
  assert.equal(await page.$eval('#grad-sample', (c) => c.textContent), '(no point yet: click the plane to add one)');
  assert.doesNotMatch(await page.$eval('#confusion', (c) => c.textContent), /undefined/);
  await clickPlane(page, [-3, 2]);
  await page.click('#own-classes .swatch[data-label="0"]');
  await clickPlane(page, [3, -2]);
  const epoch = await page.evaluate(() => window.backpropViz.app.trainer.epoch);
  await page.click('#play');
  await page.waitForFunction((e) => window.backpropViz.app.trainer.epoch >= e + 30, epoch);
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'true', 'still playing');
  await page.click('#play');
  assert.deepEqual(errors, []);
  await page.close();
});
