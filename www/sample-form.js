// @ts-check
// The step-through's own sample: the teacher types x = (x₁, x₂) and the target Y (or picks a
// class) and steps through that sample, for any network on the page, an imported one too.
// Returns a <form>; `apply({x, Y})` is called with finite numbers of the right lengths (wasm
// checks the rest, e.g. that a softmax target sums to 1, and its message is shown here).

import { CLASS_NAMES } from './theme.js';

const parse = (t) => Number(String(t).trim().replaceAll('\u2212', '-'));
const show = (v) => String(v).replaceAll('-', '\u2212');

/** `outputs` = N^J, `encode(label)` the target of a class; `current` = {x, Y} or null. */
export function sampleForm({ outputs, classes, encode, current }, apply, clear) {
  const f = document.createElement('form');
  f.className = 'sample-form';
  f.setAttribute('aria-label', 'Type a sample');
  const yHelp = outputs === 1 ? 'one number, e.g. 10' : `${outputs} numbers separated by commas`;
  f.innerHTML = `
    <label>x₁ <input name="x1" type="text" inputmode="decimal" size="6" aria-label="x one"></label>
    <label>x₂ <input name="x2" type="text" inputmode="decimal" size="6" aria-label="x two"></label>
    <label>Y <input name="Y" type="text" size="${Math.max(6, outputs * 4)}" aria-label="Target Y: ${yHelp}" title="${yHelp}"></label>
    <label>or class <select name="cls" aria-label="Target from a class"><option value="">–</option></select></label>
    <button type="submit" class="primary">Step through this sample</button>
    <button type="button" data-act="clear" title="Back to the point picked on the plane">Use a data point</button>
    <div class="err" role="alert"></div>`;
  const [x1, x2, Y] = ['x1', 'x2', 'Y'].map((n) => /** @type {HTMLInputElement} */ (f.elements.namedItem(n)));
  const cls = /** @type {HTMLSelectElement} */ (f.elements.namedItem('cls'));
  for (let k = 0; k < classes; k++) cls.add(new Option(CLASS_NAMES[k], String(k)));
  if (current) {
    x1.value = show(current.x[0]);
    x2.value = show(current.x[1]);
    Y.value = Array.from(current.Y, show).join(', ');
  }
  cls.onchange = () => {
    if (cls.value !== '') Y.value = Array.from(encode(Number(cls.value)), show).join(', ');
  };
  Y.oninput = () => {
    cls.value = '';
  };
  const err = f.querySelector('.err');
  f.onsubmit = (e) => {
    e.preventDefault();
    const x = [parse(x1.value), parse(x2.value)];
    const y = Y.value
      .split(',')
      .filter((t) => t.trim() !== '')
      .map(parse);
    if (x1.value.trim() === '' || x2.value.trim() === '' || !x.every(Number.isFinite))
      return void (err.textContent = 'x₁ and x₂ must be numbers, e.g. 1 and 2.');
    if (y.length !== outputs || !y.every(Number.isFinite))
      return void (err.textContent = `Y must be ${yHelp} (the network has ${outputs} output${outputs === 1 ? '' : 's'}).`);
    err.textContent = '';
    const problem = apply({ x, Y: y });
    if (problem) err.textContent = problem;
  };
  /** @type {HTMLButtonElement} */ (f.querySelector('[data-act="clear"]')).onclick = () => clear();
  return f;
}

/** Opens or closes the step-through's form (in its `.st-form` box): a typed sample is set
 * with `setCustom` (which returns wasm's message if it cannot be used), then `rerender()`. */
export function toggleSampleForm(root, app, setCustom, rerender) {
  const box = root.querySelector('.st-form'),
    btn = root.querySelector('[data-act="type"]');
  const open = box.hidden;
  const shut = () => {
    box.hidden = true;
    btn.setAttribute('aria-expanded', 'false');
    box.replaceChildren();
  };
  if (!open) return shut();
  box.hidden = false;
  btn.setAttribute('aria-expanded', 'true');
  const t = app.trainer;
  const form = sampleForm(
    { outputs: Number(t.sizes().at(-1)), classes: t.classes, encode: (k) => t.target(k), current: app.custom },
    (smp) => {
      const problem = setCustom(smp);
      if (!problem) rerender();
      return problem;
    },
    () => {
      setCustom(null);
      shut();
      rerender();
    },
  );
  box.replaceChildren(form);
  form.querySelector('input')?.focus();
}
