// Shared by the end-to-end tests: a static server for the repository on 127.0.0.1 (random
// port), headless Chromium through playwright-core, and a record of console errors.

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = path.join(ROOT, 'screenshots');

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** The policy the issue asks for at least, sent as a header on top of index.html's own meta
 * tag: a page that raises a violation under it fails its test (see `open`). */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";

/** A static server for `root` (the repository, or `dist/` for the release page); `types`
 * overrides the Content-Type of some extensions (a server that does not know .wasm). */
export async function serve(root = ROOT, types = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await fs.readFile(file);
      const type = { ...TYPES, ...types }[path.extname(file)] || 'application/octet-stream';
      res
        .writeHead(
          200,
          type === 'text/html' ? { 'Content-Type': type, 'Content-Security-Policy': CSP } : { 'Content-Type': type },
        )
        .end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function browser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The server and the browser of one test file: started before its tests, closed after.
 * `env.b` and `env.url` are set once the file's tests run. */
export function session() {
  const env = { server: null, url: '', b: null };
  before(async () => {
    ({ server: env.server, url: env.url } = await serve());
    env.b = await browser();
  });
  after(async () => {
    await env.b?.close();
    env.server?.close();
  });
  return env;
}

/** A page at `url` (plus `hash`) with its console errors, page errors, Content-Security-Policy
 * violations and off-origin requests recorded in `errors`; resolves once the page says it is ready. */
export async function open(b, url, { hash = '', width = 1600, height = 1000, scale = 1, touch = false } = {}) {
  const page = await b.newPage({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch: touch });
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await reportViolations(page);
  page.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      errors.push(`off-origin request: ${r.url()}`);
  });
  await page.goto(url + hash);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  return { page, errors };
}

/** Clicks "Step through" and waits for the panel: its code loads when first opened. */
export async function openSteps(page) {
  await page.click('#open-steps');
  await page.waitForSelector('#stepthrough:not([hidden]) .st-step');
}

/** Makes every Content-Security-Policy violation in `page` a console error (which the tests
 * collect), on top of the one Chromium logs itself. */
export async function reportViolations(page) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} (${e.sample})`),
    );
  });
}

/** A screenshot into screenshots/ (`name` may hold a folder: "lessons/01-forward"). */
export async function shot(page, name, { fullPage = true } = {}) {
  const file = path.join(SHOTS, `${name}.png`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** The RGBA pixels of a canvas (read inside the page). */
export async function canvasPixels(page, selector) {
  return page.$eval(selector, (c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data));
}

export function differingPixels(a, b) {
  let n = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 4)
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  return n;
}
