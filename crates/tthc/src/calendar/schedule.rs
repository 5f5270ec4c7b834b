//! Official annual schedules for civil servants (`[[schedule]]`).
//!
//! Which day is "adjacent" to 2/9, which Saturday is worked back: the Prime
//! Minister's yearly choices cannot be derived by rule (2022 took the day
//! before 2/9, 2024 the day after: docs/sources.md §5). Each year's notices are therefore a dated table, one row
//! per day off on a weekday or working Saturday/Sunday, each with its notice
//! and status. A `full` schedule replaces the rules for its whole year; a
//! `partial` one (say, a letter that settles only Tết) replaces the rules
//! only for the holidays it names in `settles`.

use super::day::{DayKind, Origin, Reason};
use super::read_common;
use crate::date::Date;
use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::legal::References;
use crate::source::Table;
use toml::de::DeValue;

/// One schedule block: a year's official days, or part of them.
#[derive(Clone, Debug)]
pub(crate) struct Schedule {
    pub(crate) year: i32,
    pub(crate) full: bool,
    /// Holiday rule ids whose computed days this schedule replaces (partial schedules).
    pub(crate) settles: Vec<(String, SourceLocation)>,
    pub(crate) rows: Vec<ScheduleRow>,
}

/// One row: one or more days of the same kind and basis.
#[derive(Clone, Debug)]
pub(crate) struct ScheduleRow {
    pub(crate) dates: Vec<(Date, SourceLocation)>,
    pub(crate) kind: DayKind,
    pub(crate) reason: Reason,
}

/// Kinds a schedule row may have (a workday or a plain rest day is never listed).
const ROW_KINDS: [&str; 4] = ["holiday", "compensatory", "swapped", "make-up"];

impl Schedule {
    const KEYS: [&'static str; 7] = ["id", "year", "coverage", "settles", "source", "note", "day"];
    const ROW_KEYS: [&'static str; 9] = [
        "date",
        "dates",
        "kind",
        "name",
        "name_en",
        "legal_basis",
        "status",
        "source",
        "note",
    ];

    pub(crate) fn read(
        t: &Table<'_>,
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> Option<Schedule> {
        t.check_keys(&Self::KEYS, diags);
        let id = t.req_text("id", diags);
        let year = t.req_int("year", diags).and_then(|y| {
            if (1900..=2199).contains(&y) {
                Some(y as i32)
            } else {
                t.invalid(
                    "year",
                    format!("year {y} is out of range"),
                    "use a year from 1900 to 2199",
                    diags,
                );
                None
            }
        });
        let full = match t.opt_enum("coverage", &["full", "partial"], diags) {
            Some(c) => c == "full",
            None => {
                if !t.has("coverage") {
                    t.invalid(
                        "coverage",
                        "schedule is missing `coverage`",
                        "write coverage = \"full\" (the rows list every exception of the year) or \"partial\" (with settles = [holiday ids])",
                        diags,
                    );
                }
                false
            }
        };
        let settles = t.opt_str_list("settles", diags).unwrap_or_default();
        if !full && settles.is_empty() && t.has("coverage") {
            t.invalid(
                "settles",
                "a partial schedule must say which holidays it settles",
                "write settles = [\"tet-am-lich\", …] (holiday ids)",
                diags,
            );
        }
        if full && !settles.is_empty() {
            t.invalid(
                "settles",
                "a full schedule settles every holiday of its year",
                "remove `settles`",
                diags,
            );
        }
        let id = id?;
        let year = year?;
        let mut rows = Vec::new();
        for row in t.tables("day", "schedule day", diags) {
            if let Some(r) = Self::read_row(&row, &id, year, diags, refs) {
                rows.push(r);
            }
        }
        Some(Schedule {
            year,
            full,
            settles,
            rows,
        })
    }

    fn read_row(
        t: &Table<'_>,
        id: &str,
        year: i32,
        diags: &mut Diagnostics,
        refs: &mut References,
    ) -> Option<ScheduleRow> {
        t.check_keys(&Self::ROW_KEYS, diags);
        let common = read_common(t, diags, refs);
        let mut dates = Vec::new();
        if let Some(d) = t.opt_date("date", diags) {
            dates.push((d, t.loc("date")));
        }
        if let Some(v) = t.raw("dates") {
            match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        if let Some(d) = t.date_value("dates", item, diags) {
                            dates.push((d, t.loc_of(item)));
                        }
                    }
                }
                _ => t.wrong_type("dates", v, "an array of dates", diags),
            }
        }
        if !t.has("date") && !t.has("dates") {
            diags.error(
                codes::MISSING_KEY,
                Some(t.location()),
                "schedule day has neither `date` nor `dates`",
                "write date = 2026-01-02 or dates = [2026-02-16, 2026-02-17]",
            );
        }
        for (d, loc) in &dates {
            if d.year() != year {
                diags.error(
                    codes::INVALID_VALUE,
                    Some(loc.clone()),
                    format!("{d} is not in the schedule's year {year}"),
                    "put the day in the schedule of its own year",
                );
            }
        }
        let kind = match t.opt_enum("kind", &ROW_KINDS, diags) {
            Some("holiday") => DayKind::Holiday,
            Some("compensatory") => DayKind::Compensatory,
            Some("swapped") => DayKind::Swapped,
            Some(_) => DayKind::MakeUp,
            None => {
                if !t.has("kind") {
                    t.invalid(
                        "kind",
                        "schedule day is missing `kind`",
                        format!("write kind = one of {}", ROW_KINDS.join(", ")),
                        diags,
                    );
                }
                return None;
            }
        };
        let name = t.req_text("name", diags)?;
        Some(ScheduleRow {
            dates: dates
                .into_iter()
                .filter(|(d, _)| d.year() == year)
                .collect(),
            kind,
            reason: Reason {
                origin: Origin::Schedule { id: id.to_string() },
                name,
                name_en: t.opt_str("name_en", diags),
                legal_basis: common.legal_basis,
                status: common.status,
                source: common.source,
                note: common.note,
            },
        })
    }
}
