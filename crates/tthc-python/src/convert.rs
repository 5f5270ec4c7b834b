//! Python values as tthc's: dates, instants, and cases (JSON-shaped data).
//!
//! Dates cross as `datetime.date`; instants as `datetime.datetime`. Vietnam
//! has one offset (+07:00, no daylight saving), so a naive datetime is taken
//! to be Vietnam time (that is what one-stop systems record) and an aware one
//! is converted to it; instants come back aware, in +07:00.
//!
//! Answers go the other way in to_python.rs; the date keys and the date
//! values they convert are here, next to the dates' other conversions.

use std::cell::RefCell;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PyMapping,
    PyModule, PyString, PyTimeAccess, PyTuple, PyType, PyTzInfo,
};
use serde::ser::{self, SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::Value;

use tthc::{Date, VnDateTime};

use crate::errors::{internal_error, invalid_case, invalid_date};

static VN_TZ: PyOnceLock<Py<PyTzInfo>> = PyOnceLock::new();
static TYPES: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// `datetime.timezone(timedelta(hours=7))`, built once.
fn vn_tz(py: Python<'_>) -> PyResult<&Bound<'_, PyTzInfo>> {
    VN_TZ
        .get_or_try_init(py, || {
            let delta = PyDelta::new(py, 0, 7 * 3600, 0, true)?;
            PyTzInfo::fixed_offset(py, delta).map(Bound::unbind)
        })
        .map(|t| t.bind(py))
}

/// A class from `tthc/_types.py` (`Record`, `DayInfo`, …).
pub(crate) fn types_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    TYPES
        .get_or_try_init(py, || py.import("tthc._types").map(Bound::unbind))?
        .bind(py)
        .getattr(name)?
        .cast_into::<PyType>()
        .map_err(Into::into)
}

/// A tthc date as `datetime.date`.
pub(crate) fn py_date(py: Python<'_>, d: Date) -> PyResult<Bound<'_, PyAny>> {
    let (y, m, day) = d.ymd();
    Ok(PyDate::new(py, y, m as u8, day as u8)?.into_any())
}

/// A tthc instant as an aware `datetime.datetime` in +07:00.
pub(crate) fn py_datetime(py: Python<'_>, t: VnDateTime) -> PyResult<Bound<'_, PyAny>> {
    let (y, m, d) = t.date().ymd();
    let s = t.second_of_day();
    let dt = PyDateTime::new(
        py,
        y,
        m as u8,
        d as u8,
        (s / 3600) as u8,
        (s / 60 % 60) as u8,
        (s % 60) as u8,
        0,
        Some(vn_tz(py)?),
    )?;
    Ok(dt.into_any())
}

/// A Python datetime's wall-clock fields in Vietnam time: naive means
/// Vietnam time already, aware is converted with `astimezone`.
fn vn_fields(dt: &Bound<'_, PyDateTime>) -> PyResult<VnDateTime> {
    let py = dt.py();
    let local = if dt.call_method0("utcoffset")?.is_none() {
        dt.clone()
    } else {
        dt.call_method1("astimezone", (vn_tz(py)?,))?
            .cast_into::<PyDateTime>()?
    };
    let date = Date::from_ymd(
        local.get_year(),
        u32::from(local.get_month()),
        u32::from(local.get_day()),
    )
    .ok_or_else(|| invalid_date(py, format!("{local} is outside years 1-9999")))?;
    VnDateTime::new(
        date,
        u32::from(local.get_hour()),
        u32::from(local.get_minute()),
        u32::from(local.get_second()),
    )
    .ok_or_else(|| invalid_date(py, format!("{local} is not a valid time")))
}

/// Whether `obj` is a numpy scalar `datetime64` (checked by name so that
/// numpy need not be imported).
fn is_np_datetime64(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type()
        .fully_qualified_name()
        .is_ok_and(|n| n.to_cow().is_ok_and(|s| s == "numpy.datetime64"))
}

/// A date argument: `datetime.date`, `datetime.datetime` (its date in
/// Vietnam time), an ISO `YYYY-MM-DD` string, or a numpy `datetime64`.
pub(crate) fn date_arg(obj: &Bound<'_, PyAny>) -> PyResult<Date> {
    let py = obj.py();
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        return vn_fields(dt).map(VnDateTime::date);
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Date::from_ymd(
            d.get_year(),
            u32::from(d.get_month()),
            u32::from(d.get_day()),
        )
        .ok_or_else(|| invalid_date(py, format!("{d} is outside years 1-9999")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return s
            .parse::<Date>()
            .map_err(|e| invalid_date(py, e.to_string()));
    }
    if is_np_datetime64(obj) {
        let days: i64 = obj
            .call_method1("astype", ("datetime64[D]",))?
            .call_method1("astype", ("int64",))?
            .extract()?;
        return days_to_date(days)
            .ok_or_else(|| invalid_date(py, "NaT or a date outside years 1-9999"));
    }
    Err(PyTypeError::new_err(format!(
        "expected a date (datetime.date, 'YYYY-MM-DD' or numpy.datetime64), got {}",
        type_name(obj)
    )))
}

/// Whether `obj` is a single date (as opposed to a sequence or array of them).
pub(crate) fn is_scalar_date(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyDate>() || obj.is_instance_of::<PyString>() || is_np_datetime64(obj)
}

/// An instant argument: `datetime.datetime` (naive = +07:00) or an RFC 3339
/// string (no offset = +07:00). A bare date is refused: "when" a dossier
/// arrived decides whether it counts from the same or the next working day.
pub(crate) fn datetime_arg(obj: &Bound<'_, PyAny>) -> PyResult<VnDateTime> {
    let py = obj.py();
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        return vn_fields(dt);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        return VnDateTime::parse(&s).map_err(|e| invalid_date(py, e.to_string()));
    }
    Err(PyTypeError::new_err(format!(
        "expected a datetime.datetime or an RFC 3339 string, got {}",
        type_name(obj)
    )))
}

/// Days since 1970-01-01 (numpy's `datetime64[D]` integer) as a tthc date;
/// `None` for NaT or a day outside years 1-9999.
#[inline]
pub(crate) fn days_to_date(days: i64) -> Option<Date> {
    i32::try_from(days)
        .ok()
        .and_then(Date::from_days_since_epoch)
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}

/// How deeply a case may nest; a case is three levels deep, and the bound
/// keeps a self-referencing list from recursing without end.
const MAX_DEPTH: usize = 32;

/// A Python value (a case dict and what it holds) as JSON text, written
/// straight from the Python objects. Dates become `YYYY-MM-DD`, datetimes
/// RFC 3339 in +07:00; anything else that JSON cannot hold is a `CaseError`
/// naming where it was (`path` names the value itself: `"events"`, or `""`
/// for a case).
pub(crate) fn to_json_text(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    Walk::run(obj, path, 0, |v| serde_json::to_string(v))
}

/// [`to_json_text`] of a field's value `obj` inside a case (`path` is the
/// field's name): the same text and errors as a part of the whole case's.
pub(crate) fn field_json_text(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    Walk::run(obj, path, 1, |v| serde_json::to_string(v))
}

/// The same as [`to_json_text`], as a JSON value.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    Walk::run(obj, path, 0, |v| serde_json::to_value(v))
}

/// One conversion of a Python value to JSON, and why it stopped if it did
/// (a serde error cannot carry a Python exception, so the walk keeps it
/// here and the caller raises it).
struct Walk {
    path: String,
    failed: RefCell<Option<Failure>>,
}

enum Failure {
    /// An exception from Python itself (an iterator that raised, a bad date).
    Py(PyErr),
    /// A value JSON cannot hold: what is wrong, and where, as the steps from
    /// it up to the root (added while the error unwinds, so that a walk that
    /// succeeds writes no path).
    Invalid { what: String, steps: Vec<Step> },
}

enum Step {
    Key(String),
    Index(usize),
}

impl Walk {
    fn run<'py, T>(
        obj: &Bound<'py, PyAny>,
        path: &str,
        depth: usize,
        write: impl FnOnce(&PyJson<'_, 'py>) -> serde_json::Result<T>,
    ) -> PyResult<T> {
        let walk = Walk {
            path: path.to_string(),
            failed: RefCell::new(None),
        };
        let written = write(&PyJson {
            obj,
            depth,
            walk: &walk,
        });
        let py = obj.py();
        written.map_err(|e| match walk.failed.take() {
            Some(Failure::Py(e)) => e,
            Some(Failure::Invalid { what, steps }) => {
                let mut path = walk.path;
                for step in steps.iter().rev() {
                    match step {
                        Step::Key(k) if path.is_empty() => path.push_str(k),
                        Step::Key(k) => {
                            path.push('.');
                            path.push_str(k);
                        }
                        Step::Index(i) => path.push_str(&format!("[{i}]")),
                    }
                }
                invalid_case(py, format!("{}: {what}", display_path(&path)))
            }
            None => internal_error(py, format!("writing JSON: {e}")),
        })
    }

    fn stop<E: ser::Error>(&self, failure: Failure) -> E {
        let mut failed = self.failed.borrow_mut();
        if failed.is_none() {
            *failed = Some(failure);
        }
        E::custom("a Python value that JSON cannot hold")
    }

    /// Keeps the exception `e` and stops serde.
    fn fail<E: ser::Error>(&self, e: PyErr) -> E {
        self.stop(Failure::Py(e))
    }

    /// A `CaseError` about the value being written: `what` is wrong with it.
    fn invalid<E: ser::Error>(&self, what: String) -> E {
        self.stop(Failure::Invalid {
            what,
            steps: Vec::new(),
        })
    }

    /// Runs `f` on the part at `step`; if that fails for a value JSON cannot
    /// hold, `step` is added to where it was.
    fn at<R, E>(
        &self,
        step: impl FnOnce() -> Step,
        f: impl FnOnce() -> Result<R, E>,
    ) -> Result<R, E> {
        f().inspect_err(|_| {
            if let Some(Failure::Invalid { steps, .. }) = &mut *self.failed.borrow_mut() {
                steps.push(step());
            }
        })
    }
}

/// A Python value seen as serde data: one walk over the Python objects
/// serves both JSON text and JSON values.
struct PyJson<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
    walk: &'a Walk,
}

impl<'py> PyJson<'_, 'py> {
    fn inner<'b>(&'b self, obj: &'b Bound<'py, PyAny>) -> PyJson<'b, 'py> {
        PyJson {
            obj,
            depth: self.depth + 1,
            walk: self.walk,
        }
    }

    fn entries<S: Serializer>(
        &self,
        s: S,
        len: Option<usize>,
        items: impl Iterator<Item = PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)>>,
    ) -> Result<S::Ok, S::Error> {
        let walk = self.walk;
        let mut map = s.serialize_map(len)?;
        for kv in items {
            let (k, v) = kv.map_err(|e| walk.fail(e))?;
            let Ok(key) = k.cast::<PyString>() else {
                return Err(walk.invalid(format!("keys must be strings, got {}", type_name(&k))));
            };
            let key = key.to_cow().map_err(|e| walk.fail(e))?;
            walk.at(
                || Step::Key(key.to_string()),
                || map.serialize_entry(&*key, &self.inner(&v)),
            )?;
        }
        map.end()
    }
}

impl Serialize for PyJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (obj, walk) = (self.obj, self.walk);
        if self.depth > MAX_DEPTH {
            return Err(walk.invalid(format!("nested more than {MAX_DEPTH} levels")));
        }
        // Strings first: most of a case is strings.
        if let Ok(text) = obj.cast::<PyString>() {
            return s.serialize_str(&text.to_cow().map_err(|e| walk.fail(e))?);
        }
        if obj.is_none() {
            return s.serialize_unit();
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return s.serialize_bool(b.is_true());
        }
        if obj.is_instance_of::<PyInt>() {
            return match obj.extract::<i64>() {
                Ok(i) => s.serialize_i64(i),
                Err(_) => Err(walk.invalid("integer out of range".into())),
            };
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if !v.is_finite() {
                return Err(walk.invalid(format!("{v} is not a finite number")));
            }
            return s.serialize_f64(v);
        }
        if let Ok(dt) = obj.cast::<PyDateTime>() {
            return s.collect_str(&vn_fields(dt).map_err(|e| walk.fail(e))?);
        }
        if obj.is_instance_of::<PyDate>() {
            return s.collect_str(&date_arg(obj).map_err(|e| walk.fail(e))?);
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return self.entries(s, Some(d.len()), d.iter().map(Ok));
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            let mut seq = s.serialize_seq(None)?;
            for (i, item) in obj.try_iter().map_err(|e| walk.fail(e))?.enumerate() {
                let item = item.map_err(|e| walk.fail(e))?;
                walk.at(
                    || Step::Index(i),
                    || seq.serialize_element(&self.inner(&item)),
                )?;
            }
            return seq.end();
        }
        if let Ok(m) = obj.cast::<PyMapping>() {
            let items = m.items().map_err(|e| walk.fail(e))?;
            return self.entries(s, None, items.iter().map(|kv| kv.extract()));
        }
        let what = format!(
            "a {} cannot be part of a case (use str, int, float, bool, None, date, datetime, dict or list)",
            type_name(obj)
        );
        Err(walk.invalid(what))
    }
}

fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "case"
    } else {
        path
    }
}

/// Keys whose string values are dates or instants in every tthc answer.
///
/// Conversion goes by key, not by the look of the string, so that a name or
/// note that happens to read like a date stays text.
pub(crate) fn is_date_key(key: &str) -> bool {
    key.ends_with("_at")
        || key.ends_with("_date")
        || matches!(
            key,
            "date"
                | "as_of"
                | "valid_from"
                | "valid_to"
                | "last_day"
                | "reference_instant"
                | "from"
                | "to"
                | "due"
                | "start"
                | "end"
        )
}

/// A date-like string under a date key, as `date` or `datetime`; `None`
/// for anything else (it stays text).
///
/// The text is checked here and built by `date.fromisoformat` /
/// `datetime.fromisoformat`: the stable ABI has no C constructor for them,
/// and one string argument costs Python about half of the eight arguments
/// (with keyword parsing) of `datetime(y, m, d, …, tzinfo)`.
pub(crate) fn date_value<'py>(py: Python<'py>, s: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    static DATE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    static DATETIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let from_iso = |cell: &'static PyOnceLock<Py<PyAny>>, class: &str| {
        cell.get_or_try_init(py, || {
            py.import("datetime")?
                .getattr(class)?
                .getattr("fromisoformat")
                .map(Bound::unbind)
        })
        .map(|f| f.bind(py))
    };
    if let Some(v) = recent::get(py, s) {
        return Ok(Some(v));
    }
    let value = if s.parse::<Date>().is_ok() {
        from_iso(&DATE, "date")?.call1((s,))?
    } else if s.len() > 10 && s.ends_with("+07:00") && VnDateTime::parse(s).is_ok() {
        // The engine writes instants as RFC 3339 in +07:00, which is also
        // what `fromisoformat` reads (a fixed +07:00 offset).
        from_iso(&DATETIME, "datetime")?.call1((s,))?
    } else {
        return Ok(None);
    };
    recent::put(s, &value);
    Ok(Some(value))
}

/// Dates and instants made lately, by their text. Answers repeat them (a
/// batch's due days, a receipt's instant read twice), and the
/// `fromisoformat` call is most of what reading one costs. Python's `date`
/// and `datetime` are immutable, so one object can be handed out again.
/// A small table with one entry per slot of the text's hash; a new text
/// replaces what was in its slot.
mod recent {
    use std::sync::Mutex;

    use pyo3::prelude::*;

    const SLOTS: usize = 64;
    /// Longer texts are never dates or instants of an answer.
    const MAX: usize = 32;

    struct Entry {
        text: [u8; MAX],
        len: usize,
        value: Py<PyAny>,
    }

    static TABLE: Mutex<[Option<Entry>; SLOTS]> = Mutex::new([const { None }; SLOTS]);

    fn slot(text: &[u8]) -> usize {
        // FNV-1a: a few instructions per byte of a 10–25 byte text.
        let h = text.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        (h % SLOTS as u64) as usize
    }

    /// The object made for `text` lately, if it is still in the table.
    pub(super) fn get<'py>(py: Python<'py>, text: &str) -> Option<Bound<'py, PyAny>> {
        let text = text.as_bytes();
        if text.len() > MAX {
            return None;
        }
        let table = TABLE.lock().ok()?;
        let entry = table.get(slot(text))?.as_ref()?;
        (entry.text.get(..entry.len)? == text).then(|| entry.value.bind(py).clone())
    }

    /// Keeps `value`, made from `text`.
    pub(super) fn put(text: &str, value: &Bound<'_, PyAny>) {
        let bytes = text.as_bytes();
        let mut key = [0; MAX];
        let Some(part) = key.get_mut(..bytes.len()) else {
            return;
        };
        part.copy_from_slice(bytes);
        let entry = Entry {
            text: key,
            len: bytes.len(),
            value: value.clone().unbind(),
        };
        // The entry replaced is dropped after the lock is let go.
        let _old = match TABLE.lock() {
            Ok(mut table) => table.get_mut(slot(bytes)).and_then(|e| e.replace(entry)),
            Err(_) => None,
        };
    }
}
