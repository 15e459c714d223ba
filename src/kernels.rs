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
/// (the last one N mod 8) stay in registers while the rows go by. x and g may hold several
/// samples, one a row (M and N numbers): each row of g is that of x's row.
pub fn transposed_product(w: &[f64], x: &[f64], b: &[f64], g: &mut [f64]) {
    let n = b.len();
    let m = w.len() / n;
    for (block, b_k) in b.chunks(K).enumerate() {
        // The block's width as a constant: its loop is unrolled and its g_n stay in
        // registers. (A loop of unknown length kept a narrow block in memory: on [2,4,2,1],
        // whose layers are all narrower than 8, that cost 10-15% of a training step.)
        let at = block * K;
        match b_k.len() {
            1 => transposed_columns::<1>(w, (m, n), at, x, b_k, g),
            2 => transposed_columns::<2>(w, (m, n), at, x, b_k, g),
            3 => transposed_columns::<3>(w, (m, n), at, x, b_k, g),
            4 => transposed_columns::<4>(w, (m, n), at, x, b_k, g),
            5 => transposed_columns::<5>(w, (m, n), at, x, b_k, g),
            6 => transposed_columns::<6>(w, (m, n), at, x, b_k, g),
            7 => transposed_columns::<7>(w, (m, n), at, x, b_k, g),
            _ => transposed_columns::<K>(w, (m, n), at, x, b_k, g),
        }
    }
}

/// Columns `at..at + L` of [`transposed_product`], for each sample (a row of x and g):
/// g_k = b_k, then g_k += x_m w_{m,k} row of w by row.
#[inline(always)]
fn transposed_columns<const L: usize>(w: &[f64], (m, n): (usize, usize), at: usize, x: &[f64], b: &[f64], g: &mut [f64]) {
    let b: &[f64; L] = b.try_into().expect("a block of L columns");
    for (x_r, g_r) in x.chunks_exact(m).zip(g.chunks_exact_mut(n)) {
        let mut acc = *b;
        for (w_m, &x_m) in w.chunks_exact(n).zip(x_r) {
            let w_k: &[f64; L] = w_m[at..at + L].try_into().expect("a block of L columns");
            (0..L).for_each(|k| acc[k] += w_k[k] * x_m);
        }
        g_r[at..at + L].copy_from_slice(&acc);
    }
}

/// out = w v: out_m = Σ_n w_{m,n} v_n, row m dotted with v by [`dot`], for each of `rows`
/// samples (a row of v, N numbers, and of out, M). (Two rows of w at a time, sharing the
/// loads of v, measured slower.)
pub fn product(rows: usize, w: &[f64], v: &[f64], out: &mut [f64]) {
    let (m, n) = (out.len() / rows, v.len() / rows);
    for (out_r, v_r) in out.chunks_exact_mut(m).zip(v.chunks_exact(n)) {
        for (out_m, w_m) in out_r.iter_mut().zip(w.chunks_exact(n)) {
            *out_m = dot(w_m, v_r);
        }
    }
}

/// out (+)= Σ_r x_r v_rᵀ over `rows` samples (row r of x holds M numbers, of v N): entry
/// (m, n) is the sum of x_{r,m} v_{r,n} in the order of r, added to what `out` holds when
/// `add`, else starting from the first row's product. Eight v_n at a time stay in registers
/// while the rows of `out` go by; the last N mod 8 columns after (at a constant width when
/// they are all there is: the small layers).
pub fn outer(rows: usize, x: &[f64], v: &[f64], out: &mut [f64], add: bool) {
    let (m, n) = (x.len() / rows, v.len() / rows);
    let whole = n - n % K;
    for at in (0..whole).step_by(K) {
        outer_columns::<K>((m, n), at, x, v, out, add);
    }
    match n - whole {
        0 => {}
        1 if whole == 0 => outer_columns::<1>((m, n), 0, x, v, out, add),
        2 if whole == 0 => outer_columns::<2>((m, n), 0, x, v, out, add),
        3 if whole == 0 => outer_columns::<3>((m, n), 0, x, v, out, add),
        4 if whole == 0 => outer_columns::<4>((m, n), 0, x, v, out, add),
        _ => outer_rest((m, n), whole, x, v, out, add),
    }
}

/// Columns `at..at + L` of [`outer`].
#[inline(always)]
fn outer_columns<const L: usize>((m, n): (usize, usize), at: usize, x: &[f64], v: &[f64], out: &mut [f64], add: bool) {
    for (r, (x_r, v_r)) in x.chunks_exact(m).zip(v.chunks_exact(n)).enumerate() {
        let v_k: &[f64; L] = v_r[at..at + L].try_into().expect("a block of L columns");
        for (out_m, &x_m) in out.chunks_exact_mut(n).zip(x_r) {
            let out_k: &mut [f64; L] = (&mut out_m[at..at + L]).try_into().expect("a block of L columns");
            if add || r > 0 {
                (0..L).for_each(|k| out_k[k] += x_m * v_k[k]);
            } else {
                (0..L).for_each(|k| out_k[k] = x_m * v_k[k]);
            }
        }
    }
}

/// The columns from `at` to N of [`outer`], one by one.
fn outer_rest((m, n): (usize, usize), at: usize, x: &[f64], v: &[f64], out: &mut [f64], add: bool) {
    for (r, (x_r, v_r)) in x.chunks_exact(m).zip(v.chunks_exact(n)).enumerate() {
        for (out_m, &x_m) in out.chunks_exact_mut(n).zip(x_r) {
            let pairs = out_m[at..].iter_mut().zip(&v_r[at..]);
            if add || r > 0 {
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
        product(1, &w, &v, &mut out);
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
        outer(1, &x, &v, &mut out, false);
        assert!((0..33).all(|i| out[i] == x[i / 11] * v[i % 11]));
        outer(1, &x, &v, &mut out, true);
        assert!((0..33).all(|i| out[i] == 2.0 * x[i / 11] * v[i % 11]));
    }

    #[test]
    fn eq_3_and_26_over_rows_at_every_width() {
        // Two samples a row each (M = 3), N = 1 … 17: Eq. 3 gives each row its own g; Eq. 26
        // sums the rows' x_r v_rᵀ in row order, written from the first or added to `out`.
        for n in 1..=17 {
            let w: Vec<f64> = (0..3 * n).map(|i| (i as f64 * 0.37).sin()).collect();
            let b: Vec<f64> = (0..n).map(|k| k as f64 * 0.1 - 0.3).collect();
            let x = [0.5, -1.25, 2.0, 1.5, 0.25, -3.0];
            let mut g = vec![f64::NAN; 2 * n];
            transposed_product(&w, &x, &b, &mut g);
            for (r, k) in (0..2).flat_map(|r| (0..n).map(move |k| (r, k))) {
                let x_r = &x[3 * r..3 * r + 3];
                let expected = b[k] + w[k] * x_r[0] + w[n + k] * x_r[1] + w[2 * n + k] * x_r[2];
                assert_eq!(g[r * n + k], expected, "N = {n}, row {r}, g_{k}");
            }
            let v: Vec<f64> = (0..2 * n).map(|i| (i as f64 * 0.71).cos()).collect();
            let mut out = vec![f64::NAN; 3 * n];
            outer(2, &x, &v, &mut out, false);
            let sum = |m: usize, k: usize| x[m] * v[k] + x[3 + m] * v[n + k];
            assert!((0..3 * n).all(|i| out[i] == sum(i / n, i % n)), "N = {n}, written");
            outer(2, &x, &v, &mut out, true);
            assert!((0..3 * n).all(|i| out[i] == sum(i / n, i % n) + x[i / n] * v[i % n] + x[3 + i / n] * v[n + i % n]), "N = {n}, added");
        }
    }
}
