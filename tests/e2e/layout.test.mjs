// A projector that fits (issue 7): nothing overlaps at any depth and width (0, 1, 4 and 8
// hidden layers of 1, 8, 16 and 32 units) at 1024×768, 1366×768 and 1920×1080, with and
// without projector mode: tiles, menus, headers and gradient cards, and no colour bar hidden.
// In projector mode at 1024×768, every step of the step-through shows its equation and its
// numbers inside the viewport, without scrolling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot, openSteps } from './harness.mjs';

const env = session();

const SCREENS = [
  [1024, 768],
  [1366, 768],
  [1920, 1080],
];
const DEPTHS = [0, 1, 4, 8];
const WIDTHS = [1, 8, 16, 32];

/** Opens `hidden` in the live page through its hash (the page reads a changed hash). */
async function architecture(page, depth, width) {
  const hidden = Array.from({ length: depth }, () => `${width}r`).join(',');
  await page.evaluate((h) => {
    location.hash = `#data=circle&hidden=${h}`;
  }, hidden);
  await page.waitForFunction(
    ([d, w]) => {
      const s = window.backpropViz.app.settings;
      return s.hidden.length === d && s.hidden.every((h) => h.neurons === w) && !window.backpropViz.app.dirty;
    },
    [depth, width],
  );
  await page.waitForTimeout(60);
}

/** Every pair of overlapping boxes among the diagram's headers, menus, buttons and tiles and
 * among the gradient cards; cards outside the band; canvases outside their card. */
function problems() {
  const box = (e) => e.getBoundingClientRect();
  const overlap = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  const out = [];
  const named = (sel, name) =>
    [...document.querySelectorAll(sel)]
      .filter((e) => e.offsetParent)
      .map((e, i) => ({ name: `${name} ${i}`, r: box(e), e }));
  const heads = named('#diagram .layer-head', 'header');
  const controls = named('#diagram .layer-head :is(select, button)', 'control');
  const tiles = named('#diagram .node', 'tile');
  const cards = named('#gradients .gcard', 'card');
  const pairs = (xs, ys, same) => {
    xs.forEach((a, i) =>
      ys.forEach((c, k) => {
        if ((!same || k > i) && overlap(a.r, c.r)) out.push(`${a.name} overlaps ${c.name}`);
      }),
    );
  };
  pairs(heads, heads, true);
  pairs(heads, tiles, false);
  pairs(controls, controls, true);
  pairs(tiles, tiles, true);
  pairs(cards, cards, true);
  for (const c of controls) {
    const h = c.e.closest('.layer-head').getBoundingClientRect();
    if (c.r.left < h.left - 1 || c.r.right > h.right + 1) out.push(`${c.name} sticks out of its header`);
  }
  const band = box(document.getElementById('gradients'));
  for (const c of cards) {
    if (c.r.left < band.left - 1 || c.r.right > band.right + 1) out.push(`${c.name} is wider than the band`);
    for (const cv of c.e.querySelectorAll('canvas')) {
      if (!cv.offsetParent) continue;
      const r = box(cv);
      if (r.left < c.r.left - 1 || r.right > c.r.right + 1)
        out.push(`${c.name}: a heatmap (and its colour bar) is cut off`);
    }
  }
  const wider = document.documentElement.scrollWidth - window.innerWidth;
  if (wider > 1) out.push(`the page is ${wider}px wider than the screen`);
  return out;
}

for (const [w, h] of SCREENS) {
  for (const projector of [false, true]) {
    const name = `${w}×${h}${projector ? ' projector' : ''}`;
    test(`nothing overlaps at ${name}, for 0-8 hidden layers of 1-32 units`, async () => {
      const { page, errors } = await open(env.b, env.url, { width: w, height: h });
      if (projector) await page.click('#projector');
      const found = [];
      for (const depth of DEPTHS) {
        for (const width of depth === 0 ? [0] : WIDTHS) {
          await architecture(page, depth, width);
          for (const p of await page.evaluate(problems)) found.push(`${depth} × ${width}: ${p}`);
          if ((depth === 8 && width === 32) || (depth === 1 && width === 8))
            await shot(page, `layout-${w}x${h}${projector ? '-projector' : ''}-${depth}x${width}`);
        }
      }
      assert.deepEqual(found, []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}

test('projector mode makes the diagram bigger, never smaller, on every screen', async () => {
  const tile = (page) => page.$eval('#diagram .node', (n) => n.getBoundingClientRect().width);
  for (const [w, h] of [...SCREENS, [1280, 800]]) {
    const { page, errors } = await open(env.b, env.url, { width: w, height: h });
    const normal = await tile(page);
    await page.click('#projector');
    await page.waitForFunction((t) => {
      const n = document.querySelector('#diagram .node');
      return n && n.getBoundingClientRect().width !== t;
    }, normal);
    const projected = await tile(page);
    assert.ok(projected > normal, `${w}×${h}: tiles ${normal} px, in projector mode ${projected} px`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

/** The step's equation and numbers, and whether they lie inside the viewport. */
const stepInView = (page) =>
  page.evaluate(() => {
    const inside = (e) => {
      const r = e.getBoundingClientRect();
      return (
        r.height > 0 &&
        r.top >= -1 &&
        r.left >= -1 &&
        r.bottom <= window.innerHeight + 1 &&
        r.right <= window.innerWidth + 1
      );
    };
    const root = document.getElementById('stepthrough');
    return {
      kind: root.dataset.kind,
      step: root.dataset.step,
      math: inside(root.querySelector('.st-math')),
      nums: inside(root.querySelector('.st-nums')),
    };
  });

for (const [w, h, projector] of [
  [1024, 768, true],
  [1366, 768, false],
  [1366, 768, true],
  [1920, 1080, false],
]) {
  test(`${w}×${h}${projector ? ' in projector mode' : ''}: every step's equation and numbers are in view without scrolling`, async () => {
    for (const hash of ['', '#lesson=table-1', '#data=blobs&classes=3&hidden=8r']) {
      const { page, errors } = await open(env.b, env.url, { hash, width: w, height: h });
      if (projector) await page.keyboard.press('p'); // the panel may already cover the top bar
      if (!(await page.isVisible('#stepthrough'))) await openSteps(page);
      await page.keyboard.press('Home');
      const count = await page.evaluate(() => window.backpropViz.stepThrough().state().frames.length);
      const out = [];
      for (let k = 0; k < count; k++) {
        const v = await stepInView(page);
        if (!v.math || !v.nums)
          out.push(
            `${hash || 'default'} ${v.kind} step ${v.step}: equation ${v.math ? 'in view' : 'OUT'}, numbers ${v.nums ? 'in view' : 'OUT'}`,
          );
        if (k === 9 && projector && w === 1024)
          await shot(page, `step-projector-1024-${hash ? hash.slice(1, 12).replace(/\W/g, '-') : 'default'}`);
        await page.keyboard.press('ArrowRight');
      }
      assert.deepEqual(out, []);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
}

test('a lesson beside the step-through wraps its text in its column', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#lesson=table-1', width: 1366, height: 768 });
  await page.waitForSelector('#stepthrough.has-lesson .st-lesson .l-text');
  const r = await page.evaluate(() => {
    const box = document.querySelector('#stepthrough .st-lesson').getBoundingClientRect();
    const text = [...document.querySelectorAll('#stepthrough .st-lesson .l-text p')];
    const maths = [...document.querySelectorAll('#stepthrough .st-lesson .l-eqs math')];
    const cut = maths.filter((m) => m.scrollWidth > m.clientWidth + 1).map((m) => m.getAttribute('aria-label') ?? '?');
    return {
      right: box.right,
      widest: Math.max(...text.map((p) => p.getBoundingClientRect().right)),
      n: text.length,
      equations: maths.length,
      cut,
    };
  });
  assert.ok(r.n > 0, 'the lesson has text');
  assert.ok(r.widest <= r.right, `a paragraph ends at ${r.widest} px, past the column's ${r.right} px`);
  // Its equations (Eq. 23, 24, 26, 27, 25) fit the column whole.
  assert.equal(r.equations, 5);
  assert.deepEqual(r.cut, []);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The step-through of [2,32,32,1] at 1366 × 768, at its first step. */
async function wideSteps() {
  const opened = await open(env.b, env.url, { hash: '#data=spiral&hidden=32r,32r', width: 1366, height: 768 });
  await openSteps(opened.page);
  await opened.page.keyboard.press('Home');
  return opened;
}

test("32-wide layers: each step's worked numbers stand on one line at 1366 × 768", async () => {
  const { page, errors } = await wideSteps();
  const count = await page.evaluate(() => window.backpropViz.stepThrough().state().frames.length);
  const wrapped = [];
  for (let k = 0; k < count; k++) {
    // The operands and operators of the step's equation, g = (w)ᵀ x + b and the like: each
    // beside the first (a wrapped one starts below the first one's bottom).
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('#stepthrough .st-nums')].map((row) =>
        [...row.querySelectorAll(':scope > .mx, :scope > .op')].map((el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, what: el.textContent.slice(0, 12) };
        }),
      ),
    );
    for (const items of rows) {
      const below = items.filter((x) => x.top >= items[0].bottom);
      if (below.length) wrapped.push(`step ${k}: ${below.map((x) => x.what).join(', ')} under the first line`);
    }
    await page.keyboard.press('ArrowRight');
  }
  assert.deepEqual(wrapped, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 32 × 32 matrix in a step fills its row and fades where it cuts a row of numbers', async () => {
  const { page, errors } = await wideSteps();
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight'); // Eq. 3 for j = 1
  const box = '#stepthrough .st-nums .mx.wide .mscroll';
  const state = () =>
    page.$eval(box, (s) => {
      const row = s.closest('.st-nums').getBoundingClientRect();
      const items = [...s.closest('.st-nums').children].map((el) => el.getBoundingClientRect());
      return {
        classes: [...s.classList].filter((c) => c.startsWith('cut')),
        // What the row's items leave unused at its right end.
        spare: row.right - Math.max(...items.map((r) => r.right)),
        shown: s.clientWidth,
      };
    });
  const first = await state();
  assert.deepEqual(first.classes, ['cut-r']);
  assert.ok(first.spare < 40, `${first.spare} px of the row left unused`);
  assert.ok(first.shown > 700, `only ${first.shown} px of the matrix shown`);
  await page.$eval(box, (s) => (s.scrollLeft = s.scrollWidth));
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains('cut-l'), box);
  assert.deepEqual((await state()).classes, ['cut-l']);
  assert.deepEqual(errors, []);
  await page.close();
});
