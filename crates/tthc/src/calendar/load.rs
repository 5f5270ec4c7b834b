//! Reading `calendar/*.toml` into one configuration per tree, and layering a
//! province overlay on the national one.

use super::rules::{Compensation, HolidayRule};
use super::schedule::Schedule;
use super::week::{OfficeHours, WeeklyRest};
use crate::date::Date;
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::legal::References;
use crate::source::SourceFile;

/// The period the calendar data claims to cover (`[coverage]`).
#[derive(Clone, Debug)]
pub(crate) struct Coverage {
    pub(crate) from: Date,
    pub(crate) to: Date,
    pub(crate) loc: SourceLocation,
}

/// Everything read from one tree's calendar files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Config {
    pub(crate) coverage: Option<Coverage>,
    pub(crate) holidays: Vec<HolidayRule>,
    pub(crate) compensations: Vec<Compensation>,
    pub(crate) weekly_rest: Vec<WeeklyRest>,
    pub(crate) office_hours: Option<OfficeHours>,
    pub(crate) schedules: Vec<Schedule>,
}

const ROOT_KEYS: [&str; 6] = [
    "coverage",
    "holiday",
    "compensation",
    "weekly_rest",
    "office_hours",
    "schedule",
];
const COVERAGE_KEYS: [&str; 3] = ["from", "to", "note"];

/// Latest day the lunar table (and so the calendar) can reach.
fn last_supported_day() -> Option<Date> {
    Date::from_ymd(crate::lunar::LAST_YEAR, 12, 31)
}

/// Reads every file of one tree (national, or one province's overlay).
pub(crate) fn read_tree(
    files: &[&SourceFile],
    overlay: bool,
    diags: &mut Diagnostics,
    refs: &mut References,
) -> Config {
    let mut cfg = Config::default();
    let mut coverage_seen: Option<SourceLocation> = None;
    let mut hours_seen: Option<SourceLocation> = None;
    for file in files {
        let Some(root) = file.parse(diags) else {
            continue;
        };
        root.check_keys(&ROOT_KEYS, diags);
        if let Some(c) = root.opt_table("coverage", "coverage", diags) {
            c.check_keys(&COVERAGE_KEYS, diags);
            if overlay {
                diags.error(
                    codes::INVALID_VALUE,
                    Some(c.location()),
                    "a province overlay cannot change the calendar's coverage",
                    "remove [coverage]; the national calendar sets it",
                );
            } else if let Some(first) = &coverage_seen {
                diags.error(
                    codes::DUPLICATE,
                    Some(c.location()),
                    format!(
                        "[coverage] is given twice (first at {}:{})",
                        first.file, first.line
                    ),
                    "keep one [coverage] table",
                );
            } else {
                coverage_seen = Some(c.location());
                let from = c.req_date("from", diags);
                let to = c.req_date("to", diags);
                if let (Some(from), Some(to)) = (from, to) {
                    let first_ok = from.year() >= crate::lunar::FIRST_YEAR;
                    let last_ok = last_supported_day().is_some_and(|l| to <= l);
                    if to < from {
                        diags.error(
                            codes::EMPTY_VALIDITY,
                            Some(c.loc("to")),
                            "coverage ends before it starts",
                            "`to` must be on or after `from`",
                        );
                    } else if !first_ok || !last_ok {
                        c.invalid(
                            "from",
                            format!(
                                "coverage {from} – {to} leaves the lunar calendar's years {}–{}",
                                crate::lunar::FIRST_YEAR,
                                crate::lunar::LAST_YEAR
                            ),
                            "keep coverage within 1900-01-01 – 2199-12-31",
                            diags,
                        );
                    } else {
                        cfg.coverage = Some(Coverage {
                            from,
                            to,
                            loc: c.location(),
                        });
                    }
                }
            }
        }
        for t in root.tables("holiday", "holiday", diags) {
            if let Some(h) = HolidayRule::read(&t, diags, refs) {
                cfg.holidays.push(h);
            }
        }
        for t in root.tables("compensation", "compensation", diags) {
            if let Some(c) = Compensation::read(&t, diags, refs) {
                cfg.compensations.push(c);
            }
        }
        for t in root.tables("weekly_rest", "weekly rest", diags) {
            if let Some(w) = WeeklyRest::read(&t, diags, refs) {
                cfg.weekly_rest.push(w);
            }
        }
        for t in root.tables("office_hours", "office hours", diags) {
            if let Some(first) = &hours_seen {
                diags.error(
                    codes::DUPLICATE,
                    Some(t.location()),
                    format!(
                        "office hours are given twice (first at {}:{})",
                        first.file, first.line
                    ),
                    "keep one [[office_hours]] per tree",
                );
                continue;
            }
            hours_seen = Some(t.location());
            cfg.office_hours = OfficeHours::read(&t, diags, refs);
        }
        for t in root.tables("schedule", "schedule", diags) {
            if let Some(s) = Schedule::read(&t, diags, refs) {
                cfg.schedules.push(s);
            }
        }
    }
    if !overlay && !files.is_empty() && cfg.coverage.is_none() && coverage_seen.is_none() {
        diags.error(
            codes::MISSING_KEY,
            files.first().map(|f| f.start()),
            "the national calendar has no [coverage]",
            "add [coverage] with `from` and `to`: the period the rules and schedules describe",
        );
    }
    check_versions(&cfg, diags);
    cfg
}

/// Reports two versions of one holiday or compensation rule, or two weekly
/// rests, valid on the same day, and one date listed twice in schedules.
fn check_versions(cfg: &Config, diags: &mut Diagnostics) {
    let overlap = |what: &str,
                   id: &str,
                   first: &SourceLocation,
                   at: &SourceLocation,
                   diags: &mut Diagnostics| {
        diags.error(
            codes::OVERLAPPING_VALIDITY,
            Some(at.clone()),
            format!(
                "{what} `{id}` has two versions valid on the same day (the other at {}:{})",
                first.file, first.line
            ),
            "give the versions disjoint valid_from / valid_to",
        );
    };
    for (i, a) in cfg.holidays.iter().enumerate() {
        for b in cfg.holidays.iter().skip(i + 1) {
            if a.id == b.id && a.validity.overlaps(&b.validity) {
                overlap("holiday", &a.id, &a.loc, &b.loc, diags);
            }
        }
    }
    for (i, a) in cfg.compensations.iter().enumerate() {
        for b in cfg.compensations.iter().skip(i + 1) {
            if a.id == b.id && a.validity.overlaps(&b.validity) {
                overlap("compensation", &a.id, &a.loc, &b.loc, diags);
            }
        }
    }
    for (i, a) in cfg.weekly_rest.iter().enumerate() {
        for b in cfg.weekly_rest.iter().skip(i + 1) {
            if a.validity.overlaps(&b.validity) {
                overlap("weekly rest", "weekly_rest", &a.loc, &b.loc, diags);
            }
        }
    }
    let mut seen: Vec<(Date, &SourceLocation)> = cfg
        .schedules
        .iter()
        .flat_map(|s| s.rows.iter())
        .flat_map(|r| r.dates.iter().map(|(d, l)| (*d, l)))
        .collect();
    seen.sort_by_key(|(d, _)| *d);
    for w in seen.windows(2) {
        if w[0].0 == w[1].0 {
            diags.error(
                codes::DUPLICATE,
                Some(w[1].1.clone()),
                format!(
                    "{} is listed twice in the schedules (also at {}:{})",
                    w[0].0, w[0].1.file, w[0].1.line
                ),
                "list each day once",
            );
        }
    }
}

/// The national configuration with a province overlay on top.
pub(crate) fn merge(base: &Config, overlay: &Config) -> Config {
    let mut holidays: Vec<HolidayRule> = base
        .holidays
        .iter()
        .filter(|h| !overlay.holidays.iter().any(|o| o.id == h.id))
        .cloned()
        .collect();
    holidays.extend(overlay.holidays.iter().cloned());
    let mut compensations: Vec<Compensation> = base
        .compensations
        .iter()
        .filter(|c| !overlay.compensations.iter().any(|o| o.id == c.id))
        .cloned()
        .collect();
    compensations.extend(overlay.compensations.iter().cloned());
    Config {
        coverage: base.coverage.clone(),
        holidays,
        compensations,
        weekly_rest: if overlay.weekly_rest.is_empty() {
            base.weekly_rest.clone()
        } else {
            overlay.weekly_rest.clone()
        },
        office_hours: overlay
            .office_hours
            .clone()
            .or_else(|| base.office_hours.clone()),
        schedules: base
            .schedules
            .iter()
            .chain(&overlay.schedules)
            .cloned()
            .collect(),
    }
}

/// Reports holiday ids in `cfg`'s compensation rules and partial schedules
/// that no holiday rule of `known` defines.
pub(crate) fn check_references(cfg: &Config, known: &Config, diags: &mut Diagnostics) {
    let exists = |id: &str| known.holidays.iter().any(|h| h.id == id);
    let refs = cfg
        .compensations
        .iter()
        .flat_map(|c| c.holidays.iter())
        .chain(cfg.schedules.iter().flat_map(|s| s.settles.iter()));
    for (id, loc) in refs {
        if !exists(id) {
            let known_ids: Vec<&str> = known.holidays.iter().map(|h| h.id.as_str()).collect();
            let help = match crate::source::closest(id, &known_ids) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "use the id of a [[holiday]] rule".to_string(),
            };
            diags.error(
                codes::UNKNOWN_REFERENCE,
                Some(loc.clone()),
                format!("unknown holiday `{id}`"),
                help,
            );
        }
    }
}
