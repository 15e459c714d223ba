//! `wasm-bindgen` at the exact version of the product's `wasm-bindgen` crate.
fn main() -> anyhow::Result<()> {
    wasm_bindgen_cli::wasm_bindgen::run_cli_with_args(std::env::args_os())
}
