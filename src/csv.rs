//! The student's points as CSV: `x1,x2,label`, one point a line, with an optional header.
//!
//! ```text
//! x1,x2,label
//! 1.25,-3,0
//! -0.5,2.75,1
//! ```
//!
//! Reading is strict and all-or-nothing: the first bad line stops it, and the message names
//! the line and the field (`line 4, x2: "abc" is not a number`). Blank lines are skipped and
//! a line may end in `\r\n`. Writing gives back the same numbers exactly (the shortest text
//! that reads back to the same f64).

use crate::dataset::{Point, EXTENT, MAX_POINTS};
use crate::json;

/// The header line [`write`] puts first, and the one header [`read`] accepts.
pub const HEADER: &str = "x1,x2,label";
/// The largest label: five classes at most.
const MAX_LABEL: usize = 4;
const FIELDS: [&str; 3] = ["x1", "x2", "label"];

/// Reads points from CSV text; the error is a sentence naming the line (counted from 1).
pub fn read(text: &str) -> Result<Vec<Point>, String> {
    let mut points = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let (number, line) = (i + 1, line.strip_suffix('\r').unwrap_or(line));
        if line.trim().is_empty() || (points.is_empty() && is_header(line, number)?) {
            continue;
        }
        if points.len() == MAX_POINTS {
            return Err(format!("line {number}: more than {MAX_POINTS} points; the page takes at most {MAX_POINTS}"));
        }
        points.push(row(line).map_err(|e| format!("line {number}, {e}"))?);
    }
    if points.is_empty() {
        return Err(format!("the file has no points; each line is {HEADER}, e.g. 1.5,-2,0"));
    }
    Ok(points)
}

/// Whether the first line is the header: a line without a single number. Any header but
/// [`HEADER`] is an error (columns in another order are not guessed at).
fn is_header(line: &str, number: usize) -> Result<bool, String> {
    let names: Vec<String> = line.split(',').map(|f| f.trim().to_ascii_lowercase()).collect();
    if names.iter().any(|n| n.parse::<f64>().is_ok()) {
        return Ok(false);
    }
    match names.join(",").as_str() {
        HEADER => Ok(true),
        "x1,x2,y" => Err(format!("line {number}: a y column is a regression target; these points need a class label: {HEADER}")),
        _ => Err(format!("line {number}: the header must be {HEADER}, not \"{}\"", clip(line))),
    }
}

/// One point from a line of three fields.
fn row(line: &str) -> Result<Point, String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if fields.len() != FIELDS.len() {
        return Err(format!("{} field{}: expected 3 ({HEADER})", fields.len(), if fields.len() == 1 { "" } else { "s" }));
    }
    let coordinate = |k: usize| -> Result<f64, String> {
        let v: f64 = fields[k].parse().map_err(|_| format!("{}: \"{}\" is not a number", FIELDS[k], clip(fields[k])))?;
        if !v.is_finite() {
            return Err(format!("{}: \"{}\" is not a finite number", FIELDS[k], clip(fields[k])));
        }
        if v.abs() > EXTENT {
            return Err(format!("{}: {} is outside the plane, −{EXTENT} to {EXTENT}", FIELDS[k], clip(fields[k])));
        }
        Ok(v)
    };
    let x = [coordinate(0)?, coordinate(1)?];
    let label = match fields[2].parse::<usize>() {
        Ok(l) if l <= MAX_LABEL => l,
        _ => return Err(format!("label: \"{}\" is not a class; the classes are 0 to {MAX_LABEL}", clip(fields[2]))),
    };
    Ok(Point { x, label })
}

/// At most 20 characters of a field, for a message.
fn clip(text: &str) -> String {
    match text.char_indices().nth(20) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// The points as CSV, header first; [`read`] gives back the same points exactly.
pub fn write(points: &[Point]) -> String {
    let mut out = format!("{HEADER}\n");
    for p in points {
        out.push_str(&format!("{},{},{}\n", number(p.x[0]), number(p.x[1]), p.label));
    }
    out
}

/// The shortest text that reads back to `x`, without JSON's ".0" on whole numbers (3, not 3.0,
/// as a spreadsheet writes it).
fn number(x: f64) -> String {
    let text = json::number(x);
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// K for a set of points: one more than the largest label, and at least two.
pub fn classes(points: &[Point]) -> usize {
    points.iter().map(|p| p.label + 1).max().unwrap_or(0).max(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn p(x1: f64, x2: f64, label: usize) -> Point {
        Point { x: [x1, x2], label }
    }

    #[test]
    fn a_valid_file_gives_the_exact_points() {
        let text = "x1,x2,label\r\n1.25,-3,0\r\n\r\n -0.5 , 2.75 ,1\n6,-6,4\n1e-3,0.1,2\n";
        let want = vec![p(1.25, -3.0, 0), p(-0.5, 2.75, 1), p(6.0, -6.0, 4), p(0.001, 0.1, 2)];
        assert_eq!(read(text).unwrap(), want);
        // The header is optional, and so is the last line's newline.
        assert_eq!(read("1.25,-3,0\n-0.5,2.75,1").unwrap(), want[..2]);
        assert_eq!(read(" X1 , x2, Label\n0,0,1").unwrap(), vec![p(0.0, 0.0, 1)]);
        assert_eq!(classes(&want), 5);
        assert_eq!(classes(&[p(0.0, 0.0, 0)]), 2);
    }

    #[test]
    fn each_kind_of_bad_line_is_refused_with_its_number() {
        let cases = [
            ("x1,x2,label\n1,2,0\n1,2\n", "line 3, 2 fields: expected 3"),
            ("1,2,0,7\n", "line 1, 4 fields"),
            ("1,2,0\n\n1,abc,1\n", "line 3, x2: \"abc\" is not a number"),
            ("1,2,0\n,2,1\n", "line 2, x1: \"\" is not a number"),
            ("7,2,0\n", "line 1, x1: 7 is outside the plane"),
            ("1,-6.5,0\n", "line 1, x2: -6.5 is outside the plane"),
            ("1,NaN,0\n", "line 1, x2: \"NaN\" is not a finite number"),
            ("1,inf,0\n", "line 1, x2: \"inf\" is not a finite number"),
            ("1,2,5\n", "line 1, label: \"5\" is not a class"),
            ("1,2,1.5\n", "line 1, label: \"1.5\" is not a class"),
            ("1,2,-1\n", "line 1, label: \"-1\" is not a class"),
            ("1,2,blue\n", "line 1, label: \"blue\" is not a class"),
            ("a,b,c\n1,2,0\n", "line 1: the header must be x1,x2,label"),
            ("x1,x2,y\n1,2,0.5\n", "line 1: a y column is a regression target"),
            ("1,2,0\nx1,x2,label\n", "line 2, x1: \"x1\" is not a number"),
            ("x1,x2,label\n\n", "the file has no points"),
            ("", "the file has no points"),
        ];
        for (text, expected) in cases {
            let err = read(text).expect_err(text);
            assert!(err.contains(expected), "for {text:?}\n  got: {err}\n  expected: {expected}");
        }
        let too_many = "0,0,0\n".repeat(MAX_POINTS + 1);
        assert!(read(&too_many).unwrap_err().starts_with(&format!("line {}: more than {MAX_POINTS} points", MAX_POINTS + 1)));
        assert_eq!(read(&"0,0,0\n".repeat(MAX_POINTS)).unwrap().len(), MAX_POINTS);
        let long = format!("1,{},0", "9".repeat(100));
        assert!(read(&long).unwrap_err().len() < 80, "a long field is clipped in the message");
    }

    #[test]
    fn export_then_import_is_exact() {
        let mut rng = Rng::new(7);
        let points: Vec<Point> = (0..2000)
            .map(|i| {
                // Any f64 on the plane, tiny and subnormal ones included.
                let tiny = f64::from_bits(rng.uniform(0.0, 1.0).to_bits() >> (i % 60));
                let x1 = if i % 3 == 0 { tiny } else { rng.uniform(-EXTENT, EXTENT) };
                p(x1, rng.uniform(-EXTENT, EXTENT), i % 5)
            })
            .collect();
        let text = write(&points);
        assert!(text.starts_with("x1,x2,label\n"));
        let back = read(&text).unwrap();
        assert!(back.iter().zip(&points).all(|(a, b)| a.x.map(f64::to_bits) == b.x.map(f64::to_bits) && a.label == b.label));
        assert_eq!(back.len(), points.len());
        assert_eq!(write(&back), text);
        assert_eq!(write(&[p(3.0, -6.0, 1), p(0.1, -2.5e-7, 0)]), "x1,x2,label\n3,-6,1\n0.1,-2.5e-7,0\n");
    }
}
