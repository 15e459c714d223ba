//! `wasm-bindgen-test-runner` at the exact version of the product's `wasm-bindgen` crate;
//! `cargo xtask test` sets it as cargo's runner for wasm32 (CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER).
fn main() -> anyhow::Result<()> {
    wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
}
