//! Cases from Python: copied out of Python objects with the GIL held, read
//! into a `Case` without it.
//!
//! A case arrives as a dict (any mapping), keyword arguments, or JSON text.
//! Reading Python objects needs the GIL; parsing the case (and evaluating
//! it) does not, so a call takes what it needs from Python first, then lets
//! other threads run while the engine works.
//!
//! What is taken is JSON text either way: a dict is written as text
//! straight from its Python objects (convert.rs), which is one buffer
//! instead of a tree of JSON values, and the engine reads the plain text
//! hosts send with its direct reader (`Case::from_json`).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString};

use tthc::engine::{Case, EvalError};

use crate::convert::to_json_text;
use crate::errors::{bounded, invalid_case};

/// A case as taken from Python, not yet read: JSON text.
pub(crate) enum CaseInput {
    /// Text the caller gave.
    Text(String),
    /// A dict (with any keyword arguments merged in), written as JSON.
    Fields(String),
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
            Err(_) => Ok(CaseInput::Fields(to_json_text(case, "")?)),
        }
    }

    /// The case (needs no GIL).
    pub(crate) fn read(self) -> Result<Case, EvalError> {
        match self {
            CaseInput::Text(text) => Case::from_json(&text),
            // A dict's mistakes are worded as for a JSON value (no line and
            // column in text the caller never saw); that reading is only
            // done when the text one fails.
            CaseInput::Fields(text) => Case::from_json(&text).or_else(|_| {
                let value = serde_json::from_str(&text).map_err(|e| EvalError::InvalidCase {
                    message: format!("the case as JSON: {e}"),
                })?;
                Case::from_value(value)
            }),
        }
    }
}
