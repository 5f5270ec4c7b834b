#![no_main]
//! See `tthc_import::fuzzing::portal_records` (crates/tthc-import/src/fuzzing.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tthc_import::fuzzing::portal_records(data));
