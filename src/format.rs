//! The product's one file format for networks (README, "Network JSON"):
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
use crate::loss::Loss;
use crate::network::MAX_PARAMETERS;
use crate::network::{Layer, Network};
use ndarray::{Array1, Array2};
use serde_json::{json, Map, Value};
use std::cell::Cell;

/// Parses and checks a network; the error is a sentence naming the place, e.g.
/// `layers[1].w[2] has 3 entries, expected 4`.
pub fn from_json(text: &str) -> Result<Network, String> {
    let value = strict_value(text).map_err(|e| format!("not valid JSON: {e}"))?;
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

fn only_keys(obj: &Map<String, Value>, at: &str, allowed: &[&str]) -> Result<(), String> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!("{at} has an unknown key \"{k}\"; allowed: {}", allowed.join(", "))),
        None => Ok(()),
    }
}

/// Parses JSON text into a value, refusing a key that appears twice in one object (serde_json
/// would keep the last silently) and a text of more values than the largest network holds (so
/// that a huge file fails early, before its tree fills memory).
pub fn strict_value(text: &str) -> Result<Value, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let budget = Cell::new(MAX_VALUES);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Unique(&budget).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// The most values (numbers, strings, arrays, objects) a JSON text may hold: every weight and
/// bias of the largest network, and room for its rows.
const MAX_VALUES: usize = MAX_PARAMETERS + (1 << 16);

/// Reads one JSON value with no duplicate key, counting against a budget of values.
struct Unique<'a>(&'a Cell<usize>);

impl Unique<'_> {
    fn spend<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.0.get() {
            0 => Err(E::custom(format!("it holds more than {MAX_VALUES} values; a network has at most {MAX_PARAMETERS} weights and biases"))),
            left => {
                self.0.set(left - 1);
                Ok(())
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Unique<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Unique<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend()?;
        Ok(v.into())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend()?;
        Ok(v.into())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend()?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(v.into()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Unique(self.0))? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut obj = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if obj.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("the key \"{key}\" appears twice in one object")));
            }
            let v = map.next_value_seed(Unique(self.0))?;
            obj.insert(key, v);
        }
        Ok(Value::Object(obj))
    }
}

/// Reads a serde type from JSON text strictly (no duplicate key, and serde's own checks such
/// as `deny_unknown_fields`); the message names the field's path, e.g.
/// `hyper.learningRate: invalid type: null, expected f64`.
pub fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = strict_value(text).map_err(|e| format!("not valid JSON: {e}"))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
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
    let layers: Vec<Value> = net
        .layers
        .iter()
        .map(|l| {
            let w: Vec<Vec<f64>> = l.w.rows().into_iter().map(|r| r.to_vec()).collect();
            json!({"activation": l.activation.name(), "w": w, "b": l.b.to_vec()})
        })
        .collect();
    json!({"loss": net.loss.name(), "layers": layers}).to_string()
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
