//! The engine's deadline and tracking calls: a case in, its due instant or
//! its standing out.
//!
//! A case names a procedure, a province and a channel; its period is the
//! effective processing time that [`Engine::evaluate`] settles (the
//! statutory time of the procedure as of the date, less policy cuts). These
//! calls settle it by the same code ([`timing`]), then hand a
//! [`Dossier`] to the deadline module, which counts it on the province's
//! calendar under the catalogue's rules.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::evaluate::{timing, Timing};
use super::{Case, Engine, EvalError, Processing};
use crate::channel::Channel;
use crate::date::VnDateTime;
use crate::deadline::{due_in, track, DeadlineError, Dossier, Due, Event, Tracking};

/// The deadline of one case: the processing time evaluate() settled
/// (statutory, policy cuts, effective) and the due instant.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = tthc::Engine::embedded()?;
/// let case = tthc::Case::builder(
///     "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt",
///     tthc::Channel::NationalPortal,
///     "2025-06-10T09:30:00".parse()?,
/// )
/// .province("ha-noi")
/// .build()?;
/// let d = engine.deadline(&case)?;
/// // 3 working days counted from the day after receipt: Wed 11, Thu 12, Fri 13.
/// assert_eq!(d.due.due_at.to_string(), "2025-06-13T17:00:00+07:00");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Deadline<'a> {
    /// The procedure id (after a code was resolved to it).
    pub procedure: Cow<'a, str>,
    /// The province id after succession, when the case named one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<Cow<'a, str>>,
    /// The case's channel.
    pub channel: Channel,
    /// Where the processing time comes from: the statutory time, the cuts
    /// of policies, and the effective time counted here.
    pub processing: Processing<'a>,
    /// The due instant and the rules that made it.
    #[serde(flatten)]
    pub due: Due<'a>,
}

/// A dossier as the `track` command and the batch API read it: the case,
/// its events, and optionally the instant to report at.
#[derive(Clone, Debug, PartialEq)]
pub struct DossierFile {
    /// The case, as [`Engine::evaluate`] takes it.
    pub case: Case,
    /// What happened to the dossier, first `received`.
    pub events: Vec<Event>,
    /// The instant to report at; now when absent.
    pub as_of: Option<VnDateTime>,
}

#[derive(Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct DossierJson {
    case: serde_json::Value,
    events: Vec<Event>,
    #[serde(default)]
    as_of: Option<VnDateTime>,
}

crate::json_object!(DossierJson);

impl DossierFile {
    /// Parses `{ "case": {…}, "events": [...], "as_of": "…" }`.
    pub fn from_json(text: &str) -> Result<DossierFile, EvalError> {
        let raw: DossierJson =
            crate::strict::from_str(text).map_err(|e| EvalError::InvalidDossier {
                message: e.to_string(),
            })?;
        Ok(DossierFile {
            case: Case::from_value(raw.case)?,
            events: raw.events,
            as_of: raw.as_of,
        })
    }
}

/// Fails when the catalogue records the case's time as unknown: then no
/// same-day rule answers for it either (an unknown time may be a longer one
/// the source did not give).
#[inline]
fn recorded_unknown(case: &Case, t: &Timing<'_>) -> Result<(), DeadlineError> {
    if !t.unknown_recorded {
        return Ok(());
    }
    Err(DeadlineError::NoProcessingTime {
        procedure: t.procedure.id.clone(),
        channel: case.channel,
        on: case.submitted_at.date(),
        reason: t.processing.unknown.as_ref().map(ToString::to_string),
    })
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
    /// An example is on [`Deadline`].
    pub fn deadline<'a>(&'a self, case: &'a Case) -> Result<Deadline<'a>, EvalError> {
        let cat = self.catalog();
        let t = timing(cat, case)?;
        let d = dossier(case, &t);
        recorded_unknown(case, &t)?;
        let due = due_in(cat.calendars(), cat.deadline_rules(), &d).map_err(|e| {
            e.with_reason(t.processing.unknown.as_ref().map(|n| n.text()).as_deref())
        })?;
        Ok(Deadline {
            procedure: Cow::Borrowed(&t.procedure.id),
            province: t.province.map(Cow::Borrowed),
            channel: case.channel,
            processing: t.processing,
            due,
        })
    }

    /// [`Engine::deadline`] for many cases; one failure does not fail the others.
    pub fn deadlines<'a>(&'a self, cases: &'a [Case]) -> Vec<Result<Deadline<'a>, EvalError>> {
        cases.iter().map(|c| self.deadline(c)).collect()
    }

    /// Where the dossier `case` stands now, after `events`.
    pub fn track<'a>(
        &'a self,
        case: &'a Case,
        events: &[Event],
    ) -> Result<Tracking<'a>, EvalError> {
        let now = VnDateTime::now();
        let last = events.last().map_or(now, Event::at);
        self.track_as_of(case, events, now.max(last))
    }

    /// Where the dossier `case` stands at `as_of`, after `events`.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use tthc::deadline::{Event, State};
    ///
    /// let engine = tthc::Engine::embedded()?;
    /// let received = "2025-06-10T09:30:00".parse()?;
    /// let case = tthc::Case::builder(
    ///     "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt",
    ///     tthc::Channel::InPerson,
    ///     received,
    /// )
    /// .province("ha-noi")
    /// .build()?;
    /// let events = [
    ///     Event::Received { at: received },
    ///     Event::ResultReturned { at: "2025-06-12T10:00:00".parse()? },
    /// ];
    /// let t = engine.track_as_of(&case, &events, "2025-06-12T12:00:00".parse()?)?;
    /// assert_eq!(t.state, State::Returned);
    /// assert_eq!(t.timeliness.map(|x| x.score), Some(2)); // early
    /// # Ok(()) }
    /// ```
    pub fn track_as_of<'a>(
        &'a self,
        case: &'a Case,
        events: &[Event],
        as_of: VnDateTime,
    ) -> Result<Tracking<'a>, EvalError> {
        let cat = self.catalog();
        let t = timing(cat, case)?;
        let d = dossier(case, &t);
        recorded_unknown(case, &t)?;
        Ok(track(
            cat.calendars().for_province(d.province),
            cat.deadline_rules(),
            &d,
            events,
            as_of,
        )
        .map_err(|e| e.with_reason(t.processing.unknown.as_ref().map(|n| n.text()).as_deref()))?)
    }

    /// [`Engine::track_as_of`] for many dossiers (each as of its own `as_of`,
    /// or now); one failure does not fail the others.
    pub fn track_many<'a>(
        &'a self,
        dossiers: &'a [DossierFile],
    ) -> Vec<Result<Tracking<'a>, EvalError>> {
        dossiers
            .iter()
            .map(|d| match d.as_of {
                Some(t) => self.track_as_of(&d.case, &d.events, t),
                None => self.track(&d.case, &d.events),
            })
            .collect()
    }
}
