// Shared by the step-through tests: every number the panel shows, checked against the wasm
// API computed afresh in the page for the step-through's own sample (a data point or a typed
// one).

/** Checks every number in the panel against the wasm API, computed afresh in the page. */
export async function verifyNumbers(page) {
  return page.evaluate(async () => {
    const { short, full } = await import('/www/format.js');
    const fmt = (v) => short(v).replaceAll('-', '\u2212');
    const { app, stepSample } = window.backpropViz;
    const smp = stepSample();
    const x = new Float64Array(smp.x),
      Y = new Float64Array(smp.Y);
    const net = app.trainer.network();
    const sizes = Array.from(net.sizes());
    const bw = net.backward(x, Y),
      fw = net.forward(x);
    const st = net.stepper(x, Y);
    st.seek(st.count);
    const copy = net.clone();
    const upd = copy.applyUpdate(x, Y, app.settings.lr, app.settings.reg, app.settings.regRate);
    const root = document.getElementById('stepthrough');
    const ck =
      root.querySelector('.ck-table') &&
      [0, 1, 2].map((k) => Number(root.querySelectorAll('.ck-pick select')[k].value));
    const gc = ck && net.gradCheck(ck[0], ck[1], ck[2], x, Y, Number(root.querySelector('[data-ck="eps"]').value));
    const lookup = (t, j, i) => {
      switch (t) {
        case 'x':
        case 'g':
        case 'y':
          if (fw[j][t][i] !== bw.layers[j][t][i]) return NaN;
          return fw[j][t][i];
        case 'w':
          return net.weights(j)[i];
        case 'sign_w':
          return Math.sign(net.weights(j)[i]);
        case 'b':
          return net.biases(j)[i];
        case 'Y':
          return Y[i];
        case 'z':
          return bw.z[i];
        case 'dl_dy':
        case 'dl_dg':
        case 'dl_dw':
        case 'dl_db':
        case 'dl_dx':
          return bw.layers[j][t][i];
        case 'dydg':
          return st.dydg(j)[i];
        case 'offdiag':
          return 0;
        case 'L':
          return bw.loss;
        case 'w_new':
          return copy.weights(j)[i];
        case 'b_new':
          return copy.biases(j)[i];
        case 'loss_before':
          return upd.before;
        case 'loss_after':
          return upd.after;
        case 'ck_backprop':
          return gc.backprop;
        case 'ck_numeric':
          return gc.numeric;
        case 'ck_rel':
          return gc.relError;
        case 'ck_plus':
          return gc.lossPlus;
        case 'ck_minus':
          return gc.lossMinus;
        default:
          return undefined;
      }
    };
    const bad = [];
    const cells = root.querySelectorAll('.st-step [data-t], .ck-out [data-t]');
    for (const c of cells) {
      const j = c.dataset.j === '' || c.dataset.j === undefined ? null : Number(c.dataset.j);
      const v = lookup(c.dataset.t, j, Number(c.dataset.i ?? 0));
      if (v === undefined || Number.isNaN(v)) {
        bad.push(`no reference for ${c.dataset.t}`);
        continue;
      }
      if (Number(c.dataset.v) !== v) bad.push(`${c.dataset.t}^${j}[${c.dataset.i}]: data-v ${c.dataset.v} ≠ ${v}`);
      const shown = ['ck_plus', 'ck_minus'].includes(c.dataset.t)
        ? v.toPrecision(12).replaceAll('-', '\u2212')
        : c.dataset.t === 'sign_w' // a sign, 1, −1 or 0
          ? String(v).replace('-', '\u2212')
          : fmt(v);
      if (c.textContent !== shown)
        bad.push(`${c.dataset.t}^${j}[${c.dataset.i}]: shows ${c.textContent}, expected ${shown}`);
      if (!c.title.endsWith(full(v).replaceAll('-', '\u2212'))) bad.push(`${c.dataset.t}: tooltip ${c.title}`);
      if (/-/.test(c.textContent)) bad.push(`hyphen in ${c.textContent}`);
    }
    const sampleText = root.querySelector('.st-sample').textContent;
    if (!sampleText.includes(`L = ${fmt(bw.loss)}`)) bad.push(`sample line ${sampleText}`);
    const kind = root.dataset.kind,
      step = Number(root.dataset.step);
    const hl = {
      edges: window.backpropViz.diagram.lit(),
      nodes: document.querySelectorAll('#diagram .node.hl').length,
    };
    const current = root.querySelector('.hmw.current');
    const out = {
      kind,
      step,
      phase: root.dataset.phase,
      count: cells.length,
      bad,
      hl,
      sizes,
      K: st.count,
      progress: root.querySelector('.st-progress').textContent,
      title: root.querySelector('.st-where').textContent,
      current: current && `${current.dataset.t}:${current.dataset.j}`,
      pending: root.querySelectorAll('.hmw.pending').length,
      hash: location.hash,
      math: root.querySelectorAll('.st-math math').length,
      mathSize: parseFloat(getComputedStyle(root.querySelector('.st-math math') || root).fontSize),
    };
    st.free();
    copy.free();
    net.free();
    return out;
  });
}
