//! `tthc.LunarDate`, `tthc.to_lunar` and `tthc.from_lunar`: the Vietnamese
//! lunar calendar (âm lịch), reckoned at UTC+7.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use tthc::lunar::{self, LunarDate};

use crate::convert::{date_arg, py_date};
use crate::errors::{calendar_error, guard};

/// A date of the Vietnamese lunar calendar (âm lịch), reckoned at UTC+7.
///
/// Example::
///
///     >>> tthc.to_lunar(datetime.date(2025, 1, 29))
///     tthc.LunarDate(year=2025, month=1, day=1, leap=False)
#[pyclass(frozen, eq, hash, module = "tthc", name = "LunarDate")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyLunarDate {
    /// The lunar year, numbered like the solar year in which its month 1 starts.
    #[pyo3(get)]
    year: i32,
    /// 1 (tháng Giêng) to 12 (tháng Chạp).
    #[pyo3(get)]
    month: u8,
    /// 1 to 30.
    #[pyo3(get)]
    day: u8,
    /// True in a leap month (tháng nhuận).
    #[pyo3(get)]
    leap: bool,
}

impl From<LunarDate> for PyLunarDate {
    fn from(l: LunarDate) -> Self {
        PyLunarDate {
            year: l.year,
            month: l.month,
            day: l.day,
            leap: l.leap,
        }
    }
}

impl From<PyLunarDate> for LunarDate {
    fn from(l: PyLunarDate) -> Self {
        LunarDate {
            year: l.year,
            month: l.month,
            day: l.day,
            leap: l.leap,
        }
    }
}

#[pymethods]
impl PyLunarDate {
    /// A lunar date; it is checked when converted with ``to_solar()``.
    ///
    /// Example::
    ///
    ///     >>> tthc.LunarDate(2025, 1, 1).to_solar()
    ///     datetime.date(2025, 1, 29)
    #[new]
    #[pyo3(signature = (year, month, day, leap = false))]
    fn py_new(year: i32, month: u8, day: u8, leap: bool) -> Self {
        PyLunarDate {
            year,
            month,
            day,
            leap,
        }
    }

    /// The solar (Gregorian) date of this lunar date; ``InvalidDateError``
    /// if it does not exist (no such leap month, no day 30 that month).
    ///
    /// Example::
    ///
    ///     >>> tthc.LunarDate(2023, 2, 1, leap=True).to_solar()
    ///     datetime.date(2023, 3, 22)
    #[pyo3(name = "to_solar")]
    fn solar<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let d = lunar::to_solar((*self).into()).map_err(|e| calendar_error(py, &e.into()))?;
            py_date(py, d)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "tthc.LunarDate(year={}, month={}, day={}, leap={})",
            self.year,
            self.month,
            self.day,
            if self.leap { "True" } else { "False" }
        )
    }

    /// ``DD/MM/YYYY``, with `` (nhuận)`` in a leap month, as Vietnamese calendars print it.
    fn __str__(&self) -> String {
        LunarDate::from(*self).to_string()
    }
}

/// The lunar date of a solar date (years 1900–2199).
///
/// Example::
///
///     >>> str(tthc.to_lunar(datetime.date(2024, 2, 10)))   # Tết Giáp Thìn
///     '01/01/2024'
#[pyfunction]
pub(crate) fn to_lunar(py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<PyLunarDate> {
    guard(py, || {
        let d = date_arg(date)?;
        lunar::from_solar(d)
            .map(PyLunarDate::from)
            .map_err(|e| calendar_error(py, &e.into()))
    })
}

/// The solar date of a lunar date, given as ``(year, month, day, leap=False)``
/// or as a ``LunarDate``; ``InvalidDateError`` if that lunar date does not exist.
///
/// Example::
///
///     >>> tthc.from_lunar(2025, 3, 10)   # Giỗ Tổ Hùng Vương
///     datetime.date(2025, 4, 7)
#[pyfunction]
#[pyo3(signature = (year, month = None, day = None, leap = false))]
pub(crate) fn from_lunar<'py>(
    py: Python<'py>,
    year: &Bound<'py, PyAny>,
    month: Option<u8>,
    day: Option<u8>,
    leap: bool,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let l = if let Ok(l) = year.cast::<PyLunarDate>() {
            *l.get()
        } else {
            let (Some(month), Some(day)) = (month, day) else {
                return Err(PyTypeError::new_err(
                    "from_lunar() takes a LunarDate or (year, month, day, leap=False)",
                ));
            };
            PyLunarDate {
                year: year.extract()?,
                month,
                day,
                leap,
            }
        };
        l.solar(py)
    })
}
