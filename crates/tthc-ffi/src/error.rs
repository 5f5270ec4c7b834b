//! Error details: what a failed call reports besides its status.
//!
//! Every fallible export returns a [`Status`]; the details of the most recent
//! failure on the calling thread are kept in a thread-local and read with
//! `tthc_last_error_*`. A thread-local rather than an out-parameter keeps
//! every signature short for PHP and JNA callers, and it is the convention
//! of errno and of many C libraries hosts already wrap.
//!
//! An error is built from its kind; its status and usual help come from the
//! table in [`crate::status`].

use std::cell::RefCell;
use std::ffi::{c_char, CString};

use serde::Serialize;
use tthc_core::calendar::CalendarError;
use tthc_core::catalog::QueryError;
use tthc_core::deadline::DeadlineError;
use tthc_core::diagnostics::codes;
use tthc_core::engine::EvalError;
use tthc_core::lunar::LunarError;
use tthc_core::{CatalogError, Diagnostic, ErrorKind};

use crate::status::{reported, Status};

/// A failed call: its status, a stable kind, a message, what to do about it,
/// and for catalogue errors every diagnostic with its location.
#[derive(Clone, Debug, Serialize)]
pub struct FfiError {
    #[serde(serialize_with = "status_name")]
    pub status: Status,
    /// The numeric status, for hosts that switch on it.
    pub code: i32,
    /// Stable machine name, e.g. `unknown-procedure`, `invalid-json`.
    pub kind: ErrorKind,
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
    /// An error of `kind`, with the status and the help of its row in the
    /// table ([`crate::status::row`]).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> FfiError {
        let (status, help) = reported(kind);
        FfiError {
            status,
            code: status as i32,
            kind,
            message: message.into(),
            help: help.to_string(),
            diagnostics: Vec::new(),
        }
    }

    /// Replaces the table's help with advice for this call.
    pub fn with_help(mut self, help: impl Into<String>) -> FfiError {
        self.help = help.into();
        self
    }

    /// The error of a NULL pointer argument named `what`.
    pub fn null(what: &str) -> FfiError {
        FfiError::new(ErrorKind::NullArgument, format!("`{what}` is NULL"))
            .with_help(format!("pass a valid pointer for `{what}`"))
    }
}

/// A catalogue that failed to load. One made only of read errors is an I/O
/// problem for the host (a wrong path, permissions), not a data problem for
/// the catalogue's editor, so it is `io`.
impl From<CatalogError> for FfiError {
    fn from(e: CatalogError) -> FfiError {
        let kind = if e.diagnostics.iter().all(|d| d.code == codes::IO) {
            ErrorKind::Io
        } else {
            e.kind()
        };
        let message = format!(
            "the catalogue has {} error(s); the first: {}",
            e.diagnostics.len(),
            e.diagnostics
                .first()
                .map_or_else(String::new, ToString::to_string)
        );
        let mut f = FfiError::new(kind, message);
        f.diagnostics = e.diagnostics;
        f
    }
}

/// The engine's other errors carry their kind; the message is theirs.
macro_rules! from_kind_and_message {
    ($($error:ty),*) => {$(
        impl From<$error> for FfiError {
            fn from(e: $error) -> FfiError {
                FfiError::new(e.kind(), e.to_string())
            }
        }
    )*};
}

from_kind_and_message!(
    EvalError,
    QueryError,
    DeadlineError,
    CalendarError,
    LunarError
);

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
