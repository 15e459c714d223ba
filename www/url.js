// The settings in the URL hash, so that a teacher can share a link to a state (and, with
// `step=k`, to one step of the step-through). Reading is strict: a bad field is reported and
// left at its default, never trusted.

import { DATASETS, LEARNING_RATES, MAX_HIDDEN, MAX_NEURONS, REG_RATES, SPEEDS, defaults, normalize } from './state.js';

const SHORT = { relu: 'r', tanh: 't', sigmoid: 's', linear: 'l' };
const LONG = Object.fromEntries(Object.entries(SHORT).map(([k, v]) => [v, k]));
const LOSSES = { sse: 'sum_of_squares', softmax: 'softmax_cross_entropy' };

export function toHash(s, extra = {}) {
  const p = new URLSearchParams({
    data: s.dataset, classes: s.classes, noise: s.noise, ratio: s.ratio, seed: s.seed, test: s.showTest ? 1 : 0,
    hidden: s.hidden.map((h) => `${h.neurons}${SHORT[h.activation]}`).join(','),
    out: SHORT[s.outputActivation], loss: s.loss === 'sum_of_squares' ? 'sse' : 'softmax', onehot: s.oneHot ? 1 : 0,
    lr: s.lr, batch: s.batch, reg: s.reg, lambda: s.regRate, unit: s.unit, speed: s.speed,
  });
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null) p.set(k, v);
  return '#' + p.toString().replaceAll('%2C', ','); // commas read better in a shared link
}

const int = (v, lo, hi) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
};

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
  const take = (key, parse, apply) => {
    if (!p.has(key)) return;
    const raw = p.get(key);
    const v = parse(raw);
    if (v === undefined) errors.push(`${key}=${raw.slice(0, 40)}`);
    else apply(v);
  };
  take('data', (v) => (DATASETS.some((d) => d.id === v) ? v : undefined), (v) => { s.dataset = v; });
  take('classes', (v) => int(v, 2, 5), (v) => { s.classes = v; });
  take('noise', (v) => { const n = int(v, 0, 50); return n !== undefined && n % 5 === 0 ? n : undefined; }, (v) => { s.noise = v; });
  take('ratio', (v) => { const n = int(v, 10, 90); return n !== undefined && n % 10 === 0 ? n : undefined; }, (v) => { s.ratio = v; });
  take('seed', (v) => int(v, 0, 999999), (v) => { s.seed = v; });
  take('test', (v) => ({ 0: false, 1: true })[v], (v) => { s.showTest = v; });
  take('hidden', (v) => {
    if (v === '') return [];
    const parts = v.split(',');
    if (parts.length > MAX_HIDDEN) return undefined;
    const layers = parts.map((t) => {
      const m = /^(\d{1,2})([rtsl])$/.exec(t);
      const n = m && int(m[1], 1, MAX_NEURONS);
      return n ? { neurons: n, activation: LONG[m[2]] } : undefined;
    });
    return layers.every(Boolean) ? layers : undefined;
  }, (v) => { s.hidden = v; });
  take('out', (v) => LONG[v], (v) => { s.outputActivation = v; });
  take('loss', (v) => LOSSES[v], (v) => { s.loss = v; });
  take('onehot', (v) => ({ 0: false, 1: true })[v], (v) => { s.oneHot = v; });
  take('lr', (v) => LEARNING_RATES.find((r) => r === Number(v)), (v) => { s.lr = v; });
  take('batch', (v) => int(v, 1, 64), (v) => { s.batch = v; });
  take('reg', (v) => (['none', 'l1', 'l2'].includes(v) ? v : undefined), (v) => { s.reg = v; });
  take('lambda', (v) => REG_RATES.find((r) => r === Number(v)), (v) => { s.regRate = v; });
  take('unit', (v) => (['sample', 'batch', 'epoch'].includes(v) ? v : undefined), (v) => { s.unit = v; });
  take('speed', (v) => (SPEEDS.some((x) => x.id === v) ? v : undefined), (v) => { s.speed = v; });
  take('step', (v) => int(v, 0, 10000), (v) => { extra.step = v; });
  take('sample', (v) => int(v, 0, 10000), (v) => { extra.sample = v; });
  take('phase', (v) => (['forward', 'backward'].includes(v) ? v : undefined), (v) => { extra.phase = v; });
  take('check', (v) => (/^\d+,\d+,\d+$/.test(v) ? v.split(',').map(Number) : undefined), (v) => { extra.check = v; });
  return { settings: normalize(s), extra, errors };
}
