// Gradient export (issue 10, part 4): any layer's ∂L/∂w, ∂L/∂g, ∂L/∂b, ∂L/∂x as CSV, of the
// chosen sample or the last batch's mean, number for number; and the boundary, the diagram and
// a heatmap as PNG at the screen's device pixels.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { session, open } from './harness.mjs';

const env = session();

async function downloaded(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const out = { name: d.suggestedFilename(), bytes: await fs.readFile(await d.path()) };
  // Chromium holds back a page's downloads that come too fast one after another.
  await page.waitForTimeout(200);
  return out;
}

/** A CSV's numbers, row by row, without its header row and index column. */
const table = (text) =>
  text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(1).map(Number));

async function exportCsv(page, j, tensor, of) {
  await page.selectOption('#export-layer', String(j));
  await page.selectOption('#export-tensor', tensor);
  await page.selectOption('#export-of', of);
  const { name, bytes } = await downloaded(page, () => page.click('#export-csv'));
  return { name, text: bytes.toString('utf8') };
}

test('CSV: each tensor of each layer, for the sample (as Network.backward gives it) and the batch mean', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#hidden=3t&sample=4' });
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.click('#export-open');
  await page.waitForSelector('#export-panel', { state: 'visible' }); // loaded on the first press
  // The reference: the JS API's backward pass of the same sample through a copy of the network.
  const ref = await page.evaluate(async () => {
    const { app, stepSample } = window.backpropViz;
    const s = stepSample();
    const net = app.trainer.network();
    const g = net.backward(s.x, s.Y);
    net.free();
    const batch = app.trainer.batchGradients();
    const { f64view } = await import('./www/wasm.js');
    const sizes = Array.from(app.trainer.sizes());
    const batchDx = sizes.slice(1).map((_, j) => Array.from(f64view(app.trainer.parameterView(j, 4), sizes[j])));
    const plain = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.from(v ?? [])]));
    return { sample: g.layers.map(plain), batch: batch.map(plain), sizes, batchDx };
  });
  for (const j of [0, 1]) {
    const [m, n] = [ref.sizes[j], ref.sizes[j + 1]];
    const w = await exportCsv(page, j, 'dl_dw', 'sample');
    assert.match(w.name, new RegExp(`^dl_dw-layer${j}-sample-train5-epoch\\d+\\.csv$`));
    const rows = table(w.text);
    assert.equal(rows.length, m, `∂L/∂w^${j} has M^${j} = ${m} rows`);
    assert.ok(rows.every((r) => r.length === n));
    assert.deepEqual(rows.flat(), ref.sample[j].dl_dw, `∂L/∂w^${j}, every digit`);
    for (const key of ['dl_dg', 'dl_db', 'dl_dx']) {
      const v = await exportCsv(page, j, key, 'sample');
      assert.deepEqual(table(v.text).flat(), ref.sample[j][key], `${key} of layer ${j}`);
    }
    const bw = await exportCsv(page, j, 'dl_dw', 'batch');
    assert.match(bw.name, /batch-mean/);
    assert.deepEqual(table(bw.text).flat(), ref.batch[j].dl_dw);
    // Eq. 27: the batch's mean ∂L/∂g is its mean ∂L/∂b.
    assert.deepEqual(table((await exportCsv(page, j, 'dl_dg', 'batch')).text).flat(), ref.batch[j].dl_db);
    // Eq. 25 on the mean, with the weights before the update: the view the trainer keeps.
    const dx = table((await exportCsv(page, j, 'dl_dx', 'batch')).text).flat();
    assert.deepEqual(dx, ref.batchDx[j]);
    assert.equal(dx.length, m);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

/** Width and height from a PNG's IHDR, after checking its signature. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** How many pixels of a PNG differ from its top-left one, decoded in the page. */
const busyPixels = (page, bytes) =>
  page.evaluate(async (b64) => {
    const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const img = await createImageBitmap(blob);
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
    return n;
  }, bytes.toString('base64'));

test('PNG at device pixels: the boundary, the diagram and a heatmap', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#hidden=4t', scale: 2 });
  await page.click('#export-open');
  const css = (sel) =>
    page.$eval(sel, (el) => {
      const r = el.getBoundingClientRect();
      return [r.width, r.height];
    });
  const cases = [
    ['boundary', '#boundary', 'decision-boundary.png'],
    ['diagram', '#diagram .diagram-inner', 'network.png'],
    ['heatmap', '#gradients .hm-w', 'dl_dw-layer0-heatmap.png'],
  ];
  await page.selectOption('#export-layer', '0');
  for (const [picture, selector, file] of cases) {
    await page.selectOption('#export-picture', picture);
    const { name, bytes } = await downloaded(page, () => page.click('#export-png'));
    assert.equal(name, file);
    const [w, h] = pngSize(bytes);
    const [cw, ch] = await css(selector);
    assert.ok(
      Math.abs(w - 2 * cw) <= 1 && Math.abs(h - 2 * ch) <= 1,
      `${picture}: ${w}×${h} for ${cw}×${ch} CSS px at 2×`,
    );
    assert.ok((await busyPixels(page, bytes)) > (w * h) / 50, `${picture}: a picture, not a blank`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
