//! The browser layer in headless Chromium's main thread (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

mod browser_common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

browser_tests!();
