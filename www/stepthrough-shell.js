// @ts-check
// The step-through panel's markup and its text: the shell (head, navigation, the step, the
// table of contents, the gradients band, the gradient check, the notes on the source), the
// sample line, and what one frame writes into the shell. Plain data in, DOM out.

import { CLASS_COLORS, CLASS_NAMES } from './theme.js';
import { bandHtml, markOverflow, num } from './stepthrough-view.js';
import { paintColors } from './ui.js';

const ERRATA = [
  'Eq. 8 and Eq. 12 write x<sub>m,n</sub><sup>(j)</sup>; the variable is x<sub>m</sub><sup>(j)</sup> (the input does not depend on n).',
  'Eq. 7 and Eq. 11 sum over n up to N<sup>(j)</sup>; the superscript is sometimes written j where J is meant.',
  'The closing remark “the terms marked by * in Eq. (12) to (14)” refers to the bold column-vector terms of Eq. (24) to (27).',
  'Eq. 31, first line: −Y<sub>n</sub> (1/z<sub>n</sub>)(z<sub>n</sub> − z<sub>n</sub>²) + Σ<sub>i≠n</sub> Y<sub>i</sub> z<sub>n</sub>; it simplifies to z<sub>n</sub> − Y<sub>n</sub> only because Σ<sub>i</sub> Y<sub>i</sub> = 1 (Eq. 32).',
  "Eq. 2 puts g = 0 on the identity branch, so here the ReLU's f′(0) = 1.",
  "The softmax (Eq. 28) is applied to the last layer's outputs y<sup>(J)</sup>, the logits; this page gives that layer its own activation (linear by default).",
];
const EPSILONS = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7];

/** The table of contents: every frame, grouped by layer as Table 1 runs. */
function tocHtml(fl) {
  let toc = '',
    group = '';
  for (const [i, f] of fl.list.entries()) {
    const g =
      f.phase === 'forward'
        ? f.kind === 'loss'
          ? 'loss'
          : `fwd j = ${f.j}`
        : f.kind === 'update'
          ? 'update'
          : f.k === 1
            ? 'output'
            : `j = ${f.j}`;
    if (g !== group) {
      toc += `${group ? '</li>' : ''}<li class="grp ${f.phase}${f.kind === 'update' ? ' upd' : ''}"><span class="gl">${g}</span>`;
      group = g;
    }
    const label =
      f.kind === 'update'
        ? 'apply the update'
        : f.kind === 'loss'
          ? 'the loss'
          : `Eq. ${f.eq}${f.j !== null ? `, layer ${f.j}` : ''}`;
    toc += `<button type="button" data-frame="${i}" title="${f.phase} step ${f.k}: ${label}" aria-label="${f.phase} step ${f.k}: ${label}">${f.kind === 'update' ? 'update' : f.kind === 'loss' ? 'L' : f.eq}</button>`;
  }
  toc += '</li>';
  return toc;
}

/** The panel's shell for the frames `fl` of a network of `sizes`. */
export function shellHtml(fl, sizes) {
  const toc = tocHtml(fl);
  return `
  <div class="st-head">
    <h2 id="st-title" tabindex="-1">Step through one backward pass</h2>
    <div class="st-sample" aria-live="polite"></div>
    <button type="button" data-act="type" aria-expanded="false" title="Type x and Y (or a class) and step through that sample">Type a sample</button>
    <button type="button" data-act="random" title="Pick another training point at random">Random point</button>
    <button type="button" data-act="close" class="st-close" aria-label="Close the step-through (Escape)" title="Close (Esc)">×</button>
  </div>
  <details class="st-lesson" hidden></details>
  <div class="st-form" hidden></div>
  <div class="st-nav" role="group" aria-label="Step navigation">
    <button type="button" data-act="first" aria-label="First step (Home)" title="First step (Home)">«<span class="lbl"> First</span></button>
    <button type="button" data-act="prev" aria-label="Previous step (left arrow)" title="Previous step (←)">◀<span class="lbl"> Previous</span></button>
    <button type="button" data-act="next" class="primary" aria-label="Next step (right arrow)" title="Next step (→)">Next ▶</button>
    <button type="button" data-act="last" aria-label="Last step (End)" title="Last step: the update (End)"><span class="lbl">Last </span>»</button>
    <button type="button" data-act="run" aria-pressed="false" title="Play every remaining step">Run to end</button>
    <button type="button" data-act="skip" title="Skip the forward pass">Skip<span class="lbl"> to the backward pass</span></button>
    <output class="st-progress" aria-live="polite"></output>
  </div>
  <article class="st-step" aria-labelledby="st-step-title">
    <h3 id="st-step-title" class="st-where"></h3>
    <div class="st-math"></div>
    <p class="st-shapes"></p>
    <p class="st-say"></p>
    <div class="st-nums"></div>
    <div class="st-after"></div>
  </article>
  <ol class="st-toc" aria-label="All steps">${toc}</ol>
  <section class="st-band" aria-label="Gradients computed so far">
    <h3>Gradients computed so far <span class="muted">(grey = not computed yet)</span></h3>
    <div class="st-cards">${bandHtml(sizes)}</div>
  </section>
  <div class="st-bottom">
    <section class="st-check" aria-labelledby="st-check-h">
      <h3 id="st-check-h">Gradient check</h3>
      <p class="muted">Compare backprop's ∂L/∂w<sub>m,n</sub><sup>(j)</sup> with the central difference (L(w + ε) − L(w − ε)) / 2ε. Pick a weight: click an edge below, or a cell of ∂L/∂w in an Eq. 26 step.</p>
      <div class="ck-pick">
        <label>layer j <select data-ck="j" aria-label="Layer j of the weight to check"></select></label>
        <label>m <select data-ck="m" aria-label="Input m of the weight to check"></select></label>
        <label>n <select data-ck="n" aria-label="Output n of the weight to check"></select></label>
        <label>ε <select data-ck="eps" aria-label="Step ε of the central difference">${EPSILONS.map((e) => `<option value="${e}">${num(e)}</option>`).join('')}</select></label>
      </div>
      <svg class="ck-svg" aria-hidden="true"></svg>
      <div class="ck-out" aria-live="polite"></div>
    </section>
    <details class="st-notes">
      <summary>Notes on the source</summary>
      <p>The equations follow Hu (2017), “The derivatives in the fully connected artificial neural network”, with these corrections:</p>
      <ul>${ERRATA.map((e) => `<li>${e}</li>`).join('')}</ul>
    </details>
  </div>`;
}

/** The sample line: a data point with its class, or the typed sample; its Y and L. */
export function showSample(root, d, selected) {
  const custom = d.label === null && !d.regression;
  // Targets are ±1 or one-hot: written as integers, and a one-entry Y without parentheses.
  const yv = (v) => (Number.isInteger(v) ? String(v).replace('-', '−') : num(v));
  const Y = d.Y.length === 1 ? yv(d.Y[0]) : `(${Array.from(d.Y).map(yv).join(', ')})`;
  const nw = (s) => `<span class="nw">${s}</span>`;
  root.querySelector('.st-sample').innerHTML = custom
    ? `typed sample: ${nw(`x = (${num(d.at[0])}, ${num(d.at[1])})`)}, ${nw(`Y = ${Y}`)}, ${nw(`L = ${num(d.L)}`)}`
    : pointLine(d, selected, Y, nw);
  paintColors(root.querySelector('.st-sample'));
}

/** Writes one frame (`c`, from stepthrough-steps.js's `content`) into the shell. */
export function showFrame(root, fr, c, { frames, frame, running }) {
  const $ = (sel) => root.querySelector(sel);
  const total = frames.list.length;
  $('.st-progress').textContent =
    fr.phase === 'forward'
      ? `forward step ${fr.k} of ${frames.F}`
      : fr.kind === 'update'
        ? `after step ${frames.K} of ${frames.K}: the update`
        : `step ${fr.k} of ${frames.K}`;
  $('.st-where').textContent = c.title;
  $('.st-math').innerHTML = c.eq;
  $('.st-shapes').innerHTML = `<b>Shapes:</b> ${c.shapes}`;
  $('.st-say').innerHTML = c.say;
  $('.st-nums').innerHTML = c.nums;
  $('.st-after').innerHTML = c.after || '';
  markOverflow($('.st-step'));
  root.dataset.phase = fr.phase;
  root.dataset.kind = fr.kind === 'step' ? `eq${fr.eq}` : fr.kind;
  root.dataset.step = String(fr.k);
  for (const b of root.querySelectorAll('[data-frame]')) {
    const i = Number(b.dataset.frame);
    if (i === frame) b.setAttribute('aria-current', 'step');
    else b.removeAttribute('aria-current');
    b.classList.toggle('done', i < frame);
  }
  $('[data-act="prev"]').disabled = $('[data-act="first"]').disabled = frame === 0;
  $('[data-act="next"]').disabled = $('[data-act="last"]').disabled = frame === total - 1;
  $('[data-act="skip"]').hidden = fr.phase !== 'forward';
  $('[data-act="run"]').textContent = running ? '⏸ Stop' : 'Run to end';
  $('[data-act="run"]').setAttribute('aria-pressed', String(running));
}

/** A data point's sample line: its swatch and class (not for a regression's value), x, Y, L. */
function pointLine(d, selected, Y, nw) {
  const swatch = d.regression ? '' : `<i class="sw" data-color="${CLASS_COLORS[d.label]}"></i>`;
  const cls = d.regression ? '' : `${nw(`class ${CLASS_NAMES[d.label]}`)}, `;
  const where = `${selected.set === 'test' ? 'test' : 'training'} point #${selected.index + 1}`;
  const x = nw(`x = (${num(d.at[0])}, ${num(d.at[1])})`);
  return `${swatch}${where}: ${x}, ${cls}${nw(`Y = ${Y}`)}, ${nw(`L = ${num(d.L)}`)}`;
}
