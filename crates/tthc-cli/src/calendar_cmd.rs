//! `tthc calendar`, `tthc lunar` and `tthc workdays`: the working calendar
//! from the command line.
//!
//! Each function takes the already-loaded calendars (from
//! `catalog.calendars()`) and the arguments after the sub-command name, and
//! returns the text to print or an error message, so that `main` decides
//! about exit codes and the functions stay testable.

use tthc::calendar::{CalendarSet, DayInfo, WorkingCalendar, YearStatus};
use tthc::lunar::{self, LunarDate};
use tthc::Date;

use crate::catalog_cmd::ProvinceArg;

const CALENDAR_EXAMPLES: &str = "\
Examples:
  tthc calendar 2026
  tthc calendar 2025 --province ha-noi --format csv > 2025.csv";

/// `tthc calendar YEAR [--province P] [--format table|csv|json]`.
#[derive(Debug, clap::Args)]
#[command(after_help = CALENDAR_EXAMPLES)]
pub struct CalendarArgs {
    /// The year, e.g. 2026.
    year: i32,
    #[command(flatten)]
    province: ProvinceArg,
    /// How to print the days.
    #[arg(long, value_enum, default_value_t = CalendarFormat::Table)]
    format: CalendarFormat,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum CalendarFormat {
    Table,
    Csv,
    Json,
}

/// `tthc lunar DATE [--json]`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tthc lunar 2026-02-17          # Tết: 1/1 of the lunar year
  tthc lunar 2026-02-17 --json")]
pub struct LunarArgs {
    /// The solar date, YYYY-MM-DD.
    date: Date,
    /// Answer in JSON.
    #[arg(long)]
    json: bool,
}

/// `tthc workdays add|between`.
#[derive(Debug, clap::Subcommand)]
pub enum Workdays {
    /// The date N working days after DATE (before it if N is negative).
    #[command(
        allow_negative_numbers = true,
        after_help = "\
Examples:
  tthc workdays add 2026-02-13 3
  tthc workdays add 2026-02-23 -1 --province ha-noi"
    )]
    Add {
        /// The start date, YYYY-MM-DD.
        date: Date,
        /// How many working days.
        n: i32,
        #[command(flatten)]
        province: ProvinceArg,
    },
    /// The number of working days after D1 up to and including D2.
    #[command(after_help = "\
Examples:
  tthc workdays between 2026-01-09 2026-01-12")]
    Between {
        /// The first date (not counted), YYYY-MM-DD.
        d1: Date,
        /// The last date (counted), YYYY-MM-DD.
        d2: Date,
        #[command(flatten)]
        province: ProvinceArg,
    },
}

/// `tthc calendar YEAR [--province P] [--format table|csv|json]`: every day
/// of the year whose working status differs from a plain Monday–Friday week.
pub fn calendar(cals: &CalendarSet, a: &CalendarArgs) -> Result<String, String> {
    let year = a.year;
    let cal = cals.for_province(a.province.get());
    let (from, to) = cal.range().map_err(|e| e.to_string())?;
    let (first, last) = match (Date::from_ymd(year, 1, 1), Date::from_ymd(year, 12, 31)) {
        (Some(f), Some(l)) if l >= from && f <= to => (f.max(from), l.min(to)),
        _ => {
            return Err(format!(
                "{year} is outside the working calendar, which covers {from} to {to}"
            ))
        }
    };
    let days = cal
        .exceptions_between(first, last)
        .map_err(|e| e.to_string())?;
    let status = cal.year_status(year);
    match a.format {
        CalendarFormat::Table => Ok(table(cal, year, first, last, status, &days)),
        CalendarFormat::Csv => Ok(csv(&days)),
        CalendarFormat::Json => {
            let v = serde_json::json!({
                "year": year,
                "province": a.province.get(),
                "from": first,
                "to": last,
                "year_status": status,
                "office_hours": cal.office_hours().ok(),
                "days": days,
            });
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())
        }
    }
}

fn status_note(status: YearStatus) -> &'static str {
    match status {
        YearStatus::Official => "official schedule",
        YearStatus::Partial => "partly official; days marked * are estimated (dự kiến)",
        YearStatus::Estimated => {
            "no official notice in the catalogue: every day is estimated (dự kiến)"
        }
    }
}

fn basis(info: &DayInfo) -> String {
    info.reason
        .legal_basis
        .iter()
        .map(|r| match &r.article {
            Some(a) => format!("{} {a}", r.doc),
            None => r.doc.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn table(
    cal: &WorkingCalendar,
    year: i32,
    first: Date,
    last: Date,
    status: YearStatus,
    days: &[DayInfo],
) -> String {
    let mut out = format!(
        "Working calendar {year} ({first} – {last}): {}\n",
        status_note(status)
    );
    if let Ok(h) = cal.office_hours() {
        let label = if h.is_default {
            " (default, no official source)"
        } else {
            ""
        };
        out.push_str(&format!("Office hours: {}{label}\n", h.describe()));
    }
    out.push_str("Days that differ from a plain Monday–Friday week:\n");
    if days.is_empty() {
        out.push_str("  (none)\n");
    }
    for d in days {
        let work = if d.working { "working" } else { "day off" };
        let est = if d.estimated { "*" } else { " " };
        let status = d.reason.status.as_str();
        out.push_str(&format!(
            "{}{est} {:<8} {:<8} {:<12} {}  [{status}] {}\n",
            d.date,
            d.weekday.name_vi(),
            work,
            d.kind.as_str(),
            d.reason.name,
            basis(d)
        ));
    }
    out
}

/// RFC 4180 quoting: fields with commas, quotes or line breaks are quoted.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(days: &[DayInfo]) -> String {
    let mut out =
        String::from("date,weekday,working,kind,name,status,estimated,legal_basis,source\n");
    for d in days {
        let fields = [
            d.date.to_string(),
            d.weekday.short_en().to_string(),
            d.working.to_string(),
            d.kind.as_str().to_string(),
            d.reason.name.clone(),
            d.reason.status.as_str().to_string(),
            d.estimated.to_string(),
            basis(d),
            d.reason.source.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// `tthc lunar DATE [--json]`: the Vietnamese lunar date of a solar date.
pub fn lunar(a: &LunarArgs) -> Result<String, String> {
    let date = a.date;
    let l: LunarDate = lunar::from_solar(date).map_err(|e| e.to_string())?;
    if a.json {
        let v = serde_json::json!({
            "solar": date,
            "day": l.day,
            "month": l.month,
            "year": l.year,
            "leap": l.leap,
        });
        return serde_json::to_string(&v).map_err(|e| e.to_string());
    }
    Ok(format!("{date} = {l} âm lịch"))
}

/// `tthc workdays add DATE N` prints the date N working days away;
/// `tthc workdays between D1 D2` prints the number of working days in (D1, D2].
pub fn workdays(cals: &CalendarSet, w: &Workdays) -> Result<String, String> {
    match w {
        Workdays::Add { date, n, province } => cals
            .for_province(province.get())
            .add_working_days(*date, *n)
            .map(|r| r.to_string())
            .map_err(|e| e.to_string()),
        Workdays::Between { d1, d2, province } => cals
            .for_province(province.get())
            .working_days_between(*d1, *d2)
            .map(|r| r.to_string())
            .map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tthc::diagnostics::Diagnostics;
    use tthc::legal::References;
    use tthc::SourceFile;

    fn set() -> CalendarSet {
        let dir =
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog/calendar");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "toml"));
        paths.sort();
        let files: Vec<SourceFile> = paths
            .iter()
            .filter_map(|p| {
                Some(SourceFile::new(
                    p.display().to_string(),
                    std::fs::read_to_string(p).ok()?,
                ))
            })
            .collect();
        let refs: Vec<&SourceFile> = files.iter().collect();
        CalendarSet::load(
            &refs,
            &[],
            &mut Diagnostics::new(),
            &mut References::default(),
        )
    }

    /// The command line `tthc ARGS` as parsed by the CLI.
    fn parsed(args: &str) -> crate::Command {
        use clap::Parser;
        let argv = std::iter::once("tthc").chain(args.split_whitespace());
        crate::Cli::try_parse_from(argv).unwrap().command
    }

    fn workdays_of(s: &CalendarSet, args: &str) -> Result<String, String> {
        match parsed(&format!("workdays {args}")) {
            crate::Command::Workdays(w) => workdays(s, &w),
            other => panic!("{other:?}"),
        }
    }

    fn calendar_of(s: &CalendarSet, args: &str) -> Result<String, String> {
        match parsed(&format!("calendar {args}")) {
            crate::Command::Calendar(a) => calendar(s, &a),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn workdays_add_and_between() {
        let s = set();
        assert_eq!(
            workdays_of(&s, "add 2026-02-13 1").as_deref(),
            Ok("2026-02-23")
        );
        assert_eq!(
            workdays_of(&s, "add 2026-02-23 -1").as_deref(),
            Ok("2026-02-13")
        );
        assert_eq!(
            workdays_of(&s, "between 2026-02-13 2026-02-23").as_deref(),
            Ok("1")
        );
        assert!(workdays_of(&s, "add 1990-01-01 1").is_err());
    }

    #[test]
    fn lunar_json_has_the_required_keys() {
        let crate::Command::Lunar(a) = parsed("lunar 2026-02-17 --json") else {
            panic!("not lunar");
        };
        let out = lunar(&a).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(v["day"], 1);
        assert_eq!(v["month"], 1);
        assert_eq!(v["year"], 2026);
        assert_eq!(v["leap"], false);
    }

    #[test]
    fn calendar_csv_lists_exactly_the_differing_days() {
        let out = calendar_of(&set(), "2024 --format csv").unwrap_or_default();
        let mut lines = out.lines();
        assert!(lines
            .next()
            .is_some_and(|h| h.starts_with("date,weekday,working,")));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), 13);
        assert!(rows
            .iter()
            .any(|r| r.starts_with("2024-05-04,sat,true,make-up")));
        assert!(calendar_of(&set(), "1900").is_err());
        assert!(calendar_of(&set(), "2030 --format table").is_ok_and(|t| t.contains("estimated")));
    }
}
