//! Arguments as columns and answers in the same shape: the plumbing that
//! lets every `tthc.Calendar` method take a single date, a list of dates or
//! a numpy `datetime64[D]` array, like a numpy ufunc.
//!
//! A column is read with the GIL held (a list is copied, a contiguous array
//! is read a chunk at a time), computed by a [`batch`] kernel with the GIL
//! released, and written back as a date, a list or a new numpy array.

use numpy::datetime::{units::Days, Datetime};
use numpy::{
    PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyList, PyTuple};
use pyo3::IntoPyObjectExt;

use tthc::ErrorKind;

use crate::batch::{self, Col, Fail, Failure, NAT};
use crate::convert::{date_arg, days_to_date, is_scalar_date, py_date, type_name};
use crate::errors::{calendar_error_at, catch, error, internal_error, invalid_date};

/// The shape an argument came in, which is the shape the answer goes out in.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum Shape {
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
pub(crate) struct Column<'py> {
    pub(crate) shape: Shape,
    data: Data<'py>,
}

impl<'py> Column<'py> {
    pub(crate) fn one(v: i64) -> Self {
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

/// `obj` as a numpy array if it is one, refused unless it has one dimension.
pub(crate) fn as_1d_array<'a, 'py>(
    obj: &'a Bound<'py, PyAny>,
) -> PyResult<Option<&'a Bound<'py, PyUntypedArray>>> {
    if !numpy_loaded(obj.py()) {
        return Ok(None);
    }
    match obj.cast::<PyUntypedArray>() {
        Ok(a) if a.ndim() != 1 => Err(PyValueError::new_err(format!(
            "expected a one-dimensional array, got {} dimensions (use .ravel() and reshape the result)",
            a.ndim()
        ))),
        Ok(a) => Ok(Some(a)),
        Err(_) => Ok(None),
    }
}

/// A numpy array as an array of `T`: as it is when its dtype is `T`'s, else
/// through numpy's own `astype(dtype)` (datetime64 in other units, strings,
/// date objects), with numpy's errors for what it cannot convert.
pub(crate) fn converted<'py, T: numpy::Element>(
    array: &Bound<'py, PyAny>,
    dtype: &str,
) -> PyResult<PyReadonlyArray1<'py, T>> {
    match array.extract::<PyReadonlyArray1<'py, T>>() {
        Ok(t) => Ok(t),
        Err(_) => array
            .call_method1("astype", (dtype,))?
            .extract::<PyReadonlyArray1<'py, T>>(),
    }
}

/// The values of a list or tuple read by `read` (None if `obj` is neither).
pub(crate) fn list_values(
    obj: &Bound<'_, PyAny>,
    mut read: impl FnMut(&Bound<'_, PyAny>) -> PyResult<i64>,
) -> PyResult<Option<Vec<i64>>> {
    if !(obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) {
        return Ok(None);
    }
    obj.try_iter()?
        .map(|item| read(&item?))
        .collect::<PyResult<_>>()
        .map(Some)
}

fn list_column(values: Vec<i64>) -> Column<'static> {
    Column {
        shape: Shape::List,
        data: Data::Owned(values),
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
pub(crate) fn read_dates<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Column<'py>> {
    if is_scalar_date(obj) {
        return Ok(Column::one(i64::from(date_arg(obj)?.days_since_epoch())));
    }
    let day = |item: &Bound<'_, PyAny>| {
        if item.is_none() {
            Ok(NAT)
        } else {
            date_arg(item).map(|d| i64::from(d.days_since_epoch()))
        }
    };
    if let Some(values) = list_values(obj, day)? {
        return Ok(list_column(values));
    }
    if as_1d_array(obj)?.is_some() {
        let typed = converted::<Datetime<Days>>(obj, "datetime64[D]")?;
        return Ok(array_column(typed, Data::Days, i64::from));
    }
    Err(PyTypeError::new_err(format!(
        "expected a date, a list of dates or a numpy datetime64 array, got {}",
        type_name(obj)
    )))
}

/// Offsets: an int, a list/tuple of ints, or an integer numpy array.
pub(crate) fn read_offsets<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Column<'py>> {
    if obj.is_instance_of::<PyInt>() {
        return Ok(Column::one(obj.extract::<i64>()?));
    }
    if let Some(values) = list_values(obj, |item| item.extract::<i64>())? {
        return Ok(list_column(values));
    }
    if let Some(a) = as_1d_array(obj)? {
        let kind = a.dtype().kind();
        if kind != b'i' && kind != b'u' {
            return Err(PyTypeError::new_err(format!(
                "working-day offsets must be integers, got an array of dtype {}",
                a.dtype()
            )));
        }
        let typed = converted::<i64>(obj, "int64")?;
        return Ok(array_column(typed, Data::Ints, |v| v));
    }
    Err(PyTypeError::new_err(format!(
        "expected an int, a list of ints or an integer numpy array, got {}",
        type_name(obj)
    )))
}

/// Number of rows of two columns (a scalar broadcasts); numpy would refuse
/// two sequences of different lengths too.
pub(crate) fn rows(a: &Column<'_>, b: &Column<'_>) -> PyResult<usize> {
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
            ErrorKind::OffsetOutOfRange,
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
pub(crate) type Kernel<'k, T> =
    &'k (dyn Fn(Col<'_>, Col<'_>, &mut [T], usize) -> Result<(), Failure> + Sync);

/// The answer of a column operation, before it becomes Python.
pub(crate) enum Answer<'py, T: numpy::Element> {
    Array(Bound<'py, PyArray1<T>>),
    Values(Vec<T>),
}

/// Runs `kernel` over every row of `a` (and `b`), a chunk at a time: the
/// chunk's input is copied out with the GIL held, then computed with the
/// GIL released. An array answer is written straight into a new numpy array
/// (no Python code can see it yet); a list or scalar answer into a vector.
pub(crate) fn compute<'py, T>(
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
pub(crate) fn dates_out<'py>(
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
        return match values.first().copied().and_then(days_to_date) {
            Some(d) => py_date(py, d),
            None => Ok(py.None().into_bound(py)),
        };
    }
    let list = PyList::empty(py);
    for v in values {
        match days_to_date(v) {
            Some(d) => list.append(py_date(py, d)?)?,
            None => list.append(py.None())?,
        }
    }
    Ok(list.into_any())
}

/// Plain values out (ints, bools), in `shape`.
pub(crate) fn values_out<'py, T>(
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
