//! KPI metrics over dossier records: records per second on one core.
//!
//! Input: 200,000 made-up CSV rows in memory, in the shape `tthc synth`
//! writes (catalogue procedures and provinces, three instants per row,
//! 2024–2026), so the measurement is CPU, not disk.
//!
//! Baseline `split_lines`: the least any CSV reader must do — find every
//! line and every comma and check UTF-8 (with `std::str::from_utf8`, as a
//! reader does by default) — measured in the same run, so the full pipeline
//! reads as a multiple of bare parsing. (`csv_reader` beats it: it checks
//! only the fields that are not ASCII, with its own UTF-8 automaton.) `csv_reader` is the
//! metrics' own reader alone; `compute` is the whole run (read, check,
//! catalogue facts, deadline status, aggregation, report). `compute_events`
//! replays lifecycle events through `Engine::track_as_of` instead.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand_xoshiro::rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::SplitMix64;
use tthc::metrics::{self, CsvReader, Format, Options};
use tthc::{Date, Engine, VnDateTime};

const ROWS: usize = 200_000;

/// A seeded SplitMix64 (`rand_xoshiro`), so the input is the same every run.
struct Rng(SplitMix64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n as u64) as usize
    }
}

fn csv_input(engine: &Engine) -> String {
    let cat = engine.catalog();
    let procs: Vec<&str> = cat
        .procedures()
        .iter()
        .filter(|p| p.overlay.is_none())
        .map(|p| p.id.as_str())
        .collect();
    let start = Date::from_ymd(2024, 1, 1).unwrap_or(Date::MIN);
    let channels = [
        "national-portal",
        "provincial-portal",
        "in-person",
        "in-person",
        "postal",
    ];
    let levels = ["full", "partial", "2"];
    let mut rng = Rng(SplitMix64::seed_from_u64(7));
    let mut s = String::from("dossier,procedure,agency,province,sector,agency_level,channel,received_at,due_at,completed_at,events,paid_online,electronic_result,digitised,full_process,online_level,synthetic\n");
    for i in 0..ROWS {
        let day = start.add_days(rng.below(1000) as i32).unwrap_or(start);
        let provs: Vec<&str> = cat
            .provinces()
            .iter()
            .filter(|p| p.validity.contains(day))
            .map(|p| p.id.as_str())
            .collect();
        let prov = provs
            .get(rng.below(provs.len().max(1)))
            .copied()
            .unwrap_or("ha-noi");
        let p = procs
            .get(rng.below(procs.len().max(1)))
            .copied()
            .unwrap_or("x");
        let received = VnDateTime::new(day, 8 + rng.below(8) as u32, rng.below(60) as u32, 0)
            .unwrap_or(VnDateTime::start_of_day(day));
        let due = VnDateTime::new(
            day.add_days(3 + rng.below(10) as i32).unwrap_or(day),
            17,
            0,
            0,
        )
        .unwrap_or(received);
        let done = VnDateTime::new(
            day.add_days(1 + rng.below(14) as i32).unwrap_or(day),
            10,
            0,
            0,
        )
        .unwrap_or(received);
        s.push_str(&format!(
            "SYN-{i:08},{p},Cấp xã – Tỉnh {prov},{prov},,,{},{received},{due},{done},,{},true,{},,{},true\n",
            channels[rng.below(channels.len())],
            ["true", "false", ""][rng.below(3)],
            ["true", "false"][rng.below(2)],
            levels[rng.below(levels.len())],
        ));
    }
    s
}

fn events_input(n: usize) -> String {
    let mut s = String::new();
    let start = Date::from_ymd(2024, 6, 17).unwrap_or(Date::MIN);
    for i in 0..n {
        let day = start.add_days((i % 300) as i32).unwrap_or(start);
        let at = |d: i32, h: u32| {
            VnDateTime::new(day.add_days(d).unwrap_or(day), h, 0, 0)
                .map(|t| t.to_string())
                .unwrap_or_default()
        };
        s.push_str(&format!(
            "{{\"dossier\":\"E{i}\",\"procedure\":\"ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt\",\"province\":\"ha-noi\",\"channel\":\"in-person\",\"events\":[{{\"kind\":\"received\",\"at\":\"{}\"}},{{\"kind\":\"result_returned\",\"at\":\"{}\"}}]}}\n",
            at(0, 9),
            at((i % 7) as i32, 15)
        ));
    }
    s
}

fn bench(c: &mut Criterion) {
    let Ok(engine) = Engine::embedded() else {
        return;
    };
    let input = csv_input(&engine);
    let options = Options {
        as_of: VnDateTime::parse("2026-12-31T12:00:00").ok(),
        ..Options::default()
    };
    let mut g = c.benchmark_group("metrics");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("split_lines (baseline)", |b| {
        b.iter(|| {
            let mut fields = 0usize;
            for line in black_box(input.as_bytes()).split(|&c| c == b'\n') {
                if std::str::from_utf8(line).is_ok() {
                    fields += line.iter().filter(|&&c| c == b',').count() + 1;
                }
            }
            fields
        })
    });
    g.bench_function("csv_reader", |b| {
        b.iter(|| {
            let mut r = CsvReader::new(black_box(input.as_bytes()));
            let mut fields = 0usize;
            while let Ok(Some(rec)) = r.next_record() {
                fields += rec.map_or(0, |r| r.len());
            }
            fields
        })
    });
    g.bench_function("compute", |b| {
        b.iter(|| {
            metrics::compute_reader(
                black_box(input.as_bytes()),
                Format::Csv,
                &engine,
                options.clone(),
            )
            .map(|r| r.rows.len())
        })
    });
    let events = events_input(20_000);
    g.throughput(Throughput::Elements(20_000));
    g.bench_function("compute_events (Engine::track_as_of per record)", |b| {
        b.iter(|| {
            metrics::compute_reader(
                black_box(events.as_bytes()),
                Format::JsonLines,
                &engine,
                options.clone(),
            )
            .map(|r| r.rows.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
