//! `cargo xtask dist` also writes `dist/backprop-viz.html`: the whole page in one file that
//! opens by double-click (file:// cannot load ES modules or fetch a .wasm). It holds the
//! stylesheets, the wasm-bindgen glue built with `--target no-modules`, the wasm as base64,
//! and the page's modules joined into one script, each module in its own function scope.

use crate::bundle;
use crate::{fail, read, root, run, WASM_TARGET};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `www/wasm.js` for the single file: the wasm comes from the page itself, not a URL, and the
/// paint worker is a blob of the glue and `paint_worker`'s script, both read from the page.
const INLINE_WASM_JS: &str = r#"
import { guardFreed } from './freed.js';
import { unsupported } from './support.js';
let exports = null;
const api = wasm_bindgen;
let compiled = null;
async function load() {
  const why = unsupported();
  if (why) throw new Error(why);
  const b64 = document.getElementById('wasm-base64').textContent.trim();
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  compiled = await WebAssembly.compile(bytes);
  exports = await wasm_bindgen({ module_or_path: compiled });
  guardFreed([api.Network, api.Stepper, api.Trainer]);
  return api;
}
function paintWorker() {
  try {
    const text = (id) => document.getElementById(id).textContent;
    const blob = new Blob([text('wasm-glue'), text('paint-worker')], { type: 'text/javascript' });
    const worker = new Worker(URL.createObjectURL(blob));
    worker.postMessage({ kind: 'module', module: compiled });
    return worker;
  } catch {
    return null;
  }
}
function bytes(ptr, length) {
  return new Uint8ClampedArray(exports.memory.buffer, ptr, length);
}
function f64view(ptr, length) {
  return new Float64Array(exports.memory.buffer, ptr, length);
}
"#;

/// `www/paint-worker.js` as a classic worker's script, to follow the no-modules glue: its
/// import from the glue becomes a read of the glue's `wasm_bindgen`.
fn paint_worker(www: &Path) -> String {
    classic_worker(&read(&www.join("paint-worker.js")))
}

fn classic_worker(src: &str) -> String {
    let imports: Vec<&str> = src.lines().filter(|l| l.starts_with("import ")).collect();
    let rule = "paint-worker.js may have one import, from './pkg/backprop_viz.js', on one line";
    let [import] = imports[..] else { fail(rule) };
    if bundle::source(import) != "pkg/backprop_viz.js" || !import.trim_end().ends_with(';') {
        fail(rule);
    }
    let names = import.split('{').nth(1).and_then(|r| r.split('}').next()).unwrap_or_else(|| fail(rule));
    src.replacen(import, &format!("const {{{names}}} = wasm_bindgen;"), 1)
}

/// Every module reached from main.js, joined into one script; wasm.js becomes
/// [`INLINE_WASM_JS`], which imports no glue.
fn joined(www: &Path) -> String {
    let source = |name: &str| match name {
        "wasm.js" => INLINE_WASM_JS.to_string() + "export { load, bytes, f64view, api, paintWorker };\n",
        _ => read(&www.join(name)),
    };
    let joined = bundle::join(&source, &|_| true);
    if !joined.head.is_empty() {
        fail(&format!("the single file cannot import the glue as a module: {:?}", joined.head));
    }
    joined.code
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            s.push(if i <= chunk.len() { T[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    s
}

/// Where index.html's policy starts.
const CSP_META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

/// The single file's Content-Security-Policy: index.html's, with its inline style and scripts
/// allowed by their SHA-256 hashes (a file:// page has no 'self' to load them from). The
/// base64 wasm sits in a data block (`type="application/octet-stream"`), which never runs.
fn single_file_policy(style: &str, scripts: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let hash = |text: &str| format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())));
    let scripts: Vec<String> = scripts.iter().map(|s| hash(s)).collect();
    format!(
        "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; img-src data: blob:; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'",
        scripts.join(" "),
        hash(style)
    )
}

/// index.html's stylesheet links, in order: `(the link's line, the file's name in www/, whether
/// it is disabled)`. A disabled one is loaded when first needed (`www/sheets.js`).
pub fn stylesheets(html: &str) -> Vec<(String, String, bool)> {
    html.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("<link rel=\"stylesheet\" href=\"www/")?;
            let (name, disabled) = match rest.strip_suffix("\" disabled>") {
                Some(name) => (name, true),
                None => (rest.strip_suffix("\">")?, false),
            };
            Some((format!("{l}\n"), name.to_string(), disabled))
        })
        .collect()
}

/// Writes `dist/backprop-viz.html`.
pub fn single_file(bindgen: &Path, wasm_opt: Option<PathBuf>) {
    let dir = root().join("target/single");
    let _ = std::fs::remove_dir_all(&dir);
    let wasm_in = root().join("target").join(WASM_TARGET).join("release").join("backprop_viz.wasm");
    run(Command::new(bindgen).args(["--target", "no-modules", "--no-typescript", "--out-dir"]).arg(&dir).arg(wasm_in));
    let wasm = dir.join("backprop_viz_bg.wasm");
    if let Some(opt) = wasm_opt {
        run(Command::new(opt).args(crate::setup::WASM_OPT_FLAGS).arg(&wasm).arg(&wasm));
    }
    let glue = read(&dir.join("backprop_viz.js"));
    let bytes = std::fs::read(&wasm).unwrap_or_else(|e| fail(&format!("reading {}: {e}", wasm.display())));
    let www = root().join("www");
    let html = read(&root().join("index.html"));
    let sheets = stylesheets(&html);
    let css = sheets.iter().map(|(_, name, _)| read(&www.join(name))).collect::<Vec<_>>().join("\n");
    let script = format!("'use strict';\n{}", joined(&www));
    let worker = paint_worker(&www);
    for part in [&glue, &script, &css, &worker] {
        if part.contains("</script") || part.contains("</style") {
            fail("a script or stylesheet contains a closing tag; it cannot be inlined");
        }
    }
    let (style, scripts) = (format!("\n{css}\n  "), [format!("\n{glue}\n"), format!("\n{script}\n")]);
    let policy =
        html.split(CSP_META).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_else(|| fail("index.html has no Content-Security-Policy meta tag"));
    let links: String = sheets.iter().map(|(line, _, _)| line.as_str()).collect();
    let html = html
        .replace(policy, &single_file_policy(&style, &scripts))
        .replace(&links, &format!("  <style>{style}</style>\n"))
        .replace("  <script type=\"module\" src=\"www/main.js\"></script>\n", "")
        .replace("  <script src=\"www/file-check.js\" defer></script>\n", "")
        .replace(
            "</body>",
            &format!(
                "<script id=\"wasm-base64\" type=\"application/octet-stream\">{}</script>\n<script id=\"paint-worker\" type=\"text/plain\">{}</script>\n<script id=\"wasm-glue\">{}</script>\n<script>{}</script>\n</body>",
                base64(&bytes),
                worker,
                scripts[0],
                scripts[1]
            ),
        );
    if html.contains("src=\"www/") || html.contains("href=\"www/") {
        fail("index.html changed: update xtask/src/single.rs so that nothing is left to load");
    }
    let out = root().join("dist/backprop-viz.html");
    std::fs::write(&out, html).unwrap_or_else(|e| fail(&format!("writing {}: {e}", out.display())));
    eprintln!("{}: the whole page in one file ({} KB); open it by double-click.", out.display(), std::fs::metadata(&out).map(|m| m.len() / 1024).unwrap_or(0));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheets_are_read_in_their_order() {
        let html = "<head>\n  <link rel=\"stylesheet\" href=\"www/a.css\">\n  <link rel=\"stylesheet\" href=\"www/b.css\" disabled>\n  <script></script>\n";
        let names: Vec<(String, bool)> = stylesheets(html).into_iter().map(|(_, n, off)| (n, off)).collect();
        assert_eq!(names, [("a.css".to_string(), false), ("b.css".to_string(), true)]);
    }

    #[test]
    fn the_paint_worker_reads_the_glue_instead_of_importing_it() {
        let src = "// @ts-check\nimport { initSync, Pictures } from './pkg/backprop_viz.js';\nlet p = null;\n";
        assert_eq!(classic_worker(src), "// @ts-check\nconst { initSync, Pictures } = wasm_bindgen;\nlet p = null;\n");
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
