//! The mergeable KPI state (`tthc::metrics::MetricsState`): however the
//! input is cut into parts, and in whatever order the parts' states are
//! merged (some of them carried as bytes), the report is the one a single
//! reader gives for the whole input — the same JSON, byte for byte: rows,
//! issues with their lines, notes; with `strict`, the same error.
#![allow(clippy::panic)] // reason: a test fails by panicking
#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: the inputs are made here

use std::sync::OnceLock;

use proptest::prelude::*;
use rand_xoshiro::rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::SplitMix64;
use tthc::metrics::{
    self, escape_csv, Aggregator, CsvColumns, Format, LineFormat, MetricsError, MetricsState,
    Options, PeriodKind, UnitKind,
};
use tthc::{Date, Engine, VnDateTime};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::embedded().unwrap())
}

/// SplitMix64 (`rand_xoshiro`), so that a seed gives the same made-up input.
struct Rng(SplitMix64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(SplitMix64::seed_from_u64(seed))
    }
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// One made-up record as field values (`None`: absent), or a line that is
/// not a record at all.
enum Line {
    Record(Vec<(&'static str, String)>),
    Blank,
    /// CSV: a row with one field too many. JSON Lines: not JSON.
    Broken,
    /// Bytes that are not UTF-8.
    NotUtf8,
}

const PROCEDURES: [&str; 9] = [
    "ho-tich.dang-ky-khai-sinh",
    "cu-tru.dang-ky-tam-tru",
    "cu-tru.tach-ho",
    "con-dau.lam-con-dau-moi",
    "1.000894",
    "9.999999",
    "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt",
    "cu-tru.dang-ky-thuong-tru",
    "ho-tich.dang-ky-khai-tu",
];
const PROVINCES: [&str; 7] = [
    "ha-noi",
    "ha-giang",
    "Hà Giang",
    "tuyen-quang",
    "ho-chi-minh",
    "Atlantis",
    "",
];
const AGENCIES: [&str; 5] = [
    "UBND xã A, huyện B",
    "Công an xã A",
    "Sở \"Thử nghiệm\"",
    "Bộ phận một cửa",
    "",
];
const CHANNELS: [&str; 6] = [
    "national-portal",
    "provincial-portal",
    "in-person",
    "in-person",
    "postal",
    "fax",
];
const FLAGS: [&str; 16] = [
    "true", "false", "", "", "1", "0", "true", "false", "", "true", "false", "", "có", "true",
    "false", "maybe",
];
const LEVELS: [&str; 5] = ["full", "partial", "2", "", "4"];

fn instant(rng: &mut Rng, day: Date, offset: bool) -> String {
    let t = VnDateTime::new(day, 7 + rng.below(11) as u32, rng.below(60) as u32, 0).unwrap();
    let s = t.to_string();
    if offset {
        s
    } else {
        s.trim_end_matches("+07:00").to_string()
    }
}

fn made_up_lines(seed: u64, n: usize) -> Vec<Line> {
    let mut rng = Rng::new(seed);
    let first = Date::from_ymd(2024, 11, 1).unwrap();
    (0..n)
        .map(|i| {
            let r = rng.below(100);
            if r < 4 {
                return Line::Blank;
            }
            if r < 7 {
                return Line::Broken;
            }
            if r < 8 {
                return Line::NotUtf8;
            }
            let day = first.add_days(rng.below(500) as i32).unwrap();
            let mut f: Vec<(&'static str, String)> = vec![
                ("dossier", format!("D{i}")),
                ("procedure", rng.pick(&PROCEDURES).to_string()),
                ("agency", rng.pick(&AGENCIES).to_string()),
                ("province", rng.pick(&PROVINCES).to_string()),
                ("channel", rng.pick(&CHANNELS).to_string()),
                ("paid_online", rng.pick(&FLAGS).to_string()),
                ("digitised", rng.pick(&FLAGS).to_string()),
                ("electronic_result", rng.pick(&FLAGS).to_string()),
                ("online_level", rng.pick(&LEVELS).to_string()),
            ];
            if rng.chance(10) {
                // Events instead of due/completed: replayed by the engine.
                let at = instant(&mut rng, day, true);
                let done_day = day.add_days(rng.below(20) as i32).unwrap();
                let done = instant(&mut rng, done_day, true);
                f.push((
                    "events",
                    format!(
                        r#"[{{"kind":"received","at":"{at}"}},{{"kind":"result_returned","at":"{done}"}}]"#
                    ),
                ));
            } else {
                let received = if rng.chance(2) {
                    "3/3/2025".to_string()
                } else {
                    let offset = rng.chance(50);
                    instant(&mut rng, day, offset)
                };
                f.push(("received_at", received));
                let due = day.add_days(1 + rng.below(15) as i32).unwrap();
                if rng.chance(80) {
                    let due = if rng.chance(30) {
                        due.to_string()
                    } else {
                        instant(&mut rng, due, true)
                    };
                    f.push(("due_at", due));
                }
                if rng.chance(75) {
                    // Now and then before the receipt: malformed.
                    let done = day.add_days(rng.below(20) as i32 - 1).unwrap();
                    f.push(("completed_at", instant(&mut rng, done, true)));
                }
            }
            if rng.chance(3) {
                f.retain(|(k, _)| *k != "dossier");
            }
            Line::Record(f)
        })
        .collect()
}

const HEADER: &str = "dossier,procedure,agency,province,sector,agency_level,channel,received_at,due_at,completed_at,events,paid_online,electronic_result,digitised,full_process,online_level,extra";

fn csv_lines(lines: &[Line], blank_before_header: usize) -> Vec<Vec<u8>> {
    let columns: Vec<&str> = HEADER.split(',').collect();
    let mut out: Vec<Vec<u8>> = vec![Vec::new(); blank_before_header];
    out.push(HEADER.as_bytes().to_vec());
    for l in lines {
        out.push(match l {
            Line::Blank => Vec::new(),
            Line::Broken => format!("{},x", ",".repeat(columns.len() - 1)).into_bytes(),
            Line::NotUtf8 => b"D\xff,1.000894,,,,,in-person,2025-01-02T09:00:00,,,,,,,,,".to_vec(),
            Line::Record(f) => columns
                .iter()
                .map(|c| {
                    f.iter()
                        .find(|(k, _)| k == c)
                        .map_or(String::new(), |(_, v)| escape_csv(v).into_owned())
                })
                .collect::<Vec<_>>()
                .join(",")
                .into_bytes(),
        });
    }
    out
}

fn jsonl_lines(lines: &[Line]) -> Vec<Vec<u8>> {
    lines
        .iter()
        .map(|l| match l {
            Line::Blank => b"   ".to_vec(),
            Line::Broken => b"{not json".to_vec(),
            Line::NotUtf8 => b"{\"dossier\":\"\xff\"}".to_vec(),
            Line::Record(f) => {
                let mut o = serde_json::Map::new();
                for (k, v) in f {
                    let value = if *k == "events" {
                        serde_json::from_str(v).unwrap()
                    } else if v.is_empty() {
                        serde_json::Value::Null
                    } else {
                        serde_json::Value::String(v.clone())
                    };
                    o.insert((*k).to_string(), value);
                }
                serde_json::Value::Object(o).to_string().into_bytes()
            }
        })
        .collect()
}

fn options(by: UnitKind, period: PeriodKind, strict: bool, limit: usize) -> Options {
    Options {
        by,
        period,
        as_of: Some(VnDateTime::parse("2025-06-30T12:00:00").unwrap()),
        strict,
        issue_limit: limit,
    }
}

/// The report of the whole input, read by `compute_reader` as a file is.
fn whole(lines: &[Vec<u8>], format: Format, o: &Options) -> Result<String, MetricsError> {
    let mut text = Vec::new();
    for l in lines {
        text.extend_from_slice(l);
        text.push(b'\n');
    }
    metrics::compute_reader(&text[..], format, engine(), o.clone()).map(|r| r.to_json())
}

/// The state of each part: `cuts` are the lines where a new part starts.
fn part_states(
    lines: &[Vec<u8>],
    format: &LineFormat,
    header: Option<usize>,
    cuts: &[usize],
    o: &Options,
) -> Vec<MetricsState> {
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (lines.len() + 1)).collect();
    bounds.push(0);
    bounds.push(lines.len());
    bounds.sort_unstable();
    bounds
        .windows(2)
        .enumerate()
        .map(|(part, w)| {
            let (start, end) = (w[0], w[1]);
            let mut agg = Aggregator::for_part(engine(), o.clone(), part as u64).unwrap();
            let header = header
                .filter(|h| (start..end).contains(h))
                .map(|h| (h - start + 1) as u64);
            // A strict error stays in the state, as in a Spark partition.
            let read = format.read_lines(
                &mut agg,
                0,
                lines[start..end].iter().map(Vec::as_slice),
                header,
            );
            assert!(matches!(read, Ok(()) | Err(MetricsError::Strict { .. })));
            agg.to_state()
        })
        .collect()
}

/// Merges the states pairwise in an order `order` decides; states whose
/// `via_bytes` bit is set travel as bytes first.
fn merge_in_order(mut states: Vec<MetricsState>, order: &[usize], via_bytes: u64) -> MetricsState {
    for (i, s) in states.iter_mut().enumerate() {
        if via_bytes >> (i % 64) & 1 == 1 {
            *s = MetricsState::from_bytes(&s.to_bytes().unwrap()).unwrap();
        }
    }
    let mut k = 0;
    while states.len() > 1 {
        let i = order.get(k).copied().unwrap_or(0) % states.len();
        let a = states.remove(i);
        let j = order.get(k + 1).copied().unwrap_or(0) % states.len();
        let mut b = states.remove(j);
        b.merge(a).unwrap();
        states.push(b);
        k += 2;
    }
    states.pop().unwrap()
}

const UNITS: [UnitKind; 4] = [
    UnitKind::Province,
    UnitKind::Agency,
    UnitKind::Sector,
    UnitKind::Procedure,
];
const PERIODS: [PeriodKind; 3] = [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year];

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Any split, merged in any order (some states through bytes), gives
    /// the whole input's report.
    #[test]
    fn any_split_merged_in_any_order_is_the_whole_report(
        seed in any::<u64>(),
        n in 0usize..400,
        csv in any::<bool>(),
        blank_before_header in 0usize..3,
        unit in 0usize..4,
        period in 0usize..3,
        limit in prop_oneof![Just(0usize), Just(3), Just(100)],
        strict in prop_oneof![9 => Just(false), 1 => Just(true)],
        cuts in prop::collection::vec(any::<usize>(), 0..10),
        order in prop::collection::vec(any::<usize>(), 0..24),
        via_bytes in any::<u64>(),
    ) {
        let records = made_up_lines(seed, n);
        let o = options(UNITS[unit], PERIODS[period], strict, limit);
        let (lines, format, header, file_format) = if csv {
            let lines = csv_lines(&records, blank_before_header);
            let format = LineFormat::Csv(CsvColumns::from_line(HEADER).unwrap());
            (lines, format, Some(blank_before_header), Format::Csv)
        } else {
            (jsonl_lines(&records), LineFormat::JsonLines, None, Format::JsonLines)
        };
        let expected = whole(&lines, file_format, &o);
        let states = part_states(&lines, &format, header, &cuts, &o);
        let merged = merge_in_order(states, &order, via_bytes);
        let got = merged.finish().map(|r| r.to_json());
        prop_assert_eq!(got, expected);
    }
}

/// The property test above, on one input with every kind of row, split at
/// every line: a check that it is not vacuous (issues listed and cut at the
/// limit, notes, rows in several periods and units).
#[test]
fn the_made_up_input_has_every_kind_of_row() {
    let records = made_up_lines(7, 400);
    let lines = csv_lines(&records, 1);
    let o = options(UnitKind::Province, PeriodKind::Month, false, 3);
    let report = {
        let mut text = Vec::new();
        for l in &lines {
            text.extend_from_slice(l);
            text.push(b'\n');
        }
        metrics::compute_reader(&text[..], Format::Csv, engine(), o.clone()).unwrap()
    };
    assert!(
        report.records > 200,
        "{} {:?}",
        report.records,
        report.issues.by_kind
    );
    assert!(report.issues.truncated);
    assert_eq!(report.issues.listed.len(), 6);
    for kind in [
        "malformed:csv",
        "malformed:channel",
        "malformed:received_at",
        "malformed:completed_at",
        "malformed:dossier",
        "warning:unknown-procedure",
        "warning:unknown-province",
    ] {
        assert!(
            report.issues.by_kind.contains_key(kind),
            "{kind}: {:?}",
            report.issues.by_kind
        );
    }
    assert_eq!(report.notes, ["ignored CSV column(s): extra"]);
    let periods: std::collections::BTreeSet<&str> =
        report.rows.iter().map(|r| r.period.as_str()).collect();
    assert!(periods.len() > 12, "{periods:?}");
    // One part per line, merged back to front.
    let format = LineFormat::Csv(CsvColumns::from_line(HEADER).unwrap());
    let cuts: Vec<usize> = (1..lines.len()).collect();
    let mut states = part_states(&lines, &format, Some(1), &cuts, &o);
    let mut merged = states.pop().unwrap();
    while let Some(s) = states.pop() {
        merged.merge(s).unwrap();
    }
    assert_eq!(merged.finish().unwrap().to_json(), report.to_json());
}

#[test]
fn strict_fails_with_the_first_malformed_line_of_the_whole_input() {
    let lines = jsonl_lines(&made_up_lines(11, 300));
    let o = options(UnitKind::Province, PeriodKind::Month, true, 100);
    let Err(MetricsError::Strict { line, .. }) = whole(&lines, Format::JsonLines, &o) else {
        panic!("the input has malformed rows")
    };
    let states = part_states(
        &lines,
        &LineFormat::JsonLines,
        None,
        &[50, 100, 150, 200],
        &o,
    );
    let merged = merge_in_order(states, &[3, 1, 2, 0, 1], 0b10101);
    let Err(MetricsError::Strict { line: got, .. }) = merged.finish() else {
        panic!("the merged state must fail too")
    };
    assert_eq!(got, line);
}

fn small_state(part: u64, as_of: &str) -> MetricsState {
    let o = Options {
        as_of: Some(VnDateTime::parse(as_of).unwrap()),
        ..Options::default()
    };
    let mut agg = Aggregator::for_part(engine(), o, part).unwrap();
    agg.add_json(
        1,
        r#"{"dossier":"D1","procedure":"1.000894","channel":"postal","received_at":"2025-03-03T09:00:00"}"#,
    )
    .unwrap();
    agg.to_state()
}

#[test]
fn states_of_other_settings_or_of_the_same_part_do_not_merge() {
    let mut a = small_state(0, "2025-03-31T12:00:00");
    let e = a.merge(small_state(1, "2025-04-30T12:00:00")).unwrap_err();
    assert_eq!(e.kind(), tthc::ErrorKind::InvalidState);
    assert!(
        e.to_string()
            .contains("as_of 2025-03-31T12:00:00+07:00 ≠ 2025-04-30T12:00:00+07:00"),
        "{e}"
    );
    let e = a.merge(small_state(0, "2025-03-31T12:00:00")).unwrap_err();
    assert!(
        e.to_string().contains("both states hold lines of part 0"),
        "{e}"
    );
    // A refused merge leaves the state as it was.
    assert_eq!(a.records(), 1);
    a.merge(small_state(1, "2025-03-31T12:00:00")).unwrap();
    assert_eq!(a.records(), 2);
    assert_eq!(a.parts().collect::<Vec<_>>(), [(0, 1), (1, 1)]);
}

#[test]
fn garbage_bytes_are_refused_with_what_is_wrong() {
    let good = small_state(0, "2025-03-31T12:00:00").to_bytes().unwrap();
    assert!(MetricsState::from_bytes(&good).is_ok());
    let refused = |b: &[u8]| match MetricsState::from_bytes(b) {
        Ok(_) => panic!("{b:?} was read as a state"),
        Err(e) => {
            assert_eq!(e.kind(), tthc::ErrorKind::InvalidState);
            e.to_string()
        }
    };
    assert!(refused(b"").contains("shorter than its 26-byte header"));
    assert!(refused(b"PK\x03\x04 this is a zip file, not a state").contains("does not start with"));
    let mut newer = good.clone();
    newer[8] = 2;
    assert!(refused(&newer).contains("format version 2"));
    // Cut anywhere, or any one byte changed: refused, never a panic.
    for n in 0..good.len() {
        refused(&good[..n]);
    }
    for i in 0..good.len() {
        for bit in 0..8 {
            let mut b = good.clone();
            b[i] ^= 1 << bit;
            refused(&b);
        }
    }
    let mut longer = good.clone();
    longer.push(0);
    assert!(refused(&longer).contains("cut or extended"));
    let mut rng = Rng::new(3);
    for len in 0..300 {
        let noise: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        refused(&noise);
    }
}
