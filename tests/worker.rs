//! The browser layer in a dedicated worker, where the page runs it
//! (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

mod browser_common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

browser_tests!();
