// @ts-check
// The step-through's equations as native MathML strings, in the seed's notation: column
// vectors in braces { }, matrices in brackets [ ], the layer j as a superscript and the shape
// (M^j × 1, N^j × N^j, M^j × N^j) as a subscript, as in Eq. (14)-(27). No library: Chromium,
// Firefox and Safari render <math> themselves.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const mi = (s) => `<mi>${esc(s)}</mi>`;
export const up = (s) => `<mi mathvariant="normal">${esc(s)}</mi>`;
export const mn = (s) => `<mn>${esc(s)}</mn>`;
export const mo = (s) => `<mo>${esc(s)}</mo>`;
export const mtext = (s) => `<mtext>${esc(s)}</mtext>`;
export const row = (...xs) => `<mrow>${xs.join('')}</mrow>`;
export const sup = (b, s) => `<msup>${b}${s}</msup>`;
export const sub = (b, s) => `<msub>${b}${s}</msub>`;
export const subsup = (b, s, p) => `<msubsup>${b}${s}${p}</msubsup>`;
export const frac = (a, b) => `<mfrac>${a}${b}</mfrac>`;
const space = '<mspace width="0.6em"></mspace>';
const thin = '<mspace width="0.17em"></mspace>';
/** An equation number, set well apart from the formula so that it cannot read as a factor. */
const tag = (k) => `<mspace width="2em"></mspace><mtext class="eqno">(${esc(k)})</mtext>`;

/** A <math> element; `label` is read by screen readers. */
export function math(body, label) {
  return `<math display="block" aria-label="${esc(label)}">${body}</math>`;
}

/** A layer index as a superscript, in parentheses: {∂L/∂y}⁽²⁾ must not read as a square. */
const jj = (j) => row('<mo stretchy="false">(</mo>', mn(j), '<mo stretchy="false">)</mo>');
/** Dimension text such as N^j × 1, with the layer's own j. */
export const dim = (a, j, b) => row(a === 1 ? mn(1) : sup(mi(a), jj(j)), mo('×'), b === 1 ? mn(1) : sup(mi(b), jj(j)));
/** ∂L/∂v with v already built (e.g. y_n). */
export const dL = (v) => frac(row(mi('∂'), mi('L')), row(mi('∂'), v));
/** {inner}^j_{shape}: a column vector in the seed's braces. */
export const vec = (inner, j, shape) => subsup(row(mo('{'), inner, mo('}')), shape, jj(j));
/** [inner]^j_{shape}: a matrix in the seed's brackets. */
export const mat = (inner, j, shape) => subsup(row(mo('['), inner, mo(']')), shape, jj(j));
const T = up('T');
const n = (v) => sub(mi(v), mi('n'));
const m = (v) => sub(mi(v), mi('m'));
const mnIdx = (v) => sub(mi(v), row(mi('m'), mo(','), mi('n')));

const piecewise = (cases) =>
  row(mo('{'), `<mtable>${cases.map(([a, b]) => `<mtr><mtd>${a}</mtd><mtd>${b}</mtd></mtr>`).join('')}</mtable>`);

/** f and f′ of each activation (the seed's Eq. 2 is the ReLU). */
export function activationMath(name) {
  const g = mi('g');
  const fg = row(mi('f'), mo('('), g, mo(')'));
  const dfg = row(sup(mi('f'), mo('′')), mo('('), g, mo(')'));
  switch (name) {
    case 'relu':
      return {
        f: row(
          fg,
          mo('='),
          piecewise([
            [g, row(g, mo('≥'), mn(0))],
            [mn(0), row(g, mo('<'), mn(0))],
          ]),
        ),
        df: row(
          dfg,
          mo('='),
          piecewise([
            [mn(1), row(g, mo('≥'), mn(0))],
            [mn(0), row(g, mo('<'), mn(0))],
          ]),
        ),
        fText: 'ReLU, Eq. 2: f(g) = g for g ≥ 0, 0 for g < 0',
        dfText: 'f′(g) = 1 for g ≥ 0 (the seed puts g = 0 on the identity side), 0 for g < 0',
      };
    case 'tanh':
      return {
        f: row(fg, mo('='), up('tanh'), mo('('), g, mo(')')),
        df: row(dfg, mo('='), mn(1), mo('−'), sup(up('tanh'), mn(2)), mo('('), g, mo(')')),
        fText: 'tanh: f(g) = tanh(g)',
        dfText: 'f′(g) = 1 − tanh²(g)',
      };
    case 'sigmoid':
      return {
        f: row(fg, mo('='), frac(mn(1), row(mn(1), mo('+'), sup(up('e'), row(mo('−'), g))))),
        df: row(dfg, mo('='), fg, mo('('), mn(1), mo('−'), fg, mo(')')),
        fText: 'sigmoid: f(g) = 1 / (1 + e^(−g))',
        dfText: 'f′(g) = f(g) (1 − f(g))',
      };
    default:
      return {
        f: row(fg, mo('='), g),
        df: row(dfg, mo('='), mn(1)),
        fText: 'linear: f(g) = g',
        dfText: 'f′(g) = 1',
      };
  }
}

/** The equation of one step: `kind` is 'affine' | 'act' | 'loss' | 23 | 31 | 24 | 25 | 26 | 27 | 'update'. */
/** An equation in its general form for layer j, as MathML.
 * @param {string | number} kind an equation number, or "update" / "batch"
 * @param {{j: number, J?: number, activation?: string, loss?: string}} where */
const THIN = '<mspace width="0.2em"></mspace>';

/** R′(w), the penalty's gradient: L1's sign w, L2's w (R = ½ w²). */
const PENALTY = {
  l1: (j) => row(THIN, mi('sign'), mo('\u2061'), THIN, sup(mi('w'), j)),
  l2: (j) => sup(mi('w'), j),
};

const SPOKEN = { l1: 'the sign of w', l2: 'w' };

/** One equation for layer `j`; `penalty` ('l1' or 'l2', when λ > 0) adds λ R′(w) to the
 * update's gradient.
 * @param {string | number} kind
 * @param {{j?: any, J?: any, activation?: string, loss?: string, penalty?: string | null}} opts */
export function equation(kind, { j, J, activation, loss, penalty = null }) {
  const N1 = dim('N', j, 1),
    M1 = dim('M', j, 1),
    NN = dim('N', j, 'N'),
    MN = dim('M', j, 'N');
  const NJ = dim('N', J, 1);
  const eq = mo('=');
  switch (kind) {
    case 'affine':
      return (
        math(
          row(
            vec(n('g'), j, N1),
            eq,
            sup(row(mo('('), mat(mnIdx('w'), j, MN), mo(')')), T),
            vec(m('x'), j, M1),
            mo('+'),
            vec(n('b'), j, N1),
          ),
          `g of layer ${j} equals w transposed times x plus b`,
        ) +
        math(
          row(
            mtext('that is, for every n:'),
            space,
            subsup(mi('g'), mi('n'), jj(j)),
            eq,
            row(
              `<munder><mo>∑</mo>${mi('m')}</munder>`,
              subsup(mi('w'), row(mi('m'), mo(','), mi('n')), jj(j)),
              subsup(mi('x'), mi('m'), jj(j)),
              mo('+'),
              subsup(mi('b'), mi('n'), jj(j)),
            ),
          ),
          `g n of layer ${j} equals the sum over m of w m n times x m, plus b n`,
        )
      );
    case 'act': {
      const a = activationMath(activation);
      return math(
        row(
          subsup(mi('y'), mi('n'), jj(j)),
          eq,
          row(mi('f'), mo('('), subsup(mi('g'), mi('n'), jj(j)), mo(')')),
          space,
          mtext('with'),
          space,
          a.f,
        ),
        `y of layer ${j} equals f of g; ${a.fText}`,
      );
    }
    case 'loss':
      if (loss === 'softmax_cross_entropy') {
        return (
          math(
            row(
              n('z'),
              eq,
              frac(
                sup(up('e'), subsup(mi('y'), mi('n'), jj(J))),
                row(`<munder><mo>∑</mo>${mi('i')}</munder>`, sup(up('e'), subsup(mi('y'), mi('i'), jj(J)))),
              ),
              tag(28),
            ),
            'z equals softmax of y',
          ) +
          math(
            row(
              mi('L'),
              eq,
              mo('−'),
              `<munder><mo>∑</mo>${mi('n')}</munder>`,
              subsup(mi('Y'), mi('n'), jj(J)),
              thin,
              up('ln'),
              mo('\u2061'),
              '<mo stretchy="false">(</mo>',
              n('z'),
              '<mo stretchy="false">)</mo>',
              tag(29),
            ),
            'L equals minus the sum of Y times log z',
          )
        );
      }
      return math(
        row(
          mi('L'),
          eq,
          frac(mn(1), mn(2)),
          `<munder><mo>∑</mo>${mi('n')}</munder>`,
          sup(row(mo('('), subsup(mi('y'), mi('n'), jj(J)), mo('−'), n('Y'), mo(')')), mn(2)),
          tag(5),
        ),
        'L equals one half the sum of squared differences y minus Y',
      );
    case 23:
      return math(
        row(vec(dL(n('y')), J, NJ), eq, vec(row(n('y'), mo('−'), n('Y')), J, NJ)),
        `dL by dy of layer ${J} equals y minus Y`,
      );
    case 31:
      return (
        math(
          row(
            n('z'),
            eq,
            frac(
              sup(up('e'), subsup(mi('y'), mi('n'), jj(J))),
              row(`<munder><mo>∑</mo>${mi('i')}</munder>`, sup(up('e'), subsup(mi('y'), mi('i'), jj(J)))),
            ),
            tag(28),
          ),
          'z equals softmax of y',
        ) +
        math(
          row(vec(dL(n('y')), J, NJ), eq, vec(row(n('z'), mo('−'), n('Y')), J, NJ), tag(31)),
          `dL by dy of layer ${J} equals z minus Y`,
        )
      );
    case 24: {
      const a = activationMath(activation);
      return (
        math(
          row(
            vec(dL(n('g')), j, N1),
            eq,
            mat(frac(row(mi('∂'), n('y')), row(mi('∂'), n('g'))), j, NN),
            vec(dL(n('y')), j, N1),
          ),
          `dL by dg of layer ${j} equals the diagonal matrix dy by dg times dL by dy`,
        ) +
        math(
          row(
            mtext('where the diagonal holds'),
            space,
            frac(row(mi('∂'), n('y')), row(mi('∂'), n('g'))),
            eq,
            row(sup(mi('f'), mo('′')), mo('('), n('g'), mo(')')),
            mtext(','),
            space,
            a.df,
          ),
          `where ${a.dfText}`,
        )
      );
    }
    case 26:
      return math(
        row(mat(dL(mnIdx('w')), j, MN), eq, vec(m('x'), j, M1), sup(row(mo('('), vec(dL(n('g')), j, N1), mo(')')), T)),
        `dL by dw of layer ${j} equals x times dL by dg transposed, an outer product`,
      );
    case 27:
      return math(row(vec(dL(n('b')), j, N1), eq, vec(dL(n('g')), j, N1)), `dL by db of layer ${j} equals dL by dg`);
    case 25:
      return math(
        row(vec(dL(m('x')), j, M1), eq, mat(mnIdx('w'), j, MN), vec(dL(n('g')), j, N1)),
        `dL by dx of layer ${j} equals w times dL by dg`,
      );
    case 10:
      return math(
        row(dL(subsup(mi('y'), mi('n'), jj(j - 1))), eq, dL(subsup(mi('x'), mi('n'), jj(j)))),
        `dL by dy of layer ${j - 1} equals dL by dx of layer ${j}`,
      );
    case 'update':
      return math(
        row(
          sup(mi('w'), jj(j)),
          mo('←'),
          sup(mi('w'), jj(j)),
          mo('−'),
          mi('η'),
          penalty
            ? row(mo('('), dL(sup(mi('w'), jj(j))), mo('+'), mi('λ'), PENALTY[penalty](jj(j)), mo(')'))
            : dL(sup(mi('w'), jj(j))),
          mtext(','),
          space,
          sup(mi('b'), jj(j)),
          mo('←'),
          sup(mi('b'), jj(j)),
          mo('−'),
          mi('η'),
          dL(sup(mi('b'), jj(j))),
        ),
        penalty
          ? `w of layer ${j} becomes w minus eta times dL by dw plus lambda times ${SPOKEN[penalty]}; ` +
              'b becomes b minus eta times dL by db'
          : `w of layer ${j} becomes w minus eta times dL by dw; the same for b`,
      );
    default:
      return '';
  }
}
