// @ts-check
// Why a gradient is zero, in the seed's terms, for the card of each layer; which sample to show
// first (one whose gradient reaches every layer); and the Gradients band's caption. Plain data
// in, sentences out: the numbers come from the probe (one sample's forward and backward pass
// in wasm).

import { short, sups } from './format.js';
import { CLASS_NAMES } from './theme.js';

/** "1", "1 and 2", "1, 2 and 4". */
export function list(items) {
  const xs = items.map(String);
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

const allZero = (v) => v.every((x) => x === 0);
/** 1-based indices of the entries that satisfy `test`. */
const where = (v, test) => Array.from(v, (x, i) => (test(x, i) ? i + 1 : 0)).filter(Boolean);

/**
 * One line per layer (or '' where there is nothing to explain): `layers[j]` has the probe's
 * `{activation, x, g, dl_dy, dl_dg, dl_dw}`; `loss` is the loss name.
 */
export function explainZeros(layers, loss) {
  const J = layers.length - 1;
  return layers.map((l, j) => {
    const stalled = j === J ? saturated(l) : '';
    if (stalled) return stalled;
    if (!allZero(l.dl_dw)) return partial(l, j);
    if (!allZero(l.dl_dg)) {
      return `x${sups(j)} = 0 for this sample (every input of layer ${j} is 0), so Eq. 26 gives ∂L/∂w${sups(j)} = x${sups(j)} (∂L/∂g${sups(j)})ᵀ = 0.`;
    }
    if (allZero(l.dl_dy)) {
      if (j === J) {
        return loss === 'softmax_cross_entropy'
          ? 'z = Y for this sample: the prediction is exactly right, so Eq. 31 gives ∂L/∂y = z − Y = 0.'
          : `y${sups(J)} = Y for this sample: the output is exactly right, so Eq. 23 gives ∂L/∂y = y − Y = 0.`;
      }
      return `Nothing comes back from layer ${j + 1}: ∂L/∂g${sups(j + 1)} = 0 there, so Eq. 25 gives ∂L/∂x${sups(j + 1)} = ∂L/∂y${sups(j)} = 0 (Eq. 10).`;
    }
    return unitsOff(
      l,
      j,
      where(l.dl_dg, (v, i) => v === 0 && l.dl_dy[i] !== 0),
      true,
    );
  });
}

/** Units whose f′(g) is 0 for this sample: ReLU with g < 0, or a saturated tanh or sigmoid.
 * `all`: every unit the gradient reached is off, so ∂L/∂g^j is 0. */
function unitsOff(l, j, units, all) {
  const one = units.length === 1,
    every = units.length === l.dl_dg.length && !one,
    many = units.length > 4;
  const who = every
    ? `All ${units.length} units of layer ${j} are off for this sample`
    : many
      ? `${units.length} of the ${l.dl_dg.length} units of layer ${j} are off for this sample`
      : `${one ? 'Unit' : 'Units'} ${list(units)} of layer ${j} ${one ? 'is' : 'are'} off for this sample`;
  const why = l.activation === 'relu' ? 'g < 0, so f′(g) = 0' : `${l.activation} is saturated, so f′(g) rounds to 0`;
  const columns = many ? 'their columns' : `${one ? 'column' : 'columns'} ${list(units)}`;
  return all
    ? `${who}: ${why} and Eq. 24 gives ∂L/∂g = 0.`
    : `${who} (${why}): Eq. 24 gives them ∂L/∂g = 0, so ${columns} of ∂L/∂w${sups(j)} ${one ? 'is' : 'are'} 0.`;
}

/** How small f′(g) must be, against 1, for an output unit to count as saturated. */
const SATURATED = 1e-6;

/** The output layer's note when its tanh or sigmoid is saturated for this sample (f′(g) =
 * ∂L/∂g ÷ ∂L/∂y below 10⁻⁶ in every unit the error reaches), else ''. Eq. 24 then passes almost
 * nothing back, whatever the error: training stalls with the loss high, as after too large
 * a step. */
function saturated(l) {
  if (l.activation !== 'tanh' && l.activation !== 'sigmoid') return '';
  const slopes = Array.from(l.dl_dy, (d, n) => (d === 0 ? NaN : Math.abs(l.dl_dg[n] / d))).filter(
    (v) => !Number.isNaN(v),
  );
  if (!slopes.length || slopes.some((v) => v >= SATURATED)) return '';
  return (
    `The output ${l.activation} is saturated for this sample: f′(g) = ${short(Math.max(...slopes))}, so Eq. 24 ` +
    'passes almost nothing of ∂L/∂y back, and every gradient below is tiny: training has stalled. ' +
    'Too large a step (η) often does this; a smaller η and Reset start again.'
  );
}

/** Some, not all, of a layer's units are off: say which columns are zero and why. */
function partial(l, j) {
  const off = where(l.dl_dg, (v, i) => v === 0 && l.dl_dy[i] !== 0);
  return off.length ? unitsOff(l, j, off, false) : '';
}

/** True when this sample's ∂L/∂w^j has a nonzero entry in every layer. */
export function reachesEveryLayer(layers) {
  return layers.every((l) => !allZero(l.dl_dw));
}

/** The Gradients band's caption: whose gradients the heatmaps show, from the chosen sample
 * (`selected`, its probe `g`), the training `points` and how many batches were trained. */
export function gradCaption({ batchView, updates, selected, points, g }) {
  if (!points.trainLabels.length) return '(no point yet: click the plane to add one)';
  if (batchView) return updates ? "of the last mini-batch's mean" : '(no batch yet: all 0 until an update)';
  const target = points.regression ? `Y = ${short(g.label)}` : CLASS_NAMES[g.label];
  const x = `(${short(g.x[0])}, ${short(g.x[1])})`;
  return `of sample ${selected.set} #${selected.index + 1}: x = ${x}, ${target}, L = ${short(g.loss)}`;
}
