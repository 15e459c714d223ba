// @ts-check
// The legends: the Data panel's (the classes, the colours' depth, the rings) and the network
// diagram's (what edges and tiles show).

import { outputs } from './state.js';
import { CLASS_COLORS, CLASS_NAMES, cssColor } from './theme.js';
import { paintColors } from './ui.js';

const swatch = (color) => `<i class="sw" data-color="${color}"></i>`;

/** Writes both legends for `settings`; `layers` is J + 1, and `scrolls` says whether the
 * diagram is wider than its panel.
 * @param {HTMLElement} dataBox @param {HTMLElement} netBox @param {any} settings
 * @param {{layers: number, scrolls: boolean}} diagram */
export function drawLegends(dataBox, netBox, settings, { layers, scrolls }) {
  const sse = outputs(settings) === 1;
  const target = (c) => (sse ? (c === 1 ? ' (Y = +1)' : ' (Y = −1)') : '');
  dataBox.innerHTML =
    Array.from(
      { length: settings.classes },
      (_, c) => `<span>${swatch(CLASS_COLORS[c])}${CLASS_NAMES[c]}${target(c)}</span>`,
    ).join('') +
    `<span class="muted">deeper colour = more confident${sse ? ' (|y| → 1)' : ' (softmax z)'}; ` +
    '◯ thick ring = the sample shown in Gradients; dark-edged dots = test points</span>';
  netBox.innerHTML =
    'Edges are w<sub>m,n</sub><sup>(j)</sup> and tiles are y<sub>n</sub><sup>(j)</sup> over the plane: ' +
    `${swatch(cssColor('positive'))}positive, ${swatch(cssColor('negative'))}negative, width ∝ |w|` +
    (settings.loss === 'softmax_cross_entropy' ? "; output tiles show z<sub>n</sub> in class n's colour." : '.') +
    (scrolls ? ` <b class="scroll-hint">Scroll the diagram sideways to see all ${layers} layers →</b>` : '');
  paintColors(dataBox);
  paintColors(netBox);
}
