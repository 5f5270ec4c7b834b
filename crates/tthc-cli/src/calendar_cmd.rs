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

use crate::args::Args;

/// Parses with the CLI's shared parser; errors become this module's messages.
fn read_args(args: &[String], valued: &[&str], switches: &[&str]) -> Result<Args, String> {
    Args::parse(args, valued, switches).map_err(|e| e.0)
}

/// The positional arguments as `&str`, for slice patterns.
fn positional(a: &Args) -> Vec<&str> {
    a.positional.iter().map(String::as_str).collect()
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

/// `tthc calendar YEAR [--province P] [--format table|csv|json]`: every day
/// of the year whose working status differs from a plain Monday–Friday week.
pub fn calendar(cals: &CalendarSet, args: &[String]) -> Result<String, String> {
    let a = read_args(args, &["province", "format"], &[])?;
    let [year] = a.positional.as_slice() else {
        return Err("usage: tthc calendar YEAR [--province P] [--format table|csv|json]".into());
    };
    let year: i32 = year
        .parse()
        .map_err(|_| format!("`{year}` is not a year"))?;
    let cal = cals.for_province(a.value("province"));
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
    match a.value("format").unwrap_or("table") {
        "table" => Ok(table(cal, year, first, last, status, &days)),
        "csv" => Ok(csv(&days)),
        "json" => {
            let v = serde_json::json!({
                "year": year,
                "province": a.value("province"),
                "from": first,
                "to": last,
                "year_status": status,
                "office_hours": cal.office_hours().ok(),
                "days": days,
            });
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())
        }
        other => Err(format!("unknown format `{other}`: use table, csv or json")),
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
pub fn lunar(args: &[String]) -> Result<String, String> {
    let a = read_args(args, &[], &["json"])?;
    let [d] = a.positional.as_slice() else {
        return Err("usage: tthc lunar DATE [--json]".into());
    };
    let date = parse_date(d)?;
    let l: LunarDate = lunar::from_solar(date).map_err(|e| e.to_string())?;
    if a.has("json") {
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
pub fn workdays(cals: &CalendarSet, args: &[String]) -> Result<String, String> {
    // A negative count ("-3") is a value, not an option.
    let a = read_args(args, &["province"], &[])?;
    let cal = cals.for_province(a.value("province"));
    match positional(&a).as_slice() {
        ["add", d, n] => {
            let n: i32 = n
                .parse()
                .map_err(|_| format!("`{n}` is not a whole number of working days"))?;
            let r = cal
                .add_working_days(parse_date(d)?, n)
                .map_err(|e| e.to_string())?;
            Ok(r.to_string())
        }
        ["between", a, b] => {
            let r = cal
                .working_days_between(parse_date(a)?, parse_date(b)?)
                .map_err(|e| e.to_string())?;
            Ok(r.to_string())
        }
        _ => Err(
            "usage: tthc workdays add DATE N | tthc workdays between D1 D2 [--province P]".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tthc::catalog::legal::References;
    use tthc::diagnostics::Diagnostics;
    use tthc::source::SourceFile;

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

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn workdays_add_and_between() {
        let s = set();
        assert_eq!(
            workdays(&s, &args("add 2026-02-13 1")).as_deref(),
            Ok("2026-02-23")
        );
        assert_eq!(
            workdays(&s, &args("add 2026-02-23 -1")).as_deref(),
            Ok("2026-02-13")
        );
        assert_eq!(
            workdays(&s, &args("between 2026-02-13 2026-02-23")).as_deref(),
            Ok("1")
        );
        assert!(workdays(&s, &args("add 1990-01-01 1")).is_err());
    }

    #[test]
    fn lunar_json_has_the_required_keys() {
        let out = lunar(&args("2026-02-17 --json")).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(v["day"], 1);
        assert_eq!(v["month"], 1);
        assert_eq!(v["year"], 2026);
        assert_eq!(v["leap"], false);
    }

    #[test]
    fn calendar_csv_lists_exactly_the_differing_days() {
        let out = calendar(&set(), &args("2024 --format csv")).unwrap_or_default();
        let mut lines = out.lines();
        assert!(lines
            .next()
            .is_some_and(|h| h.starts_with("date,weekday,working,")));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), 13);
        assert!(rows
            .iter()
            .any(|r| r.starts_with("2024-05-04,sat,true,make-up")));
        assert!(calendar(&set(), &args("1900")).is_err());
        assert!(
            calendar(&set(), &args("2030 --format table")).is_ok_and(|t| t.contains("estimated"))
        );
    }
}
