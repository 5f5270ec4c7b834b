//! The working calendar of state agencies: which days count as working days,
//! and arithmetic on them.
//!
//! Processing times are mostly given in working days (docs/sources.md §2), and a
//! working day depends on the weekly rest (Decision 188/1999), the Labour
//! Code's holidays, the Prime Minister's yearly notices (swapped days,
//! make-up Saturdays) and, for some provinces, local rest days. All of that is
//! data in `catalog/calendar/*.toml` (see its README); this module reads it,
//! resolves it into one flag per day over the catalogue's coverage, and
//! answers every query from a precomputed index (`index.rs`) in constant time.
//! The laws the arithmetic obeys are written down in `docs/calendar.md` and
//! checked by property tests.
//!
//! A [`WorkingCalendar`] is immutable and shared behind an `Arc`, so a
//! [`CalendarSet`] is cheap to clone and to use from many threads.

mod compute;
mod day;
mod error;
mod index;
mod load;
mod rules;
mod schedule;
mod week;

use std::sync::Arc;

pub use day::{DayInfo, DayKind, Origin, Reason};
pub use error::CalendarError;
pub use week::OfficeHours;

use crate::date::{Date, VnDateTime};
use crate::diagnostics::Diagnostics;
use crate::legal::{read_legal_basis, LegalRef, References, Status};
use crate::source::{SourceFile, Table};
use crate::validity::Validity;

/// How sure the calendar is of a year as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum YearStatus {
    /// A full official schedule settles every day of the year.
    Official,
    /// Official notices settle some holidays; the other days are estimated.
    Partial,
    /// No official notice in the catalogue: every day is computed from rules.
    Estimated,
}

/// The working calendar of one jurisdiction (the nation, or a province with
/// its own calendar overlay). Immutable; share it freely.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let catalog = tthc::Catalog::embedded()?;
/// let calendar = catalog.calendars().national();
/// let d = |s: &str| s.parse::<tthc::Date>();
/// // 2025: 30 April and 1 May are public holidays, and civil servants worked
/// // Saturday 26 April in exchange for Friday 2 May (the official schedule).
/// assert!(calendar.is_working_day(d("2025-04-26")?)?);
/// assert!(!calendar.is_working_day(d("2025-05-02")?)?);
/// // So two working days after Tuesday 29 April is Tuesday 6 May.
/// assert_eq!(calendar.add_working_days(d("2025-04-29")?, 2)?, d("2025-05-06")?);
/// assert_eq!(calendar.working_days_between(d("2025-04-29")?, d("2025-05-06")?)?, 2);
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct WorkingCalendar {
    /// First covered day (days since 1970-01-01); meaningless when `index` is empty.
    start: i32,
    from: Option<Date>,
    to: Option<Date>,
    index: index::DayIndex,
    /// Days that are not ordinary workdays or ordinary rest days, sorted by day.
    exceptions: Vec<compute::Exception>,
    reasons: Vec<Arc<Reason>>,
    /// Weekly-rest versions, in the order the first one covering a day wins.
    rest: Vec<compute::RestPeriod>,
    full_years: Vec<i32>,
    partial_years: Vec<i32>,
    office_hours: Option<OfficeHours>,
}

impl WorkingCalendar {
    /// First and last day covered, both included.
    pub fn range(&self) -> Result<(Date, Date), CalendarError> {
        match (self.from, self.to) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(CalendarError::NoCalendar),
        }
    }

    /// Position of `d` in the index, or the out-of-range error.
    #[inline]
    fn offset(&self, d: Date) -> Result<u32, CalendarError> {
        // A day before the start wraps to more days than any index covers
        // (every `Date` lies within 4 million days of another), so one
        // comparison rejects both ends: this runs first in every query.
        let i = d.days_since_epoch().wrapping_sub(self.start) as u32;
        if self.index.covers(i) {
            Ok(i)
        } else {
            Err(self.out_of_range(d))
        }
    }

    #[cold]
    fn out_of_range(&self, date: Date) -> CalendarError {
        match (self.from, self.to) {
            (Some(from), Some(to)) => CalendarError::OutOfRange { date, from, to },
            _ => CalendarError::NoCalendar,
        }
    }

    #[cold]
    fn result_out_of_range(&self) -> CalendarError {
        match (self.from, self.to) {
            (Some(from), Some(to)) => CalendarError::ResultOutOfRange { from, to },
            _ => CalendarError::NoCalendar,
        }
    }

    #[inline]
    fn date_at(&self, i: u32) -> Result<Date, CalendarError> {
        i32::try_from(i)
            .ok()
            .and_then(|i| Date::from_days_since_epoch(self.start + i))
            .ok_or_else(|| self.result_out_of_range())
    }

    /// Whether agencies work on `d`.
    #[inline]
    pub fn is_working_day(&self, d: Date) -> Result<bool, CalendarError> {
        Ok(self.index.is_working(self.offset(d)?))
    }

    /// `n` working days after `d` (before it for negative `n`).
    ///
    /// - `n > 0`: the `n`-th working day strictly after `d`, whether or not `d` is one.
    /// - `n < 0`: the `|n|`-th working day strictly before `d`.
    /// - `n = 0`: `d` itself if it is a working day, otherwise the next one
    ///   (the "following" roll).
    ///
    /// See `docs/calendar.md` for the laws this obeys.
    #[inline]
    pub fn add_working_days(&self, d: Date, n: i32) -> Result<Date, CalendarError> {
        let i = self.offset(d)?;
        let rank = i64::from(self.index.rank_le(i));
        let working = i64::from(self.index.is_working(i));
        let n = i64::from(n);
        let k = match n {
            1.. => rank + n,
            0 => rank + 1 - working,
            _ => rank - working + n + 1,
        };
        match self.index.select(k) {
            Some(j) => self.date_at(j),
            None => Err(self.result_out_of_range()),
        }
    }

    /// The number of working days in `(a, b]` when `a ≤ b`, and minus the
    /// number in `(b, a]` when `b < a`: so `between(d, next_working_day(d)) = 1`
    /// and `between(a, b) + between(b, c) = between(a, c)`.
    #[inline]
    pub fn working_days_between(&self, a: Date, b: Date) -> Result<i32, CalendarError> {
        let (i, j) = (self.offset(a)?, self.offset(b)?);
        Ok(self.index.rank_le(j) as i32 - self.index.rank_le(i) as i32)
    }

    /// The first working day strictly after `d` (= `add_working_days(d, 1)`).
    pub fn next_working_day(&self, d: Date) -> Result<Date, CalendarError> {
        self.add_working_days(d, 1)
    }

    /// The last working day strictly before `d` (= `add_working_days(d, -1)`).
    pub fn previous_working_day(&self, d: Date) -> Result<Date, CalendarError> {
        self.add_working_days(d, -1)
    }

    /// `d` if it is a working day, else the next one ("following").
    pub fn roll_forward(&self, d: Date) -> Result<Date, CalendarError> {
        self.add_working_days(d, 0)
    }

    /// `d` if it is a working day, else the previous one ("preceding").
    pub fn roll_backward(&self, d: Date) -> Result<Date, CalendarError> {
        if self.is_working_day(d)? {
            Ok(d)
        } else {
            self.add_working_days(d, -1)
        }
    }

    /// The office hours used for working-hour arithmetic.
    pub fn office_hours(&self) -> Result<&OfficeHours, CalendarError> {
        self.office_hours
            .as_ref()
            .ok_or(CalendarError::NoOfficeHours)
    }

    /// Office seconds from the start of the calendar to instant `t`.
    fn office_seconds_before(&self, t: VnDateTime) -> Result<i64, CalendarError> {
        let hours = self.office_hours()?;
        let i = self.offset(t.date())?;
        let full_days = i64::from(self.index.rank_le(i)) - i64::from(self.index.is_working(i));
        let today = if self.index.is_working(i) {
            hours.elapsed_before(t.second_of_day())
        } else {
            0
        };
        Ok(full_days * i64::from(hours.seconds_per_day()) + i64::from(today))
    }

    /// The earliest instant at which `seconds` of office time have elapsed
    /// after `t`, counting only office hours of working days. Zero returns
    /// `t` unchanged; a result exactly at the end of a period is that end
    /// (11:30), not the start of the next period.
    pub fn add_working_seconds(
        &self,
        t: VnDateTime,
        seconds: u64,
    ) -> Result<VnDateTime, CalendarError> {
        if seconds == 0 {
            self.offset(t.date())?;
            return Ok(t);
        }
        let hours = self.office_hours()?;
        let per_day = u64::from(hours.seconds_per_day());
        let target = u64::try_from(self.office_seconds_before(t)?).unwrap_or(0) + seconds;
        // The working day on which the target falls, 1-based among working days.
        let k = (target - 1) / per_day + 1;
        let into_day = target - (k - 1) * per_day;
        let j = self
            .index
            .select(i64::try_from(k).unwrap_or(i64::MAX))
            .ok_or_else(|| self.result_out_of_range())?;
        let date = self.date_at(j)?;
        let second = hours.instant_at(u32::try_from(into_day).unwrap_or(u32::MAX));
        if second >= 86_400 {
            return Ok(VnDateTime::end_of_day(date));
        }
        VnDateTime::new(date, second / 3600, second / 60 % 60, second % 60)
            .ok_or_else(|| self.result_out_of_range())
    }

    /// [`WorkingCalendar::add_working_seconds`] in whole hours.
    pub fn add_working_hours(
        &self,
        t: VnDateTime,
        hours: u32,
    ) -> Result<VnDateTime, CalendarError> {
        self.add_working_seconds(t, u64::from(hours) * 3600)
    }

    /// Office seconds between two instants (negative when `b` is before `a`).
    pub fn working_seconds_between(
        &self,
        a: VnDateTime,
        b: VnDateTime,
    ) -> Result<i64, CalendarError> {
        Ok(self.office_seconds_before(b)? - self.office_seconds_before(a)?)
    }

    /// Everything the calendar knows about `d`: working or not, why, on what
    /// basis, how sure, and whether it is estimated.
    pub fn day_info(&self, d: Date) -> Result<DayInfo, CalendarError> {
        let i = self.offset(d)?;
        let working = self.index.is_working(i);
        let day = d.days_since_epoch();
        let found = self
            .exceptions
            .binary_search_by_key(&day, |e| e.day)
            .ok()
            .and_then(|k| self.exceptions.get(k));
        let (kind, estimated, reason) = match found {
            Some(e) => (e.kind, e.estimated, e.reason),
            None => {
                let kind = if working {
                    day::DayKind::Workday
                } else {
                    day::DayKind::WeeklyRest
                };
                let reason = self
                    .rest
                    .iter()
                    .find(|r| r.contains(day))
                    .map_or(0, |r| r.reason);
                (
                    kind,
                    self.year_status(d.year()) != YearStatus::Official,
                    reason,
                )
            }
        };
        let reason = self
            .reasons
            .get(reason as usize)
            .cloned()
            .ok_or_else(|| self.out_of_range(d))?;
        Ok(DayInfo {
            date: d,
            weekday: d.weekday(),
            working,
            kind,
            estimated,
            reason,
        })
    }

    /// Every day in `from ..= to` whose working status differs from a plain
    /// Monday–Friday week, in order.
    pub fn exceptions_between(&self, from: Date, to: Date) -> Result<Vec<DayInfo>, CalendarError> {
        let (i, j) = (self.offset(from)?, self.offset(to)?);
        let mut out = Vec::new();
        for k in i..=j {
            let info = self.day_info(self.date_at(k)?)?;
            if info.differs_from_plain_week() {
                out.push(info);
            }
        }
        Ok(out)
    }

    /// Whether `year` is settled by official notices in the catalogue.
    pub fn year_status(&self, year: i32) -> YearStatus {
        if self.full_years.binary_search(&year).is_ok() {
            YearStatus::Official
        } else if self.partial_years.binary_search(&year).is_ok() {
            YearStatus::Partial
        } else {
            YearStatus::Estimated
        }
    }
}

/// The national working calendar and those of provinces with calendar overlays.
#[derive(Debug, Default, Clone)]
pub struct CalendarSet {
    national: Arc<WorkingCalendar>,
    provinces: Vec<(String, Arc<WorkingCalendar>)>,
}

impl CalendarSet {
    /// Reads `calendar/*.toml` of the national tree and of each province
    /// overlay, reporting every problem into `diags` and every cited
    /// document into `refs`. A province overlay replaces national holidays
    /// and compensation rules with the same id, replaces the weekly rest and
    /// the office hours when it gives its own, and adds schedule rows that
    /// win over national rows on the same date.
    pub fn load(
        national: &[&SourceFile],
        overlays: &[(String, Vec<&SourceFile>)],
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> CalendarSet {
        let base = load::read_tree(national, false, diags, refs);
        load::check_references(&base, &base, diags);
        let national_cal = compute::build(&base, true, diags);
        let mut provinces = Vec::new();
        for (province, files) in overlays {
            let overlay = load::read_tree(files, true, diags, refs);
            let merged = load::merge(&base, &overlay);
            load::check_references(&overlay, &merged, diags);
            provinces.push((
                province.clone(),
                Arc::new(compute::build(&merged, false, diags)),
            ));
        }
        provinces.sort_by(|a, b| a.0.cmp(&b.0));
        CalendarSet {
            national: Arc::new(national_cal),
            provinces,
        }
    }

    /// The calendar of `province_id`, or the national one when the province
    /// has no calendar overlay (or `None` is given).
    pub fn for_province(&self, province_id: Option<&str>) -> &WorkingCalendar {
        self.entry(province_id)
    }

    /// [`CalendarSet::for_province`] as a handle of its own, for a holder
    /// that outlives its borrow of the catalogue (the C ABI's calendar).
    pub fn shared(&self, province_id: Option<&str>) -> Arc<WorkingCalendar> {
        Arc::clone(self.entry(province_id))
    }

    fn entry(&self, province_id: Option<&str>) -> &Arc<WorkingCalendar> {
        province_id
            .and_then(|p| {
                self.provinces
                    .binary_search_by(|(q, _)| q.as_str().cmp(p))
                    .ok()
            })
            .and_then(|i| self.provinces.get(i))
            .map_or(&self.national, |(_, c)| c)
    }

    /// The national calendar.
    pub fn national(&self) -> &WorkingCalendar {
        &self.national
    }

    /// Province ids that have their own calendar.
    pub fn provinces(&self) -> impl Iterator<Item = &str> {
        self.provinces.iter().map(|(p, _)| p.as_str())
    }
}

/// Keys every calendar record shares, read once.
pub(crate) struct Common {
    pub(crate) validity: Validity,
    pub(crate) legal_basis: Vec<LegalRef>,
    pub(crate) status: Status,
    pub(crate) source: Option<String>,
    pub(crate) note: Option<String>,
}

pub(crate) fn read_common(t: &Table<'_>, diags: &mut Diagnostics, refs: &mut References) -> Common {
    Common {
        validity: if t.has("valid_from") || t.has("valid_to") {
            Validity::read(t, diags)
        } else {
            Validity::ALWAYS
        },
        legal_basis: read_legal_basis(t, diags, refs),
        status: Status::read(t, diags),
        source: if t.has("source") {
            t.opt_str("source", diags)
        } else {
            None
        },
        note: if t.has("note") {
            t.opt_str("note", diags)
        } else {
            None
        },
    }
}
