// The JS API's error contract in the real page (issue 8): each input that once trapped, hung,
// was coerced or was accepted into a non-finite state, as a regression test with the exact
// input; then a seeded fuzz of every entry (api-fuzz.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, open } from './harness.mjs';
import { fuzzApi } from './api-fuzz.mjs';

const env = session();

/** Runs `cases` in the page: each `[label, code]` is the body of a function of `api` that
 * should throw; returns `{label: message}` (or "returned" / the error's class if not an
 * Error). */
async function rejections(page, cases) {
  return page.evaluate((cases) => {
    const api = window.backpropViz.app.api;
    const out = {};
    for (const [label, code] of cases) {
      try {
        new Function('api', code)(api);
        out[label] = 'returned';
      } catch (e) {
        out[label] =
          e instanceof WebAssembly.RuntimeError
            ? `TRAP: ${e.message}`
            : e instanceof Error
              ? e.message
              : `not an Error: ${String(e)}`;
      }
    }
    return out;
  }, cases);
}

const NET = '{"loss":"sum_of_squares","layers":[{"activation":"linear","w":[[1],[1]],"b":[0]}]}';
const TRAINER = 'const c = api.defaultConfig(); c.hidden = Array(8).fill({neurons: 32, activation: "relu"});';

test('each input the probe found is rejected with a message that names it', async () => {
  const { page, errors } = await open(env.b, env.url);
  const cases = [
    ['fromJSON(5)', 'api.Network.fromJSON(5)', /the network JSON must be a string, not 5/],
    ['random with a numeric loss', 'api.Network.random([2, 1], ["relu"], 5, "he", 1)', /loss must be a string, not 5/],
    [
      'random with a numeric init',
      'api.Network.random([2, 1], ["relu"], "sum_of_squares", {}, 1)',
      /init must be a string, not an object/,
    ],
    [
      'an array-like with a negative length',
      'api.Network.random({length: -1}, ["relu"], "sum_of_squares", "he", 1)',
      /sizes must be an array of numbers or a Float64Array, not an object/,
    ],
    [
      'an array-like with a huge length',
      `api.Network.fromJSON(${JSON.stringify(NET)}).forward({length: 2 ** 32 - 1})`,
      /x must be an array of numbers/,
    ],
    [
      'a 65536 × 65536 heatmap',
      'api.drawHeatmap(document.createElement("canvas"), [], 65536, 65536, {title: "w", theme: {background: [0,0,0], foreground: [0,0,0], neutral: [0,0,0], negative: [0,0,0], positive: [0,0,0]}})',
      /65536 × 65536 heatmap has 4294967296 cells; at most 65536/,
    ],
    ['a 200 MB network file', 'api.Network.fromJSON("x".repeat(200e6))', /the network JSON is 190\.7 MB; at most 5 MB/],
    [
      'a 6 MB config',
      'const c = api.defaultConfig(); c.pad = "x".repeat(6e6); new api.Trainer(c)',
      /bad trainer config: as JSON it is 5\.7 MB; at most 5 MB/,
    ],
    [
      'train("epoch", 100000) on 8 × 32',
      `${TRAINER} const t = new api.Trainer(c); try { t.train("epoch", 100000) } finally { t.free() }`,
      /would take about \d+ s/,
    ],
    [
      'train("epoch", 2 ** 32 + 1)',
      'const t = new api.Trainer(api.defaultConfig()); try { t.train("epoch", 2 ** 32 + 1) } finally { t.free() }',
      /the count must be a whole number from 0 to 1000000, not 4294967297/,
    ],
    [
      'setWeight(NaN, NaN, NaN, 5)',
      `api.Network.fromJSON(${JSON.stringify(NET)}).setWeight(NaN, NaN, NaN, 5)`,
      /the layer j must be a whole number from 0 to 0, not NaN/,
    ],
    [
      'an index of 1.5',
      `api.Network.fromJSON(${JSON.stringify(NET)}).weight(0, 1.5, 0)`,
      /m \(w\^0 is 2 × 1\) must be a whole number from 0 to 1, not 1\.5/,
    ],
    ['an index of −1', `api.Network.fromJSON(${JSON.stringify(NET)}).weights(-1)`, /not -1$/],
    ['an index given as a string', `api.Network.fromJSON(${JSON.stringify(NET)}).weights("0")`, /not "0"$/],
    [
      'a string inside a vector',
      `api.Network.fromJSON(${JSON.stringify(NET)}).forward(["1", 2])`,
      /x\[0\] is "1"; every entry must be a finite number/,
    ],
    ['null inside a vector', `api.Network.fromJSON(${JSON.stringify(NET)}).forward([1, null])`, /x\[1\] is null/],
    ['[1] inside a vector', `api.Network.fromJSON(${JSON.stringify(NET)}).forward([[1], 2])`, /x\[0\] is an array/],
    [
      'seek(-1)',
      `api.Network.fromJSON(${JSON.stringify(NET)}).stepper([1, 2], [3]).seek(-1)`,
      /the step k must be a whole number from 0 to 4, not -1/,
    ],
    [
      'a seed of 2^53',
      'const c = api.defaultConfig(); c.seed = 2 ** 53; new api.Trainer(c)',
      /seed must be a whole number from 0 to 2\^53 − 1, not 9007199254740992/,
    ],
    [
      'a config with NaN names its field',
      'const c = api.defaultConfig(); c.hyper.learningRate = NaN; new api.Trainer(c)',
      /bad trainer config: hyper\.learningRate: invalid type: null, expected f64 \(NaN and Infinity become null/,
    ],
    [
      'a config with a string names its field',
      'const c = api.defaultConfig(); c.dataset.points = "500"; new api.Trainer(c)',
      /bad trainer config: dataset\.points: invalid type: string "500"/,
    ],
    [
      'a 1 × 1,000,000 layer',
      `api.Network.fromJSON(JSON.stringify({loss: "sum_of_squares", layers: [{activation: "relu", w: [Array(1e6).fill(0)], b: Array(1e6).fill(0)}]}))`,
      /it holds more than 327680 values; a network has at most 262144 weights and biases/,
    ],
    [
      'a 1 × 2,000 layer',
      `api.Network.fromJSON(JSON.stringify({loss: "sum_of_squares", layers: [{activation: "relu", w: [Array(2000).fill(0)], b: Array(2000).fill(0)}]}))`,
      /layers\[0\]\.w is 1×2000; each size is at most 1024/,
    ],
    [
      'a duplicate key',
      'api.Network.fromJSON(\'{"loss":"sum_of_squares","loss":"softmax_cross_entropy","layers":[]}\')',
      /the key "loss" appears twice/,
    ],
    [
      'use after free',
      `const n = api.Network.fromJSON(${JSON.stringify(NET)}); n.free(); n.sizes()`,
      /^this Network was freed$/,
    ],
    [
      'a freed argument',
      `const n = api.Network.fromJSON(${JSON.stringify(NET)}); n.free(); const t = new api.Trainer(api.defaultConfig()); try { t.setNetwork(n) } finally { t.free() }`,
      /^the Network passed in was freed$/,
    ],
    [
      'a canvas that is not one',
      'api.drawLineChart(5, [], {})',
      /bad chart options|the canvas must be a <canvas> element, not 5/,
    ],
  ];
  const memory = () => page.evaluate(() => window.backpropViz.app.api.wasmMemory().buffer.byteLength / 1048576);
  const before = await memory();
  const got = await rejections(
    page,
    cases.map(([label, code]) => [label, code]),
  );
  for (const [label, , expected] of cases) assert.match(got[label], expected, label);
  // The long texts were measured in JS and never copied in: wasm memory did not grow for them.
  const after = await memory();
  assert.ok(after < before + 32, `wasm memory grew from ${before} MB to ${after} MB`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('no call leaves a non-finite state: applyUpdate, setNetwork and their rollback', async () => {
  const { page, errors } = await open(env.b, env.url);
  const r = await page.evaluate((net) => {
    const api = window.backpropViz.app.api;
    const n = api.Network.fromJSON(net);
    const before = n.toJSON();
    let update;
    try {
      n.applyUpdate([1e308, 2], [10], 0.01);
    } catch (e) {
      update = e.message;
    }
    const after = n.toJSON();
    const readBack = api.Network.fromJSON(after).toJSON();
    // A network whose weights are finite but whose loss overflows (a linear output of 1e300²).
    const c = api.defaultConfig();
    c.outputActivation = 'linear';
    c.hidden = [{ neurons: 2, activation: 'linear' }];
    const t = new api.Trainer(c);
    const huge = t.network();
    for (const [j, m, k] of [
      [0, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [0, 1, 1],
      [1, 0, 0],
      [1, 1, 0],
    ])
      huge.setWeight(j, m, k, 1e300);
    const kept = t.network().toJSON();
    let set;
    try {
      t.setNetwork(huge);
    } catch (e) {
      set = e.message;
    }
    const same = t.network().toJSON() === kept;
    const trains = t.train('epoch', 1);
    return { update, unchanged: before === after, readBack: readBack === after, set, same, trains };
  }, NET);
  assert.match(r.update, /would make a weight NaN or infinite .* the network is unchanged/);
  assert.ok(r.unchanged && r.readBack, 'the network is as it was, and its JSON reads back');
  assert.match(r.set, /its loss on the training set is inf, not a finite number/);
  assert.ok(r.same && r.trains, 'the trainer kept its network and trains');
  assert.deepEqual(errors, []);
  await page.close();
});

test('charts always return: extremes, subnormals, empty and one-point series', async () => {
  const { page, errors } = await open(env.b, env.url);
  const results = await page.evaluate(() => {
    const api = window.backpropViz.app.api;
    const canvas = document.createElement('canvas');
    canvas.width = 300;
    canvas.height = 160;
    const theme = {
      background: [255, 255, 255],
      foreground: [0, 0, 0],
      neutral: [240, 240, 240],
      negative: [230, 97, 1],
      positive: [200, 0, 0],
    };
    const cases = {
      'log 5e-324 … 1e308': [5e-324, 1e308],
      'near ±1.8e308': [1.79e308, -1.79e308],
      'a subnormal minimum': [5e-324, 1],
      empty: [],
      'one point': [0.5],
      'all NaN': [NaN, NaN],
      flat: [2, 2, 2],
    };
    const out = {};
    for (const [name, values] of Object.entries(cases)) {
      for (const logY of [false, true]) {
        const ctx = canvas.getContext('2d');
        ctx.clearRect(0, 0, 300, 160);
        api.drawLineChart(canvas, [{ name: 'L', color: [200, 0, 0], values }], {
          title: name,
          xLabel: 'epoch',
          yLabel: 'L',
          xMax: Math.max(values.length - 1, 0),
          logY,
          theme,
        });
        const data = ctx.getImageData(0, 0, 300, 160).data;
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 128) ink++;
        out[`${name}${logY ? ' (log)' : ''}`] = ink;
      }
    }
    return out;
  });
  // Every chart came back and drew its axes and labels (dark pixels).
  for (const [name, ink] of Object.entries(results)) assert.ok(ink > 200, `${name}: only ${ink} dark pixels`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a seeded fuzz of the JS API: no trap, no silent acceptance, no change after a rejection', async (t) => {
  const { page, errors } = await open(env.b, env.url);
  const seed = Number(process.env.FUZZ_SEED ?? 20261128);
  const calls = Number(process.env.FUZZ_CALLS ?? 20000);
  const r = await page.evaluate(fuzzApi, { seed, calls });
  t.diagnostic(
    `seed ${seed}: ${r.calls} calls, ${r.rejected} rejected, ${r.accepted} accepted; slowest ${r.slowest.ms.toFixed(1)} ms (${r.slowest.name}); wasm memory ${r.memoryMB} MB`,
  );
  assert.deepEqual(r.problems, []);
  assert.equal(r.calls, calls);
  assert.ok(r.rejected > calls / 10 && r.accepted > calls / 10, 'the fuzz reaches both outcomes');
  // The page is still alive: it trains.
  const epoch = await page.evaluate(() => window.backpropViz.app.trainer.epoch);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(
    (e) => window.backpropViz.app.trainer.epoch > e || window.backpropViz.app.trainer.updates > 0,
    epoch,
  );
  assert.deepEqual(errors, []);
  await page.close();
});
