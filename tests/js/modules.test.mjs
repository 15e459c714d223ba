// The page's plain-data modules, run in Node without a browser: the zero-gradient sentences,
// the strict link parser and its exact weights, the scene reader, and number formatting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainZeros, reachesEveryLayer } from '../../www/explain.js';
import './page-defaults.mjs';
import { defaults, withPatch } from '../../www/state.js';
import { decodeParameters, encodeParameters, fromHash, toHash } from '../../www/url.js';
import { parseScene } from '../../www/scene.js';
import { sig4, largestFinite } from '../../www/format.js';
import { ranges } from '../../www/heatmaps.js';
import { normSeries, onLog } from '../../www/charts.js';
import { EQUATIONS } from '../../www/equations.js';
import { EQUATION_NAMES } from '../../www/equation-names.js';

/** What the link's own points allow (the message about bad ones says it). */
const PTS = 'up to 5000 points x1,x2,Y: |x1|, |x2| ≤ 6 and Y a class 0 to 4 (or a value within ±100)';

const layer = (activation, x, g, dl_dy) => {
  // Eq. 24 for ReLU: ∂L/∂g = f′(g) ∂L/∂y with f′ = 1 for g ≥ 0; Eq. 26: ∂L/∂w = x (∂L/∂g)ᵀ.
  const dl_dg = g.map((v, i) => (v >= 0 ? dl_dy[i] : 0));
  return { activation, x, g, dl_dy, dl_dg, dl_dw: x.flatMap((xm) => dl_dg.map((d) => xm * d)) };
};

test("explainZeros says why each layer's ∂L/∂w is zero, in the seed's terms", () => {
  // Layer 1 (2 units) all off; so nothing comes back to layer 0; layer 2 sees x⁽²⁾ = 0.
  const layers = [
    layer('relu', [1, 2], [0.5, 1], [0, 0]),
    layer('relu', [0.5, 1], [-1, -2], [3, -1]),
    layer('tanh', [0, 0], [0.1], [0.4]),
  ];
  const why = explainZeros(layers, 'sum_of_squares');
  assert.match(why[0], /^Nothing comes back from layer 1: ∂L\/∂g⁽¹⁾ = 0 there, so Eq\. 25 gives/);
  assert.equal(
    why[1],
    'All 2 units of layer 1 are off for this sample: g < 0, so f′(g) = 0 and Eq. 24 gives ∂L/∂g = 0.',
  );
  assert.match(why[2], /^x⁽²⁾ = 0 for this sample .* Eq\. 26/);
  assert.equal(reachesEveryLayer(layers), false);
  // One unit of three off: its column is zero, the rest is fine.
  const partial = [layer('relu', [1, 1], [1, -1, 2], [1, 1, 1])];
  assert.equal(
    explainZeros(partial, 'sum_of_squares')[0],
    'Unit 2 of layer 0 is off for this sample (g < 0, so f′(g) = 0): Eq. 24 gives them ∂L/∂g = 0, so column 2 of ∂L/∂w⁽⁰⁾ is 0.',
  );
  assert.equal(reachesEveryLayer(partial), true);
  // The output exactly right.
  assert.match(explainZeros([layer('linear', [1], [1], [0])], 'softmax_cross_entropy')[0], /z = Y .* Eq\. 31/);
});

test('the link parser looks names up as data, never as object properties', () => {
  for (const bad of ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty']) {
    const { settings, errors } = fromHash(`#loss=${bad}&out=${bad}&onehot=${bad}&init=${bad}&data=${bad}`);
    assert.deepEqual(settings, defaults(), `${bad}: every field stays at its default`);
    assert.equal(errors.length, 5, `${bad}: ${errors}`);
  }
  assert.deepEqual(
    new Set(fromHash('#batch=1.5&seed=-1&wseed=2e3&lr=abc').errors),
    new Set([
      'batch=1.5 (a whole number from 1 to 500)',
      'seed=-1 (a whole number from 0 to 999999)',
      'wseed=2e3 (a whole number from 0 to 999999)',
      'lr=abc (one of 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3 or 10)',
    ]),
  );
});

test('a bad value in a link is told what the key allows', () => {
  const said = (hash) => fromHash(hash).errors;
  assert.deepEqual(said('#noise=7'), ['noise=7 (0 to 50 in steps of 5)']);
  assert.deepEqual(said('#hidden=40t'), [
    'hidden=40t (up to 8 layers such as 8t,4r: 1 to 32 neurons, then r, t, s or l (ReLU, tanh, sigmoid, linear))',
  ]);
  assert.deepEqual(said('#data=moons'), [
    'data=moons (one of circle, xor, gauss, spiral, blobs, own, reg-plane or reg-gauss)',
  ]);
  assert.deepEqual(said('#feat=x1,x1'), [
    'feat=x1,x1 (different names among x1, x2, x1sq, x2sq, x1x2, sinx1 or sinx2)',
  ]);
  assert.deepEqual(said('#speed=e2&set=both'), ['speed=e2 (one of b1, b5, e1, e5 or e20)', 'set=both (train or test)']);
  // Every key, given a value none allows, says what it allows: a parenthesis after its value.
  const keys = ['data', 'classes', 'noise', 'ratio', 'seed', 'test', 'hidden', 'out', 'loss', 'onehot', 'init'];
  keys.push('wseed', 'lr', 'batch', 'reg', 'lambda', 'unit', 'speed', 'scale', 'grad', 'feat', 'pts', 'step');
  keys.push('sample', 'set', 'phase', 'check', 'lesson', 'replay', 'epoch', 'net', 'cx', 'cy');
  for (const key of keys) assert.match(said(`#${key}=%3F`).join(), new RegExp(`^${key}=\\? \\(.{6,}\\)$`), key);
});

test('a link round-trips every setting', () => {
  const s = {
    ...defaults(),
    dataset: 'spiral',
    classes: 3,
    noise: 15,
    ratio: 70,
    seed: 42,
    wseed: 7,
    hidden: [{ neurons: 16, activation: 'tanh' }],
    loss: 'softmax_cross_entropy',
    outputActivation: 'linear',
    init: 'he',
    lr: 0.3,
    batch: 250,
    reg: 'l2',
    regRate: 0.01,
    scale: 'network',
    gradView: 'batch',
    speed: 'e5',
    unit: 'batch',
    showTest: true,
  };
  const back = fromHash(toHash(s));
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.settings, s);
});

test('own points in a link are exact, raise K to their labels, and bad ones are refused', () => {
  const own = [
    [1.25, -6, 0],
    [-0.1, 5.999999999999, 3],
    [Math.PI, -Math.E, 1],
  ];
  const s = {
    ...defaults(),
    dataset: 'own',
    classes: 4,
    loss: 'softmax_cross_entropy',
    outputActivation: 'linear',
    own,
  };
  const back = fromHash(toHash(s));
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.settings.own, own);
  assert.equal(fromHash('#data=own&classes=2&pts=0,0,4').settings.classes, 5, 'a label 4 needs 5 classes');
  assert.deepEqual(fromHash('#data=own&pts=').settings.own, []);
  assert.deepEqual(fromHash('#data=circle&pts=1,2,0').settings.own, [], 'only own data have points');
  for (const bad of ['1,2', '1,7,0', '1,2,101', '1,x,0', '1,2,0,3']) {
    const r = fromHash(`#data=own&pts=${bad}`);
    assert.deepEqual(r.errors, [`pts=${bad} (${PTS})`], bad);
    assert.deepEqual(r.settings.own, []);
  }
  // A value where a class belongs: refused, unless the points are a regression's (classes=1).
  for (const bad of ['1,2,5', '1,2,1.5', '1,2,-1']) {
    const r = fromHash(`#data=own&pts=${bad}`);
    assert.match(r.errors.join(), /pts \(a label is a class 0-4/, bad);
    assert.deepEqual(r.settings.own, []);
  }
  const values = fromHash('#data=own&classes=1&pts=1,2,0.37,-3,0,-1.5');
  assert.deepEqual(values.errors, []);
  assert.deepEqual(values.settings.own, [
    [1, 2, 0.37],
    [-3, 0, -1.5],
  ]);
  assert.deepEqual([values.settings.loss, values.settings.outputActivation], ['sum_of_squares', 'linear']);
});

test('weights in a link are exact, and anything else is refused', () => {
  const values = [0.1, -0, 1e-300, -123456.789, Math.PI, 5e-324];
  const text = encodeParameters(values);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(Array.from(decodeParameters(text, values.length)), values);
  assert.equal(decodeParameters(text, values.length + 1), undefined, 'the wrong count');
  assert.equal(decodeParameters(encodeParameters([1, NaN]), 2), undefined, 'NaN');
  assert.equal(decodeParameters('!!!', 1), undefined, 'not base64');
});

test('a scene is read strictly, and the message names the place', () => {
  const good = {
    format: 'backprop-viz scene',
    version: 1,
    config: {
      dataset: { kind: 'circle', classes: 2, points: 500, noise: 0.1, trainRatio: 0.5, seed: 1 },
      hidden: [],
      outputActivation: 'tanh',
      loss: 'sum_of_squares',
      oneHot: false,
      init: 'uniform',
      seed: 1,
      hyper: { learningRate: 0.03, batchSize: 10, regularization: 'none', regularizationRate: 0 },
    },
    network: { loss: 'sum_of_squares', layers: [] },
  };
  assert.equal(parseScene(good).epoch, 0);
  const bad = [
    [JSON.parse('{"__proto__": {"x": 1}}'), /scene has an unknown key "__proto__"/],
    [{ ...good, page: { scale: 'toString' } }, /scene\.page\.scale must be one of/],
    [{ ...good, sample: { x: [1, 2], Y: [1], set: 'train' } }, /either \{set, index\}/],
    [{ ...good, view: { step: -1 } }, /scene\.view\.step must be a whole number/],
    [
      { ...good, config: { ...good.config, dataset: { ...good.config.dataset, noise: 0.12 } } },
      /noise must be 0, 0\.05/,
    ],
    [{ ...good, lesson: { title: 'x', text: 'not a list' } }, /scene\.lesson\.text must be a list/],
    [[], /scene must be an object/],
  ];
  for (const [scene, message] of bad) assert.throws(() => parseScene(scene), message);
});

test('4 significant digits with a true minus sign', () => {
  assert.equal(sig4(-0.420758068875056), '\u22120.4208');
  assert.equal(sig4(0.5), '0.5');
  assert.equal(sig4(123456), '1.235e+5');
  assert.equal(sig4(-1.5e-7), '\u22121.500e\u22127');
  assert.equal(sig4(0), '0');
});

test('a shared colour scale is the largest finite |value|: an overflowed gradient does not become it', () => {
  // JSON writes ∞ and NaN as null, which the heatmap's options refuse: the range must be finite.
  assert.equal(largestFinite([-3, Infinity, NaN, 2, -Infinity]), 3);
  assert.equal(largestFinite([NaN, Infinity]), 0);
  const layers = [
    { dl_dw: [1, -Infinity], dl_dg: [0.5], dl_db: [0.5], dl_dx: [NaN, 2] },
    { dl_dw: [Infinity, 4], dl_dg: [NaN], dl_db: [NaN] },
  ];
  assert.deepEqual(ranges(layers, 'layer'), [2, 4]);
  assert.deepEqual(ranges(layers, 'network'), [4, 4]);
  assert.deepEqual(ranges(layers, 'own'), [0, 0]);
});

test('the gradient-norm chart shows tiny norms where they are, and names a layer whose norm is 0', () => {
  // A saturated tanh's gradients: 10⁻²⁴, drawn at 10⁻²⁴ (they were floored at 10⁻⁹, all alike).
  assert.deepEqual(onLog([1e-24, 0.5, 1e300, 0, -1, NaN, Infinity]), [1e-24, 0.5, 1e30, NaN, NaN, NaN, NaN]);
  const series = normSeries([
    [0.2, 1e-24, 0.3],
    [0.1, 1e-25, 0],
  ]);
  assert.deepEqual(
    series.map((x) => x.name),
    ['‖∂L/∂w⁽⁰⁾‖', '‖∂L/∂w⁽¹⁾‖', '‖∂L/∂w⁽²⁾‖ = 0'],
  );
  assert.deepEqual(series[1].values, [1e-24, 1e-25]);
  assert.deepEqual(series[2].values, [0.3, NaN]);
  assert.deepEqual(normSeries([]), []);
});

test("a saturated output says training has stalled, and why, in the seed's terms", () => {
  // η = 10 on a tanh output: y = 1 − 10⁻²⁴ or so, f′(g) = 1 − y² ≈ 2 × 10⁻²⁴ (Eq. 24).
  const out = { activation: 'tanh', x: [1, 0.5], g: [28], dl_dy: [-2], dl_dg: [-4e-24], dl_dw: [-4e-24, -2e-24] };
  const hidden = layer('relu', [1, 2], [0.5, 1], [1e-24, 2e-24]);
  const why = explainZeros([hidden, out], 'sum_of_squares');
  assert.match(why[1], /^The output tanh is saturated for this sample: f′\(g\) = 2\.00e−24, so Eq\. 24/);
  assert.match(why[1], /smaller η and Reset/);
  // Not saturated: f′(g) = 0.5. A ReLU output is never called saturated.
  assert.equal(explainZeros([hidden, { ...out, dl_dg: [-1], dl_dw: [-1, -0.5] }], 'sum_of_squares')[1], '');
  assert.equal(explainZeros([hidden, { ...out, activation: 'relu' }], 'sum_of_squares')[1], '');
});

test('a bad value or key in a link is quoted whole, or cut with an ellipsis', () => {
  const long = '8r,'.repeat(20);
  const { errors } = fromHash(`#hidden=${long}&${'k'.repeat(30)}=1&lr=abc`);
  assert.ok(
    errors.includes(
      `hidden=${long.slice(0, 40)}… (up to 8 layers such as 8t,4r: 1 to 32 neurons, then r, t, s or l (ReLU, tanh, sigmoid, linear))`,
    ),
    errors.join(' | '),
  );
  assert.ok(errors.includes(`${'k'.repeat(20)}… (unknown)`), errors.join(' | '));
  assert.ok(
    errors.some((e) => e.startsWith('lr=abc (one of 0.00001, ')),
    errors.join(' | '),
  );
});

test('own points keep their meaning between two classes and a regression', () => {
  // Orange (0) and blue (1) became Y = 0 and 1; they are the ±1 output's −1 and +1.
  const two = {
    ...defaults(),
    dataset: 'own',
    classes: 2,
    own: [
      [1, 2, 0],
      [-1, 0, 1],
    ],
  };
  const regression = withPatch(two, { classes: 1 });
  assert.deepEqual(regression.own, [
    [1, 2, -1],
    [-1, 0, 1],
  ]);
  // And back: a Y above 0 is blue.
  const back = withPatch(
    {
      ...regression,
      own: [
        [1, 2, -0.3],
        [-1, 0, 0.8],
        [0, 0, 0],
      ],
    },
    { classes: 2 },
  );
  assert.deepEqual(back.own, [
    [1, 2, 0],
    [-1, 0, 1],
    [0, 0, 0],
  ]);
  // More classes keep the labels as they are.
  assert.deepEqual(withPatch(two, { classes: 3 }).own, two.own);
});

test('a scene is checked against the names of the equations that the lessons can show', () => {
  assert.deepEqual(Object.keys(EQUATIONS), EQUATION_NAMES);
});
