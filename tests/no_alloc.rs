//! The frame loop (training, the boundary, the neuron tiles, in f64 and on the pictures' fast
//! path) allocates nothing once its buffers exist.
#![cfg(not(target_arch = "wasm32"))]

use backprop_viz::boundary::{fill_decision, fill_neurons, Style};
use backprop_viz::features::PLAIN;
use backprop_viz::picture::Painter;
use backprop_viz::trainer::{Config, StepUnit, Trainer};
mod common;

use common::{allocations as count, Counting};

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn the_frame_loop_allocates_nothing() {
    let mut t = Trainer::new(Config::default()).unwrap();
    let style = Style::default();
    let mut image = vec![0u8; 32 * 32 * 4];
    let neurons: usize = t.network().layers.iter().map(|l| l.n()).sum();
    let mut tiles = vec![0u8; neurons * 8 * 8 * 4];
    t.train(StepUnit::Epoch, 1).unwrap();
    t.metrics();
    assert_eq!(count(|| t.train(StepUnit::Batch, 5).unwrap()), 0, "training");
    assert_eq!(count(|| t.train(StepUnit::Epoch, 1).unwrap()), 0, "an epoch");
    assert_eq!(
        count(|| {
            t.metrics();
        }),
        0,
        "metrics"
    );
    let (net, tape) = t.network_and_tape();
    assert_eq!(count(|| fill_decision(net, &PLAIN, tape, 32, &style, &mut image)), 0, "the boundary");
    assert_eq!(count(|| fill_neurons(net, &PLAIN, tape, 8, &style, &mut tiles)), 0, "the neuron tiles");
    let mut painter = Painter::new(t.network(), &PLAIN);
    painter.fill_decision_rows(32, 0..32, &style, &mut image); // makes its colour table
    assert_eq!(
        count(|| {
            painter.sync(t.network());
            painter.fill_decision_rows(32, 0..32, &style, &mut image);
            painter.fill_neurons(8, &style, &mut tiles);
        }),
        0,
        "the fast pictures"
    );
}
