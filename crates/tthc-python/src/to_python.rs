//! Answers as Python values, straight from their serde shape (no
//! intermediate JSON value), whole or one field at a time.
//!
//! Two serde serializers do the work. [`Conv`] turns a value into Python:
//! objects become dicts ([`Style::Plain`], [`Style::Json`]) or lazy
//! `tthc.Record`s ([`Style::Records`]: one level only, what reading one
//! attribute needs). [`Walk`] finds the part of an answer a record points
//! at: it follows the path field by field, passing over the fields it does
//! not need without looking inside them, and stops as soon as it is there.
//!
//! Strings under date keys ([`is_date_key`]) become `datetime.date` /
//! aware `datetime.datetime`, except in [`Style::Json`].

use std::fmt;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use pyo3::IntoPyObjectExt;
use serde::ser::{
    self, Impossible, Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer,
};

use crate::answer::{decision_field, FieldVisitor, Fields, Job, Key, PyRecord, Root, Step, View};
use crate::convert::{date_value, is_date_key};
use crate::errors::internal_error;

/// How values become Python.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// The JSON shape exactly: dicts, lists, strings (a case echoed back).
    Json,
    /// Plain dicts and lists, with dates and instants as `datetime` values
    /// (`to_dict()`).
    Plain,
    /// An object becomes a `tthc.Record` reading the answer where the object
    /// is, a list a list of such: one level is converted, the rest when read.
    Records,
}

/// A place in an answer: `path`, then `last`, one more step not yet in a
/// path (so that reading a field allocates no path).
#[derive(Clone, Copy)]
struct At<'a> {
    root: &'a Arc<dyn Root>,
    path: &'a [Step],
    last: Last<'a>,
}

#[derive(Clone, Copy)]
enum Last<'a> {
    Nothing,
    Field(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    fn new(view: &'a View, last: Last<'a>) -> At<'a> {
        At {
            root: &view.root,
            path: &view.path,
            last,
        }
    }

    /// The next step, as a field name or an index.
    fn first(&self) -> Last<'a> {
        match self.path.first() {
            Some(Step::Field(k)) => Last::Field(k),
            Some(Step::Index(i)) => Last::Index(*i),
            None => self.last,
        }
    }

    fn rest(&self) -> At<'a> {
        match self.path.split_first() {
            Some((_, rest)) => At {
                path: rest,
                ..*self
            },
            None => At {
                last: Last::Nothing,
                ..*self
            },
        }
    }

    /// The whole path; a field in `last` is written `key` (the answer's
    /// own name for it, static for a struct's field).
    fn to_vec(self, key: &Key) -> Vec<Step> {
        let mut v = Vec::with_capacity(self.path.len() + 1);
        v.extend_from_slice(self.path);
        match self.last {
            Last::Nothing => {}
            Last::Field(_) => v.push(Step::Field(key.clone())),
            Last::Index(i) => v.push(Step::Index(i)),
        }
        v
    }
}

/// Why a walk or a conversion stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The walk found its part and did its work: not a failure, the way a
    /// walk skips the rest of the answer.
    Found,
    /// The path leads nowhere: no such field or index.
    Missing,
    Py(PyErr),
    Serde(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Found => f.write_str("found"),
            Stop::Missing => f.write_str("no such field"),
            Stop::Py(e) => write!(f, "{e}"),
            Stop::Serde(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Stop {
        Stop::Serde(msg.to_string())
    }
}

impl From<PyErr> for Stop {
    fn from(e: PyErr) -> Stop {
        Stop::Py(e)
    }
}

type Res<T> = Result<T, Stop>;

/// A failure while reading an answer, as the exception to raise.
fn failure(py: Python<'_>, stop: Stop) -> PyErr {
    match stop {
        Stop::Py(e) => e,
        other => internal_error(py, format!("reading an answer: {other}")),
    }
}

/// `value` as Python, whole, in `style` ([`Style::Records`] converts like
/// [`Style::Plain`] here: a record needs an answer to point into).
pub(crate) fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
    style: Style,
) -> PyResult<Bound<'py, PyAny>> {
    value
        .serialize(Conv {
            py,
            style,
            at: None,
            key: Key::Borrowed(""),
        })
        .map_err(|stop| failure(py, stop))
}

/// A `tthc.Record` reading `view`.
pub(crate) fn record(py: Python<'_>, view: View) -> PyResult<Bound<'_, PyAny>> {
    Ok(Bound::new(
        py,
        PyRecord {
            fields: Fields::View(view),
        },
    )?
    .into_any())
}

impl View {
    /// The field `name` of the object this view points at, converted one
    /// level deep; `None` when it has no such field.
    pub(crate) fn get<'py>(
        &self,
        py: Python<'py>,
        name: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let mut act = Convert {
            py,
            style: Style::Records,
            out: None,
        };
        walk(py, At::new(self, Last::Field(name)), &mut act)?;
        Ok(act.out)
    }

    /// The names of the object's fields, in the answer's order.
    pub(crate) fn keys(&self, py: Python<'_>) -> PyResult<Vec<Key>> {
        let mut act = Keys(None);
        walk(py, At::new(self, Last::Nothing), &mut act)?;
        act.0.ok_or_else(|| lost(py))
    }

    /// The object as plain dicts and lists ([`Style::Plain`]).
    pub(crate) fn to_plain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut act = Convert {
            py,
            style: Style::Plain,
            out: None,
        };
        walk(py, At::new(self, Last::Nothing), &mut act)?;
        act.out.ok_or_else(|| lost(py))
    }

    /// The object as JSON text, as the engine writes it.
    pub(crate) fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        let mut act = Text { indent, out: None };
        walk(py, At::new(self, Last::Nothing), &mut act)?;
        act.out.ok_or_else(|| lost(py))
    }
}

fn lost(py: Python<'_>) -> PyErr {
    internal_error(py, "a record points outside its answer".into())
}

/// `value` as JSON text; `indent` spaces per level, or compact.
pub(crate) fn json_text<T: Serialize + ?Sized>(
    value: &T,
    indent: Option<usize>,
) -> serde_json::Result<String> {
    match indent {
        None => serde_json::to_string(value),
        Some(n) => {
            let pad = " ".repeat(n);
            let mut out = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            value.serialize(&mut ser)?;
            Ok(String::from_utf8_lossy(&out).into_owned())
        }
    }
}

/// `Serializer` methods for numbers, each the Python number of its value.
macro_rules! scalars {
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Res<Self::Ok> {
            self.scalar(v)
        })*
    };
}

/// The `Serializer` methods for the shapes a walker does not go into
/// (scalars, tuples, enum variants with data): each ends it with `$stop`.
macro_rules! refuse_other_shapes {
    ($stop:expr) => {
        fn serialize_bool(self, _: bool) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_i8(self, _: i8) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_i16(self, _: i16) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_i32(self, _: i32) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_i64(self, _: i64) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_u8(self, _: u8) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_u16(self, _: u16) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_u32(self, _: u32) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_u64(self, _: u64) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_f32(self, _: f32) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_f64(self, _: f64) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_char(self, _: char) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_str(self, _: &str) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_bytes(self, _: &[u8]) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_none(self) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_unit(self) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_unit_struct(self, _: &'static str) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Res<Self::Ok> {
            Err($stop)
        }
        fn serialize_tuple(self, _: usize) -> Res<Self::SerializeTuple> {
            Err($stop)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Res<Self::SerializeTupleStruct> {
            Err($stop)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Res<Self::SerializeTupleVariant> {
            Err($stop)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Res<Self::SerializeStructVariant> {
            Err($stop)
        }
    };
}

// ---------------------------------------------------------------------
// Walking to a part of an answer.

/// What a walk does with the part it finds. `at` is where the part is,
/// `key` the field it is in (`""` at the root or in a list).
trait Act {
    fn act<T: Serialize + ?Sized>(&mut self, at: At<'_>, key: Key, value: &T) -> Res<()>;
}

/// Walks `at.root` to `at` and runs `act` on what is there; does nothing
/// (the act keeps no answer) when the path leads nowhere.
fn walk<A: Act>(py: Python<'_>, at: At<'_>, act: &mut A) -> PyResult<()> {
    struct Start<'w, A> {
        at: At<'w>,
        act: &'w mut A,
        outcome: Res<()>,
    }
    impl<A: Act> Start<'_, A> {
        fn run<T: Serialize + ?Sized>(&mut self, root: &T) {
            self.outcome = match self.at.first() {
                Last::Nothing => self.act.act(self.at, Key::Borrowed(""), root),
                _ => root.serialize(Walk {
                    to: self.at,
                    at: self.at,
                    act: &mut *self.act,
                }),
            };
        }
    }
    /// The first step taken straight to the field (see `decision_field`).
    impl<A: Act> FieldVisitor for Start<'_, A> {
        fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
            let rest = self.at.rest();
            self.outcome = match rest.first() {
                Last::Nothing => self.act.act(self.at, Key::Borrowed(key), value),
                _ => value.serialize(Walk {
                    to: rest,
                    at: self.at,
                    act: &mut *self.act,
                }),
            };
        }
    }
    impl<A: Act> Job for Start<'_, A> {
        fn json_value(&mut self, root: &serde_json::Value) {
            self.run(root);
        }
        fn decision(&mut self, root: &tthc::Decision<'_>) {
            if let Last::Field(name) = self.at.first() {
                if decision_field(root, name, self) {
                    return;
                }
            }
            self.run(root);
        }
        fn deadline(&mut self, root: &tthc::Deadline<'_>) {
            self.run(root);
        }
        fn tracking(&mut self, root: &tthc::Tracking<'_>) {
            self.run(root);
        }
    }
    let mut start = Start {
        at,
        act,
        outcome: Ok(()),
    };
    at.root.visit(&mut start);
    match start.outcome {
        Ok(()) | Err(Stop::Found | Stop::Missing) => Ok(()),
        Err(stop) => Err(failure(py, stop)),
    }
}

/// Follows `to` (the steps still to go) through a value; `at` is the whole
/// place, for the act.
struct Walk<'w, A> {
    to: At<'w>,
    at: At<'w>,
    act: &'w mut A,
}

impl<A: Act> Walk<'_, A> {
    /// `value` is the next step's target: act on it if it is the last,
    /// walk on otherwise. Either way the walk ends here (`Err`).
    fn descend<T: Serialize + ?Sized>(&mut self, key: Key, value: &T) -> Res<()> {
        let rest = self.to.rest();
        if let Last::Nothing = rest.first() {
            self.act.act(self.at, key, value)?;
            return Err(Stop::Found);
        }
        value.serialize(Walk {
            to: rest,
            at: self.at,
            act: &mut *self.act,
        })?;
        Err(Stop::Missing)
    }
}

impl<'w, A: Act> Serializer for Walk<'w, A> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = WalkSeq<'w, A>;
    type SerializeTuple = Impossible<(), Stop>;
    type SerializeTupleStruct = Impossible<(), Stop>;
    type SerializeTupleVariant = Impossible<(), Stop>;
    type SerializeMap = WalkMap<'w, A>;
    type SerializeStruct = WalkMap<'w, A>;
    type SerializeStructVariant = Impossible<(), Stop>;

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res<()> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Res<()> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Res<WalkSeq<'w, A>> {
        Ok(WalkSeq {
            walk: self,
            index: 0,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Res<WalkMap<'w, A>> {
        Ok(WalkMap {
            walk: self,
            matched: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Res<WalkMap<'w, A>> {
        self.serialize_map(None)
    }

    refuse_other_shapes!(Stop::Missing);
}

struct WalkSeq<'w, A> {
    walk: Walk<'w, A>,
    index: usize,
}

impl<A: Act> SerializeSeq for WalkSeq<'_, A> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res<()> {
        let here = self.index;
        self.index += 1;
        match self.walk.to.first() {
            Last::Index(i) if i == here => self.walk.descend(Key::Borrowed(""), value),
            _ => Ok(()),
        }
    }
    fn end(self) -> Res<()> {
        Err(Stop::Missing)
    }
}

struct WalkMap<'w, A> {
    walk: Walk<'w, A>,
    /// The key just given, when it is the next step (a map gives its key
    /// and its value apart).
    matched: Option<Key>,
}

impl<A: Act> SerializeStruct for WalkMap<'_, A> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Res<()> {
        match self.walk.to.first() {
            Last::Field(k) if k == key => self.walk.descend(Key::Borrowed(key), value),
            _ => Ok(()),
        }
    }
    fn end(self) -> Res<()> {
        Err(Stop::Missing)
    }
}

impl<A: Act> SerializeMap for WalkMap<'_, A> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Res<()> {
        self.matched = match self.walk.to.first() {
            Last::Field(k) => {
                let text = key_text(key)?;
                (text == k).then_some(Key::Owned(text))
            }
            _ => None,
        };
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Res<()> {
        match self.matched.take() {
            Some(key) => self.walk.descend(key, value),
            None => Ok(()),
        }
    }
    fn end(self) -> Res<()> {
        Err(Stop::Missing)
    }
}

/// Converts what a walk finds, in a style.
struct Convert<'py> {
    py: Python<'py>,
    style: Style,
    out: Option<Bound<'py, PyAny>>,
}

impl Act for Convert<'_> {
    fn act<T: Serialize + ?Sized>(&mut self, at: At<'_>, key: Key, value: &T) -> Res<()> {
        self.out = Some(value.serialize(Conv {
            py: self.py,
            style: self.style,
            at: Some(at),
            key,
        })?);
        Ok(())
    }
}

/// Lists the field names of what a walk finds.
struct Keys(Option<Vec<Key>>);

impl Act for Keys {
    fn act<T: Serialize + ?Sized>(&mut self, _: At<'_>, _: Key, value: &T) -> Res<()> {
        self.0 = Some(value.serialize(KeyList(Vec::new()))?);
        Ok(())
    }
}

/// Writes what a walk finds as JSON text.
struct Text {
    indent: Option<usize>,
    out: Option<String>,
}

impl Act for Text {
    fn act<T: Serialize + ?Sized>(&mut self, _: At<'_>, _: Key, value: &T) -> Res<()> {
        self.out = Some(json_text(value, self.indent).map_err(<Stop as ser::Error>::custom)?);
        Ok(())
    }
}

// ---------------------------------------------------------------------
// Converting a value to Python.

/// Serializes a value into a Python object. `key` is the field the value
/// is in (dates are found by key); `at` where it is in its answer, for the
/// records [`Style::Records`] makes.
struct Conv<'a, 'py> {
    py: Python<'py>,
    style: Style,
    at: Option<At<'a>>,
    key: Key,
}

impl<'py> Conv<'_, 'py> {
    /// A part of this value (a field, an element) converted whole: only
    /// records style with an answer stops at the first level, and it does
    /// not come here.
    fn part<T: Serialize + ?Sized>(&self, key: Key, value: &T) -> Res<Bound<'py, PyAny>> {
        value.serialize(Conv {
            py: self.py,
            style: self.style,
            at: None,
            key,
        })
    }

    fn scalar(self, v: impl IntoPyObject<'py>) -> Res<Bound<'py, PyAny>> {
        v.into_bound_py_any(self.py).map_err(Into::into)
    }
}

impl<'a, 'py> Serializer for Conv<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Stop;
    type SerializeSeq = ConvSeq<'a, 'py>;
    type SerializeTuple = Impossible<Bound<'py, PyAny>, Stop>;
    type SerializeTupleStruct = Impossible<Bound<'py, PyAny>, Stop>;
    type SerializeTupleVariant = Impossible<Bound<'py, PyAny>, Stop>;
    type SerializeMap = ConvMap<'a, 'py>;
    type SerializeStruct = ConvMap<'a, 'py>;
    type SerializeStructVariant = Impossible<Bound<'py, PyAny>, Stop>;

    fn serialize_bool(self, v: bool) -> Res<Self::Ok> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    scalars!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64
    );
    fn serialize_char(self, v: char) -> Res<Self::Ok> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Res<Self::Ok> {
        if self.style != Style::Json && is_date_key(&self.key) {
            if let Some(d) = date_value(self.py, v)? {
                return Ok(d);
            }
        }
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Res<Self::Ok> {
        self.scalar(v)
    }
    /// Dates and instants come this way; they are written on the stack,
    /// not in a `String` (`serde`'s default).
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Res<Self::Ok> {
        let mut buf = Short::new();
        match fmt::write(&mut buf, format_args!("{value}")) {
            Ok(()) => self.serialize_str(buf.as_str()),
            Err(_) => self.serialize_str(&value.to_string()),
        }
    }
    fn serialize_none(self) -> Res<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Res<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Res<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Res<Self::Ok> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Res<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Res<Self::Ok> {
        // serde_json's shape: `{"variant": value}`.
        let dict = PyDict::new(self.py);
        let inner = self.part(Key::Borrowed(variant), value)?;
        dict.set_item(variant, inner)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Res<ConvSeq<'a, 'py>> {
        // In records style the elements are records too, each at its index
        // in the list, whose own path is written out once here.
        let path = match (self.style, self.at) {
            (Style::Records, Some(at)) => Some(at.to_vec(&self.key)),
            _ => None,
        };
        Ok(ConvSeq {
            conv: self,
            path,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Res<ConvMap<'a, 'py>> {
        let out = match (self.style, self.at) {
            (Style::Records, Some(at)) => Out::Record(View {
                root: Arc::clone(at.root),
                path: at.to_vec(&self.key),
            }),
            _ => Out::Dict(PyDict::new(self.py)),
        };
        Ok(ConvMap {
            conv: self,
            out,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Res<ConvMap<'a, 'py>> {
        self.serialize_map(None)
    }
    fn serialize_tuple(self, _: usize) -> Res<Self::SerializeTuple> {
        Err(unsupported("a tuple"))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Res<Self::SerializeTupleStruct> {
        Err(unsupported("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Res<Self::SerializeTupleVariant> {
        Err(unsupported("a tuple variant"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Res<Self::SerializeStructVariant> {
        Err(unsupported("a struct variant"))
    }
}

/// Text short enough for the stack: a date or an instant. Writing more
/// fails, and the caller falls back to a `String`.
struct Short {
    bytes: [u8; 32],
    len: usize,
}

impl Short {
    fn new() -> Short {
        Short {
            bytes: [0; 32],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the bytes are UTF-8.
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Write for Short {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// No tthc answer has this shape; a new one that does fails loudly here.
fn unsupported(what: &str) -> Stop {
    Stop::Serde(format!("{what} has no Python form in tthc answers"))
}

struct ConvSeq<'a, 'py> {
    conv: Conv<'a, 'py>,
    /// The list's own path (records style).
    path: Option<Vec<Step>>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> SerializeSeq for ConvSeq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res<()> {
        let item = match (&self.path, self.conv.at) {
            (Some(path), Some(at)) => value.serialize(Conv {
                py: self.conv.py,
                style: Style::Records,
                at: Some(At {
                    root: at.root,
                    path,
                    last: Last::Index(self.items.len()),
                }),
                key: Key::Borrowed(""),
            })?,
            _ => self.conv.part(Key::Borrowed(""), value)?,
        };
        self.items.push(item);
        Ok(())
    }
    fn end(self) -> Res<Self::Ok> {
        Ok(PyList::new(self.conv.py, self.items)?.into_any())
    }
}

enum Out<'py> {
    Dict(Bound<'py, PyDict>),
    /// Records style: the object becomes a record reading it; its fields
    /// are passed over.
    Record(View),
}

struct ConvMap<'a, 'py> {
    conv: Conv<'a, 'py>,
    out: Out<'py>,
    /// A map's key, given before its value.
    key: Option<String>,
}

impl<'py> ConvMap<'_, 'py> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: Key, value: &T) -> Res<()> {
        if let Out::Dict(dict) = &self.out {
            let v = self.conv.part(key.clone(), value)?;
            dict.set_item(&*key, v)?;
        }
        Ok(())
    }

    fn done(self) -> Res<Bound<'py, PyAny>> {
        match self.out {
            Out::Dict(dict) => Ok(dict.into_any()),
            Out::Record(view) => Ok(record(self.conv.py, view)?),
        }
    }
}

impl<'py> SerializeStruct for ConvMap<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Res<()> {
        self.entry(Key::Borrowed(key), value)
    }
    fn end(self) -> Res<Self::Ok> {
        self.done()
    }
}

impl<'py> SerializeMap for ConvMap<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Res<()> {
        if let Out::Dict(_) = self.out {
            self.key = Some(key_text(key)?);
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Res<()> {
        match self.key.take() {
            Some(key) => self.entry(Key::Owned(key), value),
            None => Ok(()),
        }
    }
    fn end(self) -> Res<Self::Ok> {
        self.done()
    }
}

// ---------------------------------------------------------------------
// Keys.

/// A map key as text. Only answers kept as JSON have maps, and their keys
/// are strings; a struct's fields do not come this way.
fn key_text<T: Serialize + ?Sized>(key: &T) -> Res<String> {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(ser::Error::custom(e)),
    }
}

/// The field names of an object, in order (an object inside `Some` too).
struct KeyList(Vec<Key>);

impl Serializer for KeyList {
    type Ok = Vec<Key>;
    type Error = Stop;
    type SerializeSeq = Impossible<Vec<Key>, Stop>;
    type SerializeTuple = Impossible<Vec<Key>, Stop>;
    type SerializeTupleStruct = Impossible<Vec<Key>, Stop>;
    type SerializeTupleVariant = Impossible<Vec<Key>, Stop>;
    type SerializeMap = KeyList;
    type SerializeStruct = KeyList;
    type SerializeStructVariant = Impossible<Vec<Key>, Stop>;

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res<Vec<Key>> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Res<Vec<Key>> {
        value.serialize(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Res<KeyList> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Res<KeyList> {
        Ok(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Res<Self::SerializeSeq> {
        Err(Stop::Missing)
    }
    refuse_other_shapes!(Stop::Missing);
}

impl SerializeStruct for KeyList {
    type Ok = Vec<Key>;
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, _: &T) -> Res<()> {
        self.0.push(Key::Borrowed(key));
        Ok(())
    }
    fn end(self) -> Res<Vec<Key>> {
        Ok(self.0)
    }
}

impl SerializeMap for KeyList {
    type Ok = Vec<Key>;
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Res<()> {
        self.0.push(Key::Owned(key_text(key)?));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Res<()> {
        Ok(())
    }
    fn end(self) -> Res<Vec<Key>> {
        Ok(self.0)
    }
}
