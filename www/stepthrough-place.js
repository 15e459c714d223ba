// @ts-check
// Where the step-through stands: docked under the diagram on a big screen, or taking the whole
// screen on a short or narrow one (a projector at 1024 × 768), so that each step's equation and
// numbers are in view; and, with a lesson open, the lesson's words inside the panel (beside
// the step when there is room, folded above it otherwise).

import { zoom } from './theme.js';

/** Room kept under the first step's numbers, docked: later steps' are up to ~40 px taller. */
const NUMS_ROOM = 48;

/** True on a screen too short or narrow to show the diagram and a step together. */
export function takesScreen() {
  const z = zoom();
  return window.innerHeight / z < 860 || window.innerWidth / z < 1100;
}

/** Docked or taking the screen: decided before drawing, so that the canvases are sized for
 * the width they will have. */
export function place(root) {
  const over = takesScreen();
  root.classList.toggle('overlay', over);
  document.body.classList.toggle('st-overlay', over);
  showLesson(root);
}

/** Leaves both: the panel is closed. */
export function unplace(root) {
  root.classList.remove('overlay', 'has-lesson');
  document.body.classList.remove('st-overlay');
}

/** Brings the panel into view: taking the screen, its top; docked, the diagram (with its
 * highlights) and the step's numbers together when they fit, else as much of the diagram as
 * leaves the numbers in view, and the panel's head at least. */
export function reveal(root) {
  place(root);
  if (takesScreen()) {
    root.scrollTop = 0;
    return;
  }
  const bar = document.querySelector('.topbar');
  const barH = bar && getComputedStyle(bar).position === 'sticky' ? /** @type {HTMLElement} */ (bar).offsetHeight : 0;
  const top = (el) => el.getBoundingClientRect().top + window.scrollY;
  const dia = document.getElementById('diagram');
  const panel = top(root);
  const nums = root.querySelector('.st-nums');
  // The end of the step's numbers, with room for a taller step than this one.
  const end = (nums ? nums.getBoundingClientRect().bottom + window.scrollY : panel) + NUMS_ROOM;
  const view = window.innerHeight - barH - 8;
  const y = dia ? Math.min(panel, Math.max(top(dia), end - view)) : panel;
  window.scrollTo({ top: Math.max(0, y - barH - 8) });
}

/** The lesson card's words, its "try" buttons and its Previous and Next come along into the
 * panel (each presses the card's own): taking the screen, the panel covers the card, and a
 * note says that what the tries ask for on the page needs the step-through closed; docked,
 * the step's numbers are in view and the card, at the top of the page, is not. */
function showLesson(root) {
  const box = root.querySelector('.st-lesson'),
    card = document.getElementById('lesson');
  if (!box) return;
  const over = root.classList.contains('overlay');
  const show = !!card && !card.hidden;
  const wide = (over ? window.innerWidth : root.clientWidth) / zoom() >= 1200;
  const beside = show && wide;
  root.classList.toggle('has-lesson', beside);
  box.hidden = !show;
  if (!show) return box.replaceChildren();
  box.open = beside;
  const summary = document.createElement('summary');
  summary.textContent = `${card.querySelector('.l-where')?.textContent}: ${card.querySelector('.l-title')?.textContent}`;
  const body = card.querySelector('.l-body')?.cloneNode(true),
    tries = card.querySelector('.l-try')?.cloneNode(true);
  const note = tries && over && closeNote(root);
  box.replaceChildren(summary, ...[body, tries, note, lessonNav(card)].filter(Boolean));
  const originals = [...card.querySelectorAll('.l-try-b')];
  box.querySelectorAll('.l-try-b').forEach((b, i) => forward(b, originals[i]));
  /** @type {HTMLDetailsElement} */ (box).ontoggle = () => fitEquations(box);
  fitEquations(box);
}

/** The lesson's equations no wider than the panel's column: MathML does not wrap, and a wide
 * one (Eq. 24, 25, 26 at 1366 px) lost its right end. All shrink alike, to what the widest
 * needs (12 px at least), so that they read as one set. (Measured only when shown: a folded
 * copy has no width.) */
function fitEquations(box) {
  if (!(/** @type {HTMLDetailsElement} */ (box).open)) return;
  const maths = /** @type {HTMLElement[]} */ ([...box.querySelectorAll('.l-eqs math')]);
  const scale = Math.min(1, ...maths.map((m) => (m.clientWidth > 0 ? m.clientWidth / m.scrollWidth : 1)));
  if (scale >= 1) return;
  const size = Math.max(12, Math.floor(parseFloat(getComputedStyle(maths[0]).fontSize) * scale));
  for (const m of maths) m.style.fontSize = `${size}px`;
}

/** A copy of `original` in the panel presses it. */
function forward(copy, original) {
  /** @type {HTMLElement} */ (copy).onclick = () => /** @type {HTMLElement | undefined} */ (original)?.click();
}

/** The lesson card's Previous and Next, for the panel. */
function lessonNav(card) {
  const buttons = [...card.querySelectorAll('.l-nav button')].filter(
    (b) => /lesson$/.test(b.title) && !b.matches('.l-close'),
  );
  if (!buttons.length) return null;
  const nav = document.createElement('div');
  nav.className = 'l-nav st-lesson-nav';
  for (const b of buttons) {
    // Named apart from the step-through's own Previous and Next, and not its primary button.
    const copy = /** @type {HTMLButtonElement} */ (b.cloneNode(true));
    copy.textContent = b.textContent?.replace(/(Previous|Next)/, '$1 lesson') ?? '';
    copy.classList.remove('primary');
    forward(copy, b);
    nav.append(copy);
  }
  return nav;
}

/** "Close the step-through to try these on the page", with a button that does. */
function closeNote(root) {
  const p = document.createElement('p');
  p.className = 'st-lesson-note';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Close the step-through';
  forward(close, root.querySelector('.st-close'));
  p.append('The step-through covers the page: ', close, ' (Esc) to try these there; B opens it again.');
  return p;
}
