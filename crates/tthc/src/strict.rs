//! JSON inputs read as their schemas say, with errors that name the field.
//!
//! serde's derived readers accept more than the schemas allow: a struct may
//! also be written as an array of its field values in order
//! (`"applicant": ["citizen", [], 0]`), and an internally tagged enum as an
//! array whose first element is the tag. A host that sends such a thing has
//! a bug, and silently accepting it would hide it. So a type read from JSON
//! derives its reader with `#[serde(remote = "Self")]`, which makes the
//! derived reader an inherent function, implements [`Object`] with it, and
//! implements `Deserialize` with [`object`], which accepts a JSON object
//! only. (serde has no switch for this: serde-rs/serde#1587.)
//!
//! serde_json's own messages do not say which field is wrong
//! (`"channel": 5` gave "expected value at line 1 column 55"). [`from_str`]
//! and [`from_value`] record the path to the value that failed
//! (serde_path_to_error) and put it first: "channel: invalid type: integer
//! `5`, expected one of national-portal, …".

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A struct (or internally tagged enum) whose derived reader is
/// `Self::deserialize` from `#[serde(remote = "Self")]`.
pub trait Object<'de>: Sized {
    /// The derived reader, given a JSON object's fields.
    fn from_fields<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// The largest text a binding hands to a reader (a case, a request, a batch
/// of them, a catalogue file given as text, a path): 16 MiB. A case is a
/// few hundred bytes and a catalogue file at most 8 MiB, so anything longer
/// is a host's mistake, refused before any parsing: the C ABI returns
/// `INPUT_TOO_LARGE` (`tthc_max_input_bytes()`), Python raises `CaseError`
/// with kind `input-too-large`.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

#[doc(hidden)]
pub use serde as __serde;

/// Implements [`Object`] and `Deserialize` (objects only) for a type whose
/// derived reader has `#[serde(remote = "Self")]`; with `, serialize`,
/// `Serialize` too (the attribute makes the derived writer inherent as
/// well).
#[macro_export]
macro_rules! json_object {
    ($t:ident) => {
        impl<'de> $crate::strict::Object<'de> for $t {
            fn from_fields<D: $crate::strict::__serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Self, D::Error> {
                $t::deserialize(d)
            }
        }
        impl<'de> $crate::strict::__serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::strict::__serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Self, D::Error> {
                $crate::strict::object(d)
            }
        }
    };
    ($t:ident, serialize) => {
        $crate::json_object!($t);
        impl $crate::strict::__serde::Serialize for $t {
            fn serialize<S: $crate::strict::__serde::Serializer>(
                &self,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                $t::serialize(self, s)
            }
        }
    };
}

/// Reads `T` from a JSON object only: the body of `T`'s `Deserialize`.
pub fn object<'de, D: Deserializer<'de>, T: Object<'de>>(d: D) -> Result<T, D::Error> {
    struct Fields<T>(PhantomData<T>);
    impl<'de, T: Object<'de>> Visitor<'de> for Fields<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_fields(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(Fields(PhantomData))
}

/// A unit enum read from one of its names, with an error that lists them
/// (serde_json's derived enum reader says only "expected value" for a
/// value that is not a string).
pub fn name<'de, D: Deserializer<'de>, T>(
    d: D,
    names: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
) -> Result<T, D::Error> {
    struct Name<T> {
        names: &'static [&'static str],
        parse: fn(&str) -> Option<T>,
    }
    impl<T> Visitor<'_> for Name<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "one of {}", self.names.join(", "))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).ok_or_else(|| {
                E::custom(format!(
                    "unknown value `{}`, expected one of {}",
                    crate::excerpt::excerpt(v),
                    self.names.join(", ")
                ))
            })
        }
    }
    d.deserialize_str(Name { names, parse })
}

/// Why a JSON input could not be read: the path to the value at fault
/// (`applicant.identity_level`, `fee_items[0].amount`; `.` for the whole
/// input) and serde_json's error.
#[derive(Debug)]
pub struct JsonError {
    path: String,
    inner: serde_json::Error,
}

impl JsonError {
    /// Whether the text is not JSON at all (bad syntax, cut short), rather
    /// than JSON of the wrong shape.
    pub fn is_syntax(&self) -> bool {
        use serde_json::error::Category;
        matches!(
            self.inner.classify(),
            Category::Syntax | Category::Eof | Category::Io
        )
    }

    /// The path to the value at fault; `.` for the whole input.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for JsonError {
    /// `path: serde_json's message`, every quoted value cut to a prefix
    /// ([`crate::excerpt::clip_quoted`]); a syntax error has no path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.inner.to_string();
        let message = crate::excerpt::clip_quoted(&message);
        if self.path == "." || self.is_syntax() {
            f.write_str(&message)
        } else {
            write!(f, "{}: {message}", crate::excerpt::excerpt(&self.path))
        }
    }
}

impl std::error::Error for JsonError {}

impl From<serde_path_to_error::Error<serde_json::Error>> for JsonError {
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> JsonError {
        JsonError {
            path: e.path().to_string(),
            inner: e.into_inner(),
        }
    }
}

/// Reads `T` from JSON text, naming the field of any error.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, JsonError> {
    let mut d = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut d)?;
    d.end().map_err(|inner| JsonError {
        path: ".".into(),
        inner,
    })?;
    Ok(value)
}

/// Reads `T` from a JSON value (e.g. a conformance vector's case), naming
/// the field of any error.
pub fn from_value<T: DeserializeOwned>(v: serde_json::Value) -> Result<T, JsonError> {
    Ok(serde_path_to_error::deserialize(v)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(remote = "Self", deny_unknown_fields)]
    struct Pair {
        a: u8,
        #[serde(default)]
        b: Vec<Pair>,
    }
    crate::json_object!(Pair);

    #[test]
    fn an_object_reads_and_an_array_does_not() {
        assert_eq!(
            from_str::<Pair>(r#"{"a": 1, "b": [{"a": 2}]}"#).unwrap(),
            Pair {
                a: 1,
                b: vec![Pair { a: 2, b: vec![] }]
            }
        );
        let e = from_str::<Pair>("[1, []]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid type: sequence, expected a JSON object at line 1 column 0"
        );
        let e = from_str::<Pair>(r#"{"a": 1, "b": [[2]]}"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("b[0]: invalid type: sequence, expected a JSON object"),
            "{e}"
        );
        assert!(!e.is_syntax());
    }

    #[test]
    fn a_type_error_names_its_field() {
        let e = from_str::<Pair>(r#"{"a": "x"}"#).unwrap_err();
        assert_eq!(e.path(), "a");
        assert!(
            e.to_string()
                .starts_with("a: invalid type: string \"x\", expected u8"),
            "{e}"
        );
        let e = from_str::<Pair>(r#"{"a": 1"#).unwrap_err();
        assert!(e.is_syntax());
        let e = from_str::<Pair>(r#"{"a": 1} x"#).unwrap_err();
        assert!(e.is_syntax(), "{e}");
    }

    #[test]
    fn a_name_lists_the_names() {
        #[derive(Debug)]
        struct Colour;
        impl<'de> Deserialize<'de> for Colour {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                name(d, &["red", "blue"], |s| (s == "red").then_some(Colour))
            }
        }
        let e = from_str::<Colour>("5").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid type: integer `5`, expected one of red, blue at line 1 column 1"
        );
        let e = from_str::<Colour>("\"blue\"").unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown value `blue`, expected one of red, blue"),
            "{e}"
        );
    }
}
