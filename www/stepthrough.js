// @ts-check
// Step through one backward pass, equation by equation (issue 4): the forward pass layer by
// layer (Eq. 1-5), then Table 1 of the seed one step at a time from the core's Stepper (Eq.
// 23 or 28-31, then 24, 26, 27, 25 per layer), then one update w ← w − η ∂L/∂w, with a
// gradient check of any weight. Every number comes from wasm; this module only shows them.

import { fingerprint, gather, readFrame } from './stepthrough-data.js';
import { drawBand, fadeWhileScrolling } from './stepthrough-view.js';
import { ACT_NAMES, content, frameList } from './stepthrough-steps.js';
import { showCheck } from './stepthrough-check.js';
import { toggleSampleForm } from './sample-form.js';
import { shellHtml, showFrame, showSample } from './stepthrough-shell.js';
import { place, reveal, unplace } from './stepthrough-place.js';

const EDITABLE = ['INPUT', 'SELECT', 'TEXTAREA'];

/** What the page (main.js) asks of the step-through, before and after it exists.
 * @typedef {object} StepThroughLike
 * @property {() => void} reset
 * @property {() => object} hashExtra
 * @property {(sel: object) => void} samplePicked
 * @property {(e: KeyboardEvent) => boolean} key
 * @property {(view: object) => void} open
 * @property {(j: number, m: number, n: number) => boolean} [pickWeight]
 * @property {() => object | null} [loaded] the real step-through, once loaded (stepthrough-lazy.js)
 * @property {() => Promise<void>} [settled] resolves once a load in flight is over
 */
export function createStepThrough(root, ctx) {
  const { api, app, diagram, writeHash, setPlaying, selectSample, sample, setCustom } = ctx;
  /** The panel's width, kept by a ResizeObserver. */
  let width = 0;
  new ResizeObserver(([e]) => (width = e.contentRect.width)).observe(root);
  fadeWhileScrolling(root);
  let isOpen = false,
    frame = 0,
    frames = null,
    shellKey = '',
    check = null,
    eps = 1e-5;
  let updateLayer = null,
    pickLayer = null,
    timer = null,
    poll = null,
    seen = '',
    anim = 0;
  const $ = (sel) => root.querySelector(sel);

  function shell(d) {
    frames = frameList(d.J, d.plan);
    const key = `${d.sizes.join(',')}|${d.loss}|${d.acts.join(',')}`;
    if (key === shellKey) return;
    shellKey = key;
    root.innerHTML = shellHtml(frames, d.sizes);
  }

  function render(opts = {}) {
    if (!isOpen) return;
    cancelAnimationFrame(anim);
    let d;
    try {
      d = gather(app, sample());
    } catch (e) {
      const p = document.createElement('p');
      p.className = 'st-error';
      p.setAttribute('role', 'alert');
      p.textContent = `The step-through cannot run on this network and sample: ${e.message}`;
      root.replaceChildren(p);
      shellKey = '';
      return;
    }
    try {
      shell(d);
      frame = Math.max(0, Math.min(frame, frames.list.length - 1));
      const fr = frames.list[frame];
      const smp = { x: d.x, Y: d.Y };
      const { lr, batch, reg, regRate: lambda } = app.settings;
      Object.assign(d, { check, lr, batch, reg, lambda });
      d.updateLayer = updateLayer !== null && updateLayer <= d.J ? updateLayer : null;
      const k = readFrame(d, fr, frames.K);
      const c = content(fr, d);
      showSample(root, d, app.selected);
      showFrame(root, fr, c, { frames, frame, running: !!timer });
      showBand(d, fr, k, opts.animate);
      check = showCheck($, d, smp, check, pickLayer, eps);
      diagram.highlight(c.highlight);
    } finally {
      d.st.free();
      d.net.free();
    }
    seen = fingerprint(app, width);
    writeHash();
  }

  /** The frame list for the network and sample, without drawing: `open` needs F and K to go
   * to the step asked for. False if the step-through cannot run on them. */
  function learnFrames() {
    let d;
    try {
      d = gather(app, sample());
    } catch {
      return false;
    }
    frames = frameList(d.J, d.plan);
    d.st.free();
    d.net.free();
    return true;
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
    const grads = d.grads,
      cells = fr.rows * fr.cols,
      start = performance.now(),
      per = Math.min(90, 700 / cells);
    const tick = (now) => {
      current.upto = Math.min(cells, 1 + Math.floor((now - start) / per));
      if (!isOpen) return;
      drawBand(api, cards, grads, pending, current);
      if (current.upto < cells) anim = requestAnimationFrame(tick);
    };
    tick(start);
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
    if (b) {
      b.textContent = 'Run to end';
      b.setAttribute('aria-pressed', 'false');
    }
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

  function close() {
    isOpen = false;
    stopRun();
    clearInterval(poll);
    cancelAnimationFrame(anim);
    root.hidden = true;
    unplace(root);
    diagram.highlight(null);
    writeHash();
    document.getElementById('open-steps')?.focus();
  }

  function setCheck(c) {
    check = c;
    render();
    if (check)
      diagram.highlight({ j: check[0], pairs: [[check[1], check[2]]], inputs: [check[1]], outputs: [check[2]] });
  }

  // A new theme or projector mode: draw the heatmaps again in its colours and sizes.
  new MutationObserver(() => {
    if (isOpen) {
      place(root);
      render();
      reveal(root);
    }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });

  root.addEventListener('click', (e) => {
    const t = e.target.closest('[data-act],[data-frame],[data-pick],[data-ul]');
    if (!t || !root.contains(t)) return;
    if (t.dataset.frame !== undefined) {
      stopRun();
      return go(Number(t.dataset.frame));
    }
    if (t.dataset.pick !== undefined) return setCheck(t.dataset.pick.split(',').map(Number));
    if (t.dataset.ul !== undefined) {
      updateLayer = Number(t.dataset.ul);
      return render();
    }
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
    if (a === 'type') return toggleSampleForm(root, app, setCustom, render);
  });
  root.addEventListener('keydown', (e) => {
    const t = e.target.closest?.('td[data-pick]');
    if (t && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      setCheck(t.dataset.pick.split(',').map(Number));
    }
  });
  root.addEventListener('change', (e) => {
    const k = e.target.dataset?.ck;
    if (!k) return;
    const v = Number(e.target.value);
    if (k === 'eps') {
      eps = v;
      return render();
    }
    if (k === 'j') {
      pickLayer = v;
      check = [v, 0, 0];
      return setCheck(check);
    }
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
        phase: f.phase,
        step: f.k,
        check: check ? check.join(',') : undefined,
      };
    },
    samplePicked() {
      if (isOpen) render();
    },
    key(e) {
      if (!isOpen || e.altKey || e.ctrlKey || e.metaKey) return false;
      if (EDITABLE.includes(e.target?.tagName) || e.target?.isContentEditable) return false;
      const moves = {
        ArrowRight: () => go(frame + 1, true),
        ArrowLeft: () => go(frame - 1),
        Home: () => go(0),
        End: () => go(frames.list.length - 1),
        Escape: close,
      };
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
      place(root);
      if (!learnFrames()) return render(); // which says why it cannot run
      if (extra.phase === 'forward') frame = Math.min(Math.max(1, extra.step ?? 1), frames.F) - 1;
      else if (extra.step !== undefined) frame = frames.F + Math.min(Math.max(1, extra.step), frames.K + 1) - 1;
      else if (extra.phase === 'backward') frame = frames.F;
      else frame = 0;
      render();
      clearInterval(poll);
      // Training or another sample while the panel is open: show the new numbers.
      poll = setInterval(() => {
        if (isOpen && fingerprint(app, width) !== seen) render();
      }, 700);
      reveal(root);
      $('[data-act="next"]')?.focus({ preventScroll: true });
    },
    /** A weight clicked in the diagram (needs a hook in main.js): checks it; true if used. */
    pickWeight(j, m, n) {
      if (!isOpen) return false;
      setCheck([j, m, n]);
      return true;
    },
    /** For tests: the frame list and the current index. */
    state: () => ({
      frame,
      frames: frames && frames.list.map((f) => ({ phase: f.phase, kind: f.kind, k: f.k, j: f.j, eq: f.eq })),
      check,
    }),
  };
}

export { ACT_NAMES };
