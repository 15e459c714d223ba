//! The input features (TensorFlow Playground's): what the network is given of a point
//! x = (x₁, x₂). Layer 0's input x^0 is the list of the chosen features of x, so M^0 is their
//! number: with x₁² and x₂² alone, a network with no hidden layer draws a circle.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Feature {
    #[serde(rename = "x1")]
    X1,
    #[serde(rename = "x2")]
    X2,
    #[serde(rename = "x1^2")]
    X1Squared,
    #[serde(rename = "x2^2")]
    X2Squared,
    #[serde(rename = "x1*x2")]
    X1X2,
    #[serde(rename = "sin(x1)")]
    SinX1,
    #[serde(rename = "sin(x2)")]
    SinX2,
}

/// x₁ and x₂ themselves: the network of the seed, M^0 = 2.
pub const PLAIN: [Feature; 2] = [Feature::X1, Feature::X2];

impl Feature {
    pub const ALL: [Feature; 7] = [Feature::X1, Feature::X2, Feature::X1Squared, Feature::X2Squared, Feature::X1X2, Feature::SinX1, Feature::SinX2];

    /// The name in configs and links (the JSON value).
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1^2",
            Feature::X2Squared => "x2^2",
            Feature::X1X2 => "x1*x2",
            Feature::SinX1 => "sin(x1)",
            Feature::SinX2 => "sin(x2)",
        }
    }

    pub fn parse(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The feature's value at x.
    pub fn of(self, x: [f64; 2]) -> f64 {
        match self {
            Feature::X1 => x[0],
            Feature::X2 => x[1],
            Feature::X1Squared => x[0] * x[0],
            Feature::X2Squared => x[1] * x[1],
            Feature::X1X2 => x[0] * x[1],
            Feature::SinX1 => x[0].sin(),
            Feature::SinX2 => x[1].sin(),
        }
    }

    /// The feature at each point of `xs`, rounded to f32, into `out` (the pictures' inputs).
    /// The feature is matched once for the whole column: with a match per point, the compiler
    /// computed sin x at every point whatever the feature (40% of the boundary's time).
    pub fn of_each(self, xs: &[[f64; 2]], out: &mut [f32]) {
        #[inline(always)]
        fn each(xs: &[[f64; 2]], out: &mut [f32], phi: impl Fn([f64; 2]) -> f64) {
            for (o, &x) in out.iter_mut().zip(xs) {
                *o = phi(x) as f32;
            }
        }
        match self {
            Feature::X1 => each(xs, out, |x| Feature::X1.of(x)),
            Feature::X2 => each(xs, out, |x| Feature::X2.of(x)),
            Feature::X1Squared => each(xs, out, |x| Feature::X1Squared.of(x)),
            Feature::X2Squared => each(xs, out, |x| Feature::X2Squared.of(x)),
            Feature::X1X2 => each(xs, out, |x| Feature::X1X2.of(x)),
            Feature::SinX1 => each(xs, out, |x| Feature::SinX1.of(x)),
            Feature::SinX2 => each(xs, out, |x| Feature::SinX2.of(x)),
        }
    }
}

/// x^0 = (φ_1(x), …, φ_{M^0}(x)) into `out` (M^0 entries).
pub fn inputs(features: &[Feature], x: [f64; 2], out: &mut [f64]) {
    for (o, f) in out.iter_mut().zip(features) {
        *o = f.of(x);
    }
}

/// x^0 of every point, M^0 numbers a point, one after the other.
pub fn all_inputs(features: &[Feature], points: &[crate::dataset::Point]) -> Vec<f64> {
    let mut out = vec![0.0; points.len() * features.len()];
    for (row, p) in out.chunks_exact_mut(features.len().max(1)).zip(points) {
        inputs(features, p.x, row);
    }
    out
}

/// At least one feature, each at most once.
pub fn check(features: &[Feature]) -> Result<(), String> {
    if features.is_empty() {
        return Err("features is empty; the network needs at least one input (x1, x2, …)".into());
    }
    if let Some((i, f)) = features.iter().enumerate().find(|(i, f)| features[..*i].contains(f)) {
        return Err(format!("features[{i}] repeats {}; each feature is an input at most once", f.name()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_feature_by_hand() {
        let x = [2.0, -3.0];
        let want = [2.0, -3.0, 4.0, 9.0, -6.0, 2f64.sin(), (-3f64).sin()];
        for (f, w) in Feature::ALL.iter().zip(want) {
            assert_eq!(f.of(x), w, "{f:?}");
        }
        let mut out = [0.0; 3];
        inputs(&[Feature::X2Squared, Feature::X1, Feature::SinX2], x, &mut out);
        assert_eq!(out, [9.0, 2.0, (-3f64).sin()]);
        assert!(check(&[]).is_err() && check(&[Feature::X1, Feature::X1]).unwrap_err().contains("features[1] repeats x1;"));
        assert!(check(&Feature::ALL).is_ok());
        for f in Feature::ALL {
            assert_eq!(crate::format::read::<Feature>(&format!("\"{}\"", f.name())), Ok(f), "serde and name agree");
            assert_eq!(Feature::parse(f.name()), Some(f));
        }
    }
}
