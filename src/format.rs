//! The product's one file format for networks (API.md, "Network JSON"):
//!
//! ```json
//! {"loss": "sum_of_squares" | "softmax_cross_entropy",
//!  "layers": [{"activation": "relu" | "tanh" | "sigmoid" | "linear",
//!              "w": [[w_11, …, w_1N], …, [w_M1, …, w_MN]],
//!              "b": [b_1, …, b_N]}, …]}
//! ```
//!
//! `w` is M^j × N^j, rows = inputs m. Every rejection says what is wrong and where.

use crate::activation::Activation;
use crate::json::{self, Value};
use crate::loss::Loss;
use crate::network::MAX_PARAMETERS;
use crate::network::{Layer, Network};
use ndarray::{Array1, Array2};
use std::collections::BTreeMap;

/// Parses and checks a network; the error is a sentence naming the place, e.g.
/// `layers[1].w[2] has 3 entries, expected 4`.
pub fn from_json(text: &str) -> Result<Network, String> {
    let value = json::parse(text, MAX_VALUES).map_err(|e| format!("not valid JSON: {e}"))?;
    let obj = value.as_object().ok_or("the network must be a JSON object with \"loss\" and \"layers\"")?;
    only_keys(obj, "the network", &["loss", "layers"])?;
    let loss_name = obj.get("loss").ok_or("missing \"loss\"")?.as_str().ok_or("\"loss\" must be a string")?;
    let loss = Loss::parse(loss_name).ok_or_else(|| format!("unknown loss \"{loss_name}\"; expected \"sum_of_squares\" or \"softmax_cross_entropy\""))?;
    let layers = obj.get("layers").ok_or("missing \"layers\"")?.as_array().ok_or("\"layers\" must be an array")?;
    if layers.is_empty() {
        return Err("\"layers\" is empty; a network needs at least one layer".into());
    }
    let layers = layers.iter().enumerate().map(|(j, l)| layer(j, l)).collect::<Result<Vec<_>, _>>()?;
    Network::new(layers, loss).map_err(|e| e.0)
}

fn layer(j: usize, value: &Value) -> Result<Layer, String> {
    let at = format!("layers[{j}]");
    let obj = value.as_object().ok_or_else(|| format!("{at} must be an object with \"activation\", \"w\" and \"b\""))?;
    only_keys(obj, &at, &["activation", "w", "b"])?;
    let name =
        obj.get("activation").ok_or_else(|| format!("{at} is missing \"activation\""))?.as_str().ok_or_else(|| format!("{at}.activation must be a string"))?;
    let activation =
        Activation::parse(name).ok_or_else(|| format!("{at}.activation: unknown activation \"{name}\"; expected relu, tanh, sigmoid or linear"))?;
    let rows =
        obj.get("w").ok_or_else(|| format!("{at} is missing \"w\""))?.as_array().ok_or_else(|| format!("{at}.w must be an array of rows (M^{j} × N^{j})"))?;
    if rows.is_empty() {
        return Err(format!("{at}.w has no rows; M^{j} must be at least 1"));
    }
    let rows = rows.iter().enumerate().map(|(m, row)| numbers(row, &format!("{at}.w[{m}]"))).collect::<Result<Vec<_>, _>>()?;
    let n = rows[0].len();
    if n == 0 {
        return Err(format!("{at}.w[0] is empty; N^{j} must be at least 1"));
    }
    if let Some((m, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != n) {
        return Err(format!("{at}.w is ragged: row {m} has {} entries but row 0 has {n}", row.len()));
    }
    let w = Array2::from_shape_vec((rows.len(), n), rows.concat()).expect("rows checked to be of equal length");
    let b = Array1::from(numbers(obj.get("b").ok_or_else(|| format!("{at} is missing \"b\""))?, &format!("{at}.b"))?);
    Ok(Layer { w, b, activation })
}

fn numbers(value: &Value, at: &str) -> Result<Vec<f64>, String> {
    let items = value.as_array().ok_or_else(|| format!("{at} must be an array of numbers"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| match v.as_f64() {
            Some(x) if x.is_finite() => Ok(x),
            Some(x) => Err(format!("{at}[{i}] is {x}; every number must be finite")),
            None => Err(format!("{at}[{i}] is {v}, not a number")),
        })
        .collect()
}

fn only_keys(obj: &BTreeMap<String, Value>, at: &str, allowed: &[&str]) -> Result<(), String> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!("{at} has an unknown key \"{k}\"; allowed: {}", allowed.join(", "))),
        None => Ok(()),
    }
}

/// The most values (numbers, strings, arrays, objects) a JSON text may hold: every weight and
/// bias of the largest network, and room for its rows (so that a huge file fails early,
/// before its tree fills memory).
pub(crate) const MAX_VALUES: usize = MAX_PARAMETERS + (1 << 16);

/// Reads a serde type from JSON text strictly (no duplicate key, and serde's own checks such
/// as `deny_unknown_fields`); the message names the field's path, e.g.
/// `hyper.learningRate: invalid type: null, expected f64`.
pub fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = json::parse(text, MAX_VALUES).map_err(|e| format!("not valid JSON: {e}"))?;
    T::deserialize(value).map_err(|e| {
        let (path, inner) = (e.path(), e.message());
        let hint = if inner.contains("null") { " (NaN and Infinity become null in JSON)" } else { "" };
        if path == "." {
            format!("{inner}{hint}")
        } else {
            format!("{path}: {inner}{hint}")
        }
    })
}

/// Writes `net` in the format above; [`from_json`] gives back the same numbers exactly.
pub fn to_json(net: &Network) -> String {
    let list = |items: Vec<String>| format!("[{}]", items.join(","));
    let numbers = |v: &[f64]| list(v.iter().map(|&x| json::number(x)).collect());
    let layers = net
        .layers
        .iter()
        .map(|l| {
            let w = list(l.w.rows().into_iter().map(|r| numbers(&r.to_vec())).collect());
            format!(r#"{{"activation":{},"w":{w},"b":{}}}"#, json::string(l.activation.name()), numbers(&l.b.to_vec()))
        })
        .collect();
    format!(r#"{{"loss":{},"layers":{}}}"#, json::string(net.loss.name()), list(layers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Init;

    #[test]
    fn round_trip_is_exact() {
        for loss in Loss::ALL {
            let net = Network::random(&[2, 5, 3, 4], &[Activation::Relu, Activation::Sigmoid, Activation::Linear], loss, Init::Xavier, 9).unwrap();
            let text = to_json(&net);
            assert_eq!(from_json(&text).unwrap(), net);
            assert_eq!(to_json(&from_json(&text).unwrap()), text);
        }
        let small = r#"{"loss":"sum_of_squares","layers":[{"activation":"tanh","w":[[1.5],[-2]],"b":[0.25]}]}"#;
        let net = from_json(small).unwrap();
        assert_eq!((net.inputs(), net.outputs(), net.layers[0].w[[1, 0]]), (2, 1, -2.0));
    }

    #[test]
    fn every_kind_of_bad_json_is_rejected_with_its_place() {
        let ok_layer = r#"{"activation":"relu","w":[[1,2],[3,4]],"b":[0,0]}"#;
        let cases: Vec<(String, &str)> = vec![
            ("{\"loss\": ".into(), "not valid JSON"),
            ("[1, 2]".into(), "must be a JSON object"),
            (r#"{"layers": []}"#.into(), "missing \"loss\""),
            (r#"{"loss": "hinge", "layers": []}"#.into(), "unknown loss \"hinge\""),
            (r#"{"loss": "sum_of_squares", "layers": []}"#.into(), "\"layers\" is empty"),
            (r#"{"loss": "sum_of_squares", "layers": [], "extra": 1}"#.into(), "unknown key \"extra\""),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"gelu","w":[[1]],"b":[0]}]}"#.into(), "layers[0].activation: unknown activation \"gelu\""),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[[1,2],[3]],"b":[0,0]}]}"#.into(), "layers[0].w is ragged: row 1 has 1 entries"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[[1,"a"]],"b":[0,0]}]}"#.into(), "layers[0].w[0][1] is \"a\", not a number"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[[1,2]],"b":[0]}]}"#.into(), "layers[0].b has 1 entries but w^0 has N^0 = 2"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[[1e999]],"b":[0]}]}"#.into(), "not valid JSON"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[[NaN]],"b":[0]}]}"#.into(), "not valid JSON"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[],"b":[]}]}"#.into(), "layers[0].w has no rows"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[[]],"b":[]}]}"#.into(), "layers[0].w[0] is empty"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","b":[0]}]}"#.into(), "layers[0] is missing \"w\""),
            (
                format!(r#"{{"loss": "sum_of_squares", "layers": [{ok_layer}, {{"activation":"relu","w":[[1],[2],[3]],"b":[0]}}]}}"#),
                "layers[1].w has M^1 = 3 rows but layer 0 has N^0 = 2",
            ),
            (format!(r#"{{"loss": "sum_of_squares", "layers": [{ok_layer}, 7]}}"#), "layers[1] must be an object"),
            (format!(r#"{{"loss": "sum_of_squares", "loss": "softmax_cross_entropy", "layers": [{ok_layer}]}}"#), "the key \"loss\" appears twice"),
            (r#"{"loss": "sum_of_squares", "layers": [{"activation":"relu","w":[[1]],"b":[0],"b":[1]}]}"#.into(), "the key \"b\" appears twice"),
            (
                format!(r#"{{"loss": "sum_of_squares", "layers": [{{"activation":"relu","w":[{}],"b":[{}]}}]}}"#, "[0]", vec!["0"; 1025].join(",")),
                "b has 1025 entries",
            ),
            (
                format!(
                    r#"{{"loss": "sum_of_squares", "layers": [{{"activation":"relu","w":[[{}]],"b":[{}]}}]}}"#,
                    vec!["0"; 1025].join(","),
                    vec!["0"; 1025].join(",")
                ),
                "each size is at most 1024",
            ),
        ];
        for (text, expected) in cases {
            let err = from_json(&text).expect_err(&text);
            assert!(err.contains(expected), "for {text}\n  got: {err}\n  expected to contain: {expected}");
        }
    }
}
