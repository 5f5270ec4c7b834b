//! One dossier record as the metrics read it, from a CSV row or a JSON line.
//!
//! Both formats have the same fields (`docs/metrics.md`); each is first read
//! as text ([`RawRecord`], borrowing from the input line where it can) and
//! then checked by one function, [`RawRecord::parse`], so a CSV file and a
//! JSON Lines file with the same content give the same report, and the same
//! errors.

use std::borrow::Cow;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::catalog::model::{Level, OnlineLevel};
use crate::date::{Date, VnDateTime};
use crate::deadline::Event;
use crate::policy::Channel;

/// The fields of a record, in the order `tthc synth` writes them.
pub const FIELDS: [&str; 17] = [
    "dossier",
    "procedure",
    "agency",
    "province",
    "sector",
    "agency_level",
    "channel",
    "received_at",
    "due_at",
    "completed_at",
    "events",
    "paid_online",
    "electronic_result",
    "digitised",
    "full_process",
    "online_level",
    "synthetic",
];

/// A record's events: a JSON array in a CSV cell, or already parsed from JSON.
#[derive(Debug, Clone)]
pub enum RawEvents<'a> {
    Text(Cow<'a, str>),
    Parsed(Vec<Event>),
}

/// A record as text, before its values are checked. Empty text means absent.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawRecord<'a> {
    #[serde(borrow)]
    pub dossier: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub procedure: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub agency: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub province: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub sector: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub agency_level: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub channel: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub received_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub due_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub completed_at: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "json_events")]
    pub events: Option<RawEvents<'a>>,
    #[serde(borrow, deserialize_with = "flag")]
    pub paid_online: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    pub electronic_result: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    pub digitised: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    pub full_process: Option<Cow<'a, str>>,
    #[serde(borrow, deserialize_with = "flag")]
    pub online_level: Option<Cow<'a, str>>,
    /// Marks generated data; read so that it is not an unknown field, and ignored.
    #[serde(borrow, deserialize_with = "flag")]
    pub synthetic: Option<Cow<'a, str>>,
}

impl<'a> RawRecord<'a> {
    /// Sets the field at `index` of [`FIELDS`] from CSV text.
    pub fn set(&mut self, index: usize, text: &'a str) {
        let v = (!text.is_empty()).then_some(Cow::Borrowed(text));
        match index {
            0 => self.dossier = v,
            1 => self.procedure = v,
            2 => self.agency = v,
            3 => self.province = v,
            4 => self.sector = v,
            5 => self.agency_level = v,
            6 => self.channel = v,
            7 => self.received_at = v,
            8 => self.due_at = v,
            9 => self.completed_at = v,
            10 => self.events = v.map(RawEvents::Text),
            11 => self.paid_online = v,
            12 => self.electronic_result = v,
            13 => self.digitised = v,
            14 => self.full_process = v,
            15 => self.online_level = v,
            16 => self.synthetic = v,
            _ => {}
        }
    }

    /// Parses one JSON object (a line of a JSON Lines file).
    pub fn from_json(line: &'a str) -> Result<RawRecord<'a>, RowError> {
        serde_json::from_str(line).map_err(|e| RowError::new("json", e.to_string()))
    }
}

/// How the dossier's timeliness is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Timing {
    /// The one-stop system's own deadline and completion instant.
    Recorded {
        due_at: Option<VnDateTime>,
        completed_at: Option<VnDateTime>,
    },
    /// The dossier's lifecycle events, replayed by the deadline engine.
    Events(Vec<Event>),
}

/// A checked record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    pub dossier: Cow<'a, str>,
    pub procedure: Cow<'a, str>,
    pub agency: Option<Cow<'a, str>>,
    pub province: Option<Cow<'a, str>>,
    pub sector: Option<Cow<'a, str>>,
    pub agency_level: Option<Level>,
    pub channel: Channel,
    pub received_at: VnDateTime,
    pub timing: Timing,
    pub paid_online: Option<bool>,
    pub electronic_result: Option<bool>,
    pub digitised: Option<bool>,
    pub full_process: Option<bool>,
    pub online_level: Option<OnlineLevel>,
}

/// Why a record is malformed: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub field: &'static str,
    pub message: String,
}

impl RowError {
    pub fn new(field: &'static str, message: impl Into<String>) -> RowError {
        RowError {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn required<'a>(v: Option<Cow<'a, str>>, field: &'static str) -> Result<Cow<'a, str>, RowError> {
    v.ok_or_else(|| RowError::new(field, "required"))
}

fn instant(
    v: Option<&str>,
    field: &'static str,
    date_only_at_end: bool,
    cache: &mut TimeCache,
) -> Result<Option<VnDateTime>, RowError> {
    let Some(s) = v else { return Ok(None) };
    if date_only_at_end && s.len() == 10 {
        return s
            .parse::<Date>()
            .map(|d| Some(VnDateTime::end_of_day(d)))
            .map_err(|e| RowError::new(field, e.to_string()));
    }
    if let Some(t) = cache.parse(s) {
        return Ok(Some(t));
    }
    VnDateTime::parse(s)
        .map(Some)
        .map_err(|e| RowError::new(field, e.to_string()))
}

/// Slots in [`TimeCache`]: a power of two, about eleven years of days.
const DATE_SLOTS: usize = 4096;

/// A fast path for the instants one-stop exports write,
/// `YYYY-MM-DDTHH:MM:SS+07:00`, with the dates already seen kept by day.
///
/// Anything else (another offset, no seconds, fractions, a bad value) is
/// left to [`VnDateTime::parse`], which the fast path agrees with on every
/// input it accepts (tested below).
#[derive(Clone, Debug)]
pub struct TimeCache {
    /// `(yyyymmdd, date)`, indexed by a hash of the day; key 0 is empty.
    dates: Box<[(u32, Date)]>,
}

impl Default for TimeCache {
    fn default() -> TimeCache {
        TimeCache {
            dates: vec![(0, Date::MIN); DATE_SLOTS].into_boxed_slice(),
        }
    }
}

impl TimeCache {
    /// The instant `s` names when it has the common shape and is valid,
    /// `None` otherwise (then [`VnDateTime::parse`] decides).
    #[inline]
    pub fn parse(&mut self, s: &str) -> Option<VnDateTime> {
        let b: &[u8; 25] = s.as_bytes().try_into().ok()?;
        if b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19..] != *b"+07:00"
        {
            return None;
        }
        let d = |i: usize| -> Option<u32> {
            let (x, y) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
            (x < 10 && y < 10).then(|| u32::from(x) * 10 + u32::from(y))
        };
        let year = d(0)? * 100 + d(2)?;
        let (month, day) = (d(5)?, d(8)?);
        let (hour, minute, second) = (d(11)?, d(14)?, d(17)?);
        let key = year * 10_000 + month * 100 + day;
        // Consecutive days fall in consecutive slots.
        let slot = ((year * 12 + month) * 31 + day) as usize % DATE_SLOTS;
        let date = match self.dates.get(slot) {
            Some(&(k, date)) if k == key => date,
            _ => {
                let date = Date::from_ymd(i32::try_from(year).ok()?, month, day)?;
                if let Some(e) = self.dates.get_mut(slot) {
                    *e = (key, date);
                }
                date
            }
        };
        VnDateTime::new(date, hour, minute, second)
    }
}

fn boolean(v: Option<&str>, field: &'static str) -> Result<Option<bool>, RowError> {
    let Some(s) = v else { return Ok(None) };
    match s {
        "true" | "1" | "yes" | "TRUE" | "True" | "có" => Ok(Some(true)),
        "false" | "0" | "no" | "FALSE" | "False" | "không" => Ok(Some(false)),
        _ => Err(RowError::new(
            field,
            format!("`{s}` is not true/false (or 1/0, yes/no, có/không)"),
        )),
    }
}

impl<'a> RawRecord<'a> {
    /// Checks every value; the first problem makes the row malformed.
    pub fn parse(self) -> Result<Record<'a>, RowError> {
        self.parse_with(&mut TimeCache::default())
    }

    /// [`RawRecord::parse`], reading instants through `times`.
    #[inline]
    pub fn parse_with(self, times: &mut TimeCache) -> Result<Record<'a>, RowError> {
        let channel_text = required(self.channel, "channel")?;
        let channel = Channel::parse(&channel_text).ok_or_else(|| {
            RowError::new(
                "channel",
                format!(
                    "unknown channel `{channel_text}`, expected one of {}",
                    Channel::NAMES.join(", ")
                ),
            )
        })?;
        let agency_level = match self.agency_level.as_deref() {
            None => None,
            Some(s) => Some(Level::parse(s).ok_or_else(|| {
                RowError::new(
                    "agency_level",
                    format!(
                        "unknown level `{s}`, expected one of {}",
                        Level::NAMES.join(", ")
                    ),
                )
            })?),
        };
        let online_level = match self.online_level.as_deref() {
            None => None,
            Some(s) => Some(OnlineLevel::parse(s).ok_or_else(|| {
                RowError::new(
                    "online_level",
                    format!(
                        "unknown level `{s}`, expected one of {}",
                        OnlineLevel::NAMES.join(", ")
                    ),
                )
            })?),
        };
        let events = match self.events {
            None => None,
            Some(RawEvents::Parsed(v)) => Some(v),
            Some(RawEvents::Text(t)) => Some(
                serde_json::from_str::<Vec<Event>>(&t)
                    .map_err(|e| RowError::new("events", e.to_string()))?,
            ),
        };
        let received = instant(self.received_at.as_deref(), "received_at", false, times)?;
        let due_at = instant(self.due_at.as_deref(), "due_at", true, times)?;
        let completed_at = instant(self.completed_at.as_deref(), "completed_at", false, times)?;
        let (received_at, timing) = match events {
            Some(events) => {
                if due_at.is_some() || completed_at.is_some() {
                    return Err(RowError::new(
                        "events",
                        "give either events or due_at/completed_at, not both: the deadline comes from one of them",
                    ));
                }
                let first = match events.first() {
                    Some(Event::Received { at }) => *at,
                    _ => {
                        return Err(RowError::new(
                            "events",
                            "the first event must be `received`",
                        ))
                    }
                };
                (received.unwrap_or(first), Timing::Events(events))
            }
            None => (
                received.ok_or_else(|| RowError::new("received_at", "required"))?,
                Timing::Recorded {
                    due_at,
                    completed_at,
                },
            ),
        };
        if let Timing::Recorded {
            completed_at: Some(c),
            ..
        } = &timing
        {
            if *c < received_at {
                return Err(RowError::new(
                    "completed_at",
                    format!("{c} is before received_at {received_at}"),
                ));
            }
        }
        Ok(Record {
            dossier: required(self.dossier, "dossier")?,
            procedure: required(self.procedure, "procedure")?,
            agency: self.agency,
            province: self.province,
            sector: self.sector,
            agency_level,
            channel,
            received_at,
            timing,
            paid_online: boolean(self.paid_online.as_deref(), "paid_online")?,
            electronic_result: boolean(self.electronic_result.as_deref(), "electronic_result")?,
            digitised: boolean(self.digitised.as_deref(), "digitised")?,
            full_process: boolean(self.full_process.as_deref(), "full_process")?,
            online_level,
        })
    }
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

fn json_events<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<RawEvents<'a>>, D::Error> {
    Ok(Option::<Vec<Event>>::deserialize(d)?.map(RawEvents::Parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_csv_text_give_the_same_record() {
        let json = r#"{"dossier":"D1","procedure":"p","channel":"in-person","received_at":"2025-03-03T09:00:00","paid_online":false,"online_level":4}"#;
        let a = RawRecord::from_json(json).unwrap().parse().unwrap();
        let mut raw = RawRecord::default();
        for (i, v) in [
            (0, "D1"),
            (1, "p"),
            (6, "in-person"),
            (7, "2025-03-03T09:00:00"),
            (11, "false"),
            (15, "4"),
        ] {
            raw.set(i, v);
        }
        assert_eq!(a, raw.parse().unwrap());
        assert_eq!(a.online_level, Some(OnlineLevel::Legacy(4)));
        assert_eq!(a.paid_online, Some(false));
    }

    #[test]
    fn every_problem_names_its_field() {
        let bad = |json: &str| {
            RawRecord::from_json(json)
                .and_then(RawRecord::parse)
                .unwrap_err()
                .field
        };
        assert_eq!(
            bad(r#"{"dossier":"D","procedure":"p","received_at":"2025-03-03T09:00:00"}"#),
            "channel"
        );
        assert_eq!(
            bad(
                r#"{"dossier":"D","procedure":"p","channel":"fax","received_at":"2025-03-03T09:00:00"}"#
            ),
            "channel"
        );
        assert_eq!(
            bad(r#"{"dossier":"D","procedure":"p","channel":"postal","received_at":"3/3/2025"}"#),
            "received_at"
        );
        assert_eq!(
            bad(
                r#"{"dossier":"D","procedure":"p","channel":"postal","received_at":"2025-03-03T09:00:00","digitised":"maybe"}"#
            ),
            "digitised"
        );
        assert_eq!(
            bad(r#"{"procedure":"p","channel":"postal","received_at":"2025-03-03T09:00:00"}"#),
            "dossier"
        );
        assert_eq!(
            bad(
                r#"{"dossier":"D","procedure":"p","channel":"postal","received_at":"2025-03-03T09:00:00","completed_at":"2025-03-02T09:00:00"}"#
            ),
            "completed_at"
        );
        assert_eq!(
            bad(
                r#"{"dossier":"D","procedure":"p","channel":"postal","due_at":"2025-03-05","events":[{"kind":"received","at":"2025-03-03T09:00:00"}]}"#
            ),
            "events"
        );
        assert_eq!(bad("{not json"), "json");
    }

    #[test]
    fn the_time_fast_path_agrees_with_vn_date_time_parse() {
        let mut cache = TimeCache::default();
        let mut cases: Vec<String> = [
            "2025-03-03T09:00:00+07:00",
            "2024-02-29T23:59:59+07:00",
            "2025-02-29T10:00:00+07:00",
            "2025-13-01T10:00:00+07:00",
            "2025-00-10T10:00:00+07:00",
            "2025-04-31T10:00:00+07:00",
            "2025-04-00T10:00:00+07:00",
            "0000-01-01T10:00:00+07:00",
            "0001-01-01T00:00:00+07:00",
            "9999-12-31T23:59:59+07:00",
            "2025-03-03T24:00:00+07:00",
            "2025-03-03T09:60:00+07:00",
            "2025-03-03T09:00:60+07:00",
            "2025-03-03t09:00:00+07:00",
            "2025-03-03 09:00:00+07:00",
            "2025-03-03T09:00:00+08:00",
            "2025-03-03T09:00:00-07:00",
            "2025-03-03T09:00:00Z",
            "2025-03-03T09:00:00",
            "2025-03-03T09:00+07:00",
            "2025-03-03T09:00:00.5+07:00",
            "2025-3-03T09:00:00+07:00x",
            "2025-03-03T09:0a:00+07:00",
            "+025-03-03T09:00:00+07:00",
            "2025/03/03T09:00:00+07:00",
            "2025-03-03T09-00:00+07:00",
            "2025-03-03T09:00:00+07-00",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for day in 0..800 {
            let d = Date::from_ymd(2024, 1, 1)
                .and_then(|d| d.add_days(day))
                .unwrap();
            cases.push(format!(
                "{d}T{:02}:{:02}:{:02}+07:00",
                day % 24,
                day % 60,
                day * 7 % 60
            ));
        }
        for c in cases.iter().chain(cases.iter()) {
            let fast = cache.parse(c);
            let slow = VnDateTime::parse(c).ok();
            if fast.is_some() {
                assert_eq!(fast, slow, "{c}");
            }
            assert_eq!(
                instant(Some(c), "t", false, &mut cache).ok().flatten(),
                slow,
                "{c}"
            );
        }
    }

    #[test]
    fn a_date_only_deadline_is_the_end_of_that_day() {
        let r = RawRecord::from_json(
            r#"{"dossier":"D","procedure":"p","channel":"postal","received_at":"2025-03-03T09:00:00","due_at":"2025-03-05"}"#,
        )
        .unwrap()
        .parse()
        .unwrap();
        let Timing::Recorded {
            due_at: Some(d), ..
        } = r.timing
        else {
            panic!("{:?}", r.timing)
        };
        assert_eq!(d.to_string(), "2025-03-05T23:59:59+07:00");
    }
}
