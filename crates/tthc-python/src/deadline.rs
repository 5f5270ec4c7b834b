//! Deadlines and dossier tracking for `tthc.Engine`: one case, many cases,
//! and a column of submission instants.
//!
//! The engine's answers borrow from the engine and the case; each is kept
//! together with them (as a decision is), and a `tthc.Deadline` or
//! `tthc.Tracking` record reads it in its own serde shape. (They were
//! turned into JSON values, about six times the size of their JSON text:
//! a batch of 140,000 deadlines held 1 GB.)

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
use tthc::{Deadline, Engine, Tracking, VnDateTime};

use self_cell::self_cell;

use crate::answer::{Holder, Job, Owner, Root};
use crate::batch::NAT;
use crate::case::CaseInput;
use crate::columns::{as_1d_array, converted, list_values};
use crate::convert::{datetime_arg, py_datetime, to_json, type_name};
use crate::errors::{catch, error, eval_error, internal_error};
use crate::record::typed;

/// What one case or dossier gives: the answer with what it borrows from,
/// or the engine's error.
pub(crate) type Row = Result<Arc<dyn Root>, EvalError>;

self_cell!(
    /// A deadline with the engine and the case it borrows from.
    struct DeadlineAnswer {
        owner: Owner,
        #[not_covariant]
        dependent: Deadline,
    }
);

self_cell!(
    /// A dossier's tracking with the engine and the case it borrows from.
    struct TrackingAnswer {
        owner: Owner,
        #[not_covariant]
        dependent: Tracking,
    }
);

impl Root for DeadlineAnswer {
    fn visit(&self, job: &mut dyn Job) {
        self.with_dependent(|_, d| job.deadline(d));
    }
}

impl Root for TrackingAnswer {
    fn visit(&self, job: &mut dyn Job) {
        self.with_dependent(|_, t| job.tracking(t));
    }
}

/// The deadline of one case, read without the GIL.
pub(crate) fn deadline(engine: Holder, case: CaseInput) -> Row {
    let owner = Owner {
        engine,
        case: case.read()?,
    };
    let answer = DeadlineAnswer::try_new(owner, |o| o.engine.deadline(&o.case))?;
    Ok(Arc::new(answer))
}

/// Where one dossier stands (at its `as_of`, or now), read without the GIL.
pub(crate) fn track(engine: Holder, d: DossierInput) -> Row {
    let case = d.case.read()?;
    let events = d.events.read()?;
    let owner = Owner { engine, case };
    let answer = TrackingAnswer::try_new(owner, |o| match d.as_of {
        Some(at) => o.engine.track_as_of(&o.case, &events, at),
        None => o.engine.track(&o.case, &events),
    })?;
    Ok(Arc::new(answer))
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
