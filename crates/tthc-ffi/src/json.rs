//! JSON in, JSON out: one shape for every operation, and its batch form.
//!
//! Every JSON export has the signature
//! `tthc_status f(const tthc_engine*, const char *request_json, char **out_json)`
//! so that a binding wraps all of them with one helper, and a new operation
//! (deadline, track, …) is one [`Operation`] impl plus two three-line exports.
//! A batch takes a JSON array of requests and answers every one from the same
//! catalogue, so a reload in the middle cannot split a batch.

use std::ffi::c_char;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tthc_core::engine::Case;
use tthc_core::{Date, DossierFile, ErrorKind, VnDateTime};

use crate::boundary::with_handle;
use crate::engine::Engine;
use crate::error::FfiError;
use crate::status::Status;
use crate::strings::{give, input, out};

/// One JSON operation: how to answer a request from one catalogue snapshot.
pub trait Operation {
    /// Answers one request (JSON text) with JSON text.
    fn answer(engine: &tthc_core::Engine, request: &str) -> Result<String, FfiError>;
}

/// Classifies a serde_json failure: bad syntax is `InvalidJson`, a
/// well-formed request with wrong fields or values is `InvalidInput`.
fn json_error(e: &serde_json::Error, what: &str) -> FfiError {
    use serde_json::error::Category;
    // serde quotes an unknown field or value whole; the message keeps a prefix.
    let message = e.to_string();
    let shown = tthc_core::excerpt::clip_quoted(&message);
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => FfiError::new(
            ErrorKind::InvalidJson,
            format!("{what} is not valid JSON: {shown}"),
        ),
        Category::Data => FfiError::new(
            ErrorKind::InvalidInput,
            format!("{what} has a wrong field or value: {shown}"),
        ),
    }
}

/// A typed parse can stop at a wrong value before it reaches a syntax error
/// further on, so a failed parse is checked for syntax first (only on the
/// failure path): INVALID_JSON wins over INVALID_INPUT.
fn syntax_first(request: &str, what: &str, otherwise: impl FnOnce() -> FfiError) -> FfiError {
    match serde_json::from_str::<IgnoredAny>(request) {
        Err(syntax) => json_error(&syntax, what),
        Ok(_) => otherwise(),
    }
}

/// Reads a request as [`tthc_core::strict`] does: objects only where an
/// object is expected, and a wrong value named by its field.
fn parse<T: DeserializeOwned>(request: &str, what: &str) -> Result<T, FfiError> {
    tthc_core::strict::from_str(request).map_err(|e| {
        syntax_first(request, what, || {
            FfiError::new(
                ErrorKind::InvalidInput,
                format!("{what} has a wrong field or value: {e}"),
            )
            .with_help("see bindings/README.md for the request shape of each call")
        })
    })
}

fn to_json<T: Serialize>(v: &T) -> Result<String, FfiError> {
    serde_json::to_string(v).map_err(|e| {
        FfiError::new(
            ErrorKind::InvalidInput,
            format!("the answer cannot be written as JSON: {e}"),
        )
        .with_help("this is a bug in tthc; please report it with the request")
    })
}

/// Parses a case; on failure tells a syntax error (INVALID_JSON) from a bad
/// field or value (INVALID_INPUT), which the engine folds together. The
/// second parse happens only on that failure path.
fn parse_case(request: &str) -> Result<Case, FfiError> {
    Case::from_json(request).map_err(|e| syntax_first(request, "the case", || FfiError::from(e)))
}

/// `tthc_evaluate`: a case (schema/case.schema.json) in, a decision out.
pub struct Evaluate;

impl Operation for Evaluate {
    fn answer(engine: &tthc_core::Engine, request: &str) -> Result<String, FfiError> {
        let case = parse_case(request)?;
        // The core's direct writer: serde_json's bytes, several times
        // faster, in a buffer with room for what `give` adds.
        engine.evaluate_to_json(&case).map_err(FfiError::from)
    }
}

/// `tthc_deadline`: a case in, its processing time and due instant out.
pub struct DeadlineOp;

impl Operation for DeadlineOp {
    fn answer(engine: &tthc_core::Engine, request: &str) -> Result<String, FfiError> {
        let case = parse_case(request)?;
        let deadline = engine.deadline(&case).map_err(FfiError::from)?;
        to_json(&deadline)
    }
}

/// `tthc_track`: `{"case": …, "events": […], "as_of": "…"}` in, where the
/// dossier stands out.
pub struct Track;

impl Operation for Track {
    fn answer(engine: &tthc_core::Engine, request: &str) -> Result<String, FfiError> {
        let dossier = DossierFile::from_json(request)
            .map_err(|e| syntax_first(request, "the dossier", || FfiError::from(e)))?;
        let tracking = match dossier.as_of {
            Some(t) => engine.track_as_of(&dossier.case, &dossier.events, t),
            None => engine.track(&dossier.case, &dossier.events),
        }
        .map_err(FfiError::from)?;
        to_json(&tracking)
    }
}

/// `{"procedure": "id or code", "on": "YYYY-MM-DD", "province": "id or name"}`;
/// `on` defaults to today in Vietnam, `province` to national rules.
#[derive(Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct ShowRequest {
    procedure: String,
    #[serde(default)]
    on: Option<Date>,
    #[serde(default)]
    province: Option<String>,
}
tthc_core::json_object!(ShowRequest);

/// Identifies the catalogue an answer came from, as a decision's receipt does.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    engine_version: &'static str,
    catalogue_hash: &'a str,
    #[serde(flatten)]
    answer: T,
}

#[derive(Serialize)]
struct ShowAnswer<'a> {
    procedure: tthc_core::catalog::ProcedureView<'a>,
}

/// `tthc_procedure_show`: a procedure as it applies on a date, in a province.
pub struct Show;

impl Operation for Show {
    fn answer(engine: &tthc_core::Engine, request: &str) -> Result<String, FfiError> {
        let r: ShowRequest = parse(request, "the request")?;
        let on = r.on.unwrap_or_else(|| VnDateTime::now().date());
        let catalog = engine.catalog();
        let view = catalog
            .procedure(&r.procedure, on, r.province.as_deref())
            .map_err(FfiError::from)?;
        to_json(&Envelope {
            engine_version: tthc_core::VERSION,
            catalogue_hash: catalog.content_hash(),
            answer: ShowAnswer { procedure: view },
        })
    }
}

/// `{"text": "words…"}`.
#[derive(Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct SearchRequest {
    text: String,
}
tthc_core::json_object!(SearchRequest);

#[derive(Serialize)]
struct SearchAnswer {
    hits: Vec<tthc_core::catalog::SearchHit>,
}

/// `tthc_procedure_search`: procedures matching every word, best first.
pub struct Search;

impl Operation for Search {
    fn answer(engine: &tthc_core::Engine, request: &str) -> Result<String, FfiError> {
        let r: SearchRequest = parse(request, "the request")?;
        let catalog = engine.catalog();
        to_json(&Envelope {
            engine_version: tthc_core::VERSION,
            catalogue_hash: catalog.content_hash(),
            answer: SearchAnswer {
                hits: catalog.search(&r.text),
            },
        })
    }
}

/// Runs `O` for one request.
pub fn call<O: Operation>(
    engine: *const Engine,
    request: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    with_handle(engine, "engine", |e| {
        // SAFETY: the caller passes NULL or a writable `char*` slot.
        let slot = unsafe { out(out_json, "out_json") }?;
        *slot = std::ptr::null_mut();
        // SAFETY: `request` is NULL or a C string valid during this call.
        let request = unsafe { input(request, "request_json") }?;
        give(slot, O::answer(&e.snapshot(), request)?);
        Ok(())
    })
}

/// One element of a batch answer.
#[derive(Serialize)]
struct BatchError<'a> {
    status: &'static str,
    error: &'a FfiError,
}

/// Runs `O` for each request of a JSON array, all on one catalogue.
///
/// The answer is an array in the same order; each element is
/// `{"status":"OK","result":…}` or `{"status":"NOT_FOUND","error":{…}}`
/// (the error shaped like `tthc_last_error_json`). The call itself fails
/// only when the array as a whole is unusable.
pub fn batch<O: Operation>(
    engine: *const Engine,
    requests: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    with_handle(engine, "engine", |e| {
        // SAFETY: the caller passes NULL or a writable `char*` slot.
        let slot = unsafe { out(out_json, "out_json") }?;
        *slot = std::ptr::null_mut();
        // SAFETY: `requests` is NULL or a C string valid during this call.
        let requests = unsafe { input(requests, "requests_json") }?;
        let items: Vec<&RawValue> = parse_borrowed(requests)?;
        let snapshot = e.snapshot();
        let mut answer = String::with_capacity(requests.len() * 4 + 2);
        answer.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                answer.push(',');
            }
            match O::answer(&snapshot, item.get()) {
                Ok(result) => {
                    answer.push_str("{\"status\":\"OK\",\"result\":");
                    answer.push_str(&result);
                    answer.push('}');
                }
                Err(err) => answer.push_str(&to_json(&BatchError {
                    status: err.status.name(),
                    error: &err,
                })?),
            }
        }
        answer.push(']');
        give(slot, answer);
        Ok(())
    })
}

fn parse_borrowed(requests: &str) -> Result<Vec<&RawValue>, FfiError> {
    let what = "the batch (a JSON array of requests)";
    serde_json::from_str(requests)
        .map_err(|e| syntax_first(requests, what, || json_error(&e, what)))
}

/// Evaluates one case: `request_json` is a case (schema/case.schema.json),
/// `*out_json` the decision with its receipt (free with `tthc_string_free`).
/// Errors: INVALID_JSON, INVALID_INPUT (unknown field, bad value, unknown
/// category, level not competent), NOT_FOUND (procedure or province), and
/// the argument errors common to all calls.
#[no_mangle]
pub extern "C" fn tthc_evaluate(
    engine: *const Engine,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    call::<Evaluate>(engine, request_json, out_json)
}

/// Evaluates a JSON array of cases on one catalogue; see the batch shape in
/// bindings/README.md (`{"status":"OK","result":…}` or `{"status":…,"error":…}`
/// per element).
#[no_mangle]
pub extern "C" fn tthc_evaluate_batch(
    engine: *const Engine,
    requests_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    batch::<Evaluate>(engine, requests_json, out_json)
}

/// Shows a procedure: `{"procedure": "id or code", "on": "YYYY-MM-DD",
/// "province": "id or name"}` (`on` defaults to today in Vietnam, `province`
/// to national rules) in; `{"engine_version", "catalogue_hash", "procedure"}`
/// out.
#[no_mangle]
pub extern "C" fn tthc_procedure_show(
    engine: *const Engine,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    call::<Show>(engine, request_json, out_json)
}

/// `tthc_procedure_show` for a JSON array of requests, on one catalogue.
#[no_mangle]
pub extern "C" fn tthc_procedure_show_batch(
    engine: *const Engine,
    requests_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    batch::<Show>(engine, requests_json, out_json)
}

/// Searches procedures: `{"text": "words"}` in (case and diacritics are
/// ignored); `{"engine_version", "catalogue_hash", "hits": [{"id", "code",
/// "name", "score"}]}` out, best first.
#[no_mangle]
pub extern "C" fn tthc_procedure_search(
    engine: *const Engine,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    call::<Search>(engine, request_json, out_json)
}

/// The deadline of one case: `request_json` is a case (as for
/// `tthc_evaluate`); `*out_json` holds the processing time (statutory, cuts,
/// effective) and `received_at`, `due_date`, `due_at` with the rules applied.
/// Errors as for `tthc_evaluate`, plus NOT_FOUND when the procedure has no
/// processing time or no counting rule, OUT_OF_RANGE outside the calendar.
#[no_mangle]
pub extern "C" fn tthc_deadline(
    engine: *const Engine,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    call::<DeadlineOp>(engine, request_json, out_json)
}

/// `tthc_deadline` for a JSON array of cases, on one catalogue.
#[no_mangle]
pub extern "C" fn tthc_deadline_batch(
    engine: *const Engine,
    requests_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    batch::<DeadlineOp>(engine, requests_json, out_json)
}

/// Where a dossier stands: `{"case": {…}, "events": [{"kind": "received",
/// "at": "…"}, …], "as_of": "…"}` (`as_of` defaults to now) in; the state,
/// the current and statutory due instants, remaining time, timeliness out.
/// INVALID_INPUT for an event that cannot happen at that point.
#[no_mangle]
pub extern "C" fn tthc_track(
    engine: *const Engine,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    call::<Track>(engine, request_json, out_json)
}

/// `tthc_track` for a JSON array of dossiers, on one catalogue.
#[no_mangle]
pub extern "C" fn tthc_track_batch(
    engine: *const Engine,
    requests_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Status {
    batch::<Track>(engine, requests_json, out_json)
}
