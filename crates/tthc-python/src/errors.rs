//! Rust errors as Python exceptions, and the guard that keeps panics out of Python.
//!
//! The exception classes live in `tthc/_errors.py`, not here: a Python class
//! can inherit from both `tthc.Error` and a built-in (`ValueError`,
//! `LookupError`), so `except ValueError` keeps working for callers who do
//! not know tthc, which `create_exception!` cannot express. Which class an
//! error gets depends only on its kind (the engine's [`ErrorKind`]), through
//! the table `_errors.CLASS_OF_KIND`; this module passes the kind, the
//! message and any details. Raising one costs an attribute lookup on a
//! cached module, and errors are the cold path.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule};

use tthc::calendar::CalendarError;
use tthc::catalog::QueryError;
use tthc::engine::EvalError;
use tthc::metrics::MetricsError;
use tthc::{CatalogError, ErrorKind};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The `tthc._errors` module, imported once.
pub(crate) fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS
        .get_or_try_init(py, || py.import("tthc._errors").map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// The exception of `kind` (its class from `_errors.class_of`), built as
/// `cls(message, kind=kind, **extra)`, as a `PyErr`.
///
/// If the class itself cannot be built (the package is half-installed), the
/// caller still gets an exception carrying the original message.
pub(crate) fn error(
    py: Python<'_>,
    kind: ErrorKind,
    message: impl Into<String>,
    extra: &[(&str, Bound<'_, PyAny>)],
) -> PyErr {
    let message = message.into();
    let built = (|| -> PyResult<PyErr> {
        let cls = errors_module(py)?.call_method1("class_of", (kind.as_str(),))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", kind.as_str())?;
        for (k, v) in extra {
            kwargs.set_item(*k, v)?;
        }
        let exc = cls.call((message.as_str(),), Some(&kwargs))?;
        Ok(PyErr::from_value(exc))
    })();
    built.unwrap_or_else(|e| {
        PyRuntimeError::new_err(format!("{message} (and raising it failed: {e})"))
    })
}

/// `tthc.ClosedError` (kind `closed`): a call on a handle after `close()`.
/// The kind is the binding's own (the library is never called), as in the
/// PHP and Java bindings, so it is not in `CLASS_OF_KIND`.
pub(crate) fn closed(py: Python<'_>, message: &str) -> PyErr {
    let built = errors_module(py).and_then(|m| m.getattr("ClosedError")?.call1((message,)));
    match built {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => PyRuntimeError::new_err(format!("{message} (and raising it failed: {e})")),
    }
}

/// `tthc.InvalidDateError`: a date that does not exist or cannot be parsed.
pub(crate) fn invalid_date(py: Python<'_>, message: impl Into<String>) -> PyErr {
    error(py, ErrorKind::InvalidDate, message, &[])
}

/// `tthc.CaseError` with kind `invalid-case`: a case that is not well formed.
pub(crate) fn invalid_case(py: Python<'_>, message: impl Into<String>) -> PyErr {
    error(py, ErrorKind::InvalidCase, message, &[])
}

/// Refuses a string longer than [`tthc::strict::MAX_INPUT_BYTES`] (16 MiB)
/// before anything reads it, as the C ABI does: `tthc.CaseError` with kind
/// `input-too-large`.
pub(crate) fn bounded<'s>(py: Python<'_>, text: &'s str, what: &str) -> PyResult<&'s str> {
    let max = tthc::strict::MAX_INPUT_BYTES;
    if text.len() > max {
        return Err(error(
            py,
            ErrorKind::InputTooLarge,
            format!(
                "{what} is {} bytes; the limit is {max} bytes (16 MiB): split the batch",
                text.len()
            ),
            &[],
        ));
    }
    Ok(text)
}

/// `tthc.CatalogError` carrying every diagnostic as a `tthc.Diagnostic`.
pub(crate) fn catalog_error(py: Python<'_>, e: &CatalogError) -> PyErr {
    let build = || -> PyResult<Bound<'_, PyList>> {
        let cls = errors_module(py)?.getattr("Diagnostic")?;
        let list = PyList::empty(py);
        for d in &e.diagnostics {
            let kw = PyDict::new(py);
            kw.set_item("code", d.code)?;
            kw.set_item("severity", d.severity.as_str())?;
            kw.set_item("message", &d.message)?;
            kw.set_item("help", &d.help)?;
            if let Some(loc) = &d.location {
                kw.set_item("file", &loc.file)?;
                kw.set_item("line", loc.line)?;
                kw.set_item("column", loc.column)?;
            }
            list.append(cls.call((), Some(&kw))?)?;
        }
        Ok(list)
    };
    match build() {
        Ok(list) => error(
            py,
            e.kind(),
            e.to_string(),
            &[("diagnostics", list.into_any())],
        ),
        Err(err) => err,
    }
}

/// `tthc.NotFoundError` / `tthc.NotInForceError`, with `suggestions` when the
/// catalogue has a close match (a typo in an id is the usual cause).
pub(crate) fn query_error(py: Python<'_>, e: &QueryError) -> PyErr {
    let suggestions: &[String] = match e {
        QueryError::UnknownProcedure { suggestions, .. }
        | QueryError::UnknownProvince { suggestions, .. } => suggestions,
        _ => &[],
    };
    match PyList::new(py, suggestions) {
        Ok(list) => error(
            py,
            e.kind(),
            e.to_string(),
            &[("suggestions", list.into_any())],
        ),
        Err(err) => err,
    }
}

/// An engine error (evaluate, deadline, track) as the exception a Python
/// caller would catch, by its kind: a bad case is a `CaseError` (a
/// `ValueError`), a missing procedure or province a `NotFoundError` (a
/// `LookupError`), a date outside the calendar a `CalendarRangeError`, bad
/// events a `DossierError`, a catalogue without the rule it needs a
/// `DeadlineError`.
pub(crate) fn eval_error(py: Python<'_>, e: &EvalError) -> PyErr {
    match e {
        EvalError::Query(q) => query_error(py, q),
        other => error(py, other.kind(), other.to_string(), &[]),
    }
}

/// A calendar error: out of range is `CalendarRangeError`, a lunar date that
/// does not exist is `InvalidDateError`, a catalogue without calendar data
/// (or office hours) is the base `CalendarError`.
pub(crate) fn calendar_error(py: Python<'_>, e: &CalendarError) -> PyErr {
    calendar_error_at(py, e, "")
}

/// [`calendar_error`] with a prefix saying where, e.g. `"row 17: "`.
pub(crate) fn calendar_error_at(py: Python<'_>, e: &CalendarError, prefix: &str) -> PyErr {
    error(py, e.kind(), format!("{prefix}{e}"), &[])
}

/// `tthc.MetricsError`: a metrics run that stopped. The kind says why
/// (`io`, `header`, `malformed` with `strict`, `targets`); a malformed row
/// carries its `line`.
pub(crate) fn metrics_error(py: Python<'_>, e: &MetricsError) -> PyErr {
    let (message, line) = match e {
        MetricsError::Strict { line, message } => (
            format!("line {line}: {message} (strict=True stops at the first malformed row)"),
            Some(*line),
        ),
        _ => (e.to_string(), None),
    };
    let extra = match line.map(|l| l.into_pyobject(py)) {
        Some(Ok(l)) => vec![("line", l.into_any())],
        _ => Vec::new(),
    };
    error(py, e.kind(), message, &extra)
}

/// Runs `f`, turning a Rust panic into `tthc.InternalError`.
///
/// pyo3 would otherwise raise `PanicException`, a `BaseException` that a
/// host's `except Exception` (or `except tthc.Error`) does not catch, and
/// that takes a worker process down. Every entry point goes through this.
pub(crate) fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(internal(py, payload.as_ref())))
}

/// Like [`guard`] for work done without the GIL: the panic is caught on
/// the worker side and reported as a message, so nothing unwinds through
/// pyo3's re-attach.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| tthc::panic_message(p.as_ref()).to_string())
}

fn internal(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    internal_error(py, tthc::panic_message(payload).to_string())
}

/// `tthc.InternalError`: a bug in tthc, reported instead of crashing the host.
pub(crate) fn internal_error(py: Python<'_>, message: String) -> PyErr {
    error(
        py,
        ErrorKind::Internal,
        format!("internal error in tthc (please report): {message}"),
        &[],
    )
}
