// @ts-check
// Colours shared by every picture. Weights and gradients use one symmetric, colour-blind
// safe diverging scale (orange − … neutral 0 … blue +); classes use Okabe-Ito.

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

export const CLASS_COLORS = ['#E69F00', '#0072B2', '#009E73', '#CC79A7', '#D55E00'];
export const CLASS_NAMES = ['orange', 'blue', 'green', 'pink', 'red'];

const THEMES = {
  light: {
    background: '#ffffff',
    foreground: '#1d2433',
    neutral: '#f2f2f2',
    negative: '#E66101',
    positive: '#2166AC',
    plane: '#fafafa',
  },
  dark: {
    background: '#1b1f27',
    foreground: '#e6e9ef',
    neutral: '#2c313c',
    negative: '#F08A3E',
    positive: '#4F9BE8',
    plane: '#232833',
  },
};

export function currentTheme() {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** The projector zoom (the same as style.css's --base): 1.4, or 1.25 below 1280 px, where
 * 1.4 would leave too little width for the diagram and the boundary side by side. */
export function zoom() {
  if (!document.documentElement.classList.contains('projector')) return 1;
  return window.innerWidth >= 1280 ? 1.4 : 1.25;
}

/** The page's layout for the width the projector zoom leaves: three columns, the Data column
 * as a strip on top, or one column (style.css reads data-layout). */
export function chooseLayout() {
  const width = window.innerWidth / zoom();
  document.documentElement.dataset.layout = width >= 1280 ? 'wide' : width >= 760 ? 'medium' : 'narrow';
}

/** Pixels per CSS pixel times the projector zoom, for the canvases that plotters draws. */
export function scale() {
  return (window.devicePixelRatio || 1) * zoom();
}

/** The theme as the wasm drawing functions take it (RGB arrays). */
export function plotTheme() {
  const t = THEMES[currentTheme()];
  return {
    background: hex(t.background),
    foreground: hex(t.foreground),
    neutral: hex(t.neutral),
    negative: hex(t.negative),
    positive: hex(t.positive),
    scale: scale(),
  };
}

/** The style of the boundary and the neuron tiles (Trainer.setStyle). */
export function pictureStyle() {
  const t = THEMES[currentTheme()];
  return {
    classes: CLASS_COLORS.map(hex),
    background: hex(t.plane),
    negative: hex(t.negative),
    positive: hex(t.positive),
  };
}

/** CSS colour of a value y of a one-output network as the decision boundary paints it
 * (`boundary.rs`: the class colour of y's sign, blue at y ≥ 0, mixed into the plane by
 * 0.15 + 0.65 min(|y|, 1)): a regression's prediction. A point's target Y is drawn a shade
 * deeper (`dot`: 0.3 + 0.7 min(|Y|, 1)), so that it stands out where it is learned. */
export function targetCss(y, dot = false) {
  const plane = hex(THEMES[currentTheme()].plane);
  const colour = hex(CLASS_COLORS[y >= 0 ? 1 : 0]);
  const u = dot ? 0.3 + 0.7 * Math.min(1, Math.abs(y)) : 0.15 + 0.65 * Math.min(1, Math.abs(y));
  return `rgb(${plane.map((x, i) => Math.round(x + (colour[i] - x) * u)).join(',')})`;
}

/** CSS colour of a value on the diverging scale, for SVG edges. */
export function divergingCss(v, max) {
  const t = THEMES[currentTheme()];
  const u = max > 0 ? Math.min(1, Math.abs(v) / max) : 0;
  const [a, b] = [hex(t.neutral), hex(v < 0 ? t.negative : t.positive)];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * (0.25 + 0.75 * u)));
  return `rgb(${c.join(',')})`;
}

export function cssColor(name) {
  return THEMES[currentTheme()][name];
}

const DISPLAY_KEY = 'backprop-viz-display';

/** The theme and projector mode belong to the room, not to a scene: they are kept in this
 * browser (localStorage) and apply to every page opened here. Sets them on the document,
 * with `patch` applied, and keeps them.
 * @param {{theme?: string, projector?: boolean}} patch */
export function applyDisplay(patch) {
  const root = document.documentElement;
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(DISPLAY_KEY) || '{}');
  } catch {
    saved = {};
  }
  if (!saved || typeof saved !== 'object') saved = {};
  // Until a theme is chosen here, the system's.
  const system = window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  const theme = saved.theme === 'dark' || saved.theme === 'light' ? saved.theme : system;
  const d = { theme, projector: saved.projector === true, ...patch };
  root.dataset.theme = d.theme;
  root.classList.toggle('projector', d.projector);
  document.getElementById('projector').setAttribute('aria-pressed', String(d.projector));
  try {
    // (The system's theme is not kept: it follows the system until one is picked here.)
    localStorage.setItem(DISPLAY_KEY, JSON.stringify({ ...saved, ...patch }));
  } catch {
    /* private mode: not kept */
  }
}
