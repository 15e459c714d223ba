// Small pieces of page chrome: the message banner, the tooltip, and the inline number editor.

const $ = (id) => document.getElementById(id);

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

export function hideMessage() {
  $('message').hidden = true;
}

export function tooltip(html, x, y) {
  const t = $('tooltip');
  if (!html) {
    t.hidden = true;
    return;
  }
  t.innerHTML = html;
  t.hidden = false;
  const w = t.offsetWidth, h = t.offsetHeight;
  t.style.left = `${Math.min(window.innerWidth - w - 8, x + 14)}px`;
  t.style.top = `${Math.max(8, Math.min(window.innerHeight - h - 8, y + 14))}px`;
}

/** A small inline form to type a new value; `apply(v)` gets a finite number. */
export function editValue(label, current, x, y, apply) {
  document.querySelector('.editor')?.remove();
  const f = document.createElement('form');
  f.className = 'editor';
  f.innerHTML = `<label>${label} = <input type="text" inputmode="decimal" aria-label="New value of ${label}"></label><button type="submit">Set</button><button type="button" class="cancel" aria-label="Cancel">×</button><div class="err" role="alert"></div>`;
  const input = f.querySelector('input');
  input.value = String(current);
  f.style.left = `${Math.min(window.innerWidth - 260, x)}px`;
  f.style.top = `${Math.min(window.innerHeight - 80, y)}px`;
  document.body.appendChild(f);
  input.select();
  input.focus();
  f.onsubmit = (e) => {
    e.preventDefault();
    const v = Number(input.value.replace('\u2212', '-'));
    if (input.value.trim() === '' || !Number.isFinite(v)) {
      f.querySelector('.err').textContent = 'Type a finite number, e.g. −0.5';
      return;
    }
    apply(v);
    f.remove();
  };
  f.querySelector('.cancel').onclick = () => f.remove();
  f.addEventListener('keydown', (e) => { if (e.key === 'Escape') f.remove(); });
}
