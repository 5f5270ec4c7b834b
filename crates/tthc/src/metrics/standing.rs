//! One dossier record's answers from the engine, for a column of records
//! (`tthc.spark.with_deadlines`, the Arrow batch functions): the due instant
//! the engine computes for it, where the dossier stands against that
//! deadline, and the fee payable.
//!
//! The metrics judge a record against the deadline the one-stop system
//! recorded (`status.rs`); here the deadline is the engine's own
//! (`Engine::deadline`, or `Engine::track_as_of` for a record with events),
//! so that a column of records can be checked against the law. Early / on
//! time / late is still the deadline module's `classify`.

use crate::catalog::model::TimeUnit;
use crate::date::VnDateTime;
use crate::deadline::{self, Outcome, State};
use crate::error::ErrorKind;
use crate::Engine;

use super::record::{Record, Timing};
use super::status::case_of;

/// Where a dossier stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Finished before the due day (or an hour or more ahead, for a period in hours).
    Early,
    /// Finished on the due day (within its last working hour, for a period in hours).
    OnTime,
    /// Finished after the deadline.
    Late,
    /// Still open, deadline not passed at the report instant.
    Open,
    /// Still open, past its deadline.
    Overdue,
    /// Withdrawn by the applicant.
    Withdrawn,
}

impl Standing {
    /// `early`, `on-time`, `late`, `open`, `overdue` or `withdrawn`.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Early => "early",
            Standing::OnTime => "on-time",
            Standing::Late => "late",
            Standing::Open => "open",
            Standing::Overdue => "overdue",
            Standing::Withdrawn => "withdrawn",
        }
    }

    /// Early or on time: `Some(true)`; late or overdue: `Some(false)`;
    /// open or withdrawn: `None` (not decided).
    pub fn on_time(self) -> Option<bool> {
        match self {
            Standing::Early | Standing::OnTime => Some(true),
            Standing::Late | Standing::Overdue => Some(false),
            Standing::Open | Standing::Withdrawn => None,
        }
    }

    fn finished(outcome: Outcome) -> Standing {
        match outcome {
            Outcome::Early => Standing::Early,
            Outcome::OnTime => Standing::OnTime,
            Outcome::Late => Standing::Late,
        }
    }
}

/// A record's answers; each is `None` when the engine could not give it,
/// and then `problem` says why (a fee that is not known is `None` without
/// a problem: unknown is not zero).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers {
    /// The deadline the engine computes (after supplements and reschedules
    /// for a record with events).
    pub due_at: Option<VnDateTime>,
    /// Where the dossier stands against `due_at`.
    pub standing: Option<Standing>,
    /// Whole đồng; only when asked for.
    pub fee_payable: Option<i64>,
    /// The first error met: its kind and message.
    pub problem: Option<(ErrorKind, String)>,
}

/// The answers for `rec`; open dossiers are judged at `as_of`. The fee is
/// worked out only with `fees` (it costs a whole evaluation).
pub fn answers(engine: &Engine, rec: &Record<'_>, as_of: VnDateTime, fees: bool) -> Answers {
    let case = case_of(rec);
    let mut a = Answers::default();
    match &rec.timing {
        Timing::Recorded { completed_at, .. } => match engine.deadline(&case) {
            Ok(d) => {
                a.due_at = Some(d.due.due_at);
                let by_day = d
                    .due
                    .period
                    .is_none_or(|p| p.unit != TimeUnit::WorkingHours);
                let cal = engine
                    .catalog()
                    .calendars()
                    .for_province(d.province.as_deref());
                let judge = |at| deadline::classify(cal, d.due.due_date, d.due.due_at, by_day, at);
                let judged = match completed_at {
                    Some(done) => judge(*done).map(|t| Standing::finished(t.outcome)),
                    None if as_of > d.due.due_at => judge(as_of).map(|t| match t.outcome {
                        Outcome::Late => Standing::Overdue,
                        _ => Standing::Open,
                    }),
                    None => Ok(Standing::Open),
                };
                match judged {
                    Ok(s) => a.standing = Some(s),
                    Err(e) => a.fail(e.kind(), e.to_string()),
                }
            }
            Err(e) => a.fail(e.kind(), e.to_string()),
        },
        Timing::Events(events) => {
            let last = events.last().map_or(as_of, deadline::Event::at);
            match engine.track_as_of(&case, events, as_of.max(last)) {
                Ok(t) => {
                    a.due_at = t.due_at;
                    a.standing = match t.state {
                        State::Returned | State::Refused => {
                            t.timeliness.map(|x| Standing::finished(x.outcome))
                        }
                        State::Withdrawn => Some(Standing::Withdrawn),
                        State::Processing | State::AwaitingSupplement | State::Paused => {
                            Some(if t.overdue {
                                Standing::Overdue
                            } else {
                                Standing::Open
                            })
                        }
                    };
                }
                Err(e) => a.fail(e.kind(), e.to_string()),
            }
        }
    }
    if fees {
        match engine.evaluate(&case) {
            Ok(decision) => a.fee_payable = decision.fee.payable,
            Err(e) => a.fail(e.kind(), e.to_string()),
        }
    }
    a
}

impl Answers {
    /// Keeps the first problem met.
    fn fail(&mut self, kind: ErrorKind, message: String) {
        self.problem.get_or_insert((kind, message));
    }
}
