//! Seeded fuzzing of what a user can hand the core: the network JSON format and the trainer
//! config (issue 8). Each case mutates a valid text (a number becomes NaN, 1e999, "1", null
//! or 2⁶⁴; a key is duplicated, renamed to `__proto__` or dropped; a character is cut, added
//! or swapped; the text is truncated) and checks:
//! - no panic (a panic fails the test);
//! - a rejection is a message of at least a few words;
//! - an acceptance is a valid value: a network within the caps, finite, that writes back to
//!   the same numbers; a config that validates and reads back equal to itself.
//!
//! `FUZZ_CASES` and `FUZZ_SEED` change the run; the number of cases is printed.

use backprop_viz::activation::Activation;
use backprop_viz::config::Config;
use backprop_viz::format;
use backprop_viz::loss::Loss;
use backprop_viz::network::{Init, Network, MAX_LAYERS, MAX_PARAMETERS, MAX_SIZE};
use backprop_viz::rng::Rng;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

const TOKENS: &[&str] = &[
    "NaN",
    "1e999",
    "-1e999",
    "\"1\"",
    "null",
    "[]",
    "{}",
    "true",
    "1e308",
    "-0",
    "18446744073709551616",
    "9007199254740993",
    "-1",
    "1.5",
    "0",
    "\"__proto__\"",
    "\"toString\"",
    "5e-324",
    "[1]",
    "\"relu\"",
    "\"softmax_cross_entropy\"",
];
const KEYS: &[&str] = &["__proto__", "constructor", "toString", "loss", "layers", "w", "b", "activation", "hyper", "seed", "dataset", "hidden", "extra"];

/// One random edit of `text`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len().max(1));
    let (head, tail): (String, String) = (chars[..at].iter().collect(), chars[at..].iter().collect());
    match rng.below(8) {
        // A number (or the value after a colon) becomes a token.
        0 | 1 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            let start = tail.find(|c: char| c.is_ascii_digit() || c == '-' || c == '"').unwrap_or(0);
            let end = tail[start..].find([',', ']', '}']).map_or(tail.len(), |e| start + e);
            format!("{head}{}{token}{}", &tail[..start], &tail[end..])
        }
        // A key renamed, or an extra key added to an object.
        2 => match tail.find('"') {
            Some(q) => {
                let key = KEYS[rng.below(KEYS.len())];
                let close = tail[q + 1..].find('"').map_or(tail.len(), |e| q + 2 + e);
                format!("{head}{}\"{key}\"{}", &tail[..q], &tail[close..])
            }
            None => text.to_string(),
        },
        3 => match tail.find('{') {
            Some(b) => format!("{head}{}{{\"{}\": {}, {}", &tail[..b], KEYS[rng.below(KEYS.len())], TOKENS[rng.below(TOKENS.len())], &tail[b + 1..]),
            None => text.to_string(),
        },
        // A character cut, added or doubled; the text truncated.
        4 => format!("{head}{}", tail.chars().skip(1).collect::<String>()),
        5 => format!("{head}{}{tail}", ['[', ']', '{', '}', ',', ':', '"', '0', '9', 'e', '-', '.'][rng.below(12)]),
        6 => head,
        // A whole value repeated (a longer array, or a duplicated key-value pair).
        _ => match tail.find(',') {
            Some(c) => format!("{head}{}{}", &tail[..=c], &tail),
            None => text.to_string(),
        },
    }
}

/// Up to 3 edits.
fn fuzzed(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    for _ in 0..=rng.below(3) {
        s = mutate(&s, rng);
    }
    s
}

fn check_message(message: &str, input: &str) {
    assert!(message.split_whitespace().count() >= 3, "the rejection of {input:?} says too little: {message:?}");
}

fn seeds_networks(rng: &mut Rng) -> Vec<String> {
    let acts = [Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Linear];
    (0..6)
        .map(|i| {
            let depth = 1 + rng.below(3);
            let sizes: Vec<usize> = (0..=depth).map(|_| 1 + rng.below(4)).collect();
            let activations: Vec<Activation> = (0..depth).map(|_| acts[rng.below(4)]).collect();
            let loss = if i % 2 == 0 { Loss::SumOfSquares } else { Loss::SoftmaxCrossEntropy };
            format::to_json(&Network::random(&sizes, &activations, loss, Init::Xavier, i as u64).unwrap())
        })
        .collect()
}

#[test]
fn the_network_format_rejects_or_reads_exactly_whatever_it_is_given() {
    let cases = setting("FUZZ_CASES", 100_000);
    let mut rng = Rng::new(setting("FUZZ_SEED", 20261128));
    let valid = seeds_networks(&mut rng);
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..cases {
        let input = fuzzed(&valid[rng.below(valid.len())], &mut rng);
        match format::from_json(&input) {
            Ok(net) => {
                accepted += 1;
                assert!(net.is_finite(), "accepted a non-finite network: {input}");
                assert!(net.layers.len() <= MAX_LAYERS && net.sizes().iter().all(|&s| s <= MAX_SIZE));
                assert!(net.layers.iter().map(|l| l.m() * l.n() + l.n()).sum::<usize>() <= MAX_PARAMETERS);
                let again = format::from_json(&format::to_json(&net)).expect("what was accepted writes back");
                assert_eq!(again, net, "not the same numbers after a round trip: {input}");
            }
            Err(message) => {
                rejected += 1;
                check_message(&message, &input);
            }
        }
    }
    println!("network format: {cases} fuzzed cases, {accepted} accepted, {rejected} rejected");
    assert!(accepted > cases / 100 && rejected > cases / 2, "the fuzz reaches both outcomes");
}

#[test]
fn the_trainer_config_rejects_or_reads_exactly_whatever_it_is_given() {
    let cases = setting("FUZZ_CASES", 100_000);
    let mut rng = Rng::new(setting("FUZZ_SEED", 20261128) ^ 1);
    let mut valid = vec![serde_json::to_string(&Config::default()).unwrap()];
    valid.extend(backprop_viz::config::presets().iter().map(|p| serde_json::to_string(&p.config).unwrap()));
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..cases {
        let input = fuzzed(&valid[rng.below(valid.len())], &mut rng);
        match format::read::<Config>(&input).and_then(|c| c.validate().map(|_| c)) {
            Ok(config) => {
                accepted += 1;
                let again: Config = format::read(&serde_json::to_string(&config).unwrap()).expect("what was accepted writes back");
                assert_eq!(again, config);
            }
            Err(message) => {
                rejected += 1;
                check_message(&message, &input);
            }
        }
    }
    println!("trainer config: {cases} fuzzed cases, {accepted} accepted, {rejected} rejected");
    assert!(accepted > cases / 100 && rejected > cases / 2, "the fuzz reaches both outcomes");
}

#[test]
fn a_config_that_validates_makes_a_trainer_that_trains() {
    // Fewer cases: each one builds a dataset and trains an epoch.
    let mut rng = Rng::new(setting("FUZZ_SEED", 20261128) ^ 2);
    let base = serde_json::to_string(&Config::default()).unwrap();
    let mut made = 0;
    for _ in 0..6000 {
        let input = fuzzed(&base, &mut rng);
        let Ok(config) = format::read::<Config>(&input).and_then(|c| c.validate().map(|_| c)) else { continue };
        let mut trainer = backprop_viz::trainer::Trainer::new(config).unwrap_or_else(|e| panic!("a valid config was refused ({e}): {input}"));
        let _ = trainer.train(backprop_viz::trainer::StepUnit::Epoch, 1);
        assert!(trainer.network().is_finite());
        made += 1;
    }
    println!("{made} fuzzed configs built a trainer and trained an epoch");
    assert!(made > 50);
}
