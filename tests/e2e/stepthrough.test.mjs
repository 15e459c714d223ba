// End-to-end tests of the step-through panel (issue 4): every number it shows equals what
// the wasm API returns for the same network and sample, the steps come in Table 1's order,
// the keyboard and the per-step URL work, and the gradient check agrees with backprop.
// Run: node --test --test-concurrency=1 tests/e2e/stepthrough.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open, shot, openSteps } from './harness.mjs';
import { verifyNumbers } from './numbers.mjs';

const env = session();

const SSE = '#data=xor&classes=2&hidden=3r&loss=sse&sample=7';
const SOFTMAX2 = '#data=xor&hidden=3r&loss=softmax&out=l&sample=7';
const SOFTMAX3 = '#data=spiral&classes=3&hidden=4r&sample=11';

/** Table 1's order for sizes [M^0, N^0, …, N^J]: the kinds the panel must show, in order. */
function expectedKinds(sizes, softmax) {
  const J = sizes.length - 2,
    k = [];
  for (let j = 0; j <= J; j++) k.push('affine', 'act');
  k.push('loss', softmax ? 'eq31' : 'eq23');
  for (let j = J; j >= 0; j--) k.push('eq24', 'eq26', 'eq27', ...(j > 0 ? ['eq25'] : []));
  k.push('update');
  return k;
}

/** Opens the panel and walks every step with →, checking every number on the way. */
async function walk(hash, softmax, shotPrefix) {
  const { page, errors } = await open(env.b, env.url, { hash });
  await openSteps(page);
  const seen = [];
  let prevPending = Infinity;
  for (let guard = 0; guard < 200; guard++) {
    const r = await verifyNumbers(page);
    assert.deepEqual(r.bad, [], `step ${r.phase} ${r.step} (${r.kind})`);
    assert.ok(r.count > 0, `numbers shown at ${r.kind}`);
    assert.equal(r.math >= 1, true, 'an equation in MathML');
    assert.ok(r.mathSize >= 18, `equations at least 18 px, got ${r.mathSize}`);
    seen.push(r.kind);
    const J = r.sizes.length - 2;
    if (r.phase === 'backward' && r.kind !== 'update') {
      assert.equal(r.progress, `step ${r.step} of ${r.K}`);
      assert.ok(r.current, 'the tensor being written is outlined in the heatmaps');
      assert.ok(r.pending <= prevPending, 'heatmaps fill in, never empty again');
      prevPending = r.pending;
      // The diagram shows exactly the edges and nodes involved.
      const j = Number(r.current.split(':')[1]);
      const [M, N] = [r.sizes[j], r.sizes[j + 1]];
      if (r.kind === 'eq26' || r.kind === 'eq25') assert.deepEqual(r.hl, { edges: M * N, nodes: M + N });
      if (r.kind === 'eq24' || r.kind === 'eq27') assert.deepEqual(r.hl, { edges: 0, nodes: N });
      if (r.kind === 'eq23' || r.kind === 'eq31') assert.equal(j, J);
    }
    if (shotPrefix && !seen.slice(0, -1).includes(r.kind)) {
      await page.waitForTimeout(900);
      await shot(page, `${shotPrefix}-${r.kind}`);
    }
    if (await page.$eval('[data-act="next"]', (e) => e.disabled)) {
      assert.deepEqual(seen, expectedKinds(r.sizes, softmax));
      break;
    }
    await page.keyboard.press('ArrowRight');
  }
  assert.deepEqual(errors, []);
  return page;
}

test('sum of squares, 2 → 3 → 1 ReLU: every step, every number equals the wasm API', async () => {
  const page = await walk(SSE, false, 'step-sse');
  await page.close();
});

test("sum of squares with a one-hot Y, the issue's [2, 3, 2] ReLU network: every step, every number equals the wasm API", async () => {
  const page = await walk(SSE.replace('loss=sse', 'loss=sse&onehot=1&out=l'), false, 'step-sse2');
  const sizes = await page.evaluate(() => Array.from(window.backpropViz.app.trainer.sizes()));
  assert.deepEqual(sizes, [2, 3, 2]);
  await page.close();
});

test('softmax + cross-entropy, 2 → 3 → 2: every step, every number equals the wasm API', async () => {
  const page = await walk(SOFTMAX2, true, 'step-softmax2');
  await page.close();
});

test('softmax on 3 classes (spiral, 2 → 4 → 3): every step, every number equals the wasm API', async () => {
  const page = await walk(SOFTMAX3, true, 'step-softmax3');
  await page.close();
});

test('keyboard navigation and the per-step URL restore the same step', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: SSE });
  await openSteps(page);
  const where = () =>
    page.$eval('#stepthrough', (e) => ({ phase: e.dataset.phase, step: Number(e.dataset.step), kind: e.dataset.kind }));
  assert.deepEqual(await where(), { phase: 'forward', step: 1, kind: 'affine' });
  await page.click('[data-act="skip"]');
  assert.deepEqual(await where(), { phase: 'backward', step: 1, kind: 'eq23' });
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  assert.deepEqual(await where(), { phase: 'backward', step: 7, kind: 'eq26' });
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await where(), { phase: 'backward', step: 6, kind: 'eq24' });
  await page.keyboard.press('End');
  assert.deepEqual(await where(), { phase: 'backward', step: 9, kind: 'update' });
  await page.keyboard.press('Home');
  assert.deepEqual(await where(), { phase: 'forward', step: 1, kind: 'affine' });
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const here = await where();
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /phase=backward/);
  assert.match(hash, /step=7/);
  assert.match(hash, /sample=7/);
  const text = await page.$eval('#stepthrough .st-step', (e) => e.textContent);
  // A new page from that link shows the same step, with the same numbers.
  const again = await open(env.b, env.url, { hash });
  assert.deepEqual(
    await again.page.$eval('#stepthrough', (e) => ({
      phase: e.dataset.phase,
      step: Number(e.dataset.step),
      kind: e.dataset.kind,
    })),
    here,
  );
  assert.equal(await again.page.$eval('#stepthrough .st-step', (e) => e.textContent), text);
  assert.equal(await again.page.$eval('#stepthrough', (e) => e.hidden), false);
  // A forward-phase link too.
  const fwd = await open(env.b, env.url, { hash: `${SSE}&phase=forward&step=2` });
  assert.deepEqual(
    await fwd.page.$eval('#stepthrough', (e) => ({
      phase: e.dataset.phase,
      step: Number(e.dataset.step),
      kind: e.dataset.kind,
    })),
    { phase: 'forward', step: 2, kind: 'act' },
  );
  // The checker itself notices a wrong number.
  await page.$eval('#stepthrough .st-nums td[data-t]', (c) => {
    c.textContent = '9.99';
  });
  assert.ok((await verifyNumbers(page)).bad.length > 0, 'a tampered number is reported');
  // "Run to end" plays the remaining steps up to the update, then stops.
  await page.click('#stepthrough [data-act="run"]');
  assert.equal(await page.$eval('#stepthrough [data-act="run"]', (e) => e.getAttribute('aria-pressed')), 'true');
  await page.waitForFunction(() => document.getElementById('stepthrough').dataset.kind === 'update', null, {
    timeout: 15000,
  });
  await page.waitForFunction(
    () => document.querySelector('#stepthrough [data-act="run"]').getAttribute('aria-pressed') === 'false',
    null,
    { timeout: 5000 },
  );
  assert.deepEqual((await verifyNumbers(page)).bad, []);
  // Escape closes the panel and takes the step out of the URL.
  await page.keyboard.press('Escape');
  assert.equal(await page.$eval('#stepthrough', (e) => e.hidden), true);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /step=/);
  assert.equal(await page.$$eval('#diagram .hl', (e) => e.length), 0);
  assert.deepEqual([...errors, ...again.errors, ...fwd.errors], []);
  await Promise.all([page.close(), again.page.close(), fwd.page.close()]);
});

test('the gradient check agrees with backprop (relative error below 1e-6), and its link restores it', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: `${SOFTMAX3}&phase=backward&step=3` });
  assert.equal(await page.$eval('#stepthrough', (e) => e.dataset.kind), 'eq26');
  // Click the cell of ∂L/∂w_{2,3}^1 in the outer product.
  await page.click('#stepthrough td[data-pick="1,1,2"]');
  const rel = Number(await page.$eval('#stepthrough td[data-t="ck_rel"]', (e) => e.dataset.v));
  assert.ok(rel < 1e-6, `relative error ${rel}`);
  assert.match(await page.$eval('.ck-verdict', (e) => e.textContent), /agree/);
  const r = await verifyNumbers(page);
  assert.deepEqual(r.bad, []);
  assert.match(r.hash, /check=1%2C1%2C2|check=1,1,2/);
  await shot(page, 'step-check');
  // Every weight of the first layer, through the picker's edges.
  const edges = await page.$$eval('#stepthrough .ck-svg line', (l) => l.length);
  assert.equal(edges, 3 * 4);
  await page.selectOption('#stepthrough [data-ck="j"]', '0');
  for (const [m, n] of [
    [0, 0],
    [1, 3],
  ]) {
    await page.click(`#stepthrough .ck-svg line[data-pick="0,${m},${n}"]`, { force: true });
    const v = Number(await page.$eval('#stepthrough td[data-t="ck_rel"]', (e) => e.dataset.v));
    assert.ok(v < 1e-6, `relative error of w_{${m + 1},${n + 1}}^0: ${v}`);
    assert.deepEqual((await verifyNumbers(page)).bad, []);
  }
  // The link restores the check.
  const again = await open(env.b, env.url, { hash: await page.evaluate(() => location.hash) });
  assert.equal(
    await again.page.$eval('#stepthrough td[data-t="ck_rel"]', (e) => e.dataset.v),
    String(await page.$eval('#stepthrough td[data-t="ck_rel"]', (e) => e.dataset.v)),
  );
  assert.deepEqual([...errors, ...again.errors], []);
  await Promise.all([page.close(), again.page.close()]);
});

test('the update lowers the loss of the sample and leaves the trainer untouched; dark theme and a laptop screen', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: `${SSE}&lr=0.03`, width: 1366, height: 768 });
  const before = await page.evaluate(() => window.backpropViz.app.trainer.network().toJSON());
  await openSteps(page);
  await page.keyboard.press('End');
  const r = await verifyNumbers(page);
  assert.deepEqual(r.bad, []);
  assert.equal(r.kind, 'update');
  const [lb, la] = await page.$$eval('#stepthrough td[data-t^="loss_"]', (c) => c.map((e) => Number(e.dataset.v)));
  assert.ok(la < lb, `loss after ${la} < before ${lb}`);
  assert.equal(await page.evaluate(() => window.backpropViz.app.trainer.network().toJSON()), before);
  assert.equal(await page.evaluate(() => window.backpropViz.app.playing), false);
  await shot(page, 'step-update-1366');
  // At 1366 × 768 the panel takes the screen: the theme is switched from under it.
  await page.evaluate(() => document.getElementById('theme').click());
  await page.click('#stepthrough [data-act="first"]');
  await page.click('#stepthrough [data-act="skip"]');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(900);
  await shot(page, 'step-dark-eq26-1366');
  // Nothing in the panel sticks out sideways.
  const overflow = await page.$eval('#stepthrough', (e) => e.scrollWidth - e.clientWidth);
  assert.ok(overflow <= 1, `panel overflows by ${overflow}px`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("with L1 or L2 on, the update adds λ R′(w) to the weights' gradient, in its equation and its numbers", async () => {
  // The step-through's update once left the penalty out (and said so), though training adds it.
  for (const [reg, r, name] of [
    ['l2', 'w', 'λ w'],
    ['l1', 'sign', 'λ sign w'],
  ]) {
    const { page, errors } = await open(env.b, env.url, { hash: `${SSE}&lr=0.1&reg=${reg}&lambda=1` });
    // The network's legend says so too: the heatmaps show ∂L/∂w, the update adds the penalty.
    const note = await page.$eval('#loss-note', (p) => p.textContent);
    assert.match(note, new RegExp(`${reg.toUpperCase()}, λ = 1: each update adds ${name} to ∂L/∂w`));
    await openSteps(page);
    await page.keyboard.press('End');
    const v = await verifyNumbers(page);
    assert.equal(v.kind, 'update');
    assert.deepEqual(v.bad, [], `${reg}: every number is the API's, penalty included`);
    const eq = await page.$eval('#stepthrough math', (m) => m.textContent.replace(/\s+/g, ''));
    assert.match(eq, new RegExp(`\\+λ${r}`), `${reg}: the equation has + λ ${name}: ${eq}`);
    const said = await page.$eval('#stepthrough', (e) => e.textContent);
    assert.match(said, /λ = 1\b/);
    assert.doesNotMatch(said, /adds the L[12] penalty/);
    // The weights moved by η (∂L/∂w + λ R′(w)), the biases by η ∂L/∂b: checked against the
    // trainer's own update code, one sample and a batch of 1.
    const moved = await page.evaluate(
      ([reg]) => {
        const { app, stepSample } = window.backpropViz;
        const smp = stepSample();
        const net = app.trainer.network();
        const w = net.weights(0),
          g = net.backward(new Float64Array(smp.x), new Float64Array(smp.Y)).layers[0].dl_dw;
        net.applyUpdate(new Float64Array(smp.x), new Float64Array(smp.Y), 0.1, reg, 1);
        const after = net.weights(0);
        net.free();
        const rp = (x) => (reg === 'l1' ? Math.sign(x) : x);
        return Array.from(w, (x, i) => Math.abs(after[i] - (x - 0.1 * (g[i] + rp(x)))));
      },
      [reg],
    );
    assert.ok(Math.max(...moved) < 1e-15, `${reg}: ${moved}`);
    if (reg === 'l1') await shot(page, 'step-update-l1');
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('wider and deeper networks: large matrices scroll with a note, every activation shows its f′', async () => {
  const { page, errors } = await open(env.b, env.url, {
    hash: '#data=spiral&classes=5&hidden=12t,10s,9l&sample=3&phase=backward&step=2',
    width: 1920,
    height: 1080,
  });
  let r = await verifyNumbers(page);
  assert.equal(r.kind, 'eq24');
  assert.deepEqual(r.bad, []);
  // N = 5 outputs with a linear output layer: the 5 × 5 diagonal matrix is shown in full.
  for (const [step, act] of [
    [6, 'linear'],
    [10, 'sigmoid'],
    [14, 'tanh'],
  ]) {
    await page.evaluate((k) => {
      location.hash = location.hash.replace(/step=\d+/, `step=${k}`);
    }, step);
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    r = await verifyNumbers(page);
    assert.equal(r.kind, 'eq24', `step ${step}`);
    assert.deepEqual(r.bad, []);
    assert.match(r.title, new RegExp(act));
  }
  // Layer 0 of 12 tanh: 12 × 12 is summarised by its diagonal, with a note.
  assert.match(await page.$eval('#stepthrough .st-nums', (e) => e.textContent), /entries off the diagonal are 0/);
  await shot(page, 'step-wide-eq24-1920');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('stepthrough').dataset.kind === 'eq26');
  assert.match(await page.$eval('#stepthrough .st-nums', (e) => e.textContent), /2 × 12|scroll/);
  assert.deepEqual((await verifyNumbers(page)).bad, []);
  assert.deepEqual(errors, []);
  await page.close();
});
