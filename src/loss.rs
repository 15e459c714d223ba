//! The two losses of the seed and the first step of Table 1: ∂L/∂y^J.

use ndarray::{ArrayView1, ArrayViewMut1, Zip};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Eq. 5: L = ½ Σ_n (y_n^J − Y_n)²;  Eq. 23: ∂L/∂y^J = y^J − Y.
    SumOfSquares,
    /// Eq. 28: z_n = e^{y_n^J} / Σ_i e^{y_i^J};  Eq. 29: L = −Σ_n Y_n ln z_n;
    /// Eq. 31: ∂L/∂y^J = z − Y (using Σ_n Y_n = 1, Eq. 32). y^J are the logits.
    SoftmaxCrossEntropy,
}

impl Loss {
    pub const ALL: [Loss; 2] = [Loss::SumOfSquares, Loss::SoftmaxCrossEntropy];

    pub fn name(self) -> &'static str {
        match self {
            Loss::SumOfSquares => "sum_of_squares",
            Loss::SoftmaxCrossEntropy => "softmax_cross_entropy",
        }
    }

    pub fn parse(name: &str) -> Option<Loss> {
        Loss::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The equation number of ∂L/∂y^J: 23 or 31.
    pub fn output_equation(self) -> u32 {
        match self {
            Loss::SumOfSquares => 23,
            Loss::SoftmaxCrossEntropy => 31,
        }
    }

    /// L for one sample (Eq. 5 or Eq. 29). (Slices, not arrays: training calls this for
    /// every sample, on vectors of one to a few numbers.)
    pub fn value(self, y: &[f64], target: &[f64]) -> f64 {
        let pairs = y.iter().zip(target);
        match self {
            Loss::SumOfSquares => 0.5 * pairs.fold(0.0, |s, (&y, &t)| s + (y - t) * (y - t)),
            Loss::SoftmaxCrossEntropy => {
                // ln z_n = y_n − ln Σ_i e^{y_i}, with the log-sum-exp taken around max y, so
                // that no exponential overflows: L = Σ_n Y_n (lse − y_n).
                let lse = log_sum_exp(y.into());
                pairs.fold(0.0, |s, (&y, &t)| if t == 0.0 { s } else { s + t * (lse - y) })
            }
        }
    }

    /// ∂L/∂y^J (Eq. 23 or Eq. 31), written into `dl_dy`; for softmax the probabilities z
    /// (Eq. 28) are written into `z` on the way.
    pub fn dl_dy(self, y: &[f64], target: &[f64], z: &mut [f64], dl_dy: &mut [f64]) {
        match self {
            // Eq. 23: {∂L/∂y}^J = {y − Y}^J
            Loss::SumOfSquares => dl_dy.iter_mut().zip(y).zip(target).for_each(|((d, &y), &t)| *d = y - t),
            // Eq. 31: ∂L/∂y_n^J = z_n − Y_n
            Loss::SoftmaxCrossEntropy => {
                softmax(y.into(), z.into());
                dl_dy.iter_mut().zip(&*z).zip(target).for_each(|((d, &z), &t)| *d = z - t);
            }
        }
    }
}

/// ln Σ_i e^{y_i}, computed as m + ln Σ_i e^{y_i − m} with m = max y.
pub fn log_sum_exp(y: ArrayView1<f64>) -> f64 {
    let m = y.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    if !m.is_finite() {
        return m;
    }
    m + y.fold(0.0, |s, &v| s + (v - m).exp()).ln()
}

/// Eq. 28, z_n = e^{y_n} / Σ_i e^{y_i}, shifted by max y so that it never overflows.
pub fn softmax(y: ArrayView1<f64>, mut z: ArrayViewMut1<f64>) {
    let m = y.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    Zip::from(&mut z).and(y).for_each(|z, &y| *z = (y - m).exp());
    let total = z.sum();
    z.mapv_inplace(|v| v / total);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array1};

    #[test]
    fn sum_of_squares_by_hand() {
        // L = ½((1 − 0)² + (−2 − 1)²) = ½(1 + 9) = 5;  ∂L/∂y = y − Y = (1, −3).
        let (y, t) = ([1.0, -2.0], [0.0, 1.0]);
        assert_eq!(Loss::SumOfSquares.value(&y, &t), 5.0);
        let (mut z, mut d) = ([0.0; 2], [0.0; 2]);
        Loss::SumOfSquares.dl_dy(&y, &t, &mut z, &mut d);
        assert_eq!(d, [1.0, -3.0]);
    }

    #[test]
    fn softmax_cross_entropy_by_hand_and_stable() {
        // y = (0, ln 3): z = (1/4, 3/4). With Y = (0, 1): L = −ln ¾, ∂L/∂y = (¼, −¼).
        let (y, t) = ([0.0, 3f64.ln()], [0.0, 1.0]);
        let l = Loss::SoftmaxCrossEntropy.value(&y, &t);
        assert!((l - (4.0f64 / 3.0).ln()).abs() < 1e-15);
        let (mut z, mut d) = ([0.0; 2], [0.0; 2]);
        Loss::SoftmaxCrossEntropy.dl_dy(&y, &t, &mut z, &mut d);
        assert!((z[0] - 0.25).abs() < 1e-15 && (d[1] + 0.25).abs() < 1e-15, "{z:?} {d:?}");
        // Logits of ±1000 would overflow a naive e^y; the log-sum-exp form stays finite.
        let big = array![1000.0, -1000.0, 999.0];
        let l = Loss::SoftmaxCrossEntropy.value(big.as_slice().unwrap(), &[0.0, 0.0, 1.0]);
        assert!((l - (1.0 + (-1.0f64).exp()).ln() - 1.0).abs() < 1e-12, "{l}");
        let mut z = Array1::zeros(3);
        softmax(big.view(), z.view_mut());
        assert!(z.iter().all(|v| v.is_finite()) && (z.sum() - 1.0).abs() < 1e-15);
    }
}
