//! Timings of the core, natively: `cargo xtask bench`
//! (= `cargo run --release -p backprop-viz --example bench`).
//!
//! For a few architectures it prints the time of one forward pass (Eq. 1-4), one backward
//! pass (the Table 1 steps, `backward::backward`), one training epoch on the 500-point spiral
//! (`trainer::Trainer`, `StepUnit::Epoch`), the decision boundary at 360 × 360 and 720 × 720
//! pixels (`boundary::fill_decision`) and the neuron tiles at 24 × 24 pixels per neuron
//! (`boundary::fill_neurons`), each with the rate it allows. These are figures to read, not
//! tests: nothing here asserts on time. Everything runs on one thread, in f64, as in wasm
//! (where the same code is typically somewhat slower).

use backprop_viz::activation::Activation;
use backprop_viz::backward::{backward, table1, Gradients};
use backprop_viz::boundary::{fill_decision, fill_neurons, Style};
use backprop_viz::dataset::{DatasetKind, DatasetSpec};
use backprop_viz::features::PLAIN;
use backprop_viz::loss::Loss;
use backprop_viz::metrics::encode_target;
use backprop_viz::network::{Init, Tape};
use backprop_viz::picture::Painter;
use backprop_viz::train::Hyper;
use backprop_viz::trainer::{Config, Hidden, StepUnit, Trainer};
use ndarray::{Array1, ArrayView1};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long each figure is measured for (after a warm-up).
const TARGET: Duration = Duration::from_millis(300);

/// The mean time of one call of `f`: calls are grouped into batches of about 5 ms, so that
/// reading the clock costs nothing measurable, and batches run until `TARGET` has passed.
/// A call that alone takes longer than `TARGET` is timed once.
fn time(mut f: impl FnMut()) -> Duration {
    // Warm-up, and a first estimate of one call.
    let start = Instant::now();
    f();
    let once = start.elapsed().max(Duration::from_nanos(1));
    if once >= TARGET {
        return once;
    }
    let batch = ((Duration::from_millis(5).as_nanos() / once.as_nanos()) as u64).clamp(1, 1_000_000);
    let (mut calls, start) = (0u64, Instant::now());
    while calls == 0 || start.elapsed() < TARGET {
        for _ in 0..batch {
            f();
        }
        calls += batch;
    }
    start.elapsed() / calls as u32
}

fn pretty(d: Duration) -> String {
    let ns = d.as_secs_f64() * 1e9;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn rate(d: Duration, unit: &str) -> String {
    let per_s = 1.0 / d.as_secs_f64();
    if per_s >= 1e6 {
        format!("{:.2} M {unit}/s", per_s / 1e6)
    } else if per_s >= 1e4 {
        format!("{:.0} k {unit}/s", per_s / 1e3)
    } else if per_s >= 10.0 {
        format!("{per_s:.0} {unit}/s")
    } else {
        format!("{per_s:.2} {unit}/s")
    }
}

struct Arch {
    name: &'static str,
    hidden: Vec<Hidden>,
    output: Activation,
    loss: Loss,
    classes: usize,
}

fn hidden(n: usize, layers: usize, activation: Activation) -> Vec<Hidden> {
    vec![Hidden { neurons: n, activation }; layers]
}

fn config(a: &Arch) -> Config {
    Config {
        dataset: DatasetSpec { kind: DatasetKind::Spiral, classes: a.classes, points: 500, noise: 0.0, train_ratio: 0.5, seed: 1, own: Vec::new() },
        features: PLAIN.to_vec(),
        hidden: a.hidden.clone(),
        output_activation: a.output,
        loss: a.loss,
        one_hot: false,
        init: Init::Xavier,
        seed: 1,
        hyper: Hyper::default(),
    }
}

fn row(arch: &str, figure: &str, d: Duration, unit: &str) {
    println!("{arch:<30} {figure:<44} {:>10}   {:>16}", pretty(d), rate(d, unit));
}

fn main() {
    let archs = [
        Arch {
            name: "[2,4,2,1] tanh, SSE",
            hidden: vec![Hidden { neurons: 4, activation: Activation::Tanh }, Hidden { neurons: 2, activation: Activation::Tanh }],
            output: Activation::Tanh,
            loss: Loss::SumOfSquares,
            classes: 2,
        },
        Arch { name: "[2,8,8,1] relu, tanh out, SSE", hidden: hidden(8, 2, Activation::Relu), output: Activation::Tanh, loss: Loss::SumOfSquares, classes: 2 },
        Arch { name: "[2,16,16,16,1] tanh, SSE", hidden: hidden(16, 3, Activation::Tanh), output: Activation::Tanh, loss: Loss::SumOfSquares, classes: 2 },
        Arch {
            name: "[2,32×8,1] relu, tanh out, SSE",
            hidden: hidden(32, 8, Activation::Relu),
            output: Activation::Tanh,
            loss: Loss::SumOfSquares,
            classes: 2,
        },
        Arch {
            name: "[2,32,32,5] relu, softmax+CE",
            hidden: hidden(32, 2, Activation::Relu),
            output: Activation::Linear,
            loss: Loss::SoftmaxCrossEntropy,
            classes: 5,
        },
    ];

    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1)).map(|m| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    println!("backprop-viz bench: native {}, release build, one thread, f64", std::env::consts::ARCH);
    println!(
        "machine: {cpus} logical CPUs ({model}); each figure is the mean over ≥ {} ms of repetitions (one run when a run takes longer)",
        TARGET.as_millis()
    );
    println!("dataset: the 500-point spiral (250 training points), batch 10, η = 0.03, Xavier init, seed 1\n");
    println!("{:<30} {:<44} {:>10}   {:>16}", "architecture", "figure", "time", "rate");
    println!("{}", "─".repeat(30 + 1 + 44 + 1 + 10 + 3 + 16));

    let style = Style::default();
    for a in &archs {
        let mut trainer = Trainer::new(config(a)).expect("a valid benchmark config");
        let net = trainer.network().clone();
        let points = trainer.dataset().train.clone();
        let (params, neurons) = (net.parameter_count(), net.layers.iter().map(|l| l.n()).sum::<usize>());
        let steps = table1(net.last()).count();
        let mut tape = Tape::new(&net);
        let mut grads = Gradients::new(&net);
        let mut target = Array1::zeros(net.outputs());
        let name = a.name;

        // Forward pass, cycling through the training points.
        let mut i = 0;
        let d = time(|| {
            let p = &points[i % points.len()];
            i += 1;
            net.forward(ArrayView1::from(&p.x[..]), &mut tape);
            black_box(tape.output());
        });
        row(name, &format!("forward pass, Eq. 1-4 ({params} parameters)"), d, "passes");

        // Backward pass alone: the Table 1 steps on one recorded forward pass.
        let p = points[0];
        net.forward(ArrayView1::from(&p.x[..]), &mut tape);
        encode_target(p.label(), target.view_mut());
        let d = time(|| {
            backward(&net, &tape, target.view(), &mut grads);
            black_box(&grads);
        });
        row("", &format!("backward pass, Table 1 ({steps} steps)"), d, "passes");

        // One epoch of mini-batch SGD.
        let d = time(|| {
            let _ = black_box(trainer.train(StepUnit::Epoch, 1));
        });
        let updates = points.len().div_ceil(trainer.config().hyper.batch_size);
        row("", &format!("training epoch ({} samples, {updates} updates)", points.len()), d, "epochs");

        // The pictures, with the trained network and the trainer's scratch tape.
        let (net, tape) = trainer.network_and_tape();
        for size in [360, 720] {
            let mut image = vec![0u8; size * size * 4];
            let d = time(|| {
                fill_decision(net, &PLAIN, tape, size, &style, &mut image);
                black_box(&image);
            });
            row("", &format!("decision boundary {size}×{size}"), d, "frames");
        }
        let mut tiles = vec![0u8; neurons * 24 * 24 * 4];
        let d = time(|| {
            fill_neurons(net, &PLAIN, tape, 24, &style, &mut tiles);
            black_box(&tiles);
        });
        row("", &format!("neuron tiles, {neurons} × 24×24"), d, "frames");
        // The same pictures on the fast path the page uses (f32, batched; `picture.rs`).
        let mut painter = Painter::new(net, &PLAIN);
        for size in [360, 720] {
            let mut image = vec![0u8; size * size * 4];
            let d = time(|| {
                painter.fill_decision_rows(size, 0..size, &style, &mut image);
                black_box(&image);
            });
            row("", &format!("decision boundary {size}×{size}, fast path"), d, "frames");
        }
        let d = time(|| {
            painter.fill_neurons(24, &style, &mut tiles);
            black_box(&tiles);
        });
        row("", &format!("neuron tiles, {neurons} × 24×24, fast path"), d, "frames");
        println!();
    }
}
