//! Resolving rules and schedules into one status per day, once, at load time.
//!
//! Order matters and is fixed here:
//! 1. official schedule rows claim their days first (later rows win);
//! 2. in years without a full schedule, every holiday rule places its days
//!    on days no schedule claimed (rules settled by a partial schedule are skipped);
//! 3. holidays that fell on a weekly rest day get their compensatory day, in
//!    date order, on the nearest free working day in the rule's direction,
//!    so that two weekend holidays in a row (30/4 and 1/5 on Saturday and
//!    Sunday) get two consecutive days, as in 2022.

use std::collections::HashMap;
use std::sync::Arc;

use super::day::{DayKind, Origin, Reason};
use super::index::DayIndex;
use super::load::Config;
use super::rules::Direction;
use super::WorkingCalendar;
use crate::date::{Date, Weekday};
use crate::diagnostics::{codes, Diagnostics};

/// A day that is not an ordinary workday or rest day.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Exception {
    /// Days since 1970-01-01.
    pub(crate) day: i32,
    pub(crate) kind: DayKind,
    pub(crate) estimated: bool,
    /// Index into the calendar's reasons.
    pub(crate) reason: u32,
}

/// One weekly-rest version: the days it covers, which weekdays it rests and
/// why. It decides each day's flag when the calendar is built and the reason
/// `day_info` gives for an ordinary day (asked day by day by
/// `exceptions_between` and the bindings). Open ends are stored as the first
/// and last representable day, so asking is two integer comparisons rather
/// than `Validity::contains`' two `Option`s.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RestPeriod {
    /// Rest days, bit `k` for weekday index `k` (Monday = 0).
    pub(crate) mask: u8,
    /// First day covered, days since 1970-01-01.
    pub(crate) first: i32,
    /// Last day covered, days since 1970-01-01.
    pub(crate) last: i32,
    /// Index into the calendar's reasons.
    pub(crate) reason: u32,
}

impl RestPeriod {
    /// Whether `day` (days since 1970-01-01) is covered.
    #[inline]
    pub(crate) fn contains(&self, day: i32) -> bool {
        self.first <= day && day <= self.last
    }
}

/// How far a compensatory day may move from its holiday before the rule is
/// considered unable to place it (a month of holidays does not exist).
const MAX_COMPENSATION_WALK: i32 = 31;

/// Builds the calendar of one configuration. `national` enables checks that
/// only make sense against the national weekly rest.
pub(crate) fn build(cfg: &Config, national: bool, diags: &mut Diagnostics) -> WorkingCalendar {
    let Some(cov) = &cfg.coverage else {
        return WorkingCalendar::default();
    };
    let start = cov.from.days_since_epoch();
    let len = usize::try_from(cov.from.days_until(cov.to) + 1).unwrap_or(0);
    let at = |i: usize| Date::from_days_since_epoch(start + i as i32);
    let slot_of = |d: Date| {
        usize::try_from(d.days_since_epoch() - start)
            .ok()
            .filter(|&i| i < len)
    };

    let mut reasons: Vec<Arc<Reason>> = Vec::new();
    let mut add_reason = |r: &Reason| {
        reasons.push(Arc::new(r.clone()));
        (reasons.len() - 1) as u32
    };

    // Weekly rest per day.
    let rest_periods: Vec<RestPeriod> = cfg
        .weekly_rest
        .iter()
        .map(|w| RestPeriod {
            mask: w.mask,
            first: w.validity.from.unwrap_or(Date::MIN).days_since_epoch(),
            last: w.validity.to.unwrap_or(Date::MAX).days_since_epoch(),
            reason: add_reason(&w.reason),
        })
        .collect();
    let mut rest = vec![false; len];
    let mut uncovered: Option<Date> = None;
    for (i, r) in rest.iter_mut().enumerate() {
        let Some(d) = at(i) else { continue };
        match rest_periods
            .iter()
            .find(|p| p.contains(d.days_since_epoch()))
        {
            Some(p) => *r = p.mask >> d.weekday().index() & 1 == 1,
            None => {
                uncovered.get_or_insert(d);
                *r = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            }
        }
    }
    if let Some(d) = uncovered {
        diags.error(
            codes::MISSING_KEY,
            Some(
                cfg.weekly_rest
                    .first()
                    .map_or_else(|| cov.loc.clone(), |w| w.loc.clone()),
            ),
            format!("no [[weekly_rest]] applies on {d}, inside the calendar's coverage"),
            "give a weekly rest whose validity covers the whole [coverage] period",
        );
    }

    let mut slots: Vec<Option<Exception>> = vec![None; len];

    // 1. Official schedules.
    let mut full_years: Vec<i32> = cfg
        .schedules
        .iter()
        .filter(|s| s.full)
        .map(|s| s.year)
        .collect();
    full_years.sort_unstable();
    full_years.dedup();
    let mut partial_years: Vec<i32> = cfg
        .schedules
        .iter()
        .filter(|s| !s.full && full_years.binary_search(&s.year).is_err())
        .map(|s| s.year)
        .collect();
    partial_years.sort_unstable();
    partial_years.dedup();
    let settled: Vec<(i32, &str)> = cfg
        .schedules
        .iter()
        .flat_map(|s| s.settles.iter().map(move |(id, _)| (s.year, id.as_str())))
        .collect();
    for row in cfg.schedules.iter().flat_map(|s| s.rows.iter()) {
        let reason = add_reason(&row.reason);
        for (d, loc) in &row.dates {
            let Some(i) = slot_of(*d) else {
                diags.error(
                    codes::INVALID_VALUE,
                    Some(loc.clone()),
                    format!(
                        "{d} is outside the calendar's coverage {} – {}",
                        cov.from, cov.to
                    ),
                    "extend [coverage] or remove the day",
                );
                continue;
            };
            let is_rest = rest.get(i).copied().unwrap_or(false);
            if national {
                let wrong = match row.kind {
                    DayKind::MakeUp => {
                        (!is_rest).then_some("a make-up working day must be a weekly rest day")
                    }
                    DayKind::Swapped | DayKind::Compensatory => is_rest
                        .then_some("a swapped or compensatory day off must be a working weekday"),
                    _ => None,
                };
                if let Some(msg) = wrong {
                    diags.error(
                        codes::INVALID_VALUE,
                        Some(loc.clone()),
                        format!("{d} ({}): {msg}", d.weekday().name_vi()),
                        "check the date against the notice",
                    );
                }
            }
            if let Some(s) = slots.get_mut(i) {
                *s = Some(Exception {
                    day: d.days_since_epoch(),
                    kind: row.kind,
                    estimated: false,
                    reason,
                });
            }
        }
    }

    // 2. Holiday rules, in years no full schedule settles.
    let computed_year = |y: i32| full_years.binary_search(&y).is_err();
    let mut placed: Vec<(usize, usize)> = Vec::new(); // (slot, rule index)
    let rule_reasons: Vec<u32> = cfg.holidays.iter().map(|h| add_reason(&h.reason)).collect();
    for year in cov.from.year()..=cov.to.year() {
        if !computed_year(year) {
            continue;
        }
        for (r, rule) in cfg.holidays.iter().enumerate() {
            if settled.iter().any(|(y, id)| *y == year && *id == rule.id) {
                continue;
            }
            for d in rule.days_in(year) {
                let Some(i) = slot_of(d).filter(|_| computed_year(d.year())) else {
                    continue;
                };
                if let Some(s @ None) = slots.get_mut(i) {
                    *s = Some(Exception {
                        day: d.days_since_epoch(),
                        kind: DayKind::Holiday,
                        estimated: true,
                        reason: rule_reasons.get(r).copied().unwrap_or(0),
                    });
                    placed.push((i, r));
                }
            }
        }
    }

    // 3. Compensatory days for holidays on rest days.
    placed.sort_unstable();
    let mut comp_reasons: HashMap<(usize, usize), u32> = HashMap::new();
    for &(i, r) in &placed {
        if !rest.get(i).copied().unwrap_or(false) {
            continue;
        }
        let (Some(d), Some(rule)) = (at(i), cfg.holidays.get(r)) else {
            continue;
        };
        let Some((c, comp)) = cfg
            .compensations
            .iter()
            .enumerate()
            .find(|(_, c)| c.applies_to(&rule.id, d))
        else {
            continue;
        };
        let step = match comp.direction.get(usize::from(d.weekday().index())) {
            Some(Direction::Next) => 1,
            Some(Direction::Previous) => -1,
            _ => continue,
        };
        let target = (1..=MAX_COMPENSATION_WALK)
            .map(|k| i as i64 + i64::from(step * k))
            .take_while(|&j| j >= 0 && (j as usize) < len)
            .map(|j| j as usize)
            .take_while(|&j| at(j).is_some_and(|x| computed_year(x.year())))
            .find(|&j| {
                !rest.get(j).copied().unwrap_or(true) && slots.get(j).is_some_and(Option::is_none)
            });
        let Some(j) = target else { continue };
        let reason = *comp_reasons.entry((c, r)).or_insert_with(|| {
            let mut reason = comp.reason.clone();
            reason.origin = Origin::Compensation {
                id: comp.id.clone(),
                holiday: rule.id.clone(),
            };
            reason.name = format!("{} {}", comp.reason.name, rule.reason.name);
            reason.name_en = match (&comp.reason.name_en, &rule.reason.name_en) {
                (Some(a), Some(b)) => Some(format!("{a} for {b}")),
                (a, _) => a.clone(),
            };
            reason.status = reason.status.max(rule.reason.status);
            reasons.push(Arc::new(reason));
            (reasons.len() - 1) as u32
        });
        if let (Some(s), Some(day)) = (slots.get_mut(j), at(j)) {
            *s = Some(Exception {
                day: day.days_since_epoch(),
                kind: DayKind::Compensatory,
                estimated: true,
                reason,
            });
        }
    }

    let working: Vec<bool> = slots
        .iter()
        .zip(&rest)
        .map(|(s, &r)| s.map_or(!r, |e| e.kind.is_working()))
        .collect();
    WorkingCalendar {
        start,
        from: Some(cov.from),
        to: Some(cov.to),
        index: DayIndex::new(&working),
        exceptions: slots.into_iter().flatten().collect(),
        reasons,
        rest: rest_periods,
        full_years,
        partial_years,
        office_hours: cfg.office_hours.clone(),
    }
}
