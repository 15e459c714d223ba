//! Activation functions f (Eq. 1, 2, 4) and their derivatives f', which fill the diagonal
//! matrix [∂y/∂g] of Eq. 15 and Eq. 24.

use crate::elementary;
use serde::{Deserialize, Serialize};

/// The activation of one layer: y_n^j = f(g_n^j) (Eq. 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// The seed's f (Eq. 2): f(g) = g for g ≥ 0, 0 for g < 0.
    /// f'(g) = 1 for g ≥ 0 (Eq. 2 puts g = 0 on the identity branch), 0 for g < 0.
    Relu,
    /// f(g) = tanh g;  f'(g) = 1 − tanh² g = 1 − y².
    Tanh,
    /// f(g) = 1 / (1 + e^{−g});  f'(g) = σ(g)(1 − σ(g)) = y(1 − y).
    Sigmoid,
    /// f(g) = g;  f'(g) = 1. The natural output layer in front of a softmax.
    Linear,
}

impl Activation {
    pub const ALL: [Activation; 4] = [Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Linear];

    /// y = f(g).
    pub fn f(self, g: f64) -> f64 {
        match self {
            Activation::Relu => {
                if g >= 0.0 {
                    g
                } else {
                    0.0
                }
            }
            Activation::Tanh => elementary::tanh(g),
            Activation::Sigmoid => elementary::sigmoid(g),
            Activation::Linear => g,
        }
    }

    /// ∂y/∂g = f'(g), one diagonal entry of [∂y/∂g]^j (Eq. 15).
    pub fn df(self, g: f64) -> f64 {
        match self {
            Activation::Relu => {
                if g >= 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Tanh => {
                let y = elementary::tanh(g);
                1.0 - y * y
            }
            Activation::Sigmoid => {
                let y = self.f(g);
                y * (1.0 - y)
            }
            Activation::Linear => 1.0,
        }
    }

    /// f'(g) from the forward pass's g and y = f(g) together: tanh' = 1 − y² and
    /// σ' = y(1 − y) from y, so that the backward pass computes no exp or tanh again; ReLU
    /// from g (y = 0 cannot tell g = 0, where Eq. 2 gives 1, from g < 0). The same value as
    /// [`Activation::df`]`(g)` bit for bit, since y on the tape is exactly f(g).
    pub fn df_from(self, g: f64, y: f64) -> f64 {
        match self {
            Activation::Relu => self.df(g),
            Activation::Tanh => 1.0 - y * y,
            Activation::Sigmoid => y * (1.0 - y),
            Activation::Linear => 1.0,
        }
    }

    /// The name used in the JSON format and the JS API.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    pub fn parse(name: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relu_follows_eq2_including_zero() {
        let f = Activation::Relu;
        assert_eq!((f.f(-2.0), f.f(0.0), f.f(3.5)), (0.0, 0.0, 3.5));
        // Eq. 2 puts g = 0 on the identity branch, so f'(0) = 1.
        assert_eq!((f.df(-1e-12), f.df(0.0), f.df(2.0)), (0.0, 1.0, 1.0));
    }

    #[test]
    fn derivatives_match_central_differences() {
        for a in Activation::ALL {
            for &g in &[-2.3, -0.4, 0.7, 1.9] {
                let h = 1e-6;
                let fd = (a.f(g + h) - a.f(g - h)) / (2.0 * h);
                assert!((fd - a.df(g)).abs() < 1e-8, "{a:?} at {g}: {fd} vs {}", a.df(g));
            }
            assert_eq!(Activation::parse(a.name()), Some(a));
        }
        assert_eq!(Activation::parse("softplus"), None);
    }

    #[test]
    fn the_derivative_from_y_is_the_derivative_from_g_bit_for_bit() {
        for a in Activation::ALL {
            for i in -2000..=2000 {
                let g = i as f64 * 0.01 + 1e-3 * (i % 7) as f64;
                assert_eq!(a.df_from(g, a.f(g)).to_bits(), a.df(g).to_bits(), "{a:?} at {g}");
            }
            assert_eq!(a.df_from(0.0, a.f(0.0)), a.df(0.0), "{a:?} at 0");
        }
    }
}
