// @ts-check
// The seed's equations in their general form (layer j, not a number), each with its number
// as in the seed, as native MathML: the lessons show the ones they are about. (The
// step-through writes the same equations for one layer at a time: mathml.js.)

import { dL, frac, math, mi, mn, mo, mtext, row, sub, subsup, sup, up } from './mathml.js';

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const tag = (k) => `<mspace width="2em"></mspace><mtext class="eqno">(${esc(k)})</mtext>`;
const j = mi('j'),
  J = mi('J');
const v = (name, idx, layer = j) => subsup(mi(name), idx, layer);
const n = mi('n'),
  m = mi('m'),
  i = mi('i');
const mnIdx = row(mi('m'), mo(','), mi('n'));
const sum = (under, over) =>
  over ? `<munderover><mo>∑</mo>${under}${over}</munderover>` : `<munder><mo>∑</mo>${under}</munder>`;
const brace = (inner) => row(mo('{'), inner, mo('}'));
const bracket = (inner) => row(mo('['), inner, mo(']'));
const shape = (a, b) => row(a === 1 ? mn(1) : sup(mi(a), j), mo('×'), b === 1 ? mn(1) : sup(mi(b), j));
const col = (inner, a, b = 1) => subsup(brace(inner), shape(a, b), j);
const matj = (inner, a, b) => subsup(bracket(inner), shape(a, b), j);
const affine = row(sum(m, sup(mi('M'), j)), v('w', mnIdx), v('x', m), mo('+'), v('b', n));
const cases = (rows) =>
  row(mo('{'), `<mtable>${rows.map(([a, b]) => `<mtr><mtd>${a}</mtd><mtd>${b}</mtd></mtr>`).join('')}</mtable>`);
const eq = mo('=');
const dLdyJ = dL(v('y', n, J));

/** name → [MathML, words for screen readers]; every name is also what a lesson file lists. */
export const EQUATIONS = {
  1: [
    row(v('y', n), eq, mi('f'), mo('('), affine, mo(')'), tag(1)),
    'y n j equals f of the sum over m of w m n times x m, plus b n',
  ],
  2: [
    row(
      mi('f'),
      mo('('),
      mi('g'),
      mo(')'),
      eq,
      cases([
        [mi('g'), row(mi('g'), mo('≥'), mn(0))],
        [mn(0), row(mi('g'), mo('<'), mn(0))],
      ]),
      tag(2),
    ),
    'ReLU: f of g is g for g at least 0, and 0 below',
  ],
  3: [row(v('g', n), eq, affine, tag(3)), 'g n j equals the sum over m of w m n times x m, plus b n'],
  4: [row(v('y', n), eq, mi('f'), mo('('), v('g', n), mo(')'), tag(4)), 'y n j equals f of g n j'],
  5: [
    row(
      mi('L'),
      eq,
      frac(mn(1), mn(2)),
      sum(n),
      sup(row(mo('('), v('y', n, J), mo('−'), sub(mi('Y'), n), mo(')')), mn(2)),
      tag(5),
    ),
    'L equals one half the sum over n of y n minus Y n, squared',
  ],
  6: [row(dLdyJ, eq, v('y', n, J), mo('−'), sub(mi('Y'), n), tag(6)), 'dL by dy n J equals y n J minus Y n'],
  10: [
    row(dL(v('y', n)), eq, dL(subsup(mi('x'), n, row(mi('j'), mo('+'), mn(1)))), tag(10)),
    'dL by dy of layer j equals dL by dx of layer j plus 1',
  ],
  23: [
    row(
      subsup(brace(dL(sub(mi('y'), n))), shape('N', 1), J),
      eq,
      subsup(brace(row(sub(mi('y'), n), mo('−'), sub(mi('Y'), n))), shape('N', 1), J),
      tag(23),
    ),
    'the column dL by dy at layer J equals y minus Y',
  ],
  24: [
    row(
      col(dL(sub(mi('g'), n)), 'N'),
      eq,
      matj(frac(row(mi('∂'), sub(mi('y'), n)), row(mi('∂'), sub(mi('g'), n))), 'N', 'N'),
      col(dL(sub(mi('y'), n)), 'N'),
      tag(24),
    ),
    'dL by dg equals the diagonal matrix dy by dg times dL by dy',
  ],
  25: [
    row(col(dL(sub(mi('x'), m)), 'M'), eq, matj(sub(mi('w'), mnIdx), 'M', 'N'), col(dL(sub(mi('g'), n)), 'N'), tag(25)),
    'dL by dx equals w times dL by dg',
  ],
  26: [
    row(
      matj(dL(sub(mi('w'), mnIdx)), 'M', 'N'),
      eq,
      col(sub(mi('x'), m), 'M'),
      sup(row(mo('('), col(dL(sub(mi('g'), n)), 'N'), mo(')')), up('T')),
      tag(26),
    ),
    'dL by dw equals x times dL by dg transposed',
  ],
  27: [row(col(dL(sub(mi('b'), n)), 'N'), eq, col(dL(sub(mi('g'), n)), 'N'), tag(27)), 'dL by db equals dL by dg'],
  28: [
    row(sub(mi('z'), n), eq, frac(sup(up('e'), v('y', n, J)), row(sum(i), sup(up('e'), v('y', i, J)))), tag(28)),
    'z n equals e to the y n over the sum of e to the y i',
  ],
  29: [
    row(
      mi('L'),
      eq,
      mo('−'),
      sum(n),
      sub(mi('Y'), n),
      up('ln'),
      mo('\u2061'),
      '<mo stretchy="false">(</mo>',
      sub(mi('z'), n),
      '<mo stretchy="false">)</mo>',
      tag(29),
    ),
    'L equals minus the sum of Y n log z n',
  ],
  31: [row(dLdyJ, eq, sub(mi('z'), n), mo('−'), sub(mi('Y'), n), tag(31)), 'dL by dy n J equals z n minus Y n'],
  32: [row(sum(i), sub(mi('Y'), i), eq, mn(1), tag(32)), 'the sum of Y i is 1'],
  update: [
    row(
      sup(mi('w'), j),
      mo('←'),
      sup(mi('w'), j),
      mo('−'),
      mi('η'),
      dL(sup(mi('w'), j)),
      mtext(','),
      '<mspace width="0.6em"></mspace>',
      sup(mi('b'), j),
      mo('←'),
      sup(mi('b'), j),
      mo('−'),
      mi('η'),
      dL(sup(mi('b'), j)),
    ),
    'w becomes w minus eta times dL by dw; the same for b',
  ],
  batch: [
    row(
      dL(sup(mi('w'), j)),
      eq,
      frac(mn(1), mi('B')),
      sum(row(mi('s'), mo('='), mn(1)), mi('B')),
      dL(subsup(mi('w'), mi('s'), j)),
    ),
    'the batch gradient is the mean of the per-sample gradients',
  ],
};

/** One equation as a <math> element. */
export function equationMath(name) {
  const e = EQUATIONS[name];
  return e ? math(e[0], e[1]) : '';
}
