//! Where a dossier stands: the one place the metrics ask the deadline engine.
//!
//! Early / on time / late are the deadline module's answer, never a second
//! opinion: a record with the one-stop system's own deadline goes through
//! [`deadline::classify`] (the comparison `Engine::track` ends with), and a
//! record with events is replayed by [`Engine::track_as_of`]. Everything
//! else in the metrics reads only the [`Lifecycle`] this returns.

use crate::calendar::{CalendarError, WorkingCalendar};
use crate::date::VnDateTime;
use crate::deadline::{self, Event, Outcome, State};
use crate::engine::{Applicant, Case, EvalError};
use crate::error::ErrorKind;
use crate::Engine;

use super::record::{Record, Timing};

/// A dossier's standing for the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    /// A result (or refusal) was returned.
    Finished {
        /// `None` when the record gives no deadline to compare with.
        outcome: Option<Outcome>,
        /// Working days from the receipt day to the result day, on the
        /// province's calendar (`None` outside the calendar's years).
        working_days: Option<i32>,
    },
    /// Still being processed at the report instant.
    Open { overdue: bool },
    /// Withdrawn by the applicant: neither finished nor open.
    Withdrawn,
}

/// Why a record's standing could not be computed; the record still counts
/// in every KPI that does not need it. It keeps the deadline engine's kind
/// and message, which the report lists as a warning.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
#[non_exhaustive]
pub struct StatusError {
    /// The kind of the deadline error behind it.
    pub kind: ErrorKind,
    /// Its message.
    pub message: String,
}

impl From<EvalError> for StatusError {
    fn from(e: EvalError) -> StatusError {
        StatusError {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl From<CalendarError> for StatusError {
    fn from(e: CalendarError) -> StatusError {
        StatusError {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// The standing of `rec` at `as_of`. `calendar` is the calendar of the
/// record's province and `by_instant` whether its period is in working hours.
pub fn lifecycle(
    engine: &Engine,
    calendar: &WorkingCalendar,
    by_instant: bool,
    rec: &Record<'_>,
    as_of: VnDateTime,
) -> Result<Lifecycle, StatusError> {
    match &rec.timing {
        Timing::Recorded {
            due_at,
            completed_at,
        } => {
            let compare = |due: VnDateTime, at: VnDateTime| {
                deadline::classify(calendar, due.date(), due, !by_instant, at)
            };
            match completed_at {
                Some(done) => Ok(Lifecycle::Finished {
                    outcome: due_at
                        .map(|d| compare(d, *done))
                        .transpose()?
                        .map(|t| t.outcome),
                    working_days: calendar
                        .working_days_between(rec.received_at.date(), done.date())
                        .ok(),
                }),
                None => Ok(Lifecycle::Open {
                    overdue: match due_at {
                        Some(d) if as_of > *d => compare(*d, as_of)?.outcome == Outcome::Late,
                        _ => false,
                    },
                }),
            }
        }
        Timing::Events(events) => tracked(engine, calendar, rec, events, as_of),
    }
}

fn tracked(
    engine: &Engine,
    calendar: &WorkingCalendar,
    rec: &Record<'_>,
    events: &[Event],
    as_of: VnDateTime,
) -> Result<Lifecycle, StatusError> {
    let case = case_of(rec);
    let last = events.last().map_or(as_of, Event::at);
    let t = engine.track_as_of(&case, events, as_of.max(last))?;
    Ok(match t.state {
        State::Returned | State::Refused => Lifecycle::Finished {
            outcome: t.timeliness.map(|x| x.outcome),
            working_days: calendar
                .working_days_between(rec.received_at.date(), last.date())
                .ok(),
        },
        State::Withdrawn => Lifecycle::Withdrawn,
        State::Processing | State::AwaitingSupplement | State::Paused => {
            Lifecycle::Open { overdue: t.overdue }
        }
    })
}

/// The case the engine evaluates for a record: its procedure, province,
/// level, channel and receipt, the default case type and applicant.
pub(crate) fn case_of(rec: &Record<'_>) -> Case {
    Case {
        procedure: rec.procedure.to_string(),
        province: rec.province.as_ref().map(ToString::to_string),
        agency_level: rec.agency_level,
        channel: rec.channel,
        submitted_at: rec.received_at,
        paid_at: None,
        applicant: Applicant::default(),
        case_type: "default".to_string(),
        full_process_online: rec.full_process,
        fee_items: None,
    }
}
