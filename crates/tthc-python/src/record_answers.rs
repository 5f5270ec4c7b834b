//! `tthc.arrow.answers`: per-record answers for an Arrow batch of dossier
//! records — the engine's due instant, where the dossier stands against it,
//! on time or not, the fee payable — as Arrow columns, computed with the GIL
//! released (`tthc::metrics::standing`).

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Int64Array, StringArray, TimestampMicrosecondArray};
use pyo3::prelude::*;

use tthc::metrics::standing::{self, Answers};
use tthc::metrics::TimeCache;
use tthc::{Engine, ErrorKind, VnDateTime};

use crate::arrow::{self, batch_of, utc_micros, PyArrowBatch, RecordColumns};
use crate::convert::datetime_arg;
use crate::errors::{catch, error, guard, internal_error};
use crate::handle::{default_engine, PyEngine};

/// The answer columns for every row of `batch` (a pyarrow ``RecordBatch``
/// or ``Table`` with the record columns of ``docs/metrics.md``), in row
/// order, as a batch with the columns ``due_at`` (timestamp, +07:00: the
/// engine's deadline), ``status`` (``early``, ``on-time``, ``late``,
/// ``open``, ``overdue``, ``withdrawn``), ``on_time`` (early or on time;
/// null while open), ``fee_payable`` (đồng, only with ``fees=True``; null
/// when the fee is not known: unknown is not zero) and ``problem`` (why an
/// answer is missing: the error's kind and message; null when none).
/// Open dossiers are judged at ``as_of`` (default: now).
#[pyfunction]
#[pyo3(signature = (batch, engine = None, *, as_of = None, fees = false))]
pub(crate) fn record_answers(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    engine: Option<PyRef<'_, PyEngine>>,
    as_of: Option<&Bound<'_, PyAny>>,
    fees: bool,
) -> PyResult<PyArrowBatch> {
    guard(py, || {
        let engine: Engine = match engine {
            Some(e) => e.engine(py)?,
            None => default_engine(py)?,
        };
        let as_of = match as_of {
            Some(t) => datetime_arg(t)?,
            None => VnDateTime::now(),
        };
        let batches = arrow::batches(batch)?.ok_or_else(|| {
            pyo3::exceptions::PyTypeError::new_err(
                "expected a pyarrow RecordBatch or Table of dossier records",
            )
        })?;
        let readers = batches
            .iter()
            .map(|b| RecordColumns::new(b).map(|(columns, _)| columns))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| error(py, ErrorKind::Header, e, &[]))?;
        let answers = py
            .detach(|| {
                catch(|| {
                    let mut times = TimeCache::default();
                    let mut buffer = String::with_capacity(256);
                    let mut out = Vec::with_capacity(readers.iter().map(RecordColumns::rows).sum());
                    for columns in &readers {
                        for row in 0..columns.rows() {
                            out.push(
                                match columns
                                    .record(row, &mut buffer)
                                    .and_then(|raw| raw.parse_with(&mut times))
                                {
                                    Ok(rec) => standing::answers(&engine, &rec, as_of, fees),
                                    Err(e) => Answers {
                                        problem: Some((e.kind(), e.to_string())),
                                        ..Answers::default()
                                    },
                                },
                            );
                        }
                    }
                    out
                })
            })
            .map_err(|panic| internal_error(py, panic))?;
        let columns: Vec<(&str, ArrayRef)> = vec![
            (
                "due_at",
                Arc::new(
                    TimestampMicrosecondArray::from_iter(
                        answers.iter().map(|a| a.due_at.map(utc_micros)),
                    )
                    .with_timezone("+07:00"),
                ),
            ),
            (
                "status",
                Arc::new(StringArray::from_iter(
                    answers.iter().map(|a| a.standing.map(|s| s.as_str())),
                )),
            ),
            (
                "on_time",
                Arc::new(BooleanArray::from_iter(
                    answers.iter().map(|a| a.standing.and_then(|s| s.on_time())),
                )),
            ),
            (
                "fee_payable",
                Arc::new(Int64Array::from_iter(answers.iter().map(|a| a.fee_payable))),
            ),
            (
                "problem",
                Arc::new(StringArray::from_iter(answers.iter().map(|a| {
                    a.problem
                        .as_ref()
                        .map(|(kind, message)| format!("{kind}: {message}"))
                }))),
            ),
        ];
        Ok(PyArrowBatch::new(batch_of(columns)?))
    })
}
