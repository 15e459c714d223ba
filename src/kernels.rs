//! The three loops of a sample's passes, over a matrix w (M × N) stored row-major:
//!
//! - Eq. 3, g = wᵀx + b (the forward pass): [`transposed_product`];
//! - Eq. 25, ∂L/∂x = w ∂L/∂g: [`product`];
//! - Eq. 26, ∂L/∂w = x (∂L/∂g)ᵀ, or its sum over a batch: [`outer`].
//!
//! Each keeps what it reuses in registers while w's rows go by: eight g_n or eight v_n (four
//! SIMD pairs in wasm), or a dot product's four partial sums. A term then costs its multiply
//! and add and few loads and stores. Each sum is
//! taken in a fixed order, documented on the function: the same inputs give the same bits.
//! The callers (`network.rs`, `backward.rs`) quote the equations.

/// How many columns a block of Eq. 3 and 26 holds: eight f64, four SIMD registers.
const K: usize = 8;

/// g = wᵀx + b: g_n = b_n + Σ_m x_m w_{m,n}, summed in the order of m. Blocks of eight g_n
/// (the last one N mod 8) stay in registers while the rows go by.
pub fn transposed_product(w: &[f64], x: &[f64], b: &[f64], g: &mut [f64]) {
    let n = g.len();
    for (block, (g_k, b_k)) in g.chunks_mut(K).zip(b.chunks(K)).enumerate() {
        // The block's width as a constant: its loop is unrolled and its g_n stay in
        // registers. (A loop of unknown length kept a narrow block in memory: on [2,4,2,1],
        // whose layers are all narrower than 8, that cost 10-15% of a training step.)
        let at = block * K;
        match g_k.len() {
            1 => transposed_columns::<1>(w, n, at, x, b_k, g_k),
            2 => transposed_columns::<2>(w, n, at, x, b_k, g_k),
            3 => transposed_columns::<3>(w, n, at, x, b_k, g_k),
            4 => transposed_columns::<4>(w, n, at, x, b_k, g_k),
            5 => transposed_columns::<5>(w, n, at, x, b_k, g_k),
            6 => transposed_columns::<6>(w, n, at, x, b_k, g_k),
            7 => transposed_columns::<7>(w, n, at, x, b_k, g_k),
            _ => transposed_columns::<K>(w, n, at, x, b_k, g_k),
        }
    }
}

/// Columns `at..at + L` of [`transposed_product`]: g_k = b_k, then g_k += x_m w_{m,k} row
/// by row.
#[inline(always)]
fn transposed_columns<const L: usize>(w: &[f64], n: usize, at: usize, x: &[f64], b: &[f64], g: &mut [f64]) {
    let mut acc: [f64; L] = b.try_into().expect("a block of L columns");
    for (w_m, &x_m) in w.chunks_exact(n).zip(x) {
        let w_k: &[f64; L] = w_m[at..at + L].try_into().expect("a block of L columns");
        (0..L).for_each(|k| acc[k] += w_k[k] * x_m);
    }
    g.copy_from_slice(&acc);
}

/// out = w v: out_m = Σ_n w_{m,n} v_n, row m dotted with v by [`dot`]. (Two rows at a time,
/// sharing the loads of v, measured slower.)
pub fn product(w: &[f64], v: &[f64], out: &mut [f64]) {
    for (out_m, w_m) in out.iter_mut().zip(w.chunks_exact(v.len())) {
        *out_m = dot(w_m, v);
    }
}

/// out (+)= x vᵀ: entry (m, n) is x_m v_n, added to what `out` holds when `add`, else written.
/// Eight v_n at a time stay in registers while the rows go by; the last N mod 8 columns after.
pub fn outer(x: &[f64], v: &[f64], out: &mut [f64], add: bool) {
    let (n, whole) = (v.len(), v.len() - v.len() % K);
    for (block, v_k) in v[..whole].chunks_exact(K).enumerate() {
        let v_k: &[f64; K] = v_k.try_into().expect("a whole block");
        for (out_m, &x_m) in out.chunks_exact_mut(n).zip(x) {
            let out_k: &mut [f64; K] = (&mut out_m[block * K..block * K + K]).try_into().expect("a whole block");
            if add {
                (0..K).for_each(|k| out_k[k] += x_m * v_k[k]);
            } else {
                (0..K).for_each(|k| out_k[k] = x_m * v_k[k]);
            }
        }
    }
    if whole < n {
        for (out_m, &x_m) in out.chunks_exact_mut(n).zip(x) {
            let pairs = out_m[whole..].iter_mut().zip(&v[whole..]);
            if add {
                pairs.for_each(|(o, &v_n)| *o += x_m * v_n);
            } else {
                pairs.for_each(|(o, &v_n)| *o = x_m * v_n);
            }
        }
    }
}

/// Σ_n a_n b_n, in four interleaved partial sums (n mod 4) added as (s₀ + s₂) + (s₁ + s₃), so
/// that the compiler can keep them in SIMD registers; the last N mod 4 terms follow one by one.
/// (The order of a sum is the only difference from a plain loop: below 4 terms there is none.)
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (rest_a, rest_b) = (a4.remainder(), b4.remainder());
    let mut acc = [0.0f64; 4];
    for (x, y) in a4.zip(b4) {
        (0..4).for_each(|i| acc[i] += x[i] * y[i]);
    }
    let mut sum = (acc[0] + acc[2]) + (acc[1] + acc[3]);
    for (x, y) in rest_a.iter().zip(rest_b) {
        sum += x * y;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3 × 11 matrix and vectors with no two entries alike (11 = a block of 8 and a rest of
    /// 3, two dot chunks of 4 and a rest of 3; three rows).
    fn w() -> Vec<f64> {
        (0..33).map(|i| (i as f64 * 0.37).sin()).collect()
    }

    #[test]
    fn eq_3_at_every_block_width() {
        // N = 1 … 17: every width of a last block (1-7, and 8), alone and after whole blocks.
        let x = [0.5, -1.25, 2.0];
        for n in 1..=17 {
            let w: Vec<f64> = (0..3 * n).map(|i| (i as f64 * 0.37).sin()).collect();
            let b: Vec<f64> = (0..n).map(|k| k as f64 * 0.1 - 0.3).collect();
            let mut g = vec![f64::NAN; n];
            transposed_product(&w, &x, &b, &mut g);
            for k in 0..n {
                let expected = b[k] + w[k] * x[0] + w[n + k] * x[1] + w[2 * n + k] * x[2];
                assert_eq!(g[k], expected, "N = {n}, g_{k}");
            }
        }
    }

    #[test]
    fn eq_3_by_plain_loops() {
        let (w, x, b) = (w(), [0.5, -1.25, 2.0], (0..11).map(|n| n as f64 * 0.1).collect::<Vec<_>>());
        let mut g = vec![f64::NAN; 11];
        transposed_product(&w, &x, &b, &mut g);
        for n in 0..11 {
            // b_n + x_0 w_{0,n} + x_1 w_{1,n} + x_2 w_{2,n}, left to right
            let expected = b[n] + w[n] * x[0] + w[11 + n] * x[1] + w[22 + n] * x[2];
            assert_eq!(g[n], expected, "g_{n}");
        }
    }

    #[test]
    fn eq_25_rows_dotted_in_the_documented_order() {
        let (w, v) = (w(), (0..11).map(|n| 1.0 - n as f64 * 0.3).collect::<Vec<_>>());
        let mut out = vec![f64::NAN; 3];
        product(&w, &v, &mut out);
        for m in 0..3 {
            let t: Vec<f64> = (0..11).map(|n| w[11 * m + n] * v[n]).collect();
            let expected = ((t[0] + t[4]) + (t[2] + t[6]) + ((t[1] + t[5]) + (t[3] + t[7]))) + t[8] + t[9] + t[10];
            assert_eq!(out[m], expected, "row {m}");
            assert_eq!(out[m], dot(&w[11 * m..11 * m + 11], &v));
        }
    }

    #[test]
    fn eq_26_written_then_added() {
        let (x, v) = ([2.0, -0.5, 3.0], (0..11).map(|n| n as f64 - 4.5).collect::<Vec<_>>());
        let mut out = vec![f64::NAN; 33];
        outer(&x, &v, &mut out, false);
        assert!((0..33).all(|i| out[i] == x[i / 11] * v[i % 11]));
        outer(&x, &v, &mut out, true);
        assert!((0..33).all(|i| out[i] == 2.0 * x[i / 11] * v[i % 11]));
    }
}
