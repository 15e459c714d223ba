//! The core's tanh, σ and exp (`src/elementary.rs`): within 1 ulp of values computed to 50
//! digits (mpmath) across their regimes, within 2 ulp of `std`'s on a million points (exp
//! within 1), and
//! with the activations' limits and symmetries.

use backprop_viz::elementary::{exp, sigmoid, tanh};

/// The distance between two finite f64 of the same sign, in units in the last place.
fn ulps(a: f64, b: f64) -> u64 {
    assert_eq!(a.is_sign_negative(), b.is_sign_negative(), "{a} and {b}");
    (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
}

// x, then tanh x or e^x correctly rounded, from mpmath at 50 digits. The points cover both of
// tanh's regimes (|x| < 0.55, and up to 19), their edges, and exp from e^-700 to e^708.
const TANH: [(f64, f64); 40] = [
    (0.0, 0.0),
    (1e-300, 1e-300),
    (1e-08, 1e-08),
    (-3e-05, -2.9999999991e-05),
    (0.001, 0.0009999996666668),
    (0.1, 0.09966799462495582),
    (-0.25, -0.24491866240370913),
    (0.5, 0.46211715726000974),
    (0.549999, 0.5005194617103419),
    (0.55, 0.5005202111902353),
    (-0.55, -0.5005202111902353),
    (0.7, 0.6043677771171635),
    (1.0, 0.7615941559557649),
    (-1.5, -0.9051482536448664),
    (2.0, 0.9640275800758169),
    (3.0, 0.9950547536867305),
    (5.0, 0.9999092042625951),
    (-7.5, -0.9999993881955461),
    (10.0, 0.9999999958776927),
    (18.9, 0.9999999999999999),
    (19.0, 0.9999999999999999),
    (-25.0, -1.0),
    (-2.1140068220020516, -0.9712564677899399),
    (-4.189809912905977, -0.9995411109581882),
    (1.8112136764782445, 0.9479550354126997),
    (-5.130764559989487, -0.9999300980415342),
    (0.43058405168027036, 0.40580929365178786),
    (-1.611732997048973, -0.9234157142978525),
    (-5.304012902703518, -0.9999505675437986),
    (0.08922879827304264, 0.08899274337047482),
    (-5.550052098696181, -0.9999697789581883),
    (-0.7962517960513695, -0.6619360988620051),
    (-5.161734917104573, -0.9999342963123893),
    (-4.91144383987362, -0.999891612164574),
    (-0.9057697302898324, -0.7190956581749365),
    (3.9222254960644563, 0.9992164656500873),
    (-4.5143764662042525, -0.9997602048777766),
    (-3.3211324247158256, -0.9973952560222066),
    (1.5291986688670711, 0.9102873643738629),
    (5.372507309484067, 0.9999568957514198),
];
const EXP: [(f64, f64); 30] = [
    (0.0, 1.0),
    (1e-10, 1.0000000001),
    (-0.3, 0.7408182206817179),
    (0.5, 1.6487212707001282),
    (1.0, std::f64::consts::E),
    (-1.0, 0.36787944117144233),
    (std::f64::consts::LN_10, 10.000000000000002),
    (10.0, 22026.465794806718),
    (-20.0, 2.061153622438558e-09),
    (50.5, 8.548134287298057e+21),
    (100.0, 2.6881171418161356e+43),
    (-300.0, 5.148200222412013e-131),
    (700.0, 1.0142320547350045e+304),
    (-700.0, 9.85967654375977e-305),
    (708.0, 3.023383144276055e+307),
    (6.168235889399895, 477.34327655152657),
    (-8.265562027937587, 0.00025722431623636274),
    (38.10040844743361, 3.5220632185473944e+16),
    (-36.2733855505795, 1.7646915877978255e-16),
    (28.677476723894358, 2847540410943.5195),
    (-16.8312570934659, 4.900923469321457e-08),
    (-28.459593331404996, 4.366723154138588e-13),
    (-30.576620953730533, 5.25705165736942e-14),
    (-15.321454071845253, 2.2180791622427395e-07),
    (25.290108729602508, 96239790292.27467),
    (-25.541889606085, 8.077896543311898e-12),
    (6.528013092997298, 684.0377409975048),
    (11.113077514094726, 67042.19753607085),
    (-10.2081965819415, 3.6866894341254004e-05),
    (3.819557256764625, 45.5840218351548),
];

#[test]
fn tanh_is_within_one_ulp_of_the_true_value() {
    for (x, want) in TANH {
        assert!(ulps(tanh(x), want) <= 1, "tanh({x}) = {}, not {want}", tanh(x));
    }
}

#[test]
fn exp_is_within_one_ulp_of_the_true_value() {
    for (x, want) in EXP {
        assert!(ulps(exp(x), want) <= 1, "exp({x}) = {}, not {want}", exp(x));
    }
}

/// The largest of `ulps_at(x)` and its x over a million points from a fixed sequence (a
/// linear congruential generator started at `seed`): every other one in ±`near`, the rest in
/// ±`far`.
fn worst_ulps(seed: u64, near: f64, far: f64, mut ulps_at: impl FnMut(f64) -> u64) -> (u64, f64) {
    let mut state = seed;
    let mut worst = (0, 0.0);
    for i in 0..1_000_000 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let u = (state >> 11) as f64 / (1u64 << 53) as f64; // [0, 1)
        let x = (2.0 * u - 1.0) * if i % 2 == 0 { near } else { far };
        let d = ulps_at(x);
        if d > worst.0 {
            worst = (d, x);
        }
    }
    worst
}

/// A million points from a fixed sequence over ±20 (half of them in ±0.6), against `std`,
/// which is itself within about 1 ulp: ours is within 2 of it.
#[test]
fn tanh_and_sigmoid_agree_with_std_on_a_million_points() {
    let worst = worst_ulps(0x9e37_79b9_7f4a_7c15, 0.6, 20.0, |x| {
        let s = 1.0 / (1.0 + (-x).exp());
        assert!((sigmoid(x) - s).abs() <= 4.0 * f64::EPSILON * s, "σ({x}) = {}, std gives {s}", sigmoid(x));
        ulps(tanh(x), x.tanh())
    });
    assert!(worst.0 <= 2, "tanh is {} ulp from std at {}", worst.0, worst.1);
}

/// A million points over ±708 (half of them in ±1, where tanh and σ mostly call it), against
/// `std`'s exp, which is itself within about half an ulp: ours is within 1 of it. (Tang's
/// table and the series to r⁶ leave one rounding of half an ulp and a little more.)
#[test]
fn exp_agrees_with_std_on_a_million_points() {
    let worst = worst_ulps(0x2545_f491_4f6c_dd1d, 1.0, 708.0, |x| ulps(exp(x), x.exp()));
    assert!(worst.0 <= 1, "exp is {} ulp from std at {}", worst.0, worst.1);
}

#[test]
fn the_limits_and_symmetries_hold() {
    assert_eq!(tanh(0.0), 0.0);
    assert!(tanh(-0.0).is_sign_negative());
    assert_eq!(tanh(1e300), 1.0);
    assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
    assert!(tanh(f64::NAN).is_nan());
    for x in [1e-9, 0.3, 0.55, 2.0, 18.99] {
        assert_eq!(tanh(-x), -tanh(x));
        // σ(x) = (1 + tanh(x/2)) / 2.
        assert!((sigmoid(x) - (1.0 + tanh(x / 2.0)) / 2.0).abs() < 1e-15);
    }
    assert_eq!(sigmoid(800.0), 1.0);
    assert_eq!(sigmoid(-800.0), 0.0);
    assert_eq!(sigmoid(0.0), 0.5);
    assert!(sigmoid(f64::NAN).is_nan());
    assert_eq!(exp(0.0), 1.0);
}
