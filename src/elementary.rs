//! tanh and exp in f64, each within 1 ulp of the true value, as a few dozen additions and
//! multiplications (and, for exp, a table of 32 numbers in two parts). wasm has no instruction for either, and `f64::tanh` there is libm's
//! software `expm1`: on [2,4,2,1] it was most of a training step. These are what the core's
//! activations use (natively too, so that the tests check the numbers the page shows);
//! `tests/elementary.rs` checks them against values computed to 50 digits and against `std` on
//! a million points.

/// (ln 2)/32 in two parts (Cody and Waite): `LN2_32_HI` has 32 zero bits at the bottom, so
/// k · LN2_32_HI is exact for the |k| < 2¹⁵ that occur, and `LN2_32_LO` is the rest.
const LN2_32_HI: f64 = f64::from_bits(0x3f96_2e42_0000_0000); // 0.0216608345508575…
const LN2_32_LO: f64 = f64::from_bits(0x3e4f_df47_3de6_af28); // 1.48416407469739…e-8

/// e^x for |x| ≤ 708 (beyond, the scale by 2^q is not a normal number: use `f64::exp`).
///
/// Tang's method: x = k (ln 2)/32 + r with k = round(32 x / ln 2) and |r| ≤ (ln 2)/64, and
/// k = 32 q + j with 0 ≤ j < 32, so e^x = 2^q · 2^(j/32) · e^r. 2^(j/32) comes from a table in
/// two parts (hi + lo) and e^r − 1 from its Taylor series to r⁶ (the next term is below
/// 4 × 10⁻¹⁸): e^x = 2^q (hi + (hi (e^r − 1) + lo)), whose only large rounding is the last
/// addition. Six multiply-adds in a chain instead of the twelve that e^r over |r| ≤ (ln 2)/2
/// would need.
pub fn exp(x: f64) -> f64 {
    let k = (x * (32.0 / std::f64::consts::LN_2)).round_ties_even();
    let r = (x - k * LN2_32_HI) - k * LN2_32_LO;
    let (q, j) = ((k as i64) >> 5, (k as i64 & 31) as usize);
    let e_r_minus_1 = r * (1.0 + r * (1.0 / 2.0 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    let (hi, lo) = (TABLE_HI[j], TABLE_LO[j]);
    (hi + (hi * e_r_minus_1 + lo)) * f64::from_bits(((q + 1023) as u64) << 52)
}

/// 2^(j/32) for j = 0 … 31 rounded to the nearest f64, and (`TABLE_LO`) what the rounding left
/// out, 2^(j/32) − `TABLE_HI[j]`: both computed to 80 digits (Python's `decimal`).
const TABLE_HI: [f64; 32] = [
    f64::from_bits(0x3ff0000000000000),
    f64::from_bits(0x3ff059b0d3158574),
    f64::from_bits(0x3ff0b5586cf9890f),
    f64::from_bits(0x3ff11301d0125b51),
    f64::from_bits(0x3ff172b83c7d517b),
    f64::from_bits(0x3ff1d4873168b9aa),
    f64::from_bits(0x3ff2387a6e756238),
    f64::from_bits(0x3ff29e9df51fdee1),
    f64::from_bits(0x3ff306fe0a31b715),
    f64::from_bits(0x3ff371a7373aa9cb),
    f64::from_bits(0x3ff3dea64c123422),
    f64::from_bits(0x3ff44e086061892d),
    f64::from_bits(0x3ff4bfdad5362a27),
    f64::from_bits(0x3ff5342b569d4f82),
    f64::from_bits(0x3ff5ab07dd485429),
    f64::from_bits(0x3ff6247eb03a5585),
    f64::from_bits(0x3ff6a09e667f3bcd),
    f64::from_bits(0x3ff71f75e8ec5f74),
    f64::from_bits(0x3ff7a11473eb0187),
    f64::from_bits(0x3ff82589994cce13),
    f64::from_bits(0x3ff8ace5422aa0db),
    f64::from_bits(0x3ff93737b0cdc5e5),
    f64::from_bits(0x3ff9c49182a3f090),
    f64::from_bits(0x3ffa5503b23e255d),
    f64::from_bits(0x3ffae89f995ad3ad),
    f64::from_bits(0x3ffb7f76f2fb5e47),
    f64::from_bits(0x3ffc199bdd85529c),
    f64::from_bits(0x3ffcb720dcef9069),
    f64::from_bits(0x3ffd5818dcfba487),
    f64::from_bits(0x3ffdfc97337b9b5f),
    f64::from_bits(0x3ffea4afa2a490da),
    f64::from_bits(0x3fff50765b6e4540),
];
const TABLE_LO: [f64; 32] = [
    f64::from_bits(0x0000000000000000),
    f64::from_bits(0x3c8d73e2a475b465),
    f64::from_bits(0x3c98a62e4adc610b),
    f64::from_bits(0xbc96c51039449b3a),
    f64::from_bits(0xbc819041b9d78a76),
    f64::from_bits(0x3c9e016e00a2643c),
    f64::from_bits(0x3c99b07eb6c70573),
    f64::from_bits(0x3c8612e8afad1255),
    f64::from_bits(0x3c86f46ad23182e4),
    f64::from_bits(0xbc963aeabf42eae2),
    f64::from_bits(0x3c8ada0911f09ebc),
    f64::from_bits(0x3c489b7a04ef80d0),
    f64::from_bits(0x3c7d4397afec42e2),
    f64::from_bits(0xbc807abe1db13cad),
    f64::from_bits(0x3c96324c054647ad),
    f64::from_bits(0xbc9383c17e40b497),
    f64::from_bits(0xbc9bdd3413b26456),
    f64::from_bits(0xbc816e4786887a99),
    f64::from_bits(0xbc841577ee04992f),
    f64::from_bits(0xbc9d4c1dd41532d8),
    f64::from_bits(0x3c96e9f156864b27),
    f64::from_bits(0xbc675fc781b57ebc),
    f64::from_bits(0x3c7c7c46b071f2be),
    f64::from_bits(0xbc9d2f6edb8d41e1),
    f64::from_bits(0x3c97a1cd345dcc81),
    f64::from_bits(0xbc75584f7e54ac3b),
    f64::from_bits(0x3c811065895048dd),
    f64::from_bits(0x3c7503cbd1e949db),
    f64::from_bits(0x3c82ed02d75b3707),
    f64::from_bits(0xbc91a5cd4f184b5c),
    f64::from_bits(0xbc9e9c23179c2893),
    f64::from_bits(0x3c99d3e12dd8a18b),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_two_to_the_j_over_32_in_two_parts() {
        for j in 0..32 {
            let (hi, lo) = (TABLE_HI[j], TABLE_LO[j]);
            let want = (j as f64 / 32.0).exp2();
            assert!((hi.to_bits() as i64 - want.to_bits() as i64).abs() <= 1, "2^({j}/32): {hi} vs {want}");
            // lo is below half an ulp of hi: hi is the nearest f64.
            assert!(lo.abs() <= f64::EPSILON * hi / 2.0, "2^({j}/32): lo = {lo}");
        }
        // 2^(1/32) squared five times is 2, within the rounding of five squarings.
        let mut t = TABLE_HI[1];
        (0..5).for_each(|_| t *= t);
        assert!((t - 2.0).abs() < 1e-14, "{t}");
    }
}
