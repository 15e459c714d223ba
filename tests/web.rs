//! The wasm facade, in headless Chromium (wasm-bindgen-test; `cargo xtask test` runs it).
#![cfg(target_arch = "wasm32")]

use backprop_viz::backward::{backward, input_gradient, Gradients};
use backprop_viz::format;
use backprop_viz::network::Tape;
use backprop_viz::trainer::Config;
use backprop_viz::web::{wasm_memory, Network, Pictures, Trainer};
use js_sys::{Float64Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod common;

use common::{allocations, Counting};

wasm_bindgen_test_configure!(run_in_browser);

#[global_allocator]
static GLOBAL: Counting = Counting;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}
/// A vector for the facade, as the page passes one.
fn vec(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}
/// A JS number.
fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}
/// A JS string.
fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}
/// `Network.random` as JS calls it.
fn random(sizes: &[f64], activations: &[&str], loss: &str, init: &str, seed: f64) -> Result<Network, wasm_bindgen::JsError> {
    let acts: js_sys::Array = activations.iter().map(|a| s(a)).collect();
    Network::random(&sizes.iter().map(|&x| n(x)).collect::<js_sys::Array>(), &acts, &s(loss), &s(init), &n(seed))
}

fn f64s(v: &JsValue, key: &str) -> Vec<f64> {
    get(v, key).dyn_into::<Float64Array>().unwrap_or_else(|_| panic!("{key} is a Float64Array")).to_vec()
}

/// A canvas of `width` × `height` pixels on the page, and its 2D context.
fn canvas(width: u32, height: u32) -> (web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d) {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    document.body().unwrap().append_child(&canvas).unwrap();
    let ctx = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    (canvas, ctx)
}

/// The charts' light theme as JSON, and options with it.
const THEME: &str = r#"{"background":[255,255,255],"foreground":[0,0,0],"neutral":[240,240,240],"negative":[230,97,1],"positive":[33,102,172]}"#;
fn options(json_before_theme: &str) -> JsValue {
    js_sys::JSON::parse(&format!(r#"{{{json_before_theme},"theme":{THEME}}}"#)).unwrap()
}

/// The RGBA pixel at the centre of cell (r, c) of a heatmap drawn with `geometry`.
fn cell_pixel(ctx: &web_sys::CanvasRenderingContext2d, geometry: &JsValue, r: f64, c: f64) -> Vec<u8> {
    let num = |k: &str| get(geometry, k).as_f64().unwrap();
    let (x, y) = (num("x0") + (c + 0.5) * num("cellWidth"), num("y0") + (r + 0.5) * num("cellHeight"));
    ctx.get_image_data(x, y, 1.0, 1.0).unwrap().data().to_vec()
}

/// The first pixel column right of a heatmap's cells with the positive colour in it: its colour
/// bar, top to bottom (200 rows).
fn colour_bar(ctx: &web_sys::CanvasRenderingContext2d, geometry: &JsValue) -> Vec<[u8; 3]> {
    let num = |k: &str| get(geometry, k).as_f64().unwrap();
    let column = |x: f64| ctx.get_image_data(x, 0.0, 1.0, 200.0).unwrap().data().chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect::<Vec<_>>();
    let right = num("x0") + num("cols") * num("cellWidth");
    (right as u32..300).map(|x| column(x as f64)).find(|c| c.contains(&[33, 102, 172])).expect("a colour bar")
}

const TINY: &str = r#"{"loss":"sum_of_squares","layers":[
  {"activation":"relu","w":[[1,-1],[2,0.5]],"b":[0.5,-3]},
  {"activation":"linear","w":[[2],[7]],"b":[1]}]}"#;

#[wasm_bindgen_test]
fn backward_gives_the_hand_derived_numbers() {
    // The network of tests/gradients.rs: x = (1, 2), Y = 10, L = 2.
    let net = Network::from_json(&s(TINY)).unwrap();
    let r = net.backward(&vec(&[1.0, 2.0]), &vec(&[10.0])).unwrap();
    assert_eq!(get(&r, "loss").as_f64(), Some(2.0));
    let layers: js_sys::Array = get(&r, "layers").dyn_into().unwrap();
    let (l0, l1) = (layers.get(0), layers.get(1));
    assert_eq!((get(&l0, "m").as_f64(), get(&l0, "n").as_f64()), (Some(2.0), Some(2.0)));
    assert_eq!(f64s(&l0, "g"), [5.5, -3.0]);
    assert_eq!(f64s(&l1, "dl_dy"), [2.0]);
    assert_eq!(f64s(&l1, "dl_dw"), [11.0, 0.0]);
    assert_eq!(f64s(&l1, "dl_dx"), [4.0, 14.0]);
    assert_eq!(f64s(&l0, "dl_dy"), [4.0, 14.0]);
    assert_eq!(f64s(&l0, "dl_dg"), [4.0, 0.0]);
    // Row-major M × N: index m·N + n, so [[4, 0], [8, 0]] is [4, 0, 8, 0].
    assert_eq!(f64s(&l0, "dl_dw"), [4.0, 0.0, 8.0, 0.0]);
    assert_eq!(f64s(&l0, "dl_db"), [4.0, 0.0]);
    assert_eq!(f64s(&l0, "dl_dx"), [4.0, 8.0]);
}

#[wasm_bindgen_test]
fn an_update_with_a_penalty_adds_lambda_r_prime_to_the_weights_gradient_only() {
    // The hand-derived network, η = 0.1, λ = 0.5: ∂L/∂w⁰ = [[4, 0], [8, 0]], ∂L/∂w¹ = (11, 0),
    // ∂L/∂b⁰ = (4, 0), ∂L/∂b¹ = 2. w ← w − η (∂L/∂w + λ R′(w)); b ← b − η ∂L/∂b, no penalty.
    // w¹₂ is 0 in the L1 case: sign 0 = 0, so it stays 0 (a signum of +1 would move it).
    let close = |got: Vec<f64>, want: &[f64]| {
        assert!(got.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-12), "{got:?} against {want:?}");
    };
    let update = |json: &str, reg: &str| {
        let mut net = Network::from_json(&s(json)).unwrap();
        let r = net.apply_update(&vec(&[1.0, 2.0]), &vec(&[10.0]), &n(0.1), &s(reg), &n(0.5)).unwrap();
        assert_eq!(get(&r, "before").as_f64(), Some(2.0));
        net
    };
    // L2, R′(w) = w: 1 − 0.1 (4 + 0.5) = 0.55, −1 − 0.1 (0 − 0.5) = −0.95, 2 − 0.1 (8 + 1) = 1.1, …
    let l2 = update(TINY, "l2");
    close(l2.weights(&n(0.0)).unwrap(), &[0.55, -0.95, 1.1, 0.475]);
    close(l2.weights(&n(1.0)).unwrap(), &[0.8, 6.65]);
    close(l2.biases(&n(0.0)).unwrap(), &[0.1, -3.0]);
    close(l2.biases(&n(1.0)).unwrap(), &[0.8]);
    // L1, R′(w) = sign w, with w¹₂ = 0 (its input y⁰₂ = ReLU(−3) = 0, so nothing else changes).
    let l1 = update(&TINY.replace("[[2],[7]]", "[[2],[0]]"), "l1");
    close(l1.weights(&n(0.0)).unwrap(), &[0.55, -0.95, 1.15, 0.45]);
    close(l1.weights(&n(1.0)).unwrap(), &[0.85, 0.0]);
    close(l1.biases(&n(1.0)).unwrap(), &[0.8]);
    // Without a penalty (the argument left out, as before): w − η ∂L/∂w.
    let mut plain = Network::from_json(&s(TINY)).unwrap();
    plain.apply_update(&vec(&[1.0, 2.0]), &vec(&[10.0]), &n(0.1), &JsValue::UNDEFINED, &JsValue::UNDEFINED).unwrap();
    close(plain.weights(&n(0.0)).unwrap(), &[0.6, -1.0, 1.2, 0.5]);
    let bad = plain.apply_update(&vec(&[1.0, 2.0]), &vec(&[10.0]), &n(0.1), &s("l3"), &n(0.5)).err().unwrap();
    assert_eq!(message(bad), r#"the regularization must be "none", "l1" or "l2", not "l3""#);
    let bad = plain.apply_update(&vec(&[1.0, 2.0]), &vec(&[10.0]), &n(0.1), &s("l2"), &n(11.0)).err().unwrap();
    assert_eq!(message(bad), "regularizationRate must be between 0 and 10, not 11");
}

#[wasm_bindgen_test]
fn the_facade_gives_the_cores_numbers() {
    // A softmax network through JSON, against the core run directly on the same network.
    let net = random(&[2.0, 5.0, 4.0, 3.0], &["tanh", "relu", "linear"], "softmax_cross_entropy", "xavier", 12.0).unwrap();
    let core = format::from_json(&net.to_json()).unwrap();
    let (x, t) = ([0.3, -1.7], [0.0, 1.0, 0.0]);
    let r = net.backward(&vec(&x), &vec(&t)).unwrap();
    let mut tape = Tape::new(&core);
    core.forward(ndarray::ArrayView1::from(&x[..]), &mut tape);
    let mut grads = Gradients::new(&core);
    backward(&core, &tape, ndarray::ArrayView1::from(&t[..]), &mut grads);
    input_gradient(&core, &tape, ndarray::ArrayView1::from(&t[..]), &mut grads);
    let layers: js_sys::Array = get(&r, "layers").dyn_into().unwrap();
    for (j, g) in grads.layers.iter().enumerate() {
        let l = layers.get(j as u32);
        assert_eq!(f64s(&l, "dl_dw"), g.dl_dw.iter().copied().collect::<Vec<_>>());
        assert_eq!(f64s(&l, "dl_dg"), g.dl_dg.to_vec());
        assert_eq!(f64s(&l, "dl_dx"), g.dl_dx.to_vec());
    }
    assert_eq!(f64s(&r, "z"), grads.z.to_vec());
    // The stepper's last state equals the full backward pass too.
    let mut s = net.stepper(&vec(&x), &vec(&t)).unwrap();
    assert_eq!(s.count(), 4 * 2 + 4);
    let mut equations = vec![];
    while let Some(step) = Some(s.next_step()).filter(|v| !v.is_undefined()) {
        equations.push(get(&step, "equation").as_f64().unwrap() as u32);
    }
    assert_eq!(equations, [31, 24, 26, 27, 25, 24, 26, 27, 25, 24, 26, 27]);
    let last = get(&s.gradients(), "layers").dyn_into::<js_sys::Array>().unwrap().get(0);
    assert_eq!(f64s(&last, "dl_dw"), grads.layers[0].dl_dw.iter().copied().collect::<Vec<_>>());
    // The gradient check agrees with backprop.
    let check = net.grad_check(&n(1.0), &n(2.0), &n(3.0), &vec(&x), &vec(&t), &n(1e-5)).unwrap();
    assert!(get(&check, "relError").as_f64().unwrap() < 1e-6);
}

fn message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    let e: js_sys::Error = v.dyn_into().expect("a JS Error");
    String::from(e.message())
}

#[wasm_bindgen_test]
fn bad_input_throws_a_js_error_with_a_message() {
    assert!(message(Network::from_json(&s("{")).err().unwrap()).contains("not valid JSON"));
    let ragged = r#"{"loss":"sum_of_squares","layers":[{"activation":"relu","w":[[1,2],[3]],"b":[0,0]}]}"#;
    assert!(message(Network::from_json(&s(ragged)).err().unwrap()).contains("layers[0].w is ragged"));
    let net = Network::from_json(&s(TINY)).unwrap();
    assert!(message(net.backward(&vec(&[1.0]), &vec(&[1.0])).err().unwrap()).contains("x has 1 entries"));
    assert!(message(net.backward(&vec(&[1.0, f64::NAN]), &vec(&[1.0])).err().unwrap()).contains("x[1] is NaN"));
    let soft = random(&[2.0, 3.0], &["linear"], "softmax_cross_entropy", "he", 1.0).unwrap();
    assert!(message(soft.backward(&vec(&[1.0, 1.0]), &vec(&[1.0, 1.0, 0.0])).err().unwrap()).contains("sum to 1"));
    assert!(message(Trainer::new(JsValue::from_str("nope")).err().unwrap()).contains("bad trainer config"));
    let mut bad = serde_wasm_bindgen::to_value(&Config::default()).unwrap();
    Reflect::set(&get(&bad, "hyper"), &"learningRate".into(), &(-1.0).into()).unwrap();
    assert!(message(Trainer::new(bad.clone()).err().unwrap()).contains("learningRate"));
    bad = serde_wasm_bindgen::to_value(&Config::default()).unwrap();
    Reflect::set(&get(&bad, "dataset"), &"kind".into(), &"moons".into()).unwrap();
    assert!(message(Trainer::new(bad).err().unwrap()).contains("moons"));
    // Unknown keys are mistakes (a misspelt field would otherwise be silently ignored).
    bad = serde_wasm_bindgen::to_value(&Config::default()).unwrap();
    Reflect::set(&get(&bad, "hyper"), &"learningRat".into(), &(0.1).into()).unwrap();
    assert!(message(Trainer::new(bad).err().unwrap()).contains("unknown field `learningRat`"));
    let mut t = Trainer::new(serde_wasm_bindgen::to_value(&Config::default()).unwrap()).unwrap();
    assert!(message(t.train(&s("minute"), &n(1.0)).err().unwrap()).contains("unknown step unit \"minute\""));
    // Editing one weight of the live network: checked, then applied.
    t.set_weight(&n(0.0), &n(1.0), &n(2.0), &n(0.5)).unwrap();
    assert_eq!(t.network().weight(&n(0.0), &n(1.0), &n(2.0)).unwrap(), 0.5);
    assert!(message(t.set_weight(&n(0.0), &n(2.0), &n(0.0), &n(1.0)).err().unwrap()).contains("w^0 is 2 × 8"));
    assert!(message(t.set_weight(&n(0.0), &n(0.0), &n(0.0), &n(f64::INFINITY)).err().unwrap()).contains("finite"));
    assert!(message(t.set_weight(&n(9.0), &n(0.0), &n(0.0), &n(1.0)).err().unwrap()).contains("the layer j must be a whole number from 0 to 2, not 9"));
    assert!(message(random(&[2.0, 1.0], &["relu"], "sum_of_squares", "he", -1.0).err().unwrap()).contains("seed"));
}

fn boundary_pixels(t: &mut Trainer, size: usize) -> Vec<u8> {
    let ptr = t.render_boundary(&n(size as f64)).unwrap();
    read(ptr, size * size * 4)
}

/// A copy of `len` bytes of wasm memory at `ptr`.
fn read(ptr: usize, len: usize) -> Vec<u8> {
    // Allocate the copy first: growing wasm memory detaches any view made before.
    let mut copy = vec![0u8; len];
    let buffer = get(&wasm_memory(), "buffer");
    Uint8Array::new_with_byte_offset_and_length(&buffer, ptr as u32, len as u32).copy_to(&mut copy);
    copy
}

#[wasm_bindgen_test]
fn the_boundary_buffer_is_filled_and_training_moves_it_without_allocating() {
    let mut t = Trainer::new(serde_wasm_bindgen::to_value(&Config::default()).unwrap()).unwrap();
    let size = 48;
    let before = boundary_pixels(&mut t, size);
    assert!(before.chunks(4).all(|p| p[3] == 255), "every pixel is opaque");
    // First calls size the buffers (the boundary, the tiles, the metrics' confusion matrices).
    t.train(&s("epoch"), &n(1.0)).unwrap();
    t.render_neurons(&n(16.0)).unwrap();
    t.render_boundary_rows(&n(size as f64), &n((0) as f64), &n((size) as f64)).unwrap();
    t.dead_units();
    t.metrics();
    // The frame loop: training, the boundary and the neuron tiles, with buffers in place.
    let made = allocations(|| {
        for _ in 0..5 {
            assert!(t.train(&s("batch"), &n(10.0)).unwrap());
            t.render_boundary(&n(size as f64)).unwrap();
            t.render_boundary_rows(&n(size as f64), &n((8) as f64), &n((16) as f64)).unwrap();
            t.render_neurons(&n(16.0)).unwrap();
            t.probe(&n(1.0), &n(-2.0), &n(1.0)).unwrap();
            t.dead_units();
            t.metrics();
        }
    });
    assert_eq!(made, 0, "the frame loop allocated");
    t.train(&s("epoch"), &n(30.0)).unwrap();
    let after = boundary_pixels(&mut t, size);
    let changed = before.chunks(4).zip(after.chunks(4)).filter(|(a, b)| a != b).count();
    assert!(changed > size * size / 10, "only {changed} pixels changed");
    // Both classes' colours appear: orange (class 0: r > b) and blue (class 1: b > r).
    let orange = after.chunks(4).filter(|p| p[0] as i32 > p[2] as i32 + 20).count();
    let blue = after.chunks(4).filter(|p| p[2] as i32 > p[0] as i32 + 20).count();
    assert!(orange > 0 && blue > 0, "orange {orange}, blue {blue}, first pixel {:?}", &after[..4]);
    // Banded refresh: the image shown changes only once the next one is complete, and then
    // it is exactly the whole-image render.
    t.train(&s("epoch"), &n(5.0)).unwrap();
    let half = read(t.render_boundary_rows(&n(size as f64), &n((0) as f64), &n((size / 2) as f64)).unwrap(), size * size * 4);
    assert_eq!(half, after, "a half-painted image is never shown");
    let done = read(t.render_boundary_rows(&n(size as f64), &n((size / 2) as f64), &n((size) as f64)).unwrap(), size * size * 4);
    assert_ne!(done, after);
    assert_eq!(done, boundary_pixels(&mut t, size));
}

/// The paint worker's `Pictures`, given a trainer's network once and its parameters after each
/// step, paints the trainer's own pictures byte for byte.
#[wasm_bindgen_test]
fn pictures_from_the_parameters_are_the_trainers_pictures() {
    let mut t = Trainer::new(serde_wasm_bindgen::to_value(&Config::default()).unwrap()).unwrap();
    let style = js_sys::JSON::parse(
        r#"{"classes": [[230, 159, 0], [0, 114, 178]], "background": [250, 250, 250], "negative": [230, 97, 1], "positive": [33, 102, 172]}"#,
    )
    .unwrap();
    t.set_style(style.clone()).unwrap();
    let mut p = Pictures::new(&JsValue::from(t.network().to_json()), style, &JsValue::UNDEFINED).unwrap();
    // The default network, [2, 8, 8, 1]: 17 neurons, 2·8 + 8 + 8·8 + 8 + 8 + 1 = 105 parameters.
    let (size, tile, count) = (40, 16, 8 + 8 + 1);
    let tiles = |ptr: usize| read(ptr, count * tile * tile * 4);
    let mut shown = vec![];
    for epochs in [0.0, 5.0] {
        t.train(&s("epoch"), &n(epochs)).unwrap();
        p.set_parameters(&Float64Array::from(&t.parameters()[..]).into()).unwrap();
        let image = read(p.render_boundary(&n(size as f64)).unwrap(), size * size * 4);
        assert_eq!(image, boundary_pixels(&mut t, size), "after {epochs} epochs");
        assert_eq!(tiles(p.render_neurons(&n(tile as f64)).unwrap()), tiles(t.render_neurons(&n(tile as f64)).unwrap()));
        shown.push(image);
    }
    assert_ne!(shown[0], shown[1], "training moved the boundary");
    // A list of the wrong length, or with NaN, is refused and changes nothing.
    assert!(message(p.set_parameters(&vec(&[1.0, 2.0])).err().unwrap()).contains("expected 105 parameters, not 2"));
    let mut bad = t.parameters();
    bad[3] = f64::NAN;
    assert!(message(p.set_parameters(&Float64Array::from(&bad[..]).into()).err().unwrap()).contains("the parameters[3] is NaN"));
    assert_eq!(read(p.render_boundary(&n(size as f64)).unwrap(), size * size * 4), shown[1]);
}

#[wasm_bindgen_test]
fn a_plotters_heatmap_is_read_back_as_pixels() {
    let (canvas, ctx) = canvas(300, 200);
    // A 2 × 3 matrix: −2 at (0, 0), +2 at (1, 2), 0 elsewhere.
    let values = [-2.0, 0.0, 0.0, 0.0, 0.0, 2.0];
    let geometry = backprop_viz::web::draw_heatmap(&canvas, &vec(&values), &n(2.0), &n(3.0), options(r#""title":"∂L/∂w","numbers":false"#)).unwrap();
    assert_eq!(get(&geometry, "range").as_f64(), Some(2.0));
    let pixel = |r: f64, c: f64| cell_pixel(&ctx, &geometry, r, c);
    assert_eq!(pixel(0.0, 0.0), [230, 97, 1, 255], "−range is the negative colour");
    assert_eq!(pixel(1.0, 2.0), [33, 102, 172, 255], "+range is the positive colour");
    assert_eq!(pixel(0.0, 1.0), [240, 240, 240, 255], "0 is the neutral colour");
    // The colour bar, right of the cells: +range at its top, 0 halfway, −range at its bottom.
    let bar = colour_bar(&ctx, &geometry);
    let (top, bottom) = (bar.iter().position(|p| *p == [33, 102, 172]).unwrap(), bar.iter().rposition(|p| *p == [230, 97, 1]).unwrap());
    assert!(bottom > top + 40, "the bar runs from row {top} to row {bottom}");
    let middle = bar[(top + bottom) / 2];
    assert!(middle.iter().zip([240, 240, 240]).all(|(a, b)| a.abs_diff(b) <= 8), "0 halfway: {middle:?}");
}

#[wasm_bindgen_test]
fn a_heatmap_of_overflowed_gradients_keeps_a_finite_scale() {
    // A gradient past f64's range is ±∞, and ∞ · 0 is NaN. The scale's half-range is the
    // largest finite |value| (2), ±∞ are drawn at the scale's ends and NaN is neutral.
    let (canvas, ctx) = canvas(300, 200);
    let opts = || options(r#""title":"∂L/∂w","numbers":false"#);
    let values = [f64::NEG_INFINITY, 1.0, f64::NAN, 0.5, -2.0, f64::INFINITY];
    let geometry = backprop_viz::web::draw_heatmap(&canvas, &vec(&values), &n(2.0), &n(3.0), opts()).unwrap();
    assert_eq!(get(&geometry, "range").as_f64(), Some(2.0));
    let pixel = |r: f64, c: f64| cell_pixel(&ctx, &geometry, r, c);
    assert_eq!(pixel(0.0, 0.0), [230, 97, 1, 255], "−∞ is the negative end");
    assert_eq!(pixel(1.0, 2.0), [33, 102, 172, 255], "+∞ is the positive end");
    assert_eq!(pixel(0.0, 2.0), [240, 240, 240, 255], "NaN is neutral");
    assert_eq!(pixel(1.0, 1.0), [230, 97, 1, 255], "−2 = −range is the negative end");
    // 1 is half-way to the positive colour: (240 + 33) / 2, (240 + 102) / 2, (240 + 172) / 2.
    assert_eq!(pixel(0.0, 1.0), [137, 171, 206, 255], "1 is half-way");
    // Only 0 and ±∞: no finite half-range, so the bar's ends are ±∞, in the colours of the cells.
    let geometry = backprop_viz::web::draw_heatmap(&canvas, &vec(&[0.0, f64::INFINITY, f64::NEG_INFINITY, 0.0]), &n(2.0), &n(2.0), opts()).unwrap();
    let bar = colour_bar(&ctx, &geometry);
    let (top, bottom) = (bar.iter().position(|p| *p != [255, 255, 255]).unwrap(), bar.iter().rposition(|p| *p != [255, 255, 255]).unwrap());
    assert_eq!((bar[top], bar[bottom]), ([33, 102, 172], [230, 97, 1]), "+∞ at the top, −∞ at the bottom");
}

#[wasm_bindgen_test]
fn a_vector_heatmap_has_rows_a_person_can_see() {
    // A 1 × 32 row vector on a gradient card's strip (300 × 78 px): square cells would be
    // under 8 px tall; its row is 16 px, and every pixel inside it has the cell's colour.
    let (canvas, ctx) = canvas(300, 78);
    let values: Vec<f64> = (0..32).map(|c| if c % 2 == 0 { -1.0 } else { 1.0 }).collect();
    let geometry = backprop_viz::web::draw_heatmap(&canvas, &vec(&values), &n(1.0), &n(32.0), options(r#""title":"(∂L/∂g)ᵀ""#)).unwrap();
    let num = |k: &str| get(&geometry, k).as_f64().unwrap();
    let (cw, ch) = (num("cellWidth"), num("cellHeight"));
    assert!(cw < 8.0, "32 cells across 300 px: {cw} px each");
    assert_eq!(ch, 16.0, "a row of at least 16 px");
    // Cell 0 (−1, the negative colour) and cell 1 (+1), down the middle of each, top to bottom.
    for (c, colour) in [(0.0, [230, 97, 1, 255]), (1.0, [33, 102, 172, 255])] {
        let x = (num("x0") + (c + 0.5) * cw).floor();
        // (Inside the grid lines drawn along the cells' edges.)
        let (top, bottom) = (num("y0").ceil() + 1.0, (num("y0") + ch).floor() - 2.0);
        let column = ctx.get_image_data(x, top, 1.0, bottom - top + 1.0).unwrap().data().to_vec();
        assert!(column.chunks_exact(4).all(|p| p == colour), "cell {c} from y = {top} to {bottom}: {column:?}");
    }
}

#[wasm_bindgen_test]
fn a_plotters_line_chart_with_a_gap_draws_its_series() {
    let (canvas, ctx) = canvas(320, 180);
    // NaN (a diverged value) reaches wasm as null through JSON: it is a gap, not an error.
    let series = js_sys::JSON::parse(r#"[{"name":"training loss","color":[200,0,0],"values":[1.0,0.6,null,0.3,0.2]}]"#).unwrap();
    backprop_viz::web::draw_line_chart(&canvas, series, options(r#""title":"L","xLabel":"epoch","yLabel":"L","xMax":4"#)).unwrap();
    let data = ctx.get_image_data(0.0, 0.0, 320.0, 180.0).unwrap().data().to_vec();
    let red = data.chunks(4).filter(|p| p[0] > 150 && p[1] < 60 && p[2] < 60).count();
    assert!(red > 100, "only {red} pixels of the series colour");
}

#[wasm_bindgen_test]
fn a_line_chart_title_too_wide_for_its_canvas_is_set_smaller_not_cut() {
    // Compare mode's "Gradient norm per layer (log scale), run B" on a 200 px chart: centred at
    // 14 px it ran off both edges. Its ink must start and end inside the canvas.
    let (canvas, ctx) = canvas(200, 150);
    let series = js_sys::JSON::parse(r#"[{"name":"n","color":[200,0,0],"values":[1.0,0.5,0.2]}]"#).unwrap();
    let opts = options(r#""title":"Gradient norm per layer (log scale), run B","xLabel":"epoch","yLabel":"n","xMax":2,"logY":true"#);
    backprop_viz::web::draw_line_chart(&canvas, series, opts).unwrap();
    // The title's band: the top 16 rows, above the plot.
    let band = ctx.get_image_data(0.0, 0.0, 200.0, 16.0).unwrap().data().to_vec();
    let inked: Vec<usize> = (0..200).filter(|&x| (0..16).any(|y| band[(y * 200 + x) * 4] < 128)).collect();
    let (first, last) = (inked[0], inked[inked.len() - 1]);
    assert!(first >= 2 && last <= 197, "the title's ink runs from x = {first} to {last} of 200");
    assert!(last - first > 140, "and it is drawn, {} px wide", last - first);
}

#[wasm_bindgen_test]
fn own_points_cross_the_boundary_checked_and_csv_round_trips() {
    use backprop_viz::web::{points_from_csv, points_to_csv};
    let mut config = Config::default();
    config.dataset.kind = backprop_viz::dataset::DatasetKind::Own;
    let mut t = Trainer::new(serde_wasm_bindgen::to_value(&config).unwrap()).unwrap();
    assert_eq!(f64s(&t.points(), "train"), Vec::<f64>::new());
    t.set_points(&vec(&[1.5, -2.0, 1.0, 0.25, 3.0, 0.0])).unwrap();
    assert_eq!(f64s(&t.points(), "train"), vec![1.5, -2.0, 0.25, 3.0]);
    for (bad, expected) in [
        (vec(&[1.0, 2.0]), "it must be triples x1, x2, label"),
        (vec(&[1.0, 2.0, 0.5]), "point 0 has label 0.5"),
        (vec(&[1.0, 2.0, 2.0]), "point 1 of the own data has label 2, but with 2 classes"),
        (vec(&[1.0, 9.0, 0.0]), "point 1 of the own data has x = 9"),
        (vec(&[1.0, f64::NAN, 0.0]), "the points[1] is NaN"),
        (s("1,2,0"), "must be an array of numbers"),
    ] {
        let m = message(t.set_points(&bad).err().unwrap());
        assert!(m.contains(expected), "{m}");
    }
    assert_eq!(f64s(&t.points(), "train"), vec![1.5, -2.0, 0.25, 3.0], "a refused list changes nothing");
    // CSV in and out, exactly.
    let read = points_from_csv(&s("x1,x2,label\n0.1,-6,2\n5.5,1e-3,0\n")).unwrap();
    assert_eq!(f64s(&read, "points"), vec![0.1, -6.0, 2.0, 5.5, 0.001, 0.0]);
    assert_eq!(get(&read, "classes").as_f64(), Some(3.0));
    assert_eq!(points_to_csv(&get(&read, "points"), &n(3.0)).unwrap(), "x1,x2,label\n0.1,-6,2\n5.5,0.001,0\n");
    // A regression's points: values as targets, through the trainer and CSV alike.
    let values = points_from_csv(&s("x1,x2,y\n1,2,0.37")).unwrap();
    assert_eq!((f64s(&values, "points"), get(&values, "classes").as_f64()), (vec![1.0, 2.0, 0.37], Some(1.0)));
    assert_eq!(points_to_csv(&get(&values, "points"), &n(1.0)).unwrap(), "x1,x2,y\n1,2,0.37\n");
    config.dataset.classes = 1;
    config.output_activation = backprop_viz::activation::Activation::Linear;
    let mut r = Trainer::new(serde_wasm_bindgen::to_value(&config).unwrap()).unwrap();
    r.set_points(&get(&values, "points")).unwrap();
    assert_eq!(f64s(&r.points(), "trainTargets"), vec![0.37]);
    assert_eq!(r.target(&n(0.37)).unwrap(), vec![0.37]);
    let loss = r.probe(&n(1.0), &n(2.0), &n(0.37)).unwrap();
    let y = r.network().forward(&vec(&[1.0, 2.0])).unwrap();
    let layers = js_sys::Array::from(&y);
    let y = f64s(&layers.get(layers.length() - 1), "y")[0];
    assert_eq!(loss, 0.5 * (y - 0.37) * (y - 0.37), "Eq. 5 with Y = 0.37");
    assert!(message(points_from_csv(&s("1,2,0\n1,x,0")).err().unwrap()).contains("line 2, x2: \"x\" is not a number"));
    assert!(message(points_from_csv(&n(3.0)).err().unwrap()).contains("the CSV text must be a string"));
}

#[wasm_bindgen_test]
fn features_cross_the_boundary_by_name() {
    // A session on x₁² and sin x₂: its input at a point is those features, and the worker's
    // Pictures are built with the same names (a wrong name or count is refused by name).
    let config = Config { features: vec![backprop_viz::features::Feature::X1Squared, backprop_viz::features::Feature::SinX2], ..Config::default() };
    let t = Trainer::new(serde_wasm_bindgen::to_value(&config).unwrap()).unwrap();
    assert_eq!(t.sizes()[0], 2);
    assert_eq!(t.inputs_at(&n(3.0), &n(0.5)).unwrap(), vec![9.0, 0.5f64.sin()]);
    let json = JsValue::from(t.network().to_json());
    let style = || {
        js_sys::JSON::parse(
            r#"{"classes": [[230, 159, 0], [0, 114, 178]], "background": [250, 250, 250], "negative": [230, 97, 1], "positive": [33, 102, 172]}"#,
        )
        .unwrap()
    };
    let names: js_sys::Array = ["x1^2", "sin(x2)"].iter().map(|&f| s(f)).collect();
    assert!(Pictures::new(&json, style(), &names).is_ok());
    let wrong: js_sys::Array = ["x1^2", "cos(x2)"].iter().map(|&f| s(f)).collect();
    assert!(message(Pictures::new(&json, style(), &wrong).err().unwrap()).contains("unknown feature \"cos(x2)\""));
    let three: js_sys::Array = ["x1", "x2", "x1*x2"].iter().map(|&f| s(f)).collect();
    assert!(message(Pictures::new(&json, style(), &three).err().unwrap()).contains("M^0 = 2 inputs, but 3 features"));
}
