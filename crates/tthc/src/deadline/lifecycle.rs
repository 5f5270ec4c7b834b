//! A dossier's life as timestamped events, and where it stands.
//!
//! The law moves a deadline in a few ways only (docs/deadlines.md): a
//! supplement request stops the clock and the complete dossier restarts it
//! from zero (Decree 61/2018 Art. 19(4)); a rule may stop it while the
//! dossier waits for something (a `pause` rule); the agency may reschedule
//! the return date once, with an apology, at least one working day before
//! the deadline (Art. 19(9)). Each is a `deadline rule` in the catalogue,
//! looked up on the event's day. [`track`] replays the events, rejects a
//! sequence that cannot happen (naming the event by index and kind), and
//! reports the current due instant, the remaining working time, the
//! status and score, and whether an apology is due.

use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::catalog::model::TimeUnit;
use crate::date::{Date, VnDateTime};

use super::due::{due, Dossier, Due};
use super::period;
use super::receipt::{at, open_close};
use super::rules::{DeadlineRules, Rule, RuleKind};
use super::status::{classify, Timeliness};
use super::DeadlineError;

/// One thing that happened to a dossier. JSON: `{"kind": "received", "at": "…"}`,
/// an object only ([`crate::strict`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Event {
    /// The dossier was received (recorded) by the one-stop system. First, once.
    Received {
        /// When it happened (Vietnam time).
        at: VnDateTime,
    },
    /// The agency asked for a supplement: the clock stops.
    SupplementRequested {
        /// When it happened (Vietnam time).
        at: VnDateTime,
    },
    /// The complete dossier arrived: the period restarts from zero.
    SupplementReceived {
        /// When it happened (Vietnam time).
        at: VnDateTime,
    },
    /// The clock stops for `reason`, which a `pause` rule must allow.
    Paused {
        /// When it happened (Vietnam time).
        at: VnDateTime,
        /// Why the clock stops.
        reason: String,
    },
    /// The clock runs again after a pause.
    Resumed {
        /// When it happened (Vietnam time).
        at: VnDateTime,
    },
    /// The agency apologised and set a new return date.
    Rescheduled {
        /// When it happened (Vietnam time).
        at: VnDateTime,
        /// The new return date.
        new_due: Date,
    },
    /// Sent to another agency; the deadline belongs to the dossier and does not change.
    Forwarded {
        /// When it happened (Vietnam time).
        at: VnDateTime,
        /// The agency it went to, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// The result was returned to the applicant.
    ResultReturned {
        /// When it happened (Vietnam time).
        at: VnDateTime,
    },
    /// Refusal notice (Art. 19(8): due within the processing time).
    Refused {
        /// When it happened (Vietnam time).
        at: VnDateTime,
    },
    /// The applicant withdrew the dossier.
    Withdrawn {
        /// When it happened (Vietnam time).
        at: VnDateTime,
    },
}

crate::json_object!(Event, serialize);

impl Event {
    /// The event's kind as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Received { .. } => "received",
            Event::SupplementRequested { .. } => "supplement_requested",
            Event::SupplementReceived { .. } => "supplement_received",
            Event::Paused { .. } => "paused",
            Event::Resumed { .. } => "resumed",
            Event::Rescheduled { .. } => "rescheduled",
            Event::Forwarded { .. } => "forwarded",
            Event::ResultReturned { .. } => "result_returned",
            Event::Refused { .. } => "refused",
            Event::Withdrawn { .. } => "withdrawn",
        }
    }

    /// When the event happened.
    pub fn at(&self) -> VnDateTime {
        match self {
            Event::Received { at }
            | Event::SupplementRequested { at }
            | Event::SupplementReceived { at }
            | Event::Paused { at, .. }
            | Event::Resumed { at }
            | Event::Rescheduled { at, .. }
            | Event::Forwarded { at, .. }
            | Event::ResultReturned { at }
            | Event::Refused { at }
            | Event::Withdrawn { at } => *at,
        }
    }
}

/// Where a dossier stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Open, the clock running.
    Processing,
    /// Open, waiting for the applicant's supplement (the clock stopped).
    AwaitingSupplement,
    /// Open, paused for a reason a rule allows.
    Paused,
    /// Closed: the result was returned.
    Returned,
    /// Closed: the dossier was refused.
    Refused,
    /// Closed: the applicant withdrew it.
    Withdrawn,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Processing => "being processed",
            State::AwaitingSupplement => "waiting for a supplement",
            State::Paused => "paused",
            State::Returned => "closed (result returned)",
            State::Refused => "closed (refused)",
            State::Withdrawn => "closed (withdrawn)",
        }
    }

    /// Whether the dossier is still open (processing, awaiting a supplement
    /// or paused).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::Processing | State::AwaitingSupplement | State::Paused
        )
    }
}

/// The new return date an agency set, with its apology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rescheduled {
    /// Index of the `rescheduled` event.
    pub event: usize,
    /// When the applicant was told.
    pub notified_at: VnDateTime,
    /// The new return date.
    pub due_date: Date,
    /// The instant the new date ends (close of office hours).
    pub due_at: VnDateTime,
}

/// Working time left until the current due instant (negative when overdue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Remaining {
    /// Working days in (as_of date, due date]; negative past it.
    pub working_days: i32,
    /// Office seconds from `as_of` to the due instant.
    pub working_seconds: i64,
    /// The same, in whole hours rounded towards zero.
    pub working_hours: i64,
}

/// Art. 19(9): an apology with the new date, no later than the notice
/// period before the deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Apology {
    /// The last day on which the apology can be notified in time.
    pub last_day: Date,
    /// The dossier is open, not rescheduled, and that day has come: if it
    /// will be late, the apology must go out now.
    pub due_now: bool,
    /// It was not (or can no longer be) notified in time: the last day has
    /// passed without a reschedule, or the result came late without one.
    pub missed: bool,
    /// A reschedule with apology was recorded.
    pub sent: bool,
}

/// What one event did.
#[derive(Clone, Debug, Serialize)]
pub struct LogEntry<'r> {
    /// The event's index in the input.
    pub index: usize,
    /// The event's kind, as written in JSON.
    pub kind: &'static str,
    /// When it happened.
    pub at: VnDateTime,
    /// What it did to the dossier and its deadline.
    pub effect: String,
    /// The rule that decided it, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'r str>,
}

/// A dossier as of an instant.
#[derive(Clone, Debug, Serialize)]
pub struct Tracking<'r> {
    /// Where the dossier stands.
    pub state: State,
    /// The instant it is judged at.
    pub as_of: VnDateTime,
    /// The clock now running: from the receipt, or from the last complete
    /// supplement. `None` while waiting for a supplement.
    pub clock: Option<Due<'r>>,
    /// The deadline the law sets, after restarts and pauses.
    pub statutory_due_at: Option<VnDateTime>,
    /// The day of `statutory_due_at`.
    pub statutory_due_date: Option<Date>,
    /// The deadline now promised: the later of the statutory one and a
    /// rescheduled date.
    pub due_at: Option<VnDateTime>,
    /// The day of `due_at`.
    pub due_date: Option<Date>,
    /// True while paused: the due instant assumes the clock resumes at `as_of`.
    pub provisional: bool,
    /// The agency's new return date, when it set one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rescheduled: Option<Rescheduled>,
    /// For an open dossier whose clock runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<Remaining>,
    /// An open dossier past its current due instant.
    pub overdue: bool,
    /// For a returned or refused dossier: against the statutory deadline
    /// (the one Circular 01/2018 scores).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeliness: Option<Timeliness>,
    /// Against the rescheduled date, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against_rescheduled: Option<Timeliness>,
    /// `None` when no reschedule rule is in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apology: Option<Apology>,
    /// Times the period restarted after a supplement.
    pub restarts: u32,
    /// What each event did, in order.
    pub log: Vec<LogEntry<'r>>,
    /// Irregularities that do not make the sequence impossible.
    pub warnings: Vec<String>,
}

fn invalid(index: usize, e: &Event, message: impl Into<String>) -> DeadlineError {
    DeadlineError::InvalidEvent {
        index,
        kind: e.kind(),
        message: message.into(),
    }
}

/// The statutory clock with its pause extensions.
#[derive(Clone, Copy)]
struct Clock<'r> {
    due: Due<'r>,
    due_date: Date,
    due_at: VnDateTime,
    /// The last day before Art. 148(5) rolling, for calendar-day and month periods.
    raw_end: Date,
}

impl<'r> Clock<'r> {
    fn new(due: Due<'r>) -> Clock<'r> {
        Clock {
            due,
            due_date: due.due_date,
            due_at: due.due_at,
            raw_end: due.rolled_from.unwrap_or(due.due_date),
        }
    }

    /// Pushes the deadline back by the time stopped in `[from, to)`, in the
    /// period's own unit: working days touched after the first for working
    /// days and same-day periods, calendar days for calendar days and
    /// months, office seconds for working hours.
    fn extend(
        &mut self,
        cal: &WorkingCalendar,
        from: VnDateTime,
        to: VnDateTime,
    ) -> Result<(), DeadlineError> {
        let close = open_close(cal.office_hours()?).1;
        match self.due.period.map(|p| p.unit) {
            Some(TimeUnit::WorkingHours) => {
                let s = cal.working_seconds_between(from, to)?.max(0);
                self.due_at =
                    cal.add_working_seconds(self.due_at, u64::try_from(s).unwrap_or(0))?;
                self.due_date = self.due_at.date();
            }
            Some(TimeUnit::CalendarDays | TimeUnit::Months) => {
                let n = from.date().days_until(to.date()).max(0);
                self.raw_end = self.raw_end.add_days(n).ok_or(
                    crate::calendar::CalendarError::ResultOutOfRange {
                        from: self.raw_end,
                        to: self.raw_end,
                    },
                )?;
                self.due_date = period::roll(cal, self.raw_end)?.0;
                self.due_at = at(self.due_date, close);
            }
            _ => {
                let n = cal.working_days_between(from.date(), to.date())?.max(0);
                self.due_date = cal.add_working_days(self.due_date, n)?;
                self.due_at = at(self.due_date, close);
            }
        }
        Ok(())
    }
}

/// Replays `events` for the dossier `base` (its `received_at` is replaced
/// by the `received` event's) and reports where it stands at `as_of`.
pub fn track<'r>(
    cal: &'r WorkingCalendar,
    rules: &'r DeadlineRules,
    base: &Dossier<'_>,
    events: &[Event],
    as_of: VnDateTime,
) -> Result<Tracking<'r>, DeadlineError> {
    let first = events.first().ok_or(DeadlineError::NoEvents)?;
    let Event::Received { at: received } = first else {
        return Err(invalid(0, first, "the first event must be `received`"));
    };
    let dossier = |at: VnDateTime| Dossier {
        received_at: at,
        ..*base
    };
    let mut clock = Some(Clock::new(due(cal, rules, &dossier(*received))?));
    let mut state = State::Processing;
    let mut rescheduled: Option<Rescheduled> = None;
    let mut reschedules = 0u32;
    let mut restarts = 0u32;
    let mut paused_at: Option<VnDateTime> = None;
    let mut requested_at: Option<VnDateTime> = None;
    let mut finished: Option<(usize, VnDateTime)> = None;
    let mut warnings = Vec::new();
    let mut log = vec![LogEntry {
        index: 0,
        kind: "received",
        at: *received,
        effect: clock
            .as_ref()
            .map_or_else(String::new, |c| format!("due {}", c.due_at)),
        rule: None,
    }];
    let close = open_close(cal.office_hours()?).1;
    let mut last = *received;
    for (i, e) in events.iter().enumerate().skip(1) {
        let t = e.at();
        if t < last {
            return Err(invalid(
                i,
                e,
                format!("at {t}, before the previous event ({last})"),
            ));
        }
        last = t;
        if !state.is_open() {
            return Err(invalid(
                i,
                e,
                format!("the dossier is already {}", state.name()),
            ));
        }
        let wrong_state = |expected: &str| {
            invalid(
                i,
                e,
                format!(
                    "only possible while {expected}; the dossier is {}",
                    state.name()
                ),
            )
        };
        let q = base.query(t.date());
        let mut rule_used: Option<&Rule> = None;
        let effect = match e {
            Event::Received { .. } => {
                return Err(invalid(
                    i,
                    e,
                    "a dossier is received once, as the first event",
                ))
            }
            Event::SupplementRequested { .. } => {
                if state != State::Processing {
                    return Err(wrong_state("being processed"));
                }
                let rule = rules.find(RuleKind::SupplementRestart, &q).ok_or_else(|| {
                    invalid(
                        i,
                        e,
                        format!(
                            "no `supplement-restart` rule is in force on {} for this dossier",
                            t.date()
                        ),
                    )
                })?;
                rule_used = Some(rule);
                if let (Some(limit), Some(c)) = (rule.request_within_working_days, clock.as_ref()) {
                    let used = cal.working_days_between(c.due.received_at.date(), t.date())?;
                    if used > i32::try_from(limit).unwrap_or(i32::MAX) {
                        warnings.push(format!(
                            "event {i} (supplement_requested): {used} working days after receipt; rule {} allows {limit}",
                            rule.id
                        ));
                    }
                }
                if requested_at.is_some() || restarts > 0 {
                    warnings.push(format!(
                        "event {i} (supplement_requested): a second supplement request; the agency must ask for everything at once (61/2018 Art. 17(2)(a))"
                    ));
                }
                requested_at = Some(t);
                clock = None;
                rescheduled = None;
                state = State::AwaitingSupplement;
                "the clock stops until the complete dossier arrives".to_string()
            }
            Event::SupplementReceived { .. } => {
                if state != State::AwaitingSupplement {
                    return Err(wrong_state("waiting for a supplement"));
                }
                let rule = rules.find(RuleKind::SupplementRestart, &q).ok_or_else(|| {
                    invalid(
                        i,
                        e,
                        format!(
                            "no `supplement-restart` rule is in force on {} for this dossier",
                            t.date()
                        ),
                    )
                })?;
                rule_used = Some(rule);
                let c = Clock::new(due(cal, rules, &dossier(t))?);
                restarts += 1;
                state = State::Processing;
                let s = format!("the period restarts from zero: due {}", c.due_at);
                clock = Some(c);
                s
            }
            Event::Paused { reason, .. } => {
                if state != State::Processing {
                    return Err(wrong_state("being processed"));
                }
                let rule = rules
                    .find(RuleKind::Pause, &q)
                    .filter(|r| r.reasons.iter().any(|x| x == reason))
                    .ok_or_else(|| {
                        invalid(i, e, format!("no `pause` rule in force on {} allows stopping the clock for `{reason}`", t.date()))
                    })?;
                rule_used = Some(rule);
                paused_at = Some(t);
                state = State::Paused;
                format!("the clock stops ({reason})")
            }
            Event::Resumed { .. } => {
                if state != State::Paused {
                    return Err(wrong_state("paused"));
                }
                let from = paused_at.take().unwrap_or(t);
                if let Some(c) = clock.as_mut() {
                    c.extend(cal, from, t)?;
                }
                state = State::Processing;
                format!(
                    "the clock runs again: due {}",
                    clock.as_ref().map_or(t, |c| c.due_at)
                )
            }
            Event::Rescheduled { new_due, .. } => {
                if state != State::Processing {
                    return Err(wrong_state("being processed"));
                }
                let rule = rules.find(RuleKind::Reschedule, &q).ok_or_else(|| {
                    invalid(
                        i,
                        e,
                        format!(
                            "no `reschedule` rule is in force on {} for this dossier",
                            t.date()
                        ),
                    )
                })?;
                rule_used = Some(rule);
                let max = rule.max.unwrap_or(0);
                if reschedules >= max {
                    return Err(invalid(
                        i,
                        e,
                        format!(
                            "the return date may be rescheduled at most {max} time(s) (rule {})",
                            rule.id
                        ),
                    ));
                }
                let Some(c) = clock.as_ref() else {
                    return Err(wrong_state("being processed"));
                };
                let current = rescheduled.map_or(c.due_date, |r| r.due_date.max(c.due_date));
                let notice =
                    i32::try_from(rule.notice_working_days.unwrap_or(0)).unwrap_or(i32::MAX);
                let last_day = cal.add_working_days(current, -notice)?;
                if t.date() > last_day {
                    return Err(invalid(i, e, format!(
                        "notified on {}, later than {last_day}: {notice} working day(s) before the deadline {current} (rule {})",
                        t.date(), rule.id
                    )));
                }
                if *new_due <= current {
                    return Err(invalid(
                        i,
                        e,
                        format!("new_due {new_due} is not after the current deadline {current}"),
                    ));
                }
                if !cal.is_working_day(*new_due)? {
                    return Err(invalid(
                        i,
                        e,
                        format!("new_due {new_due} is not a working day"),
                    ));
                }
                reschedules += 1;
                let r = Rescheduled {
                    event: i,
                    notified_at: t,
                    due_date: *new_due,
                    due_at: at(*new_due, close),
                };
                rescheduled = Some(r);
                format!("apology notified; new return date {}", r.due_at)
            }
            Event::Forwarded { to, .. } => {
                if state != State::Processing {
                    return Err(wrong_state("being processed"));
                }
                match to {
                    Some(to) => format!("forwarded to {to}; the deadline does not change"),
                    None => "forwarded; the deadline does not change".to_string(),
                }
            }
            Event::ResultReturned { .. } | Event::Refused { .. } => {
                if !matches!(state, State::Processing | State::Paused) {
                    return Err(wrong_state("being processed or paused"));
                }
                if let (Some(from), Some(c)) = (paused_at.take(), clock.as_mut()) {
                    c.extend(cal, from, t)?;
                }
                state = if matches!(e, Event::Refused { .. }) {
                    State::Refused
                } else {
                    State::Returned
                };
                finished = Some((i, t));
                state.name().to_string()
            }
            Event::Withdrawn { .. } => {
                state = State::Withdrawn;
                "closed by the applicant".to_string()
            }
        };
        log.push(LogEntry {
            index: i,
            kind: e.kind(),
            at: t,
            effect,
            rule: rule_used.map(|r| r.id.as_str()),
        });
    }
    if as_of < last {
        return Err(DeadlineError::AsOfBeforeEvents { as_of, last });
    }
    let provisional = state == State::Paused;
    if let (Some(from), Some(c)) = (paused_at, clock.as_mut()) {
        c.extend(cal, from, as_of)?;
    }
    let statutory = clock.map(|c| (c.due_date, c.due_at));
    let current = match (statutory, rescheduled) {
        (Some(s), Some(r)) if (r.due_date, r.due_at) > s => Some((r.due_date, r.due_at)),
        (s, _) => s,
    };
    let by_day = clock.is_none_or(|c| c.due.is_day_based());
    let mut timeliness = None;
    let mut against_rescheduled = None;
    if let (Some((_, done)), Some((d, a))) = (finished, statutory) {
        if matches!(state, State::Returned | State::Refused) {
            timeliness = Some(classify(cal, d, a, by_day, done)?);
            if let Some(r) = rescheduled {
                against_rescheduled = Some(classify(cal, r.due_date, r.due_at, by_day, done)?);
            }
        }
    }
    let running = matches!(state, State::Processing | State::Paused);
    let remaining = match current {
        Some((d, a)) if running => {
            let s = cal.working_seconds_between(as_of, a)?;
            Some(Remaining {
                working_days: cal.working_days_between(as_of.date(), d)?,
                working_seconds: s,
                working_hours: s / 3600,
            })
        }
        _ => None,
    };
    let overdue =
        running && current.is_some_and(|(d, a)| if by_day { as_of.date() > d } else { as_of > a });
    let reference = finished.map_or(as_of, |(_, t)| t);
    let apology = match (
        rules.find(RuleKind::Reschedule, &base.query(reference.date())),
        statutory,
    ) {
        (Some(rule), Some((d, _))) => {
            let notice = i32::try_from(rule.notice_working_days.unwrap_or(0)).unwrap_or(i32::MAX);
            let last_day = cal.add_working_days(d, -notice)?;
            let sent = rescheduled.is_some();
            let late_result = timeliness.is_some_and(|t| t.outcome == super::status::Outcome::Late);
            Some(Apology {
                last_day,
                due_now: running && !sent && as_of.date() >= last_day,
                missed: !sent && ((running && as_of.date() > last_day) || late_result),
                sent,
            })
        }
        _ => None,
    };
    Ok(Tracking {
        state,
        as_of,
        clock: clock.map(|c| c.due),
        statutory_due_at: statutory.map(|s| s.1),
        statutory_due_date: statutory.map(|s| s.0),
        due_at: current.map(|c| c.1),
        due_date: current.map(|c| c.0),
        provisional,
        rescheduled,
        remaining,
        overdue,
        timeliness,
        against_rescheduled,
        apology,
        restarts,
        log,
        warnings,
    })
}
