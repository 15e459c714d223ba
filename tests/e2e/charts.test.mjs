// The line charts read true: each point stands at its epoch (the history is not evenly spaced,
// and the axis runs on to at least 5 epochs), a lone first point is drawn, a log axis always
// labels at least two powers of ten, and the legends stay off the lines. A heatmap labels
// every row it has room for.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open } from './harness.mjs';

const env = session();

/** Runs `draw` (a name of the API and its arguments after the canvas) in the page on a new
 * w × h canvas, in a light theme; returns the texts it wrote, and for each of `colors` the
 * leftmost and rightmost column holding it and how many pixels have it. */
function drawn([w, h, name, args, colors = []]) {
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [w, h];
  const texts = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    texts.push(String(text));
    return fillText.call(this, text, ...rest);
  };
  const theme = {
    background: [255, 255, 255],
    foreground: [0, 0, 0],
    neutral: [240, 240, 240],
    negative: [230, 97, 1],
    positive: [11, 99, 206],
  };
  const last = args.length - 1;
  try {
    window.backpropViz.app.api[name](canvas, ...args.slice(0, last), { ...args[last], theme });
  } finally {
    CanvasRenderingContext2D.prototype.fillText = fillText;
  }
  const data = canvas.getContext('2d').getImageData(0, 0, w, h).data;
  const found = colors.map(() => ({ left: Infinity, right: -Infinity, pixels: 0 }));
  for (let i = 0; i < data.length; i += 4) {
    const k = colors.findIndex(([r, g, b]) => data[i] === r && data[i + 1] === g && data[i + 2] === b);
    if (k < 0) continue;
    const x = (i / 4) % w;
    found[k].left = Math.min(found[k].left, x);
    found[k].right = Math.max(found[k].right, x);
    found[k].pixels++;
  }
  return { found, texts };
}

/** A line chart of `series` on a 400 × 200 canvas, without a legend (see `drawn`). */
const chart = (page, series, options) =>
  page.evaluate(drawn, [
    400,
    200,
    'drawLineChart',
    [series, { title: '', xLabel: 'epoch', yLabel: 'L', legend: false, ...options }],
    series.map((x) => x.color),
  ]);

test('each point of a line chart stands at its x, not evenly spread to the end of the axis', async () => {
  const { page, errors } = await open(env.b, env.url);
  // Epochs 0-3 on an axis to 5 (the page's least), beside a series spread evenly over 0-5
  // that marks where x = 5 is.
  const { found } = await chart(
    page,
    [
      { name: 'at its epochs', color: [200, 0, 0], values: [1, 0.6, 0.4, 0.3], x: [0, 1, 2, 3] },
      { name: 'evenly', color: [0, 150, 0], values: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2] },
    ],
    { xMax: 5 },
  );
  const [at, evenly] = found;
  assert.ok(Math.abs(at.left - evenly.left) <= 2, `both start at x = 0: ${at.left} vs ${evenly.left}`);
  // Epoch 3 is 3/5 of the way to x = 5 (within the strokes' width).
  const width = evenly.right - evenly.left;
  const want = evenly.left + (3 / 5) * width;
  assert.ok(width > 200, `the plot is ${width} px wide`);
  assert.ok(Math.abs(at.right - want) <= 4, `epoch 3 ends at column ${at.right}, not ${want.toFixed(0)}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the page draws its history at the epochs it was taken', async () => {
  const { page, errors } = await open(env.b, env.url);
  // The newest series each chart was given.
  await page.evaluate(() => {
    const { app } = window.backpropViz;
    const draw = app.api.drawLineChart;
    window.sent = {};
    // (The API is a module's namespace: the page is given a copy with this one call wrapped.)
    app.api = {
      ...app.api,
      drawLineChart(canvas, series, options) {
        window.sent[canvas.id] = series.map((s) => ({ x: s.x, n: s.values.length }));
        return draw(canvas, series, options);
      },
    };
  });
  await page.selectOption('#unit', 'epoch');
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.selectOption('#unit', 'batch');
  await page.click('#step'); // epoch 3 and one batch of 25
  const want = [0, 1, 2, 3, 3 + 1 / 25];
  await page.waitForFunction(
    (n) => ['loss-chart', 'norm-chart'].every((id) => window.sent[id]?.[0]?.n === n),
    want.length,
  );
  const sent = await page.evaluate(() => window.sent);
  const close = (xs) => xs?.length === want.length && xs.every((x, i) => Math.abs(x - want[i]) < 1e-12);
  for (const id of ['loss-chart', 'norm-chart']) {
    assert.ok(sent[id].length >= 2, `${id}: ${sent[id].length} series`);
    for (const [k, { x, n }] of sent[id].entries()) {
      assert.ok(close(x), `${id} series ${k}: x = ${x}`);
      assert.equal(n, want.length, `${id} series ${k}`);
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a lone point is drawn as a dot', async () => {
  const { page, errors } = await open(env.b, env.url);
  for (const logY of [false, true]) {
    const { found } = await chart(page, [{ name: 'epoch 0', color: [200, 0, 0], values: [0.7], x: [0] }], {
      xMax: 5,
      logY,
    });
    assert.ok(found[0].pixels >= 15, `${logY ? 'log' : 'linear'}: ${found[0].pixels} pixels of the series`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a log axis over less than a decade still labels two powers of ten', async () => {
  const { page, errors } = await open(env.b, env.url);
  for (const [values, labels] of [
    [
      [0.3, 0.4, 0.5],
      ['10⁻¹', '1'],
    ],
    [
      [2, 3],
      ['1', '10'],
    ],
    [
      [1, 1],
      ['1', '10'],
    ],
    [[0.02, 0.9], ['10⁻¹']], // two decades drawn as they are: 10⁻¹ lies inside
  ]) {
    // (x up to 1000: no x label reads 1 or 10.)
    const { texts } = await chart(page, [{ name: 'norm', color: [200, 0, 0], values }], { xMax: 1000, logY: true });
    for (const label of labels) assert.ok(texts.includes(label), `${values}: labels ${texts.join(' | ')}`);
    const powers = texts.filter((t) => /^(1|10|10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.test(t));
    assert.ok(powers.length >= 2, `${values}: powers of ten labelled: ${powers.join(' ')}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the charts keep their legends under them, off the lines, in compare mode too', async () => {
  const { page, errors } = await open(env.b, env.url);
  await page.evaluate(() => {
    const { app } = window.backpropViz;
    const draw = app.api.drawLineChart;
    window.inside = {};
    app.api = {
      ...app.api,
      drawLineChart(canvas, series, options) {
        window.inside[canvas.id] = options.legend !== false;
        return draw(canvas, series, options);
      },
    };
  });
  await page.click('#compare-open');
  await page.click('#compare-pairs button:has-text("ReLU vs sigmoid")');
  await page.selectOption('#unit', 'epoch');
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.waitForFunction(() => Object.keys(window.inside).length === 3);
  assert.deepEqual(await page.evaluate(() => window.inside), {
    'loss-chart': false,
    'norm-chart': false,
    'norm-chart-b': false,
  });
  const legend = (id) =>
    page.$eval(`#${id}`, (box) => ({
      shown: !box.hidden,
      items: [...box.children].map((s) => [s.textContent, /repeating/.test(s.querySelector('.sw').style.background)]),
    }));
  assert.deepEqual(await legend('loss-legend'), {
    shown: true,
    items: [
      ['A: training loss', false],
      ['A: test loss', true],
      ['B: training loss', false],
      ['B: test loss', true],
    ],
  });
  const b = await legend('norm-legend-b');
  assert.ok(b.shown && b.items.length >= 3 && b.items[0][0] === '‖∂L/∂w⁽⁰⁾‖', JSON.stringify(b));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a heatmap of two rows labels both', async () => {
  // Like ∂L/∂w⁽⁰⁾ of the default network on a narrow card: it labelled row 1 only, and read
  // as one row.
  const { page, errors } = await open(env.b, env.url);
  const { texts } = await page.evaluate(drawn, [
    200,
    90,
    'drawHeatmap',
    [new Float64Array(16).map((_, i) => i - 8), 2, 8, { title: 'dL/dw', rowLabel: 'm', colLabel: 'n' }],
  ]);
  // Row indices 1 and 2; the 8 narrow columns are labelled every other one from 1, so a 2
  // is row 2's.
  const digits = texts.filter((t) => /^\d$/.test(t));
  assert.ok(digits.includes('2'), digits.join(' '));
  assert.ok(!digits.includes('4'), `columns every other one: ${digits.join(' ')}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the loss chart says once when it goes to a log scale', async () => {
  const { page, errors } = await open(env.b, env.url);
  const notice = () => page.$eval('#notice', (n) => (n.hidden ? '' : n.textContent));
  // A loss 1000 times below the first (as a regression's can fall): the axis goes to log.
  await page.evaluate(() => {
    const { app } = window.backpropViz;
    app.history.push(1, 1e-4, 2e-4, [1, 1, 1]);
    app.dirty = true;
  });
  await page.waitForFunction(() => /log scale/.test(document.getElementById('notice').textContent));
  assert.match(
    await notice(),
    /^The loss chart is now on a log scale: the loss has grown or fallen more than 1000-fold\.$/,
  );
  // Said once: hidden, then redrawn, it stays hidden.
  await page.evaluate(() => {
    document.getElementById('notice').hidden = true;
    window.backpropViz.app.dirty = true;
  });
  await page.selectOption('#unit', 'batch');
  await page.click('#step');
  await page.waitForTimeout(300);
  assert.equal(await notice(), '');
  assert.deepEqual(errors, []);
  await page.close();
});
