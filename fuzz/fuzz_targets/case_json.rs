#![no_main]
//! See `tthc::fuzzing::case_json` (crates/tthc/src/fuzzing.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tthc_core::fuzzing::case_json(data));
