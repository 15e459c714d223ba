//! backprop-viz: backpropagation in a fully connected network, as derived in
//! `seed-backprop-derivatives.md`, in code that reads like its equations.
//!
//! The math core ([`network`], [`activation`], [`loss`], [`backward`], [`train`],
//! [`trainer`], [`config`], [`dataset`], [`features`], [`csv`], [`metrics`], [`boundary`], [`picture`], [`format`]) is pure Rust and knows
//! nothing of the web. The wasm facade ([`web`], only on `wasm32`) is the one place that
//! talks to JavaScript. See ARCHITECTURE.md for the codemap.

pub mod activation;
pub mod backward;
pub mod boundary;
mod checkpoint;
pub mod config;
pub mod csv;
pub mod dataset;
pub mod elementary;
pub mod features;
pub mod format;
pub mod json;
pub mod kernels;
pub mod loss;
pub mod metrics;
pub mod network;
pub mod picture;
pub mod rng;
pub mod train;
pub mod trainer;

#[cfg(target_arch = "wasm32")]
pub mod web;
