//! The data of a `tthc.Engine` object and the default engine.
//!
//! The bottom of the crate's own layering: the calendar takes an engine as
//! an argument and falls back to the default one, and the engine's Python
//! methods (engine.rs) return calendars, so the class is declared here, where
//! both can see it, and its methods live in engine.rs.

use pyo3::prelude::*;

use tthc::Engine;

use crate::errors::catalog_error;

/// The evaluation engine over one catalogue. Immutable and thread-safe:
/// build it once and share it.
///
/// Example::
///
///     >>> engine = tthc.Engine.default()
///     >>> len(engine.content_hash)
///     64
#[pyclass(frozen, module = "tthc", name = "Engine")]
pub struct PyEngine {
    pub(crate) engine: Engine,
}

/// The engine over the embedded catalogue, shared by every default handle.
pub(crate) fn default_engine(py: Python<'_>) -> PyResult<Engine> {
    Engine::embedded().map_err(|e| catalog_error(py, &e))
}
