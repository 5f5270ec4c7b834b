//! `tthc.Engine`, `tthc.Decision` and `engine.procedures`.
//!
//! An engine is an `Arc` over an immutable catalogue, so one Python object
//! can serve every thread of a host. A decision keeps the evaluated case and
//! the engine alive next to the answer that borrows from them (the engine's
//! answer borrows names from the catalogue instead of copying them, which is
//! what keeps an evaluation near a microsecond). A decision is a
//! `tthc.Record` over that answer: a field becomes a Python object when it
//! is read, and only that field (answer.rs).

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use self_cell::self_cell;

use tthc::engine::{Case, Decision, EvalError};
use tthc::{Catalog, Engine, VnDateTime};

use crate::answer::{Fields, Holder, Job, Owner, PyRecord, Root, View};
use crate::calendar::PyCalendar;
use crate::case::CaseInput;
use crate::columns::coerce_flag;
use crate::convert::{date_arg, datetime_arg, to_json};
use crate::deadline::{self as dl, DossierInput, EventsInput};
use crate::errors::{
    bounded, catalog_error, catch, eval_error, guard, internal_error, query_error,
};
use crate::handle::{default_engine, PyEngine};
use crate::many;
use crate::metrics::{self, PyMetricsReport};
use crate::record::{answer, typed};
use crate::to_python::{to_python, Style};

self_cell!(
    /// An evaluated case together with its answer.
    struct Evaluated {
        owner: Owner,
        // Decision<'a> holds Cow<'a, [Citation<'a>]>, which is invariant.
        #[not_covariant]
        dependent: Decision,
    }
);

impl Evaluated {
    fn evaluate(engine: Holder, case: Case) -> Result<Evaluated, EvalError> {
        let owner = Owner { engine, case };
        Evaluated::try_new(owner, |o| o.engine.evaluate(&o.case))
    }
}

impl Root for Evaluated {
    fn visit(&self, job: &mut dyn Job) {
        self.with_dependent(|_, d| job.decision(d));
    }
}

/// Reads and evaluates a case (without the GIL; the answer is made ready
/// to share here too, so that the GIL is held only to wrap it).
fn evaluate(engine: Holder, case: CaseInput) -> Result<Arc<Evaluated>, EvalError> {
    Evaluated::evaluate(engine, case.read()?).map(Arc::new)
}

// The class itself is declared in handle.rs, below the calendar, which
// takes an engine as an argument; its Python methods are here, above
// everything they call.
#[pymethods]
impl PyEngine {
    /// The engine over the catalogue compiled into the library (parsed once
    /// per process, then shared).
    ///
    /// Example::
    ///
    ///     >>> tthc.Engine.default().content_hash == tthc.Engine.default().content_hash
    ///     True
    #[staticmethod]
    #[pyo3(name = "default")]
    fn py_default(py: Python<'_>) -> PyResult<PyEngine> {
        guard(py, || Ok(PyEngine::new(default_engine(py)?)))
    }

    /// An engine over a deployment's catalogue directory. With
    /// ``over_default=True`` the directory is layered over the embedded
    /// catalogue (its records replace those with the same id). A broken
    /// catalogue raises ``CatalogError`` with every problem in
    /// ``.diagnostics`` (file, line, column, code, message, help). The GIL is
    /// released while the files are read.
    ///
    /// Example::
    ///
    ///     >>> try:
    ///     ...     tthc.Engine.from_dir("/nonexistent")
    ///     ... except tthc.CatalogError as e:
    ///     ...     print(e.diagnostics[0].code)
    ///     E0002
    #[staticmethod]
    #[pyo3(signature = (path, over_default = false))]
    fn from_dir(py: Python<'_>, path: PathBuf, over_default: bool) -> PyResult<PyEngine> {
        guard(py, || {
            let base = if over_default {
                Some(Catalog::embedded().map_err(|e| catalog_error(py, &e))?)
            } else {
                None
            };
            let loaded = py.detach(|| {
                catch(|| match base {
                    Some(b) => Catalog::from_dir_over(&path, b),
                    None => Catalog::from_dir(&path),
                })
            });
            match loaded {
                Ok(Ok(c)) => Ok(PyEngine::new(Engine::new(Arc::new(c)))),
                Ok(Err(e)) => Err(catalog_error(py, &e)),
                Err(panic) => Err(internal_error(py, panic)),
            }
        })
    }

    /// SHA-256 (hex) of every catalogue file: names the exact rules an
    /// answer came from, and is printed on every receipt.
    ///
    /// Example::
    ///
    ///     >>> engine.content_hash == engine.evaluate(CASE).receipt.catalogue_hash
    ///     True
    #[getter]
    fn content_hash(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.engine(py)?.catalog().content_hash().to_string())
    }

    /// The library version, as printed on receipts.
    ///
    /// Example::
    ///
    ///     >>> engine.version == tthc.__version__
    ///     True
    #[getter]
    fn version(&self) -> &'static str {
        tthc::VERSION
    }

    /// Procedure lookups: ``search(text)`` and ``show(id_or_code, ...)``.
    ///
    /// Example::
    ///
    ///     >>> engine.procedures.search("khai sinh")[0].id
    ///     'ho-tich.dang-ky-khai-sinh'
    #[getter]
    fn procedures(&self, py: Python<'_>) -> PyResult<PyProcedures> {
        Ok(PyProcedures {
            engine: self.engine(py)?,
        })
    }

    /// The working calendar of ``province`` (id or name), or the national
    /// one; the same as ``tthc.Calendar(engine, province)``.
    ///
    /// Example::
    ///
    ///     >>> engine.calendar().is_working_day("2025-09-02")
    ///     False
    #[pyo3(signature = (province = None))]
    fn calendar(&self, py: Python<'_>, province: Option<&str>) -> PyResult<PyCalendar> {
        guard(py, || PyCalendar::new(py, self.engine(py)?, province))
    }

    /// Evaluates one case: which version of the procedure applies, its fee
    /// after reductions, processing time, deadline, and the receipt saying
    /// why. The case is a dict (the JSON shape of ``schema/case.schema.json``),
    /// keyword arguments, or both, or JSON text (at most 16 MiB);
    /// ``submitted_at`` may be a datetime (naive means Vietnam time, +07:00)
    /// or an RFC 3339 string. Raises ``CaseError`` for a malformed case
    /// (unknown fields included; kind ``input-too-large`` for text over the
    /// limit), ``NotFoundError`` / ``NotInForceError`` for an unknown
    /// procedure or province. The case is read and evaluated with the GIL
    /// released, so threads calling ``evaluate`` run in parallel.
    ///
    /// Example::
    ///
    ///     >>> d = engine.evaluate(procedure="ho-tich.dang-ky-khai-sinh", channel="national-portal",
    ///     ...                     submitted_at=datetime.datetime(2025, 3, 14, 9, 30))
    ///     >>> d.procedure.id, d.receipt.reference_instant.isoformat()
    ///     ('ho-tich.dang-ky-khai-sinh', '2025-03-14T09:30:00+07:00')
    #[pyo3(signature = (case = None, /, **kwargs))]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        case: Option<&Bound<'py, PyAny>>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyDecision>> {
        guard(py, || {
            let input = CaseInput::take(py, case, kwargs)?;
            let engine = self.engine(py)?;
            let evaluated = py
                .detach(|| catch(|| evaluate(Holder::Own(engine), input)))
                .map_err(|panic| internal_error(py, panic))?
                .map_err(|e| eval_error(py, &e))?;
            PyDecision::new(py, evaluated)
        })
    }

    /// Evaluates many cases (any iterable, read as it goes), keeping going
    /// past failures: the answer has one entry per case, a ``Decision`` or
    /// the ``tthc.Error`` that case would have raised (not raised). Works in
    /// rounds of 1,024 cases: each is copied out of Python, then read and
    /// evaluated with the GIL released, so the memory beyond the answers is
    /// one round's, and other threads run meanwhile.
    ///
    /// Example::
    ///
    ///     >>> out = engine.evaluate_many([CASE, {"procedure": "no-such"}])
    ///     >>> type(out[0]).__name__, type(out[1]).__name__
    ///     ('Decision', 'CaseError')
    fn evaluate_many<'py>(
        &self,
        py: Python<'py>,
        cases: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let engine = Arc::new(self.engine(py)?);
            many::run(
                py,
                cases,
                CaseInput::take_one,
                |input| evaluate(Holder::Batch(engine.clone()), input),
                |done| match done {
                    Ok(evaluated) => Ok(PyDecision::new(py, evaluated)?.into_any()),
                    Err(e) => Ok(eval_error(py, &e).into_value(py).into_any().into_bound(py)),
                },
            )
        })
    }

    /// JSON in, JSON out: evaluates a case given as JSON text and returns
    /// the decision as JSON text, without building Python objects (for hosts
    /// that store or forward the JSON as is). Text over 16 MiB is refused
    /// (``CaseError``, kind ``input-too-large``); the GIL is released.
    ///
    /// Example::
    ///
    ///     >>> import json
    ///     >>> json.loads(engine.evaluate_json(json.dumps(CASE)))["procedure"]["id"]
    ///     'ho-tich.dang-ky-khai-sinh'
    fn evaluate_json(&self, py: Python<'_>, case: &str) -> PyResult<String> {
        guard(py, || {
            let text = bounded(py, case, "the case")?;
            let engine = &self.engine(py)?;
            py.detach(|| catch(|| engine.evaluate_json(text)))
                .map_err(|panic| internal_error(py, panic))?
                .map_err(|e| eval_error(py, &e))
        })
    }

    /// When the result of a case is due: the effective processing time of
    /// ``evaluate`` counted from ``submitted_at`` under the catalogue's
    /// deadline rules (15:00 cut-off, after-hours receipt, working days,
    /// Art. 148(5) roll-over), with an ``explanation`` citing each rule.
    /// The case is given as for ``evaluate``.
    ///
    /// Example::
    ///
    ///     >>> dl = engine.deadline(CASE)
    ///     >>> dl.due_at > dl.received_at
    ///     True
    #[pyo3(signature = (case = None, /, **kwargs))]
    fn deadline<'py>(
        &self,
        py: Python<'py>,
        case: Option<&Bound<'py, PyAny>>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let input = CaseInput::take(py, case, kwargs)?;
            let engine = self.engine(py)?;
            let root = py
                .detach(|| catch(|| dl::deadline(Holder::Own(engine), input)))
                .map_err(|panic| internal_error(py, panic))?
                .map_err(|e| eval_error(py, &e))?;
            typed(py, root, "Deadline")
        })
    }

    /// ``deadline`` for many cases (any iterable), in rounds with the GIL
    /// released as ``evaluate_many``; one entry per case, a ``Deadline`` or
    /// the ``tthc.Error`` for that case (not raised).
    ///
    /// Example::
    ///
    ///     >>> [type(x).__name__ for x in engine.deadline_many([CASE, {"procedure": "x"}])]
    ///     ['Deadline', 'CaseError']
    fn deadline_many<'py>(
        &self,
        py: Python<'py>,
        cases: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let engine = Arc::new(self.engine(py)?);
            many::run(
                py,
                cases,
                CaseInput::take_one,
                |input| dl::deadline(Holder::Batch(engine.clone()), input),
                |row| dl::answer_row(py, row, "Deadline"),
            )
        })
    }

    /// The due instant of one case submitted at each of many instants: a
    /// numpy ``datetime64`` array (naive, read as Vietnam time; the answer is
    /// ``datetime64[s]`` in Vietnam time) or a list of datetimes (answered
    /// as aware datetimes). Computed with the GIL released. With
    /// ``errors="coerce"`` a row that fails gives NaT / None instead of
    /// raising; NaT in gives NaT out.
    ///
    /// Example::
    ///
    ///     >>> at = np.array(["2025-01-23T10:00", "2025-03-14T09:30"], dtype="datetime64[s]")
    ///     >>> due = engine.due_at_many(CASE, at)
    ///     >>> due.dtype, bool((due > at).all())
    ///     (dtype('<M8[s]'), True)
    #[pyo3(signature = (case, submitted_at, *, errors = "raise"))]
    fn due_at_many<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        submitted_at: &Bound<'py, PyAny>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let coerce = coerce_flag(errors)?;
            let mut value = to_json(case, "")?;
            // The column supplies the instant; a placeholder keeps the case valid.
            if let serde_json::Value::Object(m) = &mut value {
                m.entry("submitted_at").or_insert_with(|| {
                    serde_json::Value::String("2000-01-01T00:00:00+07:00".into())
                });
            }
            let base = Case::from_value(value).map_err(|e| eval_error(py, &e))?;
            dl::due_at_many(py, &self.engine(py)?, base, submitted_at, coerce)
        })
    }

    /// Where a dossier stands after its ``events`` (dicts such as
    /// ``{"kind": "received", "at": datetime}``; kinds ``received``,
    /// ``supplement_requested``, ``supplement_received``, ``paused``,
    /// ``resumed``, ``rescheduled``, ``forwarded``, ``result_returned``, …),
    /// at ``as_of`` (default: now). Raises ``DossierError`` for events that
    /// cannot happen in that order.
    ///
    /// Example::
    ///
    ///     >>> t = engine.track(CASE, [{"kind": "received", "at": datetime.datetime(2025, 3, 14, 9, 30)}],
    ///     ...                  as_of=datetime.datetime(2025, 3, 14, 10, 0))
    ///     >>> t.state, t.overdue
    ///     ('processing', False)
    #[pyo3(signature = (case, events, as_of = None))]
    fn track<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        events: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let dossier = DossierInput {
                case: CaseInput::take_one(case)?,
                events: EventsInput::take(events)?,
                as_of: as_of.map(datetime_arg).transpose()?,
            };
            let engine = self.engine(py)?;
            let root = py
                .detach(|| catch(|| dl::track(Holder::Own(engine), dossier)))
                .map_err(|panic| internal_error(py, panic))?
                .map_err(|e| eval_error(py, &e))?;
            typed(py, root, "Tracking")
        })
    }

    /// ``track`` for many dossiers, in rounds with the GIL released as
    /// ``evaluate_many``. Each dossier is a
    /// dict ``{"case": …, "events": [...], "as_of": …}`` (``as_of``
    /// optional); one entry per dossier, a ``Tracking`` or its ``tthc.Error``.
    ///
    /// Example::
    ///
    ///     >>> ev = [{"kind": "received", "at": "2025-03-14T09:30:00"}]
    ///     >>> [type(x).__name__ for x in engine.track_many([{"case": CASE, "events": ev}, {"case": CASE, "events": []}])]
    ///     ['Tracking', 'DossierError']
    fn track_many<'py>(
        &self,
        py: Python<'py>,
        dossiers: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let engine = Arc::new(self.engine(py)?);
            many::run(
                py,
                dossiers,
                |item| DossierInput::take(py, item),
                |dossier| dl::track(Holder::Batch(engine.clone()), dossier),
                |row| dl::answer_row(py, row, "Tracking"),
            )
        })
    }

    /// Government KPIs from dossier records (see ``docs/metrics.md``): per
    /// ``period`` (``"month"``, ``"quarter"``, ``"year"``) and per unit
    /// (``by``: ``"province"``, ``"agency"``, ``"sector"``, ``"procedure"``),
    /// each with its gap to the (unconfirmed) target. ``source`` is a path
    /// (``str`` or ``os.PathLike``; ``.jsonl``/``.ndjson``/``.json`` is JSON
    /// Lines, anything else CSV), read with the GIL released in constant
    /// memory; or an iterable of records, each a dict of the JSON Lines
    /// fields (datetimes allowed, naive = Vietnam time) or a JSON object
    /// string. Open dossiers are judged at ``as_of`` (default: now).
    /// Malformed rows are counted and listed in ``report.issues`` with their
    /// line (for an iterable, the item's position from 1), never dropped;
    /// with ``strict=True`` the first one raises ``MetricsError`` (kind
    /// ``"malformed"``, ``.line``). An unreadable file or a CSV header
    /// without the required columns raises ``MetricsError`` too.
    ///
    /// Example::
    ///
    ///     >>> report = engine.metrics([
    ///     ...     {"dossier": "D1", "procedure": "ho-tich.dang-ky-khai-sinh", "province": "ha-noi",
    ///     ...      "channel": "national-portal", "received_at": datetime.datetime(2025, 3, 3, 9, 0),
    ///     ...      "due_at": "2025-03-05T17:00:00", "completed_at": "2025-03-04T10:00:00"},
    ///     ...     {"dossier": "D2", "procedure": "ho-tich.dang-ky-khai-sinh", "province": "ha-noi",
    ///     ...      "channel": "in-person", "received_at": "2025-03-03T10:00:00"},
    ///     ... ], by="province", period="month", as_of="2025-03-31T12:00:00")
    ///     >>> [(r["unit"], r["value"]) for r in report.rows if r["kpi"] == "online-dossier-share"]
    ///     [('*', 50.0), ('ha-noi', 50.0)]
    #[pyo3(signature = (source, by = "province", period = "month", as_of = None, strict = false))]
    fn metrics(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        by: &str,
        period: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        strict: bool,
    ) -> PyResult<PyMetricsReport> {
        guard(py, || {
            let options = metrics::options(py, by, period, as_of, strict)?;
            metrics::compute(py, &self.engine(py)?, source, options).map(PyMetricsReport::new)
        })
    }

    /// Lets go of this handle's catalogue: later calls on this engine raise
    /// ``tthc.ClosedError`` (kind ``closed``). What it already made (a
    /// decision, a calendar, ``engine.procedures``) keeps working; other
    /// handles (another ``Engine.default()``) are not affected. Closing
    /// twice is allowed. ``with engine:`` closes it at the end of the block.
    ///
    /// Example::
    ///
    ///     >>> with tthc.Engine.default() as e:
    ///     ...     d = e.evaluate(CASE)
    ///     >>> e.closed, d.procedure.id
    ///     (True, 'ho-tich.dang-ky-khai-sinh')
    ///     >>> e.evaluate(CASE)
    ///     Traceback (most recent call last):
    ///     ...
    ///     tthc._errors.ClosedError: the engine is closed
    fn close(&self) {
        self.close_handle();
    }

    /// Whether ``close()`` was called.
    ///
    /// Example::
    ///
    ///     >>> engine.closed
    ///     False
    #[getter]
    fn closed(&self, py: Python<'_>) -> bool {
        self.engine(py).is_err()
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, _exc: &Bound<'_, PyTuple>) {
        self.close_handle();
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        match self.engine(py) {
            Ok(engine) => format!(
                "tthc.Engine(content_hash={:?}, procedures={})",
                engine.catalog().content_hash().get(..12).unwrap_or(""),
                engine.catalog().procedures().len()
            ),
            Err(_) => "tthc.Engine(closed)".to_string(),
        }
    }
}

/// Procedure lookups on an engine's catalogue.
///
/// Example::
///
///     >>> engine.procedures.show("1.000894", on=datetime.date(2025, 7, 1)).id
///     'ho-tich.dang-ky-ket-hon'
#[pyclass(frozen, module = "tthc", name = "Procedures")]
pub struct PyProcedures {
    engine: Engine,
}

#[pymethods]
impl PyProcedures {
    /// Procedures whose name, English name, id or national code contains
    /// every word of ``text``, ignoring case and Vietnamese diacritics; best
    /// match first, as ``SearchHit`` records (``id``, ``code``, ``name``, ``score``).
    ///
    /// Example::
    ///
    ///     >>> engine.procedures.search("dang ky ket hon")[0].code
    ///     '1.000894'
    fn search<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let list = PyList::empty(py);
            for hit in self
                .engine
                .catalog()
                .search(bounded(py, text, "the search text")?)
            {
                list.append(answer(py, &hit, "SearchHit")?)?;
            }
            Ok(list)
        })
    }

    /// The procedure ``id_or_code`` as it applies ``on`` a date (default:
    /// today in Vietnam) in ``province`` (its overlay first, then the
    /// national base), as a ``ProcedureInfo`` record: processing times,
    /// fees, documents, online level, legal basis. Raises ``NotFoundError``
    /// (with ``.suggestions``) or ``NotInForceError``.
    ///
    /// Example::
    ///
    ///     >>> p = engine.procedures.show("ho-tich.dang-ky-khai-sinh", on="2025-07-01")
    ///     >>> p.as_of
    ///     datetime.date(2025, 7, 1)
    #[pyo3(signature = (id_or_code, on = None, province = None))]
    fn show<'py>(
        &self,
        py: Python<'py>,
        id_or_code: &str,
        on: Option<&Bound<'py, PyAny>>,
        province: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let on = match on {
                Some(d) => date_arg(d)?,
                None => VnDateTime::now().date(),
            };
            let view = self
                .engine
                .catalog()
                .procedure(bounded(py, id_or_code, "the procedure")?, on, province)
                .map_err(|e| query_error(py, &e))?;
            answer(py, &view, "ProcedureInfo")
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "tthc.Procedures({} versions)",
            self.engine.catalog().procedures().len()
        )
    }
}

/// The answer for one case. Every field of the decision's JSON shape is an
/// attribute (``d.fee.payable``, ``d.deadline.due_at``, ``d.receipt``);
/// nested objects are ``tthc.Record``\ s, dates are ``datetime.date`` and
/// instants aware ``datetime.datetime`` in +07:00. ``to_dict()`` gives plain
/// dicts, ``to_json()`` the engine's JSON text. A field becomes a Python
/// object when it is read, and only that field: ``evaluate`` builds none.
///
/// Example::
///
///     >>> d = engine.evaluate(CASE)
///     >>> d.fee.payable == d.to_dict()["fee"]["payable"]
///     True
#[pyclass(extends = PyRecord, frozen, module = "tthc", name = "Decision")]
pub struct PyDecision {
    evaluated: Arc<Evaluated>,
}

impl PyDecision {
    fn new(py: Python<'_>, evaluated: Arc<Evaluated>) -> PyResult<Bound<'_, PyDecision>> {
        let view = View {
            root: evaluated.clone(),
            path: Vec::new(),
        };
        let record = PyRecord {
            fields: Fields::View(view),
        };
        let decision = Bound::new(
            py,
            PyClassInitializer::from(record).add_subclass(PyDecision { evaluated }),
        )?;
        // A decision holds no Python object (only the Rust answer), so it
        // can never be part of a reference cycle: Python's collector need
        // not see it. Tracked, the 20,000 decisions of a batch were walked
        // by every collection while they lived, and moved into the oldest
        // generation, whose growth starts full collections (all with the
        // GIL held): 20 ms of collections per 160,000 cases, ~2 ms untracked
        // (gc.callbacks, the bench's 8 batches).
        // SAFETY: `decision` is a live object of a GC type (every pyclass
        // is one), and untracking a tracked object is always allowed; pyo3's
        // `tp_dealloc` untracks it again, which does nothing when it is not
        // tracked.
        unsafe { pyo3::ffi::PyObject_GC_UnTrack(decision.as_ptr().cast()) };
        Ok(decision)
    }
}

#[pymethods]
impl PyDecision {
    /// The case this decision answers, as a JSON-shaped dict.
    ///
    /// Example::
    ///
    ///     >>> engine.evaluate(CASE).case["procedure"]
    ///     'ho-tich.dang-ky-khai-sinh'
    #[getter]
    fn case<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            to_python(py, &self.evaluated.borrow_owner().case, Style::Json)
        })
    }

    /// A decision holds the engine it came from, which does not pickle;
    /// ``to_json()`` or ``to_dict()`` does.
    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(
            "a tthc.Decision cannot be pickled; pickle d.to_json() or d.to_dict() instead",
        ))
    }

    fn __repr__(&self) -> String {
        self.evaluated.with_dependent(|_, d| {
            let due = d
                .deadline
                .due_at
                .map_or_else(|| "None".to_string(), |t| t.to_string());
            let payable = d
                .fee
                .payable
                .map_or_else(|| "None".to_string(), |p| p.to_string());
            format!(
                "tthc.Decision(procedure={:?}, fee_payable={payable}, due_at={due})",
                d.procedure.id
            )
        })
    }
}
