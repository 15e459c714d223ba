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
  // Each entry of x⁰ has its feature's name beside it, level with it.
  const named = await page.$$eval('#stepthrough .mnames th', (ths) =>
    ths.map((th) => ({ name: th.textContent, top: Math.round(th.getBoundingClientRect().top) })),
  );
  const cellTops = await page.$$eval('#stepthrough .mnamed [data-t="x"]', (tds) =>
    tds.map((td) => Math.round(td.getBoundingClientRect().top)),
  );
  assert.deepEqual(
    named,
    ['← x₁x₂', '← sin x₂'].map((name, k) => ({ name, top: cellTops[k] })),
  );
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

test("layer 0's heatmaps name their rows by the features", async () => {
  // ∂L/∂w⁽⁰⁾'s rows were numbered 1 … 4 only: which is x₁²?
  const { page, errors } = await open(env.b, env.url, { hash: '#data=circle&feat=x1sq,x2sq,x1x2,sinx1' });
  const drawn = await page.evaluate(() => {
    const { app } = window.backpropViz;
    const draw = app.api.drawHeatmap;
    const texts = { w: [], x: [] };
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    let names = null;
    app.api = {
      ...app.api,
      drawHeatmap(canvas, values, rows, cols, options) {
        const which = options.title.startsWith('∂L/∂w⁽⁰⁾') ? 'w' : options.title.startsWith('(∂L/∂x⁽⁰⁾)') ? 'x' : '';
        if (which === 'w') names = options.rowNames;
        if (which)
          CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
            texts[which].push(String(text));
            return fillText.call(this, text, ...rest);
          };
        try {
          return draw(canvas, values, rows, cols, options);
        } finally {
          CanvasRenderingContext2D.prototype.fillText = fillText;
        }
      },
    };
    app.dirty = true;
    return new Promise((resolve) => {
      const wait = () => (names && texts.x.length ? resolve({ names, texts }) : requestAnimationFrame(wait));
      document.getElementById('step').click();
      wait();
    });
  });
  assert.deepEqual(drawn.names, ['x₁²', 'x₂²', 'x₁x₂', 'sin x₁']);
  // Every row of ∂L/∂w⁽⁰⁾ and every column of (∂L/∂x⁽⁰⁾)ᵀ is named.
  for (const name of drawn.names)
    for (const map of ['w', 'x'])
      assert.ok(drawn.texts[map].includes(name), `${name} among ${drawn.texts[map].join(' | ')}`);
  // Names that do not fit the shape are refused with a message.
  const refused = await page.evaluate(() => {
    try {
      const canvas = document.createElement('canvas');
      window.backpropViz.app.api.drawHeatmap(canvas, new Float64Array(4), 2, 2, {
        title: 't',
        rowNames: ['a'],
        theme: {
          background: [0, 0, 0],
          foreground: [0, 0, 0],
          neutral: [0, 0, 0],
          negative: [0, 0, 0],
          positive: [0, 0, 0],
        },
      });
      return 'drawn';
    } catch (e) {
      return e.message;
    }
  });
  assert.equal(refused, 'rowNames must name all 2, not 1');
  assert.deepEqual(errors, []);
  await page.close();
});
