#![no_main]
//! See `tthc::fuzzing::catalog_tree` (crates/tthc/src/fuzzing.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tthc_core::fuzzing::catalog_tree(data));
