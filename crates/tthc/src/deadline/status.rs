//! Early, on time or late (sớm hạn / đúng hạn / quá hạn), and the 2/1/0
//! score of Circular 01/2018/TT-VPCP Arts. 13–14, Indicator 1.
//!
//! The Circular compares the processing time with the legal limit: shorter
//! scores 2, equal 1, longer 0 (Arts. 13–14, indicator 1). Whether "equal" means the
//! same day or the same instant is UNCONFIRMED; tthc compares in whole units
//! of the period, so a result returned on the last day of a period in days
//! is on time whatever the hour, and one returned within the last working
//! hour of a period in hours is on time. `docs/deadlines.md` gives the reasons.

use serde::Serialize;

use crate::calendar::{CalendarError, WorkingCalendar};
use crate::date::{Date, VnDateTime};

/// How a finished dossier compares with its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Before the due date: 2 points.
    Early,
    /// On the due date: 1 point.
    OnTime,
    /// After the due instant: 0 points.
    Late,
}

impl Outcome {
    /// Points under Circular 01/2018/TT-VPCP Art. 13, Indicator 1.
    pub fn score(self) -> u8 {
        match self {
            Outcome::Early => 2,
            Outcome::OnTime => 1,
            Outcome::Late => 0,
        }
    }
}

/// The outcome of a dossier against one deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Timeliness {
    /// Early, on time or late.
    pub outcome: Outcome,
    /// 2 (early), 1 (on time), 0 (late).
    pub score: u8,
    /// The deadline compared against.
    pub due_date: Date,
    /// The due instant compared against.
    pub due_at: VnDateTime,
    /// Working days in (due date, finish date]; 0 unless late.
    pub working_days_late: u32,
    /// Office time from the due instant to the finish, in whole hours
    /// rounded up (a part of an hour counts); 0 unless late.
    pub working_hours_late: u32,
    /// The same, in seconds.
    pub working_seconds_late: u64,
    /// Calendar days from the due date to the finish date; 0 unless late.
    pub calendar_days_late: u32,
}

/// Compares a finish at `done` with a deadline, by day (`by_day`) or by
/// working hour.
pub fn classify(
    cal: &WorkingCalendar,
    due_date: Date,
    due_at: VnDateTime,
    by_day: bool,
    done: VnDateTime,
) -> Result<Timeliness, CalendarError> {
    let outcome = if by_day {
        match done.date().cmp(&due_date) {
            std::cmp::Ordering::Less => Outcome::Early,
            std::cmp::Ordering::Equal => Outcome::OnTime,
            std::cmp::Ordering::Greater => Outcome::Late,
        }
    } else {
        let ahead = cal.working_seconds_between(done, due_at)?;
        if done > due_at {
            Outcome::Late
        } else if ahead >= 3600 {
            Outcome::Early
        } else {
            Outcome::OnTime
        }
    };
    let (mut days, mut seconds, mut calendar_days) = (0, 0, 0);
    if outcome == Outcome::Late {
        days = u32::try_from(cal.working_days_between(due_date, done.date())?.max(0)).unwrap_or(0);
        seconds = u64::try_from(cal.working_seconds_between(due_at, done)?.max(0)).unwrap_or(0);
        calendar_days = u32::try_from(due_date.days_until(done.date()).max(0)).unwrap_or(0);
    }
    Ok(Timeliness {
        outcome,
        score: outcome.score(),
        due_date,
        due_at,
        working_days_late: days,
        working_hours_late: u32::try_from(seconds.div_ceil(3600)).unwrap_or(u32::MAX),
        working_seconds_late: seconds,
        calendar_days_late: calendar_days,
    })
}
