// A seeded fuzz of the link parser (issue 8): hashes built from the real keys, every name on
// Object.prototype, and good, bad and hostile values. Whatever the link, `fromHash` returns
// settings the page can use (each field of its kind and in range, already normalized), and
// names in `errors` what it ignored; a link made only of good pairs has no error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIVATIONS,
  DATASETS,
  INITS,
  LEARNING_RATES,
  MAX_BATCH,
  MAX_HIDDEN,
  MAX_NEURONS,
  MAX_SEED,
  REG_RATES,
  SCALES,
  SPEEDS,
  normalize,
} from '../../www/state.js';
import { fromHash, toHash } from '../../www/url.js';
import './page-defaults.mjs';

const KEYS = [
  'data',
  'classes',
  'noise',
  'ratio',
  'seed',
  'test',
  'hidden',
  'out',
  'loss',
  'onehot',
  'init',
  'wseed',
  'lr',
  'batch',
  'reg',
  'lambda',
  'unit',
  'speed',
  'scale',
  'grad',
  'step',
  'sample',
  'set',
  'phase',
  'check',
  'lesson',
  'net',
  'epoch',
  'cx',
  'cy',
];
const PROTO = Object.getOwnPropertyNames(Object.prototype);
const VALUES = [
  '',
  '0',
  '1',
  '-1',
  '1.5',
  'NaN',
  'Infinity',
  '1e3',
  '9'.repeat(30),
  '0x10',
  ' 1',
  '8r,8r',
  '33r',
  '8x',
  ',,',
  'sse',
  'softmax',
  'circle',
  'spiral',
  'he',
  '0.03',
  '%00',
  '%F0%9F%98%80',
  '<script>',
  '"',
  '\\',
  ...PROTO,
];

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every field of the settings is of its kind and in its range. */
function usable(s) {
  const int = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;
  const d = DATASETS.find((x) => x.id === s.dataset);
  return (
    d &&
    d.classes.includes(s.classes) &&
    int(s.noise, 0, 50) &&
    int(s.ratio, 10, 90) &&
    int(s.seed, 0, MAX_SEED) &&
    int(s.wseed, 0, MAX_SEED) &&
    Array.isArray(s.hidden) &&
    s.hidden.length <= MAX_HIDDEN &&
    s.hidden.every((h) => int(h.neurons, 1, MAX_NEURONS) && ACTIVATIONS.includes(h.activation)) &&
    ACTIVATIONS.includes(s.outputActivation) &&
    ['sum_of_squares', 'softmax_cross_entropy'].includes(s.loss) &&
    typeof s.oneHot === 'boolean' &&
    INITS.includes(s.init) &&
    LEARNING_RATES.includes(s.lr) &&
    int(s.batch, 1, MAX_BATCH) &&
    ['none', 'l1', 'l2'].includes(s.reg) &&
    REG_RATES.includes(s.regRate) &&
    ['sample', 'batch', 'epoch'].includes(s.unit) &&
    SPEEDS.some((x) => x.id === s.speed) &&
    SCALES.some((x) => x.id === s.scale) &&
    ['sample', 'batch'].includes(s.gradView) &&
    typeof s.showTest === 'boolean'
  );
}

test('a seeded fuzz of the link parser: every link gives usable settings and names what it ignored', (t) => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261128);
  const cases = Number(process.env.FUZZ_CASES ?? 100000);
  const random = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  let withErrors = 0;
  for (let i = 0; i < cases; i++) {
    const pairs = Array.from({ length: 1 + Math.floor(random() * 6) }, () => [
      random() < 0.7 ? pick(KEYS) : pick(PROTO),
      pick(VALUES),
    ]);
    const hash =
      '#' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${random() < 0.9 ? encodeURIComponent(v) : v}`).join('&');
    let r;
    assert.doesNotThrow(() => {
      r = fromHash(hash);
    }, hash);
    assert.ok(usable(r.settings), `unusable settings from ${hash}: ${JSON.stringify(r.settings)}`);
    assert.deepEqual(normalize(structuredClone(r.settings)), r.settings, `not normalized: ${hash}`);
    assert.ok(Array.isArray(r.errors) && r.errors.every((e) => typeof e === 'string' && e.length <= 180), hash); // a value is cut at 40
    assert.equal(Object.getPrototypeOf(r.extra), Object.prototype, `the link changed a prototype: ${hash}`);
    for (const k of Object.keys(r.extra)) assert.ok(KEYS.includes(k), `${hash} set extra.${k}`);
    const unknown = pairs.filter(([k]) => !KEYS.includes(k));
    for (const [k] of unknown)
      assert.ok(
        r.errors.some((e) => e.startsWith(k.slice(0, 20))),
        `${hash}: the unknown key ${k} is not reported`,
      );
    if (r.errors.length) withErrors++;
    // What it read writes back to a link that reads back the same, with no error.
    const again = fromHash(toHash(r.settings));
    assert.deepEqual(again.errors, [], toHash(r.settings));
    assert.deepEqual(again.settings, r.settings);
  }
  t.diagnostic(`seed ${seed}: ${cases} fuzzed links, ${withErrors} with something ignored and reported`);
  assert.ok(withErrors > cases / 2);
});
