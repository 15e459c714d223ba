// @ts-check
// The legends: the Data panel's (the classes, the colours' depth, the rings) and the network
// diagram's (what edges and tiles show).

import { isRegression, outputs } from './state.js';
import { CLASS_COLORS, CLASS_NAMES, cssColor, targetCss } from './theme.js';
import { paintColors } from './ui.js';

const swatch = (color) => `<i class="sw" data-color="${color}"></i>`;

/** Writes both legends for `settings`; `layers` is J + 1, and `scrolls` says whether the
 * diagram is wider than its panel.
 * @param {HTMLElement} dataBox @param {HTMLElement} netBox @param {any} settings
 * @param {{layers: number, scrolls: boolean}} diagram */
export function drawLegends(dataBox, netBox, settings, { layers, scrolls }) {
  dataBox.innerHTML = isRegression(settings) ? regressionLegend(settings) : classesLegend(settings);
  netBox.innerHTML =
    'Edges are w<sub>m,n</sub><sup>(j)</sup> and tiles are y<sub>n</sub><sup>(j)</sup> over the plane: ' +
    `${swatch(cssColor('positive'))}positive, ${swatch(cssColor('negative'))}negative, width ∝ |w|` +
    (settings.loss === 'softmax_cross_entropy' ? "; output tiles show z<sub>n</sub> in class n's colour." : '.') +
    (scrolls ? ` <b class="scroll-hint">Scroll the diagram sideways to see all ${layers} layers →</b>` : '');
  paintColors(dataBox);
  paintColors(netBox);
}

/** The classes, their targets Y with one ±1 output, and what depth and rings mean. */
function classesLegend(settings) {
  const sse = outputs(settings) === 1;
  const target = (c) => (sse ? (c === 1 ? ' (Y = +1)' : ' (Y = −1)') : '');
  return (
    Array.from(
      { length: settings.classes },
      (_, c) => `<span>${swatch(CLASS_COLORS[c])}${CLASS_NAMES[c]}${target(c)}</span>`,
    ).join('') +
    `<span class="muted">deeper colour = more confident${sse ? ' (|y| → 1)' : ' (softmax z)'}; ` +
    '◯ thick ring = the sample shown in Gradients; dark-edged dots = test points</span>'
  );
}

/** A regression's scale: the prediction y and each point's Y, from −1 to +1. */
function regressionLegend(settings) {
  const stop = (y) => `<span>${swatch(targetCss(y))}${y > 0 ? '+' : y < 0 ? '−' : ''}${Math.abs(y)}</span>`;
  return (
    `<span>prediction y and target Y:</span>${[-1, -0.5, 0, 0.5, 1].map(stop).join('')}` +
    '<span class="muted">the plane is y over x; each dot is a point in the colour of its Y, ' +
    'a shade deeper (beyond ±1 as at ±1); ◯ thick ring = the sample shown in Gradients' +
    `${settings.dataset === 'own' ? '' : '; dark-edged dots = test points'}</span>`
  );
}
