//! `tthc.Calendar`: working-day arithmetic on one date, a list of dates, or a
//! numpy `datetime64[D]` array; and lunar conversion.
//!
//! Every method takes whatever shape it is given and answers in the same
//! shape, like a numpy ufunc: a date gives a date, a list gives a list, an
//! array gives an array. Lists and arrays are processed in Rust with the GIL
//! released, so a batch of a million dates does not stall other threads.

use numpy::datetime::{units::Days, Datetime};
use numpy::{
    PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyList, PyTuple};
use pyo3::IntoPyObjectExt;

use tthc::calendar::WorkingCalendar;
use tthc::lunar::{self, LunarDate};
use tthc::{Engine, VnDateTime};

use crate::batch::{self, Col, Fail, Failure, NAT};
use crate::convert::{
    answer, date_arg, datetime_arg, is_scalar_date, py_date, py_datetime, type_name, Style,
};
use crate::engine::default_engine;
use crate::errors::{
    calendar_error, calendar_error_at, catch, error, guard, internal_error, invalid_date,
    query_error,
};

/// The shape an argument came in, which is the shape the answer goes out in.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Shape {
    Scalar,
    List,
    Array,
}

/// Where a column's values are.
enum Data<'py> {
    One(i64),
    /// Read already (from a list, or a strided array).
    Owned(Vec<i64>),
    /// A contiguous numpy array, read a chunk at a time.
    Days(PyReadonlyArray1<'py, Datetime<Days>>),
    Ints(PyReadonlyArray1<'py, i64>),
}

/// An argument as a column of integers (days or offsets).
struct Column<'py> {
    shape: Shape,
    data: Data<'py>,
}

impl<'py> Column<'py> {
    fn one(v: i64) -> Self {
        Column {
            shape: Shape::Scalar,
            data: Data::One(v),
        }
    }

    fn len(&self) -> Option<usize> {
        match &self.data {
            Data::One(_) => None,
            Data::Owned(v) => Some(v.len()),
            Data::Days(a) => Some(a.len()),
            Data::Ints(a) => Some(a.len()),
        }
    }

    /// Rows `r` as a [`Col`]; array rows are copied into `buf` so that the
    /// GIL-free loop never reads memory a Python thread could be writing.
    fn rows<'b>(&'b self, r: std::ops::Range<usize>, buf: &'b mut Vec<i64>) -> Col<'b> {
        buf.clear();
        match &self.data {
            Data::One(v) => return Col::Scalar(*v),
            Data::Owned(v) => return Col::Each(v.get(r).unwrap_or(&[])),
            Data::Days(a) => {
                let rows = a.as_slice().ok().and_then(|s| s.get(r)).unwrap_or(&[]);
                buf.extend(rows.iter().map(|d| i64::from(*d)));
            }
            Data::Ints(a) => {
                let rows = a.as_slice().ok().and_then(|s| s.get(r)).unwrap_or(&[]);
                buf.extend_from_slice(rows);
            }
        }
        Col::Each(buf)
    }
}

/// Whether numpy has been imported. An ndarray can only exist if it has, and
/// asking rust-numpy about a type when numpy is absent would panic.
pub(crate) fn numpy_loaded(py: Python<'_>) -> bool {
    py.import("sys")
        .and_then(|s| s.getattr("modules"))
        .and_then(|m| m.contains("numpy"))
        .unwrap_or(false)
}

fn as_ndarray<'a, 'py>(obj: &'a Bound<'py, PyAny>) -> Option<&'a Bound<'py, PyUntypedArray>> {
    if numpy_loaded(obj.py()) {
        obj.cast::<PyUntypedArray>().ok()
    } else {
        None
    }
}

fn one_dimensional(a: &Bound<'_, PyUntypedArray>) -> PyResult<()> {
    if a.ndim() == 1 {
        Ok(())
    } else {
        Err(PyValueError::new_err(format!(
            "expected a one-dimensional array, got {} dimensions (use .ravel() and reshape the result)",
            a.ndim()
        )))
    }
}

/// An array column: read in chunks when contiguous, else copied now.
fn array_column<'py, T: numpy::Element + Copy>(
    a: PyReadonlyArray1<'py, T>,
    wrap: fn(PyReadonlyArray1<'py, T>) -> Data<'py>,
    to_i64: fn(T) -> i64,
) -> Column<'py> {
    let data = if a.as_slice().is_ok() {
        wrap(a)
    } else {
        Data::Owned(a.as_array().iter().map(|v| to_i64(*v)).collect())
    };
    Column {
        shape: Shape::Array,
        data,
    }
}

/// Dates: a date, a list/tuple of dates (None for a missing one), or a
/// numpy array convertible to `datetime64[D]`.
fn read_dates<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Column<'py>> {
    if is_scalar_date(obj) {
        return Ok(Column::one(i64::from(date_arg(obj)?.days_since_epoch())));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let values = obj
            .try_iter()?
            .map(|item| {
                let item = item?;
                if item.is_none() {
                    Ok(NAT)
                } else {
                    date_arg(&item).map(|d| i64::from(d.days_since_epoch()))
                }
            })
            .collect::<PyResult<_>>()?;
        return Ok(Column {
            shape: Shape::List,
            data: Data::Owned(values),
        });
    }
    if let Some(a) = as_ndarray(obj) {
        one_dimensional(a)?;
        let typed = match obj.extract::<PyReadonlyArray1<'py, Datetime<Days>>>() {
            Ok(t) => t,
            // datetime64 in other units, strings, date objects: numpy's own
            // conversion, with numpy's errors for what it cannot read.
            Err(_) => obj
                .call_method1("astype", ("datetime64[D]",))?
                .extract::<PyReadonlyArray1<'py, Datetime<Days>>>()?,
        };
        return Ok(array_column(typed, Data::Days, i64::from));
    }
    Err(PyTypeError::new_err(format!(
        "expected a date, a list of dates or a numpy datetime64 array, got {}",
        type_name(obj)
    )))
}

/// Offsets: an int, a list/tuple of ints, or an integer numpy array.
fn read_offsets<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Column<'py>> {
    if obj.is_instance_of::<PyInt>() {
        return Ok(Column::one(obj.extract::<i64>()?));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let values = obj
            .try_iter()?
            .map(|item| item?.extract::<i64>())
            .collect::<PyResult<_>>()?;
        return Ok(Column {
            shape: Shape::List,
            data: Data::Owned(values),
        });
    }
    if let Some(a) = as_ndarray(obj) {
        one_dimensional(a)?;
        let kind = a.dtype().kind();
        if kind != b'i' && kind != b'u' {
            return Err(PyTypeError::new_err(format!(
                "working-day offsets must be integers, got an array of dtype {}",
                a.dtype()
            )));
        }
        let typed = match obj.extract::<PyReadonlyArray1<'py, i64>>() {
            Ok(t) => t,
            Err(_) => obj
                .call_method1("astype", ("int64",))?
                .extract::<PyReadonlyArray1<'py, i64>>()?,
        };
        return Ok(array_column(typed, Data::Ints, |v| v));
    }
    Err(PyTypeError::new_err(format!(
        "expected an int, a list of ints or an integer numpy array, got {}",
        type_name(obj)
    )))
}

/// Number of rows of two columns (a scalar broadcasts); numpy would refuse
/// two sequences of different lengths too.
fn rows(a: &Column<'_>, b: &Column<'_>) -> PyResult<usize> {
    match (a.len(), b.len()) {
        (Some(x), Some(y)) if x != y => Err(PyValueError::new_err(format!(
            "the arguments have different lengths ({x} and {y})"
        ))),
        (Some(x), _) | (None, Some(x)) => Ok(x),
        (None, None) => Ok(1),
    }
}

/// A failed row as the exception for it, naming the row when there are several.
fn failure(py: Python<'_>, shape: Shape, f: &Failure) -> PyErr {
    let at = if shape == Shape::Scalar {
        String::new()
    } else {
        format!("row {}: ", f.index)
    };
    match &f.fail {
        Fail::Calendar(e) => calendar_error_at(py, e, &at),
        Fail::NotADate(NAT) => invalid_date(
            py,
            format!("{at}NaT (a missing date) has no working-day answer"),
        ),
        Fail::NotADate(v) => invalid_date(py, format!("{at}day {v} is outside years 1-9999")),
        Fail::Offset(k) => error(
            py,
            "CalendarRangeError",
            "offset-out-of-range",
            format!("{at}offset {k} is out of range"),
            &[],
        ),
    }
}

/// The `errors=` argument of batch functions: `"raise"` or `"coerce"`.
pub(crate) fn coerce_flag(errors: &str) -> PyResult<bool> {
    match errors {
        "raise" => Ok(false),
        "coerce" => Ok(true),
        other => Err(PyValueError::new_err(format!(
            "errors must be 'raise' or 'coerce', got {other:?}"
        ))),
    }
}

/// A column operation: `(a rows, b rows, output rows, index of the first row)`.
type Kernel<'k, T> = &'k (dyn Fn(Col<'_>, Col<'_>, &mut [T], usize) -> Result<(), Failure> + Sync);

/// The answer of a column operation, before it becomes Python.
enum Answer<'py, T: numpy::Element> {
    Array(Bound<'py, PyArray1<T>>),
    Values(Vec<T>),
}

/// Runs `kernel` over every row of `a` (and `b`), a chunk at a time: the
/// chunk's input is copied out with the GIL held, then computed with the
/// GIL released. An array answer is written straight into a new numpy array
/// (no Python code can see it yet); a list or scalar answer into a vector.
fn compute<'py, T>(
    py: Python<'py>,
    shape: Shape,
    n: usize,
    a: &Column<'py>,
    b: &Column<'py>,
    kernel: Kernel<'_, T>,
) -> PyResult<Answer<'py, T>>
where
    T: numpy::Element + Copy + Default + Send,
{
    let run = |out: &mut [T]| -> PyResult<()> {
        // Enough rows per chunk for every batch thread to get a full share.
        let chunk = 2 * batch::PARALLEL_MIN_ROWS * batch::threads().max(1);
        let (mut abuf, mut bbuf) = (Vec::new(), Vec::new());
        for (c, part) in out.chunks_mut(chunk).enumerate() {
            let start = c * chunk;
            let range = start..start + part.len();
            let (ac, bc) = (a.rows(range.clone(), &mut abuf), b.rows(range, &mut bbuf));
            // A scalar call is too short for releasing the GIL to pay off.
            let result = if shape == Shape::Scalar {
                catch(|| kernel(ac, bc, part, start))
            } else {
                py.detach(|| catch(|| kernel(ac, bc, part, start)))
            };
            match result {
                Ok(Ok(())) => {}
                Ok(Err(f)) => return Err(failure(py, shape, &f)),
                Err(panic) => return Err(internal_error(py, panic)),
            }
        }
        Ok(())
    };
    if shape == Shape::Array {
        let array = PyArray1::<T>::zeros(py, n, false);
        {
            let mut rw = array.readwrite();
            run(rw.as_slice_mut()?)?;
        }
        Ok(Answer::Array(array))
    } else {
        let mut values = vec![T::default(); n];
        run(&mut values)?;
        Ok(Answer::Values(values))
    }
}

/// Dates out, in `shape`: a date, a list (None for NaT), or a `datetime64[D]` array.
fn dates_out<'py>(
    py: Python<'py>,
    shape: Shape,
    answer: Answer<'py, i64>,
) -> PyResult<Bound<'py, PyAny>> {
    let values = match answer {
        // Day numbers are datetime64[D] already: a view, not a copy.
        Answer::Array(a) => return a.call_method1("view", ("datetime64[D]",)),
        Answer::Values(v) => v,
    };
    if shape == Shape::Scalar {
        return match values
            .first()
            .copied()
            .and_then(crate::convert::days_to_date)
        {
            Some(d) => py_date(py, d),
            None => Ok(py.None().into_bound(py)),
        };
    }
    let list = PyList::empty(py);
    for v in values {
        match crate::convert::days_to_date(v) {
            Some(d) => list.append(py_date(py, d)?)?,
            None => list.append(py.None())?,
        }
    }
    Ok(list.into_any())
}

/// Plain values out (ints, bools), in `shape`.
fn values_out<'py, T>(
    py: Python<'py>,
    shape: Shape,
    answer: Answer<'py, T>,
) -> PyResult<Bound<'py, PyAny>>
where
    T: numpy::Element + IntoPyObject<'py> + Copy,
{
    match answer {
        Answer::Array(a) => Ok(a.into_any()),
        Answer::Values(v) if shape == Shape::List => Ok(PyList::new(py, v)?.into_any()),
        Answer::Values(v) => match v.first() {
            Some(x) => x.into_bound_py_any(py),
            None => Err(internal_error(py, "empty result for a scalar".into())),
        },
    }
}

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
        engine: Option<&Bound<'_, crate::engine::PyEngine>>,
        province: Option<&str>,
    ) -> PyResult<Self> {
        guard(py, || {
            let engine = match engine {
                Some(e) => e.get().engine.clone(),
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
            answer(py, &info, Style::Record, "DayInfo")
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
                list.append(answer(py, info, Style::Record, "DayInfo")?)?;
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
pub fn to_lunar(py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<PyLunarDate> {
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
pub fn from_lunar<'py>(
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
