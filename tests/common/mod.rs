//! Helpers shared by the native tests.
#![allow(dead_code)]

use backprop_viz::activation::Activation;
use backprop_viz::loss::Loss;
use backprop_viz::network::{Init, Network};
use backprop_viz::rng::Rng;
use ndarray::Array1;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A random network with random biases (so that no g sits exactly at a ReLU kink).
pub fn random_net(sizes: &[usize], activations: &[Activation], loss: Loss, seed: u64) -> Network {
    let mut net = Network::random(sizes, activations, loss, Init::Xavier, seed).unwrap();
    let mut rng = Rng::new(seed + 100);
    for l in &mut net.layers {
        l.b.mapv_inplace(|_| rng.uniform(-0.5, 0.5));
    }
    net
}

pub fn random_vec(n: usize, rng: &mut Rng) -> Array1<f64> {
    Array1::from_shape_simple_fn(n, || rng.uniform(-2.0, 2.0))
}

/// A target for `loss`: one-hot for softmax (Σ Y = 1, Eq. 32), any vector otherwise.
pub fn random_target(loss: Loss, n: usize, rng: &mut Rng) -> Array1<f64> {
    match loss {
        Loss::SumOfSquares => random_vec(n, rng),
        Loss::SoftmaxCrossEntropy => {
            let mut t = Array1::zeros(n);
            t[rng.below(n)] = 1.0;
            t
        }
    }
}

/// |a − b| / max(|a|, |b|), or |a − b| when both are below 1e-7 (a relative error of two
/// values that are both round-off-sized means nothing).
pub fn rel_err(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale < 1e-7 {
        (a - b).abs()
    } else {
        (a - b).abs() / scale
    }
}

/// A global allocator that counts allocations, to check that the frame loop makes none.
/// A test crate installs it with `#[global_allocator] static A: Counting = Counting;`.
pub struct Counting;
pub static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, size)
    }
}

/// How many allocations `f` makes.
pub fn allocations(f: impl FnOnce()) -> usize {
    let start = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - start
}
