// @ts-check
// The lesson card above the page and the Lessons menu: a lesson's title, its sentences, the
// equations it is about (MathML, numbered as in the seed), its "try this" prompts (with a
// button where the lesson can make the change), and previous / next. It takes plain lesson
// data and reports intent through callbacks; main.js applies scenes.

import { equationMath } from './equations.js';

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

function button(label, title, onClick, cls = '') {
  const b = el('button', cls, label);
  b.type = 'button';
  if (title) b.title = title;
  b.onclick = onClick;
  return b;
}

/**
 * `root` is the card, `menu` the menu, `opener` the button that opens it. Callbacks:
 * `open(index)` a built-in lesson, `tryIt(patch)`, `close()`, `importFile()`.
 */
export function createLessonView(root, menu, opener, lessons, callbacks) {
  let collapsed = false;

  function buildMenu() {
    menu.replaceChildren();
    lessons.forEach((l, i) => {
      const b = button(
        `${i + 1}. ${l.title}`,
        '',
        () => {
          hideMenu();
          callbacks.open(i);
        },
        'lm-item',
      );
      b.setAttribute('role', 'menuitem');
      menu.appendChild(b);
    });
    const file = button(
      'Open a lesson file…',
      'A scene file with a lesson: title, text, equations, prompts',
      () => {
        hideMenu();
        callbacks.importFile();
      },
      'lm-item lm-file',
    );
    file.setAttribute('role', 'menuitem');
    menu.appendChild(file);
  }

  /** Under its button; within the window when the button is scrolled away (L opens it from
   * anywhere on the page). */
  function showMenu() {
    const r = opener.getBoundingClientRect();
    menu.hidden = false;
    const lowest = window.innerHeight - menu.offsetHeight - 8;
    menu.style.top = `${Math.round(Math.max(8, Math.min(lowest, r.bottom + 4)))}px`;
    menu.style.left = `${Math.round(Math.max(8, Math.min(window.innerWidth - 380, r.left)))}px`;
    opener.setAttribute('aria-expanded', 'true');
    menu.querySelector('button')?.focus();
  }

  function hideMenu() {
    menu.hidden = true;
    opener.setAttribute('aria-expanded', 'false');
  }

  /** Sentences: the page's own lessons may use <sub>/<sup>; a file's text is plain. */
  function paragraphs(lesson) {
    return lesson.text.map((t) => {
      const p = el('p');
      if (lesson.builtIn) p.innerHTML = t;
      else p.textContent = t;
      return p;
    });
  }

  /** "Show: the heatmaps" buttons, for what a lesson talks about that is off screen. */
  function looks(lesson) {
    const row = el('div', 'l-look');
    if (!lesson.look?.length) return row;
    row.append(el('span', 'l-try-k', 'Show: '));
    for (const { selector, label } of lesson.look) {
      row.append(
        button(
          label,
          `Scroll to ${label}`,
          () => {
            const target = document.querySelector(selector);
            target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
            target?.classList.add('flash');
            setTimeout(() => target?.classList.remove('flash'), 1600);
          },
          'l-try-b',
        ),
      );
    }
    return row;
  }

  function tries(lesson) {
    const list = el('ul', 'l-try');
    for (const t of lesson.try) {
      const item = typeof t === 'string' ? { text: t } : t;
      const li = el('li');
      li.append(el('span', 'l-try-k', 'Try: '), el('span', '', item.text));
      if (item.patch)
        li.append(
          ' ',
          button(item.label || 'Try it', 'Make this change', () => callbacks.tryIt(item.patch), 'l-try-b'),
        );
      list.appendChild(li);
    }
    return list;
  }

  function header(lesson, index) {
    const head = el('div', 'l-head');
    const where = index === null ? 'Lesson from a file' : `Lesson ${index + 1} of ${lessons.length}`;
    head.append(el('span', 'l-where', where), el('h2', 'l-title', lesson.title));
    const nav = el('div', 'l-nav');
    if (index !== null) {
      const prev = button('◀ Previous', 'The previous lesson', () => callbacks.open(index - 1));
      prev.disabled = index === 0;
      const next = button('Next ▶', 'The next lesson', () => callbacks.open(index + 1), 'primary');
      next.disabled = index === lessons.length - 1;
      nav.append(prev, next);
    }
    const fold = button(collapsed ? 'Show text' : 'Hide text', 'Fold the lesson to one line', () => {
      collapsed = !collapsed;
      root.classList.toggle('folded', collapsed);
      fold.textContent = collapsed ? 'Show text' : 'Hide text';
      fold.setAttribute('aria-expanded', String(!collapsed));
    });
    fold.setAttribute('aria-expanded', String(!collapsed));
    nav.append(fold, button('×', 'Close the lesson', callbacks.close, 'l-close'));
    nav.lastChild.setAttribute('aria-label', 'Close the lesson');
    head.appendChild(nav);
    return head;
  }

  /** Shows `lesson` (index in the built-in list, or null for a file's). */
  function show(lesson, index) {
    root.replaceChildren();
    root.dataset.lesson = lesson.id || '';
    const body = el('div', 'l-body');
    const words = el('div', 'l-text');
    words.append(...paragraphs(lesson));
    const eqs = el('div', 'l-eqs');
    eqs.innerHTML = lesson.equations.map(equationMath).join('');
    body.append(words, eqs);
    root.append(header(lesson, index), body, tries(lesson), looks(lesson));
    root.classList.toggle('folded', collapsed);
    root.hidden = false;
  }

  function hide() {
    root.hidden = true;
    root.replaceChildren();
    delete root.dataset.lesson;
  }

  buildMenu();
  opener.addEventListener('click', () => (menu.hidden ? showMenu() : hideMenu()));
  document.addEventListener('click', (e) => {
    if (!menu.hidden && !menu.contains(e.target) && e.target !== opener) hideMenu();
  });
  menu.addEventListener('keydown', (e) => {
    const items = [...menu.querySelectorAll('button')];
    const k = items.indexOf(document.activeElement);
    if (e.key === 'Escape') {
      hideMenu();
      opener.focus();
    }
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      items[(k + 1) % items.length].focus();
    }
    if (e.key === 'ArrowUp') {
      e.preventDefault();
      items[(k - 1 + items.length) % items.length].focus();
    }
  });

  return { show, hide, showMenu, hideMenu, isOpen: () => !root.hidden };
}
