//! The WebAssembly boundary: plain JS objects in, plain JS objects out.
//!
//! Kept to conversions only; every decision lives in the pure modules. Bad
//! input never throws: problems come back inside the result. A thrown error
//! means a bug, and the action then writes run-all outputs from a fresh instance.

use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("invalid input: {e}")))
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Where the config is read from when no path is given.
#[wasm_bindgen(js_name = defaultConfigPath)]
pub fn default_config_path() -> String {
    crate::config::DEFAULT_PATH.to_string()
}

/// Which requests to answer before `decide` (see `run::plan`).
#[wasm_bindgen]
pub fn plan(input: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::run::plan(&from_js(input)?))
}

/// Outputs for the answers given (see `run::decide`).
#[wasm_bindgen]
pub fn decide(input: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::run::decide(&from_js(input)?))
}

/// Config and matrix problems, without an event.
#[wasm_bindgen]
pub fn validate(input: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::lint::validate(&from_js(input)?))
}

/// Watched paths that match no tracked file, dead and shadowed rules.
#[wasm_bindgen]
pub fn lint(input: JsValue) -> Result<JsValue, JsError> {
    to_js(&crate::lint::lint(&from_js(input)?))
}

/// Traps, ending the instance. Exists so tests can prove the action's
/// fallback on a real WebAssembly trap; the shim calls it only when the
/// environment variable `CHANGED_BACKENDS_TEST_TRAP` is `1`.
#[wasm_bindgen(js_name = testTrap)]
pub fn test_trap() {
    std::process::abort()
}
