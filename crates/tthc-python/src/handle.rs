//! The data of a `tthc.Engine` object and the default engine.
//!
//! The bottom of the crate's own layering: the calendar takes an engine as
//! an argument and falls back to the default one, and the engine's Python
//! methods (engine.rs) return calendars, so the class is declared here, where
//! both can see it, and its methods live in engine.rs.

use std::sync::RwLock;

use pyo3::prelude::*;

use tthc::Engine;

use crate::errors::{catalog_error, closed};

/// The evaluation engine over one catalogue. Thread-safe: build it once and
/// share it. ``close()`` (or leaving a ``with`` block) lets go of the
/// catalogue; later calls raise ``ClosedError``.
///
/// Example::
///
///     >>> engine = tthc.Engine.default()
///     >>> len(engine.content_hash)
///     64
#[pyclass(frozen, module = "tthc", name = "Engine")]
pub struct PyEngine {
    /// `None` once closed. A call clones the engine (an `Arc`) out of the
    /// lock and works on the clone, so the lock is held for no longer than
    /// that and `close()` never waits for a running call; what a call made
    /// (a decision, a calendar) keeps its own clone and stays usable.
    engine: RwLock<Option<Engine>>,
}

impl PyEngine {
    pub(crate) fn new(engine: Engine) -> PyEngine {
        PyEngine {
            engine: RwLock::new(Some(engine)),
        }
    }

    /// The engine, or `tthc.ClosedError` after `close()`.
    pub(crate) fn engine(&self, py: Python<'_>) -> PyResult<Engine> {
        // Nothing panics while the lock is held: a poisoned lock still
        // holds a valid value.
        let held = self.engine.read().unwrap_or_else(|e| e.into_inner());
        held.clone()
            .ok_or_else(|| closed(py, "the engine is closed"))
    }

    /// Lets go of the engine (`close()`, the end of a `with` block).
    pub(crate) fn close_handle(&self) {
        let taken = self
            .engine
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        drop(taken);
    }
}

/// The engine over the embedded catalogue, shared by every default handle.
pub(crate) fn default_engine(py: Python<'_>) -> PyResult<Engine> {
    Engine::embedded().map_err(|e| catalog_error(py, &e))
}
