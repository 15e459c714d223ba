//! Seeded 2-D toy datasets on the plane [−6, 6]², with the geometry of TensorFlow
//! Playground's (circle, xor, gauss, two-arm spiral) plus multi-class spirals and blobs, and
//! the student's own points (clicked on the page or read from CSV: [`crate::csv`]).

use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;

/// Half the side of the square every point lies in.
pub const EXTENT: f64 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetKind {
    /// Class 1 inside r ≤ 2.5, class 0 on the ring 3.5 ≤ r ≤ 5.
    Circle,
    /// Class 1 where x₁x₂ ≥ 0 (first and third quadrants).
    Xor,
    /// Two Gaussian clusters around (2, 2) (class 1) and (−2, −2) (class 0).
    Gauss,
    /// Interleaved spiral arms, one per class (two for the two-class problem).
    Spiral,
    /// Gaussian blobs around points on a circle, one per class.
    Blobs,
    /// The student's own points (`DatasetSpec::own`), all of them for training: no test set.
    /// With K = 1 their targets are values (regression), else classes.
    Own,
    /// Regression: Y = (x₁ + x₂) / 12, a plane from −1 to 1 (TensorFlow Playground's "plane").
    #[serde(rename = "reg-plane")]
    RegPlane,
    /// Regression: Y = Σ s_i exp(−|x − c_i|² / 2σ²), six Gaussians of sign s_i = ±1 on a
    /// 3 × 2 grid of centres c_i, σ = 1.2.
    #[serde(rename = "reg-gauss")]
    RegGauss,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 8] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gauss,
        DatasetKind::Spiral,
        DatasetKind::Blobs,
        DatasetKind::Own,
        DatasetKind::RegPlane,
        DatasetKind::RegGauss,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gauss => "gauss",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Blobs => "blobs",
            DatasetKind::Own => "own",
            DatasetKind::RegPlane => "reg-plane",
            DatasetKind::RegGauss => "reg-gauss",
        }
    }

    pub fn parse(name: &str) -> Option<DatasetKind> {
        DatasetKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The class counts this kind supports; K = 1 is a regression (one continuous target).
    pub fn classes(self) -> std::ops::RangeInclusive<usize> {
        match self {
            DatasetKind::Circle | DatasetKind::Xor | DatasetKind::Gauss => 2..=2,
            DatasetKind::Spiral => 2..=5,
            DatasetKind::Own => 1..=5,
            DatasetKind::Blobs => 3..=5,
            DatasetKind::RegPlane | DatasetKind::RegGauss => 1..=1,
        }
    }
}

/// Everything a dataset is made from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DatasetSpec {
    pub kind: DatasetKind,
    /// Number of classes K.
    pub classes: usize,
    /// Total number of points (train + test); for `own`, ignored (the points are `own`).
    pub points: usize,
    /// Noise as a fraction, 0 … 0.5 (the page's 0-50%).
    pub noise: f64,
    /// Fraction of points used for training, 0.1 … 0.9.
    pub train_ratio: f64,
    pub seed: u64,
    /// The points of the kind `own`, each `[x1, x2, label]`; empty for every other kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own: Vec<Point>,
}

impl Default for DatasetSpec {
    fn default() -> Self {
        DatasetSpec { kind: DatasetKind::Spiral, classes: 2, points: 500, noise: 0.0, train_ratio: 0.5, seed: 1, own: Vec::new() }
    }
}

/// The most points a dataset holds, generated or the student's own.
pub const MAX_POINTS: usize = 5000;
/// The largest |Y| of a regression point.
pub const MAX_TARGET: f64 = 100.0;

impl DatasetSpec {
    /// Checks the ranges; the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        let range = self.kind.classes();
        if !range.contains(&self.classes) {
            return Err(format!("dataset '{}' has {} to {} classes, not {}", self.kind.name(), range.start(), range.end(), self.classes));
        }
        if self.kind == DatasetKind::Own {
            return check_own(&self.own, self.classes);
        }
        if !self.own.is_empty() {
            return Err(format!("own points belong to the dataset 'own', not '{}'", self.kind.name()));
        }
        if !(10..=MAX_POINTS).contains(&self.points) {
            return Err(format!("points must be between 10 and {MAX_POINTS}, not {}", self.points));
        }
        if !(0.0..=0.5).contains(&self.noise) {
            return Err(format!("noise must be between 0 and 0.5 (0-50%), not {}", self.noise));
        }
        if !(0.1..=0.9).contains(&self.train_ratio) {
            return Err(format!("trainRatio must be between 0.1 and 0.9, not {}", self.train_ratio));
        }
        Ok(())
    }
}

/// The student's points: at most [`MAX_POINTS`], each finite, on the plane and of one of the
/// K classes. (None at all is allowed: the page starts a drawing from an empty plane.)
pub fn check_own(own: &[Point], classes: usize) -> Result<(), String> {
    if own.len() > MAX_POINTS {
        return Err(format!("own has {} points; at most {MAX_POINTS}", own.len()));
    }
    for (i, p) in own.iter().enumerate() {
        if let Some(v) = p.x.iter().find(|v| !(v.is_finite() && v.abs() <= EXTENT)) {
            return Err(format!("point {} of the own data has x = {v}; both coordinates must be between −{EXTENT} and {EXTENT}", i + 1));
        }
        if classes == 1 && !(p.target.is_finite() && p.target.abs() <= MAX_TARGET) {
            return Err(format!(
                "point {} of the own data has the target {}; a regression target is a number from −{MAX_TARGET} to {MAX_TARGET}",
                i + 1,
                p.target
            ));
        }
        if classes > 1 && !p.is_class_of(classes) {
            return Err(format!("point {} of the own data has label {}, but with {classes} classes the labels are 0 to {}", i + 1, p.target, classes - 1));
        }
    }
    Ok(())
}

/// One point and its target: a class index 0 … K − 1, or (regression, K = 1) the value Y
/// that the network's one output should give. In JSON `[x1, x2, target]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "(f64, f64, f64)", into = "(f64, f64, f64)")]
pub struct Point {
    pub x: [f64; 2],
    pub target: f64,
}

impl Point {
    /// A point of class `label`.
    pub fn class(x: [f64; 2], label: usize) -> Point {
        Point { x, target: label as f64 }
    }
    /// The class of a classification point (its target, a whole number).
    pub fn label(&self) -> usize {
        self.target as usize
    }
    /// Whether the target is a class of K: a whole number 0 … K − 1.
    fn is_class_of(&self, classes: usize) -> bool {
        self.target >= 0.0 && self.target.fract() == 0.0 && self.target < classes as f64
    }
}

impl From<(f64, f64, f64)> for Point {
    fn from((x1, x2, target): (f64, f64, f64)) -> Point {
        Point { x: [x1, x2], target }
    }
}

impl From<Point> for (f64, f64, f64) {
    fn from(p: Point) -> (f64, f64, f64) {
        (p.x[0], p.x[1], p.target)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub train: Vec<Point>,
    pub test: Vec<Point>,
    pub classes: usize,
}

/// Makes the dataset `spec` describes; the same spec always gives the same points.
pub fn generate(spec: &DatasetSpec) -> Result<Dataset, String> {
    spec.validate()?;
    if spec.kind == DatasetKind::Own {
        return Ok(Dataset { train: spec.own.clone(), test: Vec::new(), classes: spec.classes });
    }
    let mut rng = Rng::new(spec.seed);
    let (n, noise, k) = (spec.points, spec.noise, spec.classes);
    let mut points: Vec<Point> = match spec.kind {
        DatasetKind::Circle => circle(&mut rng, n, noise),
        DatasetKind::Xor => xor(&mut rng, n, noise),
        DatasetKind::Gauss => gauss(&mut rng, n, noise),
        DatasetKind::Spiral => spiral(&mut rng, n, noise, k),
        DatasetKind::Blobs => blobs(&mut rng, n, noise, k),
        DatasetKind::RegPlane => regression(&mut rng, n, noise, |x| (x[0] + x[1]) / (2.0 * EXTENT)),
        DatasetKind::RegGauss => regression(&mut rng, n, noise, gaussians),
        DatasetKind::Own => unreachable!("returned above"),
    };
    for p in &mut points {
        p.x = p.x.map(|v| v.clamp(-EXTENT, EXTENT));
    }
    rng.shuffle(&mut points);
    let n_train = ((n as f64 * spec.train_ratio).round() as usize).clamp(1, n - 1);
    let test = points.split_off(n_train);
    Ok(Dataset { train: points, test, classes: k })
}

fn circle(rng: &mut Rng, n: usize, noise: f64) -> Vec<Point> {
    let radius = 5.0;
    // The label is that of the noisy position, so noise blurs the border.
    let label_of = |x: f64, y: f64| usize::from((x * x + y * y).sqrt() < radius * 0.5);
    (0..n)
        .map(|i| {
            let r = if i < n / 2 { rng.uniform(0.0, radius * 0.5) } else { rng.uniform(radius * 0.7, radius) };
            let angle = rng.uniform(0.0, TAU);
            let (x, y) = (r * angle.sin(), r * angle.cos());
            let (nx, ny) = (rng.uniform(-radius, radius) * noise, rng.uniform(-radius, radius) * noise);
            Point::class([x, y], label_of(x + nx, y + ny))
        })
        .collect()
}

fn xor(rng: &mut Rng, n: usize, noise: f64) -> Vec<Point> {
    let padding = 0.3;
    (0..n)
        .map(|_| {
            let pad = |v: f64| if v > 0.0 { v + padding } else { v - padding };
            let (x, y) = (pad(rng.uniform(-5.0, 5.0)), pad(rng.uniform(-5.0, 5.0)));
            let (nx, ny) = (rng.uniform(-5.0, 5.0) * noise, rng.uniform(-5.0, 5.0) * noise);
            Point::class([x + nx, y + ny], usize::from(x * y >= 0.0))
        })
        .collect()
}

fn gauss(rng: &mut Rng, n: usize, noise: f64) -> Vec<Point> {
    // The spread grows with the noise from σ² = 0.5 to σ² = 4.
    let sigma = (0.5 + (4.0 - 0.5) * (noise / 0.5)).sqrt();
    (0..n)
        .map(|i| {
            let (label, c) = if i < n / 2 { (1, 2.0) } else { (0, -2.0) };
            Point::class([c + rng.normal() * sigma, c + rng.normal() * sigma], label)
        })
        .collect()
}

fn spiral(rng: &mut Rng, n: usize, noise: f64, k: usize) -> Vec<Point> {
    let per_arm = n / k;
    (0..n)
        .map(|i| {
            let arm = (i / per_arm.max(1)).min(k - 1);
            let s = (i % per_arm.max(1)) as f64 / per_arm as f64; // 0 … 1 along the arm
            let r = s * 5.0;
            // For two classes the arms are half a turn apart, as in the common playground.
            let t = 1.75 * s * TAU + arm as f64 * TAU / k as f64;
            let (nx, ny) = (rng.uniform(-1.0, 1.0) * noise, rng.uniform(-1.0, 1.0) * noise);
            Point::class([r * t.sin() + nx, r * t.cos() + ny], (k - 1 - arm).min(k - 1))
        })
        .collect()
}

/// Points uniform on the plane with the target `f` of their position moved by the noise, so
/// that noise blurs the target as it blurs a border.
fn regression(rng: &mut Rng, n: usize, noise: f64, f: impl Fn([f64; 2]) -> f64) -> Vec<Point> {
    (0..n)
        .map(|_| {
            let x = [rng.uniform(-EXTENT, EXTENT), rng.uniform(-EXTENT, EXTENT)];
            let moved = [x[0] + rng.uniform(-EXTENT, EXTENT) * noise, x[1] + rng.uniform(-EXTENT, EXTENT) * noise];
            Point { x, target: f(moved) }
        })
        .collect()
}

/// Six Gaussians of alternating sign, σ = 1.2, centred on (−4, 0, 4) × (2.5, −2.5).
fn gaussians(x: [f64; 2]) -> f64 {
    let sigma2 = 1.2f64 * 1.2;
    let centres = [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];
    centres.iter().map(|&(cx, cy, sign)| sign * (-((x[0] - cx).powi(2) + (x[1] - cy).powi(2)) / (2.0 * sigma2)).exp()).sum()
}

fn blobs(rng: &mut Rng, n: usize, noise: f64, k: usize) -> Vec<Point> {
    let sigma = 0.6 + 3.0 * noise;
    (0..n)
        .map(|i| {
            let label = i % k;
            let a = TAU * label as f64 / k as f64 + 0.3;
            let (cx, cy) = (3.5 * a.cos(), 3.5 * a.sin());
            Point::class([cx + rng.normal() * sigma, cy + rng.normal() * sigma], label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: DatasetKind, classes: usize, seed: u64) -> DatasetSpec {
        DatasetSpec { kind, classes, seed, noise: 0.1, ..DatasetSpec::default() }
    }

    #[test]
    fn deterministic_per_seed_and_in_range() {
        for kind in DatasetKind::ALL.into_iter().filter(|&k| k != DatasetKind::Own && *k.classes().start() > 1) {
            let k = *kind.classes().end();
            let a = generate(&spec(kind, k, 5)).unwrap();
            assert_eq!(a, generate(&spec(kind, k, 5)).unwrap(), "{kind:?}");
            assert_ne!(a, generate(&spec(kind, k, 6)).unwrap(), "{kind:?}");
            assert_eq!((a.train.len(), a.test.len()), (250, 250));
            let all: Vec<_> = a.train.iter().chain(&a.test).collect();
            assert!(all.iter().all(|p| p.x.iter().all(|v| v.abs() <= EXTENT) && p.is_class_of(k)));
            for c in 0..k {
                let count = all.iter().filter(|p| p.label() == c).count();
                assert!(count >= 500 / k / 2, "{kind:?}: class {c} has {count} points");
            }
        }
    }

    #[test]
    fn every_kind_is_read_by_its_name() {
        for kind in DatasetKind::ALL {
            assert_eq!(crate::format::read::<DatasetKind>(&format!("\"{}\"", kind.name())), Ok(kind));
        }
    }

    #[test]
    fn regression_targets_without_noise() {
        // The plane: Y = (x₁ + x₂)/12 exactly, from −1 to 1.
        let d = generate(&DatasetSpec { kind: DatasetKind::RegPlane, classes: 1, ..DatasetSpec::default() }).unwrap();
        assert!(d.train.iter().chain(&d.test).all(|p| p.target == (p.x[0] + p.x[1]) / 12.0 && p.target.abs() <= 1.0));
        // The Gaussians: +1 at (−4, 2.5) and −1 at (0, 2.5), within the tails of the others (a
        // neighbour 4 away adds exp(−16 / 2.88) ≈ 0.004), and about 0 far from every centre.
        assert!((gaussians([-4.0, 2.5]) - 1.0).abs() < 0.01 && (gaussians([0.0, 2.5]) + 1.0).abs() < 0.01);
        assert!(gaussians([0.0, 6.0]).abs() < 0.02);
        let d = generate(&DatasetSpec { kind: DatasetKind::RegGauss, classes: 1, ..DatasetSpec::default() }).unwrap();
        assert!(d.train.iter().all(|p| p.target == gaussians(p.x) && p.target.abs() <= 1.0));
        assert!(generate(&DatasetSpec { kind: DatasetKind::RegGauss, classes: 2, ..DatasetSpec::default() }).unwrap_err().contains("1 to 1 classes"));
    }

    #[test]
    fn circle_geometry_without_noise() {
        let d = generate(&DatasetSpec { kind: DatasetKind::Circle, noise: 0.0, ..DatasetSpec::default() }).unwrap();
        for p in d.train.iter().chain(&d.test) {
            let r = p.x[0].hypot(p.x[1]);
            if p.label() == 1 {
                assert!(r <= 2.5, "{r}");
            } else {
                assert!((3.5..=5.0).contains(&r), "{r}");
            }
        }
    }

    #[test]
    fn bad_specs_are_rejected_by_name() {
        let bad = |s: DatasetSpec| generate(&s).unwrap_err();
        assert!(bad(spec(DatasetKind::Xor, 3, 1)).contains("2 to 2 classes"));
        assert!(bad(DatasetSpec { noise: 0.9, ..DatasetSpec::default() }).contains("noise"));
        assert!(bad(DatasetSpec { train_ratio: 1.0, ..DatasetSpec::default() }).contains("trainRatio"));
        assert!(bad(DatasetSpec { points: 0, ..DatasetSpec::default() }).contains("points"));
    }
}
