#![no_main]
//! See `tthc::fuzzing::timestamps` (crates/tthc/src/fuzzing.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tthc_core::fuzzing::timestamps(data));
