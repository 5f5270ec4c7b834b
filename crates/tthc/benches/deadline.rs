//! The due instant of a dossier: `deadline::due` (receipt rules, counting
//! rule, calendar index) against a naive equivalent measured in the same
//! run, plus a batch of 1,000,000 dossiers on one core and the full
//! `Engine::deadline(&Case)` (procedure lookup as of the date, statutory
//! time, policy processing-time cuts, then `due`; no fees or receipt).
//!
//! Baseline `naive`: what a one-stop system without an index does — the same
//! 15:00 cut-off test, then a day-by-day walk with a weekday test and
//! hash-set lookups of holidays and make-up working days (python-holidays
//! style), then the close of office hours. It answers the same question for
//! the same inputs (checked before measuring).
//!
//! Inputs: 4096 dossiers received at instants spread over 2019–2029, in
//! person and online, 5 working days, cycled so that caches and the branch
//! predictor see a realistic mix; the same instants as cases for
//! `Engine::deadline` and the batch `Engine::deadlines`.

use std::collections::HashSet;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use tthc::calendar::WorkingCalendar;
use tthc::catalog::model::TimeUnit;
use tthc::deadline::{self, DeadlineRules, Dossier, Period};
use tthc::engine::Case;
use tthc::Channel;
use tthc::{Catalog, Date, Engine, VnDateTime, Weekday};

const N: u32 = 5;

fn inputs(n: usize) -> Vec<Dossier<'static>> {
    let start = Date::from_ymd(2019, 1, 1).map_or(0, Date::days_since_epoch);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .filter_map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let day = Date::from_days_since_epoch(start + (x % 3900) as i32)?;
            let minute = ((x >> 20) % 1440) as u32;
            Some(Dossier {
                received_at: VnDateTime::new(day, minute / 60, minute % 60, 0)?,
                channel: if i % 2 == 0 {
                    Channel::InPerson
                } else {
                    Channel::NationalPortal
                },
                level: None,
                province: None,
                procedure: "",
                sector: "",
                period: Some(Period::new(N, TimeUnit::WorkingDays)),
            })
        })
        .collect()
}

/// Non-working weekdays and working weekend days, as python-holidays keeps them.
struct Naive {
    off: HashSet<Date>,
    make_up: HashSet<Date>,
}

impl Naive {
    fn new(cal: &WorkingCalendar) -> Naive {
        let mut off = HashSet::new();
        let mut make_up = HashSet::new();
        let (from, to) = (Date::from_ymd(2018, 1, 1), Date::from_ymd(2031, 12, 31));
        if let (Some(mut d), Some(to)) = (from, to) {
            while d <= to {
                let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                match (cal.is_working_day(d), weekend) {
                    (Ok(false), false) => drop(off.insert(d)),
                    (Ok(true), true) => drop(make_up.insert(d)),
                    _ => {}
                }
                d = d.add_days(1).unwrap_or(to);
                if d == to {
                    break;
                }
            }
        }
        Naive { off, make_up }
    }

    fn working(&self, d: Date) -> bool {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        if weekend {
            self.make_up.contains(&d)
        } else {
            !self.off.contains(&d)
        }
    }

    /// Same semantics as the engine for this input shape: in person after
    /// 15:00 or on a day off → next working day 07:30; online outside
    /// office hours → next working time; then N working days strictly
    /// after; due 17:00.
    fn due(&self, d: &Dossier<'_>) -> Option<VnDateTime> {
        let mut day = d.received_at.date();
        let s = d.received_at.second_of_day();
        let next = |mut x: Date| loop {
            x = x.add_days(1)?;
            if self.working(x) {
                return Some(x);
            }
        };
        // In person: the 15:00 cut-off. Online: only a recording after the
        // 17:00 close (or on a day off) changes the day; before opening or
        // at lunch the next working time is the same day.
        let limit = if d.channel == Channel::InPerson {
            54_000
        } else {
            61_200
        };
        let shift = !self.working(day) || s > limit;
        if shift {
            day = next(day)?;
        }
        for _ in 0..N {
            day = next(day)?;
        }
        VnDateTime::new(day, 17, 0, 0)
    }
}

fn bench(c: &mut Criterion) {
    let catalog: &Catalog = match Catalog::embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("embedded catalogue does not load: {e}");
            return;
        }
    };
    let cal = catalog.calendars().national();
    let rules: &DeadlineRules = catalog.deadline_rules();
    let items = inputs(4096);
    let naive = Naive::new(cal);
    // Same answers, or the comparison means nothing.
    let agree = items
        .iter()
        .filter(|d| deadline::due(cal, rules, d).ok().map(|x| x.due_at) == naive.due(d))
        .count();
    eprintln!("naive baseline agrees on {agree} of {} inputs", items.len());

    let mut g = c.benchmark_group("deadline");
    let mut i = 0usize;
    g.bench_function("due (index)", |b| {
        b.iter(|| {
            i = (i + 1) & 4095;
            black_box(deadline::due(cal, rules, black_box(&items[i])).map(|d| d.due_at))
        })
    });
    let mut j = 0usize;
    g.bench_function("naive (day-by-day, hash sets)", |b| {
        b.iter(|| {
            j = (j + 1) & 4095;
            black_box(naive.due(black_box(&items[j])))
        })
    });
    let engine = Engine::new(Arc::new(catalog.clone()));
    let cases: Vec<Case> = items
        .iter()
        .filter_map(|d| {
            Case::from_value(serde_json::json!({
                "procedure": "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt",
                "channel": d.channel.as_str(),
                "submitted_at": d.received_at.to_string(),
            }))
            .ok()
        })
        .collect();
    let mut k = 0usize;
    g.bench_function(
        "Engine::deadline(&Case) (lookup + cuts + due), 256 cases",
        |b| {
            b.iter(|| {
                k = (k + 1) % cases.len().clamp(1, 256);
                black_box(engine.deadline(black_box(&cases[k])).map(|d| d.due.due_at))
            })
        },
    );
    // The typical case: one online dossier in a province, by a citizen, on a
    // working-day morning (target: median ≤ 200 ns).
    let typical = Case::from_value(serde_json::json!({
        "procedure": "ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt",
        "province": "ha-noi",
        "channel": "national-portal",
        "submitted_at": "2025-06-10T09:30:00",
        "applicant": {"kind": "citizen", "identity_level": 2},
    }));
    if let Ok(typical) = typical {
        if let Err(e) = engine.deadline(&typical) {
            eprintln!("typical case has no deadline: {e}");
        }
        g.bench_function("Engine::deadline(&Case) typical case", |b| {
            b.iter(|| black_box(engine.deadline(black_box(&typical)).map(|d| d.due.due_at)))
        });
    }
    g.finish();

    let million: Vec<Dossier<'static>> = (0..1_000_000).map(|n| items[n & 4095]).collect();
    let mut g = c.benchmark_group("deadline batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(million.len() as u64));
    g.bench_function("1,000,000 dossiers (index)", |b| {
        b.iter_batched(
            || (),
            |()| {
                million
                    .iter()
                    .filter(|d| deadline::due(cal, rules, d).is_ok())
                    .count()
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("1,000,000 dossiers (naive)", |b| {
        b.iter(|| million.iter().filter(|d| naive.due(d).is_some()).count())
    });
    g.finish();

    // The batch API on whole cases (lookup, cuts and due for each): about
    // 1,000,000 cases as calls of Engine::deadlines over the 4,096 cases
    // above, so that the input fits in memory.
    let calls = 1_000_000 / cases.len().max(1) + 1;
    let mut g = c.benchmark_group("deadline batch of cases");
    g.sample_size(10);
    g.throughput(Throughput::Elements((calls * cases.len()) as u64));
    g.bench_function("Engine::deadlines, 4,096 cases per call", |b| {
        b.iter(|| {
            (0..calls)
                .map(|_| {
                    engine
                        .deadlines(black_box(&cases))
                        .iter()
                        .filter(|r| r.is_ok())
                        .count()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
