// @ts-check
// Number formatting for the classroom: 3 significant digits in cells, full precision in
// tooltips, and a true minus sign (−), never a hyphen.

const MINUS = '\u2212';
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A layer index as a superscript, in parentheses so that w⁽²⁾ never reads as w squared. */
export const sups = (k) =>
  `⁽${String(k)
    .split('')
    .map((d) => SUP[d])
    .join('')}⁾`;

/** The largest finite |v| of `values` (0 if none): a colour scale's half-range. An ∞ or NaN
 * among them (a gradient that overflowed) is drawn at the scale's end or as neutral, and must
 * not become the range: JSON writes it as null. */
export const largestFinite = (values) =>
  values.reduce((a, v) => (Number.isFinite(v) ? Math.max(a, Math.abs(v)) : a), 0);

/** 3 significant digits, e.g. 0.0123, −4.56, 1.23e+5. */
export function short(v) {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : `${MINUS}∞`;
  const a = Math.abs(v);
  const s = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
  return s.replaceAll('-', MINUS);
}

/** 4 significant digits, as the weight editor and tooltips show a value. */
export function sig4(v) {
  if (v === 0 || !Number.isFinite(v)) return short(v);
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  return s.replaceAll('-', MINUS);
}

/** Every digit a float64 has. */
export function full(v) {
  return String(v).replaceAll('-', MINUS);
}

export function percent(v) {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–';
}
