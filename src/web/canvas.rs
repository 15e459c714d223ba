//! A plotters backend for a `<canvas>` that measures text with the canvas's own
//! `measureText`. plotters-canvas draws through the 2-D context, but measures a text by adding
//! a `<span style="…">` to the page and reading its size: an inline style, which the page's
//! Content-Security-Policy (`style-src 'self'`) forbids, and a forced layout per label. This
//! wrapper passes every drawing call through and answers the measuring itself; it also puts a
//! bitmap in one `putImageData` (the heatmaps' cells).
//!
//! Text was much of a heatmap's cost (labels, ticks, the colour bar's numbers): each label set
//! the font (which Chromium parses), the colour and the alignment. Here a label sets only what
//! changed since the last one.

use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub(crate) struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    /// What this backend last set of the context's text state: unknown at first, and the fill
    /// colour again after any shape the inner backend fills.
    text: TextState,
}

#[derive(Default)]
struct TextState {
    font: String,
    fill: Option<(u8, u8, u8, u64)>,
    align: &'static str,
    baseline: &'static str,
}

type Error = DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

impl MeasuredCanvas {
    pub(crate) fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(MeasuredCanvas { inner: CanvasBackend::with_canvas_object(canvas)?, context, text: TextState::default() })
    }

    /// The CSS font plotters-canvas sets before `fillText`, so that the measure matches.
    fn font<S: BackendTextStyle>(style: &S) -> String {
        format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str())
    }
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Error> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.text.fill = None;
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Error> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) -> Result<(), Error> {
        self.text.fill = None;
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), Error> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), Error> {
        self.text.fill = None;
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), Error> {
        self.text.fill = None;
        self.inner.fill_polygon(vert, style)
    }
    /// plotters-canvas's `draw_text`, setting only the state that changed.
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), Error> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.5,
            FontTransform::Rotate180 => 1.0,
            FontTransform::Rotate270 => 1.5,
        } * std::f64::consts::PI;
        let (x, y) = if turn == 0.0 { (pos.0 as f64, pos.1 as f64) } else { self.turn(pos, turn)? };
        self.set_text_state(style);
        let drawn = self.context.fill_text(text, x, y).map_err(|e| DrawingErrorKind::FontError(format!("fillText failed: {e:?}").into()));
        if turn != 0.0 {
            // The state set inside save() … restore() is gone with it.
            self.context.restore();
            self.text = TextState::default();
        }
        drawn
    }
    /// An RGB bitmap in one `putImageData` (plotters-canvas would draw it pixel by pixel).
    fn blit_bitmap(&mut self, pos: BackendCoord, (w, h): (u32, u32), src: &[u8]) -> Result<(), Error> {
        let mut rgba = Vec::with_capacity(w as usize * h as usize * 4);
        for px in src.chunks_exact(3).take(w as usize * h as usize) {
            rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
        }
        let fail = |e: JsValue| DrawingErrorKind::FontError(format!("putImageData failed: {e:?}").into());
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, h).map_err(fail)?;
        self.context.put_image_data(&image, pos.0 as f64, pos.1 as f64).map_err(fail)
    }

    /// The width from `measureText`; the height is the font's line box (its ascent plus its
    /// descent), as a span's `offsetHeight` would give.
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), Error> {
        self.context.save();
        self.context.set_font(&MeasuredCanvas::font(style));
        let measured = self.context.measure_text(text);
        self.context.restore();
        let metrics = measured.map_err(|e| DrawingErrorKind::FontError(format!("measureText failed: {e:?}").into()))?;
        let height = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
        let height = if height > 0.0 { height } else { style.size() * 1.2 };
        Ok((metrics.width().ceil() as u32, height.ceil() as u32))
    }
}

impl MeasuredCanvas {
    /// Saves the state and turns the context by `angle` around `pos`; the text is then drawn
    /// at the origin.
    fn turn(&mut self, pos: BackendCoord, angle: f64) -> Result<(f64, f64), Error> {
        let fail = |e: JsValue| DrawingErrorKind::FontError(format!("rotating text failed: {e:?}").into());
        self.context.save();
        self.context.translate(pos.0 as f64, pos.1 as f64).map_err(fail)?;
        self.context.rotate(angle).map_err(fail)?;
        Ok((0.0, 0.0))
    }

    /// The font, colour, alignment and baseline of `style`, each set only if it changed.
    fn set_text_state<S: BackendTextStyle>(&mut self, style: &S) {
        let anchor = style.anchor();
        let baseline = match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if baseline != self.text.baseline {
            self.context.set_text_baseline(baseline);
            self.text.baseline = baseline;
        }
        if align != self.text.align {
            self.context.set_text_align(align);
            self.text.align = align;
        }
        let color = style.color();
        let fill = (color.rgb.0, color.rgb.1, color.rgb.2, color.alpha.to_bits());
        if self.text.fill != Some(fill) {
            self.context.set_fill_style_str(&format!("rgba({},{},{},{})", fill.0, fill.1, fill.2, color.alpha));
            self.text.fill = Some(fill);
        }
        let font = MeasuredCanvas::font(style);
        if font != self.text.font {
            self.context.set_font(&font);
            self.text.font = font;
        }
    }
}
