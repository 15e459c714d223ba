// A lecture, run live (issue 7): Reset and Replay, a first screen that teaches, colour scales a
// class can compare, readable values, messages where a teacher would wonder, the rescue after
// a divergence, and the preset for the spiral.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot, canvasPixels } from './harness.mjs';

const env = session();

/** The live network's JSON and the weight seed in the link. */
const state = (page) =>
  page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const json = net.toJSON();
    net.free();
    return {
      json,
      wseed: new URLSearchParams(location.hash.slice(1)).get('wseed'),
      epoch: window.backpropViz.app.trainer.epoch,
    };
  });

async function stepEpochs(page, n) {
  const start = await page.evaluate(() => window.backpropViz.app.trainer.epoch);
  for (let i = 0; i < n; i++) await page.click('#step');
  await page.waitForFunction((e) => Number(document.getElementById('epoch').value) >= e, start + n);
}

test('Reset draws new initial weights (the link shows the seed); Replay restarts from the same ones; both from the keyboard', async () => {
  const { page, errors } = await open(env.b, env.url);
  const start = await state(page);
  assert.equal(start.wseed, '1');
  await stepEpochs(page, 3);
  await page.click('#replay');
  const replayed = await state(page);
  assert.equal(replayed.json, start.json, 'Replay gives the initial weights back, number for number');
  assert.equal(replayed.epoch, 0);
  await page.click('#reset');
  const reset = await state(page);
  assert.notEqual(reset.json, start.json, 'Reset draws new weights');
  assert.equal(reset.wseed, '2');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('r');
  assert.equal((await state(page)).wseed, '3', 'R resets');
  const three = await state(page);
  await stepEpochs(page, 2);
  await page.keyboard.press('Shift+R');
  assert.equal((await state(page)).json, three.json, 'Shift+R replays');
  assert.match(await page.$eval('#notice', (n) => n.textContent), /Replay: the same initial weights \(weight seed 3\)/);
  // A link with the weight seed gives those weights.
  const again = await open(env.b, env.url, { hash: await page.evaluate(() => location.hash) });
  assert.equal((await state(again.page)).json, three.json);
  assert.deepEqual([...errors, ...again.errors], []);
  await Promise.all([page.close(), again.page.close()]);
});

/** Every gradient card whose ∂L/∂w is all zero, with its explanation. */
const zeroCards = (page) =>
  page.evaluate(() => {
    const { gradients, heatmaps } = window.backpropViz;
    return gradients().layers.map((l, j) => ({
      j,
      zero: l.dl_dw.every((v) => v === 0),
      why: document.querySelectorAll('#gradients .gcard .why')[j].textContent,
      shown: !document.querySelectorAll('#gradients .gcard .why')[j].hidden,
      range: heatmaps.geometry(j).range,
    }));
  });

test('the first screen teaches: the sample reaches every layer, a zero layer says why, and the hint is visible', async () => {
  const { page, errors } = await open(env.b, env.url);
  for (const c of await zeroCards(page))
    assert.ok(!c.zero, `layer ${c.j}: the default sample's gradient reaches every layer`);
  assert.ok(await page.isVisible('#pick-hint'), 'a visible hint says that clicking a point back-propagates it');
  assert.match(await page.$eval('#pick-hint', (p) => p.textContent), /Click a point to back-propagate it/);
  // Switch every unit of layer 1 off (b⁽¹⁾ = −100): layers 0, 1 and 2 all get a zero ∂L/∂w,
  // each for its own reason.
  await page.evaluate(() => {
    const { app } = window.backpropViz;
    const net = app.trainer.network();
    for (let n = 0; n < 8; n++) net.setBias(1, n, -100);
    app.trainer.setNetwork(net);
    net.free();
    app.dirty = true;
  });
  await page.waitForTimeout(200);
  const cards = await zeroCards(page);
  for (const c of cards)
    assert.ok(c.zero && c.shown && c.why.length > 20, `layer ${c.j} is zero and says why: ${JSON.stringify(c)}`);
  assert.match(
    cards[1].why,
    /All 8 units of layer 1 are off for this sample: g < 0, so f′\(g\) = 0 and Eq\. 24 gives ∂L\/∂g = 0/,
  );
  assert.match(cards[0].why, /Nothing comes back from layer 1.*Eq\. 25/);
  assert.match(cards[2].why, /x⁽²⁾ = 0 for this sample.*Eq\. 26/);
  // Colour bars of all-zero heatmaps read "all 0", not "0 0 0".
  await shot(page, 'first-screen-zero-layers');
  assert.deepEqual(errors, []);
  await page.close();
});

/** Mean distance of a canvas's pixels from the neutral grey of the scale (how strong). */
async function strength(page, j) {
  const px = await page.evaluate((k) => {
    const c = window.backpropViz.heatmaps.canvas(k, 'w');
    const g = window.backpropViz.heatmaps.geometry(k);
    const d = c
      .getContext('2d')
      .getImageData(
        Math.ceil(g.x0),
        Math.ceil(g.y0),
        Math.floor(g.cellWidth * g.cols) - 1,
        Math.floor(g.cellHeight * g.rows) - 1,
      ).data;
    return Array.from(d);
  }, j);
  let sum = 0;
  for (let i = 0; i < px.length; i += 4)
    sum += Math.abs(px[i] - 242) + Math.abs(px[i + 1] - 242) + Math.abs(px[i + 2] - 242);
  return sum / (px.length / 4);
}

test('colour scales: each heatmap its own, one per layer, or one for the network, with real numbers on the bars', async () => {
  // A deep sigmoid net: the gradient shrinks layer by layer towards the input.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=8s,8s,8s,8s&init=x&scale=own' });
  const grads = await page.evaluate(() =>
    window.backpropViz.gradients().layers.map((l) => {
      const max = (v) => (v ? Math.max(...Array.from(v, Math.abs)) : 0);
      return { w: max(l.dl_dw), layer: Math.max(max(l.dl_dw), max(l.dl_dg), max(l.dl_db), max(l.dl_dx)) };
    }),
  );
  const ranges = async () => (await zeroCards(page)).map((c) => c.range);
  assert.deepEqual(
    await ranges(),
    grads.map((g) => g.w),
    'own: each heatmap spans its own largest |∂L/∂w|',
  );
  const own0 = await strength(page, 0);
  await page.selectOption('#scale', 'layer');
  await page.waitForTimeout(150);
  assert.deepEqual(
    await ranges(),
    grads.map((g) => g.layer),
    'one scale per layer',
  );
  await page.selectOption('#scale', 'network');
  await page.waitForTimeout(150);
  const all = Math.max(...grads.map((g) => g.layer));
  assert.deepEqual(
    await ranges(),
    grads.map(() => all),
    'one scale for the whole network',
  );
  const net0 = await strength(page, 0);
  assert.ok(net0 < own0 / 3, `the vanishing gradient of layer 0 fades on the network's scale: ${net0} vs ${own0}`);
  assert.match(page.url(), /scale=network/);
  await shot(page, 'scale-network');
  assert.deepEqual(errors, []);
  await page.close();
});

test('readable values: the weight editor and tooltips write w with sub- and superscripts and 4 significant digits, all digits one click away', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=gauss&hidden=3r' });
  const at = await page.evaluate(() => window.backpropViz.diagram.edgePoint(1, 2, 0));
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('.editor');
  const w = await page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const v = net.weight(1, 2, 0);
    net.free();
    return v;
  });
  assert.equal(await page.$eval('.editor .sym', (e) => e.innerHTML), 'w<sub>3,1</sub><sup>(1)</sup>');
  const shown = await page.$eval('.editor .val', (e) => e.textContent);
  assert.equal(
    Number(shown.replace('\u2212', '-')),
    Number(w.toPrecision(4)),
    `4 significant digits: ${shown} for ${w}`,
  );
  await page.click('.editor .digits');
  assert.equal(
    Number((await page.$eval('.editor .val', (e) => e.textContent)).replace('\u2212', '-')),
    w,
    'every digit, one click away',
  );
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /[_^]\{|\\[a-z]+/, 'no raw TeX in any visible text');
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the page says when a change rebuilt the network and restarted training', async () => {
  const { page, errors } = await open(env.b, env.url);
  await stepEpochs(page, 2);
  await page.selectOption('select[aria-label="Activation of layer 1"]', 'tanh');
  await page.waitForSelector('#notice:not([hidden])');
  assert.match(
    await page.$eval('#notice', (n) => n.textContent),
    /rebuilt for tanh in layer 1.*starts again at epoch 0/,
  );
  assert.equal((await state(page)).epoch, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the rescue rescues: linear output, η = 10 diverges; one click; 5 s of Play; the network learns', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&out=l&lr=10' });
  await page.click('#play');
  await page.waitForFunction(() => /diverged/.test(document.getElementById('message').textContent), null, {
    timeout: 20000,
  });
  await shot(page, 'diverged-rescue-offer');
  await page.click('#message button:has-text("Rescue")');
  const msg = await page.$eval('#message', (m) => m.textContent);
  assert.match(msg, /Rescued: the weights are back at the start of epoch \d+/);
  // The top bar's epoch goes on counting: the message says so, not just "epoch 0".
  const shown = await page.$eval('#epoch', (o) => o.value);
  assert.match(msg, new RegExp(`the epoch count goes on from ${shown}\\)`));
  const lr = Number(await page.$eval('#lr', (s) => s.value));
  assert.ok(lr < 10, `η went down: ${lr}`);
  await page.click('#play');
  await page.waitForTimeout(5000);
  assert.equal(
    await page.$eval('#play', (p) => p.getAttribute('aria-pressed')),
    'true',
    'still playing after 5 s: no second divergence',
  );
  await page.click('#play');
  const m = await page.evaluate(() => window.backpropViz.app.trainer.metrics());
  assert.ok(Number.isFinite(m.train.loss) && m.train.loss < 1, `loss after the rescue: ${m.train.loss}`);
  // Not a loss that fell to a constant output's (0.5) with a layer switched off: it learned.
  assert.ok(m.test.accuracy >= 0.9, `test accuracy after the rescue to η = ${lr}: ${m.test.accuracy}`);
  assert.ok(m.epoch > 20, `it trained: epoch ${m.epoch}`);
  assert.doesNotMatch(await page.$eval('#message', (x) => (x.hidden ? '' : x.textContent)), /diverged/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Reset after a divergence says that η is still the rate that diverged, and offers a lower one', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&out=l&lr=10' });
  await page.click('#play');
  await page.waitForFunction(() => /diverged/.test(document.getElementById('message').textContent), null, {
    timeout: 20000,
  });
  await page.click('#reset');
  assert.match(
    await page.$eval('#message', (m) => m.textContent),
    /η is still 10, the learning rate that just diverged/,
  );
  await page.click('#message button:has-text("Lower η to 0.03")');
  assert.equal(await page.$eval('#lr', (s) => s.value), '0.03');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the spiral gets its preset offered, and the preset learns it', async () => {
  const { page, errors } = await open(env.b, env.url);
  assert.ok(await page.$eval('#preset-offer', (e) => e.hidden), 'no offer on the circle');
  await page.click('.thumb[data-id="spiral"]');
  await page.waitForSelector('#preset-offer:not([hidden]) button');
  await page.click('#preset-offer button');
  assert.match(page.url(), /hidden=16r,16r,16r/);
  assert.match(page.url(), /lr=0\.1(&|$)/);
  assert.ok(await page.$eval('#preset-offer', (e) => e.hidden), 'the offer goes once taken');
  await page.selectOption('#speed', 'e5');
  await page.click('#play');
  await page.waitForFunction(() => parseFloat(document.getElementById('test-acc').value) >= 95, null, {
    timeout: 60000,
  });
  await page.click('#play');
  await shot(page, 'spiral-preset');
  // A network of one's own is not told that "the default network learns this data slowly".
  const own = await open(env.b, env.url, { hash: '#data=spiral&hidden=32r,32r,32r' });
  assert.ok(await own.page.$eval('#preset-offer', (e) => e.hidden), 'no offer for a network of its own');
  assert.deepEqual([...errors, ...own.errors], []);
  await Promise.all([page.close(), own.page.close()]);
});

test('dist/index.html opened from disk says what to open instead', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { ROOT } = await import('./harness.mjs');
  const file = path.join(ROOT, 'dist', 'index.html');
  assert.ok(fs.existsSync(file), 'cargo xtask dist writes dist/index.html');
  const page = await env.b.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#boot.error');
  assert.match(await page.$eval('#boot', (e) => e.textContent), /Open backprop-viz\.html instead/);
  assert.ok(await page.isVisible('#boot'));
  await page.close();
});

test('a picked point is visibly the sample of the gradients', async () => {
  const { page, errors } = await open(env.b, env.url);
  const before = await canvasPixels(page, '#boundary');
  // The training point farthest from the centre (on the sparse outer ring), in page coordinates.
  const [i, x, y] = await page.evaluate(() => {
    const c = document.getElementById('boundary').getBoundingClientRect();
    const p = window.backpropViz.points();
    let k = 0;
    for (let q = 0; q < p.trainLabels.length; q++)
      if (Math.hypot(p.train[2 * q], p.train[2 * q + 1]) > Math.hypot(p.train[2 * k], p.train[2 * k + 1])) k = q;
    const px = 30 + ((p.train[2 * k] + 6) / 12) * (c.width - 36),
      py = 6 + ((6 - p.train[2 * k + 1]) / 12) * (c.width - 36);
    return [k, c.left + px, c.top + py];
  });
  await page.mouse.click(x, y);
  await page.waitForTimeout(150);
  assert.match(await page.$eval('#grad-sample', (e) => e.textContent), new RegExp(`sample train #${i + 1}:`));
  assert.match(page.url(), new RegExp(`sample=${i}(&|$)`));
  const after = await canvasPixels(page, '#boundary');
  assert.notDeepEqual(before, after, 'the ring moved to the picked point');
  assert.deepEqual(errors, []);
  await page.close();
});
