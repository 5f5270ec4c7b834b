//! When the clock starts: the instant a dossier is deemed received.
//!
//! A dossier is received when the one-stop system records it, but two kinds
//! of rule move that instant forward (docs/deadlines.md): the 15:00 cut-off
//! for dossiers received in person (Decree 61/2018 Art. 18(2)), and the
//! unsourced default that an online dossier stored outside office hours
//! counts from the next working time. Both are data ([`super::rules`]); this
//! module only applies them.

use crate::calendar::{CalendarError, OfficeHours, WorkingCalendar};
use crate::date::{Date, VnDateTime};

use super::rules::Rule;

/// `second` (seconds since midnight, up to 86 400) on `date`; 24:00 is
/// rendered as the last second of the day, as [`VnDateTime::end_of_day`].
#[inline]
pub(crate) fn at(date: Date, second: u32) -> VnDateTime {
    VnDateTime::new(date, second / 3600, second / 60 % 60, second % 60)
        .unwrap_or_else(|| VnDateTime::end_of_day(date))
}

/// Opening (start of the first period) and close (end of the last period).
#[inline]
pub(crate) fn open_close(h: &OfficeHours) -> (u32, u32) {
    let p = h.periods();
    (
        p.first().map_or(0, |x| x.0),
        p.last().map_or(86_400, |x| x.1),
    )
}

/// Whether `t` is a working time: on a working day, inside an office period
/// (both ends included, so that 11:30 and 17:00 are working times).
pub fn is_working_time(cal: &WorkingCalendar, t: VnDateTime) -> Result<bool, CalendarError> {
    let h = cal.office_hours()?;
    let s = t.second_of_day();
    Ok(cal.is_working_day(t.date())? && h.periods().iter().any(|&(a, b)| a <= s && s <= b))
}

/// The earliest working time at or after `t`.
pub(crate) fn next_working_time(
    cal: &WorkingCalendar,
    t: VnDateTime,
) -> Result<VnDateTime, CalendarError> {
    let h = cal.office_hours()?;
    let s = t.second_of_day();
    if cal.is_working_day(t.date())? {
        for &(a, b) in h.periods() {
            if s < a {
                return Ok(at(t.date(), a));
            }
            if s <= b {
                return Ok(t);
            }
        }
    }
    let next = cal.add_working_days(t.date(), 1)?;
    Ok(at(next, open_close(h).0))
}

/// What moved the receipt, for the explanation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shift<'r> {
    pub rule: &'r Rule,
    pub from: VnDateTime,
    pub to: VnDateTime,
}

/// The instant the clock starts for a dossier recorded at `t`, and the
/// rules that moved it (at most two: after-hours, then cut-off).
#[inline]
pub(crate) fn deemed_receipt<'r>(
    cal: &WorkingCalendar,
    t: VnDateTime,
    after_hours: Option<&'r Rule>,
    cutoff: Option<&'r Rule>,
) -> Result<(VnDateTime, [Option<Shift<'r>>; 2]), CalendarError> {
    let mut shifts = [None, None];
    let mut now = t;
    if let Some(rule) = after_hours {
        let to = next_working_time(cal, now)?;
        if to != now {
            shifts[0] = Some(Shift {
                rule,
                from: now,
                to,
            });
            now = to;
        }
    }
    if let Some(rule) = cutoff {
        let limit = rule.time.unwrap_or(u32::MAX);
        if !cal.is_working_day(now.date())? || now.second_of_day() > limit {
            let day = cal.add_working_days(now.date(), 1)?;
            let to = at(day, open_close(cal.office_hours()?).0);
            shifts[1] = Some(Shift {
                rule,
                from: now,
                to,
            });
            now = to;
        }
    }
    Ok((now, shifts))
}
