//! Deadlines and the dossier lifecycle: when a result is due, and where a
//! dossier stands against it.
//!
//! The pieces, one concept per file:
//! - [`rules`]: the deadline rules of the catalogue (`deadlines/*.toml`),
//!   effective-dated, scoped and cited;
//! - [`receipt`]: when the clock starts (15:00 cut-off, after-hours default);
//! - [`period`]: units — working days, calendar days, working hours, months;
//! - [`due`]: the due instant of one dossier, with its explanation;
//! - [`lifecycle`]: events (supplement, pause, reschedule, …) and tracking;
//! - [`status`]: early / on time / late and the Circular 01/2018 score.
//!
//! Semantics, and every choice made where the law is silent or unconfirmed,
//! are in `docs/deadlines.md`.

pub mod due;
pub mod lifecycle;
pub mod period;
pub mod receipt;
pub mod rules;
pub mod status;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use due::{due, Dossier, Due, Step};
pub use lifecycle::{track, Apology, Event, LogEntry, Remaining, Rescheduled, State, Tracking};
pub use period::Period;
pub use receipt::is_working_time;
pub use rules::{DeadlineRules, Rule, RuleKind, RuleQuery};
pub use status::{classify, Outcome, Timeliness};

use crate::calendar::CalendarError;
use crate::catalog::model::{Level, TimeUnit};
use crate::channel::Channel;
use crate::date::{Date, VnDateTime};
use crate::engine::{timing, Case, Engine, EvalError, Processing, Timing};
use crate::error::ErrorKind;
use crate::Catalog;

/// Why a deadline or a tracking could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeadlineError {
    /// The case could not be evaluated (unknown procedure, invalid case, …).
    #[error(transparent)]
    Eval(#[from] EvalError),
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
    /// A dossier file that is not valid JSON or lacks a field.
    #[error("invalid dossier: {message}")]
    InvalidDossier {
        /// The JSON reader's message.
        message: String,
    },
}

impl DeadlineError {
    /// Stable machine name, as conformance vectors and bindings match it.
    /// A calendar error keeps the calendar's own kind (`out-of-range`, …),
    /// so the same failure has the same kind whichever call met it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            DeadlineError::Eval(e) => e.kind(),
            DeadlineError::Calendar(e) => e.kind(),
            DeadlineError::NoProcessingTime { .. } => ErrorKind::NoProcessingTime,
            DeadlineError::NoCountingRule { .. } => ErrorKind::NoCountingRule,
            DeadlineError::InvalidEvent { .. } => ErrorKind::InvalidEvent,
            DeadlineError::NoEvents => ErrorKind::NoEvents,
            DeadlineError::AsOfBeforeEvents { .. } => ErrorKind::AsOfBeforeEvents,
            DeadlineError::InvalidDossier { .. } => ErrorKind::InvalidDossier,
        }
    }

    /// `{ "kind": …, "message": … }`, the error shape every binding reports.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "kind": self.kind(), "message": self.to_string() })
    }
}

/// The deadline of one case: the processing time evaluate() settled
/// (statutory, policy cuts, effective) and the due instant.
#[derive(Clone, Debug, Serialize)]
pub struct Deadline<'a> {
    pub procedure: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<Cow<'a, str>>,
    pub channel: Channel,
    /// Where the processing time comes from: the statutory time, the cuts
    /// of policies, and the effective time counted here.
    pub processing: Processing<'a>,
    #[serde(flatten)]
    pub due: Due<'a>,
}

/// A dossier as the `track` command and the batch API read it: the case,
/// its events, and optionally the instant to report at.
#[derive(Clone, Debug, PartialEq)]
pub struct DossierFile {
    pub case: Case,
    pub events: Vec<Event>,
    pub as_of: Option<VnDateTime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DossierJson {
    case: serde_json::Value,
    events: Vec<Event>,
    #[serde(default)]
    as_of: Option<VnDateTime>,
}

impl DossierFile {
    /// Parses `{ "case": {…}, "events": [...], "as_of": "…" }`.
    pub fn from_json(text: &str) -> Result<DossierFile, DeadlineError> {
        let raw: DossierJson =
            serde_json::from_str(text).map_err(|e| DeadlineError::InvalidDossier {
                message: e.to_string(),
            })?;
        Ok(DossierFile {
            case: Case::from_value(raw.case)?,
            events: raw.events,
            as_of: raw.as_of,
        })
    }
}

/// The due instant for a dossier described directly (no procedure lookup,
/// no policies), on the calendar and rules of `catalog`: for callers that
/// already know the period, like `tthc deadline --time N --unit U`.
pub fn due_in<'c>(catalog: &'c Catalog, d: &Dossier<'_>) -> Result<Due<'c>, DeadlineError> {
    due(
        catalog.calendars().for_province(d.province),
        catalog.deadline_rules(),
        d,
    )
}

/// Fails when the catalogue records the case's time as unknown: then no
/// same-day rule answers for it either (an unknown time may be a longer one
/// the source did not give).
fn recorded_unknown(case: &Case, t: &Timing<'_>) -> Result<(), DeadlineError> {
    if !t.unknown_recorded {
        return Ok(());
    }
    Err(DeadlineError::NoProcessingTime {
        procedure: t.procedure.id.clone(),
        channel: case.channel,
        on: case.submitted_at.date(),
        reason: t.processing.unknown.as_deref().map(str::to_string),
    })
}

/// Adds the catalogue's reason for an unknown time to a
/// [`DeadlineError::NoProcessingTime`], which the due-date rules raise
/// without knowing it.
fn with_reason(e: DeadlineError, p: &Processing<'_>) -> DeadlineError {
    match e {
        DeadlineError::NoProcessingTime {
            procedure,
            channel,
            on,
            reason: None,
        } => DeadlineError::NoProcessingTime {
            procedure,
            channel,
            on,
            reason: p.unknown.as_deref().map(str::to_string),
        },
        e => e,
    }
}

/// The dossier facts of `case` after [`timing`]: procedure, sector, province
/// after succession, and the effective processing time.
fn dossier<'a>(case: &Case, t: &Timing<'a>) -> Dossier<'a> {
    Dossier {
        received_at: case.submitted_at,
        channel: case.channel,
        level: case.agency_level,
        province: t.province,
        procedure: &t.procedure.id,
        sector: &t.procedure.sector,
        period: t.period,
    }
}

impl Engine {
    /// When the result of `case` is due: the effective processing time of
    /// [`Engine::evaluate`] (statutory time less policy cuts), counted from
    /// `case.submitted_at` under the catalogue's deadline rules.
    ///
    /// It computes only what the deadline needs — the procedure as of the
    /// date, the statutory time and the processing-time cuts, by the same
    /// code as evaluate() — not the fees, lists or receipt of a decision.
    pub fn deadline<'a>(&'a self, case: &'a Case) -> Result<Deadline<'a>, DeadlineError> {
        let cat = self.catalog();
        let t = timing(cat, case)?;
        let d = dossier(case, &t);
        recorded_unknown(case, &t)?;
        let due = due_in(cat, &d).map_err(|e| with_reason(e, &t.processing))?;
        Ok(Deadline {
            procedure: Cow::Borrowed(&t.procedure.id),
            province: t.province.map(Cow::Borrowed),
            channel: case.channel,
            processing: t.processing,
            due,
        })
    }

    /// [`Engine::deadline`] for many cases; one failure does not fail the others.
    pub fn deadlines<'a>(&'a self, cases: &'a [Case]) -> Vec<Result<Deadline<'a>, DeadlineError>> {
        cases.iter().map(|c| self.deadline(c)).collect()
    }

    /// Where the dossier `case` stands now, after `events`.
    pub fn track<'a>(
        &'a self,
        case: &'a Case,
        events: &[Event],
    ) -> Result<Tracking<'a>, DeadlineError> {
        let now = VnDateTime::now();
        let last = events.last().map_or(now, Event::at);
        self.track_as_of(case, events, now.max(last))
    }

    /// Where the dossier `case` stands at `as_of`, after `events`.
    pub fn track_as_of<'a>(
        &'a self,
        case: &'a Case,
        events: &[Event],
        as_of: VnDateTime,
    ) -> Result<Tracking<'a>, DeadlineError> {
        let cat = self.catalog();
        let t = timing(cat, case)?;
        let d = dossier(case, &t);
        recorded_unknown(case, &t)?;
        track(
            cat.calendars().for_province(d.province),
            cat.deadline_rules(),
            &d,
            events,
            as_of,
        )
        .map_err(|e| with_reason(e, &t.processing))
    }

    /// [`Engine::track_as_of`] for many dossiers (each as of its own `as_of`,
    /// or now); one failure does not fail the others.
    pub fn track_many<'a>(
        &'a self,
        dossiers: &'a [DossierFile],
    ) -> Vec<Result<Tracking<'a>, DeadlineError>> {
        dossiers
            .iter()
            .map(|d| match d.as_of {
                Some(t) => self.track_as_of(&d.case, &d.events, t),
                None => self.track(&d.case, &d.events),
            })
            .collect()
    }
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
