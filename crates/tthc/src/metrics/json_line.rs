//! One line of a JSON Lines file as a record: serde reads the object,
//! borrowing its strings from the line, and [`JsonRecord::raw`] gives the
//! same text view a CSV row gives, to be checked by the same function.

use std::borrow::Cow;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::deadline::Event;

use super::record::{RawEvents, RawRecord, RowError, FIELDS};
use super::text::Text;

/// One JSON object (a line of a JSON Lines file) as serde reads it; its
/// [`JsonRecord::raw`] view is checked like a CSV row. An object only
/// ([`crate::strict`]).
#[derive(Debug, Default, Deserialize)]
#[serde(remote = "Self", default)]
pub struct JsonRecord<'a> {
    #[serde(borrow, deserialize_with = "text")]
    dossier: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    procedure: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    agency: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    province: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    sector: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    agency_level: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    channel: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    received_at: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    due_at: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "text")]
    completed_at: Option<Cow<'a, str>>,
    events: Option<Vec<Event>>,
    #[serde(borrow, deserialize_with = "flag")]
    paid_online: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    electronic_result: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    digitised: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    full_process: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    online_level: Option<Cow<'a, str>>,
    /// Marks generated data; read so that its type is checked, and ignored.
    #[serde(rename = "synthetic", borrow, deserialize_with = "flag")]
    _synthetic: Option<Cow<'a, str>>,
}

impl<'de: 'a, 'a> crate::strict::Object<'de> for JsonRecord<'a> {
    fn from_fields<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        JsonRecord::deserialize(d)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for JsonRecord<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::strict::object(d)
    }
}

impl<'a> JsonRecord<'a> {
    /// Parses one JSON object (a line of a JSON Lines file). A line that
    /// fails is read again to find the field at fault (only then: tracking
    /// the path of every value would slow every line down); the row error
    /// names it when it is a field of the record, else `json`.
    pub fn from_line(line: &'a str) -> Result<JsonRecord<'a>, RowError> {
        serde_json::from_str(line).map_err(|_| {
            let e = match crate::strict::from_str::<JsonRecord<'_>>(line) {
                Err(e) => e,
                Ok(_) => return RowError::new("json", "the line does not read twice alike"),
            };
            let top = e.path().split(['.', '[']).next().unwrap_or_default();
            let field = match FIELDS.iter().find(|f| **f == top) {
                Some(f) if !e.is_syntax() => f,
                _ => "json",
            };
            RowError::new(field, e.to_string())
        })
    }

    /// The record as text, to be checked.
    pub fn raw(&self) -> RawRecord<'_> {
        fn text<'s>(v: &'s Option<Cow<'_, str>>) -> Option<Text<'s>> {
            v.as_deref().map(Text::from)
        }
        RawRecord {
            dossier: text(&self.dossier),
            procedure: text(&self.procedure),
            agency: text(&self.agency),
            province: text(&self.province),
            sector: text(&self.sector),
            agency_level: text(&self.agency_level),
            channel: text(&self.channel),
            received_at: text(&self.received_at),
            due_at: text(&self.due_at),
            completed_at: text(&self.completed_at),
            events: self.events.as_deref().map(RawEvents::Parsed),
            paid_online: text(&self.paid_online),
            electronic_result: text(&self.electronic_result),
            digitised: text(&self.digitised),
            full_process: text(&self.full_process),
            online_level: text(&self.online_level),
        }
    }
}

/// A JSON string (or null), borrowed from the line unless it has escapes:
/// serde's own `Option<Cow<str>>` copies every string. An empty string is
/// absent, as an empty CSV cell is (so `"dossier": ""` is a missing
/// dossier in both formats).
fn text<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok((!v.is_empty()).then_some(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok((!v.is_empty()).then(|| Cow::Owned(v.to_string())))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

/// JSON booleans and strings both read as text, so that a JSON line and a
/// CSV row go through the same checks. Online levels may be JSON numbers.
fn flag<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a boolean, a string, a small number or null")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(if v { "true" } else { "false" })))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok((!v.is_empty()).then_some(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok((!v.is_empty()).then(|| Cow::Owned(v.to_string())))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}
