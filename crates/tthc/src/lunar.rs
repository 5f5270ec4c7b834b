//! The Vietnamese lunar calendar (âm lịch), computed at a fixed UTC+7.
//!
//! Tết and Giỗ Tổ Hùng Vương are lunar dates, and a Chinese-calendar crate
//! gets them wrong for Vietnam in 1985, 2007 and 2030 because China reckons
//! at UTC+8 (see `docs/calendar.md`). So the calendar is computed here with
//! Hồ Ngọc Đức's published rules for the Vietnamese calendar:
//!
//! 1. a lunar month starts on the day (in UTC+7) that contains the new moon;
//! 2. the winter solstice always falls in month 11;
//! 3. a lunar year (month 11 to month 11) of 13 months has a leap month: the
//!    first month after month 11 that contains no major solar term (trung khí).
//!
//! New moons and the Sun's longitude use the truncated series of Jean Meeus'
//! "Astronomical Algorithms" that Hồ Ngọc Đức published with his algorithm;
//! the page warns they are less precise than his online program, which is why
//! the result is cross-checked day by day against an independent oracle
//! (`tests/calendar_lunar.rs`).
//!
//! Every month start from late 1899 to early 2200 is computed once, on first
//! use, into a sorted table; a conversion is then a binary search. Dates
//! outside 1900-01-01 ..= 2199-12-31 are refused rather than extrapolated.

use std::f64::consts::PI;
use std::fmt;

use once_cell::sync::Lazy;
use serde::Serialize;

use crate::date::Date;
use crate::error::ErrorKind;

/// Vietnam's time zone in hours: the calendar is reckoned on the 105°E meridian.
const TIME_ZONE_HOURS: f64 = 7.0;

/// Mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;

/// First solar year converted (every day of it is covered).
pub const FIRST_YEAR: i32 = 1900;
/// Last solar year converted (every day of it is covered).
pub const LAST_YEAR: i32 = 2199;

/// A date of the Vietnamese lunar calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LunarDate {
    /// The lunar year, numbered like the solar year in which its month 1 starts.
    pub year: i32,
    /// 1 (tháng Giêng) to 12 (tháng Chạp).
    pub month: u8,
    /// 1 to 30.
    pub day: u8,
    /// True in a leap month (tháng nhuận), which repeats the number of the month before it.
    pub leap: bool,
}

impl fmt::Display for LunarDate {
    /// `DD/MM/YYYY`, with " (nhuận)" in a leap month, as Vietnamese calendars print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{}", self.day, self.month, self.year)?;
        if self.leap {
            write!(f, " (nhuận)")?;
        }
        Ok(())
    }
}

/// The start of one lunar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LunarMonth {
    /// The solar day on which day 1 of the month falls.
    pub start: Date,
    /// The lunar year (the solar year in which its Tết falls).
    pub year: i32,
    /// The month number, 1–12.
    pub month: u8,
    /// Whether this is the leap (intercalary) month of that number.
    pub leap: bool,
    /// 29 or 30.
    pub days: u8,
}

/// Why a lunar conversion has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LunarError {
    /// The solar date is outside the lunar table.
    #[error("{date} is outside the lunar calendar, which covers the years {first} to {last}")]
    OutOfRange {
        /// The date asked about.
        date: Date,
        /// First solar year of the table ([`FIRST_YEAR`]).
        first: i32,
        /// Last solar year of the table ([`LAST_YEAR`]).
        last: i32,
    },
    /// The lunar date does not exist (no such leap month that year, no day 30 in a short month).
    #[error("the lunar date {date} does not exist")]
    InvalidDate {
        /// The lunar date asked about.
        date: LunarDate,
    },
}

impl LunarError {
    /// The stable kind: `lunar-out-of-range` or `invalid-lunar-date`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            LunarError::OutOfRange { .. } => ErrorKind::LunarOutOfRange,
            LunarError::InvalidDate { .. } => ErrorKind::InvalidLunarDate,
        }
    }
}

/// The lunar date of a solar date in 1900 ..= 2199.
pub fn from_solar(date: Date) -> Result<LunarDate, LunarError> {
    let table = months();
    check_solar_range(date)?;
    // The last month whose start is on or before `date`.
    let i = table.partition_point(|m| m.start <= date);
    let month = i
        .checked_sub(1)
        .and_then(|i| table.get(i))
        .ok_or_else(|| lunar_range_error(date))?;
    let day = month.start.days_until(date) + 1;
    Ok(LunarDate {
        year: month.year,
        month: month.month,
        day: u8::try_from(day).map_err(|_| lunar_range_error(date))?,
        leap: month.leap,
    })
}

/// The solar date of a lunar date, if that lunar date exists (a leap month
/// only exists in some years; day 30 only in long months) and falls in 1900 ..= 2199.
pub fn to_solar(date: LunarDate) -> Result<Date, LunarError> {
    let invalid = || LunarError::InvalidDate { date };
    if !(1..=12).contains(&date.month) || !(1..=30).contains(&date.day) {
        return Err(invalid());
    }
    let table = months();
    let key = (date.year, date.month, date.leap);
    let i = table
        .binary_search_by(|m| (m.year, m.month, m.leap).cmp(&key))
        .map_err(|_| invalid())?;
    let month = table.get(i).ok_or_else(invalid)?;
    if date.day > month.days {
        return Err(invalid());
    }
    let solar = month
        .start
        .add_days(i32::from(date.day) - 1)
        .ok_or_else(invalid)?;
    check_solar_range(solar)?;
    Ok(solar)
}

/// Every lunar month that starts in 1900 ..= 2199, plus the one in progress
/// on 1900-01-01, in order.
pub fn month_starts() -> impl Iterator<Item = LunarMonth> {
    months().iter().copied().filter(|m| {
        m.start.year() >= FIRST_YEAR && m.start.year() <= LAST_YEAR
            || m.start
                .add_days(i32::from(m.days) - 1)
                .is_some_and(|last| last.year() == FIRST_YEAR)
    })
}

fn check_solar_range(date: Date) -> Result<(), LunarError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(lunar_range_error(date))
    }
}

fn lunar_range_error(date: Date) -> LunarError {
    LunarError::OutOfRange {
        date,
        first: FIRST_YEAR,
        last: LAST_YEAR,
    }
}

/// The month table, computed once. Building it cannot fail: every input is a
/// constant year range well inside what `Date` represents.
fn months() -> &'static [LunarMonth] {
    static TABLE: Lazy<Vec<LunarMonth>> = Lazy::new(build_table);
    &TABLE
}

fn build_table() -> Vec<LunarMonth> {
    let mut starts: Vec<(i64, i32, u8, bool)> = Vec::with_capacity(13 * 302);
    // A "solstice year" runs from the start of month 11 before the December
    // solstice of `y - 1` to the start of month 11 before that of `y`.
    let mut from = month_eleven(FIRST_YEAR - 1);
    for y in FIRST_YEAR..=LAST_YEAR + 1 {
        let to = month_eleven(y);
        push_solstice_year(from, to, y, &mut starts);
        from = to;
    }
    // The month after the last one needs a start to know its length.
    let end_marker = from.1;
    starts
        .iter()
        .enumerate()
        .filter_map(|(i, &(jdn, year, month, leap))| {
            let next = starts.get(i + 1).map_or(end_marker, |n| n.0);
            let start = Date::from_julian_day_number(jdn)?;
            let days = u8::try_from(next - jdn).ok()?;
            Some(LunarMonth {
                start,
                year,
                month,
                leap,
                days,
            })
        })
        .collect()
}

/// Appends the months of one solstice year: `from` and `to` are
/// (new-moon number, day) of the two months 11; `y` is the solar year of the
/// later solstice, which is also the lunar year of its months 1–10.
fn push_solstice_year(
    from: (i64, i64),
    to: (i64, i64),
    y: i32,
    out: &mut Vec<(i64, i32, u8, bool)>,
) {
    let (k11, _) = from;
    let count = to.0 - from.0; // 12, or 13 in a leap year
                               // In a 13-month year, the first month after month 11 without a major
                               // solar term is the leap month. A month has no major term when the term
                               // index is the same at its start and at the next month's start.
    let leap_offset = if count == 13 {
        (1..count)
            .find(|&i| major_term(new_moon_day(k11 + i)) == major_term(new_moon_day(k11 + i + 1)))
    } else {
        None
    };
    for i in 0..count {
        let (number, leap) = match leap_offset {
            Some(l) if i >= l => (i + 10, i == l),
            _ => (i + 11, false),
        };
        let month = ((number - 1) % 12 + 1) as u8;
        // Months 11 and 12 (and a leap 11 or 12) before month 1 belong to the previous lunar year.
        let year = if month >= 11 && i < 4 { y - 1 } else { y };
        out.push((new_moon_day(k11 + i), year, month, leap));
    }
}

/// The new-moon number and day of the lunar month 11 that contains the
/// December solstice of solar year `y`.
fn month_eleven(y: i32) -> (i64, i64) {
    let dec31 = Date::from_ymd(y, 12, 31).map_or(0, Date::julian_day_number);
    let mut k = ((dec31 as f64 - 2_415_021.0) / SYNODIC_MONTH).floor() as i64;
    // The new moon before 31 December; if the Sun has already passed 270°
    // (term index 9 or more) at that new moon, the solstice is in the
    // month before.
    if major_term(new_moon_day(k)) >= 9 {
        k -= 1;
    }
    (k, new_moon_day(k))
}

/// The local (UTC+7) day number on which new moon `k` occurs.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE_HOURS / 24.0).floor() as i64
}

/// Julian day (UT) of new moon `k`, counted from the one near 1900-01-01
/// (Meeus, truncated series).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let rad = PI / 180.0;
    let mean = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3
        + 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * rad).sin();
    // Anomalies of the Sun (m) and the Moon (mp), and the Moon's argument of latitude (f).
    let m = 359.224_2 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mp = 306.025_3 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.296_4 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let s = |x: f64| (x * rad).sin();
    let correction = (0.1734 - 0.000_393 * t) * s(m) + 0.0021 * s(2.0 * m) - 0.4068 * s(mp)
        + 0.0161 * s(2.0 * mp)
        - 0.0004 * s(3.0 * mp)
        + 0.0104 * s(2.0 * f)
        - 0.0051 * s(m + mp)
        - 0.0074 * s(m - mp)
        + 0.0004 * s(2.0 * f + m)
        - 0.0004 * s(2.0 * f - m)
        - 0.0006 * s(2.0 * f + mp)
        + 0.0010 * s(2.0 * f - mp)
        + 0.0005 * s(2.0 * mp + m);
    // Difference between dynamical time and universal time, in days.
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    mean + correction - delta_t
}

/// Index 0..=11 of the 30° sector the Sun is in at the start (local midnight)
/// of day `jdn`; a change of index between two days is a major solar term.
fn major_term(jdn: i64) -> i64 {
    (sun_longitude(jdn as f64 - 0.5 - TIME_ZONE_HOURS / 24.0) / PI * 6.0).floor() as i64
}

/// Apparent longitude of the Sun in radians, 0 ..< 2π, at Julian day `jd` (Meeus, low precision).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let rad = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let c = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (rad * m).sin()
        + (0.019_993 - 0.000_101 * t) * (rad * 2.0 * m).sin()
        + 0.000_290 * (rad * 3.0 * m).sin();
    let l = (l0 + c) * rad;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap_or(Date::MIN)
    }

    #[test]
    fn table_is_contiguous_and_well_formed() {
        let t = months();
        for w in t.windows(2) {
            let (a, b) = (w[0], w[1]);
            assert_eq!(
                a.start.add_days(i32::from(a.days)),
                Some(b.start),
                "{a:?} → {b:?}"
            );
            assert!((29..=30).contains(&a.days), "{a:?}");
            assert!(
                (a.year, a.month, a.leap) < (b.year, b.month, b.leap),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn tet_differs_from_china_in_1985_2007_2030() {
        // UTC+7 gives these days, one day before China's (UTC+8) in 2007 and 2030.
        for (y, tet) in [
            (1985, "1985-01-21"),
            (2007, "2007-02-17"),
            (2030, "2030-02-02"),
        ] {
            let got = to_solar(LunarDate {
                year: y,
                month: 1,
                day: 1,
                leap: false,
            });
            assert_eq!(got, Ok(d(tet)), "{y}");
        }
    }

    #[test]
    fn refuses_dates_outside_the_table() {
        assert!(from_solar(d("1899-12-31")).is_err());
        assert!(from_solar(d("2200-01-01")).is_err());
        assert!(from_solar(d("1900-01-01")).is_ok());
        assert!(from_solar(d("2199-12-31")).is_ok());
        let bad = LunarDate {
            year: 2024,
            month: 13,
            day: 1,
            leap: false,
        };
        assert!(to_solar(bad).is_err());
        // 2023 had a leap month 2 (domain-independent fact checked by the oracle test); 2024 had none.
        assert!(to_solar(LunarDate {
            year: 2024,
            month: 2,
            day: 1,
            leap: true
        })
        .is_err());
    }
}
