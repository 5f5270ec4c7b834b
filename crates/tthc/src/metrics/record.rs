//! One dossier record as the metrics read it, from a CSV row or a JSON line.
//!
//! Both formats have the same fields (`docs/metrics.md`); each is first read
//! as text ([`RawRecord`], borrowing from the input line) and then checked by
//! one function, [`RawRecord::parse`], so a CSV file and a JSON Lines file
//! with the same content give the same report, and the same errors.
//!
//! Text stays bytes ([`Text`]) from the reader to the running totals. It is
//! checked to be UTF-8 once, when the record is read (the CSV reader checks
//! only the fields that are not ASCII); making it a `str` would check it
//! again, all of it, and `std::str::from_utf8` slows down at every accented
//! letter (about 45 ns for a 25-byte Vietnamese agency name, 65 ns for a
//! whole synthetic record). The hot path does not need a `str`: values are
//! matched, hashed and compared as bytes, and turned into `str` only where a
//! name is shown or looked up in the catalogue.

use std::borrow::Cow;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::catalog::model::{Level, OnlineLevel};
use crate::channel::Channel;
use crate::date::{Date, VnDateTime};
use crate::deadline::Event;

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

/// Text from a record: bytes known to be UTF-8, since a `Text` is made only
/// from a `str`, by [`Text::new`], which checks them, or by the CSV reader,
/// which checks a record field by field as it splits it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Text<'a>(&'a [u8]);

impl<'a> Text<'a> {
    /// `bytes` as text, when they are UTF-8.
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Option<Text<'a>> {
        is_utf8(bytes).then_some(Text(bytes))
    }

    /// A field the CSV reader has checked (`csv::split`).
    #[inline]
    pub(super) fn checked(bytes: &'a [u8]) -> Text<'a> {
        Text(bytes)
    }

    pub fn as_bytes(self) -> &'a [u8] {
        self.0
    }

    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    /// The text as a `str`: borrowed, as the bytes are UTF-8 (the check is
    /// made again here, off the hot path; it cannot find a bad byte, and
    /// would show one as U+FFFD rather than fail).
    pub fn to_str(self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.0)
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Text<'a> {
        Text(s.as_bytes())
    }
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_str())
    }
}

impl std::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_str(), f)
    }
}

// UTF-8 as a shift-based automaton (Per Vognsen's construction): a state is a
// bit offset into a row of `UTF8_ROWS`, and `UTF8_ROWS[byte] >> state & 63`
// is the next state, so a byte costs a shift whatever it is. A
// check that branches on each byte instead mispredicts at every accented
// letter of a Vietnamese name, and spends most of its time there.
const ACCEPT: u32 = 0;
const REJECT: u32 = 6;
/// One continuation byte (80–BF) to go.
const TAIL1: u32 = 12;
/// Two continuation bytes to go.
const TAIL2: u32 = 18;
/// After E0: A0–BF (no overlong form), then one.
const AFTER_E0: u32 = 24;
/// After ED: 80–9F (no surrogate), then one.
const AFTER_ED: u32 = 30;
/// After F0: 90–BF (no overlong form), then two.
const AFTER_F0: u32 = 36;
/// After F1–F3: 80–BF, then two.
const AFTER_F1: u32 = 42;
/// After F4: 80–8F (nothing past U+10FFFF), then two.
const AFTER_F4: u32 = 48;

/// The next state: the well-formed byte sequences of Unicode Table 3-7.
const fn utf8_next(state: u32, b: u8) -> u32 {
    let (lo, hi, then) = match state {
        ACCEPT => {
            return match b {
                0x00..=0x7F => ACCEPT,
                0xC2..=0xDF => TAIL1,
                0xE0 => AFTER_E0,
                0xE1..=0xEC | 0xEE..=0xEF => TAIL2,
                0xED => AFTER_ED,
                0xF0 => AFTER_F0,
                0xF1..=0xF3 => AFTER_F1,
                0xF4 => AFTER_F4,
                _ => REJECT,
            }
        }
        TAIL1 => (0x80, 0xBF, ACCEPT),
        TAIL2 => (0x80, 0xBF, TAIL1),
        AFTER_E0 => (0xA0, 0xBF, TAIL1),
        AFTER_ED => (0x80, 0x9F, TAIL1),
        AFTER_F0 => (0x90, 0xBF, TAIL2),
        AFTER_F1 => (0x80, 0xBF, TAIL2),
        AFTER_F4 => (0x80, 0x8F, TAIL2),
        _ => return REJECT,
    };
    if lo <= b && b <= hi {
        then
    } else {
        REJECT
    }
}

/// For each byte, the next state from every state, at the state's offset.
const UTF8_ROWS: [u64; 256] = {
    let mut rows = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut state = ACCEPT;
        while state <= AFTER_F4 {
            rows[b] |= (utf8_next(state, b as u8) as u64) << state;
            state += 6;
        }
        b += 1;
    }
    rows
};

/// Whether `b` is UTF-8: the answer of `std::str::from_utf8(b).is_ok()`
/// (tested on every sequence of up to three bytes, and on the four-byte
/// boundaries). ASCII goes eight bytes at a time; from the first byte that
/// is not, sixteen bytes at a time go through the automaton.
fn is_utf8(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The state is the low six bits: the shift takes them alone, so the
    // mask is left out of the loop (one dependent instruction per byte).
    let mut state = u64::from(ACCEPT);
    let at = |state: u64| (state & 63) as u32;
    let mut i = 0;
    loop {
        if at(state) == ACCEPT {
            while let Some(word) = b.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(word);
                let high = u64::from_le_bytes(w) & HIGH;
                if high != 0 {
                    i += (high.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
        }
        let rest = b.get(i..).unwrap_or_default();
        let chunk = rest.get(..16).unwrap_or(rest);
        if chunk.is_empty() {
            return at(state) == ACCEPT;
        }
        for &x in chunk {
            state = UTF8_ROWS[usize::from(x)].wrapping_shr(state as u32);
        }
        if at(state) == REJECT {
            return false;
        }
        i += chunk.len();
    }
}

/// A record's events: a JSON array in a CSV cell, or already parsed from JSON.
#[derive(Debug, Clone, Copy)]
pub enum RawEvents<'a> {
    Text(Text<'a>),
    Parsed(&'a [Event]),
}

/// A record as text, before its values are checked; `None` means absent.
/// It borrows every value from the input: a CSV row, or a [`JsonRecord`].
#[derive(Debug, Default, Clone, Copy)]
pub struct RawRecord<'a> {
    pub dossier: Option<Text<'a>>,
    pub procedure: Option<Text<'a>>,
    pub agency: Option<Text<'a>>,
    pub province: Option<Text<'a>>,
    pub sector: Option<Text<'a>>,
    pub agency_level: Option<Text<'a>>,
    pub channel: Option<Text<'a>>,
    pub received_at: Option<Text<'a>>,
    pub due_at: Option<Text<'a>>,
    pub completed_at: Option<Text<'a>>,
    pub events: Option<RawEvents<'a>>,
    pub paid_online: Option<Text<'a>>,
    pub electronic_result: Option<Text<'a>>,
    pub digitised: Option<Text<'a>>,
    pub full_process: Option<Text<'a>>,
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

/// One JSON object (a line of a JSON Lines file) as serde reads it; its
/// [`JsonRecord::raw`] view is checked like a CSV row.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
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

impl<'a> JsonRecord<'a> {
    /// Parses one JSON object (a line of a JSON Lines file).
    pub fn from_line(line: &'a str) -> Result<JsonRecord<'a>, RowError> {
        serde_json::from_str(line).map_err(|e| RowError::new("json", e.to_string()))
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

/// How the dossier's timeliness is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Timing<'a> {
    /// The one-stop system's own deadline and completion instant.
    Recorded {
        due_at: Option<VnDateTime>,
        completed_at: Option<VnDateTime>,
    },
    /// The dossier's lifecycle events, replayed by the deadline engine.
    Events(Cow<'a, [Event]>),
}

/// A checked record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    pub dossier: Text<'a>,
    pub procedure: Text<'a>,
    pub agency: Option<Text<'a>>,
    pub province: Option<Text<'a>>,
    pub sector: Option<Text<'a>>,
    pub agency_level: Option<Level>,
    pub channel: Channel,
    pub received_at: VnDateTime,
    pub timing: Timing<'a>,
    pub paid_online: Option<bool>,
    pub electronic_result: Option<bool>,
    pub digitised: Option<bool>,
    pub full_process: Option<bool>,
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

    /// A problem with `field`.
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

fn required<'a>(v: Option<Text<'a>>, field: &'static str) -> Result<Text<'a>, RowError> {
    v.ok_or_else(|| RowError::new(field, "required"))
}

#[inline]
fn instant(
    v: Option<Text<'_>>,
    field: &'static str,
    date_only_at_end: bool,
    cache: &mut TimeCache,
) -> Result<Option<VnDateTime>, RowError> {
    let Some(t) = v else { return Ok(None) };
    match cache.parse(t.as_bytes()) {
        Some(at) => Ok(Some(at)),
        None => uncommon_instant(t, field, date_only_at_end).map(Some),
    }
}

/// An instant of another shape than the one [`TimeCache`] reads: a bare
/// date (for a deadline), another offset, a fraction, or a mistake.
#[cold]
fn uncommon_instant(
    t: Text<'_>,
    field: &'static str,
    date_only_at_end: bool,
) -> Result<VnDateTime, RowError> {
    let s = t.to_str();
    if date_only_at_end && s.len() == 10 {
        return s
            .parse::<Date>()
            .map(VnDateTime::end_of_day)
            .map_err(|e| RowError::new(field, e.to_string()));
    }
    VnDateTime::parse(&s).map_err(|e| RowError::new(field, e.to_string()))
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
    pub fn parse(&mut self, s: &[u8]) -> Option<VnDateTime> {
        let (ymd, rest) = s.split_first_chunk::<8>()?;
        let (hms, rest) = rest.split_first_chunk::<8>()?;
        let (offset, rest) = rest.split_first_chunk::<8>()?;
        if rest != b"0" {
            return None;
        }
        let ymd = YMD.digits(u64::from_le_bytes(*ymd))?;
        let hms = HMS.digits(u64::from_le_bytes(*hms))?;
        let offset = OFFSET.digits(u64::from_le_bytes(*offset))?;
        // The two-digit number at bytes `k` and `k + 1` of a word of digits.
        let two = |w: u64, k: u32| {
            ((w >> (8 * k)) & 0xFF) as u32 * 10 + ((w >> (8 * k + 8)) & 0xFF) as u32
        };
        let year = two(ymd, 0) * 100 + two(ymd, 2);
        let (month, day) = (two(ymd, 5), two(hms, 0));
        let (hour, minute, second) = (two(hms, 3), two(hms, 6), two(offset, 1));
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

/// Eight bytes of the common instant `YYYY-MM-DDTHH:MM:SS+07:00`, checked
/// and read a word at a time (7.9 ns an instant, against 11.6 ns a byte at
/// a time; a record has three).
struct Shape {
    /// `0xFF` over the bytes that must be `value`'s.
    fixed: u64,
    value: u64,
    /// `0xFF` over the bytes that must be ASCII digits.
    digits: u64,
}

/// The shape of `text`, where `d` stands for a digit.
const fn shape(text: &[u8; 8]) -> Shape {
    let mut s = Shape {
        fixed: 0,
        value: 0,
        digits: 0,
    };
    let mut i = 0;
    while i < 8 {
        if text[i] == b'd' {
            s.digits |= 0xFF << (8 * i);
        } else {
            s.fixed |= 0xFF << (8 * i);
            s.value |= (text[i] as u64) << (8 * i);
        }
        i += 1;
    }
    s
}

/// The instant's bytes 0–7, 8–15 and 16–23 (byte 24 is the offset's last `0`).
const YMD: Shape = shape(b"dddd-dd-");
const HMS: Shape = shape(b"ddTdd:dd");
const OFFSET: Shape = shape(b":dd+07:0");

impl Shape {
    /// The value of each digit (in its byte, other bytes 0) when `w` has
    /// this shape.
    #[inline]
    fn digits(&self, w: u64) -> Option<u64> {
        const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
        let x = (w ^ 0x3030_3030_3030_3030) & self.digits;
        // A byte is a digit when `x` has no high nibble there, not even
        // after adding 6 (which would carry out of 0xA–0xF).
        let sixes = 0x0606_0606_0606_0606 & self.digits;
        let bad = ((w & self.fixed) ^ self.value)
            | (x & HIGH_NIBBLES)
            | (x.wrapping_add(sixes) & HIGH_NIBBLES);
        (bad == 0).then_some(x)
    }
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

/// A JSON string (or null), borrowed from the line unless it has escapes:
/// serde's own `Option<Cow<str>>` copies every string.
fn text<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // Every byte of a valid instant replaced by every other value.
        let valid = "2025-03-03T09:00:00+07:00";
        for at in 0..valid.len() {
            for byte in 0..=255u8 {
                let mut b = valid.as_bytes().to_vec();
                b[at] = byte;
                if let Ok(s) = String::from_utf8(b) {
                    cases.push(s);
                }
            }
        }
        for c in cases.iter().chain(cases.iter()) {
            let fast = cache.parse(c.as_bytes());
            let slow = VnDateTime::parse(c).ok();
            if fast.is_some() {
                assert_eq!(fast, slow, "{c}");
            }
            assert_eq!(
                instant(Some(Text::from(c.as_str())), "t", false, &mut cache)
                    .ok()
                    .flatten(),
                slow,
                "{c}"
            );
        }
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

    #[test]
    fn the_utf8_check_agrees_with_std_on_every_short_sequence() {
        let agree = |b: &[u8]| assert_eq!(is_utf8(b), std::str::from_utf8(b).is_ok(), "{b:x?}");
        // Every sequence of one to three bytes; behind seven ASCII bytes
        // too, so that the word-at-a-time scan meets it mid-word.
        for x in 0..=255u8 {
            agree(&[x]);
            for y in 0..=255u8 {
                agree(&[x, y]);
                agree(&[b'a', b'b', b'c', b'd', b'e', b'f', b'g', x, y]);
                if x >= 0xC0 {
                    for z in 0..=255u8 {
                        agree(&[x, y, z]);
                    }
                }
            }
        }
        // Four-byte leads with each second byte, then the edges of the
        // continuation range.
        let edges = [0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF];
        for x in 0xF0..=0xF7u8 {
            for y in 0..=255u8 {
                for z in edges {
                    for w in edges {
                        agree(&[x, y, z, w]);
                        agree(&[b'a', x, y, z, w, b'b', b'c', b'd', b'e']);
                    }
                }
            }
        }
        // Cut anywhere, Vietnamese text stays valid only at character boundaries.
        let s = "Cấp xã – Tỉnh Hà Giang, 𝒳 ổn định, đăng ký khai sinh";
        for i in 0..=s.len() {
            agree(&s.as_bytes()[..i]);
            agree(&s.as_bytes()[i..]);
        }
    }
}
