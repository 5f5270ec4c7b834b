//! Status codes and error details.
//!
//! Every fallible export returns a [`Status`]; the details of the most recent
//! failure on the calling thread are kept in a thread-local and read with
//! `tthc_last_error_*`. A thread-local rather than an out-parameter keeps
//! every signature short for PHP and JNA callers, and it is the convention
//! of errno and of many C libraries hosts already wrap.

use std::cell::RefCell;
use std::ffi::{c_char, CString};

use serde::Serialize;
use tthc_core::calendar::CalendarError;
use tthc_core::catalog::QueryError;
use tthc_core::deadline::DeadlineError;
use tthc_core::engine::EvalError;
use tthc_core::lunar::LunarError;
use tthc_core::Diagnostic;

/// The outcome of a call. Values are explicit and append-only: a host may
/// store or switch on them, so an existing value never changes meaning.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Success; out-parameters hold the answer.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// A string argument is not valid UTF-8.
    InvalidUtf8 = 2,
    /// A JSON argument is not syntactically valid JSON.
    InvalidJson = 3,
    /// A string argument is longer than `tthc_max_input_bytes()` (16 MiB).
    InputTooLarge = 4,
    /// A catalogue failed to load; the last error lists every diagnostic
    /// with its file, line and column.
    CatalogError = 5,
    /// The procedure, province or other record asked for does not exist, or
    /// is not in force on the date.
    NotFound = 6,
    /// A well-formed argument with a wrong value (an unknown field, a bad
    /// date, an out-of-range number, an unknown applicant category, …).
    InvalidInput = 7,
    /// A date or a result outside the calendar's or the lunar table's range.
    OutOfRange = 8,
    /// A file or directory could not be read.
    Io = 9,
    /// The library panicked during this call (a bug). The handle it was
    /// called on is poisoned from now on.
    Panic = 10,
    /// The handle panicked in an earlier call and can no longer be used;
    /// free it and create a new one.
    Poisoned = 11,
}

impl Status {
    /// The upper-case name a C programmer sees in the header.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::NullArgument => "NULL_ARGUMENT",
            Status::InvalidUtf8 => "INVALID_UTF8",
            Status::InvalidJson => "INVALID_JSON",
            Status::InputTooLarge => "INPUT_TOO_LARGE",
            Status::CatalogError => "CATALOG_ERROR",
            Status::NotFound => "NOT_FOUND",
            Status::InvalidInput => "INVALID_INPUT",
            Status::OutOfRange => "OUT_OF_RANGE",
            Status::Io => "IO",
            Status::Panic => "PANIC",
            Status::Poisoned => "POISONED",
        }
    }

    /// A kebab-case name used as the `kind` of errors that have no more
    /// specific kind, in the style of the engine's own error kinds.
    fn kind(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NullArgument => "null-argument",
            Status::InvalidUtf8 => "invalid-utf8",
            Status::InvalidJson => "invalid-json",
            Status::InputTooLarge => "input-too-large",
            Status::CatalogError => "catalog-error",
            Status::NotFound => "not-found",
            Status::InvalidInput => "invalid-input",
            Status::OutOfRange => "out-of-range",
            Status::Io => "io",
            Status::Panic => "panic",
            Status::Poisoned => "poisoned",
        }
    }
}

/// A failed call: its status, a stable kind, a message, what to do about it,
/// and for catalogue errors every diagnostic with its location.
#[derive(Clone, Debug, Serialize)]
pub struct FfiError {
    #[serde(serialize_with = "status_name")]
    pub status: Status,
    /// The numeric status, for hosts that switch on it.
    pub code: i32,
    /// Stable machine name, e.g. `unknown-procedure`, `invalid-json`.
    pub kind: &'static str,
    pub message: String,
    pub help: String,
    /// Catalogue diagnostics (code, severity, message, help, file:line:col);
    /// a JSON syntax error also appears here, located in `<request>`.
    pub diagnostics: Vec<Diagnostic>,
}

fn status_name<S: serde::Serializer>(s: &Status, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.name())
}

impl FfiError {
    pub fn new(status: Status, message: impl Into<String>, help: impl Into<String>) -> FfiError {
        FfiError {
            status,
            code: status as i32,
            kind: status.kind(),
            message: message.into(),
            help: help.into(),
            diagnostics: Vec::new(),
        }
    }

    pub fn with_kind(mut self, kind: &'static str) -> FfiError {
        self.kind = kind;
        self
    }

    pub fn null(what: &str) -> FfiError {
        FfiError::new(
            Status::NullArgument,
            format!("`{what}` is NULL"),
            format!("pass a valid pointer for `{what}`"),
        )
    }
}

impl From<tthc_core::CatalogError> for FfiError {
    fn from(e: tthc_core::CatalogError) -> FfiError {
        let errors = e
            .diagnostics
            .iter()
            .filter(|d| d.severity == tthc_core::diagnostics::Severity::Error)
            .count();
        let mut f = FfiError::new(
            Status::CatalogError,
            format!(
                "the catalogue has {errors} error(s); the first: {}",
                e.diagnostics
                    .first()
                    .map_or_else(String::new, ToString::to_string)
            ),
            "fix every diagnostic listed in `diagnostics` (each has its file, line and column); the engine keeps its previous catalogue",
        );
        f.diagnostics = e.diagnostics;
        f
    }
}

impl From<DeadlineError> for FfiError {
    fn from(e: DeadlineError) -> FfiError {
        let kind = e.kind().as_str();
        let message = e.to_string();
        let (status, help) = match e {
            DeadlineError::Eval(e) => return FfiError::from(e),
            DeadlineError::Calendar(c) => return FfiError::from(c),
            DeadlineError::InvalidEvent { .. }
            | DeadlineError::NoEvents
            | DeadlineError::AsOfBeforeEvents { .. }
            | DeadlineError::InvalidDossier { .. } => (
                Status::InvalidInput,
                "a dossier is {\"case\": {…}, \"events\": [{\"kind\": \"received\", \"at\": …}, …], \"as_of\": …}, events in the order they happened",
            ),
            // NoProcessingTime, NoCountingRule, and any kind added later.
            _ => (
                Status::NotFound,
                "the catalogue has no processing time or deadline rule for this case; see docs/deadlines.md",
            ),
        };
        FfiError::new(status, message, help).with_kind(kind)
    }
}

impl From<CalendarError> for FfiError {
    fn from(e: CalendarError) -> FfiError {
        let (status, help) = match &e {
            CalendarError::OutOfRange { .. }
            | CalendarError::ResultOutOfRange { .. }
            | CalendarError::Lunar(LunarError::OutOfRange { .. }) => (
                Status::OutOfRange,
                "use dates inside the range tthc_calendar_range reports (lunar: 1900–2199), or add calendar data for more years",
            ),
            CalendarError::Lunar(_) => (
                Status::InvalidInput,
                "check the lunar month (a leap month exists only in some years) and day (30 only in long months)",
            ),
            _ => (
                Status::NotFound,
                "load a catalogue with calendar/*.toml files (the embedded one has them)",
            ),
        };
        FfiError::new(status, e.to_string(), help).with_kind(e.kind().as_str())
    }
}

impl From<LunarError> for FfiError {
    fn from(e: LunarError) -> FfiError {
        FfiError::from(CalendarError::from(e))
    }
}

impl From<QueryError> for FfiError {
    fn from(e: QueryError) -> FfiError {
        FfiError::from(EvalError::Query(e))
    }
}

impl From<EvalError> for FfiError {
    fn from(e: EvalError) -> FfiError {
        let (status, help) = match &e {
            EvalError::InvalidCase { .. } => (
                Status::InvalidInput,
                "check the case against schema/case.schema.json",
            ),
            EvalError::Query(QueryError::UnknownProcedure { .. }) => (
                Status::NotFound,
                "use a procedure id or national code from the catalogue (tthc_procedure_search finds them)",
            ),
            EvalError::Query(QueryError::ProcedureNotInForce { .. }) => (
                Status::NotFound,
                "use a date on which a version of the procedure is in force",
            ),
            EvalError::Query(QueryError::UnknownProvince { .. }) => (
                Status::NotFound,
                "use a province id or name from the catalogue's provinces.toml",
            ),
            EvalError::Query(QueryError::ProvinceNotInForce { .. }) => (
                Status::NotFound,
                "use a date on which the province existed, or its successor",
            ),
            EvalError::UnknownCategory { .. } => (
                Status::InvalidInput,
                "use an applicant category declared in the catalogue's policies",
            ),
            EvalError::LevelNotCompetent { .. } => (
                Status::InvalidInput,
                "use one of the procedure's competent levels, or omit agency_level",
            ),
            _ => (
                Status::InvalidInput,
                "check the case against schema/case.schema.json",
            ),
        };
        FfiError::new(status, e.to_string(), help).with_kind(e.kind().as_str())
    }
}

/// The last error on this thread, with its C strings rendered on demand
/// (the failure path stays cheap when the host never asks).
struct LastError {
    error: FfiError,
    message: Option<CString>,
    json: Option<CString>,
}

thread_local! {
    static LAST: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// Records `e` as this thread's last error and returns its status.
pub fn set_last(e: FfiError) -> Status {
    let status = e.status;
    LAST.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            *l = Some(LastError {
                error: e,
                message: None,
                json: None,
            });
        }
    });
    status
}

pub fn clear_last() {
    LAST.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            *l = None;
        }
    });
}

/// Status of this thread's last error, `Ok` when there is none.
pub fn last_status() -> Status {
    LAST.with(|l| {
        l.try_borrow()
            .ok()
            .and_then(|l| l.as_ref().map(|e| e.error.status))
            .unwrap_or(Status::Ok)
    })
}

/// A C string with interior NULs replaced, so that rendering never fails.
pub fn c_string_lossy(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let bytes: Vec<u8> = e
            .into_vec()
            .into_iter()
            .map(|b| if b == 0 { b'?' } else { b })
            .collect();
        CString::new(bytes).unwrap_or_default()
    })
}

/// Which rendering of the last error to return.
#[derive(Clone, Copy)]
pub enum Rendering {
    Message,
    Json,
}

/// A pointer to the rendering of this thread's last error, or NULL when there
/// is none. The pointer stays valid until the next failing call, or
/// `tthc_last_error_clear`, on this thread.
pub fn last_rendered(which: Rendering) -> *const c_char {
    LAST.with(|l| {
        let Ok(mut l) = l.try_borrow_mut() else {
            return std::ptr::null();
        };
        let Some(last) = l.as_mut() else {
            return std::ptr::null();
        };
        let slot = match which {
            Rendering::Message => &mut last.message,
            Rendering::Json => &mut last.json,
        };
        let s = slot.get_or_insert_with(|| {
            c_string_lossy(match which {
                Rendering::Message => last.error.message.clone(),
                Rendering::Json => serde_json::to_string(&last.error).unwrap_or_else(|e| {
                    format!("{{\"status\":\"PANIC\",\"message\":\"cannot render error: {e}\"}}")
                }),
            })
        });
        s.as_ptr()
    })
}
