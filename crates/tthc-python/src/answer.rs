//! An engine answer seen from Python: the `tthc.Record` class's data.
//!
//! A record does not copy the answer into Python objects. It holds the
//! answer (shared, immutable) and the path to one object inside it; reading
//! an attribute walks the answer's serde shape to that object and turns just
//! the field read into a Python value (to_python.rs). A decision's fee is
//! `fee` from the decision, its first line `fee.items[0]`. So reading
//! `d.fee.payable` costs what that one field costs, whatever else the answer
//! holds and however many answers are alive (a decision converted whole was
//! ~60 Python objects, ~20 µs, kept alive as long as the decision).
//!
//! The class's methods are in record.rs; it is declared here because the
//! conversion (below record.rs) makes records for nested objects.

use std::borrow::Cow;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

/// A field name: a struct's (static) or a JSON object's (owned).
pub(crate) type Key = Cow<'static, str>;

/// One step from an answer's root towards a part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Field(Key),
    Index(usize),
}

/// An answer a record can read: the decision, or an answer kept as JSON.
/// The walks are generic over the answer's serde type, and generic methods
/// cannot be called through `dyn`, so an answer hands itself to a [`Job`]
/// by its concrete type.
pub(crate) trait Root: Send + Sync {
    fn visit(&self, job: &mut dyn Job);
}

/// Something done to an answer (a walk to one field, a conversion, …),
/// given the answer in its own type.
pub(crate) trait Job {
    fn json_value(&mut self, root: &serde_json::Value);
    fn decision(&mut self, root: &tthc::Decision<'_>);
    fn deadline(&mut self, root: &tthc::Deadline<'_>);
    fn tracking(&mut self, root: &tthc::Tracking<'_>);
}

/// Visits one field of an answer's struct, found by name.
pub(crate) trait FieldVisitor {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);
}

/// The field `name` of a decision, handed to `v` straight from the struct
/// (`false`: no such field). A walk to `d.fee` would otherwise go through
/// the fields serialised before it, on every attribute read.
/// test_records.py reads every field both ways.
pub(crate) fn decision_field<V: FieldVisitor>(
    d: &tthc::Decision<'_>,
    name: &str,
    v: &mut V,
) -> bool {
    /// Each field's name is its JSON name (serde's derive, no renames).
    macro_rules! fields {
        ($($field:ident),*) => {
            match name {
                $(stringify!($field) => v.field(stringify!($field), &d.$field),)*
                _ => return false,
            }
        };
    }
    fields!(
        procedure,
        province,
        case_type,
        channel,
        online_level,
        full_process_online,
        full_process_online_source,
        essential_lists,
        online_only,
        accepted_channels,
        channel_accepted,
        priority,
        reusable_documents,
        fee,
        processing,
        deadline,
        receipt
    );
    true
}

/// What the engine's answers borrow from: the engine (its catalogue) and
/// the case. An answer kept for Python owns both (self_cell), so that it
/// can be read in its own serde shape instead of being copied out.
pub(crate) struct Owner {
    pub engine: Holder,
    pub case: tthc::Case,
}

/// How an answer holds the engine it borrows from.
pub(crate) enum Holder {
    /// A single call's answer: a handle of its own.
    Own(tthc::Engine),
    /// An answer of a batch call (`*_many`): one handle per call, shared by
    /// the call's answers. When each answer held a handle of its own, all
    /// of them counted on one counter (the catalogue's), which every
    /// calling thread raised and lowered: its cache line went from core to
    /// core for every case.
    Batch(Arc<tthc::Engine>),
}

impl std::ops::Deref for Holder {
    type Target = tthc::Engine;

    fn deref(&self) -> &tthc::Engine {
        match self {
            Holder::Own(engine) => engine,
            Holder::Batch(engine) => engine,
        }
    }
}

/// An answer already turned into JSON (deadlines, tracking, lookups: they
/// borrow from the engine and the case, which a record does not keep).
impl Root for serde_json::Value {
    fn visit(&self, job: &mut dyn Job) {
        job.json_value(self);
    }
}

/// Where a record's object is: the answer and the path to the object.
#[derive(Clone)]
pub(crate) struct View {
    pub root: Arc<dyn Root>,
    pub path: Vec<Step>,
}

/// An answer's object: its fields are attributes and items.
///
/// Not a ``dict`` subclass on purpose: answers have fields named ``items``
/// (a fee's lines) and ``values`` would be next, and a dict's methods would
/// hide them. ``to_dict()`` gives plain nested dicts, ``to_json()`` the
/// engine's JSON text; ``==`` compares with records and dicts alike.
/// Records are read-only. A record read from an answer converts a field
/// only when it is read (and again on each read). The last record of an
/// answer frees it in a group, without the GIL (freeing.rs).
///
/// Example::
///
///     >>> r = tthc.Record({"payable": 50000, "items": []})
///     >>> r.payable, r["payable"], r.items
///     (50000, 50000, [])
#[pyclass(frozen, subclass, module = "tthc", name = "Record")]
pub struct PyRecord {
    pub(crate) fields: Fields,
}

/// A record's fields: read from an answer, or given as a dict (a record
/// made in Python, or unpickled).
pub(crate) enum Fields {
    View(View),
    Dict(Py<PyDict>),
}

/// Carries a [`View`] through `Record.__new__` when a typed record
/// (`tthc.Deadline`, a Python subclass) is made from Rust: a subclass can
/// only be instantiated by calling it. Not exported from the module.
#[pyclass(frozen, module = "tthc._tthc", name = "_View")]
pub struct ViewToken(pub(crate) View);

/// Keeps `T` (any answer with a serde shape) as a [`Root`].
pub(crate) fn json_root<T: Serialize>(value: &T) -> Result<Arc<dyn Root>, String> {
    serde_json::to_value(value)
        .map(|v| Arc::new(v) as Arc<dyn Root>)
        .map_err(|e| format!("serialising an answer: {e}"))
}
