//! The fast YAML reader against saphyr on arbitrary UTF-8.
//! The check lives in ../checks.rs, shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::yaml(data));
