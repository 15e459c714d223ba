// @ts-check
// The settings in the URL hash, so that a teacher can share a link to a state (with `step=k`,
// to one step of the step-through; with `lesson=…`, to a lesson; with `net=…`, to the exact
// weights). Reading is strict: a bad field is reported and left at its default, never
// trusted; names are looked up in Maps, so `loss=toString` is just an unknown value.

import {
  DATASETS,
  LEARNING_RATES,
  MAX_POINTS,
  MAX_BATCH,
  MAX_HIDDEN,
  MAX_NEURONS,
  MAX_SEED,
  REG_RATES,
  SCALES,
  SPEEDS,
  defaults,
  normalize,
} from './state.js';

const SHORT = new Map([
  ['relu', 'r'],
  ['tanh', 't'],
  ['sigmoid', 's'],
  ['linear', 'l'],
]);
const LONG = new Map([...SHORT].map(([k, v]) => [v, k]));
const LOSSES = new Map([
  ['sse', 'sum_of_squares'],
  ['softmax', 'softmax_cross_entropy'],
]);
/** The features' names in a link (the config's have ^, * and parentheses). */
const FEATURE_SHORT = new Map([
  ['x1', 'x1'],
  ['x2', 'x2'],
  ['x1^2', 'x1sq'],
  ['x2^2', 'x2sq'],
  ['x1*x2', 'x1x2'],
  ['sin(x1)', 'sinx1'],
  ['sin(x2)', 'sinx2'],
]);
const FEATURE_LONG = new Map([...FEATURE_SHORT].map(([k, v]) => [v, k]));
const INIT_SHORT = new Map([
  ['uniform', 'u'],
  ['xavier', 'x'],
  ['he', 'h'],
]);
const INIT_LONG = new Map([...INIT_SHORT].map(([k, v]) => [v, k]));
const BOOLS = new Map([
  ['0', false],
  ['1', true],
]);
const oneOf = (values) => (v) => (values.includes(v) ? v : undefined);
/** A link longer than this is not offered: browsers, chats and e-mail cut long links. */
export const MAX_LINK = 4000;

export function toHash(s, extra = {}) {
  // (URLSearchParams writes the numbers as text.)
  const p = new URLSearchParams(
    /** @type {Record<string, any>} */ ({
      data: s.dataset,
      classes: s.classes,
      noise: s.noise,
      ratio: s.ratio,
      seed: s.seed,
      test: s.showTest ? 1 : 0,
      hidden: s.hidden.map((h) => `${h.neurons}${SHORT.get(h.activation)}`).join(','),
      out: SHORT.get(s.outputActivation),
      loss: s.loss === 'sum_of_squares' ? 'sse' : 'softmax',
      onehot: s.oneHot ? 1 : 0,
      init: INIT_SHORT.get(s.init),
      wseed: s.wseed,
      lr: s.lr,
      batch: s.batch,
      reg: s.reg,
      lambda: s.regRate,
      unit: s.unit,
      speed: s.speed,
      scale: s.scale,
      grad: s.gradView,
      ...(s.dataset === 'own' ? { pts: s.own.flat().join(',') } : {}),
      ...(s.features.join() === 'x1,x2' ? {} : { feat: s.features.map((f) => FEATURE_SHORT.get(f)).join(',') }),
    }),
  );
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null) p.set(k, v);
  return '#' + p.toString().replaceAll('%2C', ','); // commas read better in a shared link
}

const int = (v, lo, hi) => {
  const n = Number(v);
  return /^\d+$/.test(v) && Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
};

/** Up to `max` finite numbers separated by commas, or undefined. */
export const numbers = (v, min = 1, max = 64) => {
  const parts = v.split(',');
  if (parts.length < min || parts.length > max || parts.some((t) => !/^-?\d*\.?\d+(e[-+]?\d+)?$/i.test(t.trim())))
    return undefined;
  const xs = parts.map(Number);
  return xs.every(Number.isFinite) ? xs : undefined;
};

/** Own points `x1,x2,target,…` (each point on the plane, each target a class 0-4 or, for a
 * regression, a value within ±100), or undefined; '' is no point at all. */
function ownPoints(v) {
  if (v === '') return [];
  const xs = numbers(v, 3, 3 * MAX_POINTS);
  if (!xs || xs.length % 3) return undefined;
  const points = [];
  for (let i = 0; i < xs.length; i += 3) points.push([xs[i], xs[i + 1], xs[i + 2]]);
  const ok = ([a, b, t]) => Math.abs(a) <= 6 && Math.abs(b) <= 6 && Math.abs(t) <= 100;
  return points.every(ok) ? points : undefined;
}

function hiddenLayers(v) {
  if (v === '') return [];
  const parts = v.split(',');
  if (parts.length > MAX_HIDDEN) return undefined;
  const layers = parts.map((t) => {
    const m = /^(\d{1,2})([rtsl])$/.exec(t);
    const n = m && int(m[1], 1, MAX_NEURONS);
    return n ? { neurons: n, activation: LONG.get(m[2]) } : undefined;
  });
  return layers.every(Boolean) ? layers : undefined;
}

/** Features by their names in a link, each at most once, or undefined. */
function features(v) {
  const names = v.split(',').map((n) => FEATURE_LONG.get(n));
  return names.length && names.every(Boolean) && new Set(names).size === names.length ? names : undefined;
}

/** "a, b or c". */
const either = (names) => `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
/** Whole numbers from `lo` to `hi`, or multiples of `step` among them. */
const whole =
  (lo, hi, step = 1) =>
  (v) => {
    const n = int(v, lo, hi);
    return n !== undefined && n % step === 0 ? n : undefined;
  };
const WHOLE = (lo, hi) => `a whole number from ${lo} to ${hi}`;
const KINDS = 'r, t, s or l (ReLU, tanh, sigmoid, linear)';

/** The readers of each settings key: [key, parse, the settings field it sets, what it allows
 * (the message about a bad value says it)]. */
/** @type {[string, (v: string) => any, string, string][]} */
const SETTINGS = [
  ['data', oneOf(DATASETS.map((d) => d.id)), 'dataset', `one of ${either(DATASETS.map((d) => d.id))}`],
  ['classes', whole(1, 5), 'classes', WHOLE(1, 5)],
  ['noise', whole(0, 50, 5), 'noise', '0 to 50 in steps of 5'],
  ['ratio', whole(10, 90, 10), 'ratio', '10 to 90 in steps of 10'],
  ['seed', whole(0, MAX_SEED), 'seed', WHOLE(0, MAX_SEED)],
  ['test', (v) => BOOLS.get(v), 'showTest', '0 or 1'],
  [
    'hidden',
    hiddenLayers,
    'hidden',
    `up to ${MAX_HIDDEN} layers such as 8t,4r: 1 to ${MAX_NEURONS} neurons, then ${KINDS}`,
  ],
  ['out', (v) => LONG.get(v), 'outputActivation', KINDS],
  ['loss', (v) => LOSSES.get(v), 'loss', 'sse or softmax'],
  ['onehot', (v) => BOOLS.get(v), 'oneHot', '0 or 1'],
  ['init', (v) => INIT_LONG.get(v), 'init', 'u, x or h (uniform, Xavier, He)'],
  ['wseed', whole(0, MAX_SEED), 'wseed', WHOLE(0, MAX_SEED)],
  ['lr', (v) => LEARNING_RATES.find((r) => r === Number(v)), 'lr', `one of ${either(LEARNING_RATES.map(String))}`],
  ['batch', whole(1, MAX_BATCH), 'batch', WHOLE(1, MAX_BATCH)],
  ['reg', oneOf(['none', 'l1', 'l2']), 'reg', 'none, l1 or l2'],
  ['lambda', (v) => REG_RATES.find((r) => r === Number(v)), 'regRate', `one of ${either(REG_RATES.map(String))}`],
  ['unit', oneOf(['sample', 'batch', 'epoch']), 'unit', 'sample, batch or epoch'],
  ['speed', oneOf(SPEEDS.map((x) => x.id)), 'speed', `one of ${either(SPEEDS.map((x) => x.id))}`],
  ['scale', oneOf(SCALES.map((x) => x.id)), 'scale', `one of ${either(SCALES.map((x) => x.id))}`],
  ['grad', oneOf(['sample', 'batch']), 'gradView', 'sample or batch'],
  ['feat', features, 'features', `different names among ${either([...FEATURE_LONG.keys()])}`],
  [
    'pts',
    ownPoints,
    'own',
    `up to ${MAX_POINTS} points x1,x2,Y: |x1|, |x2| ≤ 6 and Y a class 0 to 4 (or a value within ±100)`,
  ],
];

/** The readers of what is not a setting (the step-through, sample, lesson, weights), with
 * what each allows. */
/** @type {[string, (v: string) => any, string][]} */
const EXTRA = [
  ['step', whole(0, 10000), WHOLE(0, 10000)],
  ['sample', whole(0, 10000), WHOLE(0, 10000)],
  ['set', oneOf(['train', 'test']), 'train or test'],
  ['phase', oneOf(['forward', 'backward']), 'forward or backward'],
  [
    'check',
    (v) => (/^\d{1,4},\d{1,4},\d{1,4}$/.test(v) ? v.split(',').map(Number) : undefined),
    'three whole numbers j,m,n',
  ],
  ['lesson', (v) => (/^[a-z0-9-]{1,40}$/.test(v) ? v : undefined), "a lesson's name"],
  ['replay', whole(0, 1e6), WHOLE(0, 1e6)],
  ['epoch', whole(0, 1e6), WHOLE(0, 1e6)],
  [
    'net',
    (v) => (/^[A-Za-z0-9_-]{11,}$/.test(v) && v.length <= MAX_LINK ? v : undefined),
    'the weights as Copy link writes them',
  ],
  ['cx', (v) => numbers(v, 2, 2), 'two numbers x1,x2'],
  ['cy', (v) => numbers(v, 1, 5), '1 to 5 numbers'],
];

/** `text` shortened to `n` characters, with an ellipsis when it was longer. */
const cut = (text, n) => (text.length > n ? `${text.slice(0, n)}…` : text);

/** Reads a hash into settings; returns `{settings, extra, errors}`. */
export function fromHash(hash) {
  const s = defaults();
  const errors = [];
  const extra = {};
  if (!hash || hash === '#') return { settings: s, extra, errors };
  let p;
  try {
    p = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return { settings: s, extra, errors: ['the link could not be read'] };
  }
  const known = new Set([...SETTINGS, ...EXTRA].map(([k]) => k));
  for (const key of new Set(p.keys())) if (!known.has(key)) errors.push(`${cut(key, 20)} (unknown)`);
  const read = (key, parse, allowed) => {
    if (!p.has(key)) return undefined;
    const raw = p.get(key);
    const v = parse(raw);
    if (v === undefined) errors.push(`${key}=${cut(raw, 40)} (${allowed})`);
    return v;
  };
  for (const [key, parse, field, allowed] of SETTINGS) {
    const v = read(key, parse, allowed);
    if (v !== undefined) s[field] = v;
  }
  for (const [key, parse, allowed] of EXTRA) {
    const v = read(key, parse, allowed);
    if (v !== undefined) extra[key] = v;
  }
  const label = (t) => Number.isInteger(t) && t >= 0 && t <= 4;
  if (s.dataset === 'own' && s.classes !== 1 && !s.own.every((p) => label(p[2]))) {
    errors.push(`pts (a label is a class 0-4; values need classes=1)`);
    s.own = [];
  }
  if (!p.has('loss') && s.classes > 2) {
    // More than two classes and no loss named: softmax, as the page picks it.
    s.loss = 'softmax_cross_entropy';
    if (!p.has('out')) s.outputActivation = 'linear';
  }
  const settings = normalize(s);
  // A regression and no output named: one linear output, as the page picks it.
  if (settings.classes === 1 && !p.has('out')) settings.outputActivation = 'linear';
  return { settings, extra, errors };
}

/** Every weight and bias, layer by layer (w^j row-major, then b^j), as base64url of their
 * float64 bytes: exact, and about 11 characters a number. */
export function encodeParameters(values) {
  const bytes = new Uint8Array(Float64Array.from(values).buffer);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The inverse of `encodeParameters`; undefined unless it is `count` finite numbers. */
export function decodeParameters(text, count) {
  let bin;
  try {
    bin = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return undefined;
  }
  if (bin.length !== count * 8) return undefined;
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const values = new Float64Array(bytes.buffer);
  return values.every(Number.isFinite) ? values : undefined;
}
