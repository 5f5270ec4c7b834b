//! Periods and their units: from the deemed receipt to the last day.
//!
//! The counting rules are the Civil Code's (91/2015/QH13, Arts. 144–148):
//! a period in days or months starts the day after receipt (Art. 147(2));
//! one in months ends on the corresponding day of the last month, or that
//! month's last day (Art. 148(3)); when the last day is a day off the
//! period ends at the end of the next working day (Art. 148(5)). Working
//! days are those of the receiving agency's calendar; working hours are its
//! office hours.

use serde::Serialize;

use crate::calendar::{CalendarError, WorkingCalendar};
use crate::catalog::model::TimeUnit;
use crate::date::{days_in_month, Date, VnDateTime};

/// A processing time: an amount in a unit. An amount of 0 means the result
/// is due the same working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    /// How many units.
    pub amount: u32,
    /// The unit they are counted in.
    pub unit: TimeUnit,
}

impl Period {
    /// A period of `amount` units.
    pub fn new(amount: u32, unit: TimeUnit) -> Period {
        Period { amount, unit }
    }

    /// Whether the period is counted to the day (compared by date) rather
    /// than to the instant (working hours).
    pub fn is_day_based(self) -> bool {
        self.unit != TimeUnit::WorkingHours
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.as_str())
    }
}

/// The date `n` months after `d`, on the corresponding day, or on the last
/// day of that month when it has none (Art. 148(3): 31 January + 1 month =
/// 28 or 29 February). `None` beyond year 9999.
pub(crate) fn add_months(d: Date, n: u32) -> Option<Date> {
    let (y, m, day) = d.ymd();
    let total = i64::from(m) - 1 + i64::from(n);
    let y = i32::try_from(i64::from(y) + total.div_euclid(12)).ok()?;
    let m = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    Date::from_ymd(y, m, day.min(days_in_month(y, m)))
}

/// The last day of a day-based period counted from the day after `receipt`,
/// and the day it fell on before Art. 148(5) moved it (when it did).
#[inline]
pub(crate) fn last_day(
    cal: &WorkingCalendar,
    receipt: Date,
    p: Period,
) -> Result<(Date, Option<Date>), CalendarError> {
    let too_far = || CalendarError::ResultOutOfRange {
        from: receipt,
        to: receipt,
    };
    let raw = match p.unit {
        TimeUnit::WorkingDays => {
            let n = i32::try_from(p.amount).map_err(|_| too_far())?;
            return Ok((cal.add_working_days(receipt, n)?, None));
        }
        TimeUnit::CalendarDays => i32::try_from(p.amount)
            .ok()
            .and_then(|n| receipt.add_days(n))
            .ok_or_else(too_far)?,
        TimeUnit::Months => add_months(receipt, p.amount).ok_or_else(too_far)?,
        TimeUnit::WorkingHours => return Ok((receipt, None)),
    };
    roll(cal, raw)
}

/// Art. 148(5): a last day that is a day off becomes the next working day.
pub(crate) fn roll(
    cal: &WorkingCalendar,
    raw: Date,
) -> Result<(Date, Option<Date>), CalendarError> {
    let day = cal.roll_forward(raw)?;
    Ok((day, (day != raw).then_some(raw)))
}

/// The instant `hours` working hours after `t`.
pub(crate) fn after_working_hours(
    cal: &WorkingCalendar,
    t: VnDateTime,
    hours: u32,
) -> Result<VnDateTime, CalendarError> {
    cal.add_working_hours(t, hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_end_on_the_corresponding_day_or_the_month_end() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(add_months(d("2025-01-15"), 1), Some(d("2025-02-15")));
        assert_eq!(add_months(d("2025-01-31"), 1), Some(d("2025-02-28")));
        assert_eq!(add_months(d("2024-01-31"), 1), Some(d("2024-02-29")));
        assert_eq!(add_months(d("2025-11-30"), 3), Some(d("2026-02-28")));
        assert_eq!(add_months(d("2025-12-31"), 12), Some(d("2026-12-31")));
        assert_eq!(add_months(d("9999-12-01"), 1), None);
    }
}
