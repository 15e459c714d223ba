//! Line charts drawn with plotters (the loss curve; the gradient norms on a log scale): axes,
//! labels, a legend, and series with gaps, on axes that stay finite whatever the values.

use super::canvas::MeasuredCanvas;
use super::plots::{area, err, rgb, short, yes, Theme, FAMILY};
use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The most series a line chart draws, and the most points in one.
const MAX_SERIES: usize = 64;
const MAX_POINTS: usize = 100_000;
/// The axis ranges of a line chart stay within ±this (and a log axis above its inverse), so
/// that the ticks are computed from finite, normal numbers.
const AXIS_LIMIT: f64 = 1e300;
/// A log axis spans at most this many decades below its top.
const MAX_DECADES: f64 = 60.0;

#[derive(Deserialize)]
struct Series {
    name: String,
    color: [u8; 3],
    /// A gap (NaN in JS, `null` once through JSON) is skipped.
    #[serde(deserialize_with = "gaps")]
    values: Vec<f64>,
    /// Each value's x (an epoch: the history is not evenly spaced, and the axis runs on to at
    /// least 5); none means evenly spaced from 0 to `x_max`. A gap (NaN) is skipped.
    #[serde(default, deserialize_with = "gaps")]
    x: Vec<f64>,
    #[serde(default)]
    dashed: bool,
}

fn gaps<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let values: Vec<Option<f64>> = Deserialize::deserialize(d)?;
    Ok(values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LineOptions {
    title: String,
    x_label: String,
    y_label: String,
    /// The right end of the x axis (series without their own x are spread evenly up to it).
    x_max: f64,
    #[serde(default)]
    log_y: bool,
    /// Draw the legend inside the plot (the page draws a long one beside the chart instead).
    #[serde(default = "yes")]
    legend: bool,
    theme: Theme,
}

/// A tick of a log axis: a power of ten as 10⁻², 1, 10, 10³; anything else as `short`.
fn log_label(v: f64) -> String {
    let e = v.log10();
    if v <= 0.0 || (e - e.round()).abs() > 1e-9 {
        return short(v);
    }
    let e = e.round() as i32;
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    match e {
        0 => "1".into(),
        1 => "10".into(),
        _ => {
            let digits: String = e.unsigned_abs().to_string().chars().map(|c| DIGITS[c as usize - '0' as usize]).collect();
            format!("10{}{digits}", if e < 0 { "⁻" } else { "" })
        }
    }
}

/// The legend in the upper right corner of the plot: a line of each series' colour and its
/// name. (Drawn here rather than by plotters' series labels, which measure text in a styled
/// `<span>`.)
fn legend(root: &DrawingArea<MeasuredCanvas, Shift>, plot: (std::ops::Range<i32>, std::ops::Range<i32>), series: &[Series], t: &Theme) -> Result<(), JsError> {
    let s = t.scale;
    let px = |v: f64| (v * s).round() as i32;
    let fg = rgb(t.foreground);
    let font = (FAMILY, 10.0 * s).into_font().color(&fg).pos(text_anchor::Pos::new(text_anchor::HPos::Left, text_anchor::VPos::Center));
    let widths = series.iter().map(|x| root.estimate_text_size(&x.name, &font).map(|(w, _)| w as i32)).collect::<Result<Vec<_>, _>>().map_err(err)?;
    let (line, gap, row) = (px(16.0), px(6.0), px(14.0));
    let width = line + 3 * gap + widths.iter().copied().max().unwrap_or(0);
    let height = row * series.len() as i32 + gap;
    let (x1, y0) = (plot.0.end - gap, plot.1.start + gap);
    let x0 = x1 - width;
    root.draw(&Rectangle::new([(x0, y0), (x1, y0 + height)], rgb(t.background).mix(0.85).filled())).map_err(err)?;
    root.draw(&Rectangle::new([(x0, y0), (x1, y0 + height)], fg.mix(0.6))).map_err(err)?;
    for (i, x) in series.iter().enumerate() {
        let y = y0 + gap / 2 + row * i as i32 + row / 2;
        let stroke = rgb(x.color).stroke_width(px(3.0).max(1) as u32);
        // A dashed series gets a dashed sample: two strokes with a gap.
        let pieces = if x.dashed { vec![(0, line * 3 / 8), (line * 5 / 8, line)] } else { vec![(0, line)] };
        for (a, b) in pieces {
            root.draw(&PathElement::new(vec![(x0 + gap + a, y), (x0 + gap + b, y)], stroke)).map_err(err)?;
        }
        root.draw(&Text::new(x.name.clone(), (x0 + 2 * gap + line, y), font.clone())).map_err(err)?;
    }
    Ok(())
}

/// The y axis of a line chart: the values' range with a margin, finite and normal whatever the
/// values (empty, one point, flat, ±1.8e308, subnormal); on a log scale only values > 0 count,
/// and at most [`MAX_DECADES`] decades are shown.
fn y_range(values: impl Iterator<Item = f64>, log: bool) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite() && (!log || *v > 0.0))
        .map(|v| if log { v.clamp(1.0 / AXIS_LIMIT, AXIS_LIMIT) } else { v.clamp(-AXIS_LIMIT, AXIS_LIMIT) })
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if log {
        let (lo, hi) = if lo.is_finite() { (lo.max(hi / 10f64.powf(MAX_DECADES)), hi) } else { (1e-3, 1.0) };
        return whole_decades(lo * 0.8, hi * 1.25);
    }
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    // A flat series still gets a visible range around its value. (Halves first: hi − lo
    // could overflow.)
    let pad = ((hi / 2.0 - lo / 2.0) * 0.16).max(hi.abs().max(lo.abs()) * 0.05).max(1e-6);
    ((lo - pad).max(if lo >= 0.0 { 0.0 } else { -AXIS_LIMIT * 1.1 }), hi + pad)
}

/// A log axis from `lo` to `hi`, widened to whole decades when fewer than two powers of ten
/// fall inside: plotters labels only the powers of ten, and one labelled tick gives no scale.
/// (The ends stand a hair beyond their powers: plotters finds them through logarithms, and
/// log₁₀ 0.1 comes out as −0.99999…)
fn whole_decades(lo: f64, hi: f64) -> (f64, f64) {
    const HAIR: f64 = 1e-6;
    if (hi * (1.0 - HAIR)).log10().floor() > (lo * (1.0 + HAIR)).log10().ceil() {
        return (lo, hi);
    }
    let (bottom, top) = (lo.log10().floor(), hi.log10().ceil());
    (10f64.powf(bottom) * (1.0 - HAIR), 10f64.powf(top.max(bottom + 1.0)) * (1.0 + HAIR))
}

/// The y axis, linear or logarithmic, as one type. plotters' chart code (the mesh, the axes,
/// the series) is generic over the axis: one instantiation instead of two keeps 4.6 KB
/// (gzip) out of the wasm. The log axis is plotters' own, so its ticks are as before.
enum YAxis {
    Linear(RangedCoordf64),
    Log(LogCoord<f64>),
}

impl Ranged for YAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        match self {
            YAxis::Linear(axis) => axis.map(value, limit),
            YAxis::Log(axis) => axis.map(value, limit),
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        match self {
            YAxis::Linear(axis) => axis.key_points(hint),
            YAxis::Log(axis) => axis.key_points(hint),
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        match self {
            YAxis::Linear(axis) => axis.range(),
            YAxis::Log(axis) => axis.range(),
        }
    }
}

/// The title in 14 px, or smaller on a canvas too narrow for it (plotters centres it and cuts
/// both ends: "ient norm per layer (log scale), ru"); below 9 px it keeps 9 px and loses its
/// end to an ellipsis instead.
fn fit_title<F: Fn(f64) -> TextStyle<'static>>(root: &DrawingArea<MeasuredCanvas, Shift>, title: &str, font: &F, s: f64) -> Result<(String, f64), JsError> {
    // (Room for 12 px each side: the caption's centre and the drawn text's are a few px apart.)
    let room = root.dim_in_pixel().0 as f64 - 24.0 * s;
    let (w, _) = root.estimate_text_size(title, &font(14.0)).map_err(err)?;
    let px = 14.0 * (room / w.max(1) as f64).min(1.0);
    if px >= 9.0 {
        return Ok((title.to_string(), px));
    }
    // At 9 px the title is 9/14 as wide: keep the characters that fit, and an ellipsis.
    let chars = title.chars().count();
    let keep = ((chars as f64 * room / (w as f64 * 9.0 / 14.0)) as usize).saturating_sub(1);
    Ok((title.chars().take(keep).chain(['…']).collect(), 9.0))
}

/// Draws line series with axes, labels and a legend (the loss curve; the gradient norms on a
/// log scale).
#[wasm_bindgen(js_name = drawLineChart)]
pub fn draw_line_chart(#[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement")] canvas: &JsValue, series: JsValue, options: JsValue) -> Result<(), JsError> {
    let series: Vec<Series> = super::from_js(&series, "series")?;
    let o: LineOptions = super::from_js(&options, "chart options")?;
    if series.len() > MAX_SERIES {
        return Err(JsError::new(&format!("at most {MAX_SERIES} series, not {}", series.len())));
    }
    if let Some((i, x)) = series.iter().enumerate().find(|(_, x)| x.values.len() > MAX_POINTS) {
        return Err(JsError::new(&format!("series[{i}] has {} values; at most {MAX_POINTS}", x.values.len())));
    }
    if let Some((i, x)) = series.iter().enumerate().find(|(_, x)| !x.x.is_empty() && x.x.len() != x.values.len()) {
        return Err(JsError::new(&format!("series[{i}] has {} values but {} x", x.values.len(), x.x.len())));
    }
    let t = &o.theme;
    let s = t.scale;
    let fg = rgb(t.foreground);
    let root = area(canvas, t)?;
    root.fill(&rgb(t.background)).map_err(err)?;
    let (lo, hi) = y_range(series.iter().flat_map(|x| x.values.iter().copied()), o.log_y);
    let x_max = if o.x_max > 0.0 { o.x_max.min(AXIS_LIMIT) } else { 1.0 };
    let font = |px: f64| (FAMILY, px * s).into_font().color(&fg);
    let (title, title_px) = fit_title(&root, &o.title, &font, s)?;
    let mut builder = ChartBuilder::on(&root);
    // (The right margin holds half of the last x label, "100" under the axis's end.)
    builder
        .caption(title, font(title_px))
        .margin((6.0 * s) as i32)
        .margin_right((16.0 * s) as i32)
        .x_label_area_size((34.0 * s) as i32)
        .y_label_area_size((56.0 * s) as i32);
    let axis = fg.mix(0.6);
    let points = |x: &Series| -> Vec<(f64, f64)> {
        let n = x.values.len().max(2) - 1;
        let at = |i: usize| x.x.get(i).map_or(x_max * i as f64 / n as f64, |x_i| x_i.clamp(0.0, x_max));
        let drawn = |&(x_i, y): &(f64, f64)| x_i.is_finite() && y.is_finite() && (!o.log_y || y > 0.0);
        x.values.iter().enumerate().map(|(i, &y)| (at(i), y)).filter(drawn).collect()
    };
    let y_axis = if o.log_y { YAxis::Log((lo..hi).log_scale().into()) } else { YAxis::Linear((lo..hi).into()) };
    let mut chart = builder.build_cartesian_2d(0.0..x_max, y_axis).map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(rgb(t.neutral))
        .bold_line_style(axis.mix(0.3))
        .axis_style(axis)
        .x_desc(o.x_label.clone())
        .y_desc(o.y_label.clone())
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .x_labels(5)
        .y_labels(5)
        .y_label_formatter(&|v| if o.log_y { log_label(*v) } else { short(*v) })
        .x_label_formatter(&|v| if x_max >= 5.0 { format!("{v:.0}") } else { short(*v) })
        .draw()
        .map_err(err)?;
    for x in &series {
        let color = rgb(x.color);
        let style = color.stroke_width((2.0 * s).max(1.0) as u32);
        let pts = points(x);
        if let [only] = pts[..] {
            // One point (the first epoch) draws no line: a dot instead.
            chart.draw_series(std::iter::once(Circle::new(only, (3.0 * s) as i32, color.filled()))).map_err(err)?;
        }
        if x.dashed {
            chart.draw_series(DashedLineSeries::new(pts, (6.0 * s) as u32, (4.0 * s) as u32, style)).map_err(err)?
        } else {
            chart.draw_series(LineSeries::new(pts, style)).map_err(err)?
        };
    }
    if o.legend && !series.is_empty() {
        legend(&root, chart.plotting_area().get_pixel_range(), &series, t)?;
    }
    root.present().map_err(err)?;
    Ok(())
}
