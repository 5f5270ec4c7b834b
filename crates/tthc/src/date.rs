//! Civil dates and Vietnam local time.
//!
//! Every legal rule tthc encodes speaks of dates in the Gregorian calendar
//! (Civil Code 2015 Art. 145(2)) and of clock times in Vietnam, which has a
//! single time zone, UTC+07:00, with no daylight saving. So the engine keeps a
//! compact day number for dates and normalises every instant to +07:00 at the
//! boundary; arithmetic inside never needs a time-zone database.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Vietnam's offset from UTC, in seconds (UTC+07:00, no daylight saving).
pub const VN_OFFSET_SECONDS: i64 = 7 * 3600;

/// A Gregorian calendar date, stored as days since 1970-01-01.
///
/// Valid for years 1..=9999; constructors reject anything else so that the
/// calendar index and the lunar algorithm never see nonsense.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(i32);

/// Day of the week, Monday first (ISO 8601).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday (thứ Hai).
    Mon,
    /// Tuesday (thứ Ba).
    Tue,
    /// Wednesday (thứ Tư).
    Wed,
    /// Thursday (thứ Năm).
    Thu,
    /// Friday (thứ Sáu).
    Fri,
    /// Saturday (thứ Bảy).
    Sat,
    /// Sunday (Chủ nhật).
    Sun,
}

impl Weekday {
    /// 0 for Monday through 6 for Sunday.
    pub fn index(self) -> u8 {
        self as u8
    }

    /// The weekday with the given Monday-first index (taken modulo 7).
    pub fn from_index(i: u8) -> Weekday {
        const ALL: [Weekday; 7] = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        ALL[usize::from(i % 7)]
    }

    /// Vietnamese name ("Thứ Hai" … "Chủ nhật").
    pub fn name_vi(self) -> &'static str {
        match self {
            Weekday::Mon => "Thứ Hai",
            Weekday::Tue => "Thứ Ba",
            Weekday::Wed => "Thứ Tư",
            Weekday::Thu => "Thứ Năm",
            Weekday::Fri => "Thứ Sáu",
            Weekday::Sat => "Thứ Bảy",
            Weekday::Sun => "Chủ nhật",
        }
    }

    /// Lower-case English abbreviation used in catalogue files ("mon" … "sun").
    pub fn short_en(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    /// Parses "mon" … "sun" (case-insensitive).
    pub fn parse_short(s: &str) -> Option<Weekday> {
        (0..7)
            .map(Weekday::from_index)
            .find(|w| w.short_en().eq_ignore_ascii_case(s))
    }
}

/// Why a date or date-time string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{input}`: expected {expected}")]
pub struct ParseDateError {
    what: &'static str,
    input: String,
    expected: &'static str,
}

impl ParseDateError {
    /// The stable kind, `invalid-date`.
    pub fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::InvalidDate
    }

    fn date(input: &str) -> Self {
        ParseDateError {
            what: "date",
            input: crate::excerpt::excerpt(input).into_owned(),
            expected: "YYYY-MM-DD, a real calendar day in years 1-9999",
        }
    }
    fn datetime(input: &str) -> Self {
        ParseDateError {
            what: "date-time",
            input: crate::excerpt::excerpt(input).into_owned(),
            expected: "RFC 3339, e.g. 2025-03-14T09:30:00+07:00 (no offset means +07:00)",
        }
    }
}

impl Date {
    /// Smallest representable date, 0001-01-01.
    pub const MIN: Date = Date(-719_162);
    /// Largest representable date, 9999-12-31.
    pub const MAX: Date = Date(2_932_896);

    /// The date with the given Gregorian year, month (1-12) and day, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// The date `days` days after 1970-01-01, if within years 1..=9999.
    pub fn from_days_since_epoch(days: i32) -> Option<Date> {
        (Date::MIN.0..=Date::MAX.0)
            .contains(&days)
            .then_some(Date(days))
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::from_index((self.0 + 3).rem_euclid(7) as u8)
    }

    /// The date `n` days later (earlier for negative `n`), if representable.
    pub fn add_days(self, n: i32) -> Option<Date> {
        self.0.checked_add(n).and_then(Date::from_days_since_epoch)
    }

    /// Signed number of days from `self` to `other`.
    pub fn days_until(self, other: Date) -> i32 {
        other.0 - self.0
    }

    /// The Julian day number of this date (noon-based integer, as used by
    /// astronomical algorithms such as the lunar calendar's).
    pub fn julian_day_number(self) -> i64 {
        i64::from(self.0) + 2_440_588
    }

    /// The date whose Julian day number is `jdn`, if representable.
    pub fn from_julian_day_number(jdn: i64) -> Option<Date> {
        i32::try_from(jdn - 2_440_588)
            .ok()
            .and_then(Date::from_days_since_epoch)
    }
}

/// Writes `n` as `out.len()` zero-padded decimal digits (callers pass
/// numbers that fit).
fn put_digits(out: &mut [u8], mut n: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Digits written as text; they are ASCII, so the conversion cannot fail.
fn ascii(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}

impl Date {
    /// `YYYY-MM-DD`. Written digit by digit rather than with `write!`: dates
    /// are written into every answer (receipts, notes, JSON, the bindings'
    /// date objects), and padded integer formatting cost about ten times as
    /// much (callgrind, Python `evaluate` + reading `due_at`).
    fn iso(self) -> [u8; 10] {
        let (y, m, d) = self.ymd();
        let mut b = *b"0000-00-00";
        put_digits(&mut b[0..4], u32::try_from(y).unwrap_or(0));
        put_digits(&mut b[5..7], m);
        put_digits(&mut b[8..10], d);
        b
    }

    /// Writes `YYYY-MM-DD` to `w` (for writers that are not a `Formatter`:
    /// a note's words written straight into a JSON answer).
    pub(crate) fn write_iso(self, w: &mut impl fmt::Write) -> fmt::Result {
        w.write_str(ascii(&self.iso()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_iso(f)
    }
}

impl FromStr for Date {
    type Err = ParseDateError;
    fn from_str(s: &str) -> Result<Date, ParseDateError> {
        parse_ymd(s.as_bytes()).ok_or_else(|| ParseDateError::date(s))
    }
}

fn parse_ymd(b: &[u8]) -> Option<Date> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])?;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    Date::from_ymd(y as i32, m, d)
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

pub(crate) fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (era-based algorithm,
/// exact for every year; see H. Hinnant, "chrono-Compatible Low-Level Date
/// Algorithms").
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32; // [0, 399]
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A local date and time in Vietnam (UTC+07:00), to the second.
///
/// Inputs in any RFC 3339 offset are converted to Vietnam time; an input with
/// no offset is taken to be Vietnam time already, because that is what every
/// one-stop system records.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct VnDateTime {
    date: Date,
    second_of_day: u32,
}

impl VnDateTime {
    /// The instant at `hour:minute:second` Vietnam time on `date`.
    pub fn new(date: Date, hour: u32, minute: u32, second: u32) -> Option<VnDateTime> {
        (hour < 24 && minute < 60 && second < 60).then_some(VnDateTime {
            date,
            second_of_day: hour * 3600 + minute * 60 + second,
        })
    }

    /// The current time in Vietnam, from the system clock.
    pub fn now() -> VnDateTime {
        let utc = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        VnDateTime::from_local_seconds(utc + VN_OFFSET_SECONDS).unwrap_or(VnDateTime {
            date: Date(0),
            second_of_day: 0,
        })
    }

    /// Midnight at the start of `date`.
    pub fn start_of_day(date: Date) -> VnDateTime {
        VnDateTime {
            date,
            second_of_day: 0,
        }
    }

    /// The last second of `date` (23:59:59): "a day ends at 24:00" (Civil Code
    /// Art. 148(6)) rendered as the last representable instant of that day.
    pub fn end_of_day(date: Date) -> VnDateTime {
        VnDateTime {
            date,
            second_of_day: 86_399,
        }
    }

    /// The civil date (in Vietnam).
    pub fn date(self) -> Date {
        self.date
    }

    /// Seconds since local midnight.
    pub fn second_of_day(self) -> u32 {
        self.second_of_day
    }

    /// Seconds since 1970-01-01T00:00:00 Vietnam time (not UTC).
    pub fn local_seconds(self) -> i64 {
        i64::from(self.date.days_since_epoch()) * 86_400 + i64::from(self.second_of_day)
    }

    /// Inverse of [`VnDateTime::local_seconds`].
    pub fn from_local_seconds(secs: i64) -> Option<VnDateTime> {
        let days = i32::try_from(secs.div_euclid(86_400)).ok()?;
        let date = Date::from_days_since_epoch(days)?;
        Some(VnDateTime {
            date,
            second_of_day: secs.rem_euclid(86_400) as u32,
        })
    }

    /// Parses RFC 3339 (`YYYY-MM-DDTHH:MM[:SS[.frac]][Z|±HH:MM]`; a space may
    /// replace `T`). Fractions of a second are truncated. No offset means +07:00.
    pub fn parse(s: &str) -> Result<VnDateTime, ParseDateError> {
        parse_rfc3339(s).ok_or_else(|| ParseDateError::datetime(s))
    }
}

fn parse_rfc3339(s: &str) -> Option<VnDateTime> {
    let b = s.as_bytes();
    if b.len() < 16 || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') {
        return None;
    }
    let date = parse_ymd(&b[..10])?;
    if b[13] != b':' {
        return None;
    }
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let mut i = 16;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b.get(i + 1..i + 3)?)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    let offset_secs: i64 = match &b[i..] {
        [] => VN_OFFSET_SECONDS,
        [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2])?;
            let m = digits(&[*m1, *m2])?;
            if h > 23 || m > 59 {
                return None;
            }
            let v = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let local = VnDateTime::new(date, hour, minute, second)?;
    VnDateTime::from_local_seconds(local.local_seconds() - offset_secs + VN_OFFSET_SECONDS)
}

impl fmt::Display for VnDateTime {
    /// RFC 3339 with the +07:00 offset.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.second_of_day;
        let mut b = *b"0000-00-00T00:00:00+07:00";
        b[0..10].copy_from_slice(&self.date.iso());
        put_digits(&mut b[11..13], s / 3600);
        put_digits(&mut b[14..16], s / 60 % 60);
        put_digits(&mut b[17..19], s % 60);
        f.write_str(ascii(&b))
    }
}

impl FromStr for VnDateTime {
    type Err = ParseDateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VnDateTime::parse(s)
    }
}

impl Serialize for VnDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for VnDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<VnDateTime, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        VnDateTime::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_what_padded_formatting_writes() {
        // Display writes digits itself; compare it with `write!`'s padding
        // from the first to the last representable day, and every second of
        // one day.
        for n in (Date::MIN.0..=Date::MAX.0).step_by(97).chain([Date::MAX.0]) {
            let d = Date(n);
            let (y, m, dd) = d.ymd();
            let text = d.to_string();
            assert_eq!(text, format!("{y:04}-{m:02}-{dd:02}"));
            assert_eq!(text.parse::<Date>(), Ok(d));
        }
        let day = Date::MIN;
        for s in 0..86_400 {
            let t = VnDateTime {
                date: day,
                second_of_day: s,
            };
            let want = format!(
                "0001-01-01T{:02}:{:02}:{:02}+07:00",
                s / 3600,
                s / 60 % 60,
                s % 60
            );
            assert_eq!(t.to_string(), want);
        }
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = Date::from_ymd(1800, 1, 1).map(Date::days_since_epoch);
        let end = Date::from_ymd(2200, 12, 31).map(Date::days_since_epoch);
        let (Some(start), Some(end)) = (start, end) else {
            unreachable!("constants are valid dates")
        };
        let mut expected = (1800, 1, 1);
        for n in start..=end {
            let d = Date(n);
            assert_eq!(d.ymd(), expected, "day {n}");
            assert_eq!(Date::from_ymd(expected.0, expected.1, expected.2), Some(d));
            let (y, m, dd) = expected;
            expected = if dd < days_in_month(y, m) {
                (y, m, dd + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn weekdays_match_known_dates() {
        let check = |s: &str, w| assert_eq!(s.parse::<Date>().map(Date::weekday), Ok(w), "{s}");
        check("1970-01-01", Weekday::Thu);
        check("2024-05-04", Weekday::Sat);
        check("2026-11-24", Weekday::Tue);
        check("2000-02-29", Weekday::Tue);
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "24-01-01",
            "2024-1-01",
            "0000-01-01",
            "2024-01-32",
            "２０２４-01-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn datetime_offsets_normalise_to_vietnam_time() {
        let t = VnDateTime::parse("2025-03-14T02:30:00Z").map(|t| t.to_string());
        assert_eq!(t.as_deref(), Ok("2025-03-14T09:30:00+07:00"));
        let t = VnDateTime::parse("2025-03-14T23:30:00-01:00").map(|t| t.to_string());
        assert_eq!(t.as_deref(), Ok("2025-03-15T07:30:00+07:00"));
        let t = VnDateTime::parse("2025-03-14 16:05").map(|t| t.to_string());
        assert_eq!(t.as_deref(), Ok("2025-03-14T16:05:00+07:00"));
        let t = VnDateTime::parse("2025-03-14T16:05:07.999+07:00").map(|t| t.to_string());
        assert_eq!(t.as_deref(), Ok("2025-03-14T16:05:07+07:00"));
    }

    #[test]
    fn datetime_rejects_garbage() {
        for bad in [
            "",
            "2025-03-14",
            "2025-03-14T25:00",
            "2025-03-14T10:00+7",
            "2025-03-14T10:00:00.",
            "2025-03-14T10:60",
            "2025-03-14T10:00+07:00x",
        ] {
            assert!(VnDateTime::parse(bad).is_err(), "{bad}");
        }
        let long = "x".repeat(10_000);
        let msg = VnDateTime::parse(&long)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.len() < 300, "error message must not echo huge input");
    }
}
