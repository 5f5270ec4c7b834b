//! Why a working-calendar query has no answer.
//!
//! Its own file so that the date arithmetic of the deadline engine and the
//! lunar conversions can name it without depending on how a calendar is
//! loaded or indexed.

use crate::date::Date;
use crate::error::ErrorKind;
use crate::lunar::LunarError;

/// Why a calendar query has no answer. Every operation of a
/// [`WorkingCalendar`](super::WorkingCalendar) returns one of these instead of
/// guessing (see `docs/calendar.md`, "Errors, not guesses").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The date is outside the period the calendar data covers.
    #[error("{date} is outside the working calendar, which covers {from} to {to}")]
    OutOfRange {
        /// The date asked about.
        date: Date,
        /// First covered day.
        from: Date,
        /// Last covered day.
        to: Date,
    },
    /// The answer would fall outside the period the calendar data covers.
    #[error("the result falls outside the working calendar, which covers {from} to {to}")]
    ResultOutOfRange {
        /// First covered day.
        from: Date,
        /// Last covered day.
        to: Date,
    },
    /// The catalogue has no calendar data at all.
    #[error("no working calendar is loaded: the catalogue has no calendar/*.toml files")]
    NoCalendar,
    /// The calendar has no office hours, so working-hour arithmetic is undefined.
    #[error("the working calendar has no office hours; add [[office_hours]] to calendar/*.toml")]
    NoOfficeHours,
    /// A lunar conversion failed (the bindings report lunar conversions as
    /// calendar calls).
    #[error(transparent)]
    Lunar(#[from] LunarError),
}

impl CalendarError {
    /// The stable kind: `out-of-range`, `result-out-of-range`, `no-calendar`,
    /// `no-office-hours`, or the lunar error's.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CalendarError::OutOfRange { .. } => ErrorKind::OutOfRange,
            CalendarError::ResultOutOfRange { .. } => ErrorKind::ResultOutOfRange,
            CalendarError::NoCalendar => ErrorKind::NoCalendar,
            CalendarError::NoOfficeHours => ErrorKind::NoOfficeHours,
            CalendarError::Lunar(e) => e.kind(),
        }
    }
}
