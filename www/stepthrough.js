// Step through one backward pass, equation by equation (issue 4): the forward pass layer by
// layer (Eq. 1-5), then Table 1 of the seed one step at a time from the core's Stepper (Eq.
// 23 or 28-31, then 24, 26, 27, 25 per layer), then one update w ← w − η ∂L/∂w, with a
// gradient check of any weight. Every number comes from wasm; this module only shows them.

import { CLASS_COLORS, CLASS_NAMES, zoom } from './theme.js';
import { bandHtml, drawBand, markOverflow, num, sups } from './stepthrough-view.js';
import { ACT_NAMES, content, frameList } from './stepthrough-steps.js';
import { showCheck } from './stepthrough-check.js';
import { sampleForm } from './sample-form.js';

const ERRATA = [
  'Eq. 8 and Eq. 12 write x<sub>m,n</sub><sup>j</sup>; the variable is x<sub>m</sub><sup>j</sup> (the input does not depend on n).',
  'Eq. 7 and Eq. 11 sum over n up to N<sup>j</sup>; the superscript is sometimes written j where J is meant.',
  'The closing remark “the terms marked by * in Eq. (12) to (14)” refers to the bold column-vector terms of Eq. (24) to (27).',
  'Eq. 31, first line: −Y<sub>n</sub> (1/z<sub>n</sub>)(z<sub>n</sub> − z<sub>n</sub>²) + Σ<sub>i≠n</sub> Y<sub>i</sub> z<sub>n</sub>; it simplifies to z<sub>n</sub> − Y<sub>n</sub> only because Σ<sub>i</sub> Y<sub>i</sub> = 1 (Eq. 32).',
  'Eq. 2 puts g = 0 on the identity branch, so here the ReLU\'s f′(0) = 1.',
  'The softmax (Eq. 28) is applied to the last layer\'s outputs y<sup>J</sup>, the logits; this page gives that layer its own activation (linear by default).',
];
const EPSILONS = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7];
const EDITABLE = ['INPUT', 'SELECT', 'TEXTAREA'];

export function createStepThrough(root, ctx) {
  const { api, app, diagram, writeHash, setPlaying, selectSample, sample, setCustom } = ctx;
  let isOpen = false, frame = 0, frames = null, shellKey = '', check = null, eps = 1e-5;
  let updateLayer = null, pickLayer = null, timer = null, poll = null, seen = '', anim = 0;
  const $ = (sel) => root.querySelector(sel);

  /** The numbers of the current network and sample, read from wasm. */
  function gather() {
    const smp = sample();
    const x = Float64Array.from(smp.x), Y = Float64Array.from(smp.Y);
    const net = app.trainer.network();
    try {
      const sizes = Array.from(net.sizes()), J = sizes.length - 2;
      const st = net.stepper(x, Y);
      try {
        return { net, st, x, Y, sizes, J, label: smp.label, acts: sizes.slice(1).map((_, j) => net.activation(j)), loss: net.loss, plan: st.plan() };
      } catch (e) { st.free(); throw e; }
    } catch (e) { net.free(); throw e; }
  }

  function shell(d) {
    const fl = frameList(d.J, d.plan);
    const key = `${d.sizes.join(',')}|${d.loss}|${d.acts.join(',')}`;
    frames = fl;
    if (key === shellKey) return;
    shellKey = key;
    let toc = '', group = '';
    for (const [i, f] of fl.list.entries()) {
      const g = f.phase === 'forward' ? (f.kind === 'loss' ? 'loss' : `fwd j = ${f.j}`) : f.kind === 'update' ? 'update' : f.k === 1 ? 'output' : `j = ${f.j}`;
      if (g !== group) { toc += `${group ? '</li>' : ''}<li class="grp ${f.phase}${f.kind === 'update' ? ' upd' : ''}"><span class="gl">${g}</span>`; group = g; }
      const label = f.kind === 'update' ? 'apply the update' : f.kind === 'loss' ? 'the loss' : `Eq. ${f.eq}${f.j !== null ? `, layer ${f.j}` : ''}`;
      toc += `<button type="button" data-frame="${i}" title="${f.phase} step ${f.k}: ${label}" aria-label="${f.phase} step ${f.k}: ${label}">${f.kind === 'update' ? 'update' : f.kind === 'loss' ? 'L' : f.eq}</button>`;
    }
    toc += '</li>';
    root.innerHTML = `
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
        <div class="st-cards">${bandHtml(d.sizes)}</div>
      </section>
      <div class="st-bottom">
        <section class="st-check" aria-labelledby="st-check-h">
          <h3 id="st-check-h">Gradient check</h3>
          <p class="muted">Compare backprop's ∂L/∂w<sub>m,n</sub><sup>j</sup> with the central difference (L(w + ε) − L(w − ε)) / 2ε. Pick a weight: click an edge below, or a cell of ∂L/∂w in an Eq. 26 step.</p>
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

  function render(opts = {}) {
    if (!isOpen) return;
    cancelAnimationFrame(anim);
    let d;
    try {
      d = gather();
    } catch (e) {
      root.innerHTML = `<p class="st-error" role="alert">The step-through cannot run on this network and sample: ${e.message}</p>`;
      shellKey = '';
      return;
    }
    try {
      shell(d);
      frame = Math.max(0, Math.min(frame, frames.list.length - 1));
      const fr = frames.list[frame];
      const smp = { x: d.x, Y: d.Y };
      d.W = d.sizes.slice(1).map((_, j) => d.net.weights(j));
      d.B = d.sizes.slice(1).map((_, j) => d.net.biases(j));
      d.fwd = d.net.forward(d.x);
      d.className = d.label === null ? null : CLASS_NAMES[d.label];
      d.check = check;
      d.lr = app.settings.lr;
      d.batch = app.settings.batch;
      d.reg = app.settings.reg;
      d.updateLayer = updateLayer !== null && updateLayer <= d.J ? updateLayer : null;
      // The stepper after k steps (the update frame and the loss frame read the finished pass).
      const k = fr.phase === 'backward' ? Math.min(fr.k, frames.K) : fr.kind === 'loss' ? 1 : 0;
      d.cur = d.st.seek(k);
      d.grads = d.st.gradients();
      d.z = d.grads.z;
      d.L = d.st.loss;
      if (fr.kind === 'step' && fr.eq === 24) d.dydg = d.st.dydg(fr.j);
      if (fr.kind === 'update') {
        d.full = d.net.backward(d.x, d.Y);
        const copy = d.net.clone();
        try {
          const r = copy.applyUpdate(d.x, d.Y, d.lr);
          d.update = { ...r, Wn: d.sizes.slice(1).map((_, j) => copy.weights(j)), Bn: d.sizes.slice(1).map((_, j) => copy.biases(j)) };
        } finally { copy.free(); }
      }
      const c = content(fr, d);
      showSample(d);
      showFrame(fr, c);
      showBand(d, fr, k, opts.animate);
      check = showCheck($, d, smp, check, pickLayer, eps);
      diagram.highlight(c.highlight);
    } finally {
      d.st.free();
      d.net.free();
    }
    seen = fingerprint();
    writeHash();
  }

  function showSample(d) {
    const sel = app.selected, custom = d.label === null;
    // Targets are ±1 or one-hot: written as integers, and a one-entry Y without parentheses.
    const yv = (v) => (Number.isInteger(v) ? String(v).replace('-', '−') : num(v));
    const Y = d.Y.length === 1 ? yv(d.Y[0]) : `(${Array.from(d.Y).map(yv).join(', ')})`;
    const nw = (s) => `<span class="nw">${s}</span>`;
    $('.st-sample').innerHTML = custom
      ? `typed sample: ${nw(`x = (${num(d.x[0])}, ${num(d.x[1])})`)}, ${nw(`Y = ${Y}`)}, ${nw(`L = ${num(d.L)}`)}`
      : `<i class="sw" style="background:${CLASS_COLORS[d.label]}"></i>` +
        `${sel.set === 'test' ? 'test' : 'training'} point #${sel.index + 1}: ${nw(`x = (${num(d.x[0])}, ${num(d.x[1])})`)}, ${nw(`class ${CLASS_NAMES[d.label]}`)}, ${nw(`Y = ${Y}`)}, ${nw(`L = ${num(d.L)}`)}`;
  }

  function showFrame(fr, c) {
    const total = frames.list.length;
    $('.st-progress').textContent = fr.phase === 'forward'
      ? `forward step ${fr.k} of ${frames.F}`
      : fr.kind === 'update' ? `after step ${frames.K} of ${frames.K}: the update` : `step ${fr.k} of ${frames.K}`;
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
      if (i === frame) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current');
      b.classList.toggle('done', i < frame);
    }
    $('[data-act="prev"]').disabled = $('[data-act="first"]').disabled = frame === 0;
    $('[data-act="next"]').disabled = $('[data-act="last"]').disabled = frame === total - 1;
    $('[data-act="skip"]').hidden = fr.phase !== 'forward';
    $('[data-act="run"]').textContent = timer ? '⏸ Stop' : 'Run to end';
    $('[data-act="run"]').setAttribute('aria-pressed', String(!!timer));
  }

  /** The heatmaps of the gradients as they stand after k steps, the current one filling in. */
  function showBand(d, fr, k, animate) {
    const band = $('.st-band');
    band.hidden = fr.phase === 'forward';
    if (band.hidden) return;
    const written = {};
    for (const p of d.plan) {
      written[`${p.tensor}:${p.j}`] = p.index;
      if (p.tensor === 'dl_dx' && p.j > 0) written[`dl_dy:${p.j - 1}`] = p.index;
    }
    const pending = (j, t) => {
      const i = written[`${t}:${j}`];
      if (i === undefined) return 'not needed: Table 1 stops at j = 0';
      return i >= k ? 'not yet' : '';
    };
    const current = fr.kind === 'step' ? { j: fr.j, t: fr.tensor, upto: Infinity } : null;
    const cards = $('.st-cards');
    if (!animate || !current || matchMedia('(prefers-reduced-motion: reduce)').matches) {
      drawBand(api, cards, d.grads, pending, current);
      return;
    }
    const grads = d.grads, cells = fr.rows * fr.cols, start = performance.now(), per = Math.min(90, 700 / cells);
    const tick = (now) => {
      current.upto = Math.min(cells, 1 + Math.floor((now - start) / per));
      if (!isOpen) return;
      drawBand(api, cards, grads, pending, current);
      if (current.upto < cells) anim = requestAnimationFrame(tick);
    };
    tick(start);
  }

  function fingerprint() {
    if (!app.trainer) return '';
    const net = app.trainer.network();
    let h = 0;
    try {
      const sizes = net.sizes();
      for (let j = 0; j < sizes.length - 1; j++) {
        net.weights(j).forEach((v, i) => { h += v * (i + 1 + j); });
        net.biases(j).forEach((v, i) => { h += v * (i + 3 + j); });
      }
    } finally { net.free(); }
    // The theme, projector mode and the panel's width change the drawings too.
    const doc = document.documentElement;
    const look = `${doc.dataset.theme}:${doc.classList.contains('projector')}:${root.clientWidth}`;
    const custom = app.custom ? `${app.custom.x}|${app.custom.Y}` : '';
    return `${custom}:${app.selected.set}:${app.selected.index}:${h}:${app.settings.lr}:${app.settings.batch}:${app.settings.reg}:${look}`;
  }

  function go(f, animate = false) {
    if (!frames) return;
    frame = Math.max(0, Math.min(f, frames.list.length - 1));
    render({ animate });
    if (root.classList.contains('overlay')) root.scrollTop = 0;
  }

  function stopRun() {
    if (timer) clearInterval(timer);
    timer = null;
    const b = $('[data-act="run"]');
    if (b) { b.textContent = 'Run to end'; b.setAttribute('aria-pressed', 'false'); }
  }

  function run() {
    if (timer) return stopRun();
    timer = setInterval(() => {
      if (!isOpen || frame >= frames.list.length - 1) return stopRun();
      go(frame + 1, true);
      if (frame >= frames.list.length - 1) stopRun();
    }, 1100);
    go(frame + 1, true);
  }

  /** On a short or narrow screen (a projector) the panel takes the whole screen, so that each
   * step's equation and numbers are in view; otherwise it docks under the diagram. */
  function takesScreen() {
    const z = zoom();
    return window.innerHeight / z < 860 || window.innerWidth / z < 1100;
  }

  /** Brings the current step into view: in the overlay, its top; docked, the diagram (with its
   * highlights) and the panel's head together when they fit, else the panel's head. */
  /** Docked or taking the screen: decided before drawing, so that the canvases are sized for
   * the width they will have. */
  function place() {
    root.classList.toggle('overlay', takesScreen());
    document.body.classList.toggle('st-overlay', takesScreen());
    showLesson();
  }

  function reveal() {
    place();
    if (takesScreen()) {
      root.scrollTop = 0;
      return;
    }
    const bar = document.querySelector('.topbar');
    const barH = bar && getComputedStyle(bar).position === 'sticky' ? bar.offsetHeight : 0;
    const top = (el) => el.getBoundingClientRect().top + window.scrollY;
    const dia = document.getElementById('diagram');
    const panel = top(root);
    const y = dia && panel - top(dia) < (window.innerHeight - barH) * 0.6 ? top(dia) : panel;
    window.scrollTo({ top: Math.max(0, y - barH - 8) });
  }

  /** In the overlay the lesson card is covered: its words come along, folded, in the panel
   * (its "try" buttons press the card's own). */
  function showLesson() {
    const box = $('.st-lesson'), card = document.getElementById('lesson');
    if (!box) return;
    const show = root.classList.contains('overlay') && card && !card.hidden;
    // On a wide screen the lesson stands open beside the step; on a narrow one it is folded.
    const beside = show && window.innerWidth / zoom() >= 1200;
    root.classList.toggle('has-lesson', beside);
    box.hidden = !show;
    if (!show) return box.replaceChildren();
    box.open = beside;
    const summary = document.createElement('summary');
    summary.textContent = `${card.querySelector('.l-where')?.textContent}: ${card.querySelector('.l-title')?.textContent}`;
    const body = card.querySelector('.l-body')?.cloneNode(true), tries = card.querySelector('.l-try')?.cloneNode(true);
    box.replaceChildren(summary, ...[body, tries].filter(Boolean));
    const originals = [...card.querySelectorAll('.l-try-b')];
    box.querySelectorAll('.l-try-b').forEach((b, i) => { b.onclick = () => originals[i]?.click(); });
  }

  /** The form to type a sample (x and Y, or a class). */
  function toggleForm() {
    const box = $('.st-form'), btn = $('[data-act="type"]');
    const open = box.hidden;
    box.hidden = !open;
    btn.setAttribute('aria-expanded', String(open));
    if (!open) return box.replaceChildren();
    const t = app.trainer;
    const form = sampleForm({
      outputs: Number(t.sizes().at(-1)), classes: t.classes, encode: (k) => t.target(k), current: app.custom,
    }, (smp) => {
      const problem = setCustom(smp);
      if (!problem) render();
      return problem;
    }, () => { setCustom(null); box.hidden = true; btn.setAttribute('aria-expanded', 'false'); box.replaceChildren(); render(); });
    box.replaceChildren(form);
    form.querySelector('input')?.focus();
  }

  function close() {
    isOpen = false;
    stopRun();
    clearInterval(poll);
    cancelAnimationFrame(anim);
    root.hidden = true;
    root.classList.remove('overlay', 'has-lesson');
    document.body.classList.remove('st-overlay');
    diagram.highlight(null);
    writeHash();
    document.getElementById('open-steps')?.focus();
  }

  function setCheck(c) {
    check = c;
    render();
    if (check) diagram.highlight({ j: check[0], pairs: [[check[1], check[2]]], inputs: [check[1]], outputs: [check[2]] });
  }

  // A new theme or projector mode: draw the heatmaps again in its colours and sizes.
  new MutationObserver(() => { if (isOpen) { place(); render(); reveal(); } })
    .observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });

  root.addEventListener('click', (e) => {
    const t = e.target.closest('[data-act],[data-frame],[data-pick],[data-ul]');
    if (!t || !root.contains(t)) return;
    if (t.dataset.frame !== undefined) { stopRun(); return go(Number(t.dataset.frame)); }
    if (t.dataset.pick !== undefined) return setCheck(t.dataset.pick.split(',').map(Number));
    if (t.dataset.ul !== undefined) { updateLayer = Number(t.dataset.ul); return render(); }
    const a = t.dataset.act;
    if (a !== 'run') stopRun();
    if (a === 'close') return close();
    if (a === 'first') return go(0);
    if (a === 'prev') return go(frame - 1);
    if (a === 'next') return go(frame + 1, true);
    if (a === 'last') return go(frames.list.length - 1);
    if (a === 'skip') return go(frames.F, true);
    if (a === 'run') return run();
    if (a === 'random') {
      const count = app.trainer.points().trainLabels.length;
      setCustom(null);
      selectSample({ set: 'train', index: Math.floor(Math.random() * count) });
      return render();
    }
    if (a === 'type') return toggleForm();
  });
  root.addEventListener('keydown', (e) => {
    const t = e.target.closest?.('td[data-pick]');
    if (t && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); setCheck(t.dataset.pick.split(',').map(Number)); }
  });
  root.addEventListener('change', (e) => {
    const k = e.target.dataset?.ck;
    if (!k) return;
    const v = Number(e.target.value);
    if (k === 'eps') { eps = v; return render(); }
    if (k === 'j') { pickLayer = v; check = [v, 0, 0]; return setCheck(check); }
    const c = check ? [...check] : [Number($('[data-ck="j"]').value), 0, 0];
    c[k === 'm' ? 1 : 2] = v;
    setCheck(c);
  });

  return {
    reset() {
      shellKey = '';
      frames = null;
      if (isOpen) render();
    },
    hashExtra() {
      if (!isOpen || !frames) return {};
      const f = frames.list[frame];
      return {
        phase: f.phase, step: f.k,
        check: check ? check.join(',') : undefined,
      };
    },
    samplePicked() {
      if (isOpen) render();
    },
    key(e) {
      if (!isOpen || e.altKey || e.ctrlKey || e.metaKey) return false;
      if (EDITABLE.includes(e.target?.tagName) || e.target?.isContentEditable) return false;
      const moves = { ArrowRight: () => go(frame + 1, true), ArrowLeft: () => go(frame - 1), Home: () => go(0), End: () => go(frames.list.length - 1), Escape: close };
      const f = moves[e.key];
      if (!f || !frames) return false;
      e.preventDefault();
      if (e.key !== 'ArrowRight' || timer) stopRun();
      f();
      return true;
    },
    open(extra = {}) {
      setPlaying(false);
      if (extra.check !== undefined) {
        const c = Array.isArray(extra.check) ? extra.check : String(extra.check).split(',').map(Number);
        check = c.length === 3 && c.every(Number.isInteger) ? c : null;
      }
      isOpen = true;
      root.hidden = false;
      shellKey = '';
      place();
      // Build once to learn F and K, then go to the requested step.
      render();
      if (!frames) return;
      if (extra.phase === 'forward') frame = Math.min(Math.max(1, extra.step ?? 1), frames.F) - 1;
      else if (extra.step !== undefined) frame = frames.F + Math.min(Math.max(1, extra.step), frames.K + 1) - 1;
      else if (extra.phase === 'backward') frame = frames.F;
      else frame = 0;
      render();
      clearInterval(poll);
      // Training or another sample while the panel is open: show the new numbers.
      poll = setInterval(() => { if (isOpen && fingerprint() !== seen) render(); }, 700);
      reveal();
      $('[data-act="next"]')?.focus({ preventScroll: true });
    },
    /** A weight clicked in the diagram (needs a hook in main.js): checks it; true if used. */
    pickWeight(j, m, n) {
      if (!isOpen) return false;
      setCheck([j, m, n]);
      return true;
    },
    /** For tests: the frame list and the current index. */
    state: () => ({ frame, frames: frames && frames.list.map((f) => ({ phase: f.phase, kind: f.kind, k: f.k, j: f.j, eq: f.eq })), check }),
  };
}

export { ACT_NAMES };
