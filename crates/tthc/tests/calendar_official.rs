//! The national calendar, day by day for 2018–2026, against the official
//! tables of the yearly notices (transcribed here by hand from the notices and
//! pages each day of catalog/calendar/schedule-*.toml cites; docs/sources.md §5).
//!
//! The tables list only weekdays off and working Saturdays/Sundays; every
//! other day is an ordinary workday (Mon–Fri) or rest day (Sat–Sun). They are
//! transcribed below, one entry per row, with the row's status in the brief:
//!
//! - `C` CONFIRMED (the notice was read: 6519/VPCP-KGVX, for 2019 and 31/12/2018);
//! - `S` CONFIRMED (secondary): news or portals quoting the notice;
//! - `D` DERIVED: a Labour Code day plus its weekday, or a computed lunar date;
//! - `U` UNCONFIRMED in the brief.
//!
//! Treatment: every row, whatever its status, must match day by day (the
//! catalogue encodes all of them, because leaving an unconfirmed day off out
//! would silently make it a working day). Rows marked `U` must additionally
//! be reported with status `unconfirmed` by `day_info`, so that the CLI and
//! receipts show the doubt; rows marked `C` must cite their notice.

mod calendar_support;

use calendar_support::{cal, date, days, national, rules_only};
use tthc::calendar::{DayKind, YearStatus};
use tthc::legal::Status;
use tthc::Weekday;

/// (dates, working?, status in the brief, document the row must cite).
type Row = (&'static [&'static str], bool, char, &'static str);

const OFFICIAL: &[Row] = &[
    // §3.3 2018
    (&["2018-01-01"], false, 'D', "10/2012/QH13"),
    (
        &[
            "2018-02-14",
            "2018-02-15",
            "2018-02-16",
            "2018-02-19",
            "2018-02-20",
        ],
        false,
        'U',
        "vpcp-tet-2018@unknown",
    ),
    (&["2018-04-25"], false, 'D', "10/2012/QH13"),
    (&["2018-04-30", "2018-05-01"], false, 'D', "10/2012/QH13"),
    (&["2018-09-03"], false, 'U', "10/2012/QH13"),
    (&["2018-12-31"], false, 'C', "6519/VPCP-KGVX"),
    // §3.3 2019, Công văn 6519/VPCP-KGVX, CONFIRMED
    (&["2019-01-01"], false, 'C', "6519/VPCP-KGVX"),
    (&["2019-01-05"], true, 'C', "6519/VPCP-KGVX"),
    (
        &[
            "2019-02-04",
            "2019-02-05",
            "2019-02-06",
            "2019-02-07",
            "2019-02-08",
        ],
        false,
        'C',
        "6519/VPCP-KGVX",
    ),
    (&["2019-04-15"], false, 'U', "10/2012/QH13"),
    (&["2019-04-29"], false, 'C', "6519/VPCP-KGVX"),
    (&["2019-04-30", "2019-05-01"], false, 'C', "6519/VPCP-KGVX"),
    (&["2019-05-04"], true, 'C', "6519/VPCP-KGVX"),
    (&["2019-09-02"], false, 'C', "6519/VPCP-KGVX"),
    // §3.3 2020
    (&["2020-01-01"], false, 'D', "10/2012/QH13"),
    (
        &[
            "2020-01-23",
            "2020-01-24",
            "2020-01-27",
            "2020-01-28",
            "2020-01-29",
        ],
        false,
        'U',
        "vpcp-tet-2020@unknown",
    ),
    (&["2020-04-02"], false, 'D', "10/2012/QH13"),
    (&["2020-04-30", "2020-05-01"], false, 'D', "10/2012/QH13"),
    (&["2020-09-02"], false, 'D', "10/2012/QH13"),
    // §3.3 2021
    (&["2021-01-01"], false, 'D', "45/2019/QH14"),
    (
        &[
            "2021-02-10",
            "2021-02-11",
            "2021-02-12",
            "2021-02-15",
            "2021-02-16",
        ],
        false,
        'S',
        "45/2019/QH14",
    ),
    (&["2021-04-21"], false, 'D', "45/2019/QH14"),
    (&["2021-04-30"], false, 'D', "45/2019/QH14"),
    (&["2021-05-03"], false, 'D', "45/2019/QH14"),
    (&["2021-09-02", "2021-09-03"], false, 'S', "45/2019/QH14"),
    // §3.3 2022
    (&["2022-01-03"], false, 'S', "45/2019/QH14"),
    (
        &[
            "2022-01-31",
            "2022-02-01",
            "2022-02-02",
            "2022-02-03",
            "2022-02-04",
        ],
        false,
        'S',
        "245/VPCP-KGVX",
    ),
    (&["2022-04-11"], false, 'S', "45/2019/QH14"),
    (&["2022-05-02", "2022-05-03"], false, 'S', "45/2019/QH14"),
    (&["2022-09-01", "2022-09-02"], false, 'S', "45/2019/QH14"),
    // §3.3 2023
    (&["2023-01-02"], false, 'S', "45/2019/QH14"),
    (
        &[
            "2023-01-20",
            "2023-01-23",
            "2023-01-24",
            "2023-01-25",
            "2023-01-26",
        ],
        false,
        'S',
        "8056/VPCP-KGVX",
    ),
    (&["2023-05-01"], false, 'D', "45/2019/QH14"),
    (&["2023-05-02", "2023-05-03"], false, 'D', "45/2019/QH14"),
    (&["2023-09-01", "2023-09-04"], false, 'S', "8056/VPCP-KGVX"),
    // §3.3 2024
    (&["2024-01-01"], false, 'D', "45/2019/QH14"),
    (
        &[
            "2024-02-08",
            "2024-02-09",
            "2024-02-12",
            "2024-02-13",
            "2024-02-14",
        ],
        false,
        'S',
        "8662/VPCP-KGVX",
    ),
    (&["2024-04-18"], false, 'D', "45/2019/QH14"),
    (&["2024-04-29"], false, 'S', "2450/VPCP-KGVX"),
    (&["2024-04-30", "2024-05-01"], false, 'S', "45/2019/QH14"),
    (&["2024-05-04"], true, 'S', "2450/VPCP-KGVX"),
    (&["2024-09-02", "2024-09-03"], false, 'S', "5015/TB-LĐTBXH"),
    // §3.3 2025
    (&["2025-01-01"], false, 'D', "45/2019/QH14"),
    (
        &[
            "2025-01-27",
            "2025-01-28",
            "2025-01-29",
            "2025-01-30",
            "2025-01-31",
        ],
        false,
        'S',
        "8726/VPCP-KGVX",
    ),
    (&["2025-04-07"], false, 'D', "45/2019/QH14"),
    (&["2025-04-30", "2025-05-01"], false, 'D', "45/2019/QH14"),
    (&["2025-05-02"], false, 'S', "6150/TB-BLĐTBXH"),
    (&["2025-04-26"], true, 'S', "6150/TB-BLĐTBXH"),
    (&["2025-09-01", "2025-09-02"], false, 'S', "6150/TB-BLĐTBXH"),
    // §3.3 2026, with §13.3 (notice numbers) and §13.6 (24/11)
    (&["2026-01-01"], false, 'D', "45/2019/QH14"),
    (&["2026-01-02"], false, 'S', "12729/VPCP-KGVX"),
    (&["2026-01-10"], true, 'S', "12729/VPCP-KGVX"),
    (
        &[
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
        ],
        false,
        'S',
        "9441/TB-BNV",
    ),
    (&["2026-04-27"], false, 'S', "45/2019/QH14"),
    (&["2026-04-30", "2026-05-01"], false, 'S', "45/2019/QH14"),
    (
        &["2026-08-31", "2026-09-01", "2026-09-02"],
        false,
        'S',
        "9441/TB-BNV",
    ),
    (&["2026-08-22"], true, 'S', "9441/TB-BNV"),
    (&["2026-11-24"], false, 'U', "10065/VPCP-KGVX"),
];

fn plain_week(w: Weekday) -> bool {
    !matches!(w, Weekday::Sat | Weekday::Sun)
}

#[test]
fn every_day_2018_2026_matches_the_official_tables() {
    let set = national();
    let c = cal(&set);
    let mut expected_exceptions = std::collections::HashMap::new();
    for &(dates, working, _, _) in OFFICIAL {
        for d in dates {
            assert!(
                expected_exceptions.insert(date(d), working).is_none(),
                "{d} listed twice"
            );
        }
    }
    let mut checked = 0;
    for d in days(date("2018-01-01"), date("2026-12-31")) {
        let expected = expected_exceptions
            .get(&d)
            .copied()
            .unwrap_or(plain_week(d.weekday()));
        assert_eq!(c.is_working_day(d), Ok(expected), "{d} ({:?})", d.weekday());
        checked += 1;
    }
    assert_eq!(checked, 3287);
    for y in 2018..=2026 {
        assert_eq!(c.year_status(y), YearStatus::Official, "{y}");
    }
}

#[test]
fn rows_carry_their_status_and_notice() {
    let set = national();
    let c = cal(&set);
    for &(dates, working, status, doc) in OFFICIAL {
        for d in dates {
            let Ok(info) = c.day_info(date(d)) else {
                unreachable!("{d} is covered")
            };
            assert_eq!(info.working, working, "{d}");
            assert!(!info.estimated, "{d}: official rows are not estimates");
            assert!(
                info.reason.legal_basis.iter().any(|r| r.doc == doc),
                "{d} must cite {doc}: {:?}",
                info.reason.legal_basis
            );
            match status {
                'U' => assert_eq!(info.reason.status, Status::Unconfirmed, "{d}"),
                'C' => assert_eq!(info.reason.status, Status::Confirmed, "{d}"),
                _ => assert!(
                    info.reason.status != Status::Confirmed || doc == "6519/VPCP-KGVX",
                    "{d}"
                ),
            }
        }
    }
}

#[test]
fn the_rejected_november_2026_proposal_is_not_encoded() {
    // Mon 23/11 off and Sat 28/11 worked were proposed, not adopted (10065/VPCP-KGVX).
    let set = national();
    let c = cal(&set);
    assert_eq!(c.is_working_day(date("2026-11-23")), Ok(true));
    assert_eq!(c.is_working_day(date("2026-11-28")), Ok(false));
    let Ok(info) = c.day_info(date("2026-11-28")) else {
        unreachable!()
    };
    assert_eq!(info.kind, DayKind::WeeklyRest);
}

/// The rules alone (no schedule) reproduce the official tables except for
/// the Prime Minister's swaps, which no rule can derive (docs/sources.md §5). This pins both the rules and that list of swaps.
#[test]
fn rules_alone_differ_from_the_tables_only_by_swaps() {
    let rules = rules_only();
    let official = national();
    let mut differences = Vec::new();
    for d in days(date("2018-01-01"), date("2026-12-31")) {
        if cal(&rules).is_working_day(d) != cal(&official).is_working_day(d) {
            differences.push(d.to_string());
        }
    }
    let swaps = [
        "2018-12-31",
        "2019-01-05",
        "2019-04-29",
        "2019-05-04",
        "2024-04-29",
        "2024-05-04",
        "2025-04-26",
        "2025-05-02",
        "2026-01-02",
        "2026-01-10",
        "2026-08-22",
        "2026-08-31",
    ];
    assert_eq!(differences, swaps);
}

#[test]
fn years_without_a_notice_are_estimated() {
    let set = national();
    let c = cal(&set);
    assert_eq!(c.year_status(2027), YearStatus::Partial);
    assert_eq!(c.year_status(2030), YearStatus::Estimated);
    assert_eq!(c.year_status(2017), YearStatus::Estimated);
    // Tết 2030 (lunar 1/1 = Sat 02/02/2030, see calendar_lunar.rs): eve Fri 01/02, Saturday
    // compensated on Thu 31/01, mùng 2–4 on Sun–Tue, Sunday compensated on Wed 06/02.
    for d in [
        "2030-01-31",
        "2030-02-01",
        "2030-02-04",
        "2030-02-05",
        "2030-02-06",
    ] {
        let Ok(info) = c.day_info(date(d)) else {
            unreachable!()
        };
        assert!(!info.working && info.estimated, "{d}: {info:?}");
    }
    assert_eq!(c.is_working_day(date("2030-02-07")), Ok(true));
    // A 2027 day settled by 10065/VPCP-KGVX is not estimated; a computed one is.
    let Ok(tet) = c.day_info(date("2027-02-04")) else {
        unreachable!()
    };
    assert!(!tet.estimated && !tet.working);
    let Ok(new_year) = c.day_info(date("2027-01-01")) else {
        unreachable!()
    };
    assert!(new_year.estimated && !new_year.working);
}

#[test]
fn culture_day_from_2027_is_computed_without_weekend_compensation() {
    let set = national();
    let c = cal(&set);
    // Wed 24/11/2027 is off (estimated); Sat 24/11/2029 gives no Monday off (holidays.toml note).
    assert_eq!(c.is_working_day(date("2027-11-24")), Ok(false));
    assert_eq!(c.is_working_day(date("2029-11-26")), Ok(true));
}
