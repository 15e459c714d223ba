// @ts-check
// What each step of the step-through shows: its equation (MathML), its shapes, one sentence,
// the numbers (as they come from wasm: the core's forward pass, stepper and update), and the
// nodes and edges of the diagram it involves. No calculus here: every number is read.

import { equation, activationMath } from './mathml.js';
import { matrix, column, op, outer, tname, cell, num, fullNum } from './stepthrough-view.js';
import { sups } from './format.js';
import { PENALTY_TERM, activePenalty } from './state.js';

export const ACT_NAMES = { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' };
const range = (k) => Array.from({ length: k }, (_, i) => i);
const s = (j) => `<sup>(${j})</sup>`;
const scalar = (v, t, label) =>
  `<figure class="mx scalar"><figcaption>${label}</figcaption><div class="mscroll"><table class="mat"><tr>${cell(v, { t, j: null, i: 0, label: t })}</tr></table></div></figure>`;
const S = (x, j) => `${x}${sups(j)}`;

/** The frames of the step-through: the forward pass (Eq. 3 and 4 per layer, then the loss),
 * the K steps of Table 1 (from the stepper's plan), then the update. */
export function frameList(J, plan) {
  const f = [];
  for (let j = 0; j <= J; j++)
    f.push({ phase: 'forward', kind: 'affine', j, eq: 3 }, { phase: 'forward', kind: 'act', j, eq: 4 });
  f.push({ phase: 'forward', kind: 'loss', j: J, eq: 'L' });
  f.forEach((x, i) => {
    x.k = i + 1;
  });
  const F = f.length;
  for (const p of plan)
    f.push({
      phase: 'backward',
      kind: 'step',
      k: p.index + 1,
      j: p.j,
      eq: p.equation,
      tensor: p.tensor,
      rows: p.rows,
      cols: p.cols,
    });
  f.push({ phase: 'backward', kind: 'update', k: plan.length + 1, j: null, eq: 'η' });
  return { list: f, F, K: plan.length };
}

/** The plain-language sentence for f′ of an activation. */
function slopeSentence(a) {
  if (a === 'relu')
    return 'with ReLU the slope is 1 where g ≥ 0 and 0 where g < 0, so the gradient either passes unchanged or is blocked';
  if (a === 'tanh')
    return 'with tanh the slope is 1 − tanh²(g), close to 1 near g = 0 and close to 0 where the neuron saturates';
  if (a === 'sigmoid')
    return 'with the sigmoid the slope is f(g)(1 − f(g)), at most 0.25, so the gradient always shrinks here';
  return 'with a linear activation the slope is 1 everywhere, so the gradient passes unchanged';
}

/** Everything one frame shows: {title, eq, shapes, say, nums, after, highlight}. */
export function content(fr, d) {
  const { J, sizes, acts } = d;
  const j = fr.j;
  const M = j === null ? 0 : sizes[j],
    N = j === null ? 0 : sizes[j + 1];
  const ctx = { j, J, activation: j === null ? '' : acts[j], loss: d.loss };
  const all = (jj) => ({ j: jj, pairs: 'all', inputs: range(sizes[jj]), outputs: range(sizes[jj + 1]) });
  const outs = (jj) => ({ j: jj, pairs: [], inputs: [], outputs: range(sizes[jj + 1]) });
  const softmax = d.loss === 'softmax_cross_entropy';
  const dims = (a, b) => `${a} × ${b}`;
  const Mj = S('M', j),
    Nj = S('N', j);

  if (fr.kind === 'affine') {
    const w = d.W[j],
      f = d.fwd[j];
    return {
      title: `Forward pass, layer j = ${j}: Eq. 3`,
      eq: equation('affine', ctx),
      shapes: `(${Nj} × 1) = (${Nj} × ${Mj})(${Mj} × 1) + (${Nj} × 1), here ${dims(N, 1)} = (${dims(N, M)})(${dims(M, 1)}) + (${dims(N, 1)})`,
      say: `Each neuron n of layer ${j} multiplies every input x<sub>m</sub> by the weight w<sub>m,n</sub> of the edge that joins them, adds them up and adds its bias b<sub>n</sub>: that sum is g<sub>n</sub>.`,
      nums:
        column(`g${s(j)}`, f.g, 'g', j, 'g', { cls: 'result' }) +
        op('=') +
        matrix({
          caption: `(w${s(j)})<sup>T</sup>`,
          rows: N,
          cols: M,
          shape: dims(N, M),
          get: (r, c) => ({ v: w[c * N + r], t: 'w', j, i: c * N + r, label: tname('w', `${c + 1},${r + 1}`, j) }),
        }) +
        column(`x${s(j)}`, f.x, 'x', j, 'x', { rowNames: j === 0 ? d.inputs : [] }) +
        op('+') +
        column(`b${s(j)}`, d.B[j], 'b', j, 'b'),
      highlight: all(j),
    };
  }
  if (fr.kind === 'act') {
    const f = d.fwd[j];
    return {
      title: `Forward pass, layer j = ${j}: Eq. 4 (${ACT_NAMES[acts[j]]})`,
      eq: equation('act', ctx),
      shapes: `${Nj} × 1 → ${Nj} × 1, one neuron at a time (here ${N} × 1)`,
      say:
        `Each g<sub>n</sub> goes through the activation f (${ACT_NAMES[acts[j]]}) to give the neuron's output y<sub>n</sub>; ` +
        (j < J
          ? `y${s(j)} is the input x${s(j + 1)} of layer ${j + 1}.`
          : `y${s(J)} is the network's output${softmax ? ' (the logits that softmax turns into probabilities)' : ''}.`),
      nums:
        column(`y${s(j)}`, f.y, 'y', j, 'y', { cls: 'result' }) +
        op('=') +
        `<span class="fcall">${op('f(', 'the activation, one entry at a time')}` +
        `${column(`g${s(j)}`, f.g, 'g', j, 'g')}${op(')')}</span>`,
      highlight: outs(j),
    };
  }
  if (fr.kind === 'loss') {
    const y = d.fwd[J].y;
    const Ycol = column(d.className ? `Y (target, class ${d.className})` : 'Y (target)', d.Y, 'Y', null, 'Y');
    return {
      title: softmax
        ? 'Forward pass: the loss, Eq. 28-29 (softmax + cross-entropy)'
        : 'Forward pass: the loss, Eq. 5 (sum of squares)',
      eq: equation('loss', ctx),
      shapes: `y${sups(J)}, Y${softmax ? ' and z' : ''}: ${S('N', J)} × 1 (here ${sizes[J + 1]} × 1); L is a number`,
      say: softmax
        ? 'Softmax turns the outputs y into probabilities z that add up to 1, and the loss is −ln of the probability given to the true class: small when the network is confident and right.'
        : 'The loss is half the sum of the squared differences between the output y and the target Y: 0 when the network is exactly right.',
      nums:
        column(`y${s(J)}`, y, 'y', J, 'y') +
        (softmax ? op('→') + column('z = softmax(y)', d.z, 'z', null, 'z') : '') +
        op(softmax ? 'and' : 'and') +
        Ycol +
        op('⇒') +
        scalar(d.L, 'L', 'L'),
      highlight: outs(J),
    };
  }
  if (fr.kind === 'update') return update(d, all);

  // A step of Table 1, with the tensors as the stepper left them.
  const g = d.grads.layers[j];
  const res = (t, sym) => column(`∂L/∂${sym}${s(j)}`, g[t], t, j, `∂L/∂${sym}`, { cls: 'result' });
  switch (fr.eq) {
    case 23:
      return {
        title: `Backward step 1: Eq. 23, the output layer j = J = ${J}`,
        eq: equation(23, ctx),
        shapes: `${S('N', J)} × 1 (here ${N} × 1)`,
        say: 'The backward pass starts at the output: how much L changes with each output y<sub>n</sub> is simply the error y<sub>n</sub> − Y<sub>n</sub>.',
        nums:
          res('dl_dy', 'y') +
          op('=') +
          column(`y${s(J)}`, g.y, 'y', J, 'y') +
          op('−') +
          column('Y', d.Y, 'Y', null, 'Y'),
        highlight: outs(J),
      };
    case 31:
      return {
        title: `Backward step 1: Eq. 28 and 31 (softmax + cross-entropy), the output layer j = J = ${J}`,
        eq: equation(31, ctx),
        shapes: `z, Y and ∂L/∂y${sups(J)}: ${S('N', J)} × 1 (here ${N} × 1)`,
        say: 'With softmax and cross-entropy, how much L changes with each output y<sub>n</sub> is z<sub>n</sub> − Y<sub>n</sub>: the predicted probability minus the target (Eq. 31 uses Σ Y = 1, Eq. 32).',
        nums:
          column(`z = softmax(y${s(J)})`, d.grads.z, 'z', null, 'z') +
          op('from') +
          column(`y${s(J)}`, g.y, 'y', J, 'y') +
          op(';') +
          res('dl_dy', 'y') +
          op('=') +
          column('z', d.grads.z, 'z', null, 'z') +
          op('−') +
          column('Y', d.Y, 'Y', null, 'Y'),
        highlight: outs(J),
      };
    case 24: {
      const f1 = d.dydg;
      const diag =
        N <= 8
          ? matrix({
              caption: `[∂y/∂g]${s(j)} = diag(f′(g))`,
              rows: N,
              cols: N,
              shape: dims(N, N),
              get: (r, c) =>
                r === c
                  ? { v: f1[r], t: 'dydg', j, i: r, label: `f′(g${subsOf(r + 1)}${sups(j)})` }
                  : { v: 0, t: 'offdiag', j, i: r * N + c, label: 'off the diagonal', cls: 'off' },
            })
          : column(
              `diagonal of [∂y/∂g]${s(j)} (the ${N * N - N} entries off the diagonal are 0)`,
              f1,
              'dydg',
              j,
              'f′(g)',
              { shape: `${N} × ${N}, diagonal shown` },
            );
      return {
        title: `Layer j = ${j}: Eq. 24, back through the activation (${ACT_NAMES[acts[j]]})`,
        eq: equation(24, ctx),
        shapes: `(${Nj} × 1) = (${Nj} × ${Nj})(${Nj} × 1), here ${dims(N, 1)} = (${dims(N, N)})(${dims(N, 1)})`,
        say: `Each ∂L/∂y<sub>n</sub> is multiplied by the slope f′(g<sub>n</sub>) of the activation at that neuron; ${slopeSentence(acts[j])}.`,
        nums:
          res('dl_dg', 'g') +
          op('=') +
          diag +
          column(`∂L/∂y${s(j)}`, g.dl_dy, 'dl_dy', j, '∂L/∂y') +
          `<span class="aside">${op('where')}${column(`g${s(j)}`, g.g, 'g', j, 'g', { cellCls: (r) => (acts[j] === 'relu' ? (g.g[r] >= 0 ? 'on' : 'offg') : '') })}<span class="aside-note">${acts[j] === 'relu' ? 'g ≥ 0 ⇒ f′ = 1<br><span class="neg">g &lt; 0 ⇒ f′ = 0</span>' : activationMath(acts[j]).dfText}</span></span>`,
        highlight: outs(j),
      };
    }
    case 26:
      return {
        title: `Layer j = ${j}: Eq. 26, the weight gradients (an outer product)`,
        eq: equation(26, ctx),
        shapes: `(${Mj} × ${Nj}) = (${Mj} × 1)(1 × ${Nj}), here ${dims(M, N)} = (${dims(M, 1)})(${dims(1, N)})`,
        say: 'The gradient of each weight w<sub>m,n</sub> is the input x<sub>m</sub> at its start times ∂L/∂g<sub>n</sub> of the neuron at its end: one multiplication per edge. Click a cell to check it numerically.',
        nums: outer({ j, x: g.x, dlDg: g.dl_dg, dlDw: g.dl_dw, checked: d.check }),
        highlight: all(j),
      };
    case 27:
      return {
        title: `Layer j = ${j}: Eq. 27, the bias gradients`,
        eq: equation(27, ctx),
        shapes: `${Nj} × 1 (here ${N} × 1)`,
        say: 'A bias b<sub>n</sub> is added straight into g<sub>n</sub> (Eq. 3), so its gradient is ∂L/∂g<sub>n</sub> itself.',
        nums: res('dl_db', 'b') + op('=') + column(`∂L/∂g${s(j)}`, g.dl_dg, 'dl_dg', j, '∂L/∂g'),
        highlight: outs(j),
      };
    case 25:
      return {
        title: `Layer j = ${j}: Eq. 25, the gradient passed back to layer ${j - 1}`,
        eq: equation(25, ctx),
        shapes: `(${Mj} × 1) = (${Mj} × ${Nj})(${Nj} × 1), here ${dims(M, 1)} = (${dims(M, N)})(${dims(N, 1)})`,
        say: 'Each input x<sub>m</sub> feeds every neuron n through the weight w<sub>m,n</sub>, so its gradient collects ∂L/∂g<sub>n</sub> back along those same edges: Σ<sub>n</sub> w<sub>m,n</sub> ∂L/∂g<sub>n</sub>.',
        nums:
          res('dl_dx', 'x') +
          op('=') +
          matrix({
            caption: `w${s(j)}`,
            rows: M,
            cols: N,
            shape: dims(M, N),
            get: (r, c) => ({
              v: d.W[j][r * N + c],
              t: 'w',
              j,
              i: r * N + c,
              label: tname('w', `${r + 1},${c + 1}`, j),
            }),
          }) +
          column(`∂L/∂g${s(j)}`, g.dl_dg, 'dl_dg', j, '∂L/∂g'),
        after: `<div class="handoff">${equation(10, ctx)}<p><b>Eq. 10:</b> x${s(j)} is y${s(j - 1)}, so this vector is ∂L/∂y${s(j - 1)}, where layer ${j - 1} starts its own Eq. 24 next.</p>${column(`∂L/∂y${s(j - 1)}`, d.grads.layers[j - 1].dl_dy, 'dl_dy', j - 1, '∂L/∂y')}</div>`,
        highlight: all(j),
      };
    default:
      return { title: `Eq. ${fr.eq}`, eq: '', shapes: '', say: '', nums: '', highlight: null };
  }
}

const subsOf = (k) =>
  String(k)
    .split('')
    .map((c) => '₀₁₂₃₄₅₆₇₈₉'[c])
    .join('');

function update(d, all) {
  const { sizes, J } = d;
  const j = d.updateLayer ?? J;
  const M = sizes[j],
    N = sizes[j + 1];
  const u = d.update;
  const mat = (caption, arr, t) =>
    matrix({
      caption,
      rows: M,
      cols: N,
      shape: `${M} × ${N}`,
      get: (r, c) => ({
        v: arr[r * N + c],
        t,
        j,
        i: r * N + c,
        label: tname(t === 'dl_dw' ? '∂L/∂w' : 'w', `${r + 1},${c + 1}`, j) + (t === 'w_new' ? ' after' : ''),
        text: t === 'sign_w' ? fullNum : undefined, // a sign is 1, −1 or 0, not "1.00"
      }),
    });
  const col = (caption, arr, t, sym) => column(caption, arr, t, j, sym);
  const lr = String(d.lr).replaceAll('-', '−');
  // η stays a symbol inside the numeric lines; its value is stated once, beside them.
  const eta = op('η', `the learning rate, here ${lr}`);
  const down = u.after < u.before;
  const penalty = activePenalty({ reg: d.reg, regRate: d.lambda });
  const gradient = mat(`∂L/∂w${s(j)}`, d.full.layers[j].dl_dw, 'dl_dw');
  const tabs = sizes
    .slice(1)
    .map((_, k) => `<button type="button" data-ul="${k}" aria-pressed="${k === j}">w${sups(k)}, b${sups(k)}</button>`)
    .join('');
  return {
    title: 'After the last step: apply the update (one step of gradient descent on this sample)',
    eq: equation('update', { j, penalty }),
    shapes: `w${sups(j)}: ${S('M', j)} × ${S('N', j)} (here ${M} × ${N}); b${sups(j)}: ${S('N', j)} × 1`,
    say:
      (penalty ? PENALTY_SAYS[penalty] : 'Every weight and bias moves against its gradient by η times that gradient') +
      `; on this sample the loss${penalty ? ' L (the penalty not counted)' : ''} goes from ` +
      `${cellText(u.before)} to ${cellText(u.after)}` +
      `${down ? ', lower' : ', not lower: η is too large for this step'}.`,
    nums:
      `<div class="ul-tabs" role="group" aria-label="Which layer's update to show">${tabs}</div>` +
      `<p class="ul-eta">In numbers, with <b>η = ${lr}</b> (the page's learning rate)` +
      `${penalty ? ` and <b>λ = ${d.lambda}</b>` : ''}:</p><div class="ul-row">` +
      mat(`w${s(j)} after`, u.Wn[j], 'w_new') +
      op('=') +
      mat(`w${s(j)}`, d.W[j], 'w') +
      op('−') +
      eta +
      (penalty ? penalized(gradient, penalty, d.W[j], d.lambda, mat, s(j)) : gradient) +
      '</div><div class="ul-row">' +
      col(`b${s(j)} after`, u.Bn[j], 'b_new', 'b') +
      op('=') +
      col(`b${s(j)}`, d.B[j], 'b', 'b') +
      op('−') +
      eta +
      col(`∂L/∂b${s(j)}`, d.full.layers[j].dl_db, 'dl_db', '∂L/∂b') +
      '</div>' +
      `<div class="ul-row">${scalar(u.before, 'loss_before', 'L before')}${op('→')}${scalar(u.after, 'loss_after', 'L after')}</div>`,
    after:
      `<p class="muted">The trainer's network is not changed: this is a copy. Training proper averages over a ` +
      `mini-batch of ${d.batch}; this step uses this one sample (batch of 1) with the same code.</p>`,
    highlight: all(j),
  };
}

/** What the update says with a penalty: the weights' step has λ R′(w) added, the biases' not. */
const PENALTY_SAYS = {
  l1:
    `Every weight moves against its gradient plus L1's pull towards 0, ${PENALTY_TERM.l1} (0 where w = 0); ` +
    'every bias by η times its gradient alone',
  l2:
    `Every weight moves against its gradient plus L2's pull towards 0, ${PENALTY_TERM.l2} (weight decay); ` +
    'every bias by η times its gradient alone',
};

/** (∂L/∂w + λ R′(w)) in numbers for the layer's weights `w`: L1's R′ is sign w, L2's is w. */
function penalized(gradient, penalty, w, rate, mat, sj) {
  const lambda = op('λ', `the regularization rate, here ${rate}`);
  const r = penalty === 'l1' ? mat(`sign w${sj}`, w.map(Math.sign), 'sign_w') : mat(`w${sj}`, w, 'w');
  return op('(') + gradient + op('+') + lambda + r + op(')');
}

const cellText = (v) => num(v);
