//! event::normalize and the plan/decide walk on an arbitrary event name and payload.
//! The checks live in ../checks.rs, shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::event(data));
