// @ts-check
// Small pieces of page chrome: the message banner, the notice, the tooltip, and the inline
// number editor.

import { full, sig4 } from './format.js';

const $ = (id) => document.getElementById(id);

/** A canvas of `width` × `height` CSS px at the device's pixel ratio, for a layer drawn over
 * others (the diagram's edges and tiles), with its 2D context. */
export function layerCanvas(className, width, height) {
  const canvas = document.createElement('canvas');
  canvas.className = className;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  return { canvas, ctx, dpr };
}

/** Shows a message with optional action buttons: `actions` = [{label, action}]. */
export function showMessage(text, actions = [], kind = 'error') {
  const box = $('message');
  box.replaceChildren();
  box.className = `message ${kind}`;
  const p = document.createElement('span');
  p.textContent = text;
  box.appendChild(p);
  for (const a of actions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = a.label;
    b.onclick = a.action;
    box.appendChild(b);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', 'Dismiss the message');
  close.textContent = '×';
  close.onclick = hideMessage;
  box.appendChild(close);
  box.hidden = false;
}

/** Saves `data` (a text or a Blob) as a file called `name` (the browser's download). */
export function download(name, data, type = 'application/json') {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The fold buttons: each opens and closes its box (class `open`), saying so on itself. */
export function bindFolds(folds) {
  for (const [id, box, name] of folds) {
    const button = /** @type {HTMLElement} */ ($(id));
    button.onclick = () => {
      const open = /** @type {HTMLElement} */ (document.querySelector(box)).classList.toggle('open');
      button.setAttribute('aria-expanded', String(open));
      button.textContent = `${name} ${open ? '▴' : '▾'}`;
    };
  }
}

export function hideMessage() {
  $('message').hidden = true;
}

/** Colours set through the CSSOM (`el.style`), which the page's Content-Security-Policy
 * allows, unlike a `style` attribute in markup: every `[data-color]` under `root` gets that
 * background. */
export function paintColors(root) {
  for (const el of root.querySelectorAll('[data-color]')) el.style.background = el.dataset.color;
}

let noticeTimer = 0;
/** A short note that needs no answer (the network was rebuilt, a preset was applied): shown
 * at the bottom of the screen for a few seconds, without moving anything. */
export function notice(text) {
  const box = $('notice');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(
    () => {
      box.hidden = true;
    },
    6000 + 40 * text.length,
  );
}

export function tooltip(html, x, y) {
  const t = $('tooltip');
  if (!html) {
    t.hidden = true;
    return;
  }
  t.innerHTML = html;
  t.hidden = false;
  const w = t.offsetWidth,
    h = t.offsetHeight;
  t.style.left = `${Math.min(window.innerWidth - w - 8, x + 14)}px`;
  t.style.top = `${Math.max(8, Math.min(window.innerHeight - h - 8, y + 14))}px`;
}

/** A small inline form to type a new value. `label` is HTML in the seed's notation (e.g.
 * w<sub>1,2</sub><sup>0</sup>); the current value shows with 4 significant digits, all of
 * them one click away; `apply(v)` gets a finite number. */
export function editValue(label, current, x, y, apply, onClose = () => {}) {
  closeEditor();
  const f = document.createElement('form');
  f.className = 'editor';
  f.innerHTML = `<div class="now"><span class="sym">${label}</span> = <b class="val"></b>
    <button type="button" class="digits" aria-expanded="false">all digits</button></div>
    <label>new value <input type="text" inputmode="decimal" placeholder="e.g. −0.5"></label>
    <button type="submit">Set</button><button type="button" class="cancel" aria-label="Cancel">×</button><div class="err" role="alert"></div>`;
  const input = f.querySelector('input'),
    val = f.querySelector('.val'),
    digits = /** @type {HTMLButtonElement} */ (f.querySelector('.digits'));
  input.setAttribute('aria-label', `New value of ${f.querySelector('.sym').textContent}`);
  val.textContent = sig4(current);
  digits.onclick = () => {
    const open = digits.getAttribute('aria-expanded') !== 'true';
    val.textContent = open ? full(current) : sig4(current);
    digits.setAttribute('aria-expanded', String(open));
    digits.textContent = open ? '4 digits' : 'all digits';
  };
  f.style.left = `${Math.max(8, Math.min(window.innerWidth - 340, x))}px`;
  f.style.top = `${Math.max(8, Math.min(window.innerHeight - 120, y))}px`;
  const close = () => {
    f.remove();
    onClose();
  };
  f.addEventListener('close', close);
  document.body.appendChild(f);
  input.focus();
  f.onsubmit = (e) => {
    e.preventDefault();
    const v = Number(input.value.trim().replaceAll('\u2212', '-'));
    if (input.value.trim() === '' || !Number.isFinite(v)) {
      f.querySelector('.err').textContent = 'Type a finite number, e.g. −0.5';
      return;
    }
    try {
      apply(v);
    } catch (err) {
      f.querySelector('.err').textContent = `Not set: ${err instanceof Error ? err.message : err}`;
      return;
    }
    close();
  };
  /** @type {HTMLButtonElement} */ (f.querySelector('.cancel')).onclick = close;
  f.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
}

/** Closes the open value editor, if any: the weight or bias it names belongs to the network
 * it was opened on, which a rebuild or an import replaces. */
export function closeEditor() {
  document.querySelector('.editor')?.dispatchEvent(new Event('close'));
}

/** Says that something went wrong that no handler expected (a wasm trap included), with a way
 * to keep the state and a way out. */
export function showBug(error, exportScene) {
  const trap = error instanceof WebAssembly.RuntimeError;
  const what = error instanceof Error ? error.message : String(error);
  showMessage(
    `Something went wrong${trap ? ' inside the WebAssembly module' : ''}: ${what}. Training is paused. ` +
      'Export the scene to keep this state, then reload the page; Reset may also start again.',
    [
      { label: 'Export scene', action: exportScene },
      { label: 'Reload', action: () => location.reload() },
    ],
  );
}

/** What Space and Enter press by themselves: a focused button, tile or menu item. */
const PRESSABLE = 'button, [role="button"], [role="menuitem"], a[href], summary';

/** Runs `keys[e.key]` for a key press, unless it is typed into a form field, presses the
 * focused button (Space, Enter) or comes with Ctrl, Alt or Meta. (Looked up as an own
 * property: a key named "constructor" is no shortcut.) */
export function runShortcut(e, keys) {
  const t = e.target;
  if (['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName) || t.isContentEditable || e.ctrlKey || e.metaKey || e.altKey)
    return;
  if ((e.key === ' ' || e.key === 'Enter') && t.closest?.(PRESSABLE)) return;
  if (!Object.hasOwn(keys, e.key)) return;
  e.preventDefault();
  keys[e.key]();
}
