//! `tthc.Record`'s Python methods, and the typed records (`tthc.Deadline`,
//! `tthc.DayInfo`, … Python subclasses in `tthc/_types.py`) made from Rust.
//!
//! Attribute reads come through `__getattribute__`, fields first: pyo3's
//! `__getattr__` would run Python's generic lookup first and build an
//! `AttributeError` for every field read (about a microsecond each).

use std::sync::Arc;

use pyo3::exceptions::{PyAttributeError, PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use serde::Serialize;

use crate::answer::{json_root, Fields, PyRecord, Root, View, ViewToken};
use crate::convert::{to_json, types_class};
use crate::errors::{guard, internal_error};
use crate::to_python::json_text;

/// An answer with a serde shape as a typed record (`class` from
/// `tthc._types`), kept as JSON (answers other than decisions borrow from
/// the engine and the case, which a record does not keep).
pub(crate) fn answer<'py, T: Serialize>(
    py: Python<'py>,
    value: &T,
    class: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let root = json_root(value).map_err(|e| internal_error(py, e))?;
    typed(py, root, class)
}

/// A typed record (`class` from `tthc._types`) reading the whole of `root`.
pub(crate) fn typed<'py>(
    py: Python<'py>,
    root: Arc<dyn Root>,
    class: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let token = Bound::new(
        py,
        ViewToken(View {
            root,
            path: Vec::new(),
        }),
    )?;
    types_class(py, class)?.call1((token,))
}

/// `object.__getattribute__`, for what is not a field (methods, dunders).
fn generic_getattr<'py>(
    obj: &Bound<'py, PyAny>,
    name: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    static GENERIC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = obj.py();
    GENERIC
        .get_or_try_init(py, || {
            py.get_type::<PyAny>()
                .getattr("__getattribute__")
                .map(Bound::unbind)
        })?
        .bind(py)
        .call1((obj, name))
}

impl PyRecord {
    /// The field `name`, or `None` when there is none.
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.fields {
            Fields::View(view) => view.get(py, name),
            Fields::Dict(dict) => dict.bind(py).get_item(name),
        }
    }

    fn keys(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        match &self.fields {
            Fields::View(view) => Ok(view.keys(py)?.into_iter().map(|k| k.into_owned()).collect()),
            Fields::Dict(dict) => dict.bind(py).keys().extract(),
        }
    }

    /// The fields, one level converted (nested objects stay records).
    fn shallow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        match &self.fields {
            Fields::Dict(dict) => Ok(dict.bind(py).copy()?),
            Fields::View(view) => {
                let dict = PyDict::new(py);
                for key in view.keys(py)? {
                    if let Some(v) = view.get(py, &key)? {
                        dict.set_item(&*key, v)?;
                    }
                }
                Ok(dict)
            }
        }
    }

    fn plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.fields {
            Fields::View(view) => view.to_plain(py),
            Fields::Dict(dict) => {
                let out = PyDict::new(py);
                for (k, v) in dict.bind(py) {
                    out.set_item(k, plain_value(&v)?)?;
                }
                Ok(out.into_any())
            }
        }
    }
}

/// A value of a record made in Python, as plain dicts and lists.
fn plain_value<'py>(v: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(r) = v.cast::<PyRecord>() {
        return r.get().plain(v.py());
    }
    if let Ok(list) = v.cast::<PyList>() {
        let out = PyList::empty(v.py());
        for item in list {
            out.append(plain_value(&item)?)?;
        }
        return Ok(out.into_any());
    }
    Ok(v.clone())
}

/// Whether `name` is a field the record's class says may be left out of
/// an answer (`_optional`, on the typed records): reading it gives `None`.
fn optional(slf: &Bound<'_, PyRecord>, name: &str) -> PyResult<bool> {
    match slf.get_type().getattr("_optional") {
        Ok(names) => names.contains(name),
        Err(_) => Ok(false),
    }
}

fn class_name(slf: &Bound<'_, PyRecord>) -> String {
    slf.get_type()
        .name()
        .map_or_else(|_| "Record".to_string(), |n| n.to_string())
}

#[pymethods]
impl PyRecord {
    #[new]
    #[pyo3(signature = (fields = None, /, **more))]
    fn new(
        py: Python<'_>,
        fields: Option<&Bound<'_, PyAny>>,
        more: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyRecord> {
        if let Some(token) = fields.and_then(|f| f.cast::<ViewToken>().ok()) {
            return Ok(PyRecord {
                fields: Fields::View(token.get().0.clone()),
            });
        }
        let dict = match fields {
            Some(f) if !f.is_none() => {
                py.get_type::<PyDict>().call1((f,))?.cast_into::<PyDict>()?
            }
            _ => PyDict::new(py),
        };
        if let Some(more) = more {
            dict.update(more.as_mapping())?;
        }
        Ok(PyRecord {
            fields: Fields::Dict(dict.unbind()),
        })
    }

    fn __getattribute__<'py>(
        slf: &Bound<'py, Self>,
        name: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        guard(py, || {
            let text = name.to_cow()?;
            // Fields never start with `_`: dunders and `_optional` go
            // straight to the generic lookup.
            if !text.starts_with('_') {
                if let Some(v) = slf.get().field(py, &text)? {
                    return Ok(v);
                }
            }
            generic_getattr(slf.as_any(), name)
        })
    }

    /// Neither a field nor a method: a field the engine left out of this
    /// answer (`None`), or a mistake.
    fn __getattr__<'py>(slf: &Bound<'py, Self>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        guard(py, || {
            if !name.starts_with('_') && optional(slf, name)? {
                return Ok(py.None().into_bound(py));
            }
            Err(PyAttributeError::new_err(format!(
                "{} has no field {name:?}",
                class_name(slf)
            )))
        })
    }

    fn __setattr__(slf: &Bound<'_, Self>, _name: &str, _value: &Bound<'_, PyAny>) -> PyResult<()> {
        Err(PyAttributeError::new_err(format!(
            "{} is read-only",
            class_name(slf)
        )))
    }

    fn __delattr__(slf: &Bound<'_, Self>, _name: &str) -> PyResult<()> {
        Self::__setattr__(slf, _name, slf.as_any())
    }

    fn __getitem__<'py>(
        slf: &Bound<'py, Self>,
        key: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        guard(py, || {
            let found = match key.cast::<PyString>() {
                Ok(name) => slf.get().field(py, &name.to_cow()?)?,
                Err(_) => None,
            };
            found.ok_or_else(|| PyKeyError::new_err(key.clone().unbind()))
        })
    }

    fn __contains__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        guard(py, || {
            let Ok(name) = key.cast::<PyString>() else {
                return Ok(false);
            };
            let name = name.to_cow()?;
            Ok(self.keys(py)?.iter().any(|k| *k == *name))
        })
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            Ok(PyList::new(py, self.keys(py)?)?.try_iter()?.into_any())
        })
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        guard(py, || Ok(self.keys(py)?.len()))
    }

    fn __eq__<'py>(&self, py: Python<'py>, other: &Bound<'py, PyAny>) -> PyResult<Py<PyAny>> {
        guard(py, || {
            let theirs = if let Ok(r) = other.cast::<PyRecord>() {
                r.get().plain(py)?
            } else if other.is_instance_of::<PyDict>() {
                other.clone()
            } else {
                return Ok(py.NotImplemented());
            };
            Ok(self
                .plain(py)?
                .eq(theirs)?
                .into_pyobject(py)?
                .to_owned()
                .into_any()
                .unbind())
        })
    }

    // Records hold lists and compare equal to dicts: not hashable, like a dict.
    #[classattr]
    const __hash__: Option<Py<PyAny>> = None;

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        guard(py, || {
            let fields = slf.get().shallow(py)?;
            PyTuple::new(
                py,
                [
                    slf.get_type().into_any(),
                    PyTuple::new(py, [fields])?.into_any(),
                ],
            )
        })
    }

    fn __dir__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        guard(py, || {
            let mut names = slf.get().keys(py)?;
            for name in slf.get_type().dir()? {
                let name: String = name.extract()?;
                if !name.starts_with('_') {
                    names.push(name);
                }
            }
            names.sort();
            names.dedup();
            PyList::new(py, names)
        })
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        guard(py, || {
            let mut parts = Vec::new();
            for (k, v) in slf.get().shallow(py)? {
                parts.push(format!("{}={}", k.str()?, v.repr()?));
            }
            Ok(format!("{}({})", class_name(slf), parts.join(", ")))
        })
    }

    /// The fields as plain nested dicts and lists (dates stay ``date``
    /// objects); a fresh copy each call.
    ///
    /// Example::
    ///
    ///     >>> tthc.Record({"a": tthc.Record({"b": 1})}).to_dict()
    ///     {'a': {'b': 1}}
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || self.plain(py))
    }

    /// The record as JSON text, dates and instants in ISO 8601 / RFC 3339
    /// (as the engine writes them); ``indent`` for pretty-printing.
    ///
    /// Example::
    ///
    ///     >>> tthc.Record({"due": datetime.date(2025, 3, 17)}).to_json()
    ///     '{"due":"2025-03-17"}'
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        guard(py, || match &self.fields {
            Fields::View(view) => view.to_json(py, indent),
            Fields::Dict(_) => {
                let value = to_json(&self.plain(py)?, "")
                    .map_err(|e| PyTypeError::new_err(format!("not JSON: {}", e.value(py))))?;
                json_text(&value, indent)
                    .map_err(|e| internal_error(py, format!("writing JSON: {e}")))
            }
        })
    }
}
