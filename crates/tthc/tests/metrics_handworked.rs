//! Every KPI of `tthc::metrics` on small made-up fixtures, each expected
//! number worked out by hand in the comments.
#![allow(clippy::panic)] // a fixture that cannot be read must fail the test loudly

use std::path::PathBuf;

use tthc::metrics::{self, MetricsError, Options, PeriodKind, Report, UnitKind};
use tthc::{Engine, VnDateTime};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn options(by: UnitKind, period: PeriodKind) -> Options {
    Options {
        by,
        period,
        // Open dossiers are judged at the end of March 2025.
        as_of: Some(VnDateTime::parse("2025-03-31T12:00:00").unwrap_or_else(|e| panic!("{e}"))),
        ..Options::default()
    }
}

fn run(name: &str, by: UnitKind, period: PeriodKind) -> Report {
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("{e}"));
    metrics::compute_path(&fixture(name), &engine, options(by, period))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The value of `kpi` for `unit` in `period`.
fn value(r: &Report, period: &str, unit: &str, kpi: &str) -> Option<f64> {
    r.rows
        .iter()
        .find(|x| x.period == period && x.unit == unit && x.kpi == kpi)
        .unwrap_or_else(|| panic!("no row {period} {unit} {kpi}"))
        .value
}

fn close(r: &Report, period: &str, unit: &str, kpi: &str, expected: f64) {
    let v =
        value(r, period, unit, kpi).unwrap_or_else(|| panic!("{period} {unit} {kpi}: no value"));
    assert!(
        (v - expected).abs() < 1e-9,
        "{period} {unit} {kpi}: {v} ≠ {expected}"
    );
}

// sample-metrics-basic.csv, March 2025 (D7, line 8, has channel `fax`: malformed, not counted):
//   D1 khai-sinh (full)     ha-noi   national-portal  due 03-05, done 03-04 → early, 1 wd
//   D2 khai-sinh (full)     ha-noi   in-person        due 03-05, done 03-05 → on time, 2 wd
//   D3 tam-tru (partial)    ha-noi   provincial-portal due 03-06, done 03-10 → late, 4 wd (5,6,7,10)
//   D4 con-dau (level 2)    ha-noi   in-person        due 03-12, open at 03-31 → open, overdue
//   D5 tach-ho (partial)    ha-noi   in-person        due 04-10, open → open, not overdue
//   D6 9.999999 (unknown)   ha-giang postal           no due, done 03-11 → finished undated, 2 wd
//   D8 khai-sinh (full)     ha-giang national-portal  due 03-12, done 03-12 → on time, 2 wd
// April 2025: D9 khai-sinh ha-noi in-person, due 04-03, done 04-02 → early, 1 wd.
#[test]
fn basic_csv_every_kpi_by_hand() {
    let r = run(
        "sample-metrics-basic.csv",
        UnitKind::Province,
        PeriodKind::Month,
    );
    let m = "2025-03";
    // 7 dossiers in March (D7 is malformed).
    close(&r, m, "*", "dossiers", 7.0);
    // Online: D1, D3, D8 = 3 of 7.
    close(&r, m, "*", "online-dossier-share", 300.0 / 7.0);
    // DVCTT with a dossier: khai-sinh, tam-tru, tach-ho (con-dau is level 2,
    // 9.999999 has no level); with an online one: khai-sinh, tam-tru → 2/3.
    close(&r, m, "*", "dvctt-with-online-dossier", 200.0 / 3.0);
    // Full-process dossiers: D1, D2, D8; online: D1, D8 → 2/3.
    close(&r, m, "*", "full-process-online-share", 200.0 / 3.0);
    // Online full-process of all dossiers: 2/7.
    close(&r, m, "*", "full-process-online-of-all", 200.0 / 7.0);
    // With a deadline and finished: D1 early, D2 on time, D3 late, D8 on time.
    close(&r, m, "*", "early-share", 25.0);
    close(&r, m, "*", "on-time-share", 50.0);
    close(&r, m, "*", "late-share", 25.0);
    close(&r, m, "*", "early-or-on-time-share", 75.0);
    // (2×1 + 1×2 + 0×1) / 4.
    close(&r, m, "*", "tt01-indicator1-average", 1.0);
    // Finished: D1 1, D2 2, D3 4, D6 2, D8 2 → 11/5.
    close(&r, m, "*", "avg-processing-working-days", 2.2);
    // digitised given for D1 t, D2 t, D3 f, D4 t, D8 t → 4/5.
    close(&r, m, "*", "digitised-share", 80.0);
    // electronic_result given for D1 t, D2 f, D3 t, D8 t → 3/4.
    close(&r, m, "*", "electronic-result-share", 75.0);
    // paid_online given for D1 t, D2 f, D8 t → 2/3.
    close(&r, m, "*", "online-payment-share", 200.0 / 3.0);
    // Indicator 9, all units: D3 is an online dossier finished late → 0.
    close(&r, m, "*", "tt01-indicator9", 0.0);
    // ha-giang: D6, D8; online D8 → 50 %; procedures 9.999999 and khai-sinh,
    // khai-sinh offered online → 50 % ≥ 20 %; no online dossier open or late → 2.
    close(&r, m, "ha-giang", "online-dossier-share", 50.0);
    close(&r, m, "ha-giang", "tt01-indicator9", 2.0);
    // ha-noi: 5 dossiers, online D1, D3 → 40 %.
    close(&r, m, "ha-noi", "online-dossier-share", 40.0);
    close(&r, m, "ha-noi", "tt01-indicator9", 0.0);
    // April: only D9, early.
    close(&r, "2025-04", "ha-noi", "early-share", 100.0);
    // No digitised field in April: no value rather than 0.
    assert_eq!(value(&r, "2025-04", "*", "digitised-share"), None);
}

#[test]
fn gaps_to_the_unconfirmed_targets() {
    let r = run(
        "sample-metrics-basic.csv",
        UnitKind::Province,
        PeriodKind::Month,
    );
    let row = |kpi: &str| {
        r.rows
            .iter()
            .find(|x| x.period == "2025-03" && x.unit == "*" && x.kpi == kpi)
            .unwrap_or_else(|| panic!("{kpi}"))
    };
    // 300/7 − 50 = −7.142857…
    let online = row("online-dossier-share");
    assert_eq!(online.target, Some(50.0));
    assert!((online.gap.unwrap_or(0.0) - (300.0 / 7.0 - 50.0)).abs() < 1e-9);
    assert_eq!(online.meets_target, Some(false));
    assert_eq!(online.target_status.as_deref(), Some("unconfirmed"));
    // 200/3 − 80 = −13.33…
    assert!((row("dvctt-with-online-dossier").gap.unwrap_or(0.0) + 40.0 / 3.0).abs() < 1e-9);
    // 200/7 − 70.
    assert!(
        (row("full-process-online-of-all").gap.unwrap_or(0.0) - (200.0 / 7.0 - 70.0)).abs() < 1e-9
    );
    // KPIs without a target carry none.
    assert_eq!(row("late-share").target, None);
    assert_eq!(row("late-share").gap, None);
}

#[test]
fn malformed_rows_and_warnings_are_listed_with_their_lines() {
    let r = run(
        "sample-metrics-basic.csv",
        UnitKind::Province,
        PeriodKind::Month,
    );
    assert_eq!(r.records, 8);
    assert_eq!(r.issues.malformed, 1);
    assert_eq!(r.issues.warnings, 1);
    let lines: Vec<(u64, &str, &str)> = r
        .issues
        .listed
        .iter()
        .map(|i| (i.line, i.severity, i.kind.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (7, "warning", "warning:unknown-procedure"),
            (8, "malformed", "malformed:channel")
        ]
    );
    assert_eq!(r.issues.listed[1].dossier.as_deref(), Some("D7"));
}

#[test]
fn strict_stops_at_the_first_malformed_row() {
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("{e}"));
    let mut o = options(UnitKind::Province, PeriodKind::Month);
    o.strict = true;
    let e = metrics::compute_path(&fixture("sample-metrics-basic.csv"), &engine, o).unwrap_err();
    assert!(matches!(e, MetricsError::Strict { line: 8, .. }), "{e}");
}

#[test]
fn the_same_records_as_csv_and_as_json_lines_give_the_same_rows() {
    let a = run(
        "sample-metrics-basic.csv",
        UnitKind::Province,
        PeriodKind::Month,
    );
    let b = run(
        "sample-metrics-basic.jsonl",
        UnitKind::Province,
        PeriodKind::Month,
    );
    assert!(!a.rows.is_empty());
    assert_eq!(a.rows, b.rows);
}

#[test]
fn quarters_years_and_other_units() {
    // Q1: the 7 March dossiers; Q2: D9.
    let q = run(
        "sample-metrics-basic.csv",
        UnitKind::Province,
        PeriodKind::Quarter,
    );
    close(&q, "2025-Q1", "*", "dossiers", 7.0);
    close(&q, "2025-Q2", "*", "dossiers", 1.0);
    let y = run(
        "sample-metrics-basic.csv",
        UnitKind::Province,
        PeriodKind::Year,
    );
    close(&y, "2025", "*", "dossiers", 8.0);
    // Early: D1, D9 of 5 timed (D1, D2, D3, D8, D9).
    close(&y, "2025", "*", "early-share", 40.0);
    // Sector from the catalogue: ho-tich D1 D2 D8, cu-tru D3 D5, con-dau D4;
    // 9.999999 has none.
    let s = run(
        "sample-metrics-basic.csv",
        UnitKind::Sector,
        PeriodKind::Month,
    );
    close(&s, "2025-03", "ho-tich", "dossiers", 3.0);
    close(&s, "2025-03", "cu-tru", "dossiers", 2.0);
    close(&s, "2025-03", "con-dau", "dossiers", 1.0);
    close(&s, "2025-03", "(không rõ / unknown)", "dossiers", 1.0);
    // Agency text, with its comma kept from the quoted CSV field: D1, D2.
    let a = run(
        "sample-metrics-basic.csv",
        UnitKind::Agency,
        PeriodKind::Month,
    );
    close(&a, "2025-03", "UBND xã A, huyện B", "dossiers", 2.0);
    close(&a, "2025-03", "Sở \"Thử nghiệm\"", "dossiers", 1.0);
    // Procedure: khai-sinh D1 D2 D8; its DVCTT share is 1/1.
    let p = run(
        "sample-metrics-basic.csv",
        UnitKind::Procedure,
        PeriodKind::Month,
    );
    close(&p, "2025-03", "ho-tich.dang-ky-khai-sinh", "dossiers", 3.0);
    close(
        &p,
        "2025-03",
        "ho-tich.dang-ky-khai-sinh",
        "dvctt-with-online-dossier",
        100.0,
    );
}

// sample-metrics-events.jsonl: liên thông khai sinh (3 working days, from
// the catalogue) in ha-noi, all received Mon 2025-03-03 09:00, due Thu 03-06:
//   E1 returned 03-05 → early, 2 wd       E2 returned 03-06 → on time, 3 wd
//   E3 returned 03-10 → late, 5 wd (online, paid_online false)
//   E4 supplement 03-04 → complete 03-10 (restart: due 03-13), returned 03-12 → early, 7 wd
//   E5 withdrawn      E6 open at 03-31, past 03-06 → overdue (online)
//   E7 dien.cap-dien-moi-tu-luoi-dien-ha-ap: its time is recorded unknown → warning, no status
//   line 8 blank; line 9 not JSON → malformed
//   R1 Hà Giang on 2025-07-01 → Tuyên Quang; online, full, early, 2 wd.
#[test]
fn events_are_replayed_by_the_deadline_engine() {
    let r = run(
        "sample-metrics-events.jsonl",
        UnitKind::Province,
        PeriodKind::Month,
    );
    let m = "2025-03";
    close(&r, m, "*", "dossiers", 7.0);
    close(&r, m, "*", "online-dossier-share", 200.0 / 7.0); // E3, E6
    close(&r, m, "*", "early-share", 50.0); // E1, E4 of 4
    close(&r, m, "*", "on-time-share", 25.0);
    close(&r, m, "*", "late-share", 25.0);
    close(&r, m, "*", "tt01-indicator1-average", 1.25); // (2+1+0+2)/4
    close(&r, m, "*", "avg-processing-working-days", 4.25); // (2+3+5+7)/4
    close(&r, m, "*", "digitised-share", 100.0); // E1 only
    close(&r, m, "*", "electronic-result-share", 100.0); // E2 only
    close(&r, m, "*", "online-payment-share", 0.0); // E3 false
                                                    // No online level known for these procedures: no DVCTT share, no full-process share.
    assert_eq!(value(&r, m, "*", "dvctt-with-online-dossier"), None);
    assert_eq!(value(&r, m, "*", "full-process-online-share"), None);
    close(&r, m, "*", "full-process-online-of-all", 0.0);
    close(&r, m, "*", "tt01-indicator9", 0.0);
    // After the merger, Hà Giang's dossier counts for Tuyên Quang.
    close(&r, "2025-07", "tuyen-quang", "dossiers", 1.0);
    close(&r, "2025-07", "tuyen-quang", "tt01-indicator9", 2.0);
    let tq = r
        .rows
        .iter()
        .find(|x| x.unit == "tuyen-quang")
        .unwrap_or_else(|| panic!("no tuyen-quang row"));
    assert_eq!(tq.unit_name.as_deref(), Some("Tuyên Quang"));
    let kinds: Vec<(u64, &str)> = r
        .issues
        .listed
        .iter()
        .map(|i| (i.line, i.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [(7, "warning:no-processing-time"), (9, "malformed:json")]
    );
}

#[test]
fn the_output_forms_carry_every_row() {
    let r = run(
        "sample-metrics-basic.csv",
        UnitKind::Province,
        PeriodKind::Month,
    );
    let mut csv = Vec::new();
    r.write_csv(&mut csv).unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8(csv).unwrap_or_default();
    assert_eq!(csv.lines().count(), r.rows.len() + 1);
    assert!(csv.starts_with(metrics::report::CSV_HEADER));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap_or_default();
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(r.rows.len()));
    assert_eq!(
        json["kpis"].as_array().map(Vec::len),
        Some(metrics::kpi::REGISTRY.len())
    );
    let html = metrics::html::render(&r);
    for k in metrics::kpi::registry() {
        assert_eq!(
            html.contains(&format!("data-kpi=\"{}\"", k.id)),
            k.computable,
            "{}",
            k.id
        );
    }
    // Self-contained: nothing is fetched (the only URL is the SVG namespace).
    for fetch in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(fetch), "{fetch}");
    }
    assert!(!html.contains("<script"));
    let table = r.to_table();
    assert!(table.contains("line 8: malformed"), "{table}");
}
