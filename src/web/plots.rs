//! Charts drawn with plotters on a `<canvas>` (plotters-canvas, through `MeasuredCanvas`): the
//! gradient heatmaps with their colour bar, here, and the line charts in `line_chart.rs`; both
//! share the theme and the helpers below. The page reads a heatmap's returned geometry to map
//! the mouse to cells.

use super::canvas::MeasuredCanvas;
use super::{args, object};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;
use plotters_backend::{BackendCoord, DrawingErrorKind};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The least height of a heatmap's row, in CSS px, where its canvas has room.
const MIN_ROW: f64 = 16.0;
/// The most cells a heatmap draws (a 256 × 256 matrix), so that a draw stays well under a
/// second.
const MAX_CELLS: usize = 1 << 16;

/// The charts' typeface, as the page's CSS names it. (Named directly: plotters' conversion
/// from a string lower-cases it, which brought Unicode's case tables into the wasm.)
pub(crate) const FAMILY: FontFamily<'static> = FontFamily::Name("system-ui, sans-serif");

/// Colours and sizes shared by every chart; `scale` multiplies every length (device pixel
/// ratio × projector zoom).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Theme {
    pub(super) background: [u8; 3],
    pub(super) foreground: [u8; 3],
    /// The zero of the diverging scale.
    pub(super) neutral: [u8; 3],
    pub(super) negative: [u8; 3],
    pub(super) positive: [u8; 3],
    #[serde(default = "one")]
    pub(super) scale: f64,
}

fn one() -> f64 {
    1.0
}

pub(super) fn rgb(c: [u8; 3]) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

fn mix(a: [u8; 3], b: [u8; 3], t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let c = [0, 1, 2].map(|i| (a[i] as f64 + (b[i] as f64 - a[i] as f64) * t).round() as u8);
    rgb(c)
}

/// The symmetric diverging scale: −max ↦ negative, 0 ↦ neutral, +max ↦ positive. A gradient
/// that overflowed is drawn for what it is: ±∞ at its end of the scale, NaN neutral.
fn diverging(theme: &Theme, v: f64, max: f64) -> RGBColor {
    if v.is_nan() || (v.is_finite() && max <= 0.0) {
        return rgb(theme.neutral);
    }
    let end = if v < 0.0 { theme.negative } else { theme.positive };
    mix(theme.neutral, end, if v.is_finite() { v.abs() / max } else { 1.0 })
}

/// The largest finite |v| (0 if none): the half-range when none is given. An ∞ would make
/// every finite entry neutral.
fn largest_finite(values: &[f64]) -> f64 {
    values.iter().filter(|v| v.is_finite()).fold(0.0, |m, v| m.max(v.abs()))
}

/// Three significant digits with a true minus sign.
pub(super) fn short(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return (if v.is_nan() {
            "NaN"
        } else if v > 0.0 {
            "∞"
        } else {
            "\u{2212}∞"
        })
        .into();
    }
    let a = v.abs();
    let s = if !(1e-3..1e4).contains(&a) {
        format!("{v:.2e}")
    } else {
        let decimals = (2 - a.log10().floor() as i32).clamp(0, 4) as usize;
        format!("{v:.decimals$}")
    };
    s.replace('-', "\u{2212}")
}

pub(super) fn err(e: impl std::fmt::Debug) -> JsError {
    JsError::new(&format!("drawing failed: {e:?}"))
}

pub(super) fn area(canvas: &JsValue, theme: &Theme) -> Result<DrawingArea<MeasuredCanvas, Shift>, JsError> {
    if !(theme.scale.is_finite() && (0.25..=8.0).contains(&theme.scale)) {
        return Err(JsError::new(&format!("theme.scale must be a number from 0.25 to 8, not {}", theme.scale)));
    }
    let canvas =
        canvas.dyn_ref::<HtmlCanvasElement>().ok_or_else(|| JsError::new(&format!("the canvas must be a <canvas> element, not {}", args::shown(canvas))))?;
    let backend = MeasuredCanvas::new(canvas.clone()).ok_or_else(|| JsError::new("the canvas has no 2-D context"))?;
    Ok(backend.into_drawing_area())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HeatmapOptions {
    title: String,
    #[serde(default = "m")]
    row_label: String,
    #[serde(default = "n")]
    col_label: String,
    /// The half-range of the colour scale; the largest |value| when absent or 0.
    #[serde(default)]
    range: f64,
    /// A cell to outline, `[row, col]`.
    #[serde(default)]
    highlight: Option<[usize; 2]>,
    /// Draw the values in the cells when they fit.
    #[serde(default = "yes")]
    numbers: bool,
    /// Names of the rows and the columns in place of their numbers 1 … (the input features,
    /// along m of ∂L/∂w⁽⁰⁾ and (∂L/∂x⁽⁰⁾)ᵀ); none, or one each.
    #[serde(default)]
    row_names: Vec<String>,
    #[serde(default)]
    col_names: Vec<String>,
    theme: Theme,
}

/// The label of index `k` (from 0): its name if named, else k + 1.
fn index_label(names: &[String], k: usize) -> String {
    names.get(k).map_or_else(|| (k + 1).to_string(), |name| name.chars().take(MAX_NAME).collect())
}

/// How many characters of a row or column name are drawn.
const MAX_NAME: usize = 8;

fn m() -> String {
    "m".into()
}
fn n() -> String {
    "n".into()
}
pub(super) fn yes() -> bool {
    true
}

/// The cells as one bitmap: cell (r, c) covers pixels `xs[c] … xs[c + 1] − 1` across and
/// `ys[r] … ys[r + 1] − 1` down, in its colour on the diverging scale. (One image instead of a
/// `fillRect` per cell: a 32 × 32 matrix is one call, not 1024.)
fn cells(t: &Theme, values: &[f64], cols: usize, max: f64, xs: &[i32], ys: &[i32]) -> Bitmap {
    let (w, h) = ((xs[cols] - xs[0]).max(0) as usize, (ys[ys.len() - 1] - ys[0]).max(0) as usize);
    let colours: Vec<RGBColor> = values.iter().map(|&v| diverging(t, v, max)).collect();
    // The cell index of each pixel column and row: the last boundary at or before it.
    let index = |edges: &[i32], p: usize| edges.partition_point(|&e| e <= edges[0] + p as i32).saturating_sub(1).min(edges.len() - 2);
    let col_of: Vec<usize> = (0..w).map(|px| index(xs, px)).collect();
    let mut rgb = vec![0u8; w * h * 3];
    for (row, line) in rgb.chunks_exact_mut((w * 3).max(1)).enumerate().take(h) {
        let r = index(ys, row);
        for (out, &c) in line.chunks_exact_mut(3).zip(&col_of) {
            let RGBColor(a, b, d) = colours[r * cols + c];
            out.copy_from_slice(&[a, b, d]);
        }
    }
    Bitmap { at: (xs[0], ys[0]), size: (w as u32, h as u32), rgb }
}

/// The colour bar, `width` × `height` pixels at `at`: +max in the top row, −max in the bottom
/// one, as one bitmap (a rectangle per row set the canvas's colour ~100 times a heatmap).
fn colour_bar(t: &Theme, max: f64, at: (i32, i32), width: i32, height: i32) -> Bitmap {
    let (w, h) = (width.max(1) as usize, height.max(2) as usize);
    let mut rgb = Vec::with_capacity(w * h * 3);
    for i in 0..h {
        let RGBColor(r, g, b) = diverging(t, max * (1.0 - 2.0 * i as f64 / (h - 1) as f64), max);
        (0..w).for_each(|_| rgb.extend_from_slice(&[r, g, b]));
    }
    Bitmap { at, size: (w as u32, h as u32), rgb }
}

/// An RGB image to put on the canvas at `at`, as a plotters element (plotters' own
/// `BitMapElement` needs its bitmap backend); `MeasuredCanvas::blit_bitmap` draws it.
struct Bitmap {
    at: (i32, i32),
    size: (u32, u32),
    rgb: Vec<u8>,
}

impl<'a> plotters::element::PointCollection<'a, (i32, i32)> for &'a Bitmap {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> plotters::element::Drawable<DB> for Bitmap {
    fn draw<I: Iterator<Item = BackendCoord>>(&self, mut at: I, backend: &mut DB, _: (u32, u32)) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match at.next() {
            Some(pos) => backend.blit_bitmap(pos, self.size, &self.rgb),
            None => Ok(()),
        }
    }
}

/// Draws `values` (rows × cols, row-major) as a heatmap on the symmetric diverging scale,
/// with its title, index labels, axis names and a colour bar with its numeric range.
/// Returns `{x0, y0, cellWidth, cellHeight, rows, cols, range}` in canvas pixels.
#[wasm_bindgen(js_name = drawHeatmap)]
pub fn draw_heatmap(
    #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement")] canvas: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "ArrayLike<number>")] values: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] rows: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] cols: &JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    let o: HeatmapOptions = super::from_js(&options, "heatmap options")?;
    let rows = args::whole(rows, "rows", 1, MAX_CELLS)?;
    let cols = args::whole(cols, "cols", 1, MAX_CELLS)?;
    // (In u64: on wasm32 a usize product of two sizes can overflow.)
    let count = rows as u64 * cols as u64;
    if count > MAX_CELLS as u64 {
        return Err(JsError::new(&format!("a {rows} × {cols} heatmap has {count} cells; at most {MAX_CELLS}")));
    }
    for (names, count, what) in [(&o.row_names, rows, "rowNames"), (&o.col_names, cols, "colNames")] {
        if !names.is_empty() && names.len() != count {
            return Err(JsError::new(&format!("{what} must name all {count}, not {}", names.len())));
        }
    }
    let values = args::any_numbers(values, "values", MAX_CELLS)?;
    if values.len() != rows * cols {
        return Err(JsError::new(&format!("a {rows} × {cols} heatmap needs {} values, got {}", rows * cols, values.len())));
    }
    let t = &o.theme;
    let s = t.scale;
    let fg = rgb(t.foreground);
    let root = area(canvas, t)?;
    root.fill(&rgb(t.background)).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let max = if o.range > 0.0 { o.range } else { largest_finite(&values) };

    let font = |px: f64| (FAMILY, px * s).into_font().color(&fg);
    let bottom = if o.col_label.is_empty() { 14.0 } else { 28.0 } * s;
    // The widest index label in CSS px: names as measured in 11 px type, numbers at under 7 px
    // a digit. The row indices' width, then the row label's, make the left margin.
    let label_font = (FAMILY, 11.0 * s).into_font().color(&fg);
    let widest = |names: &[String], count: usize| -> Result<f64, JsError> {
        let mut most = if names.is_empty() { 7.0 * count.to_string().len() as f64 } else { 0.0 };
        for k in 0..names.len() {
            let (w, _) = root.estimate_text_size(&index_label(names, k), &label_font).map_err(err)?;
            most = most.max(w as f64 / s);
        }
        Ok(most)
    };
    let (index_w, col_label_w) = (widest(&o.row_names, rows)?, widest(&o.col_names, cols)?);
    let left = if o.row_label.is_empty() { 16.0f64.max(9.0 + index_w) } else { 30.0f64.max(24.0 + index_w) } * s;
    // The colour bar and its labels: as wide as the longest label needs.
    let label_chars = if max > 0.0 { short(-max).chars().count() as f64 } else { 5.0 };
    let (title_h, bar_w) = (20.0 * s, (20.0 + 6.2 * label_chars) * s);
    root.draw(&Text::new(o.title.clone(), (4, (3.0 * s) as i32), font(14.0))).map_err(err)?;
    let avail_w = (w - left - bar_w - 6.0 * s).max(1.0);
    let avail_h = (h - title_h - bottom).max(1.0);
    // Square cells, except that a row is at least `MIN_ROW` px tall where the canvas has room:
    // a 1 × 32 vector in square cells was a hairline strip of 5 px.
    let mut cw = (avail_w / cols as f64).min(avail_h / rows as f64).min(56.0 * s).max(1.0);
    if !o.col_names.is_empty() {
        // Named columns as wide as their names where the canvas has room: each is labelled.
        cw = cw.max((avail_w / cols as f64).min((col_label_w + 6.0) * s));
    }
    let ch = cw.max((avail_h / rows as f64).min(MIN_ROW * s)).min(avail_h / rows as f64).max(1.0);
    let x0 = left + ((avail_w - cw * cols as f64) / 2.0).max(0.0);
    let y0 = title_h;
    let xs: Vec<i32> = (0..=cols).map(|c| (x0 + c as f64 * cw) as i32).collect();
    let ys: Vec<i32> = (0..=rows).map(|r| (y0 + r as f64 * ch) as i32).collect();
    root.draw(&cells(t, &values, cols, max, &xs, &ys)).map_err(err)?;
    if o.numbers && cw >= 46.0 * s && ch >= 18.0 * s {
        let style = (FAMILY, 11.0 * s).into_font().color(&fg).pos(text_anchor::Pos::new(text_anchor::HPos::Center, text_anchor::VPos::Center));
        for (k, v) in values.iter().enumerate() {
            let (r, c) = (k / cols, k % cols);
            root.draw(&Text::new(short(*v), ((xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2), style.clone())).map_err(err)?;
        }
    }
    // Grid lines between cells when they are big enough to tell apart.
    if cw >= 6.0 * s {
        let grid = rgb(t.background).stroke_width(1);
        for c in 0..=cols {
            let x = (x0 + c as f64 * cw) as i32;
            root.draw(&PathElement::new(vec![(x, y0 as i32), (x, (y0 + rows as f64 * ch) as i32)], grid)).map_err(err)?;
        }
        for r in 0..=rows {
            let y = (y0 + r as f64 * ch) as i32;
            root.draw(&PathElement::new(vec![(x0 as i32, y), ((x0 + cols as f64 * cw) as i32, y)], grid)).map_err(err)?;
        }
    }
    if let Some([r, c]) = o.highlight.filter(|[r, c]| *r < rows && *c < cols) {
        let (xa, ya) = ((x0 + c as f64 * cw) as i32, (y0 + r as f64 * ch) as i32);
        let (xb, yb) = ((x0 + (c + 1) as f64 * cw) as i32, (y0 + (r + 1) as f64 * ch) as i32);
        root.draw(&Rectangle::new([(xa, ya), (xb, yb)], fg.stroke_width((2.0 * s).max(1.0) as u32))).map_err(err)?;
    }
    // Index labels: every k-th so that they do not collide.
    let small = |px: f64, h: text_anchor::HPos, v: text_anchor::VPos| (FAMILY, px * s).into_font().color(&fg).pos(text_anchor::Pos::new(h, v));
    // Index labels at least 18 px apart across (two digits) and 13 px down (a line of 11 px).
    let every = |size: f64, apart: f64| ((apart * s / size).ceil() as usize).max(1);
    use text_anchor::{HPos, VPos};
    let col_apart = 18.0f64.max(col_label_w + 4.0);
    for c in (0..cols).step_by(every(cw, col_apart)) {
        let x = (x0 + (c as f64 + 0.5) * cw) as i32;
        root.draw(&Text::new(index_label(&o.col_names, c), (x, (y0 + rows as f64 * ch + 2.0 * s) as i32), small(11.0, HPos::Center, VPos::Top)))
            .map_err(err)?;
    }
    for r in (0..rows).step_by(every(ch, 13.0)) {
        let y = (y0 + (r as f64 + 0.5) * ch) as i32;
        root.draw(&Text::new(index_label(&o.row_names, r), ((x0 - 3.0 * s) as i32, y), small(11.0, HPos::Right, VPos::Center))).map_err(err)?;
    }
    let grid_bottom = y0 + rows as f64 * ch;
    root.draw(&Text::new(o.col_label.clone(), ((x0 + cols as f64 * cw / 2.0) as i32, (grid_bottom + 15.0 * s) as i32), small(12.0, HPos::Center, VPos::Top)))
        .map_err(err)?;
    let row_label_x = x0 - 18.0f64.max(8.0 + index_w) * s;
    root.draw(&Text::new(o.row_label.clone(), (row_label_x.max(2.0) as i32, (y0 + rows as f64 * ch / 2.0) as i32), small(12.0, HPos::Right, VPos::Center)))
        .map_err(err)?;

    // The colour bar: +range at the top, 0 in the middle, −range at the bottom. With no finite
    // entry but 0 and some ±∞ (an overflow), its ends are ±∞, where those cells are drawn.
    let bx = w - bar_w + 4.0 * s;
    let (by0, by1) = (y0, (y0 + (rows as f64 * ch).max(60.0 * s)).min(h - 4.0 * s));
    let infinite = max <= 0.0 && values.iter().any(|v| v.is_infinite());
    let bar = if infinite { 1.0 } else { max };
    root.draw(&colour_bar(t, bar, (bx as i32, by0 as i32), (bx + 10.0 * s) as i32 - bx as i32, by1 as i32 - by0 as i32)).map_err(err)?;
    let lx = (bx + 13.0 * s) as i32;
    let ends = if infinite { Some(("∞".to_string(), "\u{2212}∞".to_string())) } else { (max > 0.0).then(|| (short(max), short(-max))) };
    if let Some((top, bottom)) = ends {
        root.draw(&Text::new(top, (lx, by0 as i32), small(10.0, HPos::Left, VPos::Top))).map_err(err)?;
        root.draw(&Text::new("0", (lx, ((by0 + by1) / 2.0) as i32), small(10.0, HPos::Left, VPos::Center))).map_err(err)?;
        root.draw(&Text::new(bottom, (lx, by1 as i32), small(10.0, HPos::Left, VPos::Bottom))).map_err(err)?;
    } else {
        // Every entry is 0 (or NaN) and no shared scale was given: a bar of ±0 would say nothing.
        let all = if values.iter().any(|v| v.is_nan()) { "NaN" } else { "all 0" };
        root.draw(&Text::new(all, (lx, ((by0 + by1) / 2.0) as i32), small(10.0, HPos::Left, VPos::Center))).map_err(err)?;
    }
    root.present().map_err(err)?;
    Ok(object(&[
        ("x0", x0.into()),
        ("y0", y0.into()),
        ("cellWidth", cw.into()),
        ("cellHeight", ch.into()),
        ("rows", rows.into()),
        ("cols", cols.into()),
        ("range", max.into()),
    ])
    .into())
}
