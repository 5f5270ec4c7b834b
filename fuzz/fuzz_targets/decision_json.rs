#![no_main]
//! See `tthc::fuzzing::decision_json` (crates/tthc/src/fuzzing.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tthc_core::fuzzing::decision_json(data));
