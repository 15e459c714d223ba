//! `cargo xtask dist` also writes `dist/backprop-viz.html`: the whole page in one file that
//! opens by double-click (file:// cannot load ES modules or fetch a .wasm). It holds the
//! stylesheets, the wasm-bindgen glue built with `--target no-modules`, the wasm as base64,
//! and the page's modules joined into one script, each module in its own function scope.

use crate::{fail, root, run, WASM_TARGET};
use std::collections::BTreeSet;
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
    if source(import) != "pkg/backprop_viz.js" || !import.trim_end().ends_with(';') {
        fail(rule);
    }
    let names = import.split('{').nth(1).and_then(|r| r.split('}').next()).unwrap_or_else(|| fail(rule));
    src.replacen(import, &format!("const {{{names}}} = wasm_bindgen;"), 1)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("reading {}: {e}", path.display())))
}

fn ident(module: &str) -> String {
    format!("__module_{}", module.trim_end_matches(".js").replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
}

/// The module a `from './x.js'` clause names.
fn source(line: &str) -> String {
    let from = line.rsplit("from").next().unwrap_or("");
    from.trim().trim_end_matches(';').trim_matches(|c| c == '\'' || c == '"').trim_start_matches("./").to_string()
}

/// One module as a function scope returning its exports; `deps` gets the modules it imports.
fn transform(name: &str, src: &str, deps: &mut Vec<String>) -> String {
    let (mut body, mut names) = (String::new(), BTreeSet::new());
    let src = if name == "wasm.js" { INLINE_WASM_JS.to_string() + "export { load, bytes, f64view, api, paintWorker };\n" } else { src.to_string() };
    let src = dynamic_imports(&src, deps);
    for line in joined_statements(&src) {
        let line = line.as_str();
        if let Some(rest) = line.strip_prefix("import ") {
            let dep = source(line);
            if !dep.ends_with(".js") || dep.starts_with("pkg/") {
                fail(&format!("{name}: cannot bundle `{line}`"));
            }
            let binding = if let Some(star) = rest.trim_start().strip_prefix("* as ") {
                star.split_whitespace().next().unwrap_or_default().to_string()
            } else {
                let inner = rest.split('{').nth(1).and_then(|r| r.split('}').next()).unwrap_or_else(|| fail(&format!("{name}: cannot bundle `{line}`")));
                format!("{{ {} }}", inner.split(',').map(|p| p.trim().replace(" as ", ": ")).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", "))
            };
            body.push_str(&format!("const {binding} = {};\n", ident(&dep)));
            deps.push(dep);
        } else if let Some(list) = line.strip_prefix("export {") {
            names.extend(list.trim_end_matches([';', '}', ' ']).split(',').map(|n| n.trim().to_string()).filter(|n| !n.is_empty()));
        } else if let Some(decl) = line.strip_prefix("export ") {
            let words: Vec<&str> = decl.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).filter(|w| !w.is_empty()).collect();
            let name_at = words.iter().position(|w| matches!(*w, "function" | "const" | "let" | "class")).map(|i| i + 1);
            match name_at.and_then(|i| words.get(i)) {
                Some(n) => names.insert(n.to_string()),
                None => fail(&format!("{name}: cannot bundle `{line}`")),
            };
            body.push_str(decl);
            body.push('\n');
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    let names: Vec<String> = names.into_iter().collect();
    format!("const {} = (() => {{\n{body}return {{ {} }};\n}})();\n", ident(name), names.join(", "))
}

/// Every `import('./x.js')` in code (a module loaded when first needed) becomes the bundled
/// module, already there: `Promise.resolve(__module_x)`; `deps` gets the module. Comment lines
/// are left alone: there `import('./x.js')` names a type for `tsc`.
fn dynamic_imports(src: &str, deps: &mut Vec<String>) -> String {
    let comment = |l: &str| ["*", "/*", "//"].iter().any(|c| l.trim_start().starts_with(c));
    let mut out = String::new();
    for line in src.split_inclusive('\n') {
        if comment(line) {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("import('./") {
            let (before, call) = rest.split_at(at);
            let end = call.find("')").unwrap_or_else(|| fail(&format!("cannot bundle `{}`", line.trim())));
            let dep = call["import('./".len()..end].to_string();
            out.push_str(before);
            out.push_str(&format!("Promise.resolve({})", ident(&dep)));
            deps.push(dep);
            rest = &call[end + 2..];
        }
        out.push_str(rest);
    }
    out
}

/// The page's modules, dependencies first, from `www/main.js`.
/// The lines of `src`, with an `import` or `export { … }` that a formatter spread over several
/// lines joined into one.
fn joined_statements(src: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut open = false;
    for line in src.lines() {
        if open {
            let last = out.last_mut().expect("an open statement has a first line");
            last.push(' ');
            last.push_str(line.trim());
        } else {
            out.push(line.to_string());
        }
        let current = out.last().expect("just pushed");
        let starts = current.starts_with("import ") || current.starts_with("export {");
        open = starts && !current.trim_end().ends_with(';') && !current.trim_end().ends_with('}');
    }
    out
}

fn bundle(www: &Path) -> String {
    let (mut done, mut out) = (Vec::<String>::new(), String::new());
    fn visit(www: &Path, name: &str, done: &mut Vec<String>, out: &mut String, stack: &mut Vec<String>) {
        if done.iter().any(|d| d == name) {
            return;
        }
        if stack.iter().any(|d| d == name) {
            fail(&format!("import cycle through {name}"));
        }
        stack.push(name.to_string());
        let mut deps = vec![];
        let code = transform(name, &read(&www.join(name)), &mut deps);
        for d in &deps {
            visit(www, d, done, out, stack);
        }
        stack.pop();
        out.push_str(&format!("// ---- www/{name}\n{code}"));
        done.push(name.to_string());
    }
    visit(www, "main.js", &mut done, &mut out, &mut vec![]);
    out
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

/// index.html's stylesheet links, in order: `(the link's line, the file's name in www/)`.
fn stylesheets(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter_map(|l| {
            let name = l.trim().strip_prefix("<link rel=\"stylesheet\" href=\"www/")?.strip_suffix("\">")?;
            Some((format!("{l}\n"), name.to_string()))
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
    let css = sheets.iter().map(|(_, name)| read(&www.join(name))).collect::<Vec<_>>().join("\n");
    let script = format!("'use strict';\n{}", bundle(&www));
    let worker = paint_worker(&www);
    for part in [&glue, &script, &css, &worker] {
        if part.contains("</script") || part.contains("</style") {
            fail("a script or stylesheet contains a closing tag; it cannot be inlined");
        }
    }
    let (style, scripts) = (format!("\n{css}\n  "), [format!("\n{glue}\n"), format!("\n{script}\n")]);
    let policy =
        html.split(CSP_META).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_else(|| fail("index.html has no Content-Security-Policy meta tag"));
    let links: String = sheets.iter().map(|(line, _)| line.as_str()).collect();
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
        let html = "<head>\n  <link rel=\"stylesheet\" href=\"www/a.css\">\n  <link rel=\"stylesheet\" href=\"www/b.css\">\n  <script></script>\n";
        let names: Vec<String> = stylesheets(html).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["a.css", "b.css"]);
    }

    #[test]
    fn the_paint_worker_reads_the_glue_instead_of_importing_it() {
        let src = "// @ts-check\nimport { initSync, Pictures } from './pkg/backprop_viz.js';\nlet p = null;\n";
        assert_eq!(classic_worker(src), "// @ts-check\nconst { initSync, Pictures } = wasm_bindgen;\nlet p = null;\n");
    }

    #[test]
    fn a_module_loaded_when_needed_is_bundled_and_already_there() {
        let mut deps = vec![];
        let src = "/** @type {import('./state.js').App} */\na ??= import('./step-through.js').then((m) => m.f());\n";
        let out = dynamic_imports(src, &mut deps);
        assert_eq!(out, "/** @type {import('./state.js').App} */\na ??= Promise.resolve(__module_step_through).then((m) => m.f());\n");
        assert_eq!(deps, ["step-through.js"]);
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn a_statement_over_several_lines_is_read_as_one() {
        let mut deps = vec![];
        let src = "import {\n  a,\n  b as c,\n} from './x.js';\nexport {\n  a,\n  c,\n};\n";
        let out = transform("m.js", src, &mut deps);
        assert_eq!(deps, ["x.js"]);
        assert!(out.contains("const { a, b: c } = __module_x;\n"), "{out}");
        assert!(out.contains("return { a, c };"), "{out}");
    }

    #[test]
    fn a_module_becomes_a_scope_with_its_exports() {
        let mut deps = vec![];
        let src = "import { a, b as c } from './x.js';\nimport * as y from './y.js';\nexport function f() { return a + c; }\nexport const K = 1;\nexport async function g() {}\nexport { y };\nconst local = 2;\n";
        let out = transform("m.js", src, &mut deps);
        assert_eq!(deps, ["x.js", "y.js"]);
        assert!(out.starts_with("const __module_m = (() => {\n"), "{out}");
        assert!(out.contains("const { a, b: c } = __module_x;\nconst y = __module_y;\nfunction f()"), "{out}");
        assert!(out.contains("return { K, f, g, y };"), "{out}");
        assert!(!out.contains("export"), "{out}");
    }
}
