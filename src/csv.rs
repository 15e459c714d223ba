//! The student's points as CSV, one point a line: `x1,x2,label` (classes), or `x1,x2,y` for
//! a regression target, which needs its header.
//!
//! ```text
//! x1,x2,label          x1,x2,y
//! 1.25,-3,0            1.25,-3,0.71
//! -0.5,2.75,1          -0.5,2.75,-0.2
//! ```
//!
//! Reading is strict and all-or-nothing: the first bad line stops it, and the message names
//! the line and the field (`line 4, x2: "abc" is not a number`). Blank lines are skipped and
//! a line may end in `\r\n`. Writing gives back the same numbers exactly (the shortest text
//! that reads back to the same f64).

use crate::dataset::{Point, EXTENT, MAX_POINTS, MAX_TARGET};
use crate::json;

/// The header of classes, optional when reading.
pub const HEADER: &str = "x1,x2,label";
/// The header of a regression: the third column is the target Y.
pub const REGRESSION_HEADER: &str = "x1,x2,y";
/// The largest label: five classes at most.
const MAX_LABEL: usize = 4;

/// Points read from CSV, and their K: 1 for a regression (`x1,x2,y`), else one more than the
/// largest label and at least 2.
#[derive(Clone, Debug, PartialEq)]
pub struct Points {
    pub points: Vec<Point>,
    pub classes: usize,
}

/// Reads points from CSV text; the error is a sentence naming the line (counted from 1).
pub fn read(text: &str) -> Result<Points, String> {
    let (mut points, mut regression) = (Vec::new(), false);
    for (i, line) in text.split('\n').enumerate() {
        let (number, line) = (i + 1, line.strip_suffix('\r').unwrap_or(line));
        if line.trim().is_empty() {
            continue;
        }
        if points.is_empty() && !regression {
            if let Some(is_regression) = header(line, number)? {
                regression = is_regression;
                continue;
            }
        }
        if points.len() == MAX_POINTS {
            return Err(format!("line {number}: more than {MAX_POINTS} points; the page takes at most {MAX_POINTS}"));
        }
        points.push(row(line, regression).map_err(|e| format!("line {number}, {e}"))?);
    }
    if points.is_empty() {
        return Err(format!("the file has no points; each line is {HEADER}, e.g. 1.5,-2,0"));
    }
    let classes = if regression { 1 } else { points.iter().map(|p| p.label() + 1).max().unwrap_or(0).max(2) };
    Ok(Points { points, classes })
}

/// The first line as a header: `Some(false)` for [`HEADER`], `Some(true)` for
/// [`REGRESSION_HEADER`], `None` for a line with a number in it (a point). Any other header
/// is an error (columns in another order are not guessed at).
fn header(line: &str, number: usize) -> Result<Option<bool>, String> {
    let names: Vec<String> = line.split(',').map(|f| f.trim().to_ascii_lowercase()).collect();
    if names.iter().any(|n| n.parse::<f64>().is_ok()) {
        return Ok(None);
    }
    match names.join(",").as_str() {
        HEADER => Ok(Some(false)),
        REGRESSION_HEADER => Ok(Some(true)),
        _ => Err(format!("line {number}: the header must be {HEADER} or {REGRESSION_HEADER}, not \"{}\"", clip(line))),
    }
}

/// One point from a line of three fields.
fn row(line: &str, regression: bool) -> Result<Point, String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    let names = ["x1", "x2", if regression { "y" } else { "label" }];
    if fields.len() != 3 {
        let plural = if fields.len() == 1 { "" } else { "s" };
        return Err(format!("{} field{plural}: expected 3 ({})", fields.len(), names.join(",")));
    }
    let number = |k: usize, limit: f64, what: &str| -> Result<f64, String> {
        let v: f64 = fields[k].parse().map_err(|_| format!("{}: \"{}\" is not a number", names[k], clip(fields[k])))?;
        if !v.is_finite() {
            return Err(format!("{}: \"{}\" is not a finite number", names[k], clip(fields[k])));
        }
        if v.abs() > limit {
            return Err(format!("{}: {} is outside {what}, −{limit} to {limit}", names[k], clip(fields[k])));
        }
        Ok(v)
    };
    let x = [number(0, EXTENT, "the plane")?, number(1, EXTENT, "the plane")?];
    if regression {
        return Ok(Point { x, target: number(2, MAX_TARGET, "the targets the page takes")? });
    }
    match fields[2].parse::<usize>() {
        Ok(label) if label <= MAX_LABEL => Ok(Point::class(x, label)),
        _ => Err(format!(
            "label: \"{}\" is not a class; the classes are 0 to {MAX_LABEL} (a regression file starts with the header {REGRESSION_HEADER})",
            clip(fields[2])
        )),
    }
}

/// At most 20 characters of a field, for a message.
fn clip(text: &str) -> String {
    match text.char_indices().nth(20) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// The points of K classes (1: a regression) as CSV, header first; [`read`] gives back the
/// same points exactly.
pub fn write(points: &[Point], classes: usize) -> String {
    let mut out = format!("{}\n", if classes == 1 { REGRESSION_HEADER } else { HEADER });
    for p in points {
        out.push_str(&format!("{},{},{}\n", number(p.x[0]), number(p.x[1]), number(p.target)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn p(x1: f64, x2: f64, label: usize) -> Point {
        Point::class([x1, x2], label)
    }
    fn classes(text: &str) -> Vec<Point> {
        let read = read(text).unwrap();
        assert!(read.classes >= 2);
        read.points
    }

    #[test]
    fn a_valid_file_gives_the_exact_points() {
        let text = "x1,x2,label\r\n1.25,-3,0\r\n\r\n -0.5 , 2.75 ,1\n6,-6,4\n1e-3,0.1,2\n";
        let want = vec![p(1.25, -3.0, 0), p(-0.5, 2.75, 1), p(6.0, -6.0, 4), p(0.001, 0.1, 2)];
        assert_eq!(read(text).unwrap(), Points { points: want.clone(), classes: 5 });
        // The header is optional, and so is the last line's newline.
        assert_eq!(classes("1.25,-3,0\n-0.5,2.75,1"), want[..2]);
        assert_eq!(classes(" X1 , x2, Label\n0,0,1"), vec![p(0.0, 0.0, 1)]);
        assert_eq!(read("0,0,0").unwrap().classes, 2, "at least two classes");
        // A regression: its header, then any target within ±100.
        let values = read("x1,x2,y\n1,2,0.37\n-6,6,-100\n0,0,3").unwrap();
        let want = vec![Point { x: [1.0, 2.0], target: 0.37 }, Point { x: [-6.0, 6.0], target: -100.0 }, Point { x: [0.0, 0.0], target: 3.0 }];
        assert_eq!(values, Points { points: want, classes: 1 });
    }

    #[test]
    fn each_kind_of_bad_line_is_refused_with_its_number() {
        let cases = [
            ("x1,x2,label\n1,2,0\n1,2\n", "line 3, 2 fields: expected 3 (x1,x2,label)"),
            ("1,2,0,7\n", "line 1, 4 fields"),
            ("1,2,0\n\n1,abc,1\n", "line 3, x2: \"abc\" is not a number"),
            ("1,2,0\n,2,1\n", "line 2, x1: \"\" is not a number"),
            ("7,2,0\n", "line 1, x1: 7 is outside the plane"),
            ("1,-6.5,0\n", "line 1, x2: -6.5 is outside the plane"),
            ("1,NaN,0\n", "line 1, x2: \"NaN\" is not a finite number"),
            ("1,inf,0\n", "line 1, x2: \"inf\" is not a finite number"),
            ("1,2,5\n", "line 1, label: \"5\" is not a class"),
            ("1,2,1.5\n", "line 1, label: \"1.5\" is not a class; the classes are 0 to 4 (a regression file starts with the header x1,x2,y)"),
            ("1,2,-1\n", "line 1, label: \"-1\" is not a class"),
            ("1,2,blue\n", "line 1, label: \"blue\" is not a class"),
            ("a,b,c\n1,2,0\n", "line 1: the header must be x1,x2,label or x1,x2,y"),
            ("x1,x2,y\n1,2,0.5\n1,2,nope\n", "line 3, y: \"nope\" is not a number"),
            ("x1,x2,y\n1,2,101\n", "line 2, y: 101 is outside the targets the page takes"),
            ("x1,x2,y\n1,2\n", "line 2, 2 fields: expected 3 (x1,x2,y)"),
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
        assert_eq!(read(&"0,0,0\n".repeat(MAX_POINTS)).unwrap().points.len(), MAX_POINTS);
        let long = format!("1,{},0", "9".repeat(100));
        assert!(read(&long).unwrap_err().len() < 80, "a long field is clipped in the message");
    }

    #[test]
    fn export_then_import_is_exact() {
        let mut rng = Rng::new(7);
        let mut any = |i: usize| {
            // Any f64 on the plane, tiny and subnormal ones included.
            let tiny = f64::from_bits(rng.uniform(0.0, 1.0).to_bits() >> (i % 60));
            if i.is_multiple_of(3) {
                tiny
            } else {
                rng.uniform(-EXTENT, EXTENT)
            }
        };
        let labelled: Vec<Point> = (0..2000).map(|i| p(any(i), any(i + 1), i % 5)).collect();
        let valued: Vec<Point> = (0..2000).map(|i| Point { x: [any(i + 2), any(i)], target: any(i + 1) }).collect();
        for (points, classes, header) in [(labelled, 5, "x1,x2,label\n"), (valued, 1, "x1,x2,y\n")] {
            let text = write(&points, classes);
            assert!(text.starts_with(header));
            let back = read(&text).unwrap();
            assert_eq!(back.classes, classes);
            let bits = |p: &Point| [p.x[0].to_bits(), p.x[1].to_bits(), p.target.to_bits()];
            assert_eq!(back.points.iter().map(bits).collect::<Vec<_>>(), points.iter().map(bits).collect::<Vec<_>>());
            assert_eq!(write(&back.points, classes), text);
        }
        assert_eq!(write(&[p(3.0, -6.0, 1), p(0.1, -2.5e-7, 0)], 2), "x1,x2,label\n3,-6,1\n0.1,-2.5e-7,0\n");
    }
}
