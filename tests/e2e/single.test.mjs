// The single-file build (`cargo xtask dist` → dist/backprop-viz.html) opens from file:// —
// a double-click, no server — loads its inlined wasm, trains and draws, and asks for nothing,
// under a Content-Security-Policy that allows its inline code by hash only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT,
  browser,
  canvasPixels,
  differingPixels,
  open,
  openSteps,
  reportViolations,
  serve,
  shot,
} from './harness.mjs';

const FILE = path.join(ROOT, 'dist', 'backprop-viz.html');

/** Opens and closes each tool that loads on its first press (Export, Compare). */
async function openAndCloseTools(page) {
  for (const [button, panel] of [
    ['#export-open', '#export-panel'],
    ['#compare-open', '#compare-panel'],
  ]) {
    await page.click(button);
    await page.waitForSelector(panel, { state: 'visible' });
    await page.click(button);
    await page.waitForSelector(panel, { state: 'hidden' });
  }
}

test('dist/backprop-viz.html works from file:// with no server and no request', async () => {
  assert.ok(fs.existsSync(FILE), `${FILE} is missing: run \`cargo xtask dist\` (cargo xtask test does)`);
  const b = await browser();
  try {
    const page = await b.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!/^(file|data|blob):/.test(r.url())) errors.push(`request: ${r.url()}`);
    });
    await reportViolations(page);
    await page.goto(`${pathToFileURL(FILE).href}#data=xor&hidden=4r,4r`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
    const before = await canvasPixels(page, '#boundary');
    for (let i = 0; i < 20; i++) await page.click('#step');
    // The epoch counter is drawn on the next animation frame: wait for it, do not race it.
    await page.waitForFunction(() => document.getElementById('epoch').value === '20', null, { timeout: 10000 });
    assert.ok(parseFloat(await page.$eval('#test-acc', (o) => o.value)) > 80, 'it learned xor');
    assert.ok(differingPixels(before, await canvasPixels(page, '#boundary')) > 1000, 'the boundary moved');
    // The paint worker starts from a blob of the page's own scripts, and paints while playing.
    await page.click('#play');
    await page.waitForFunction(() => window.backpropViz.paints.received() >= 5, null, { timeout: 10000 });
    await page.click('#play');
    assert.equal(await page.evaluate(() => window.backpropViz.paints.ready()), true);
    // The tools loaded on their first press are in the file too.
    await openAndCloseTools(page);
    await page.click('#open-steps');
    await page.waitForSelector('#stepthrough:not([hidden]) math');
    await shot(page, 'single-file');
    // It runs under its own strict policy: inline code only by hash, nothing from anywhere.
    const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(
      policy,
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=' 'sha256-[A-Za-z0-9+/]+=' 'wasm-unsafe-eval'; style-src 'sha256-/,
    );
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('the single file, in a browser without WebAssembly SIMD, says so', async () => {
  const b = await browser();
  try {
    const page = await b.newPage();
    await page.addInitScript(() => void (WebAssembly.validate = () => false));
    await page.goto(pathToFileURL(FILE).href);
    await page.waitForFunction(() => !document.getElementById('message').hidden);
    assert.match(await page.$eval('#message', (m) => m.textContent), /WebAssembly lacks SIMD/);
  } finally {
    await b.close();
  }
});

test('the release site (dist/, its first screen one script) works served: it trains, paints in its worker, opens what loads later', async () => {
  const dist = path.join(ROOT, 'dist');
  const app = fs.readFileSync(path.join(dist, 'www', 'app.js'), 'utf8');
  assert.ok(!app.includes('// @ts-check'), 'cargo xtask dist minifies the scripts');
  assert.ok(!fs.existsSync(path.join(dist, 'www', 'main.js')), "the first screen's modules are in app.js only");
  const { server, url } = await serve(dist);
  const b = await browser();
  try {
    const { page, errors } = await open(b, url, { hash: '#data=xor&hidden=4r,4r' });
    // The first screen: the page, one stylesheet, one script of its own, the glue, the wasm
    // (and the paint worker's script, whose worker starts at once).
    const loaded = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname.replace('/www/', '')),
    );
    const first = [
      'app.css',
      'app.js',
      'file-check.js',
      'paint-worker.js',
      'pkg/backprop_viz.js',
      'pkg/backprop_viz_bg.wasm',
    ];
    assert.deepEqual(
      loaded.filter((f) => !first.includes(f)),
      [],
      'nothing else loads',
    );
    for (const f of ['app.css', 'app.js', 'pkg/backprop_viz_bg.wasm']) assert.ok(loaded.includes(f), `${f} loads`);
    await openAndCloseTools(page);
    for (let i = 0; i < 20; i++) await page.click('#step');
    await page.waitForFunction(() => document.getElementById('epoch').value === '20', null, { timeout: 10000 });
    assert.ok(parseFloat(await page.$eval('#test-acc', (o) => o.value)) > 80, 'it learned xor');
    await page.click('#play');
    await page.waitForFunction(() => window.backpropViz.paints.received() >= 5, null, { timeout: 10000 });
    await page.click('#play');
    await openSteps(page);
    // Its stylesheets came with it, and apply from its first step.
    assert.equal(await page.$eval('.st-nav', (e) => getComputedStyle(e).display), 'flex');
    const later = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    assert.ok(
      later.some((u) => u.endsWith('/www/stepthrough-band.css')),
      'the step-through loaded its stylesheets',
    );
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.$eval('#stepthrough', (e) => e.dataset.step), '2');
    await page.keyboard.press('Escape');
    await page.click('#open-lessons');
    await page.click('#lesson-menu .lm-item >> nth=0');
    await page.waitForSelector('#lesson:not([hidden]) .l-title');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
    server.close();
  }
});
