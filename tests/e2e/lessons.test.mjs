// Lessons (issue 7): every built-in lesson opens from the menu and from its link, shows its
// text, its equations and its prompts, and logs no console error; a screenshot of each at
// 1366×768 goes to screenshots/lessons/. Lesson 3's numbers are the ones its text asks the
// class to check by hand. A teacher's own lesson file opens too, as plain text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot } from './harness.mjs';
import { verifyNumbers } from './numbers.mjs';

const env = session();

/** What the lesson card shows. */
const card = (page) =>
  page.evaluate(() => {
    const c = document.getElementById('lesson');
    return {
      visible: !c.hidden,
      id: c.dataset.lesson,
      title: c.querySelector('.l-title')?.textContent,
      where: c.querySelector('.l-where')?.textContent,
      paragraphs: [...c.querySelectorAll('.l-text p')].map((p) => p.textContent),
      equations: [...c.querySelectorAll('.l-eqs math')].map((m) => m.textContent),
      tries: c.querySelectorAll('.l-try li').length,
      hash: location.hash,
    };
  });

test('every lesson opens from the menu and from its link, with its text, equations and prompts', async () => {
  const { page, errors } = await open(env.b, env.url, { width: 1366, height: 768 });
  // The lessons load when first needed: before, the page has none of their code.
  assert.equal(await page.evaluate(() => window.backpropViz.lessons().ids), undefined);
  const ids = await page.evaluate(async () => (await window.backpropViz.lessons().load()).ids);
  assert.ok(ids.length >= 8, `${ids.length} lessons`);
  for (const [i, id] of ids.entries()) {
    if (await page.isVisible('#stepthrough')) await page.keyboard.press('Escape');
    await page.click('#open-lessons');
    await page.click(`#lesson-menu .lm-item >> nth=${i}`);
    const c = await card(page);
    assert.ok(c.visible, `lesson ${id} is shown`);
    assert.equal(c.id, id);
    assert.equal(c.where, `Lesson ${i + 1} of ${ids.length}`);
    assert.ok(c.paragraphs.length >= 2 && c.paragraphs.length <= 5, `${id}: ${c.paragraphs.length} paragraphs`);
    assert.ok(c.equations.length >= 1, `${id}: its equations`);
    assert.ok(c.tries >= 1 && c.tries <= 3, `${id}: ${c.tries} prompts`);
    assert.match(c.hash, new RegExp(`lesson=${id}(&|$)`), 'the link names the lesson');
    const visible = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(visible, /[_^]\{|\\(frac|partial|sum|mathbf)|\$\$/, `${id}: raw TeX on screen`);
    await page.waitForTimeout(300);
    await shot(page, `lessons/${String(i + 1).padStart(2, '0')}-${id}`, { fullPage: false });
    // The same lesson from its link, in a fresh page.
    const again = await open(env.b, env.url, { hash: `#lesson=${id}`, width: 1366, height: 768 });
    const c2 = await card(again.page);
    assert.equal(c2.title, c.title);
    assert.deepEqual(c2.paragraphs, c.paragraphs);
    assert.deepEqual(again.errors, [], `${id} from its link`);
    await again.page.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("previous and next walk the lessons; a prompt's button makes its change", async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#lesson=xor-needs-a-layer' });
  assert.equal(await page.evaluate(() => window.backpropViz.app.settings.hidden.length), 0);
  await page.click('#lesson .l-try-b');
  assert.deepEqual(await page.evaluate(() => window.backpropViz.app.settings.hidden), [
    { neurons: 8, activation: 'relu' },
  ]);
  await page.click('#lesson button:has-text("Next")');
  assert.equal((await card(page)).id, 'circle-squares');
  await page.click('#lesson button:has-text("Next")');
  assert.equal((await card(page)).id, 'softmax');
  await page.keyboard.press('Escape'); // lesson 7 opens the step-through
  for (let i = 0; i < 3; i++) await page.click('#lesson button:has-text("Previous")');
  assert.equal((await card(page)).id, 'dead-relu');
  await page.click('#lesson .l-close');
  assert.equal((await card(page)).visible, false);
  assert.doesNotMatch(page.url(), /lesson=/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('lesson 3: the numbers a class checks by hand', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#lesson=table-1' });
  const r = await page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const bw = net.backward(new Float64Array([1, 2]), new Float64Array([3]));
    const copy = net.clone();
    const upd = copy.applyUpdate(new Float64Array([1, 2]), new Float64Array([3]), 0.03);
    const z = (v) => [...v].map((x) => x + 0); // −0 (from 0 × −2) reads as 0
    const out = {
      loss: bw.loss,
      g0: z(bw.layers[0].g),
      y0: z(bw.layers[0].y),
      y1: z(bw.layers[1].y),
      dw1: z(bw.layers[1].dl_dw),
      dx1: z(bw.layers[1].dl_dx),
      dw0: z(bw.layers[0].dl_dw),
      after: upd.after,
    };
    copy.free();
    net.free();
    return out;
  });
  // Forward: g⁰ = wᵀx + b = (1 + 1 + 0, −1 + 2 + 0, 0.5 − 2 + 0.5) = (2, 1, −1); ReLU: y⁰ = (2, 1, 0);
  // y¹ = 2 − 1 + 0 + 0 = 1; L = ½ (1 − 3)² = 2.
  assert.deepEqual(r.g0, [2, 1, -1]);
  assert.deepEqual(r.y0, [2, 1, 0]);
  assert.deepEqual(r.y1, [1]);
  assert.equal(r.loss, 2);
  // ∂L/∂y¹ = −2; ∂L/∂w¹ = y⁰ (−2) = (−4, −2, 0); ∂L/∂x¹ = w¹ (−2) = (−2, 2, −4);
  // ∂L/∂g⁰ = (1, 1, 0) ⊙ (−2, 2, −4) = (−2, 2, 0); ∂L/∂w⁰ = x (∂L/∂g⁰)ᵀ = [[−2, 2, 0], [−4, 4, 0]].
  assert.deepEqual(r.dw1, [-4, -2, 0]);
  assert.deepEqual(r.dx1, [-2, 2, -4]);
  assert.deepEqual(r.dw0, [-2, 2, 0, -4, 4, 0]);
  assert.ok(Math.abs(r.after - 0.40357) < 1e-4, `L after the update: ${r.after}`);
  // The panel shows exactly these, for the typed sample.
  assert.match(
    await page.$eval('#stepthrough .st-sample', (e) => e.textContent),
    /typed sample: x = \(1\.00, 2\.00\), Y = 3, L = 2\.00/,
  );
  for (let k = 0; k < 9; k++) {
    assert.deepEqual((await verifyNumbers(page)).bad, []);
    await page.keyboard.press('ArrowRight');
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("a teacher's own lesson file opens as plain text, with its equations", async () => {
  const { page, errors } = await open(env.b, env.url);
  // Start from this page's own scene, then add a lesson to it, as a teacher would.
  const scene = await page.evaluate(() => {
    const { app } = window.backpropViz;
    const net = app.trainer.network();
    const network = JSON.parse(net.toJSON());
    net.free();
    return { format: 'backprop-viz scene', version: 1, config: app.trainer.config(), network };
  });
  scene.lesson = {
    title: 'My lesson',
    text: ['First <b>sentence</b>.', 'Second sentence.'],
    equations: [24, 25],
    try: ['Press Play.'],
  };
  await page.setInputFiles('#import', {
    name: 'mine.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scene)),
  });
  await page.waitForSelector('#lesson:not([hidden]), #message:not([hidden])');
  assert.ok(await page.isVisible('#lesson'), await page.$eval('#message', (m) => m.textContent));
  const c = await card(page);
  assert.equal(c.title, 'My lesson');
  assert.equal(c.where, 'Lesson from a file');
  assert.deepEqual(
    c.paragraphs,
    ['First <b>sentence</b>.', 'Second sentence.'],
    'plain text: the tags are shown, not obeyed',
  );
  assert.equal(await page.$$eval('#lesson .l-text b', (x) => x.length), 0);
  assert.equal(c.equations.length, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a lesson under a step-through that takes the screen keeps its way on: the next lesson, and the page for its tries', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#lesson=loss', width: 1366, height: 768 });
  await page.waitForSelector('#stepthrough .st-lesson-nav');
  const side = () => page.$eval('#stepthrough .st-lesson summary', (s) => s.textContent);
  assert.match(await side(), /^Lesson 2 of 10/);
  // Its Previous and Next are named apart from the step-through's own.
  const names = await page.$$eval('#stepthrough .st-lesson-nav button', (bs) => bs.map((b) => b.textContent));
  assert.deepEqual(names, ['◀ Previous lesson', 'Next lesson ▶']);
  await page.click('#stepthrough .st-lesson-nav button:has-text("Next lesson")');
  await page.waitForFunction(() => document.getElementById('lesson').dataset.lesson === 'table-1');
  await page.waitForFunction(() =>
    /^Lesson 3 of 10/.test(document.querySelector('#stepthrough .st-lesson summary')?.textContent ?? ''),
  );
  // "Close the step-through" uncovers the page: the lesson card and Step are there to use.
  await page.click('#stepthrough .st-lesson-note button:has-text("Close the step-through")');
  assert.equal(await page.isVisible('#stepthrough'), false);
  assert.equal(await page.isVisible('#lesson .l-try'), true);
  const epoch = await page.evaluate(() => window.backpropViz.app.trainer.epoch);
  await page.selectOption('#unit', 'epoch');
  await page.click('#step');
  assert.equal(await page.evaluate(() => window.backpropViz.app.trainer.epoch), epoch + 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('docked at 1920 × 1080, a lesson with the step-through keeps its words in view beside the step', async () => {
  // The page scrolled down to the docked step-through, and the lesson card at its top went
  // above the fold: the teacher saw the step but not what the lesson says about it.
  const { page, errors } = await open(env.b, env.url, { hash: '#lesson=softmax', width: 1920, height: 1080 });
  await page.waitForSelector('#stepthrough.has-lesson .st-lesson .l-text');
  const r = await page.evaluate(() => {
    const st = document.getElementById('stepthrough');
    const box = st.querySelector('.st-lesson').getBoundingClientRect();
    const math = st.querySelector('.st-math')?.getBoundingClientRect();
    return {
      overlay: st.classList.contains('overlay'),
      title: st.querySelector('.st-lesson summary')?.textContent,
      card: document.querySelector('#lesson .l-title')?.textContent,
      box: { top: box.top, left: box.left, right: box.right },
      step: math && { top: math.top, left: math.left, bottom: math.bottom },
      height: innerHeight,
      note: !!st.querySelector('.st-lesson-note'),
    };
  });
  assert.equal(r.overlay, false, 'docked');
  assert.ok(r.title?.endsWith(r.card ?? '?'), `${r.title} names ${r.card}`);
  assert.ok(r.box.top >= 0 && r.box.top < r.height - 200, `the lesson's words start in view at y = ${r.box.top}`);
  assert.ok(r.step && r.step.left >= r.box.right && r.step.bottom <= r.height, 'the step beside them, in view');
  assert.equal(r.note, false, 'no "the step-through covers the page" note when it does not');
  assert.deepEqual(errors, []);
  await page.close();
});

test('L opens the lessons menu inside the window, even with its button scrolled away', async () => {
  // Projector mode at 1920 × 1080 on a lesson with the step-through: the page is scrolled
  // down to the panel, and the menu stood at y = −397 under its button.
  const { page, errors } = await open(env.b, env.url, { hash: '#lesson=softmax', width: 1920, height: 1080 });
  await page.keyboard.press('p');
  await page.waitForFunction(() => document.documentElement.classList.contains('projector'));
  await page.keyboard.press('l');
  const r = await page.$eval('#lesson-menu', (m) => {
    const box = m.getBoundingClientRect();
    return { hidden: m.hidden, top: box.top, bottom: box.bottom, height: innerHeight };
  });
  assert.equal(r.hidden, false);
  assert.ok(r.top >= 0 && r.bottom <= r.height, `the menu spans y = ${r.top} … ${r.bottom} of ${r.height}`);
  assert.deepEqual(errors, []);
  await page.close();
});
