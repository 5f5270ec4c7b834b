//! Deadlines and dossier tracking for `tthc.Engine`: one case, many cases,
//! and a column of submission instants.
//!
//! The engine's answers borrow from the engine and the case, so each is
//! turned into JSON before the case goes away; for batches that happens with
//! the GIL released, and only the building of Python objects needs it.

use std::sync::Arc;

use numpy::datetime::{units::Seconds, Datetime};
use numpy::PyArray1;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyList;

use serde_json::Value;

use tthc::deadline::Event;
use tthc::engine::Case;
use tthc::EvalError;
use tthc::{Engine, VnDateTime};

use crate::answer::{json_root, Root};
use crate::batch::NAT;
use crate::case::CaseInput;
use crate::columns::{as_1d_array, converted, list_values};
use crate::convert::{datetime_arg, py_datetime, to_json, type_name};
use crate::errors::{catch, error, eval_error, internal_error};
use crate::record::typed;

/// What one case or dossier gives: the answer (kept as JSON, as it borrows
/// from the case), or the engine's error.
pub(crate) type Row = Result<Arc<dyn Root>, EvalError>;

/// The deadline of one case, read without the GIL.
pub(crate) fn deadline(engine: &Engine, case: CaseInput) -> Row {
    let case = case.read()?;
    engine
        .deadline(&case)
        .and_then(|d| json_root(&d).map_err(|message| EvalError::InvalidDossier { message }))
}

/// Where one dossier stands (at its `as_of`, or now), read without the GIL.
pub(crate) fn track(engine: &Engine, d: DossierInput) -> Row {
    let (case, events) = (d.case.read()?, d.events.read()?);
    let t = match d.as_of {
        Some(at) => engine.track_as_of(&case, &events, at),
        None => engine.track(&case, &events),
    };
    t.and_then(|t| json_root(&t).map_err(|message| EvalError::InvalidDossier { message }))
}

/// A row as the Python answer: a record of `class`, or the exception
/// (returned, not raised: a batch keeps going).
pub(crate) fn answer_row<'py>(
    py: Python<'py>,
    row: Row,
    class: &str,
) -> PyResult<Bound<'py, PyAny>> {
    match row {
        Ok(root) => typed(py, root, class),
        Err(e) => Ok(eval_error(py, &e).into_value(py).into_any().into_bound(py)),
    }
}

/// A dossier as taken from Python, not yet read.
pub(crate) struct DossierInput {
    pub case: CaseInput,
    pub events: EventsInput,
    pub as_of: Option<VnDateTime>,
}

impl DossierInput {
    /// A dossier `{"case": …, "events": [...], "as_of": …}` (`as_of` optional).
    pub(crate) fn take(py: Python<'_>, item: &Bound<'_, PyAny>) -> PyResult<DossierInput> {
        let field = |name: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
            match item.get_item(name) {
                Ok(v) if !v.is_none() => Ok(Some(v)),
                Ok(_) => Ok(None),
                Err(e) if e.is_instance_of::<PyKeyError>(py) => Ok(None),
                Err(e) => Err(e),
            }
        };
        let missing = |what: &str| {
            eval_error(
                py,
                &EvalError::InvalidDossier {
                    message: format!(
                        "a dossier is {{\"case\": …, \"events\": [...], \"as_of\": …}}; `{what}` is missing"
                    ),
                },
            )
        };
        let case = field("case")?.ok_or_else(|| missing("case"))?;
        let events = field("events")?.ok_or_else(|| missing("events"))?;
        Ok(DossierInput {
            case: CaseInput::take_one(&case)?,
            events: EventsInput::take(&events)?,
            as_of: field("as_of")?.map(|t| datetime_arg(&t)).transpose()?,
        })
    }
}

/// A dossier's events as taken from Python (a list of dicts such as
/// `{"kind": "received", "at": datetime}`, naive = +07:00), not yet read.
pub(crate) struct EventsInput(Value);

impl EventsInput {
    pub(crate) fn take(events: &Bound<'_, PyAny>) -> PyResult<EventsInput> {
        to_json(events, "events").map(EventsInput)
    }

    fn read(self) -> Result<Vec<Event>, EvalError> {
        serde_json::from_value(self.0).map_err(|e| EvalError::InvalidDossier {
            message: format!("events: {e}"),
        })
    }
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
