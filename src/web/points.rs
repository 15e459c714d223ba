//! The student's own points across the boundary: a flat list `[x1, x2, label, …]` (a
//! `Float64Array` or an array of numbers), and their CSV text (`crate::csv`).

use super::{args, f64s};
use crate::dataset::{Point, MAX_POINTS};
use wasm_bindgen::prelude::*;

/// Points from a flat list of triples x1, x2, target: a class 0 … 4, or for a regression
/// (K = 1) any number; the message names the point.
pub(crate) fn from_flat(value: &JsValue, name: &str, classes: usize) -> Result<Vec<Point>, JsError> {
    let values = args::numbers(value, name, 3 * MAX_POINTS)?;
    if values.len() % 3 != 0 {
        return Err(JsError::new(&format!("{name} has {} numbers; it must be triples x1, x2, label", values.len())));
    }
    values
        .chunks_exact(3)
        .enumerate()
        .map(|(i, p)| match p[2] {
            y if classes == 1 => Ok(Point { x: [p[0], p[1]], target: y }),
            l if l >= 0.0 && l.fract() == 0.0 && l <= 4.0 => Ok(Point::class([p[0], p[1]], l as usize)),
            l => Err(JsError::new(&format!("{name}: point {i} has label {}; a label is a class 0 to 4", args::number_text(l)))),
        })
        .collect()
}

/// The flat list of triples of `points`.
pub(crate) fn to_flat(points: &[Point]) -> JsValue {
    f64s(&points.iter().flat_map(|p| [p.x[0], p.x[1], p.target]).collect::<Vec<_>>())
}

/// Reads CSV text (`x1,x2,label`, API.md, "Points CSV") into `{points, classes}`: a flat
/// `Float64Array` of triples and K. Throws, naming the line and the field, on a bad line.
#[wasm_bindgen(js_name = pointsFromCsv)]
pub fn points_from_csv(#[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue) -> Result<JsValue, JsError> {
    let text = args::text(text, "the CSV text")?;
    let read = crate::csv::read(&text).map_err(|e| JsError::new(&e))?;
    Ok(super::object(&[("points", to_flat(&read.points)), ("classes", (read.classes as f64).into())]).into())
}

/// The CSV text of a flat list of triples of K `classes` (1: regression targets), header
/// first; `pointsFromCsv` reads back the same numbers exactly.
#[wasm_bindgen(js_name = pointsToCsv)]
pub fn points_to_csv(
    #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] points: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] classes: &JsValue,
) -> Result<String, JsError> {
    let classes = args::whole(classes, "classes", 1, 5)?;
    Ok(crate::csv::write(&from_flat(points, "the points", classes)?, classes))
}
