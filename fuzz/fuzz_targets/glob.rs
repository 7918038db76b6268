//! pattern::Builder lists checked against each pattern compiled on its own.
//! The checks live in ../checks.rs, shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::glob(data));
