//! Holiday rules as data: which days are public holidays in a given year, and
//! how a holiday that falls on a rest day is compensated.
//!
//! The Labour Code lists holidays by solar or lunar date (Art. 112(1) of
//! 45/2019/QH14); the Prime Minister then fixes the exact Tết and Quốc khánh
//! days each year (Art. 112(3)). Rules here therefore describe the *usual*
//! outcome, with their own status; the official notices in `schedule.rs`
//! override them, and days computed from rules alone are marked estimated.
//! A new holiday (24/11 from 2026) is one more `[[holiday]]` record.

use super::day::{Origin, Reason};
use super::read_common;
use crate::date::{Date, Weekday};
use crate::diagnostics::{Diagnostics, SourceLocation};
use crate::legal::References;
use crate::lunar::{self, LunarDate};
use crate::source::Table;
use crate::validity::Validity;

/// The calendar in which a holiday's month and day are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reckoning {
    Solar,
    Lunar,
}

/// One version of a holiday rule (`[[holiday]]`).
#[derive(Clone, Debug)]
pub(crate) struct HolidayRule {
    pub(crate) id: String,
    pub(crate) reckoning: Reckoning,
    pub(crate) month: u32,
    pub(crate) day: u32,
    /// Shift of the anchor day by its weekday, Monday first (the second
    /// Quốc khánh day sits before or after 2/9 depending on its weekday).
    pub(crate) shift: [i32; 7],
    /// First day of the holiday relative to the (shifted) anchor day.
    pub(crate) offset: i32,
    /// Number of consecutive days.
    pub(crate) days: u32,
    pub(crate) validity: Validity,
    pub(crate) reason: Reason,
    pub(crate) loc: SourceLocation,
}

impl HolidayRule {
    const KEYS: [&'static str; 15] = [
        "id",
        "name",
        "name_en",
        "calendar",
        "month",
        "day",
        "shift",
        "offset",
        "days",
        "valid_from",
        "valid_to",
        "legal_basis",
        "status",
        "source",
        "note",
    ];

    pub(crate) fn read(
        t: &Table<'_>,
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> Option<HolidayRule> {
        t.check_keys(&Self::KEYS, diags);
        let common = read_common(t, diags, refs);
        let id = t.req_text("id", diags);
        let name = t.req_text("name", diags);
        let reckoning = match t.opt_enum("calendar", &["solar", "lunar"], diags) {
            Some("lunar") => Some(Reckoning::Lunar),
            Some(_) => Some(Reckoning::Solar),
            None if !t.has("calendar") => {
                t.invalid(
                    "calendar",
                    "holiday is missing `calendar`",
                    "write calendar = \"solar\" or \"lunar\"",
                    diags,
                );
                None
            }
            None => None,
        };
        let month = read_bounded(t, "month", 1, 12, true, diags);
        let day = read_bounded(t, "day", 1, 31, true, diags);
        let days = read_bounded(t, "days", 1, 15, false, diags).unwrap_or(1);
        let offset = t.opt_int("offset", diags).unwrap_or(0);
        if !(-30..=30).contains(&offset) {
            t.invalid(
                "offset",
                format!("offset = {offset} is out of range"),
                "use a number of days from -30 to 30",
                diags,
            );
        }
        let shift = read_shift(t, diags);
        let (id, name, reckoning, month, day) = (id?, name?, reckoning?, month?, day?);
        if reckoning == Reckoning::Solar && Date::from_ymd(2000, month, day).is_none() {
            t.invalid(
                "day",
                format!("{day}/{month} is not a day of the year"),
                "give a real day of the month",
                diags,
            );
            return None;
        }
        if reckoning == Reckoning::Lunar && day > 30 {
            t.invalid(
                "day",
                "a lunar month has at most 30 days",
                "use a day from 1 to 30",
                diags,
            );
            return None;
        }
        Some(HolidayRule {
            reason: Reason {
                origin: Origin::Holiday { id: id.clone() },
                name,
                name_en: t.opt_str("name_en", diags),
                legal_basis: common.legal_basis,
                status: common.status,
                source: common.source,
                note: common.note,
            },
            id,
            reckoning,
            month,
            day,
            shift: shift?,
            offset: offset.clamp(-30, 30) as i32,
            days,
            validity: common.validity,
            loc: t.location(),
        })
    }

    /// The holiday's own date in `year` (solar year, or the lunar year whose
    /// month 1 starts in it), before any shift; `None` when that date does
    /// not exist that year (a lunar day 30 in a 29-day month, 29 February).
    pub(crate) fn anchor(&self, year: i32) -> Option<Date> {
        match self.reckoning {
            Reckoning::Solar => Date::from_ymd(year, self.month, self.day),
            Reckoning::Lunar => lunar::to_solar(LunarDate {
                year,
                month: self.month as u8,
                day: self.day as u8,
                leap: false,
            })
            .ok(),
        }
    }

    /// The days of this holiday in `year`, if the rule is valid on its anchor day.
    pub(crate) fn days_in(&self, year: i32) -> Vec<Date> {
        let Some(anchor) = self.anchor(year).filter(|a| self.validity.contains(*a)) else {
            return Vec::new();
        };
        let shift = self
            .shift
            .get(usize::from(anchor.weekday().index()))
            .copied()
            .unwrap_or(0);
        (0..self.days as i32)
            .filter_map(|i| anchor.add_days(shift + self.offset + i))
            .collect()
    }
}

/// Where a compensatory day goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Next,
    Previous,
    None,
}

impl Direction {
    const NAMES: [&'static str; 3] = ["next-working-day", "previous-working-day", "none"];

    fn parse(s: &str) -> Direction {
        match s {
            "previous-working-day" => Direction::Previous,
            "none" => Direction::None,
            _ => Direction::Next,
        }
    }
}

/// One version of a compensation rule (`[[compensation]]`): a holiday in
/// `holidays` that falls on a weekly rest day gives a day off elsewhere.
#[derive(Clone, Debug)]
pub(crate) struct Compensation {
    pub(crate) id: String,
    pub(crate) holidays: Vec<(String, SourceLocation)>,
    /// Direction per weekday of the holiday, Monday first.
    pub(crate) direction: [Direction; 7],
    pub(crate) validity: Validity,
    pub(crate) reason: Reason,
    pub(crate) loc: SourceLocation,
}

impl Compensation {
    const KEYS: [&'static str; 12] = [
        "id",
        "name",
        "name_en",
        "holidays",
        "rule",
        "by_weekday",
        "valid_from",
        "valid_to",
        "legal_basis",
        "status",
        "source",
        "note",
    ];

    pub(crate) fn read(
        t: &Table<'_>,
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> Option<Compensation> {
        t.check_keys(&Self::KEYS, diags);
        let common = read_common(t, diags, refs);
        let id = t.req_text("id", diags);
        let holidays = t.opt_str_list("holidays", diags);
        if !t.has("holidays") {
            t.invalid(
                "holidays",
                "compensation is missing `holidays`",
                "list the holiday ids it applies to",
                diags,
            );
        }
        let rule = t
            .opt_enum("rule", &Direction::NAMES, diags)
            .map_or(Direction::Next, Direction::parse);
        let mut direction = [rule; 7];
        if let Some(by) = t.opt_table("by_weekday", "compensation by weekday", diags) {
            let keys: Vec<&str> = (0..7).map(|i| Weekday::from_index(i).short_en()).collect();
            by.check_keys(&keys, diags);
            for i in 0..7u8 {
                let w = Weekday::from_index(i);
                if let Some(dir) = by.opt_enum(w.short_en(), &Direction::NAMES, diags) {
                    if let Some(slot) = direction.get_mut(usize::from(i)) {
                        *slot = Direction::parse(dir);
                    }
                }
            }
        }
        Some(Compensation {
            reason: Reason {
                origin: Origin::Compensation {
                    id: id.clone()?,
                    holiday: String::new(),
                },
                name: t
                    .opt_str("name", diags)
                    .unwrap_or_else(|| "Nghỉ bù".to_string()),
                name_en: t
                    .opt_str("name_en", diags)
                    .or_else(|| Some("Compensatory day off".to_string())),
                legal_basis: common.legal_basis,
                status: common.status,
                source: common.source,
                note: common.note,
            },
            id: id?,
            holidays: holidays?,
            direction,
            validity: common.validity,
            loc: t.location(),
        })
    }

    pub(crate) fn applies_to(&self, holiday: &str, date: Date) -> bool {
        self.validity.contains(date) && self.holidays.iter().any(|(h, _)| h == holiday)
    }
}

/// Reads an integer in `lo..=hi`; `required` reports a missing key.
fn read_bounded(
    t: &Table<'_>,
    key: &str,
    lo: i64,
    hi: i64,
    required: bool,
    diags: &mut Diagnostics,
) -> Option<u32> {
    let n = if required {
        t.req_int(key, diags)?
    } else {
        t.opt_int(key, diags)?
    };
    if !(lo..=hi).contains(&n) {
        t.invalid(
            key,
            format!("`{key}` = {n} is out of range"),
            format!("use a whole number from {lo} to {hi}"),
            diags,
        );
        return None;
    }
    u32::try_from(n).ok()
}

/// Reads `shift = { mon = 1, tue = -1, … }` (missing weekdays shift by 0).
fn read_shift(t: &Table<'_>, diags: &mut Diagnostics) -> Option<[i32; 7]> {
    let mut shift = [0i32; 7];
    let Some(table) = t.opt_table("shift", "shift by weekday", diags) else {
        return Some(shift);
    };
    let keys: Vec<&str> = (0..7).map(|i| Weekday::from_index(i).short_en()).collect();
    table.check_keys(&keys, diags);
    let mut ok = true;
    for i in 0..7u8 {
        let key = Weekday::from_index(i).short_en();
        if let Some(n) = table.opt_int(key, diags) {
            if !(-7..=7).contains(&n) {
                table.invalid(
                    key,
                    format!("shift {n} is out of range"),
                    "shift by -7 to 7 days",
                    diags,
                );
                ok = false;
            } else if let Some(slot) = shift.get_mut(usize::from(i)) {
                *slot = n as i32;
            }
        }
    }
    ok.then_some(shift)
}
