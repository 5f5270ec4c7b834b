//! Loading calendar files: diagnostics with positions, province overlays,
//! day explanations and working-hour examples.

mod calendar_support;

use calendar_support::{cal, catalog_files, date, load, national};
use tthc::calendar::{CalendarError, DayKind, Origin};
use tthc::diagnostics::codes;
use tthc::legal::Status;
use tthc::VnDateTime;

fn file(name: &str, text: &str) -> (String, String) {
    (name.to_string(), text.to_string())
}

const MINIMAL: &str = r#"
[coverage]
from = 2024-01-01
to = 2024-12-31

[[weekly_rest]]
days = ["sat", "sun"]
legal_basis = ["188/1999/QĐ-TTg"]

[[holiday]]
id = "quoc-khanh"
name = "Quốc khánh"
calendar = "solar"
month = 9
day = 2
legal_basis = ["45/2019/QH14"]
"#;

#[test]
fn every_problem_is_reported_with_its_position() {
    let bad = r#"
[coverage]
from = 2024-01-01
to = 2024-12-31

[[weekly_rest]]
days = ["sat", "sunday"]
legal_basis = ["188/1999/QĐ-TTg"]

[[holiday]]
id = "x"
name = "X"
calendar = "solar"
month = 2
day = 30
legal_basis = ["45/2019/QH14"]

[[holiday]]
id = "y"
nmae = "Y"
calendar = "lunar"
month = 1
day = 1

[[compensation]]
id = "c"
holidays = ["no-such-holiday"]
legal_basis = ["45/2019/QH14"]

[[schedule]]
id = "2024"
year = 2024
coverage = "full"

[[schedule.day]]
date = 2024-05-04
kind = "swapped"
name = "Saturday cannot be swapped off"
legal_basis = ["2450/VPCP-KGVX"]

[[schedule.day]]
date = 2025-01-01
kind = "holiday"
name = "Wrong year"
legal_basis = ["45/2019/QH14"]
"#;
    let (_, diags) = load(&[file("calendar/bad.toml", bad)], &[]);
    let found: Vec<(&str, u32)> = diags
        .iter()
        .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
        .collect();
    for expected in [
        (codes::INVALID_VALUE, 7),  // "sunday"
        (codes::INVALID_VALUE, 15), // 30 February
        (codes::UNKNOWN_KEY, 20),   // nmae
        (codes::MISSING_LEGAL_BASIS, 18),
        (codes::MISSING_KEY, 18),       // name
        (codes::UNKNOWN_REFERENCE, 27), // no-such-holiday
        (codes::INVALID_VALUE, 36),     // swapped Saturday
        (codes::INVALID_VALUE, 42),     // 2025 date in the 2024 schedule
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in {found:?}"
        );
    }
    assert!(diags.iter().all(|d| d
        .location
        .as_ref()
        .is_some_and(|l| l.file == "calendar/bad.toml")));
    let unknown = diags.iter().find(|d| d.code == codes::UNKNOWN_KEY);
    assert!(unknown.is_some_and(|d| d.help.contains("did you mean `name`")));
}

#[test]
fn overlapping_versions_and_missing_coverage_are_errors() {
    let dup = format!("{MINIMAL}\n[[holiday]]\nid = \"quoc-khanh\"\nname = \"again\"\ncalendar = \"solar\"\nmonth = 9\nday = 2\nvalid_from = 2024-06-01\nlegal_basis = [\"45/2019/QH14\"]\n");
    let (_, diags) = load(&[file("calendar/a.toml", &dup)], &[]);
    assert!(diags.iter().any(|d| d.code == codes::OVERLAPPING_VALIDITY));
    let (set, diags) = load(
        &[file(
            "calendar/a.toml",
            "[[weekly_rest]]\ndays = [\"sun\"]\nlegal_basis = [\"x\"]\n",
        )],
        &[],
    );
    assert!(diags
        .iter()
        .any(|d| d.code == codes::MISSING_KEY && d.message.contains("coverage")));
    assert_eq!(
        cal(&set).is_working_day(date("2024-01-01")),
        Err(CalendarError::NoCalendar)
    );
}

#[test]
fn documents_cited_are_recorded_for_the_loader() {
    // Every cited id goes through `read_legal_basis`, which records it in `References`;
    // here we check the national files cite only ids that the documents part file declares.
    // The records may sit in the part file, in documents/, or be merged into documents.toml.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalog/");
    let part: String = [
        "documents.calendar.part.toml",
        "documents/calendar.toml",
        "documents.toml",
    ]
    .iter()
    .filter_map(|f| std::fs::read_to_string(format!("{root}{f}")).ok())
    .collect::<Vec<_>>()
    .join("\n");
    let declared: Vec<&str> = part
        .lines()
        .filter_map(|l| l.trim().strip_prefix("id = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(!declared.is_empty(), "no document records found");
    for (name, text) in catalog_files() {
        for piece in text.split('"').skip(1).step_by(2) {
            let looks_like_doc = (piece.contains('/') || piece.contains('@'))
                && !piece.starts_with("http")
                && !piece.contains(' ');
            if looks_like_doc {
                assert!(
                    declared.contains(&piece),
                    "{name} cites `{piece}`, not declared"
                );
            }
        }
    }
}

#[test]
fn a_province_overlay_replaces_weekly_rest_and_office_hours() {
    let overlay = r#"
[[weekly_rest]]
days = ["sun"]
legal_basis = ["188/1999/QĐ-TTg"]
note = "test: a unit that works on Saturdays"

[[office_hours]]
periods = ["07:00-11:30", "13:00-16:30"]
legal_basis = ["188/1999/QĐ-TTg"]
status = "unconfirmed"

[[schedule]]
id = "2024-local"
year = 2024
coverage = "partial"
settles = ["quoc-khanh"]

[[schedule.day]]
date = 2024-09-02
kind = "holiday"
name = "Quốc khánh"
legal_basis = ["45/2019/QH14"]
"#;
    let (set, diags) = load(
        &catalog_files(),
        &[(
            "test-province",
            vec![file("overlays/test-province/calendar/x.toml", overlay)],
        )],
    );
    assert!(diags.is_empty(), "{diags:?}");
    let local = set.for_province(Some("test-province"));
    let nation = set.for_province(Some("no-overlay"));
    let sat = date("2024-05-11");
    assert_eq!(local.is_working_day(sat), Ok(true));
    assert_eq!(nation.is_working_day(sat), Ok(false));
    // National schedule rows still apply to the province.
    assert_eq!(local.is_working_day(date("2024-04-29")), Ok(false));
    let hours = local.office_hours().map(|h| h.describe());
    assert_eq!(hours.as_deref(), Ok("07:00–11:30, 13:00–16:30"));
    assert_eq!(set.provinces().collect::<Vec<_>>(), vec!["test-province"]);
}

#[test]
fn an_overlay_cannot_move_the_coverage() {
    let (_, diags) = load(
        &catalog_files(),
        &[(
            "p",
            vec![file(
                "overlays/p/calendar/x.toml",
                "[coverage]\nfrom = 2020-01-01\nto = 2021-01-01\n",
            )],
        )],
    );
    assert!(diags
        .iter()
        .any(|d| d.code == codes::INVALID_VALUE && d.message.contains("coverage")));
}

#[test]
fn minimal_calendar_computes_compensation() {
    // 2/9/2024 is a Monday: no compensation; but a Sunday holiday would get Monday.
    let (set, diags) = load(&[file("calendar/m.toml", MINIMAL)], &[]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(cal(&set).is_working_day(date("2024-09-02")), Ok(false));
    assert_eq!(cal(&set).is_working_day(date("2024-09-03")), Ok(true));
    assert!(cal(&set).is_working_day(date("2025-01-02")).is_err());
}

#[test]
fn day_info_explains_each_kind_of_day() {
    let set = national();
    let c = cal(&set);
    let info = |d: &str| match c.day_info(date(d)) {
        Ok(i) => i,
        Err(e) => unreachable!("{d}: {e}"),
    };
    let comp = info("2030-09-03"); // 2/9/2030 Mon → adjacent Tue 3/9 (estimated)
    assert_eq!(comp.kind, DayKind::Holiday);
    assert!(comp.estimated);
    let c2 = info("2029-09-04"); // 2/9/2029 Sun: adjacent Mon 3/9, compensatory Tue 4/9
    assert_eq!(c2.kind, DayKind::Compensatory);
    assert!(
        matches!(&c2.reason.origin, Origin::Compensation { holiday, .. } if holiday == "quoc-khanh")
    );
    // Both rules are confirmed law; the doubt (the PM may decide otherwise) is `estimated`.
    assert_eq!(c2.reason.status, Status::Confirmed);
    assert!(c2.estimated);
    let make_up = info("2024-05-04");
    assert_eq!((make_up.kind, make_up.working), (DayKind::MakeUp, true));
    let plain = info("2024-05-07");
    assert_eq!((plain.kind, plain.working), (DayKind::Workday, true));
    assert!(matches!(plain.reason.origin, Origin::WeeklyRest));
    assert!(plain
        .reason
        .legal_basis
        .iter()
        .any(|r| r.doc == "188/1999/QĐ-TTg"));
    let exceptions = c.exceptions_between(date("2024-01-01"), date("2024-12-31"));
    // 12 weekdays off and one make-up Saturday (catalog/calendar/schedule-2024.toml).
    assert_eq!(exceptions.map(|v| v.len()), Ok(13));
}

#[test]
fn day_info_names_the_weekly_rest_version_in_force() {
    // Made up: Saturdays are worked until 30 June 2024 (an open start), then
    // rested (an open end). Each ordinary day's reason is its own version's.
    let text = MINIMAL.replace(
        "[[weekly_rest]]\ndays = [\"sat\", \"sun\"]\nlegal_basis = [\"188/1999/QĐ-TTg\"]\n",
        r#"[[weekly_rest]]
days = ["sun"]
valid_to = 2024-06-30
legal_basis = ["188/1999/QĐ-TTg"]
note = "made up: first version"

[[weekly_rest]]
days = ["sat", "sun"]
valid_from = 2024-07-01
legal_basis = ["188/1999/QĐ-TTg"]
note = "made up: second version"
"#,
    );
    let (set, diags) = load(&[file("calendar/m.toml", &text)], &[]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = cal(&set);
    let version = |d: &str| match c.day_info(date(d)) {
        Ok(i) => (i.working, i.reason.note.clone().unwrap_or_default()),
        Err(e) => unreachable!("{d}: {e}"),
    };
    let first = "made up: first version".to_string();
    let second = "made up: second version".to_string();
    assert_eq!(version("2024-01-01"), (true, first.clone()));
    assert_eq!(version("2024-06-29"), (true, first.clone())); // a Saturday
    assert_eq!(version("2024-06-30"), (false, first));
    assert_eq!(version("2024-07-01"), (true, second.clone()));
    assert_eq!(version("2024-07-06"), (false, second.clone())); // a Saturday
    assert_eq!(version("2024-12-31"), (true, second));
}

#[test]
fn working_hours_follow_office_periods() {
    let set = national();
    let c = cal(&set);
    let at = |s: &str| VnDateTime::parse(s).unwrap_or(VnDateTime::start_of_day(date("2000-01-01")));
    assert!(c
        .office_hours()
        .is_ok_and(|h| h.is_default && h.status == Status::Unconfirmed));
    // Fri 2024-05-03 10:30 + 8 h: 1 h to 11:30, 3.5 h afternoon, then Sat 04/05 (make-up day) 3.5 h → 11:00.
    let r = c
        .add_working_hours(at("2024-05-03T10:30:00+07:00"), 8)
        .map(|t| t.to_string());
    assert_eq!(r.as_deref(), Ok("2024-05-04T11:00:00+07:00"));
    // Exactly to the end of the morning period: 11:30, not 13:30.
    let r = c
        .add_working_hours(at("2024-05-07T07:30:00+07:00"), 4)
        .map(|t| t.to_string());
    assert_eq!(r.as_deref(), Ok("2024-05-07T11:30:00+07:00"));
    // From a holiday evening: Tết 2026 (16–20/02, then the weekend) → Mon 23/02 08:30.
    let r = c
        .add_working_hours(at("2026-02-16T20:00:00+07:00"), 1)
        .map(|t| t.to_string());
    assert_eq!(r.as_deref(), Ok("2026-02-23T08:30:00+07:00"));
    assert_eq!(
        c.working_seconds_between(
            at("2024-05-07T11:00:00+07:00"),
            at("2024-05-07T14:00:00+07:00")
        ),
        Ok(3600)
    );
}

#[test]
fn adding_working_days_across_tet_2026() {
    let set = national();
    let c = cal(&set);
    // Fri 13/02/2026 + 1 → Mon 23/02 (Tết 16–20/02 and two weekends).
    assert_eq!(
        c.add_working_days(date("2026-02-13"), 1),
        Ok(date("2026-02-23"))
    );
    assert_eq!(
        c.working_days_between(date("2026-02-13"), date("2026-02-23")),
        Ok(1)
    );
    assert_eq!(
        c.add_working_days(date("2026-02-23"), -1),
        Ok(date("2026-02-13"))
    );
    // From inside the break: 0 rolls forward, negative counts strictly before.
    assert_eq!(
        c.add_working_days(date("2026-02-18"), 0),
        Ok(date("2026-02-23"))
    );
    assert_eq!(
        c.add_working_days(date("2026-02-18"), -1),
        Ok(date("2026-02-13"))
    );
    assert!(matches!(
        c.add_working_days(date("2013-04-30"), 1),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        c.add_working_days(date("2100-12-30"), 5),
        Err(CalendarError::ResultOutOfRange { .. })
    ));
}
