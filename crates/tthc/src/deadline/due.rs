//! The due instant of one dossier: receipt rules, then the period, then
//! the instant on the last day.
//!
//! This is the hot path (a one-stop system computes it for every dossier on
//! every screen), so it allocates nothing: a [`Due`] holds references to the
//! rules it applied and builds its explanation only when serialised.

use serde::{Serialize, Serializer};

use crate::calendar::WorkingCalendar;
use crate::catalog::model::{Level, TimeUnit};
use crate::channel::Channel;
use crate::date::{Date, VnDateTime};
use crate::legal::{LegalRef, Status};

use super::period::{self, Period};
use super::receipt::{self, at, open_close, Shift};
use super::rules::{DeadlineRules, Rule, RuleKind, RuleQuery};
use super::DeadlineError;

/// Everything the deadline of one dossier depends on.
#[derive(Clone, Copy, Debug)]
pub struct Dossier<'q> {
    /// When the one-stop system recorded the dossier (Vietnam time).
    pub received_at: VnDateTime,
    /// The channel it was filed through (receipt rules differ for online filing).
    pub channel: Channel,
    /// Level of the receiving agency, for rules scoped by level.
    pub level: Option<Level>,
    /// Province id (after succession), for its overlay rules and calendar.
    pub province: Option<&'q str>,
    /// Procedure id and sector, for rules scoped to them ("" when unknown).
    pub procedure: &'q str,
    /// The procedure's sector id ("" when unknown).
    pub sector: &'q str,
    /// The processing time (after policy cuts); `None` when the procedure
    /// states none, which only a same-day rule can answer.
    pub period: Option<Period>,
}

impl<'q> Dossier<'q> {
    pub(crate) fn query(&self, on: Date) -> RuleQuery<'q> {
        RuleQuery {
            on,
            province: self.province,
            procedure: self.procedure,
            sector: self.sector,
            level: self.level,
            channel: self.channel,
        }
    }
}

/// When a dossier's result is due, and why.
#[derive(Clone, Copy, Debug)]
pub struct Due<'r> {
    /// As recorded by the one-stop system.
    pub recorded_at: VnDateTime,
    /// When the clock starts (after the cut-off and after-hours rules).
    pub received_at: VnDateTime,
    /// `None`: the procedure has no processing time and a same-day rule applies.
    pub period: Option<Period>,
    /// The last day of the period (a working day).
    pub due_date: Date,
    /// The close of office hours on `due_date` for day-based periods; the
    /// instant the hours run out for working hours. Always a working time.
    pub due_at: VnDateTime,
    /// The day the period fell on before Art. 148(5) moved it to a working day.
    pub rolled_from: Option<Date>,
    pub(crate) shifts: [Option<Shift<'r>>; 2],
    pub(crate) counting: Option<&'r Rule>,
    pub(crate) same_day: Option<&'r Rule>,
    pub(crate) calendar: &'r WorkingCalendar,
}

/// Computes the due instant of `d` on `cal` under `rules`.
pub fn due<'r>(
    cal: &'r WorkingCalendar,
    rules: &'r DeadlineRules,
    d: &Dossier<'_>,
) -> Result<Due<'r>, DeadlineError> {
    let q = d.query(d.received_at.date());
    let (received_at, shifts) = receipt::deemed_receipt(
        cal,
        d.received_at,
        rules.find(RuleKind::AfterHours, &q),
        rules.find(RuleKind::Cutoff, &q),
    )?;
    let same_day_rule = match d.period {
        Some(p) if p.amount > 0 => None,
        Some(_) => rules.find(RuleKind::SameDay, &q),
        None => Some(rules.find(RuleKind::SameDay, &q).ok_or_else(|| {
            DeadlineError::NoProcessingTime {
                procedure: d.procedure.to_string(),
                channel: d.channel,
                on: q.on,
                reason: None,
            }
        })?),
    };
    let mut due = Due {
        recorded_at: d.received_at,
        received_at,
        period: d.period,
        due_date: received_at.date(),
        due_at: received_at,
        rolled_from: None,
        shifts,
        counting: None,
        same_day: same_day_rule,
        calendar: cal,
    };
    let close = open_close(cal.office_hours()?).1;
    match d.period {
        Some(p) if p.amount > 0 => {
            // Not `ok_or`: that builds (and drops) the error on every call.
            let Some(counting) = rules.counting(p.unit, &q) else {
                return Err(DeadlineError::NoCountingRule {
                    unit: p.unit,
                    on: q.on,
                });
            };
            due.counting = Some(counting);
            if p.unit == TimeUnit::WorkingHours {
                due.due_at = period::after_working_hours(cal, received_at, p.amount)?;
                due.due_date = due.due_at.date();
                return Ok(due);
            }
            let (day, rolled) = period::last_day(cal, received_at.date(), p)?;
            due.due_date = day;
            due.rolled_from = rolled;
        }
        _ => {
            // Same day, or the next working day when received after the
            // rule's time (the close of office hours when it has none).
            let limit = same_day_rule.and_then(|r| r.time).unwrap_or(close);
            let today = received_at.date();
            due.due_date = if cal.is_working_day(today)? && received_at.second_of_day() <= limit {
                today
            } else {
                cal.add_working_days(today, 1)?
            };
        }
    }
    due.due_at = at(due.due_date, close);
    Ok(due)
}

impl Due<'_> {
    /// Whether results are compared with it by day (true) or by instant.
    pub fn is_day_based(&self) -> bool {
        self.period.is_none_or(Period::is_day_based)
    }

    /// The explanation: one step per rule applied, in order.
    pub fn explanation(&self) -> Vec<Step<'_>> {
        let mut out = Vec::new();
        for s in self.shifts.iter().flatten() {
            let why = match s.rule.kind {
                RuleKind::Cutoff => format!(
                    "recorded {} (after {} or not on a working day): counted as received at the opening of the next working day, {}",
                    s.from,
                    hm(s.rule.time.unwrap_or(0)),
                    s.to
                ),
                _ => format!(
                    "recorded {} outside office hours or on a non-working day: counted from the next working time, {}",
                    s.from, s.to
                ),
            };
            out.push(Step::of(s.rule, why));
        }
        match (self.counting, self.period) {
            (Some(rule), Some(p)) => {
                let why = match p.unit {
                    TimeUnit::WorkingHours => format!(
                        "{p} from {} in office hours ({}): the hours run out at {}",
                        self.received_at,
                        self.calendar
                            .office_hours()
                            .map(|h| h.describe())
                            .unwrap_or_default(),
                        self.due_at
                    ),
                    _ => {
                        let mut s = format!(
                            "{p} counted from the day after receipt ({}): last day {}",
                            self.received_at
                                .date()
                                .add_days(1)
                                .unwrap_or(self.received_at.date()),
                            self.rolled_from.unwrap_or(self.due_date)
                        );
                        if let Some(raw) = self.rolled_from {
                            s.push_str(&format!(
                                "; {raw} is not a working day, so the period ends on the next working day, {}",
                                self.due_date
                            ));
                        }
                        s.push_str(&format!(
                            "; due at the close of office hours, {}",
                            self.due_at
                        ));
                        s
                    }
                };
                out.push(Step::of(rule, why));
            }
            _ => {
                if let Some(rule) = self.same_day {
                    let why = format!(
                        "same-day procedure{}: due {}",
                        rule.time
                            .map(|t| format!(" (next working day when received after {})", hm(t)))
                            .unwrap_or_default(),
                        self.due_at
                    );
                    out.push(Step::of(rule, why));
                }
            }
        }
        out
    }

    /// What in this answer is not confirmed: rules that are not, and an
    /// office-hours default or estimated calendar years it relied on.
    pub fn unconfirmed(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .rules()
            .filter(|r| r.status != Status::Confirmed)
            .map(|r| {
                format!(
                    "deadline rule {}: {}{}",
                    r.id,
                    r.status.as_str(),
                    r.caveat
                        .as_deref()
                        .map(|c| format!(" — {c}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        if let Ok(h) = self.calendar.office_hours() {
            if h.is_default {
                out.push(format!(
                    "office hours {}: unsourced default (no national rule sets them)",
                    h.describe()
                ));
            }
        }
        let (a, b) = (self.received_at.date().year(), self.due_date.year());
        for y in a..=b {
            let s = self.calendar.year_status(y);
            if s != crate::calendar::YearStatus::Official {
                out.push(format!(
                    "working calendar {y}: {} (no complete official schedule in the catalogue)",
                    match s {
                        crate::calendar::YearStatus::Partial => "partly estimated",
                        _ => "estimated",
                    }
                ));
            }
        }
        out
    }

    /// The rules this answer applied.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.shifts
            .iter()
            .flatten()
            .map(|s| s.rule)
            .chain(self.counting)
            .chain(self.same_day)
    }
}

pub(crate) fn hm(s: u32) -> String {
    format!("{:02}:{:02}", s / 3600, s / 60 % 60)
}

/// One applied rule in an explanation.
#[derive(Clone, Debug, Serialize)]
pub struct Step<'r> {
    /// The rule's id.
    pub rule: &'r str,
    /// What kind of rule it is.
    pub kind: RuleKind,
    /// The rule's name, for people.
    pub name: &'r str,
    /// What the rule did to this dossier.
    pub effect: String,
    /// The documents the rule comes from.
    pub legal_basis: &'r [LegalRef],
    /// How sure the rule is.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// A doubt about the rule that the answer should show, when it has one.
    pub caveat: Option<&'r str>,
}

impl<'r> Step<'r> {
    pub(crate) fn of(rule: &'r Rule, effect: String) -> Step<'r> {
        Step {
            rule: &rule.id,
            kind: rule.kind,
            name: &rule.name,
            effect,
            legal_basis: &rule.legal_basis,
            status: rule.status,
            caveat: rule.caveat.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct DueJson<'a> {
    due_at: VnDateTime,
    due_date: Date,
    recorded_at: VnDateTime,
    received_at: VnDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<Period>,
    same_day: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    rolled_from: Option<Date>,
    explanation: Vec<Step<'a>>,
    unconfirmed: Vec<String>,
}

impl Serialize for Due<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DueJson {
            due_at: self.due_at,
            due_date: self.due_date,
            recorded_at: self.recorded_at,
            received_at: self.received_at,
            period: self.period,
            same_day: self.counting.is_none(),
            rolled_from: self.rolled_from,
            explanation: self.explanation(),
            unconfirmed: self.unconfirmed(),
        }
        .serialize(s)
    }
}
