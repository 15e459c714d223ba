// The JS API fuzzer, run inside the page (it is passed to `page.evaluate`, so it must not use
// anything outside its own body). Every call draws its arguments from a pool of good and bad
// values (NaN, −1, 1.5, 2³² + 1, strings, null, array-likes with a negative length, BigInts,
// freed objects, …) with a seeded generator, and the outcome is checked:
// - a rejection is a JS `Error` with a message, never a trap (`WebAssembly.RuntimeError`,
//   "unreachable", "memory access out of bounds", "null pointer passed to rust");
// - a rejection leaves the object's state exactly as it was;
// - an accepted call had good arguments (no silent coercion of an index, a count or a size).

export function fuzzApi({ seed, calls }) {
  const api = window.backpropViz.app.api;
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const junk = () =>
    pick([
      NaN,
      -1,
      1.5,
      2 ** 32 + 1,
      2 ** 53,
      Infinity,
      -Infinity,
      '1',
      'x',
      'toString',
      '__proto__',
      null,
      undefined,
      true,
      {},
      [],
      [1],
      { length: -1 },
      { length: 2 ** 32 - 1 },
      1n,
      Symbol('s'),
      5e-324,
      1e308,
      -1e308,
      -0,
    ]);
  const small = () => (random() < 0.8 ? Math.floor(random() * 4) : junk());
  const num = () => (random() < 0.7 ? (random() - 0.5) * 10 : junk());
  const vector = (len) => {
    if (random() < 0.15) return junk();
    const n = random() < 0.75 ? len : Math.floor(random() * 5);
    const xs = Array.from({ length: n }, () => (random() < 0.9 ? (random() - 0.5) * 4 : junk()));
    return random() < 0.5 && xs.every((v) => typeof v === 'number') ? Float64Array.from(xs) : xs;
  };
  const text = (good) => (random() < 0.6 ? pick(good) : junk());

  const isIndex = (v, hi) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= hi;
  const isVector = (v, len) =>
    (Array.isArray(v) || v instanceof Float64Array) &&
    v.length === len &&
    Array.from(v).every((x) => typeof x === 'number' && Number.isFinite(x));
  const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
  /** A picture's values may be ±∞ or NaN (a gradient that overflowed), but numbers. */
  const isPictureVector = (v, len) =>
    (Array.isArray(v) || v instanceof Float64Array) &&
    v.length === len &&
    Array.from(v).every((x) => typeof x === 'number');

  // A 2-3-2 network (w^0 is 2 × 3, w^1 is 3 × 2), sum of squares.
  const sizes = [2, 3, 2];
  const entry = (j, m, n) => isIndex(j, 1) && isIndex(m, sizes[j] - 1) && isIndex(n, sizes[j + 1] - 1);
  const netJSON =
    '{"loss":"sum_of_squares","layers":[{"activation":"relu","w":[[1,-1,0.5],[2,0.5,-1]],"b":[0.1,0.2,0.3]},{"activation":"linear","w":[[1,0],[0,1],[1,1]],"b":[0,0]}]}';
  const net = api.Network.fromJSON(netJSON);
  const config = api.defaultConfig();
  config.dataset.points = 60;
  config.hidden = [{ neurons: 3, activation: 'relu' }];
  const trainer = new api.Trainer(config);
  const stepper = net.stepper([0.5, -1], [1, 0]);
  const freed = api.Network.fromJSON(netJSON);
  freed.free();
  const canvas = document.createElement('canvas');
  canvas.width = 200;
  canvas.height = 120;
  const theme = {
    background: [255, 255, 255],
    foreground: [0, 0, 0],
    neutral: [240, 240, 240],
    negative: [230, 97, 1],
    positive: [33, 102, 172],
  };
  const hyper = () =>
    pick([
      { learningRate: 0.03, batchSize: 10, regularization: 'none', regularizationRate: 0 },
      { learningRate: NaN, batchSize: 10, regularization: 'none', regularizationRate: 0 },
      { learningRate: 0.1 },
      junk(),
    ]);
  const series = () =>
    pick([
      [],
      [
        {
          name: 'L',
          color: [200, 0, 0],
          values: Array.from({ length: Math.floor(random() * 5) }, () =>
            pick([1, 0.5, 5e-324, 1.7e308, -1.7e308, NaN, 1e-300]),
          ),
        },
      ],
      junk(),
    ]);
  const lineOptions = () => ({
    title: 'L',
    xLabel: 'epoch',
    yLabel: 'L',
    xMax: pick([1, 0, 1e308, NaN, 100]),
    logY: random() < 0.5,
    legend: random() < 0.5,
    theme,
  });

  const snapshot = () =>
    `${net.toJSON()}|${trainer.network().toJSON()}|${trainer.epoch}|${trainer.updates}|${JSON.stringify(trainer.config())}|${stepper.position}`;
  // [name, make the arguments, call, were the arguments good?]
  const methods = [
    [
      'Network.fromJSON',
      () => [text([netJSON, '{', '{"loss":"sum_of_squares","loss":"x","layers":[]}'])],
      (a) => api.Network.fromJSON(...a).free(),
      (a) => a[0] === netJSON,
    ],
    [
      'Network.random',
      () => [
        random() < 0.7 ? [2, random() < 0.8 ? 1 + Math.floor(random() * 4) : junk(), 1] : junk(),
        random() < 0.7 ? ['relu', 'tanh'] : junk(),
        text(['sum_of_squares', 'softmax_cross_entropy']),
        text(['uniform', 'xavier', 'he']),
        random() < 0.7 ? Math.floor(random() * 100) : junk(),
      ],
      (a) => api.Network.random(...a).free(),
      (a) =>
        Array.isArray(a[0]) &&
        a[0].every((v) => isIndex(v, 1024) && v >= 1) &&
        typeof a[2] === 'string' &&
        isIndex(a[4], 2 ** 53 - 1),
    ],
    ['activation', () => [small()], (a) => net.activation(...a), (a) => isIndex(a[0], 1)],
    ['weights', () => [small()], (a) => net.weights(...a), (a) => isIndex(a[0], 1)],
    ['weight', () => [small(), small(), small()], (a) => net.weight(...a), (a) => entry(...a)],
    [
      'setWeight',
      () => [small(), small(), small(), num()],
      (a) => net.setWeight(...a),
      (a) => entry(a[0], a[1], a[2]) && isNumber(a[3]),
    ],
    [
      'setBias',
      () => [small(), small(), num()],
      (a) => net.setBias(...a),
      (a) => isIndex(a[0], 1) && isIndex(a[1], sizes[a[0] + 1] - 1) && isNumber(a[2]),
    ],
    ['forward', () => [vector(2)], (a) => net.forward(...a), (a) => isVector(a[0], 2)],
    [
      'backward',
      () => [vector(2), vector(2)],
      (a) => net.backward(...a),
      (a) => isVector(a[0], 2) && isVector(a[1], 2),
    ],
    [
      'applyUpdate',
      () => [
        vector(2),
        vector(2),
        pick([0.01, 1e308, NaN, 0.5, junk()]),
        pick([undefined, 'none', 'l1', 'l2', 'L2', junk()]),
        pick([undefined, 0.5, 10, 11, -0.1, junk()]),
      ],
      (a) => net.applyUpdate(...a),
      (a) =>
        isVector(a[0], 2) &&
        isVector(a[1], 2) &&
        isNumber(a[2]) &&
        (a[3] === undefined || ['none', 'l1', 'l2'].includes(a[3])) &&
        (a[4] === undefined || (isNumber(a[4]) && a[4] >= 0 && a[4] <= 10)),
    ],
    [
      'gradCheck',
      () => [small(), small(), small(), vector(2), vector(2), pick([1e-5, 0, 2, junk()])],
      (a) => net.gradCheck(...a),
      (a) => entry(a[0], a[1], a[2]) && isVector(a[3], 2) && isVector(a[4], 2) && isNumber(a[5]),
    ],
    [
      'stepper',
      () => [vector(2), vector(2)],
      (a) => net.stepper(...a).free(),
      (a) => isVector(a[0], 2) && isVector(a[1], 2),
    ],
    [
      'seek',
      () => [random() < 0.8 ? Math.floor(random() * 14) : junk()],
      (a) => stepper.seek(...a),
      (a) => isIndex(a[0], stepper.count),
    ],
    ['dydg', () => [small()], (a) => stepper.dydg(...a), (a) => isIndex(a[0], 1)],
    [
      'train',
      () => [text(['sample', 'batch', 'epoch']), random() < 0.7 ? Math.floor(random() * 3) : junk()],
      (a) => trainer.train(...a),
      (a) => ['sample', 'batch', 'epoch'].includes(a[0]) && isIndex(a[1], 1e6),
    ],
    [
      'setEpoch',
      () => [random() < 0.7 ? Math.floor(random() * 100) : junk()],
      (a) => trainer.setEpoch(...a),
      (a) => isIndex(a[0], 1e9),
    ],
    [
      'trainer.setWeight',
      () => [small(), small(), small(), num()],
      (a) => trainer.setWeight(...a),
      (a) => isIndex(a[0], 1) && isIndex(a[1], [2, 3][a[0]] - 1) && isIndex(a[2], [3, 1][a[0]] - 1) && isNumber(a[3]),
    ],
    ['target', () => [small()], (a) => trainer.target(...a), (a) => isIndex(a[0], 1)],
    [
      'renderBoundary',
      () => [random() < 0.7 ? 1 + Math.floor(random() * 40) : junk()],
      (a) => trainer.renderBoundary(...a),
      (a) => isIndex(a[0], 2048) && a[0] >= 1,
    ],
    [
      'renderNeurons',
      () => [random() < 0.7 ? 1 + Math.floor(random() * 20) : junk()],
      (a) => trainer.renderNeurons(...a),
      (a) => isIndex(a[0], 128) && a[0] >= 1,
    ],
    [
      'renderBoundaryRows',
      () => [random() < 0.7 ? 8 : junk(), small(), small()],
      (a) => trainer.renderBoundaryRows(...a),
      (a) => isIndex(a[0], 2048) && a[0] >= 1 && isIndex(a[1], a[0] - 1) && isIndex(a[2], a[0]),
    ],
    ['gradientNorm', () => [small()], (a) => trainer.gradientNorm(...a), (a) => isIndex(a[0], 1)],
    [
      'probe',
      () => [num(), num(), small()],
      (a) => trainer.probe(...a),
      (a) => isNumber(a[0]) && isNumber(a[1]) && isIndex(a[2], 1),
    ],
    [
      'probeView',
      () => [small(), random() < 0.7 ? Math.floor(random() * 10) : junk()],
      (a) => trainer.probeView(...a),
      (a) => isIndex(a[0], 1) && isIndex(a[1], 8),
    ],
    [
      'parameterView',
      () => [small(), small()],
      (a) => trainer.parameterView(...a),
      (a) => isIndex(a[0], 1) && isIndex(a[1], 3),
    ],
    [
      'rescue',
      () => [random() < 0.6 ? [0.01, 0.003] : vector(2)],
      (a) => trainer.rescue(...a),
      (a) => isVector(a[0], a[0]?.length) && a[0].length > 0 && Array.from(a[0]).every((v) => v > 0 && v <= 100),
    ],
    ['setHyper', () => [hyper()], (a) => trainer.setHyper(...a), () => true],
    ['setNetwork', () => [pick([net, freed, junk()])], (a) => trainer.setNetwork(...a), () => false],
    [
      'drawHeatmap',
      () => [
        random() < 0.9 ? canvas : junk(),
        vector(4),
        pick([2, 4, 1, 65536, junk()]),
        pick([2, 1, 65536, junk()]),
        { title: 'w', theme },
      ],
      (a) => api.drawHeatmap(...a),
      (a) => isIndex(a[2], 65536) && isIndex(a[3], 65536) && isPictureVector(a[1], a[2] * a[3]),
    ],
    [
      'drawLineChart',
      () => [random() < 0.9 ? canvas : junk(), series(), lineOptions()],
      (a) => api.drawLineChart(...a),
      () => true,
    ],
    ['freed.sizes', () => [], () => freed.sizes(), () => false],
  ];

  const bad = /unreachable|memory access|null pointer|RuntimeError|recursive use|already borrowed/i;
  const problems = [];
  const counts = { calls: 0, rejected: 0, accepted: 0 };
  let slowest = { ms: 0, name: '' };
  for (let i = 0; i < calls && problems.length < 10; i++) {
    const [name, make, call, good] = pick(methods);
    const args = make();
    const plain = (k, x) =>
      typeof x === 'bigint' ? `${x}n` : typeof x === 'symbol' ? 'Symbol' : Number.isNaN(x) ? 'NaN' : x;
    const shown = () => `${name}(${args.map((v) => String(JSON.stringify(v, plain)).slice(0, 60)).join(', ')})`;
    const before = snapshot();
    const t0 = performance.now();
    counts.calls++;
    try {
      call(args);
      counts.accepted++;
      if (!good(args)) problems.push(`accepted bad arguments: ${shown()}`);
    } catch (e) {
      counts.rejected++;
      if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError || !e.message || bad.test(e.message))
        problems.push(`${shown()} threw ${e?.constructor?.name}: ${e?.message}`);
      else if (snapshot() !== before) problems.push(`${shown()} was rejected (${e.message}) but changed the state`);
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, name: shown() };
  }
  const memoryMB = api.wasmMemory().buffer.byteLength / 1048576;
  stepper.free();
  net.free();
  trainer.free();
  return { ...counts, problems, slowest, memoryMB };
}
