//! Matrix::parse on arbitrary UTF-8; parsed entries must write what conditions read.
//! The checks live in ../checks.rs, shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::matrix(data));
