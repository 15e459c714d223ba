//! The pictures' fast path (`picture.rs`, f32 and batched) against the f64 core's pictures
//! (`boundary.rs`): the approximations' error bounds, and the same colours pixel for pixel.

use backprop_viz::activation::Activation;
use backprop_viz::boundary::{fill_decision, fill_neurons, Style};
use backprop_viz::features::PLAIN;
use backprop_viz::loss::Loss;
use backprop_viz::metrics::classify;
use backprop_viz::network::{Init, Network, Tape};
use backprop_viz::picture::{fast_exp, fast_tanh, Painter};
use ndarray::ArrayView1;

#[test]
fn fast_tanh_is_within_1_5e_4_of_tanh_everywhere() {
    let mut worst = (0.0f64, 0.0f64);
    for i in -400_000..=400_000 {
        let x = i as f64 * 5e-5; // [−20, 20], every 5e-5
        let err = (fast_tanh(x as f32) as f64 - x.tanh()).abs();
        if err > worst.0 {
            worst = (err, x);
        }
    }
    assert!(worst.0 < 1.5e-4, "|fast_tanh − tanh| = {:e} at {}", worst.0, worst.1);
    assert!((fast_tanh(1e30) - 1.0).abs() < 1e-4 && fast_tanh(-1e30) == -fast_tanh(1e30) && fast_tanh(0.0) == 0.0);
}

#[test]
fn fast_exp_is_within_a_millionth_relative() {
    let mut worst = 0.0f64;
    for i in -870_000..=880_000 {
        let x = (i as f64 * 1e-4) as f32; // [−87, 88]
        let exact = (x as f64).exp();
        worst = worst.max((fast_exp(x) as f64 - exact).abs() / exact);
    }
    assert!(worst < 1e-6, "relative error {worst:e}");
    assert_eq!(fast_exp(-200.0), 0.0);
    assert!((fast_exp(0.0) - 1.0).abs() < 1e-7);
}

/// Networks of every activation and both losses, with weights large enough to saturate.
fn networks() -> Vec<Network> {
    let mut nets = vec![];
    for (k, &act) in Activation::ALL.iter().enumerate() {
        for (sizes, loss, out) in [
            (vec![2, 4, 2, 1], Loss::SumOfSquares, Activation::Tanh),
            (vec![2, 8, 8, 8, 3], Loss::SoftmaxCrossEntropy, Activation::Linear),
            (vec![2, 6, 2], Loss::SumOfSquares, Activation::Sigmoid),
        ] {
            let mut acts = vec![act; sizes.len() - 2];
            acts.push(out);
            nets.push(Network::random(&sizes, &acts, loss, Init::He, 31 + k as u64).unwrap());
        }
    }
    nets
}

/// How far from a tie the f64 network is at each pixel: |y| for one output, the gap between
/// the two largest outputs otherwise.
fn margins(net: &Network, size: usize) -> Vec<f64> {
    let mut tape = Tape::new(net);
    (0..size * size)
        .map(|p| {
            let x = backprop_viz::boundary::pixel_to_input(p % size, p / size, size);
            net.forward(ArrayView1::from(&x[..]), &mut tape);
            let y = tape.output();
            if y.len() == 1 {
                return y[0].abs();
            }
            let (best, _) = classify(y);
            y.iter().enumerate().filter(|(i, _)| *i != best).map(|(_, &v)| y[best] - v).fold(f64::INFINITY, f64::min)
        })
        .collect()
}

#[test]
fn the_fast_boundary_has_the_colours_of_the_f64_one() {
    // Every pixel within one level of 255 in every channel, except on the decision line.
    let (size, style) = (96, Style::default());
    for net in networks() {
        let (mut exact, mut fast) = (vec![0u8; size * size * 4], vec![0u8; size * size * 4]);
        fill_decision(&net, &PLAIN, &mut Tape::new(&net), size, &style, &mut exact);
        Painter::new(&net, &PLAIN).fill_decision_rows(size, 0..size, &style, &mut fast);
        let margin = margins(&net, size);
        let mut off_by_one = 0;
        for (p, (a, b)) in exact.chunks(4).zip(fast.chunks(4)).enumerate() {
            let diff = a.iter().zip(b).map(|(x, y)| (*x as i32 - *y as i32).abs()).max().unwrap();
            // A pixel on the decision line itself (the f64 network within 10⁻³ of a tie) may
            // take either class; every other pixel has the same colour, give or take the
            // rounding of one channel level.
            assert!(diff <= 1 || margin[p] < 1e-3, "{:?}: pixel {p} is {a:?} in f64 and {b:?} fast (margin {:e})", net.sizes(), margin[p]);
            off_by_one += usize::from(diff == 1);
        }
        // Rounding to 255 levels: a 10⁻⁴ difference, or the colour table's step, moves a channel
        // across a rounding edge for some pixels (at most about one in eight here).
        assert!(off_by_one * 4 < size * size, "{:?}: {off_by_one} pixels a level off", net.sizes());
    }
}

#[test]
fn the_fast_neuron_tiles_have_the_colours_of_the_f64_ones() {
    let (size, style) = (24, Style::default());
    for net in networks() {
        let neurons: usize = net.layers.iter().map(|l| l.n()).sum();
        let (mut exact, mut fast) = (vec![0u8; neurons * size * size * 4], vec![0u8; neurons * size * size * 4]);
        fill_neurons(&net, &PLAIN, &mut Tape::new(&net), size, &style, &mut exact);
        Painter::new(&net, &PLAIN).fill_neurons(size, &style, &mut fast);
        let worst = exact.iter().zip(&fast).map(|(a, b)| (*a as i32 - *b as i32).abs()).max().unwrap();
        assert!(worst <= 1, "{:?}: a channel differs by {worst}", net.sizes());
    }
}

#[test]
fn sync_follows_the_weights_and_the_shape() {
    let (size, style) = (32, Style::default());
    let nets = networks();
    let mut painter = Painter::new(&nets[0], &PLAIN);
    for net in &nets {
        painter.sync(net);
        let (mut a, mut b) = (vec![0u8; size * size * 4], vec![0u8; size * size * 4]);
        painter.fill_decision_rows(size, 0..size, &style, &mut a);
        Painter::new(net, &PLAIN).fill_decision_rows(size, 0..size, &style, &mut b);
        assert_eq!(a, b, "{:?}", net.sizes());
    }
}
