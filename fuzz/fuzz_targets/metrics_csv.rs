#![no_main]
//! See `tthc::fuzzing::metrics_csv` (crates/tthc/src/fuzzing.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tthc_core::fuzzing::metrics_csv(data));
