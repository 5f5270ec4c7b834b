//! `Engine.metrics` and `tthc.MetricsReport`: government KPIs from dossier
//! records, as flat rows a `pandas.DataFrame` is built from.
//!
//! A file is read by `tthc::metrics::compute_path` with the GIL released
//! (streamed, constant memory). An iterable of records needs Python to
//! produce each item, so items are turned into JSON text a chunk at a time
//! with the GIL held, and each chunk is added to the running totals without
//! it. The report keeps the Rust `Report`; Python objects are built when an
//! attribute is read, from its serde JSON shape (a column the engine adds
//! shows up without a binding change).

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyMapping, PyString};

use tthc::metrics::{
    self, Aggregator, MetricsError, Options, PeriodKind, Report, RowError, UnitKind,
};
use tthc::{Engine, ErrorKind};

use crate::convert::{datetime_arg, py_datetime, to_json_text, type_name};
use crate::errors::{catch, error, errors_module, guard, internal_error, metrics_error};
use crate::to_python::{to_python, Style};

/// Records converted with the GIL held before a chunk is added without it.
const CHUNK: usize = 1024;

/// The run's options from `Engine.metrics`' arguments.
pub(crate) fn options(
    py: Python<'_>,
    by: &str,
    period: &str,
    as_of: Option<&Bound<'_, PyAny>>,
    strict: bool,
) -> PyResult<Options> {
    let by = UnitKind::parse(by).ok_or_else(|| {
        error(
            py,
            ErrorKind::InvalidOption,
            format!("by={by:?}: expected \"province\", \"agency\", \"sector\" or \"procedure\""),
            &[],
        )
    })?;
    let period = PeriodKind::parse(period).ok_or_else(|| {
        error(
            py,
            ErrorKind::InvalidOption,
            format!(
                "period={period:?}: expected one of {}",
                PeriodKind::NAMES
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            &[],
        )
    })?;
    Ok(Options {
        by,
        period,
        as_of: as_of.map(datetime_arg).transpose()?,
        strict,
        ..Options::default()
    })
}

/// Whether `source` names a file (a `str` or an `os.PathLike`).
fn is_path(source: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(source.is_instance_of::<PyString>() || source.hasattr("__fspath__")?)
}

/// The report for `source`: a path (CSV, or JSON Lines by extension) or an
/// iterable of records (dicts, or JSON object strings).
pub(crate) fn compute(
    py: Python<'_>,
    engine: &Engine,
    source: &Bound<'_, PyAny>,
    options: Options,
) -> PyResult<Report> {
    if is_path(source)? {
        let path: PathBuf = source.extract()?;
        let result = py
            .detach(|| catch(|| metrics::compute_path(&path, engine, options)))
            .map_err(|panic| internal_error(py, panic))?;
        return result.map_err(|e| metrics_error(py, &e));
    }
    let mut agg = Aggregator::new(engine, options).map_err(|e| metrics_error(py, &e))?;
    add_items(
        py,
        &mut agg,
        source,
        "a path (str or os.PathLike) or an iterable of records (dicts)",
    )?
    .map_err(|e| metrics_error(py, &e))?;
    agg.finish().map_err(|e| metrics_error(py, &e))
}

/// Adds the items of `source`, an iterable of records (dicts, or JSON object
/// strings), to `agg`, numbered after the lines it has seen. The outer error
/// is Python's (not an iterable, an item that raised; `expected` says what
/// the caller takes), the inner one the run's (a malformed row with `strict`).
pub(crate) fn add_items(
    py: Python<'_>,
    agg: &mut Aggregator<'_>,
    source: &Bound<'_, PyAny>,
    expected: &str,
) -> PyResult<Result<(), MetricsError>> {
    let not_records =
        || PyTypeError::new_err(format!("expected {expected}, got {}", type_name(source)));
    // A dict is iterable (over its keys) and so are bytes (over ints): both
    // are a mistake here, not a stream of malformed rows.
    if source.is_instance_of::<PyBytes>() || source.cast::<PyMapping>().is_ok() {
        return Err(not_records());
    }
    let items = source.try_iter().map_err(|_| not_records())?;
    let mut chunk: Vec<(u64, Result<String, RowError>)> = Vec::with_capacity(CHUNK);
    let mut line = agg.lines();
    for item in items {
        let item = item?;
        line += 1;
        chunk.push((line, record_json(py, &item)?));
        if chunk.len() == CHUNK {
            if let Err(e) = feed(py, agg, &mut chunk)? {
                return Ok(Err(e));
            }
        }
    }
    feed(py, agg, &mut chunk)
}

/// One record of an iterable as JSON text; an item that cannot be one is a
/// malformed row (counted and listed), not an exception.
fn record_json(py: Python<'_>, item: &Bound<'_, PyAny>) -> PyResult<Result<String, RowError>> {
    if let Ok(s) = item.cast::<PyString>() {
        return Ok(Ok(s.to_cow()?.into_owned()));
    }
    if item.cast::<PyMapping>().is_err() {
        return Ok(Err(RowError::new(
            "json",
            format!(
                "a {} is not a record: give a dict of fields or a JSON object string",
                type_name(item)
            ),
        )));
    }
    match to_json_text(item, "record") {
        Ok(text) => Ok(Ok(text)),
        // A value JSON cannot hold (tthc's own error): the row is malformed.
        Err(e) if e.is_instance(py, &errors_module(py)?.getattr("Error")?) => {
            Ok(Err(RowError::new("json", e.value(py).to_string())))
        }
        Err(e) => Err(e),
    }
}

/// Adds a chunk of records with the GIL released, emptying it.
fn feed(
    py: Python<'_>,
    agg: &mut Aggregator<'_>,
    chunk: &mut Vec<(u64, Result<String, RowError>)>,
) -> PyResult<Result<(), MetricsError>> {
    if chunk.is_empty() {
        return Ok(Ok(()));
    }
    py.detach(|| {
        catch(|| {
            for (line, json) in chunk.drain(..) {
                match json {
                    Ok(text) => agg.add_json(line, &text)?,
                    Err(e) => agg.malformed(line, None, &e)?,
                }
            }
            Ok(())
        })
    })
    .map_err(|panic| internal_error(py, panic))
}

/// A JSON-shaped part of the report as plain Python values.
fn plain<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, value, Style::Plain)
}

/// KPIs computed from dossier records (``Engine.metrics``): one row per
/// (period, unit, KPI), the malformed rows and warnings with their line
/// numbers, the KPI registry and the targets. Attributes build fresh plain
/// Python lists and dicts on each access; ``pandas.DataFrame(report.rows)``
/// is the table.
///
/// Example::
///
///     >>> r = engine.metrics([{"dossier": "D1", "procedure": "ho-tich.dang-ky-khai-sinh",
///     ...                      "channel": "in-person", "received_at": "2025-03-03T09:00:00"}])
///     >>> r.records, len(r.rows) == len([k for k in r.kpis if k["computable"]]) * 2
///     (1, True)
#[pyclass(frozen, module = "tthc", name = "MetricsReport")]
pub struct PyMetricsReport {
    report: Report,
}

impl PyMetricsReport {
    pub(crate) fn new(report: Report) -> PyMetricsReport {
        PyMetricsReport { report }
    }
}

#[pymethods]
impl PyMetricsReport {
    /// One flat dict per (period, unit, KPI), totals (unit ``"*"``) first in
    /// each period: ``period``, ``unit_kind``, ``unit``, ``unit_name``,
    /// ``kpi``, ``value`` (None when the denominator is 0), ``numerator``,
    /// ``denominator``, ``measure``, ``status``, ``target``, ``gap``,
    /// ``meets_target``, ``target_status``. Every row has the same keys, so
    /// ``pandas.DataFrame(report.rows)`` is the table.
    ///
    /// Example::
    ///
    ///     >>> r = engine.metrics([{"dossier": "D1", "procedure": "ho-tich.dang-ky-khai-sinh", "province": "ha-noi",
    ///     ...                      "channel": "national-portal", "received_at": "2025-03-03T09:00:00"}])
    ///     >>> row = next(x for x in r.rows if x["unit"] == "*" and x["kpi"] == "online-dossier-share")
    ///     >>> row["period"], row["value"], row["target"], row["gap"]
    ///     ('2025-03', 100.0, 50.0, 50.0)
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let list = PyList::empty(py);
            for row in &self.report.rows {
                list.append(plain(py, row)?)?;
            }
            Ok(list)
        })
    }

    /// The rows that could not be used in full: ``malformed`` (not counted)
    /// and ``warnings`` (counted in part), counts ``by_kind``, and the first
    /// 100 of each severity in ``listed`` with their ``line`` (for an
    /// iterable, the item's position from 1), ``kind``, ``dossier`` and
    /// ``message``; ``truncated`` when some are counted but not listed.
    ///
    /// Example::
    ///
    ///     >>> r = engine.metrics([{"dossier": "D1", "procedure": "ho-tich.dang-ky-khai-sinh",
    ///     ...                      "channel": "fax", "received_at": "2025-03-03T09:00:00"}])
    ///     >>> r.issues["malformed"], r.issues["listed"][0]["line"], r.issues["listed"][0]["kind"]
    ///     (1, 1, 'malformed:channel')
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || plain(py, &self.report.issues))
    }

    /// The KPI registry: each KPI's ``id``, names, ``measure``, ``formula``,
    /// ``legal_basis`` (its source), ``status`` (how sure that source is),
    /// ``caveat`` and whether it is ``computable`` from dossier records.
    ///
    /// Example::
    ///
    ///     >>> k = next(k for k in engine.metrics([]).kpis if k["id"] == "online-dossier-share")
    ///     >>> k["measure"], k["status"]
    ///     ('percent', 'confirmed')
    #[getter]
    fn kpis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || plain(py, &self.report.kpis))
    }

    /// The targets the rows' gaps are measured against (all unconfirmed),
    /// each with its ``kpi``, ``value`` (percent), ``year``, ``source`` and
    /// ``evidence``.
    ///
    /// Example::
    ///
    ///     >>> sorted((t["kpi"], t["value"]) for t in engine.metrics([]).targets)[0]
    ///     ('dvctt-with-online-dossier', 80.0)
    #[getter]
    fn targets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || plain(py, &self.report.targets))
    }

    /// Notes on the input, e.g. CSV columns that were ignored.
    ///
    /// Example::
    ///
    ///     >>> engine.metrics([]).notes
    ///     []
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.report.notes.clone()
    }

    /// Records counted (malformed rows are not).
    ///
    /// Example::
    ///
    ///     >>> engine.metrics(['{"dossier": "D1", "procedure": "1.000894", "channel": "postal",'
    ///     ...                 ' "received_at": "2025-03-03T09:00:00"}', "not json"]).records
    ///     1
    #[getter]
    fn records(&self) -> u64 {
        self.report.records
    }

    /// The instant open dossiers were judged at (``as_of``, or the time of the run).
    ///
    /// Example::
    ///
    ///     >>> engine.metrics([], as_of="2025-03-31T12:00:00").as_of.isoformat()
    ///     '2025-03-31T12:00:00+07:00'
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || py_datetime(py, self.report.as_of))
    }

    /// The unit rows are grouped by: ``"province"``, ``"agency"``,
    /// ``"sector"`` or ``"procedure"``.
    ///
    /// Example::
    ///
    ///     >>> engine.metrics([], by="sector").by
    ///     'sector'
    #[getter]
    fn by(&self) -> &'static str {
        self.report.by.as_str()
    }

    /// The period rows are grouped by: ``"month"``, ``"quarter"`` or ``"year"``.
    ///
    /// Example::
    ///
    ///     >>> engine.metrics([], period="quarter").period
    ///     'quarter'
    #[getter]
    fn period(&self) -> &'static str {
        self.report.period.as_str()
    }

    /// The whole report as plain dicts and lists (the JSON report's shape,
    /// with ``as_of`` as a ``datetime``); a fresh copy each call.
    ///
    /// Example::
    ///
    ///     >>> sorted(engine.metrics([]).to_dict())[:4]
    ///     ['as_of', 'by', 'catalogue', 'generated_by']
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || plain(py, &self.report))
    }

    /// The whole report as JSON text, as ``tthc metrics --format json`` prints it.
    ///
    /// Example::
    ///
    ///     >>> import json
    ///     >>> json.loads(engine.metrics([]).to_json())["rows"]
    ///     []
    fn to_json(&self) -> String {
        self.report.to_json()
    }

    fn __repr__(&self) -> String {
        format!(
            "tthc.MetricsReport(by={:?}, period={:?}, records={}, rows={}, malformed={}, warnings={})",
            self.report.by.as_str(),
            self.report.period.as_str(),
            self.report.records,
            self.report.rows.len(),
            self.report.issues.malformed,
            self.report.issues.warnings
        )
    }
}
