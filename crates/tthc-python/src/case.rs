//! Cases from Python: copied out of Python objects with the GIL held, read
//! into a `Case` without it.
//!
//! A case arrives as a dict (any mapping), keyword arguments, or JSON text.
//! Reading Python objects needs the GIL; parsing the case (and evaluating
//! it) does not, so a call takes what it needs from Python first, then lets
//! other threads run while the engine works.
//!
//! What the engine reads is JSON text either way, with its direct reader
//! (`Case::from_json`, the plain text hosts send). A dict (the common case)
//! is copied out field by field into one buffer, names and strings as they
//! are ([`Copied`]), and written as JSON text after the GIL is let go: the
//! copy is all a call keeps other threads waiting for. Another mapping, or
//! a dict with keyword arguments, is written as text straight from its
//! Python objects (convert.rs).

use std::ops::Range;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString};
use pyo3::{ffi, Borrowed};

use tthc::engine::{Case, EvalError};

use crate::convert::{field_json_text, to_json_text};
use crate::errors::{bounded, invalid_case};

/// A case as taken from Python, not yet read: JSON text, or a dict's
/// fields to be written as JSON text.
pub(crate) enum CaseInput {
    /// Text the caller gave.
    Text(String),
    /// A dict (with any keyword arguments merged in), written as JSON.
    Fields(String),
    /// A dict, copied out: written as JSON when read, without the GIL.
    Copied(Copied),
}

/// A dict's fields copied out of Python as they are: each name and string
/// value as text, any other value as its JSON text. Copying is all that
/// needs the GIL; escaping and writing the case's JSON text (the same text
/// [`to_json_text`] writes) is done when it is read, while other threads
/// run.
pub(crate) struct Copied {
    /// The names and values, one after the other.
    text: String,
    fields: Vec<Field>,
}

struct Field {
    name: Range<usize>,
    value: Range<usize>,
    /// The value is a string (else JSON text).
    string: bool,
}

impl Copied {
    /// The fields of `dict`, or `None` when a name is not a string (the
    /// whole dict is then written at once, which says so).
    fn take(dict: &Bound<'_, PyDict>) -> PyResult<Option<Copied>> {
        if let Some(copied) = Copied::strings(dict)? {
            return Ok(Some(copied));
        }
        let mut copied = Copied::with_capacity(dict.len());
        for (k, v) in dict {
            let Ok(name) = k.cast::<PyString>() else {
                return Ok(None);
            };
            let name = name.to_cow()?;
            match v.cast::<PyString>() {
                Ok(s) => copied.push(&name, &s.to_cow()?, true),
                Err(_) => copied.push(&name, &field_json_text(&v, &name)?, false),
            }
        }
        Ok(Some(copied))
    }

    /// The fields of a dict whose names and values are all strings (the
    /// usual case), read with the references the dict lends: pyo3's
    /// iterator takes and gives back a reference to each name and value and
    /// checks the dict's size at each step: a sixth of the copy (callgrind,
    /// a dict of 3 strings: 1,083 instructions, 924 without), and the copy
    /// is what the other threads wait for. `None` when a name or a value is
    /// not a string.
    fn strings(dict: &Bound<'_, PyDict>) -> PyResult<Option<Copied>> {
        let py = dict.py();
        let mut copied = Copied::with_capacity(dict.len());
        let mut at: ffi::Py_ssize_t = 0;
        let mut name = std::ptr::null_mut();
        let mut value = std::ptr::null_mut();
        // SAFETY: `dict` is a dict and the GIL is held. `PyDict_Next` lends
        // its names and values, alive while the dict is unchanged, and
        // nothing in this loop runs Python code or lets the GIL go
        // (`to_cow` reads a str's UTF-8, which Python caches in the str).
        while unsafe { ffi::PyDict_Next(dict.as_ptr(), &mut at, &mut name, &mut value) } != 0 {
            let (name, value) =
                unsafe { (Borrowed::from_ptr(py, name), Borrowed::from_ptr(py, value)) };
            let (Ok(name), Ok(value)) = (name.cast::<PyString>(), value.cast::<PyString>()) else {
                return Ok(None);
            };
            copied.push(&name.to_cow()?, &value.to_cow()?, true);
        }
        Ok(Some(copied))
    }

    fn with_capacity(fields: usize) -> Copied {
        Copied {
            text: String::with_capacity(128),
            fields: Vec::with_capacity(fields),
        }
    }

    /// Adds a field: `value` is a string, or JSON text when not `string`.
    fn push(&mut self, name: &str, value: &str, string: bool) {
        let start = self.text.len();
        self.text.push_str(name);
        let at = self.text.len();
        self.text.push_str(value);
        self.fields.push(Field {
            name: start..at,
            value: at..self.text.len(),
            string,
        });
    }

    /// The case's JSON text (needs no GIL).
    fn json(&self) -> String {
        let part = |r: &Range<usize>| self.text.get(r.clone()).unwrap_or_default();
        let mut out = Vec::with_capacity(self.text.len() + 8 * self.fields.len() + 2);
        out.push(b'{');
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(&mut out, part(&f.name));
            out.push(b':');
            if f.string {
                string(&mut out, part(&f.value));
            } else {
                out.extend_from_slice(part(&f.value).as_bytes());
            }
        }
        out.push(b'}');
        // Only whole strings and JSON text went in.
        String::from_utf8(out).unwrap_or_default()
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it.
fn string(out: &mut Vec<u8>, s: &str) {
    // serde_json escapes the control characters, `"` and `\` only; most
    // text has none of them and is copied as it is.
    // (A fold, not `all`: without an early exit the check is vectorised.)
    let odd = s.bytes().fold(false, |odd, b| {
        odd | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !odd {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    let mut ser = serde_json::Serializer::new(out);
    // Writing into a Vec cannot fail.
    let _ = serde::Serializer::serialize_str(&mut ser, s);
}

impl CaseInput {
    /// The case of a call: `case` (a dict or JSON text), keyword arguments,
    /// or both (keywords win).
    pub(crate) fn take(
        py: Python<'_>,
        case: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<CaseInput> {
        match (case, kwargs) {
            (Some(c), None) => CaseInput::take_one(c),
            (Some(c), Some(kw)) => {
                let Ok(fields) = c.cast::<PyMapping>() else {
                    return Err(invalid_case(
                        py,
                        "a case is a dict of fields; got something else with keywords",
                    ));
                };
                let merged = PyDict::new(py);
                merged.update(fields)?;
                merged.update(kw.as_mapping())?;
                Ok(CaseInput::Fields(to_json_text(merged.as_any(), "")?))
            }
            (None, Some(kw)) => Ok(CaseInput::Fields(to_json_text(kw.as_any(), "")?)),
            (None, None) => Err(invalid_case(
                py,
                "no case given: pass a dict or keyword arguments",
            )),
        }
    }

    /// One case of a batch: a dict or JSON text.
    pub(crate) fn take_one(case: &Bound<'_, PyAny>) -> PyResult<CaseInput> {
        match case.cast::<PyString>() {
            Ok(text) => {
                let text = text.to_cow()?;
                Ok(CaseInput::Text(
                    bounded(case.py(), &text, "a case")?.to_owned(),
                ))
            }
            Err(_) => {
                if let Ok(dict) = case.cast_exact::<PyDict>() {
                    if let Some(copied) = Copied::take(dict)? {
                        return Ok(CaseInput::Copied(copied));
                    }
                }
                Ok(CaseInput::Fields(to_json_text(case, "")?))
            }
        }
    }

    /// The case (needs no GIL).
    pub(crate) fn read(self) -> Result<Case, EvalError> {
        match self {
            CaseInput::Text(text) => Case::from_json(&text),
            CaseInput::Fields(text) => fields(&text),
            CaseInput::Copied(copied) => fields(&copied.json()),
        }
    }
}

/// The case of a dict written as JSON `text`.
fn fields(text: &str) -> Result<Case, EvalError> {
    // A dict's mistakes are worded as for a JSON value (no line and column
    // in text the caller never saw); that reading is only done when the
    // text one fails.
    Case::from_json(text).or_else(|_| {
        let value = serde_json::from_str(text).map_err(|e| EvalError::InvalidCase {
            message: format!("the case as JSON: {e}"),
        })?;
        Case::from_value(value)
    })
}
