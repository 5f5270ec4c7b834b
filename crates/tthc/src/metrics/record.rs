//! One dossier record as the metrics read it, from a CSV row or a JSON line.
//!
//! Both formats have the same fields (`docs/metrics.md`); each is first read
//! as text ([`RawRecord`], borrowing from the input line: a CSV row's cells,
//! or a JSON line's [`JsonRecord`](super::JsonRecord) in `json_line.rs`) and then checked by
//! one function, [`RawRecord::parse`], so a CSV file and a JSON Lines file
//! with the same content give the same report, and the same errors. The text
//! of a record is [`Text`] (`text.rs`), its instants are read through the
//! [`TimeCache`] (`time.rs`).

use std::borrow::Cow;

use crate::catalog::model::{Level, OnlineLevel};
use crate::channel::Channel;
use crate::date::VnDateTime;
use crate::deadline::Event;

use super::text::Text;
use super::time::{instant, TimeCache};

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
#[derive(Debug, Clone, Copy)]
pub enum RawEvents<'a> {
    /// The JSON array's text, from a CSV cell.
    Text(Text<'a>),
    /// The events a JSON line already held.
    Parsed(&'a [Event]),
}

/// A record as text, before its values are checked; `None` means absent.
/// It borrows every value from the input: a CSV row, or a
/// [`JsonRecord`](super::JsonRecord).
#[derive(Debug, Default, Clone, Copy)]
pub struct RawRecord<'a> {
    /// The `dossier` field as read, unchecked.
    pub dossier: Option<Text<'a>>,
    /// The `procedure` field as read, unchecked.
    pub procedure: Option<Text<'a>>,
    /// The `agency` field as read, unchecked.
    pub agency: Option<Text<'a>>,
    /// The `province` field as read, unchecked.
    pub province: Option<Text<'a>>,
    /// The `sector` field as read, unchecked.
    pub sector: Option<Text<'a>>,
    /// The `agency_level` field as read, unchecked.
    pub agency_level: Option<Text<'a>>,
    /// The `channel` field as read, unchecked.
    pub channel: Option<Text<'a>>,
    /// The `received_at` field as read, unchecked.
    pub received_at: Option<Text<'a>>,
    /// The `due_at` field as read, unchecked.
    pub due_at: Option<Text<'a>>,
    /// The `completed_at` field as read, unchecked.
    pub completed_at: Option<Text<'a>>,
    /// The `events` field as read, unchecked.
    pub events: Option<RawEvents<'a>>,
    /// The `paid_online` field as read, unchecked.
    pub paid_online: Option<Text<'a>>,
    /// The `electronic_result` field as read, unchecked.
    pub electronic_result: Option<Text<'a>>,
    /// The `digitised` field as read, unchecked.
    pub digitised: Option<Text<'a>>,
    /// The `full_process` field as read, unchecked.
    pub full_process: Option<Text<'a>>,
    /// The `online_level` field as read, unchecked.
    pub online_level: Option<Text<'a>>,
}

impl<'a> RawRecord<'a> {
    /// The record from CSV cells in the order of [`FIELDS`] (an empty cell
    /// means absent). `synthetic` only marks generated data and is not kept.
    #[inline]
    pub fn from_fields(fields: [Option<Text<'a>>; FIELDS.len()]) -> RawRecord<'a> {
        let [dossier, procedure, agency, province, sector, agency_level, channel, received_at, due_at, completed_at, events, paid_online, electronic_result, digitised, full_process, online_level, _synthetic] =
            fields;
        let cell = |f: Option<Text<'a>>| f.filter(|t| !t.is_empty());
        RawRecord {
            dossier: cell(dossier),
            procedure: cell(procedure),
            agency: cell(agency),
            province: cell(province),
            sector: cell(sector),
            agency_level: cell(agency_level),
            channel: cell(channel),
            received_at: cell(received_at),
            due_at: cell(due_at),
            completed_at: cell(completed_at),
            events: cell(events).map(RawEvents::Text),
            paid_online: cell(paid_online),
            electronic_result: cell(electronic_result),
            digitised: cell(digitised),
            full_process: cell(full_process),
            online_level: cell(online_level),
        }
    }
}

/// How the dossier's timeliness is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Timing<'a> {
    /// The one-stop system's own deadline and completion instant.
    Recorded {
        /// The system's deadline (hạn xử lý), when it gave one.
        due_at: Option<VnDateTime>,
        /// When the result was returned; `None` while open.
        completed_at: Option<VnDateTime>,
    },
    /// The dossier's lifecycle events, replayed by the deadline engine.
    Events(Cow<'a, [Event]>),
}

/// A checked record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    /// The dossier id (mã số hồ sơ).
    pub dossier: Text<'a>,
    /// The procedure id or national code, as written.
    pub procedure: Text<'a>,
    /// The receiving agency, free text.
    pub agency: Option<Text<'a>>,
    /// The province id or name, as written.
    pub province: Option<Text<'a>>,
    /// The sector id, when the record gives one.
    pub sector: Option<Text<'a>>,
    /// The receiving agency's level, when given.
    pub agency_level: Option<Level>,
    /// The channel the dossier came through.
    pub channel: Channel,
    /// When the dossier was received; decides its period.
    pub received_at: VnDateTime,
    /// How its timeliness is known: recorded instants or events.
    pub timing: Timing<'a>,
    /// Whether the fee was paid online (`None`: no fee, or not known).
    pub paid_online: Option<bool>,
    /// Whether the result was issued electronically.
    pub electronic_result: Option<bool>,
    /// Whether the dossier was digitised (số hóa).
    pub digitised: Option<bool>,
    /// Whether the service was full-process online for it, when given.
    pub full_process: Option<bool>,
    /// The online level the record gives, when it gives one.
    pub online_level: Option<OnlineLevel>,
}

/// Why a record is malformed: the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RowError {
    /// The field at fault (`channel`, `received_at`, …), or `csv` / `json`
    /// when the row could not be read at all.
    pub field: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl std::error::Error for RowError {}

impl RowError {
    /// The stable kind, `malformed`; [`RowError::field`] says which field.
    pub fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Malformed
    }

    /// A problem with `field`. Values the message quotes are cut to a
    /// prefix ([`crate::excerpt::clip_quoted`]): a cell may hold a megabyte.
    pub fn new(field: &'static str, message: impl Into<String>) -> RowError {
        let message = message.into();
        RowError {
            field,
            message: match crate::excerpt::clip_quoted(&message) {
                std::borrow::Cow::Borrowed(_) => message,
                clipped => clipped.into_owned(),
            },
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn required<'a>(v: Option<Text<'a>>, field: &'static str) -> Result<Text<'a>, RowError> {
    v.ok_or_else(|| RowError::new(field, "required"))
}

#[inline]
fn boolean(v: Option<Text<'_>>, field: &'static str) -> Result<Option<bool>, RowError> {
    let Some(t) = v else { return Ok(None) };
    match t.as_bytes() {
        b"true" | b"1" | b"yes" | b"TRUE" | b"True" => Ok(Some(true)),
        b"false" | b"0" | b"no" | b"FALSE" | b"False" => Ok(Some(false)),
        b if b == "có".as_bytes() => Ok(Some(true)),
        b if b == "không".as_bytes() => Ok(Some(false)),
        _ => Err(RowError::new(
            field,
            format!("`{t}` is not true/false (or 1/0, yes/no, có/không)"),
        )),
    }
}

/// The name in `names` that `t` spells, found by its bytes, so that it can be
/// read by the type's own `parse` without making `t` a `str` first.
#[inline]
fn known<'n>(t: Text<'_>, names: &[&'n str]) -> Option<&'n str> {
    names.iter().copied().find(|n| n.as_bytes() == t.as_bytes())
}

impl<'a> RawRecord<'a> {
    /// Checks every value; the first problem makes the row malformed.
    pub fn parse(&self) -> Result<Record<'a>, RowError> {
        self.parse_with(&mut TimeCache::default())
    }

    /// [`RawRecord::parse`], reading instants through `times`.
    #[inline]
    pub fn parse_with(&self, times: &mut TimeCache) -> Result<Record<'a>, RowError> {
        let channel_text = required(self.channel, "channel")?;
        let channel = known(channel_text, Channel::NAMES)
            .and_then(Channel::parse)
            .ok_or_else(|| {
                RowError::new(
                    "channel",
                    format!(
                        "unknown channel `{channel_text}`, expected one of {}",
                        Channel::NAMES.join(", ")
                    ),
                )
            })?;
        let agency_level =
            match self.agency_level {
                None => None,
                Some(t) => Some(known(t, &Level::NAMES).and_then(Level::parse).ok_or_else(
                    || {
                        RowError::new(
                            "agency_level",
                            format!(
                                "unknown level `{t}`, expected one of {}",
                                Level::NAMES.join(", ")
                            ),
                        )
                    },
                )?),
            };
        let online_level = match self.online_level {
            None => None,
            Some(t) => Some(
                known(t, &OnlineLevel::NAMES)
                    .and_then(OnlineLevel::parse)
                    .ok_or_else(|| {
                        RowError::new(
                            "online_level",
                            format!(
                                "unknown level `{t}`, expected one of {}",
                                OnlineLevel::NAMES.join(", ")
                            ),
                        )
                    })?,
            ),
        };
        let events = match self.events {
            None => None,
            Some(RawEvents::Parsed(v)) => Some(Cow::Borrowed(v)),
            Some(RawEvents::Text(t)) => Some(Cow::Owned(
                serde_json::from_slice::<Vec<Event>>(t.as_bytes())
                    .map_err(|e| RowError::new("events", e.to_string()))?,
            )),
        };
        let received = instant(self.received_at, "received_at", false, times)?;
        let due_at = instant(self.due_at, "due_at", true, times)?;
        let completed_at = instant(self.completed_at, "completed_at", false, times)?;
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
            paid_online: boolean(self.paid_online, "paid_online")?,
            electronic_result: boolean(self.electronic_result, "electronic_result")?,
            digitised: boolean(self.digitised, "digitised")?,
            full_process: boolean(self.full_process, "full_process")?,
            online_level,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::json_line::JsonRecord;

    #[test]
    fn json_and_csv_text_give_the_same_record() {
        let json = r#"{"dossier":"D1","procedure":"p","channel":"in-person","received_at":"2025-03-03T09:00:00","paid_online":false,"online_level":4}"#;
        let json = JsonRecord::from_line(json).unwrap();
        let a = json.raw().parse().unwrap();
        let mut fields = [None; FIELDS.len()];
        for (i, v) in [
            (0, "D1"),
            (1, "p"),
            (6, "in-person"),
            (7, "2025-03-03T09:00:00"),
            (11, "false"),
            (15, "4"),
        ] {
            fields[i] = Some(Text::from(v));
        }
        assert_eq!(a, RawRecord::from_fields(fields).parse().unwrap());
        assert_eq!(a.online_level, Some(OnlineLevel::Legacy(4)));
        assert_eq!(a.paid_online, Some(false));
    }

    #[test]
    fn every_problem_names_its_field() {
        let bad = |json: &str| {
            JsonRecord::from_line(json)
                .and_then(|j| j.raw().parse().map(|_| ()))
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

    /// Found by the metrics_jsonl fuzz target: a JSON line with
    /// `"dossier": ""` was counted, the same row as CSV was malformed.
    #[test]
    fn an_empty_json_string_is_absent_as_an_empty_csv_cell_is() {
        let json = JsonRecord::from_line(
            r#"{"dossier":"","procedure":"p","channel":"postal","received_at":"2025-03-03T09:00:00","agency":""}"#,
        )
        .unwrap();
        assert_eq!(json.raw().agency, None);
        let e = json.raw().parse().unwrap_err();
        assert_eq!(e.field, "dossier");
        let mut fields = [None; FIELDS.len()];
        for (i, v) in [(0, ""), (1, "p"), (6, "postal"), (7, "2025-03-03T09:00:00")] {
            fields[i] = Some(Text::from(v));
        }
        assert_eq!(RawRecord::from_fields(fields).parse().unwrap_err(), e);
    }

    #[test]
    fn a_date_only_deadline_is_the_end_of_that_day() {
        let json = JsonRecord::from_line(
            r#"{"dossier":"D","procedure":"p","channel":"postal","received_at":"2025-03-03T09:00:00","due_at":"2025-03-05"}"#,
        )
        .unwrap();
        let r = json.raw().parse().unwrap();
        let Timing::Recorded {
            due_at: Some(d), ..
        } = r.timing
        else {
            panic!("{:?}", r.timing)
        };
        assert_eq!(d.to_string(), "2025-03-05T23:59:59+07:00");
    }
}
