//! Deadlines and dossier tracking for `tthc.Engine`: one case, many cases,
//! and a column of submission instants.
//!
//! The engine's answers borrow from the engine and the case, so each is
//! turned into JSON before the case goes away; for batches that happens with
//! the GIL released, and only the building of Python objects needs it.

use std::sync::Arc;

use numpy::datetime::{units::Seconds, Datetime};
use numpy::PyArray1;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use tthc::deadline::Event;
use tthc::engine::Case;
use tthc::{DossierFile, EvalError};
use tthc::{Engine, VnDateTime};

use crate::answer::{json_root, Root};
use crate::batch::NAT;
use crate::columns::{as_1d_array, converted, list_values};
use crate::convert::{datetime_arg, py_datetime, to_json, type_name};
use crate::errors::{catch, error, eval_error, internal_error};
use crate::record::typed;

/// What one row of a batch gives: the answer (kept as JSON, as it borrows
/// from the case), or the engine's error.
pub(crate) type Row = Result<Arc<dyn Root>, EvalError>;

/// The deadline of one case.
pub(crate) fn deadline(engine: &Engine, case: &Case) -> Row {
    engine
        .deadline(case)
        .and_then(|d| json_root(&d).map_err(|message| EvalError::InvalidDossier { message }))
}

/// Where one dossier stands: at `as_of`, or now.
pub(crate) fn track(engine: &Engine, d: &DossierFile) -> Row {
    let t = match d.as_of {
        Some(at) => engine.track_as_of(&d.case, &d.events, at),
        None => engine.track(&d.case, &d.events),
    };
    t.and_then(|t| json_root(&t).map_err(|message| EvalError::InvalidDossier { message }))
}

/// A dossier's events from Python: a list of dicts such as
/// `{"kind": "received", "at": datetime}` (naive = +07:00).
pub(crate) fn read_events(py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<Vec<Event>> {
    let json = to_json(events, &mut "events".to_string(), 0)?;
    serde_json::from_value(json).map_err(|e| {
        eval_error(
            py,
            &EvalError::InvalidDossier {
                message: format!("events: {e}"),
            },
        )
    })
}

/// Runs `f` over every item without the GIL; a panic is `InternalError`.
pub(crate) fn detached<T: Send + Sync, R: Send>(
    py: Python<'_>,
    items: Vec<T>,
    f: impl Fn(&T) -> R + Send + Sync,
) -> PyResult<Vec<R>> {
    py.detach(|| catch(|| items.iter().map(&f).collect()))
        .map_err(|panic| internal_error(py, panic))
}

/// One Python object per row: the record, or the exception (not raised).
pub(crate) fn rows_out<'py>(
    py: Python<'py>,
    slots: Vec<Option<PyErr>>,
    rows: Vec<Row>,
    class: &str,
) -> PyResult<Bound<'py, PyList>> {
    let mut rows = rows.into_iter();
    let out = PyList::empty(py);
    for slot in slots {
        let item = match slot {
            Some(e) => e.into_value(py).into_any().into_bound(py),
            None => match rows.next() {
                Some(Ok(root)) => typed(py, root, class)?,
                Some(Err(e)) => eval_error(py, &e).into_value(py).into_any().into_bound(py),
                None => return Err(internal_error(py, "a batch lost a row".into())),
            },
        };
        out.append(item)?;
    }
    Ok(out)
}

/// Submission instants: an array convertible to `datetime64[s]` (naive,
/// read as Vietnam time), or a list/tuple of datetimes / RFC 3339 strings.
/// Returns local seconds per row (`NAT` for a missing one) and whether the
/// input was an array.
fn read_instants(obj: &Bound<'_, PyAny>) -> PyResult<(Vec<i64>, bool)> {
    let instant = |item: &Bound<'_, PyAny>| {
        if item.is_none() {
            Ok(NAT)
        } else {
            datetime_arg(item).map(VnDateTime::local_seconds)
        }
    };
    if let Some(values) = list_values(obj, instant)? {
        return Ok((values, false));
    }
    if as_1d_array(obj)?.is_some() {
        let typed = converted::<Datetime<Seconds>>(obj, "datetime64[s]")?;
        return Ok((
            typed.as_array().iter().map(|d| i64::from(*d)).collect(),
            true,
        ));
    }
    Err(PyTypeError::new_err(format!(
        "expected a numpy datetime64 array or a list of datetimes, got {}",
        type_name(obj)
    )))
}

/// The due instant of `base` submitted at each of `instants` (local
/// seconds), as local seconds; a failing row stops unless `coerce`.
fn due_column(
    engine: &Engine,
    base: &Case,
    instants: &[i64],
    coerce: bool,
) -> Result<Vec<i64>, (usize, EvalError)> {
    let mut out = Vec::with_capacity(instants.len());
    let mut case = base.clone();
    for (i, &t) in instants.iter().enumerate() {
        if t == NAT {
            out.push(NAT);
            continue;
        }
        let Some(at) = VnDateTime::from_local_seconds(t) else {
            if coerce {
                out.push(NAT);
                continue;
            }
            return Err((
                i,
                EvalError::InvalidDossier {
                    message: format!("submission instant {t} s is outside years 1-9999"),
                },
            ));
        };
        case.submitted_at = at;
        match engine.deadline(&case) {
            Ok(d) => out.push(d.due.due_at.local_seconds()),
            Err(_) if coerce => out.push(NAT),
            Err(e) => return Err((i, e)),
        }
    }
    Ok(out)
}

/// `Engine.due_at_many`: the column form of `deadline`.
pub(crate) fn due_at_many<'py>(
    py: Python<'py>,
    engine: &Engine,
    base: Case,
    submitted_at: &Bound<'py, PyAny>,
    coerce: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let (instants, array) = read_instants(submitted_at)?;
    let result = py
        .detach(|| catch(|| due_column(engine, &base, &instants, coerce)))
        .map_err(|panic| internal_error(py, panic))?;
    let due = match result {
        Ok(v) => v,
        Err((i, e)) => return Err(error(py, e.kind(), format!("row {i}: {e}"), &[])),
    };
    if array {
        let v: Vec<Datetime<Seconds>> = due.into_iter().map(Datetime::from).collect();
        return Ok(PyArray1::from_vec(py, v).into_any());
    }
    let list = PyList::empty(py);
    for s in due {
        match VnDateTime::from_local_seconds(s).filter(|_| s != NAT) {
            Some(t) => list.append(py_datetime(py, t)?)?,
            None => list.append(py.None())?,
        }
    }
    Ok(list.into_any())
}
