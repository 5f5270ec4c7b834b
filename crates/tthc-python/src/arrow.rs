//! Arrow record batches in and out, through the Arrow C data interface
//! (pyarrow's `__arrow_c_array__` / `__arrow_c_stream__` capsules): the
//! columns are read where pyarrow (or Spark's `mapInArrow`) put them, and
//! answers go back as Arrow columns pyarrow takes without a copy.
//!
//! A batch of dossier records has columns named after the record's fields
//! (`docs/metrics.md`); a string column is read as a CSV cell is (empty or
//! null = absent), and typed columns are written as the text a CSV export
//! would hold: a boolean as `true`/`false`, an integer in decimal, a
//! timestamp as an RFC 3339 instant in +07:00 (with a time zone: the instant;
//! without: Vietnam wall time; seconds only), a date as `YYYY-MM-DD`. Then
//! every record goes through the same checks as a CSV row.

use std::ffi::CStr;
use std::fmt::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{
    ByteArrayType, Date32Type, Date64Type, GenericBinaryType, GenericStringType, Int16Type,
    Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, GenericByteArray, OffsetSizeTrait, RecordBatch, StructArray};
use arrow_buffer::ArrowNativeType;
use arrow_schema::{DataType, TimeUnit};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use tthc::metrics::FIELDS;
use tthc::metrics::{RawRecord, RowError, Text};
use tthc::{Date, VnDateTime};

/// The offset of Vietnam time from UTC, in seconds.
const VN_OFFSET: i64 = 7 * 3600;

/// The record batches of a pyarrow object: a `RecordBatch` or struct array
/// (`__arrow_c_array__`), or a `Table` / `RecordBatchReader` (a stream);
/// `None` when `obj` is not an Arrow object.
pub(crate) fn batches(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<RecordBatch>>> {
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>()?;
        let schema = pair.get_item(0)?;
        let array = pair.get_item(1)?;
        let schema = schema.cast::<PyCapsule>()?;
        let array = array.cast::<PyCapsule>()?;
        let schema_ptr = schema.pointer_checked(Some(c"arrow_schema"))?;
        let array_ptr = array.pointer_checked(Some(c"arrow_array"))?;
        // SAFETY: the capsules are named as the Arrow PyCapsule interface
        // names them, so they hold an `ArrowSchema` and an `ArrowArray`. The
        // array is moved out (its release callback now ours, the capsule's
        // left released, as the interface prescribes); the schema is only
        // read, while its capsule is alive.
        let data = unsafe {
            let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr().cast());
            from_ffi(array, schema_ptr.cast::<FFI_ArrowSchema>().as_ref())
        }
        .map_err(arrow_error)?;
        data.validate().map_err(arrow_error)?;
        // A lone array (a column of lines) is a batch of one column, `value`,
        // as `spark.read.text` names it.
        let batch = match data.data_type() {
            DataType::Struct(_) => RecordBatch::from(StructArray::from(data)),
            _ => RecordBatch::try_from_iter([("value", arrow_array::make_array(data))])
                .map_err(arrow_error)?,
        };
        return Ok(Some(vec![batch]));
    }
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
        // SAFETY: a capsule named `arrow_array_stream` holds an
        // `ArrowArrayStream`; it is moved out, the capsule's left released.
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
        let reader = ArrowArrayStreamReader::try_new(stream).map_err(arrow_error)?;
        let batches = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_error)?;
        return Ok(Some(batches));
    }
    Ok(None)
}

fn arrow_error(e: impl std::fmt::Display) -> PyErr {
    pyo3::exceptions::PyValueError::new_err(format!("Arrow data: {e}"))
}

/// A column of text: strings or bytes, read as bytes (their UTF-8 is
/// checked where a record is checked, not trusted).
pub(crate) enum TextColumn<'a> {
    Utf8(&'a GenericByteArray<GenericStringType<i32>>),
    LargeUtf8(&'a GenericByteArray<GenericStringType<i64>>),
    Binary(&'a GenericByteArray<GenericBinaryType<i32>>),
    LargeBinary(&'a GenericByteArray<GenericBinaryType<i64>>),
}

fn bytes_at<T: ByteArrayType>(a: &GenericByteArray<T>, row: usize) -> Option<&[u8]>
where
    T::Offset: OffsetSizeTrait,
{
    if a.is_null(row) {
        return None;
    }
    let offsets = a.value_offsets();
    let start = offsets.get(row)?.to_usize()?;
    let end = offsets.get(row + 1)?.to_usize()?;
    a.values().get(start..end)
}

impl<'a> TextColumn<'a> {
    /// The column as text, when its type is a string or binary type.
    pub(crate) fn of(array: &'a ArrayRef) -> Option<TextColumn<'a>> {
        Some(match array.data_type() {
            DataType::Utf8 => TextColumn::Utf8(array.as_string_opt::<i32>()?),
            DataType::LargeUtf8 => TextColumn::LargeUtf8(array.as_string_opt::<i64>()?),
            DataType::Binary => TextColumn::Binary(array.as_binary_opt::<i32>()?),
            DataType::LargeBinary => TextColumn::LargeBinary(array.as_binary_opt::<i64>()?),
            _ => return None,
        })
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            TextColumn::Utf8(a) => a.len(),
            TextColumn::LargeUtf8(a) => a.len(),
            TextColumn::Binary(a) => a.len(),
            TextColumn::LargeBinary(a) => a.len(),
        }
    }

    /// Row `row`'s bytes; `None` when null.
    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<&'a [u8]> {
        match self {
            TextColumn::Utf8(a) => bytes_at(*a, row),
            TextColumn::LargeUtf8(a) => bytes_at(*a, row),
            TextColumn::Binary(a) => bytes_at(*a, row),
            TextColumn::LargeBinary(a) => bytes_at(*a, row),
        }
    }
}

/// Writes row `row` of a typed column as text into the buffer: `Ok(false)`
/// when it is null, `Err` when it has no text (a timestamp out of range).
type Writer<'a> = Box<dyn Fn(usize, &mut String) -> Result<bool, String> + Send + Sync + 'a>;

/// How one column fills one field.
enum Column<'a> {
    Text(TextColumn<'a>),
    Typed(Writer<'a>),
    Null,
}

fn integers<'a, T>(array: &'a ArrayRef) -> Option<Writer<'a>>
where
    T: arrow_array::ArrowPrimitiveType,
    T::Native: std::fmt::Display,
{
    let a = array.as_primitive_opt::<T>()?;
    Some(Box::new(move |row, out| {
        if a.is_null(row) {
            return Ok(false);
        }
        let _ = write!(out, "{}", a.value(row));
        Ok(true)
    }))
}

fn instants<'a, T>(array: &'a ArrayRef, per_second: i64, aware: bool) -> Option<Writer<'a>>
where
    T: arrow_array::ArrowPrimitiveType<Native = i64>,
{
    let a = array.as_primitive_opt::<T>()?;
    Some(Box::new(move |row, out| {
        if a.is_null(row) {
            return Ok(false);
        }
        let v = a.value(row);
        let local = v.div_euclid(per_second) + if aware { VN_OFFSET } else { 0 };
        let at = VnDateTime::from_local_seconds(local)
            .ok_or_else(|| format!("timestamp {v} is outside years 1-9999"))?;
        let _ = write!(out, "{at}");
        Ok(true)
    }))
}

fn dates<'a>(
    array: &'a ArrayRef,
    days: impl Fn(&'a ArrayRef, usize) -> Option<i64> + Send + Sync + 'a,
) -> Writer<'a> {
    Box::new(move |row, out| {
        if array.is_null(row) {
            return Ok(false);
        }
        let date = days(array, row)
            .and_then(|d| i32::try_from(d).ok())
            .and_then(Date::from_days_since_epoch)
            .ok_or("a date outside years 1-9999")?;
        let _ = write!(out, "{date}");
        Ok(true)
    })
}

impl<'a> Column<'a> {
    fn of(array: &'a ArrayRef) -> Option<Column<'a>> {
        if let Some(t) = TextColumn::of(array) {
            return Some(Column::Text(t));
        }
        let typed = match array.data_type() {
            DataType::Null => return Some(Column::Null),
            DataType::Boolean => {
                let a = array.as_boolean_opt()?;
                Box::new(move |row: usize, out: &mut String| {
                    if a.is_null(row) {
                        return Ok(false);
                    }
                    out.push_str(if a.value(row) { "true" } else { "false" });
                    Ok(true)
                })
            }
            DataType::Int8 => integers::<Int8Type>(array)?,
            DataType::Int16 => integers::<Int16Type>(array)?,
            DataType::Int32 => integers::<Int32Type>(array)?,
            DataType::Int64 => integers::<Int64Type>(array)?,
            DataType::UInt8 => integers::<UInt8Type>(array)?,
            DataType::UInt16 => integers::<UInt16Type>(array)?,
            DataType::UInt32 => integers::<UInt32Type>(array)?,
            DataType::UInt64 => integers::<UInt64Type>(array)?,
            DataType::Timestamp(unit, tz) => {
                let aware = tz.is_some();
                match unit {
                    TimeUnit::Second => instants::<TimestampSecondType>(array, 1, aware)?,
                    TimeUnit::Millisecond => {
                        instants::<TimestampMillisecondType>(array, 1_000, aware)?
                    }
                    TimeUnit::Microsecond => {
                        instants::<TimestampMicrosecondType>(array, 1_000_000, aware)?
                    }
                    TimeUnit::Nanosecond => {
                        instants::<TimestampNanosecondType>(array, 1_000_000_000, aware)?
                    }
                }
            }
            DataType::Date32 => dates(array, |a, row| {
                Some(i64::from(a.as_primitive_opt::<Date32Type>()?.value(row)))
            }),
            DataType::Date64 => dates(array, |a, row| {
                Some(
                    a.as_primitive_opt::<Date64Type>()?
                        .value(row)
                        .div_euclid(86_400_000),
                )
            }),
            _ => return None,
        };
        Some(Column::Typed(typed))
    }
}

/// Where a field's text is while a record is built.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Absent,
    Bytes(&'a [u8]),
    /// A range of the row's text buffer.
    Written(usize, usize),
}

/// The columns of a batch of dossier records, each with the field it fills.
pub(crate) struct RecordColumns<'a> {
    columns: Vec<(usize, Column<'a>)>,
    rows: usize,
}

impl<'a> RecordColumns<'a> {
    /// The batch's columns by field name. A column whose type has no text
    /// is an error naming it, and so is a batch with no column named after
    /// a field (every row would be malformed); columns that are no field
    /// are returned, to be named in the report's notes.
    pub(crate) fn new(batch: &'a RecordBatch) -> Result<(RecordColumns<'a>, Vec<String>), String> {
        let schema = batch.schema_ref();
        let mut columns = Vec::new();
        let mut ignored = Vec::new();
        for (field, array) in schema.fields().iter().zip(batch.columns()) {
            let name = field.name().as_str();
            let Some(slot) = FIELDS.iter().position(|f| *f == name) else {
                ignored.push(name.to_string());
                continue;
            };
            let column = Column::of(array).ok_or_else(|| {
                format!(
                    "column `{name}` is of Arrow type {}, which has no text for the record field `{name}` (give strings, booleans, integers, timestamps or dates)",
                    field.data_type()
                )
            })?;
            // A later column of a repeated name overwrites an earlier one, as in CSV.
            columns.retain(|(s, _)| *s != slot);
            columns.push((slot, column));
        }
        if columns.is_empty() && batch.num_columns() > 0 {
            return Err(format!(
                "no column is named after a record field (got {}; expected some of {})",
                ignored.join(", "),
                FIELDS.join(", ")
            ));
        }
        Ok((
            RecordColumns {
                columns,
                rows: batch.num_rows(),
            },
            ignored,
        ))
    }

    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Row `row` as a record to check, built in `buffer`.
    pub(crate) fn record<'b>(
        &'b self,
        row: usize,
        buffer: &'b mut String,
    ) -> Result<RawRecord<'b>, RowError> {
        buffer.clear();
        let mut cells = [Cell::Absent; FIELDS.len()];
        for (slot, column) in &self.columns {
            let field = FIELDS.get(*slot).copied().unwrap_or("?");
            let cell = match column {
                Column::Null => Cell::Absent,
                Column::Text(t) => t.get(row).map_or(Cell::Absent, Cell::Bytes),
                Column::Typed(write) => {
                    let start = buffer.len();
                    match write(row, buffer) {
                        Ok(true) => Cell::Written(start, buffer.len()),
                        Ok(false) => Cell::Absent,
                        Err(e) => return Err(RowError::new(field, e)),
                    }
                }
            };
            if let Some(c) = cells.get_mut(*slot) {
                *c = cell;
            }
        }
        let text: &'b str = buffer;
        let mut fields = [None; FIELDS.len()];
        for (i, (cell, f)) in cells.iter().zip(fields.iter_mut()).enumerate() {
            *f = match *cell {
                Cell::Absent => None,
                Cell::Bytes(b) => Some(Text::new(b).ok_or_else(|| {
                    RowError::new(
                        FIELDS.get(i).copied().unwrap_or("?"),
                        "the value is not valid UTF-8",
                    )
                })?),
                Cell::Written(s, e) => text.get(s..e).map(Text::from),
            };
        }
        Ok(RawRecord::from_fields(fields))
    }
}

/// The one text column of a batch of lines (what `spark.read.text` gives).
pub(crate) fn line_column(batch: &RecordBatch) -> Result<TextColumn<'_>, String> {
    match batch.columns() {
        [only] => TextColumn::of(only).ok_or_else(|| {
            format!(
                "a batch of lines has one column of strings, not of {}",
                only.data_type()
            )
        }),
        columns => Err(format!(
            "a batch of lines has one column of strings, this one has {}",
            columns.len()
        )),
    }
}

/// A record batch handed to pyarrow: `pyarrow.record_batch(x)` takes it
/// through `__arrow_c_array__`, without copying the columns.
#[pyclass(frozen, module = "tthc", name = "_ArrowBatch")]
pub struct PyArrowBatch {
    batch: RecordBatch,
}

impl PyArrowBatch {
    pub(crate) fn new(batch: RecordBatch) -> PyArrowBatch {
        PyArrowBatch { batch }
    }
}

const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

#[pymethods]
impl PyArrowBatch {
    /// The Arrow PyCapsule interface: (schema capsule, array capsule).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        // The schema is the batch's own; a consumer that wants another casts.
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(arrow_error)?;
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    /// Rows.
    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

/// A record batch of `columns`.
pub(crate) fn batch_of(columns: Vec<(&str, ArrayRef)>) -> PyResult<RecordBatch> {
    RecordBatch::try_from_iter(columns).map_err(arrow_error)
}

/// UTC microseconds of a Vietnam instant, as Arrow timestamps hold them.
pub(crate) fn utc_micros(at: VnDateTime) -> i64 {
    (at.local_seconds() - VN_OFFSET) * 1_000_000
}
