//! Installs what the build and the tests need and a fresh machine lacks: the wasm target,
//! the pinned wasm-bindgen tools, Chromium with chromedriver, and the npm packages.

use crate::{cargo, describe, fail, root, run, WASM_TARGET};
use std::path::PathBuf;
use std::process::Command;

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

const NPM_PACKAGES: [&str; 4] = ["playwright-core", "binaryen", "typescript", "prettier"];

/// rustfmt and clippy, which a minimal rustup profile leaves out.
pub fn rust_components() {
    let has = |tool: &str| output(cargo().args([tool, "--version"])).is_some();
    if !has("fmt") || !has("clippy") {
        run(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]));
    }
}

pub fn wasm_target() {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]));
    }
}

/// The wasm-bindgen version locked in Cargo.lock; the CLI must be exactly this version.
fn locked_wasm_bindgen() -> String {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap_or_else(|e| fail(&format!("reading Cargo.lock: {e}")));
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return v.trim_end_matches('"').to_string();
            }
        }
    }
    fail("Cargo.lock has no wasm-bindgen entry")
}

/// `bindgen` and `wasm-bindgen-test-runner` from `tools/` (built once, in release, at the
/// version of the wasm-bindgen crate).
pub fn bindgen_tools() -> (PathBuf, PathBuf) {
    let bin = root().join("tools/target/release");
    let (bindgen, runner) = (bin.join("bindgen"), bin.join("wasm-bindgen-test-runner"));
    let want = locked_wasm_bindgen();
    let have = output(Command::new(&bindgen).arg("--version")).unwrap_or_default();
    if !have.contains(&want) || !runner.exists() {
        let pinned = std::fs::read_to_string(root().join("tools/Cargo.toml")).unwrap_or_default();
        if !pinned.contains(&format!("\"={want}\"")) {
            fail(&format!("tools/Cargo.toml must pin wasm-bindgen-cli = \"={want}\", the version in Cargo.lock"));
        }
        eprintln!("xtask: building wasm-bindgen {want} tools (once; a few minutes on 2 cores)");
        run(cargo().args(["build", "--release", "--manifest-path", "tools/Cargo.toml"]));
    }
    (bindgen, runner)
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()))
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0")
}

/// Chromium and chromedriver, from Debian's packages when running as root.
pub fn chromium() -> (PathBuf, PathBuf) {
    let find = || Some((which("chromium")?, which("chromedriver")?));
    if let Some(found) = find() {
        return found;
    }
    if !is_root() {
        fail("Chromium and chromedriver are missing: run `sudo apt-get install -y chromium chromium-driver`, then `cargo xtask test` again");
    }
    run(Command::new("apt-get").args(["update", "-q"]));
    run(Command::new("apt-get").args(["install", "-y", "-q", "chromium", "chromium-driver"]).env("DEBIAN_FRONTEND", "noninteractive"));
    find().unwrap_or_else(|| fail("apt-get installed chromium and chromium-driver, but they are not on PATH"))
}

/// The npm packages of package.json, from package-lock.json: playwright-core (the end-to-end
/// tests), binaryen (wasm-opt), typescript and prettier (the JS checks).
pub fn npm_packages() {
    if NPM_PACKAGES.iter().all(|p| root().join("node_modules").join(p).join("package.json").exists()) {
        return;
    }
    let mut npm = Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund"]);
    if which("npm").is_none() {
        fail(&format!("npm is missing; install Node.js and npm, then run `cargo xtask test` again ({})", describe(&npm)));
    }
    run(&mut npm);
}

/// wasm-opt's arguments before `-o <out> <in>`: speed, and the wasm features rustc emits
/// (simd128 included, see .cargo/config.toml).
pub const WASM_OPT_FLAGS: [&str; 9] = [
    "-O3",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-simd",
    "-o",
];

/// terser from the npm package, if installed: `dist` minifies the page's scripts with it.
pub fn terser() -> Option<PathBuf> {
    npm_packages();
    let p = root().join("node_modules/terser/bin/terser");
    p.exists().then_some(p)
}

/// wasm-opt from the npm package binaryen, if installed.
pub fn wasm_opt() -> Option<PathBuf> {
    npm_packages();
    let p = root().join("node_modules/binaryen/bin/wasm-opt");
    p.exists().then_some(p)
}
