//! Python bindings for tthc: the native module `tthc._tthc`.
//!
//! The Python package (`bindings/python/tthc`) re-exports these classes and
//! adds what is better written in Python: the exception hierarchy and the
//! record types. Built by maturin as one abi3 wheel for CPython >= 3.10.
//!
//! Rules every entry point follows, because the host is someone's web
//! worker: no panic crosses into Python (each body runs under
//! `errors::guard`); handles are `Send + Sync` (an engine changes only by
//! `close()`), so one object serves every thread; the engine's work runs
//! with the GIL released (many.rs: batches in bounded rounds).

mod answer;
mod arrow;
mod batch;
mod calendar;
mod case;
mod columns;
mod convert;
mod deadline;
mod engine;
mod errors;
mod freeing;
mod handle;
mod lunar;
mod many;
mod metrics;
mod metrics_state;
mod record;
mod record_answers;
mod to_python;

use pyo3::prelude::*;

/// The extension's own allocations (answers, cases, their strings) come
/// from mimalloc instead of glibc's malloc; Python's objects keep Python's
/// allocator. Answers are made on the threads that call the engine and
/// freed on whichever thread drops them: glibc paid for those frees in
/// `_int_malloc`/`malloc_consolidate`/`unlink_chunk` (a quarter of the
/// calling thread's time), mimalloc hands a block back to its page with one
/// atomic push. `evaluate_many` took 3.3-3.5 µs of CPU per case with glibc
/// and 2.2-2.4 µs with mimalloc (the bench's batches, same run). Its
/// transparent huge pages are off (Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e`
/// (mimalloc.h of the mimalloc v3 that libmimalloc-sys 0.1.49 builds, whose
/// Rust bindings name no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// mimalloc v3's own default for it, in milliseconds.
const PURGE_DELAY_DEFAULT: std::ffi::c_long = 1_000;

/// Memory the extension frees stays with it for 10 s before mimalloc gives
/// it back to the OS (mimalloc's default: 1 s). A batch's answers are tens
/// of megabytes; given back a second after one batch, the pages were
/// faulted in and zeroed again by the next: with 4 threads running batches
/// (bench_decisions.py's rounds) the kernel took 0.36-0.43 µs per case,
/// 0.15-0.18 µs with 10 s (same run), of 2.1 µs. `MIMALLOC_PURGE_DELAY` in
/// the environment, which mimalloc reads itself, is left to win; so is any
/// value that is not mimalloc's default (this place then holds something
/// else).
fn keep_freed_memory_longer() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mi_option_get and mi_option_set read and store one option's
    // value; any thread may call them at any time.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == PURGE_DELAY_DEFAULT {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 10 * PURGE_DELAY_DEFAULT);
        }
    }
}

/// The native module `tthc._tthc`, which the `tthc` package re-exports.
#[pymodule]
mod _tthc {
    #[pymodule_export]
    use super::{batch_threads, set_batch_threads};
    #[pymodule_export]
    use crate::answer::PyRecord;
    #[pymodule_export]
    use crate::calendar::{today, PyCalendar};
    #[pymodule_export]
    use crate::engine::{PyDecision, PyProcedures};
    #[pymodule_export]
    use crate::handle::PyEngine;
    #[pymodule_export]
    use crate::lunar::{from_lunar, to_lunar, PyLunarDate};
    #[pymodule_export]
    use crate::metrics::PyMetricsReport;
    #[pymodule_export]
    use crate::metrics_state::PyMetricsState;
    #[pymodule_export]
    use crate::record_answers::record_answers;
    // Only in the wheel scripts/test-python.sh builds for the tests.
    #[cfg(feature = "test-hooks")]
    #[pymodule_export]
    use super::{_error_kinds, _panic_for_tests, _purge_delay};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        super::keep_freed_memory_longer();
        m.add("__version__", tthc::VERSION)
    }
}

/// Panics on purpose, so that the tests can check a Rust panic reaches
/// Python as `tthc.InternalError` and not as a `BaseException` that would
/// escape `except Exception` and take the worker down. Built only with the
/// `test-hooks` feature, which the published wheel does not enable.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, message: &str) -> PyResult<()> {
    errors::guard(py, || {
        #[allow(clippy::panic)] // the point of this function
        {
            panic!("{message}")
        }
    })
}

/// Every error kind of the engine (`tthc::ErrorKind`), for the test that
/// `tthc/_errors.py` gives each one an exception class. Built only with the
/// `test-hooks` feature.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _error_kinds() -> Vec<&'static str> {
    tthc::ErrorKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// How long (ms) the extension's allocator keeps freed memory, for the test
/// of [`keep_freed_memory_longer`]. Built only with the `test-hooks`
/// feature.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _purge_delay() -> std::ffi::c_long {
    // SAFETY: as in keep_freed_memory_longer.
    unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
}

/// Sets how many threads a batch call (a list or array of more than 65,536
/// rows) may use; ``0`` means one per core, the default. A host that
/// already runs one worker per core may want ``1``.
///
/// Example::
///
///     >>> tthc.set_batch_threads(1); tthc.batch_threads()
///     1
///     >>> tthc.set_batch_threads(0)
#[pyfunction]
fn set_batch_threads(n: usize) {
    batch::set_threads(n);
}

/// The number of threads a batch call may use (see ``set_batch_threads``).
///
/// Example::
///
///     >>> tthc.batch_threads() >= 1
///     True
#[pyfunction]
fn batch_threads() -> usize {
    batch::threads()
}
