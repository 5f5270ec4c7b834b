//! `tthc.Calendar`: working-day arithmetic on one date, a list of dates, or a
//! numpy `datetime64[D]` array (see [`crate::columns`] for how the shapes
//! are read and answered); and `tthc.today()`.
//!
//! Lists and arrays are processed in Rust with the GIL released, so a batch
//! of a million dates does not stall other threads.

use pyo3::prelude::*;
use pyo3::types::PyList;

use tthc::calendar::WorkingCalendar;
use tthc::{Engine, VnDateTime};

use crate::batch::{self, Col};
use crate::columns::{
    coerce_flag, compute, dates_out, read_dates, read_offsets, rows, values_out, Column,
};
use crate::convert::{date_arg, datetime_arg, py_date, py_datetime};
use crate::errors::{calendar_error, guard, query_error};
use crate::handle::{default_engine, PyEngine};
use crate::record::answer;

/// The working calendar of state agencies, nationally or in one province.
///
/// Working days follow the weekly rest, the Labour Code's holidays, the
/// Prime Minister's yearly notices (swapped days and make-up Saturdays) and
/// provincial rest days, all from the engine's catalogue. Every method
/// accepts a single date, a list of dates, or a numpy ``datetime64[D]``
/// array, and answers in the same shape; lists and arrays are computed with
/// the GIL released. Dates may be ``datetime.date``, ``'YYYY-MM-DD'``
/// strings or ``numpy.datetime64``.
///
/// Example::
///
///     >>> import datetime, tthc
///     >>> cal = tthc.Calendar()            # national calendar, default catalogue
///     >>> cal.is_working_day(datetime.date(2024, 5, 4))   # a make-up Saturday
///     True
#[pyclass(frozen, module = "tthc", name = "Calendar")]
pub struct PyCalendar {
    engine: Engine,
    /// The province id whose calendar applies, resolved once; `None` = national.
    province: Option<String>,
}

impl PyCalendar {
    pub(crate) fn new(
        py: Python<'_>,
        engine: Engine,
        province: Option<&str>,
    ) -> PyResult<PyCalendar> {
        let province = match province {
            None => None,
            Some(p) => {
                let today = VnDateTime::now().date();
                let resolved = engine
                    .catalog()
                    .resolve_province(p, today)
                    .map_err(|e| query_error(py, &e))?;
                Some(resolved.id.to_string())
            }
        };
        Ok(PyCalendar { engine, province })
    }

    fn cal(&self) -> &WorkingCalendar {
        self.engine
            .catalog()
            .calendars()
            .for_province(self.province.as_deref())
    }
}

#[pymethods]
impl PyCalendar {
    /// A calendar from ``engine`` (default: ``Engine.default()``), for
    /// ``province`` (an id like ``"ha-noi"`` or a name; a former province
    /// resolves to its successor) or the national calendar when ``None``.
    ///
    /// Example::
    ///
    ///     >>> tthc.Calendar(province="ha-noi").province
    ///     'ha-noi'
    #[new]
    #[pyo3(signature = (engine = None, province = None))]
    fn py_new(
        py: Python<'_>,
        engine: Option<&Bound<'_, PyEngine>>,
        province: Option<&str>,
    ) -> PyResult<Self> {
        guard(py, || {
            let engine = match engine {
                Some(e) => e.get().engine(py)?,
                None => default_engine(py)?,
            };
            PyCalendar::new(py, engine, province)
        })
    }

    /// The province id this calendar is for, or ``None`` for the national one.
    ///
    /// Example::
    ///
    ///     >>> tthc.Calendar().province is None
    ///     True
    #[getter]
    fn province(&self) -> Option<&str> {
        self.province.as_deref()
    }

    /// First and last day the calendar data covers, as two dates; any
    /// question outside raises ``CalendarRangeError``.
    ///
    /// Example::
    ///
    ///     >>> first, last = tthc.Calendar().range
    ///     >>> first <= datetime.date(2025, 1, 1) <= last
    ///     True
    #[getter]
    fn range<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        guard(py, || {
            let (a, b) = self.cal().range().map_err(|e| calendar_error(py, &e))?;
            Ok((py_date(py, a)?, py_date(py, b)?))
        })
    }

    /// Whether agencies work on the date(s).
    ///
    /// Example::
    ///
    ///     >>> cal = tthc.Calendar()
    ///     >>> cal.is_working_day(datetime.date(2025, 9, 2))   # National Day
    ///     False
    ///     >>> cal.is_working_day(["2025-09-01", "2025-09-03"])
    ///     [False, True]
    fn is_working_day<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let d = read_dates(dates)?;
            let none = Column::one(0);
            let n = rows(&d, &none)?;
            let cal = self.cal();
            let kernel = |a: Col<'_>, _: Col<'_>, out: &mut [bool], start: usize| {
                batch::is_working_day(cal, a, out, start)
            };
            let answer = compute(py, d.shape, n, &d, &none, &kernel)?;
            values_out(py, d.shape, answer)
        })
    }

    /// The date ``n`` working days after each date (before it for negative
    /// ``n``). ``n > 0``: the n-th working day strictly after the date;
    /// ``n == 0``: the date itself if it is a working day, else the next one.
    /// ``n`` may be an int or one offset per date. With ``errors="coerce"``
    /// a date whose answer is out of range gives NaT (None in a list)
    /// instead of raising ``CalendarRangeError``; NaT in always gives NaT out.
    ///
    /// Example::
    ///
    ///     >>> cal = tthc.Calendar()
    ///     >>> cal.add_working_days(datetime.date(2025, 4, 29), 1)   # over 30/4, 1/5 and the swapped 2/5
    ///     datetime.date(2025, 5, 5)
    ///     >>> import numpy as np
    ///     >>> cal.add_working_days(np.array(["2024-05-03"], dtype="datetime64[D]"), 1)
    ///     array(['2024-05-04'], dtype='datetime64[D]')
    #[pyo3(signature = (dates, n, *, errors = "raise"))]
    fn add_working_days<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let coerce = coerce_flag(errors)?;
            let d = read_dates(dates)?;
            let k = read_offsets(n)?;
            self.add(py, &d, &k, coerce)
        })
    }

    /// The first working day strictly after each date (``add_working_days(d, 1)``).
    ///
    /// Example::
    ///
    ///     >>> tthc.Calendar().next_working_day(datetime.date(2024, 5, 3))   # Friday
    ///     datetime.date(2024, 5, 4)
    fn next_working_day<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.step(py, dates, 1)
    }

    /// The last working day strictly before each date (``add_working_days(d, -1)``).
    ///
    /// Example::
    ///
    ///     >>> tthc.Calendar().previous_working_day(datetime.date(2025, 9, 3))
    ///     datetime.date(2025, 8, 29)
    fn previous_working_day<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.step(py, dates, -1)
    }

    /// Working days in ``(a, b]`` when ``a <= b``, minus those in ``(b, a]``
    /// otherwise; so ``working_days_between(d, next_working_day(d)) == 1``.
    /// Either argument may be a date or a sequence.
    ///
    /// Example::
    ///
    ///     >>> tthc.Calendar().working_days_between(datetime.date(2025, 4, 28), datetime.date(2025, 5, 5))
    ///     2
    fn working_days_between<'py>(
        &self,
        py: Python<'py>,
        a: &Bound<'py, PyAny>,
        b: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let x = read_dates(a)?;
            let y = read_dates(b)?;
            let n = rows(&x, &y)?;
            let shape = x.shape.max(y.shape);
            let cal = self.cal();
            let kernel = |a: Col<'_>, b: Col<'_>, out: &mut [i64], start: usize| {
                batch::working_days_between(cal, a, b, out, start)
            };
            let answer = compute(py, shape, n, &x, &y, &kernel)?;
            values_out(py, shape, answer)
        })
    }

    /// Everything the calendar knows about one date: ``working``, ``kind``
    /// (``workday``, ``weekly-rest``, ``holiday``, ``compensatory``,
    /// ``swapped``, ``make-up``), ``estimated`` (no official notice yet) and
    /// ``reason`` with its legal basis.
    ///
    /// Example::
    ///
    ///     >>> info = tthc.Calendar().day_info(datetime.date(2024, 5, 4))
    ///     >>> info.kind, info.working
    ///     ('make-up', True)
    fn day_info<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let d = date_arg(date)?;
            let info = self.cal().day_info(d).map_err(|e| calendar_error(py, &e))?;
            answer(py, &info, "DayInfo")
        })
    }

    /// Every day in ``[start, end]`` whose status differs from a plain
    /// Monday–Friday week (holidays on weekdays, make-up weekend days), as
    /// ``DayInfo`` records in date order.
    ///
    /// Example::
    ///
    ///     >>> [(d.date.isoformat(), d.kind) for d in tthc.Calendar().exceptions("2024-05-01", "2024-05-05")]
    ///     [('2024-05-01', 'holiday'), ('2024-05-04', 'make-up')]
    fn exceptions<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let (a, b) = (date_arg(start)?, date_arg(end)?);
            let days = self
                .cal()
                .exceptions_between(a, b)
                .map_err(|e| calendar_error(py, &e))?;
            let list = PyList::empty(py);
            for info in &days {
                list.append(answer(py, info, "DayInfo")?)?;
            }
            Ok(list)
        })
    }

    /// The instant ``hours`` office hours after ``start``, counting only
    /// office hours of working days. ``start`` is a datetime (naive means
    /// Vietnam time, +07:00); the answer is aware, in +07:00.
    ///
    /// Example::
    ///
    ///     >>> tthc.Calendar().add_working_hours(datetime.datetime(2025, 3, 14, 16, 0), 8).isoformat()
    ///     '2025-03-17T16:30:00+07:00'
    fn add_working_hours<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        hours: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let t = datetime_arg(start)?;
            let r = self
                .cal()
                .add_working_hours(t, hours)
                .map_err(|e| calendar_error(py, &e))?;
            py_datetime(py, r)
        })
    }

    /// How sure the calendar is of ``year``: ``"official"`` (settled by
    /// notices), ``"partial"`` or ``"estimated"`` (computed from rules).
    ///
    /// Example::
    ///
    ///     >>> tthc.Calendar().year_status(2099)
    ///     'estimated'
    fn year_status(&self, py: Python<'_>, year: i32) -> PyResult<&'static str> {
        guard(py, || {
            Ok(match self.cal().year_status(year) {
                tthc::calendar::YearStatus::Official => "official",
                tthc::calendar::YearStatus::Partial => "partial",
                tthc::calendar::YearStatus::Estimated => "estimated",
            })
        })
    }

    fn __repr__(&self) -> String {
        match &self.province {
            Some(p) => format!("tthc.Calendar(province={p:?})"),
            None => "tthc.Calendar(national)".to_string(),
        }
    }
}

impl PyCalendar {
    fn step<'py>(
        &self,
        py: Python<'py>,
        dates: &Bound<'py, PyAny>,
        k: i64,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let d = read_dates(dates)?;
            self.add(py, &d, &Column::one(k), false)
        })
    }

    /// `add_working_days` over columns, in the wider of their shapes.
    fn add<'py>(
        &self,
        py: Python<'py>,
        d: &Column<'py>,
        k: &Column<'py>,
        coerce: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let n = rows(d, k)?;
        let shape = d.shape.max(k.shape);
        let cal = self.cal();
        let kernel = |a: Col<'_>, b: Col<'_>, out: &mut [i64], start: usize| {
            batch::add_working_days(cal, a, b, out, start, coerce)
        };
        let answer = compute(py, shape, n, d, k, &kernel)?;
        dates_out(py, shape, answer)
    }
}

/// Today's date in Vietnam (UTC+7), whatever the machine's time zone.
///
/// Example::
///
///     >>> isinstance(tthc.today(), datetime.date)
///     True
#[pyfunction]
pub fn today(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    guard(py, || py_date(py, VnDateTime::now().date()))
}
