// @ts-check
// Scenes: everything needed to recreate a screen (the Trainer config, the page's view
// settings, the exact weights, the selected or typed sample, the open panel and step, and
// optionally a lesson's text) as one JSON file or, when short enough, one link.
//
// Reading is strict: only own properties, only known keys, every value checked, and the
// message names the place ("scene.view.step must be a whole number …"). The config and the
// network are checked again by wasm (Trainer, Network.fromJSON) when the scene is applied.

import { LEARNING_RATES, MAX_BATCH, MAX_SEED, POINTS, REG_RATES, SCALES, SPEEDS, settingsFromConfig } from './state.js';
import { EQUATION_NAMES } from './equation-names.js';

export const FORMAT = 'backprop-viz scene';
export const VERSION = 1;
const MAX_TEXT = 1200;

const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;

class SceneError extends Error {}
const fail = (where, what) => {
  throw new SceneError(`${where} ${what}`);
};

/** Rejects keys that are not in `allowed` and returns the object. */
function keys(where, v, allowed, required = []) {
  if (!isObject(v)) fail(where, 'must be an object');
  for (const k of Object.keys(v))
    if (!allowed.includes(k)) fail(where, `has an unknown key "${k.slice(0, 40)}" (known: ${allowed.join(', ')})`);
  for (const k of required) if (!own(v, k)) fail(where, `needs the key "${k}"`);
  return v;
}

function oneOf(where, v, values) {
  if (!values.includes(v))
    fail(
      where,
      `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}, not ${JSON.stringify(v)?.slice(0, 40)}`,
    );
  return v;
}

function finiteArray(where, v, min, max) {
  if (!Array.isArray(v) || v.length < min || v.length > max)
    fail(where, `must be a list of ${min === max ? min : `${min} to ${max}`} numbers`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${where}[${i}]`, 'must be a finite number');
  });
  return v;
}

function text(where, v, max = MAX_TEXT) {
  if (typeof v !== 'string' || v.trim() === '' || v.length > max)
    fail(where, `must be a text of 1 to ${max} characters`);
  return v;
}

function texts(where, v, maxItems) {
  if (!Array.isArray(v) || v.length > maxItems) fail(where, `must be a list of at most ${maxItems} texts`);
  return v.map((t, i) => text(`${where}[${i}]`, t));
}

/** The page-level checks of a Trainer config that wasm does not make (the page's choices). */
function checkConfig(c) {
  keys(
    'scene.config',
    c,
    ['dataset', 'features', 'hidden', 'outputActivation', 'loss', 'oneHot', 'init', 'seed', 'hyper'],
    ['dataset', 'hidden', 'outputActivation', 'loss', 'init', 'seed', 'hyper'],
  );
  const d = keys(
    'scene.config.dataset',
    c.dataset,
    ['kind', 'classes', 'points', 'noise', 'trainRatio', 'seed', 'own'],
    ['kind', 'classes', 'points', 'noise', 'trainRatio', 'seed'],
  );
  if (d.points !== POINTS) fail('scene.config.dataset.points', `must be ${POINTS}, the page's number of points`);
  if (
    !isInt(Math.round(d.noise * 100), 0, 50) ||
    Math.round(d.noise * 100) % 5 !== 0 ||
    Math.abs(d.noise * 100 - Math.round(d.noise * 100)) > 1e-9
  )
    fail('scene.config.dataset.noise', 'must be 0, 0.05, … 0.5');
  if (!isInt(Math.round(d.trainRatio * 10), 1, 9) || Math.abs(d.trainRatio * 10 - Math.round(d.trainRatio * 10)) > 1e-9)
    fail('scene.config.dataset.trainRatio', 'must be 0.1, 0.2, … 0.9');
  if (!isInt(d.seed, 0, MAX_SEED)) fail('scene.config.dataset.seed', `must be a whole number from 0 to ${MAX_SEED}`);
  if (!isInt(c.seed, 0, MAX_SEED)) fail('scene.config.seed', `must be a whole number from 0 to ${MAX_SEED}`);
  const h = keys(
    'scene.config.hyper',
    c.hyper,
    ['learningRate', 'batchSize', 'regularization', 'regularizationRate'],
    ['learningRate', 'batchSize', 'regularization', 'regularizationRate'],
  );
  oneOf('scene.config.hyper.learningRate', h.learningRate, LEARNING_RATES);
  oneOf('scene.config.hyper.regularizationRate', h.regularizationRate, REG_RATES);
  if (!isInt(h.batchSize, 1, MAX_BATCH))
    fail('scene.config.hyper.batchSize', `must be a whole number from 1 to ${MAX_BATCH}`);
  if (!Array.isArray(c.hidden)) fail('scene.config.hidden', 'must be a list of layers');
  return c;
}

function checkSample(s) {
  keys('scene.sample', s, ['set', 'index', 'x', 'Y']);
  if (own(s, 'x') || own(s, 'Y')) {
    if (own(s, 'set') || own(s, 'index'))
      fail('scene.sample', 'is either {set, index} (a data point) or {x, Y} (a typed sample), not both');
    return { x: finiteArray('scene.sample.x', s.x, 2, 2), Y: finiteArray('scene.sample.Y', s.Y, 1, 5) };
  }
  keys('scene.sample', s, ['set', 'index'], ['set', 'index']);
  oneOf('scene.sample.set', s.set, ['train', 'test']);
  if (!isInt(s.index, 0, 10000)) fail('scene.sample.index', 'must be a whole number from 0');
  return { set: s.set, index: s.index };
}

function checkView(v) {
  keys('scene.view', v, ['panel', 'phase', 'step', 'check']);
  if (own(v, 'panel')) oneOf('scene.view.panel', v.panel, ['none', 'steps']);
  if (own(v, 'phase')) oneOf('scene.view.phase', v.phase, ['forward', 'backward']);
  if (own(v, 'step') && !isInt(v.step, 0, 10000)) fail('scene.view.step', 'must be a whole number from 0');
  if (
    own(v, 'check') &&
    v.check !== null &&
    !(Array.isArray(v.check) && v.check.length === 3 && v.check.every((k) => isInt(k, 0, 1024)))
  ) {
    fail('scene.view.check', 'must be [j, m, n], whole numbers from 0, or null');
  }
  return v;
}

/** A lesson written by a teacher: plain text only (never read as HTML). */
export function checkLesson(l, where = 'scene.lesson') {
  keys(where, l, ['id', 'title', 'text', 'equations', 'try'], ['title', 'text']);
  return {
    id: own(l, 'id')
      ? /^[a-z0-9-]{1,40}$/.test(l.id)
        ? l.id
        : fail(`${where}.id`, 'must be 1 to 40 of a-z, 0-9 and -')
      : null,
    title: text(`${where}.title`, l.title, 120),
    text: texts(`${where}.text`, l.text, 8),
    equations: own(l, 'equations')
      ? Array.isArray(l.equations) && l.equations.length <= 8
        ? l.equations.map((e, i) =>
            oneOf(`${where}.equations[${i}]`, typeof e === 'number' ? String(e) : e, EQUATION_NAMES),
          )
        : fail(`${where}.equations`, 'must be a list of at most 8 equation names')
      : [],
    try: own(l, 'try') ? texts(`${where}.try`, l.try, 4) : [],
  };
}

/**
 * Reads a scene from parsed JSON: `{format, version, config, network, page?, sample?, view?,
 * lesson?, epoch?}`. Throws an Error naming the first problem.
 */
export function parseScene(o) {
  keys(
    'scene',
    o,
    ['format', 'version', 'config', 'network', 'page', 'sample', 'view', 'lesson', 'epoch'],
    ['format', 'version', 'config', 'network'],
  );
  if (o.format !== FORMAT) fail('scene.format', `must be "${FORMAT}"`);
  if (o.version !== VERSION) fail('scene.version', `must be ${VERSION}; this page reads version ${VERSION}`);
  const page = keys('scene.page', own(o, 'page') ? o.page : {}, ['showTest', 'unit', 'speed', 'scale', 'gradView']);
  if (own(page, 'showTest') && typeof page.showTest !== 'boolean') fail('scene.page.showTest', 'must be true or false');
  if (own(page, 'unit')) oneOf('scene.page.unit', page.unit, ['sample', 'batch', 'epoch']);
  if (own(page, 'speed'))
    oneOf(
      'scene.page.speed',
      page.speed,
      SPEEDS.map((s) => s.id),
    );
  if (own(page, 'scale'))
    oneOf(
      'scene.page.scale',
      page.scale,
      SCALES.map((s) => s.id),
    );
  if (own(page, 'gradView')) oneOf('scene.page.gradView', page.gradView, ['sample', 'batch']);
  if (!isObject(o.network)) fail('scene.network', 'must be a network object (the format of Network.toJSON)');
  if (own(o, 'epoch') && !isInt(o.epoch, 0, 1e9)) fail('scene.epoch', 'must be a whole number from 0');
  return {
    config: checkConfig(o.config),
    page,
    network: o.network,
    sample: own(o, 'sample') ? checkSample(o.sample) : null,
    view: own(o, 'view') ? checkView(o.view) : {},
    lesson: own(o, 'lesson') ? checkLesson(o.lesson) : null,
    epoch: o.epoch ?? 0,
  };
}

/** True when parsed JSON says it is a scene (rather than a bare network file). */
export const isScene = (o) => isObject(o) && own(o, 'format');

/** The page settings a scene describes. */
export function sceneSettings(scene) {
  return settingsFromConfig(scene.config, scene.page);
}

/** A scene of the current screen; `network` is the parsed Network.toJSON(). */
export function makeScene({ config, settings, network, sample, view, lesson, epoch }) {
  const scene = {
    format: FORMAT,
    version: VERSION,
    config,
    page: {
      showTest: settings.showTest,
      unit: settings.unit,
      speed: settings.speed,
      scale: settings.scale,
      gradView: settings.gradView,
    },
    network,
    sample,
    view,
    epoch,
  };
  if (lesson) scene.lesson = lesson;
  return scene;
}
