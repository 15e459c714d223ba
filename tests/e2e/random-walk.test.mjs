// A seeded random walk over the page's controls: clicks anywhere on buttons, tiles and
// canvases, options picked in every select, text typed into the inputs, and the page's keys.
// However the steps fall, the page must never stop with "Something went wrong", throw, or log
// an error. (Longer walks like this, 21 of them, found the weight editor that outlived its
// network; the two seeds here are a standing guard. SEEDS=1,2,3 walks others.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open } from './harness.mjs';

const env = session();

const STEPS = 120;
const STARTS = ['', '#lesson=softmax', '#data=spiral&hidden=8t,8t&phase=backward&step=3', '#data=own'];
const TYPED = ['0', '-1', '1e9', 'abc', '3', '', '0.5', '−2'];
const KEYS = ['ArrowRight', 'ArrowLeft', 'Enter', ' ', 'Escape', 'r', 'R', 'b', 't', 'p', 'l', 'Tab', 'Home', 'End'];
const TARGETS = 'button:visible, select:visible, input:visible, canvas:visible, [role=radio]:visible';

/** A small seeded generator (an LCG), so that a failing walk can be walked again. */
function generator(seed) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

/** One step: something visible, used the way its kind is used. Returns what it did. */
async function step(page, rnd) {
  const el = rnd.pick(await page.$$(TARGETS));
  if (!el) return 'nothing to press';
  const kind = await el.evaluate((e) => `${e.tagName}:${e.getAttribute('type') ?? ''}`).catch(() => 'gone');
  const what = `${kind} ${await el.evaluate((e) => e.id || e.className || e.textContent?.trim().slice(0, 16)).catch(() => '')}`;
  const quick = { timeout: 500 };
  if (kind.startsWith('SELECT')) {
    const n = await el.evaluate((e) => e.options.length);
    await el.selectOption({ index: Math.floor(rnd.next() * n) }, quick);
  } else if (kind === 'INPUT:range') await el.fill(String(Math.round(rnd.next() * 50)), quick);
  else if (kind === 'INPUT:text' || kind === 'INPUT:number') {
    await el.fill(rnd.pick(TYPED), quick);
    await el.press('Enter', quick);
  } else if (kind === 'INPUT:file' || kind === 'gone') return `skipped ${what}`;
  else if (rnd.next() < 0.15) {
    await el.focus();
    await page.keyboard.press(rnd.pick(KEYS));
  } else {
    const box = await el.boundingBox();
    if (box) await page.mouse.click(box.x + rnd.next() * box.width, box.y + rnd.next() * box.height);
  }
  return what;
}

async function walk(seed) {
  const rnd = generator(seed);
  const start = rnd.pick(STARTS);
  const { page, errors } = await open(env.b, env.url, {
    hash: start,
    width: rnd.pick([1600, 1366, 1024]),
    height: 900,
  });
  const done = [`start ${start}`];
  for (let i = 0; i < STEPS; i++) {
    // A control that moved or went away between finding and pressing it is no failure.
    done.push(await step(page, rnd).catch((e) => `missed: ${String(e.message).split('\n')[0]}`));
    await page.waitForTimeout(rnd.pick([0, 30, 150]));
    const said = await page.$eval('#message', (m) => (m.hidden ? '' : m.textContent));
    assert.doesNotMatch(said, /went wrong/i, `seed ${seed}, after: ${done.slice(-5).join(' | ')}`);
  }
  assert.deepEqual(errors, [], `seed ${seed}, after: ${done.slice(-5).join(' | ')}`);
  await page.close();
}

for (const seed of (process.env.SEEDS ?? '7,2024').split(',').map(Number)) {
  test(`a random walk over the controls (seed ${seed}, ${STEPS} steps) never stops the page`, () => walk(seed));
}
