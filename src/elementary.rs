//! tanh and exp in f64, each within 1 ulp of the true value, as a few dozen additions and
//! multiplications. wasm has no instruction for either, and `f64::tanh` there is libm's
//! software `expm1`: on [2,4,2,1] it was most of a training step. These are what the core's
//! activations use (natively too, so that the tests check the numbers the page shows);
//! `tests/elementary.rs` checks them against values computed to 50 digits and against `std` on
//! a million points.

/// ln 2 in two parts (Cody and Waite): `LN2_HI` has zeros in its low bits, so k · LN2_HI is
/// exact for the |k| < 2¹¹ that occur, and `LN2_LO` is the rest.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // 0.693147180369…, 21 zero bits
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76); // 1.908214929…e-10

/// e^x for |x| ≤ 708 (beyond, the scale by 2^k is not a normal number: use `f64::exp`).
///
/// x = k ln 2 + r with k = round(x / ln 2) and |r| ≤ ln 2 / 2; e^r by its Taylor series to
/// r¹² (the next term is below 2 × 10⁻¹⁶ · e^r), then multiplied by 2^k through the exponent
/// bits.
pub fn exp(x: f64) -> f64 {
    let k = (x * std::f64::consts::LOG2_E).round_ties_even();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p = 1.0 / 479_001_600.0; // 1/12!
    for c in TAYLOR {
        p = p * r + c;
    }
    p * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

/// 1/11!, 1/10!, …, 1/1!, 1/0!: e^r's Taylor coefficients after 1/12!, for Horner's rule.
const TAYLOR: [f64; 12] = [
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    1.0 / 2.0,
    1.0,
    1.0,
];

/// tanh x.
///
/// - |x| < 2⁻²⁷: x itself, correctly rounded.
/// - |x| < 0.55: Lambert's continued fraction x / (1 + s/(3 + s/(5 + … s/15))), s = x², is the
///   Padé approximant x P(s) / Q(s) with Q(s) = 1 + 7s/15 + s²/39 + 2s³/6435 + s⁴/2027025; its
///   error there is below 10⁻¹⁸. Written x + x s R(s) / Q(s) with R = (P − Q) / s, so that the
///   rounding of the small correction hardly shows.
/// - 0.55 ≤ |x| < 19: 1 − 2 / (e^{2|x|} + 1), with the sign of x.
/// - |x| ≥ 19: ±1 (the difference is below 10⁻¹⁶); NaN stays NaN.
pub fn tanh(x: f64) -> f64 {
    let a = x.abs();
    if a < 7.45e-9 {
        x // x³/3 is below half an ulp of x (and −0 stays −0)
    } else if a < 0.55 {
        let s = x * x;
        let r = ((-1.0 / 2_027_025.0 * s - 2.0 / 6_825.0) * s - 1.0 / 45.0) * s - 1.0 / 3.0;
        let q = (((1.0 / 2_027_025.0 * s + 2.0 / 6_435.0) * s + 1.0 / 39.0) * s + 7.0 / 15.0) * s + 1.0;
        x + x * s * r / q
    } else if a < 19.0 {
        (1.0 - 2.0 / (exp(2.0 * a) + 1.0)).copysign(x)
    } else if a.is_nan() {
        x
    } else {
        1.0f64.copysign(x)
    }
}

/// σ(x) = 1 / (1 + e^{−x}); 0 or 1 where e^{−x} leaves `exp`'s range.
pub fn sigmoid(x: f64) -> f64 {
    if x.abs() <= 708.0 {
        1.0 / (1.0 + exp(-x))
    } else if x.is_nan() {
        x
    } else if x > 0.0 {
        1.0
    } else {
        0.0
    }
}
