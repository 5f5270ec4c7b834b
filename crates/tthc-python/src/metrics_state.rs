//! `tthc.MetricsState`: the KPIs of one part of the input (a Spark
//! partition, a chunk of a list), to be merged with the other parts' and
//! finished into the report the whole input gives (`tthc::metrics::MetricsState`).
//!
//! The object keeps the Rust aggregator of its part, which borrows the
//! engine (both live in one self-referencing cell), and the states merged
//! into it. Records are added with the GIL released: an iterable's items
//! are turned into JSON a chunk at a time (as `Engine.metrics` does), an
//! Arrow batch's columns are read in place.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use std::borrow::Cow;

use pyo3::types::{PyBytes, PyString};
use self_cell::self_cell;

use tthc::metrics::{Aggregator, CsvColumns, LineFormat, MetricsError, MetricsState, Options};
use tthc::{Engine, ErrorKind};

use crate::arrow::{self, RecordColumns, TextColumn};
use crate::convert::type_name;
use crate::errors::{catch, error, guard, internal_error, metrics_error};
use crate::handle::{default_engine, PyEngine};
use crate::metrics::{self, add_items, PyMetricsReport};

type Agg<'e> = Aggregator<'e>;

self_cell!(
    /// An aggregator and the engine it reads the catalogue from.
    struct Working {
        owner: Engine,
        #[covariant]
        dependent: Agg,
    }
);

/// The totals of one part of a KPI run, mergeable with the other parts'.
///
/// Make one per part of the input, numbered in input order (``part=i``:
/// line numbers in the report are then those of the whole input), add the
/// part's records with ``update`` (dicts, JSON strings, or a pyarrow record
/// batch with the record columns) or ``update_lines`` (lines of a CSV or
/// JSON Lines file), carry it as ``to_bytes()``, merge the parts in any
/// order and ``finish()``: the report equals ``Engine.metrics`` on the whole
/// input — rows, issues and their lines. With ``strict=True`` nothing is
/// raised while adding: ``finish()`` raises the error of the first
/// malformed record, the one ``Engine.metrics(strict=True)`` stops at.
///
/// Example::
///
///     >>> rec = {"dossier": "D1", "procedure": "1.000894", "channel": "postal",
///     ...        "received_at": "2025-03-03T09:00:00"}
///     >>> a = tthc.MetricsState(as_of="2025-03-31T12:00:00", part=0)
///     >>> a.update([rec, {"dossier": "D2"}])
///     >>> b = tthc.MetricsState(as_of="2025-03-31T12:00:00", part=1)
///     >>> b.update([rec])
///     >>> total = tthc.MetricsState.from_bytes(b.to_bytes())
///     >>> total.merge(a)
///     >>> r = total.finish()
///     >>> r.records, r.issues["listed"][0]["line"]
///     (2, 2)
#[pyclass(module = "tthc", name = "MetricsState")]
pub struct PyMetricsState {
    /// This part's aggregator; `None` for a state read from bytes.
    working: Option<Working>,
    /// Whether the Arrow columns that are no record field have been noted.
    noted_columns: bool,
    /// The states merged into this one.
    merged: Option<MetricsState>,
}

impl PyMetricsState {
    fn working(&mut self, py: Python<'_>) -> PyResult<&mut Working> {
        self.working.as_mut().ok_or_else(|| {
            error(py, ErrorKind::InvalidState,
                "a state read from bytes takes no more records: add them to a new MetricsState(part=…) and merge it",
                &[],
            )
        })
    }

    /// Everything this object holds, as one state (a copy).
    fn snapshot(&self) -> Result<MetricsState, MetricsError> {
        let mut state = match (&self.working, &self.merged) {
            (Some(w), _) => w.borrow_dependent().to_state(),
            (None, Some(m)) => return Ok(m.clone()),
            (None, None) => return Err(MetricsError::State("an empty state".into())),
        };
        if let Some(m) = &self.merged {
            state.merge(m.clone())?;
        }
        Ok(state)
    }
}

/// A run stopped by `strict` is not an error while adding: the state keeps
/// the first malformed record, and `finish` raises it.
fn deferred(py: Python<'_>, result: Result<(), MetricsError>) -> PyResult<()> {
    match result {
        Ok(()) | Err(MetricsError::Strict { .. }) => Ok(()),
        Err(e) => Err(metrics_error(py, &e)),
    }
}

#[pymethods]
impl PyMetricsState {
    /// A state for part ``part`` of the input (parts are numbered in input
    /// order), with ``Engine.metrics``' options. ``as_of`` defaults to now,
    /// taken once here: give it when states made at different times are
    /// to be merged.
    #[new]
    #[pyo3(signature = (engine = None, *, by = "province", period = "month", as_of = None, strict = false, part = 0))]
    fn new(
        py: Python<'_>,
        engine: Option<PyRef<'_, PyEngine>>,
        by: &str,
        period: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        strict: bool,
        part: u64,
    ) -> PyResult<PyMetricsState> {
        guard(py, || {
            let engine = match engine {
                Some(e) => e.engine(py)?,
                None => default_engine(py)?,
            };
            let mut options: Options = metrics::options(py, by, period, as_of, strict)?;
            options.as_of = Some(options.as_of.unwrap_or_else(tthc::VnDateTime::now));
            let working = Working::try_new(engine, |e| Aggregator::for_part(e, options, part))
                .map_err(|e| metrics_error(py, &e))?;
            Ok(PyMetricsState {
                working: Some(working),
                noted_columns: false,
                merged: None,
            })
        })
    }

    /// Adds records: an iterable of dicts or JSON object strings (as
    /// ``Engine.metrics`` takes), or a pyarrow ``RecordBatch`` / ``Table``
    /// whose columns are named after the record fields (strings are read
    /// as CSV cells are; booleans, integers, timestamps and dates as the
    /// text a CSV export would hold). Records are numbered after the lines
    /// of this part seen so far. Malformed records are counted and listed,
    /// not raised; a column of a type that holds no text raises
    /// ``MetricsError`` naming it. The GIL is released while adding.
    fn update(&mut self, py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<()> {
        guard(py, || {
            if let Some(batches) = arrow::batches(records)? {
                return self.update_batches(py, &batches);
            }
            let working = self.working(py)?;
            if working.borrow_dependent().failed() {
                return Ok(());
            }
            let result = working.with_dependent_mut(|_, agg| {
                add_items(
                    py,
                    agg,
                    records,
                    "an iterable of records (dicts or JSON strings) or a pyarrow RecordBatch or Table",
                )
            })?;
            deferred(py, result)
        })
    }

    /// Adds lines of a CSV or JSON Lines file (``format="csv"`` or
    /// ``"jsonl"``), each without its line break: a list of ``str`` or
    /// ``bytes``, or a pyarrow batch / array with one string column (as
    /// ``spark.read.text`` gives). They are lines ``lines + 1 …`` of this
    /// part. CSV needs the file's ``header`` line; ``header_line`` is its
    /// line in this part when it is here (it is noted, not read as a
    /// record). Records, malformed lines and line numbers are those
    /// ``tthc metrics`` gives for the same lines of the file.
    #[pyo3(signature = (lines, *, format = "csv", header = None, header_line = None))]
    fn update_lines(
        &mut self,
        py: Python<'_>,
        lines: &Bound<'_, PyAny>,
        format: &str,
        header: Option<&str>,
        header_line: Option<u64>,
    ) -> PyResult<()> {
        guard(py, || match arrow::batches(lines)? {
            Some(batches) => {
                let columns = batches
                    .iter()
                    .map(arrow::line_column)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| error(py, ErrorKind::Header, e, &[]))?;
                self.read(py, format, header, header_line, Lines::Columns(columns))
            }
            None => {
                let owned = owned_lines(lines)?;
                self.read(py, format, header, header_line, Lines::List(owned))
            }
        })
    }

    /// Adds a piece of a CSV or JSON Lines file (``format`` and
    /// ``header`` as ``update_lines``): whole lines, each ending in ``\n``
    /// (the last one may lack it, as a file's last line may), split and
    /// read in Rust with the GIL released — the fast way to feed a file
    /// read in chunks, with no Python object per line. They are lines
    /// ``lines + 1 …`` of this part. ``header_offset`` is where the CSV
    /// header line starts in ``text`` (in bytes), when it is in this piece.
    /// ``bytes`` (or ``str``) are read in place; another buffer
    /// (``bytearray``, ``memoryview``, a pyarrow ``Buffer``) is copied
    /// first, since it could change while the GIL is released.
    #[pyo3(signature = (text, *, format = "csv", header = None, header_offset = None))]
    fn update_text(
        &mut self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        format: &str,
        header: Option<&str>,
        header_offset: Option<usize>,
    ) -> PyResult<()> {
        guard(py, || {
            let text = text_bytes(text)?;
            let header_line = match header_offset {
                None => None,
                Some(at) if at == 0 || text.get(at - 1) == Some(&b'\n') && at < text.len() => {
                    let before = memchr::memchr_iter(b'\n', &text[..at]).count() as u64;
                    Some(self.lines() + before + 1)
                }
                Some(at) => {
                    return Err(error(
                        py,
                        ErrorKind::InvalidOption,
                        format!("header_offset={at}: no line of the text starts there"),
                        &[],
                    ))
                }
            };
            self.read(py, format, header, header_line, Lines::Text(text))
        })
    }

    /// Adds another state's totals (the other is left as it was). Both
    /// must have the same engine, catalogue and options (``as_of``
    /// included), and no part may be in both.
    fn merge(&mut self, py: Python<'_>, other: &Bound<'_, PyMetricsState>) -> PyResult<()> {
        guard(py, || {
            let theirs = {
                let other = other.try_borrow().map_err(|_| {
                    error(
                        py,
                        ErrorKind::InvalidState,
                        "a state cannot be merged with itself",
                        &[],
                    )
                })?;
                other.snapshot().map_err(|e| metrics_error(py, &e))?
            };
            if let Some(w) = &self.working {
                w.borrow_dependent()
                    .to_state()
                    .check_merge(&theirs)
                    .map_err(|e| metrics_error(py, &e))?;
            }
            match &mut self.merged {
                Some(m) => m.merge(theirs).map_err(|e| metrics_error(py, &e)),
                None => {
                    self.merged = Some(theirs);
                    Ok(())
                }
            }
        })
    }

    /// The state as bytes (versioned and checksummed), to send to the
    /// process that merges.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        guard(py, || {
            let bytes = self
                .snapshot()
                .and_then(|s| s.to_bytes())
                .map_err(|e| metrics_error(py, &e))?;
            Ok(PyBytes::new(py, &bytes))
        })
    }

    /// A state from ``to_bytes``; other bytes raise ``MetricsError`` saying
    /// what is wrong (not a state, another format version, cut, damaged).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<PyMetricsState> {
        guard(py, || {
            let state = MetricsState::from_bytes(data).map_err(|e| metrics_error(py, &e))?;
            Ok(PyMetricsState {
                working: None,
                noted_columns: true,
                merged: Some(state),
            })
        })
    }

    /// The report of everything added and merged (the state stays usable);
    /// with ``strict=True``, ``MetricsError`` for the first malformed record.
    fn finish(&self, py: Python<'_>) -> PyResult<PyMetricsReport> {
        guard(py, || {
            let state = self.snapshot().map_err(|e| metrics_error(py, &e))?;
            let report = py
                .detach(|| catch(|| state.finish()))
                .map_err(|panic| internal_error(py, panic))?
                .map_err(|e| metrics_error(py, &e))?;
            Ok(PyMetricsReport::new(report))
        })
    }

    /// Records counted so far (malformed ones are not).
    #[getter]
    fn records(&self) -> u64 {
        let own = self
            .working
            .as_ref()
            .map_or(0, |w| w.borrow_dependent().records());
        own + self.merged.as_ref().map_or(0, MetricsState::records)
    }

    /// The lines of this state's own part seen so far.
    #[getter]
    fn lines(&self) -> u64 {
        self.working
            .as_ref()
            .map_or(0, |w| w.borrow_dependent().lines())
    }

    fn __repr__(&self) -> String {
        format!(
            "tthc.MetricsState(records={}, lines={})",
            self.records(),
            self.lines()
        )
    }
}

impl PyMetricsState {
    /// Adds `lines` of a CSV or JSON Lines file (``update_lines``,
    /// ``update_text``), read by ``format``'s reader with the GIL released.
    fn read(
        &mut self,
        py: Python<'_>,
        format: &str,
        header: Option<&str>,
        header_line: Option<u64>,
        lines: Lines<'_>,
    ) -> PyResult<()> {
        let reader = line_format(py, format, header)?;
        self.detached(py, |agg| {
            let mut read = |lines: &mut dyn Iterator<Item = &[u8]>| {
                let offset = agg.lines();
                reader.read_lines(agg, offset, lines, header_line)
            };
            match &lines {
                Lines::Columns(columns) => columns.iter().try_for_each(|column| {
                    read(&mut (0..column.len()).map(|row| column.get(row).unwrap_or_default()))
                }),
                Lines::List(list) => read(&mut list.iter().map(Vec::as_slice)),
                Lines::Text(text) => read(&mut lines_of(text)),
            }
        })
    }

    /// Runs `add` on this part's aggregator with the GIL released (nothing
    /// once a strict run has stopped); a panic is `tthc.InternalError`.
    fn detached(
        &mut self,
        py: Python<'_>,
        add: impl FnOnce(&mut Aggregator<'_>) -> Result<(), MetricsError> + Send,
    ) -> PyResult<()> {
        let working = self.working(py)?;
        if working.borrow_dependent().failed() {
            return Ok(());
        }
        let result = py
            .detach(|| catch(|| working.with_dependent_mut(|_, agg| add(agg))))
            .map_err(|panic| internal_error(py, panic))?;
        deferred(py, result)
    }

    /// Adds Arrow batches of records, the GIL released.
    fn update_batches(
        &mut self,
        py: Python<'_>,
        batches: &[arrow_array::RecordBatch],
    ) -> PyResult<()> {
        let mut readers = Vec::with_capacity(batches.len());
        let mut ignored = Vec::new();
        for b in batches {
            let (columns, extra) =
                RecordColumns::new(b).map_err(|e| error(py, ErrorKind::Header, e, &[]))?;
            readers.push(columns);
            for name in extra {
                if !ignored.contains(&name) {
                    ignored.push(name);
                }
            }
        }
        let note = !self.noted_columns && !ignored.is_empty();
        self.noted_columns = true;
        self.detached(py, |agg| {
            if note {
                agg.note(format!("ignored column(s): {}", ignored.join(", ")));
            }
            let mut buffer = String::with_capacity(256);
            for columns in &readers {
                for row in 0..columns.rows() {
                    let line = agg.lines() + 1;
                    match columns.record(row, &mut buffer) {
                        Ok(raw) => agg.add_raw(line, &raw)?,
                        Err(e) => agg.malformed(line, None, &e)?,
                    }
                }
            }
            Ok(())
        })
    }
}

/// Lines of a file, taken out of Python before the GIL is released.
enum Lines<'a> {
    /// pyarrow string columns, a line a row.
    Columns(Vec<TextColumn<'a>>),
    /// A list of lines, copied.
    List(Vec<Vec<u8>>),
    /// A piece of the file: whole lines, each ending in `\n` (the last may not).
    Text(Cow<'a, [u8]>),
}

/// A Python list of lines (`str` or `bytes`) as bytes.
fn owned_lines(lines: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u8>>> {
    let not_lines = || {
        PyTypeError::new_err(format!(
            "expected lines (a list of str or bytes, or a pyarrow string column), got {}",
            type_name(lines)
        ))
    };
    if lines.is_instance_of::<PyBytes>() || lines.is_instance_of::<pyo3::types::PyString>() {
        return Err(not_lines());
    }
    lines
        .try_iter()
        .map_err(|_| not_lines())?
        .map(|item| {
            let item = item?;
            if let Ok(b) = item.cast::<PyBytes>() {
                Ok(b.as_bytes().to_vec())
            } else if let Ok(s) = item.cast::<pyo3::types::PyString>() {
                Ok(s.to_cow()?.as_bytes().to_vec())
            } else {
                Err(PyTypeError::new_err(format!(
                    "a line is a str or bytes, not a {}",
                    type_name(&item)
                )))
            }
        })
        .collect()
}

/// The reader of ``format`` (``"csv"`` with the file's ``header`` line, or
/// ``"jsonl"``), as ``update_lines`` and ``update_text`` take it.
fn line_format(py: Python<'_>, format: &str, header: Option<&str>) -> PyResult<LineFormat> {
    match (format, header) {
        ("csv", Some(h)) => Ok(LineFormat::Csv(
            CsvColumns::from_line(h).map_err(|e| metrics_error(py, &e))?,
        )),
        ("csv", None) => Err(PyTypeError::new_err(
            "format=\"csv\" needs header=, the file's header line",
        )),
        ("jsonl", _) => Ok(LineFormat::JsonLines),
        (other, _) => Err(error(
            py,
            ErrorKind::InvalidOption,
            format!("format={other:?}: expected \"csv\" or \"jsonl\""),
            &[],
        )),
    }
}

/// The bytes of a piece of a file: `bytes` and `str` in place, any other
/// buffer copied.
fn text_bytes<'a>(text: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = text.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = text.cast::<PyString>() {
        return Ok(match s.to_cow()? {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        });
    }
    // (The stable ABI of Python 3.10 has no buffer protocol: a memoryview
    // takes buffers only, and makes the copy.)
    let copy = PyModule::import(text.py(), "builtins")?
        .getattr("memoryview")?
        .call1((text,))
        .and_then(|view| view.call_method0("tobytes"));
    match copy {
        Ok(copy) => Ok(Cow::Owned(copy.cast::<PyBytes>()?.as_bytes().to_vec())),
        Err(_) => Err(PyTypeError::new_err(format!(
            "expected a piece of a file (bytes, str or a buffer of bytes), got {}",
            type_name(text)
        ))),
    }
}

/// The lines of `text`, each without its `\n`, as `tthc metrics` cuts a
/// file: a final `\n` ends the last line (it starts none), and empty text
/// has no line.
fn lines_of(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    let ends = memchr::memchr_iter(b'\n', body).chain(std::iter::once(body.len()));
    let mut start = 0;
    (!text.is_empty())
        .then_some(ends)
        .into_iter()
        .flatten()
        .map(move |end| {
            let line = &body[start..end];
            start = end + 1;
            line
        })
}
