#![no_main]
//! See `tthc_ffi::fuzzing::abi` (crates/tthc-ffi/src/fuzzing.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| tthc_ffi::fuzzing::abi(data));
