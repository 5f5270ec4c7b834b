//! Cases from Python: copied out of Python objects with the GIL held, read
//! into a `Case` without it.
//!
//! A case arrives as a dict (any mapping), keyword arguments, or JSON text.
//! Reading Python objects needs the GIL; parsing the case (and evaluating
//! it) does not, so a call takes what it needs from Python first, then lets
//! other threads run while the engine works.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde_json::Value;

use tthc::engine::{Case, EvalError};

use crate::convert::to_json;
use crate::errors::{bounded, internal_error, invalid_case};

/// A case as taken from Python, not yet read.
pub(crate) enum CaseInput {
    /// JSON text.
    Text(String),
    /// A dict (with any keyword arguments merged in) in its JSON shape.
    Fields(Value),
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
                let mut value = to_json(c, &mut String::new(), 0)?;
                let Value::Object(extra) = to_json(kw.as_any(), &mut String::new(), 0)? else {
                    return Err(internal_error(
                        py,
                        "keyword arguments were not a mapping".into(),
                    ));
                };
                let Value::Object(map) = &mut value else {
                    return Err(invalid_case(
                        py,
                        "a case is a dict of fields; got something else with keywords",
                    ));
                };
                map.extend(extra);
                Ok(CaseInput::Fields(value))
            }
            (None, Some(kw)) => Ok(CaseInput::Fields(to_json(
                kw.as_any(),
                &mut String::new(),
                0,
            )?)),
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
            Err(_) => Ok(CaseInput::Fields(to_json(case, &mut String::new(), 0)?)),
        }
    }

    /// The case (needs no GIL).
    pub(crate) fn read(self) -> Result<Case, EvalError> {
        match self {
            CaseInput::Text(text) => Case::from_json(&text),
            CaseInput::Fields(value) => Case::from_value(value),
        }
    }
}
