// The page in headless Chromium: it loads the wasm, trains, draws, and reacts to the controls
// (issues 2 and 3). Screenshots of the main states go to screenshots/.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot, canvasPixels, differingPixels, SHOTS } from './harness.mjs';

const env = session();
before(() => {
  console.log(`screenshots: ${SHOTS}`);
});

const accuracy = (page, id = 'test-acc') => page.$eval(`#${id}`, (o) => parseFloat(o.value) / 100);
const epoch = (page) => page.$eval('#epoch', (o) => Number(o.value));

/** Clicks the edge of w⁽¹⁾(3, 1) and waits for its value editor. */
async function editWeight(page) {
  const at = await page.evaluate(() => window.backpropViz.diagram.edgePoint(1, 2, 0));
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('.editor input');
}

/** Clicks Step (the unit is an epoch, the default) `n` times; waits for the epoch shown. */
async function stepEpochs(page, n) {
  assert.equal(await page.evaluate(() => window.backpropViz.app.settings.unit), 'epoch');
  const start = await epoch(page);
  for (let i = 0; i < n; i++) await page.click('#step');
  await page.waitForFunction((e) => Number(document.getElementById('epoch').value) >= e, start + n);
}

test('the page loads the wasm, trains on the spiral and the boundary changes', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=spiral&hidden=8t,8t,8t&loss=sse&lr=0.03' });
  await page.waitForTimeout(200);
  const before = await canvasPixels(page, '#boundary');
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('epoch').value) >= 40, null, { timeout: 30000 });
  await page.click('#play');
  await page.waitForTimeout(200);
  const after = await canvasPixels(page, '#boundary');
  const changed = differingPixels(before, after);
  assert.ok(changed > before.length / 4 / 10, `only ${changed} boundary pixels changed`);
  await shot(page, 'spiral-trained');
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [id, classes] of [
  ['circle', 2],
  ['xor', 2],
  ['gauss', 2],
  ['spiral', 2],
  ['spiral', 3],
  ['blobs', 4],
]) {
  test(`dataset ${id} (${classes} classes): picking it, training raises test accuracy and moves the boundary`, async () => {
    const { page, errors } = await open(env.b, env.url, { hash: '#hidden=8r,8r&lr=0.03&seed=2' });
    await page.click(`.thumb[data-id="${id}"]`);
    if (classes !== 2 || id === 'blobs') await page.selectOption('#classes', String(classes));
    await page.waitForTimeout(100);
    const acc0 = await accuracy(page);
    const px0 = await canvasPixels(page, '#boundary');
    await stepEpochs(page, id === 'spiral' ? 40 : 15);
    const acc1 = await accuracy(page);
    const px1 = await canvasPixels(page, '#boundary');
    assert.ok(acc1 > acc0 || acc1 >= 0.95, `${id}: test accuracy ${acc0} -> ${acc1}`);
    assert.ok(differingPixels(px0, px1) > 500, `${id}: the boundary did not change`);
    if (classes > 2) {
      // More than two classes: softmax is chosen; the sum of squares on a one-hot Y stays
      // possible, with one output per class.
      assert.equal(await page.$eval('#loss', (s) => s.value), 'softmax_cross_entropy');
      assert.match(await page.$eval('#loss-note', (p) => p.textContent), /classes need one output per class/);
    }
    await shot(page, `dataset-${id}-${classes}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('adding and removing layers and neurons changes the diagram', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#hidden=4r,2r&loss=sse' });
  const counts = () => page.evaluate(() => window.backpropViz.diagram.counts());
  // 2 → 4 → 2 → 1: nodes 2 + 4 + 2 + 1 = 9, edges 2·4 + 4·2 + 2·1 = 18.
  assert.deepEqual(await counts(), { nodes: 9, edges: 18 });
  await page.click('#add-layer'); // 2 → 4 → 2 → 2 → 1
  assert.deepEqual(await counts(), { nodes: 11, edges: 8 + 8 + 4 + 2 });
  await page.click('button[aria-label="Add a neuron to layer 0"]'); // 2 → 5 → 2 → 2 → 1
  assert.deepEqual(await counts(), { nodes: 12, edges: 10 + 10 + 4 + 2 });
  await page.click('button[aria-label="Remove a neuron from layer 1"]'); // 2 → 5 → 1 → 2 → 1
  assert.deepEqual(await counts(), { nodes: 11, edges: 10 + 5 + 2 + 2 });
  for (let i = 0; i < 3; i++) await page.click('#remove-layer'); // 2 → 1
  assert.deepEqual(await counts(), { nodes: 3, edges: 2 });
  assert.ok(await page.$eval('#remove-layer', (x) => x.disabled));
  assert.match(page.url(), /hidden=&|hidden=$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('switching the loss changes the gradient heatmaps', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=xor&hidden=4r&loss=sse' });
  // One output with Y = ±1, or one output per class with a one-hot Y.
  assert.equal(await page.evaluate(() => window.backpropViz.diagram.counts().nodes), 2 + 4 + 1);
  await page.check('#one-hot');
  assert.equal(await page.evaluate(() => window.backpropViz.diagram.counts().nodes), 2 + 4 + 2);
  assert.match(await page.$eval('#loss-note', (p) => p.textContent), /one-hot/);
  await page.uncheck('#one-hot');
  await stepEpochs(page, 2);
  const sse = await canvasPixels(page, '.gcard .hm-w');
  await page.selectOption('#loss', 'softmax_cross_entropy');
  await page.waitForTimeout(100);
  await stepEpochs(page, 2);
  const soft = await canvasPixels(page, '.gcard .hm-w');
  assert.ok(differingPixels(sse, soft) > 100, 'the ∂L/∂w⁰ heatmap did not change');
  assert.equal(await page.evaluate(() => window.backpropViz.diagram.counts().nodes), 2 + 4 + 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('hovering an edge shows w and ∂L/∂w as the JS API computes them', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=gauss&hidden=3r&loss=sse' });
  await stepEpochs(page, 1);
  const at = await page.evaluate(() => window.backpropViz.diagram.edgePoint(0, 1, 2));
  await page.mouse.move(at.x, at.y);
  await page.waitForSelector('#tooltip:not([hidden])');
  // Every digit in data-full; 4 significant digits on screen, with real sub- and superscripts.
  const shown = await page.$$eval('#tooltip [data-value]', (els) =>
    Object.fromEntries(
      els.map((e) => [e.dataset.value, { full: Number(e.dataset.full.replace('\u2212', '-')), text: e.textContent }]),
    ),
  );
  const expected = await page.evaluate(async () => {
    const { sig4 } = await import('/www/format.js');
    const { app, stepSample } = window.backpropViz;
    const net = app.trainer.network();
    const smp = stepSample();
    const r = net.backward(new Float64Array(smp.x), new Float64Array(smp.Y));
    const out = { w: net.weight(0, 1, 2), dl_dw: r.layers[0].dl_dw[1 * r.layers[0].n + 2] };
    net.free();
    return { ...out, wText: sig4(out.w), gText: sig4(out.dl_dw) };
  });
  assert.equal(shown.w.full, expected.w);
  assert.equal(shown.dl_dw.full, expected.dl_dw);
  assert.equal(shown.w.text, expected.wText);
  assert.equal(shown.dl_dw.text, expected.gText);
  assert.ok(
    expected.wText.replace(/[−.e+-]/g, '').replace(/^0+/, '').length <= 4,
    `4 significant digits: ${expected.wText}`,
  );
  assert.match(await page.$eval('#tooltip', (t) => t.innerHTML), /w<sub>2,3<\/sub><sup>\(0\)<\/sup>/);
  await shot(page, 'hover-edge');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 3-class spiral reaches at least 85% test accuracy in the page', async () => {
  const { page, errors } = await open(env.b, env.url, {
    hash: '#data=spiral&classes=3&hidden=32r,32r&loss=softmax&out=l&lr=0.03&batch=10&speed=e20',
  });
  await page.click('#play');
  await page.waitForFunction(() => parseFloat(document.getElementById('test-acc').value) >= 85, null, {
    timeout: 120000,
  });
  await page.click('#play');
  const acc = await accuracy(page);
  assert.ok(acc >= 0.85, `test accuracy ${acc}`);
  console.log(`3-class spiral: ${(acc * 100).toFixed(1)}% after ${await epoch(page)} epochs`);
  await shot(page, 'spiral-3-classes');
  assert.deepEqual(errors, []);
  await page.close();
});

test('learning rate 10 diverges, says so, and offers a rescue or a reset with a lower rate', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=spiral&hidden=8r,8r&out=l&lr=10' });
  await page.click('#play');
  await page.waitForSelector('#message:not([hidden])', { timeout: 20000 });
  const text = await page.$eval('#message', (m) => m.textContent);
  assert.match(text, /diverged/);
  assert.match(text, /Rescue/);
  assert.match(text, /Reset with η = 0\.03/);
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'false', 'training stopped');
  await shot(page, 'diverged');
  await page.click('#message button:has-text("Reset with η = 0.03")');
  assert.equal(await page.$eval('#lr', (s) => s.value), '0.03');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad link and a bad imported file get clear messages and nothing breaks', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=moons&lr=abc&hidden=99r&batch=5' });
  const text = await page.$eval('#message', (m) => m.textContent);
  assert.match(text, /data=moons/);
  assert.match(text, /lr=abc/);
  assert.match(text, /hidden=99r/);
  assert.equal(await page.$eval('#batch', (i) => i.value), '5', 'the valid fields are kept');
  await page.setInputFiles('#import', {
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"loss":"sum_of_squares","layers":[{"activation":"relu","w":[[1,2],[3]],"b":[0,0]}]}'),
  });
  await page.waitForFunction(() =>
    /broken\.json was not imported/.test(document.getElementById('message').textContent),
  );
  assert.match(await page.$eval('#message', (m) => m.textContent), /ragged/);
  await stepEpochs(page, 1);
  assert.equal(await epoch(page), 1, 'the page still trains');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the layout holds at 1920×1080 (projector), 1366×768, phone width, and in the dark theme', async () => {
  for (const [w, h, name] of [
    [1920, 1080, 'projector-1920'],
    [1366, 768, 'laptop-1366'],
    [390, 844, 'phone-390'],
  ]) {
    const { page, errors } = await open(env.b, env.url, { hash: '#data=spiral&hidden=8r,8r,4r', width: w, height: h });
    if (name.startsWith('projector')) await page.click('#projector');
    await stepEpochs(page, 5);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name}: the page is ${overflow}px wider than the screen`);
    await shot(page, name);
    if (name === 'laptop-1366') {
      await page.click('#theme');
      await page.waitForTimeout(100);
      await shot(page, 'dark-1366');
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('keyboard: Space plays and pauses, → steps', async () => {
  const { page, errors } = await open(env.b, env.url);
  await page.selectOption('#unit', 'epoch');
  await page.focus('body');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('ArrowRight');
  // The counter is drawn on the next animation frame: wait for it, do not race it.
  await page.waitForFunction(() => document.getElementById('epoch').value === '1');
  await page.keyboard.press(' ');
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'true');
  await page.keyboard.press(' ');
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'false');
  const unlabelled = await page.$$eval('button, select, input', (els) =>
    els
      .filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length))
      .map((e) => e.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, [], 'every control has a label');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a network file round-trips: import sets the architecture and the weights', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=4r,2r&loss=sse' });
  const text = await page.evaluate(() => {
    const net = window.backpropViz.app.api.Network.random(
      new Uint32Array([2, 5, 3, 1]),
      ['tanh', 'sigmoid', 'tanh'],
      'sum_of_squares',
      'xavier',
      7,
    );
    net.setWeight(1, 4, 2, -0.625);
    const t = net.toJSON();
    net.free();
    return t;
  });
  await page.setInputFiles('#import', { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() =>
    /Imported the network in mine\.json/.test(document.getElementById('message').textContent),
  );
  assert.deepEqual(await page.evaluate(() => window.backpropViz.diagram.counts()), {
    nodes: 2 + 5 + 3 + 1,
    edges: 10 + 15 + 3,
  });
  const live = await page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const out = { json: net.toJSON(), w: net.weight(1, 4, 2), act: net.activation(1) };
    net.free();
    return out;
  });
  assert.equal(live.w, -0.625);
  assert.equal(live.act, 'sigmoid');
  assert.equal(live.json, text, 'the same network, number for number');
  assert.match(page.url(), /hidden=5t,3s/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('clicking an edge edits its weight; a bad value is refused in place', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=gauss&hidden=3r&loss=sse' });
  await editWeight(page);
  await page.fill('.editor input', 'abc');
  await page.press('.editor input', 'Enter');
  assert.match(await page.$eval('.editor .err', (e) => e.textContent), /finite number/);
  await page.fill('.editor input', '\u22121.25');
  await page.press('.editor input', 'Enter');
  assert.equal(await page.$('.editor'), null, 'the editor closes');
  const w = await page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const v = net.weight(1, 2, 0);
    net.free();
    return v;
  });
  assert.equal(w, -1.25);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an open weight editor closes when the network is rebuilt, so its Set cannot name a weight that is gone', async () => {
  // Found by a random walk over the controls: the editor of w⁽¹⁾ stayed open after "−"
  // removed the hidden layer, and its Set stopped the page ("the layer j must be a whole
  // number from 0 to 0, not 1").
  const { page, errors } = await open(env.b, env.url, { hash: '#data=gauss&hidden=3r&loss=sse' });
  await editWeight(page);
  await page.fill('.editor input', '2');
  await page.click('#remove-layer');
  await page.waitForFunction(() => window.backpropViz.app.trainer.sizes().length === 2);
  assert.equal(await page.$('.editor'), null, 'the editor closed with the network it edited');
  const message = await page.$eval('#message', (m) => (m.hidden ? '' : m.textContent));
  assert.doesNotMatch(message, /went wrong/);
  // An editor closes on Reset too (new initial weights: the value it showed is gone).
  const node = await page.evaluate(() => window.backpropViz.diagram.edgePoint(0, 0, 0, 0.98));
  await page.mouse.click(node.x, node.y);
  assert.ok(await page.$('.editor'), 'an editor is open');
  await page.click('#reset');
  assert.equal(await page.$('.editor'), null, 'Reset closed it');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the points on the boundary follow the view: the test points, the chosen sample, the theme', async () => {
  // They are drawn once on an overlay and stamped each frame: each change must redraw them.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&hidden=4t' });
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const before = await canvasPixels(page, '#boundary');
  await page.check('#show-test');
  await frames();
  const withTest = await canvasPixels(page, '#boundary');
  assert.ok(differingPixels(before, withTest) > 2000, 'the test points appear');
  await page.evaluate(() => {
    const { app } = window.backpropViz;
    app.selected = { set: 'train', index: (app.selected.index + 7) % 100 };
    app.dirty = true;
  });
  await frames();
  const moved = await canvasPixels(page, '#boundary');
  assert.ok(differingPixels(withTest, moved) > 100, 'the ring moves to the chosen sample');
  await page.click('#theme');
  await frames();
  assert.ok(differingPixels(moved, await canvasPixels(page, '#boundary')) > 2000, 'the theme redraws them');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the top bar says whose accuracy and loss each is', async () => {
  // It read "test 47.2%, loss 0.684 train 52.8%": the test loss looked like the training set's.
  const bar = async (hash) => {
    const { page, errors } = await open(env.b, env.url, { hash, width: 1366, height: 768 });
    const text = await page.$eval('.mini', (m) => m.textContent.trim());
    const m = await page.evaluate(() => window.backpropViz.app.trainer.metrics());
    assert.deepEqual(errors, []);
    await page.close();
    return { text, m };
  };
  const pct = (v) => `${(100 * v).toFixed(1)}%`;
  const classes = await bar('');
  assert.equal(
    classes.text,
    `test ${pct(classes.m.test.accuracy)} (L ${classes.m.test.loss.toPrecision(3)}) · train ${pct(classes.m.train.accuracy)}`,
  );
  assert.match((await bar('#data=reg-gauss')).text, /^test L 0\.\d{3} · train L 0\.\d{3}$/);
  assert.equal((await bar('#data=own')).text, 'test no points · train no points');
});

test('the theme follows the system until one is picked, and the pick is kept', async () => {
  const { page, errors } = await open(env.b, env.url);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const reload = async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
  };
  assert.equal(await theme(), 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await reload();
  assert.equal(await theme(), 'dark', "a dark system's first visit");
  await page.click('#theme');
  assert.equal(await theme(), 'light');
  await reload();
  assert.equal(await theme(), 'light', 'the pick outlasts a reload on a dark system');
  // A broken stored value is no choice.
  await page.evaluate(() => localStorage.setItem('backprop-viz-display', 'null'));
  await reload();
  assert.equal(await theme(), 'dark');
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard: Space and Enter press the focused button or tile; elsewhere Space plays', async () => {
  // Space on a focused button did nothing (the Play shortcut took the key and dropped it), and
  // on a focused neuron tile it started Play.
  const { page, errors } = await open(env.b, env.url);
  await page.selectOption('#unit', 'epoch');
  const epoch = () => page.evaluate(() => window.backpropViz.app.trainer.epoch);
  await page.focus('#step');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => window.backpropViz.app.trainer.epoch === 1);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.backpropViz.app.trainer.epoch === 2);
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'false', 'Space stepped, not played');
  await page.focus('#theme');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  // A neuron tile (role="button"): Space is the tile's, not Play's.
  await page.focus('#diagram [role="button"]');
  await page.keyboard.press(' ');
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'false');
  await page.keyboard.press('Escape');
  await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
  await page.keyboard.press(' ');
  assert.equal(await page.$eval('#play', (p) => p.getAttribute('aria-pressed')), 'true');
  await page.keyboard.press(' ');
  assert.ok((await epoch()) >= 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Enter on a neuron tile opens its bias editor clean, and Enter in it sets the bias', async () => {
  // The Enter that opened the editor went on to submit it, empty: it opened with "Type a
  // finite number" already showing.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=gauss&hidden=3r&loss=sse' });
  await page.focus('#diagram [role="button"][aria-label^="neuron n = 2 of layer j = 0"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.editor input');
  assert.equal(await page.$eval('.editor .err', (e) => e.textContent), '', 'no error before anything is typed');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.editor') !== null), true, 'typing goes in');
  await page.keyboard.type('0.75');
  await page.keyboard.press('Enter');
  assert.equal(await page.$('.editor'), null, 'the editor closes');
  const b = await page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const v = net.biases(0)[1];
    net.free();
    return v;
  });
  assert.equal(b, 0.75);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the dataset tiles are a radio group: one tab stop, and the arrows choose the next tile instead of training', async () => {
  // → on a focused tile trained one step (the page's shortcut) and the tiles stayed put.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle' });
  const state = () =>
    page.evaluate(() => ({
      dataset: window.backpropViz.app.settings.dataset,
      focused: /** @type {HTMLElement} */ (document.activeElement)?.dataset.id,
      tabStops: [...document.querySelectorAll('#datasets .thumb')].filter((t) => t.tabIndex === 0).length,
      epoch: window.backpropViz.app.trainer.epoch,
    }));
  await page.focus('#datasets .thumb[aria-checked="true"]');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), { dataset: 'xor', focused: 'xor', tabStops: 1, epoch: 0 });
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await state(), { dataset: 'reg-gauss', focused: 'reg-gauss', tabStops: 1, epoch: 0 }, 'it wraps');
  await page.keyboard.press('Home');
  assert.deepEqual(await state(), { dataset: 'circle', focused: 'circle', tabStops: 1, epoch: 0 });
  // Off the tiles, → is still one training step.
  await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.backpropViz.app.trainer.updates + window.backpropViz.app.trainer.epoch > 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the batch view before any update says that there is no batch yet', async () => {
  // Its heatmaps all read "all 0" at epoch 0, as if every gradient were 0.
  const { page, errors } = await open(env.b, env.url, { hash: '#grad=batch' });
  const caption = () => page.$eval('#grad-sample', (c) => c.textContent);
  assert.equal(await caption(), '(no batch yet: all 0 until an update)');
  await page.selectOption('#unit', 'batch');
  await page.click('#step');
  await page.waitForFunction(() => /mean$/.test(document.getElementById('grad-sample').textContent));
  assert.equal(await caption(), "of the last mini-batch's mean");
  assert.deepEqual(errors, []);
  await page.close();
});

test('Import… shows the keyboard focus of its hidden file input', async () => {
  const { page, errors } = await open(env.b, env.url);
  await page.focus('#export');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'import');
  const outline = await page.$eval('label[for="import"]', (l) => getComputedStyle(l).outlineStyle);
  assert.equal(outline, 'solid');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the top bar keeps its height whatever its numbers say', async () => {
  // At 1366 × 768 it took one row for a regression and two for the circle: the page jumped.
  const heights = [];
  for (const hash of ['', '#data=own', '#data=reg-gauss']) {
    const { page, errors } = await open(env.b, env.url, { hash, width: 1366, height: 768 });
    const height = () => page.$eval('.topbar', (b) => b.getBoundingClientRect().height);
    heights.push(await height());
    await page.evaluate(() => {
      /** @type {HTMLOutputElement} */ (document.getElementById('bar-test')).value = '100.0% (L 1.23e-5)';
      /** @type {HTMLOutputElement} */ (document.getElementById('bar-train')).value = '100.0%';
    });
    heights.push(await height());
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.equal(new Set(heights).size, 1, `heights ${heights}`);
});

test('switching a regularizer on at λ = 0 starts it at a small λ and says so', async () => {
  // L2 at λ = 0 changed nothing, and nothing said why.
  const { page, errors } = await open(env.b, env.url);
  await page.selectOption('#reg', 'l2');
  assert.equal(await page.$eval('#regRate', (s) => s.value), '0.003');
  assert.equal(await page.evaluate(() => window.backpropViz.app.settings.regRate), 0.003);
  assert.match(
    await page.$eval('#notice', (n) => n.textContent),
    /^L2 on, with λ = 0\.003: at λ = 0 it would change nothing/,
  );
  // A λ already chosen stays.
  await page.selectOption('#reg', 'none');
  await page.selectOption('#reg', 'l1');
  assert.equal(await page.evaluate(() => window.backpropViz.app.settings.regRate), 0.003);
  assert.deepEqual(errors, []);
  await page.close();
});
