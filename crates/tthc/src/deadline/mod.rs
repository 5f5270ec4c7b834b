//! Deadlines and the dossier lifecycle: when a result is due, and where a
//! dossier stands against it.
//!
//! The pieces, one concept per file:
//! - `rules.rs`: the deadline rules of the catalogue (`deadlines/*.toml`),
//!   effective-dated, scoped and cited ([`DeadlineRules`], [`Rule`]);
//! - `receipt.rs`: when the clock starts (15:00 cut-off, after-hours
//!   default; [`is_working_time`]);
//! - `period.rs`: units — working days, calendar days, working hours, months
//!   ([`Period`]);
//! - `due.rs`: the due instant of one dossier, with its explanation
//!   ([`due()`], [`Due`]);
//! - `lifecycle.rs`: events (supplement, pause, reschedule, …) and tracking
//!   ([`track()`], [`Event`], [`Tracking`]);
//! - `status.rs`: early / on time / late and the Circular 01/2018 score
//!   ([`classify()`], [`Timeliness`]).
//!
//! The files are private; their public types are here, at `tthc::deadline`.
//!
//! Semantics, and every choice made where the law is silent or unconfirmed,
//! are in `docs/deadlines.md`.
//!
//! Everything here works on a [`Dossier`] whose period is already known: it
//! needs a working calendar and the rules, never the catalogue's procedures
//! or policies. Settling the period of a case (the procedure as of the date,
//! the policy cuts) is the engine's work: [`Engine::deadline`] and
//! [`Engine::track`] start there and end here.
//!
//! [`Engine::deadline`]: crate::Engine::deadline
//! [`Engine::track`]: crate::Engine::track

mod due;
mod lifecycle;
mod period;
mod receipt;
mod rules;
mod status;

pub use due::{due, Dossier, Due, Step};
pub use lifecycle::{track, Apology, Event, LogEntry, Remaining, Rescheduled, State, Tracking};
pub use period::Period;
pub use receipt::is_working_time;
pub use rules::{DeadlineRules, Rule, RuleKind, RuleQuery, Scope};
pub use status::{classify, Outcome, Timeliness};

use crate::calendar::{CalendarError, CalendarSet};
use crate::catalog::model::{Level, TimeUnit};
use crate::channel::Channel;
use crate::date::{Date, VnDateTime};
use crate::error::ErrorKind;

/// Why a deadline or a tracking could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeadlineError {
    /// A date outside the working calendar, or a calendar without office hours.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The procedure states no known processing time for the case's channel
    /// on the date, and no same-day rule applies. Unknown is not zero: the
    /// engine does not guess a time.
    #[error(
        "procedure `{procedure}` has no known processing time for channel {} on {on}{} and no same-day rule applies to it",
        .channel.as_str(),
        .reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()
    )]
    NoProcessingTime {
        /// The procedure id.
        procedure: String,
        /// The case's channel.
        channel: Channel,
        /// The receipt day.
        on: Date,
        /// Why the catalogue's time is unknown, when it says.
        reason: Option<String>,
    },
    /// No `counting` rule covers the unit on the date.
    #[error("no deadline rule says how to count {} on {on}", .unit.as_str())]
    NoCountingRule {
        /// The period's unit.
        unit: TimeUnit,
        /// The receipt day.
        on: Date,
    },
    /// An event that cannot happen at that point of the dossier's life.
    #[error("event {index} ({kind}): {message}")]
    InvalidEvent {
        /// Index of the event in the list, from 0.
        index: usize,
        /// The event's kind, as written in JSON.
        kind: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The event list is empty.
    #[error("a dossier needs at least its `received` event")]
    NoEvents,
    /// The instant to report at precedes the last event.
    #[error("as_of {as_of} is before the last event ({last})")]
    AsOfBeforeEvents {
        /// The instant asked for.
        as_of: VnDateTime,
        /// The last event's instant.
        last: VnDateTime,
    },
}

impl DeadlineError {
    /// Adds `reason` (the catalogue's words for an unknown time) to a
    /// [`DeadlineError::NoProcessingTime`] that has none: the due-date rules
    /// raise it without knowing the catalogue. Other errors are unchanged.
    pub fn with_reason(self, reason: Option<&str>) -> DeadlineError {
        match self {
            DeadlineError::NoProcessingTime {
                procedure,
                channel,
                on,
                reason: None,
            } => DeadlineError::NoProcessingTime {
                procedure,
                channel,
                on,
                reason: reason.map(str::to_string),
            },
            e => e,
        }
    }

    /// Stable machine name, as conformance vectors and bindings match it.
    /// A calendar error keeps the calendar's own kind (`out-of-range`, …),
    /// so the same failure has the same kind whichever call met it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            DeadlineError::Calendar(e) => e.kind(),
            DeadlineError::NoProcessingTime { .. } => ErrorKind::NoProcessingTime,
            DeadlineError::NoCountingRule { .. } => ErrorKind::NoCountingRule,
            DeadlineError::InvalidEvent { .. } => ErrorKind::InvalidEvent,
            DeadlineError::NoEvents => ErrorKind::NoEvents,
            DeadlineError::AsOfBeforeEvents { .. } => ErrorKind::AsOfBeforeEvents,
        }
    }
}

/// The due instant for a dossier described directly (no procedure lookup,
/// no policies), on the calendar of its province in `calendars` and under
/// `rules`: for callers that already know the period, like
/// `tthc deadline --time N --unit U`, and for the engine once it has
/// settled the period of a case.
pub fn due_in<'r>(
    calendars: &'r CalendarSet,
    rules: &'r DeadlineRules,
    d: &Dossier<'_>,
) -> Result<Due<'r>, DeadlineError> {
    due(calendars.for_province(d.province), rules, d)
}

/// Parses a unit name, with the accepted names in the error.
pub fn parse_unit(s: &str) -> Result<TimeUnit, String> {
    TimeUnit::parse(s).ok_or_else(|| {
        format!(
            "unknown unit `{s}`, expected one of {}",
            TimeUnit::NAMES.join(", ")
        )
    })
}

/// The level names accepted by rule scopes and cases.
pub fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).ok_or_else(|| {
        format!(
            "unknown agency level `{s}`, expected one of {}",
            Level::NAMES.join(", ")
        )
    })
}
