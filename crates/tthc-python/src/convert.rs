//! Python values as tthc's: dates, instants, and cases (JSON-shaped data).
//!
//! Dates cross as `datetime.date`; instants as `datetime.datetime`. Vietnam
//! has one offset (+07:00, no daylight saving), so a naive datetime is taken
//! to be Vietnam time (that is what one-stop systems record) and an aware one
//! is converted to it; instants come back aware, in +07:00.
//!
//! Answers go the other way in to_python.rs; the date keys and the date
//! values they convert are here, next to the dates' other conversions.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PyMapping,
    PyModule, PyString, PyTimeAccess, PyTuple, PyType, PyTzInfo,
};
use serde_json::Value;

use tthc::{Date, VnDateTime};

use crate::errors::{invalid_case, invalid_date};

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

/// A Python value (a case dict and what it holds) as JSON. Dates become
/// `YYYY-MM-DD`, datetimes RFC 3339 in +07:00; anything else that JSON
/// cannot hold is a `CaseError` naming where it was.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(invalid_case(
            py,
            format!("{path}: nested more than {MAX_DEPTH} levels"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return Err(invalid_case(
            py,
            format!("{}: integer out of range", display_path(path)),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| {
                invalid_case(
                    py,
                    format!("{}: {v} is not a finite number", display_path(path)),
                )
            });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        return Ok(Value::String(vn_fields(dt)?.to_string()));
    }
    if obj.is_instance_of::<PyDate>() {
        return Ok(Value::String(date_arg(obj)?.to_string()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return mapping_to_json(d.iter(), path, depth);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            out.push(to_json(&item?, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        let items = m.items()?;
        let pairs: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = items
            .iter()
            .map(|kv| kv.extract())
            .collect::<PyResult<_>>()?;
        return mapping_to_json(pairs.into_iter(), path, depth);
    }
    Err(invalid_case(
        py,
        format!(
            "{}: a {} cannot be part of a case (use str, int, float, bool, None, date, datetime, dict or list)",
            display_path(path),
            type_name(obj)
        ),
    ))
}

fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "case"
    } else {
        path
    }
}

fn mapping_to_json<'py>(
    items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    path: &mut String,
    depth: usize,
) -> PyResult<Value> {
    let mut map = serde_json::Map::new();
    for (k, v) in items {
        let key = k.cast::<PyString>().map_err(|_| {
            invalid_case(
                k.py(),
                format!(
                    "{}: keys must be strings, got {}",
                    display_path(path),
                    type_name(&k)
                ),
            )
        })?;
        let key = key.to_cow()?.into_owned();
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key);
        let value = to_json(&v, path, depth + 1)?;
        path.truncate(len);
        map.insert(key, value);
    }
    Ok(Value::Object(map))
}

/// Keys whose string values are dates or instants in every tthc answer.
///
/// Conversion goes by key, not by the look of the string, so that a name or
/// note that happens to read like a date stays text.
pub(crate) fn is_date_key(key: &str) -> bool {
    key.ends_with("_at")
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
                | "due_date"
                | "start"
                | "end"
        )
}

/// A date-like string under a date key, as `date` or `datetime`; `None`
/// for anything else (it stays text).
pub(crate) fn date_value<'py>(py: Python<'py>, s: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    if let Ok(d) = s.parse::<Date>() {
        return py_date(py, d).map(Some);
    }
    if s.len() > 10 && s.ends_with("+07:00") {
        if let Ok(t) = VnDateTime::parse(s) {
            return py_datetime(py, t).map(Some);
        }
    }
    Ok(None)
}
