//! `cargo xtask <command>`: the project's automation, in Rust.
//!
//! - `build`: the wasm package into `www/pkg` (release, `wasm-bindgen --target web`).
//! - `serve`: `build`, then serve the page on http://127.0.0.1:8000.
//! - `test`: install what is missing, then every test: native, wasm in headless Chromium,
//!   and end-to-end in a real browser.
//! - `dist`: a static copy of the site in `dist/`, with the wasm optimised by wasm-opt and the
//!   scripts minified by terser, and `dist/backprop-viz.html`, the whole page in one file that
//!   opens by double-click.
//! - `bench`: timings of the core (forward, backward, an epoch, the pictures); `bench
//!   --browser`: the release page measured in headless Chromium (`bench/browser.mjs`).

mod bundle;
mod serve;
mod setup;
mod single;

use std::path::{Path, PathBuf};
use std::process::{exit, Command};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_path_buf()
}

/// Runs a command in the repository root, echoing it; exits with its code if it fails.
pub fn run(cmd: &mut Command) {
    eprintln!("xtask$ {}", describe(cmd));
    let status = cmd.current_dir(root()).status().unwrap_or_else(|e| fail(&format!("could not start {}: {e}", describe(cmd))));
    if !status.success() {
        fail(&format!("`{}` failed ({status})", describe(cmd)));
    }
}

pub fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program()).chain(cmd.get_args()).map(|s| s.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ")
}

pub fn fail(message: &str) -> ! {
    eprintln!("xtask: {message}");
    exit(1)
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Builds the wasm and runs wasm-bindgen into `www/pkg`.
pub fn build() {
    setup::wasm_target();
    let bindgen = setup::bindgen_tools().0;
    run(cargo().args(["build", "--lib", "--release", "--target", WASM_TARGET, "-p", "backprop-viz"]));
    let wasm = root().join("target").join(WASM_TARGET).join("release").join("backprop_viz.wasm");
    run(Command::new(bindgen).args(["--target", "web", "--out-dir", "www/pkg"]).arg(wasm));
}

fn test() {
    setup::wasm_target();
    setup::rust_components();
    let (_, runner) = setup::bindgen_tools();
    let (chromium, chromedriver) = setup::chromium();
    setup::npm_packages();

    eprintln!("\n== 0/3 checks: rustfmt, clippy (native and wasm), then the JS's types and format ==");
    rust_checks();

    eprintln!("\n== 1/3 native tests (cargo test) ==");
    run(cargo().args(["test", "--workspace"]));

    eprintln!("\n== 2/3 wasm tests in headless Chromium (wasm-bindgen-test) ==");
    run(cargo()
        .args(["test", "--target", WASM_TARGET, "-p", "backprop-viz", "--test", "web"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
        .env("CHROMEDRIVER", &chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "300"));

    eprintln!("\n== 3/3 the page's modules in Node, then end-to-end tests in Chromium (node --test, playwright-core) ==");
    dist(); // builds www/pkg too; the single-file page has its own test
    js_checks();
    let files = [test_files("tests/js"), test_files("tests/e2e")].concat();
    run(Command::new("node").args(["--test", "--test-concurrency=1"]).args(&files).env("CHROMIUM", &chromium));
}

/// The Rust code is formatted (rustfmt.toml) and clippy finds nothing, natively and for wasm
/// (where `src/web/` compiles).
fn rust_checks() {
    run(cargo().args(["fmt", "--all", "--check"]));
    run(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]));
    run(cargo().args(["clippy", "-p", "backprop-viz", "--target", WASM_TARGET, "--all-targets", "--", "-D", "warnings"]));
}

/// The page's JS type-checks against the wasm-bindgen declarations (`tsc`, tsconfig.json; needs
/// www/pkg), and the JS and CSS are formatted (Prettier, .prettierrc.json).
fn js_checks() {
    let bin = |name: &str| root().join("node_modules/.bin").join(name);
    run(Command::new(bin("tsc")).args(["-p", "tsconfig.json"]));
    run(Command::new(bin("prettier")).args(["--check", "--log-level", "warn", "www/**/*.{js,css}", "tests/**/*.mjs", "bench/*.mjs"]));
}

/// The release page (`dist`) measured in headless Chromium: `bench/browser.mjs` prints the
/// figures (frames, stages, layouts, allocation, the boundary, training, page weight).
fn bench_browser() {
    let (chromium, _) = setup::chromium();
    setup::npm_packages();
    dist();
    run(Command::new("node").arg("bench/browser.mjs").env("CHROMIUM", &chromium));
}

/// The `*.test.mjs` files of a folder, sorted. (Files, not the folder: Node 21+ no longer
/// expands a directory argument.)
fn test_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| fail(&format!("reading {dir}: {e}")))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    files.sort();
    files
}

fn dist() {
    build();
    let out = root().join("dist");
    let _ = std::fs::remove_dir_all(&out);
    copy_dir(&root().join("www"), &out.join("www"));
    std::fs::copy(root().join("index.html"), out.join("index.html")).unwrap_or_else(|e| fail(&format!("copying index.html: {e}")));
    bundle::dist(&root().join("www"), &out);
    let wasm = out.join("www/pkg/backprop_viz_bg.wasm");
    let before = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0);
    let opt = setup::wasm_opt();
    single::single_file(&setup::bindgen_tools().0, opt.clone());
    match opt {
        Some(opt) => {
            run(Command::new(opt).args(setup::WASM_OPT_FLAGS).arg(&wasm).arg(&wasm));
            let after = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0);
            eprintln!("wasm-opt -O3: {before} -> {after} bytes");
        }
        None => eprintln!("wasm-opt not found (npm package binaryen); dist keeps the unoptimised wasm ({before} bytes)"),
    }
    minify(&out.join("www"));
    eprintln!("dist/ is a static site: serve it from any web server (it needs no other origin);");
    eprintln!("dist/backprop-viz.html is the same page in one file, for opening by double-click.");
}

/// Minifies every script of the static site in place (the single file keeps the sources,
/// which its bundler reads line by line): comments and white space go, local names shrink.
/// Each stays an ES module (or the paint worker's script) with the same exports.
fn minify(www: &Path) {
    let Some(terser) = setup::terser() else {
        return eprintln!("terser not found (npm package terser); dist keeps the scripts as written");
    };
    let scripts: Vec<PathBuf> = [www.to_path_buf(), www.join("pkg")]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap_or_else(|e| fail(&format!("reading {}: {e}", dir.display()))).flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    let size = |files: &[PathBuf]| files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).sum::<u64>();
    let before = size(&scripts);
    for script in &scripts {
        let status = Command::new("node")
            .arg(&terser)
            .arg(script)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(script)
            .status()
            .unwrap_or_else(|e| fail(&format!("could not start terser: {e}")));
        if !status.success() {
            fail(&format!("terser failed on {} ({status})", script.display()));
        }
    }
    eprintln!("terser: {} scripts, {before} -> {} bytes", scripts.len(), size(&scripts));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("reading {}: {e}", path.display())))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| fail(&format!("creating {}: {e}", to.display())));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| fail(&format!("reading {}: {e}", from.display()))).flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap_or_else(|e| fail(&format!("copying {}: {e}", src.display())));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("build") => build(),
        Some("serve") => {
            build();
            let port = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(8000);
            serve::serve(&root(), port);
        }
        Some("test") => test(),
        Some("dist") => dist(),
        Some("bench") if args.get(1).map(String::as_str) == Some("--browser") => bench_browser(),
        Some("bench") => run(cargo().args(["run", "--release", "-p", "backprop-viz", "--example", "bench"])),
        _ => {
            eprintln!("usage: cargo xtask <build | serve [port] | test | dist | bench [--browser]>");
            exit(2);
        }
    }
}
