//! Working-day arithmetic: the precomputed index against naive day-by-day
//! loops, measured in the same run (N = 30 working days).
//!
//! Two baselines:
//! - `naive_hashset`: what python-holidays' `get_nth_working_day` does (walk
//!   day by day; per day a weekday test and hash-set lookups of holidays and
//!   make-up days). This is the baseline of the ≥ 50× target.
//! - `naive_bitset`: the same walk over tthc's own `is_working_day`, to show
//!   what rank/select adds on top of a precomputed bitset.
//!
//! Start dates cycle through 4096 dates spread over 2013–2099, so the branch
//! predictor and caches see a realistic mix, not one hot date.

use std::collections::HashSet;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use tthc::calendar::{CalendarSet, WorkingCalendar};
use tthc::diagnostics::Diagnostics;
use tthc::legal::References;
use tthc::SourceFile;
use tthc::{Date, Weekday};

const N: i32 = 30;

fn load() -> CalendarSet {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog/calendar");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|x| x == "toml"));
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
    let mut diags = Diagnostics::new();
    let set = CalendarSet::load(&refs, &[], &mut diags, &mut References::default());
    assert!(!diags.has_errors(), "calendar files have errors");
    set
}

/// A calendar as a naive implementation would hold it.
struct Naive {
    holidays: HashSet<Date>,
    make_up: HashSet<Date>,
}

impl Naive {
    fn from(cal: &WorkingCalendar, from: Date, to: Date) -> Naive {
        let mut holidays = HashSet::new();
        let mut make_up = HashSet::new();
        for info in cal.exceptions_between(from, to).unwrap_or_default() {
            if info.working {
                make_up.insert(info.date);
            } else {
                holidays.insert(info.date);
            }
        }
        Naive { holidays, make_up }
    }

    fn is_working(&self, d: Date) -> bool {
        if self.make_up.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    fn add(&self, d: Date, n: i32) -> Date {
        let mut x = d;
        let mut left = n;
        while left > 0 {
            x = x.add_days(1).unwrap_or(x);
            if self.is_working(x) {
                left -= 1;
            }
        }
        x
    }

    fn between(&self, a: Date, b: Date) -> i32 {
        (1..=a.days_until(b))
            .filter(|&i| a.add_days(i).is_some_and(|d| self.is_working(d)))
            .count() as i32
    }
}

fn bitset_add(cal: &WorkingCalendar, d: Date, n: i32) -> Date {
    let mut x = d;
    let mut left = n;
    while left > 0 {
        x = x.add_days(1).unwrap_or(x);
        if cal.is_working_day(x) == Ok(true) {
            left -= 1;
        }
    }
    x
}

fn bitset_between(cal: &WorkingCalendar, a: Date, b: Date) -> i32 {
    (1..=a.days_until(b))
        .filter(|&i| {
            a.add_days(i)
                .is_some_and(|d| cal.is_working_day(d) == Ok(true))
        })
        .count() as i32
}

fn starts() -> Vec<Date> {
    let base = Date::from_ymd(2013, 6, 1).unwrap_or(Date::MIN);
    // 4096 dates, 7.7 days apart on average, in scrambled order.
    (0..4096u32)
        .map(|i| {
            base.add_days(((i.wrapping_mul(2_654_435_761) >> 8) % 31_500) as i32)
                .unwrap_or(base)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let set = load();
    let cal = set.for_province(None);
    let (from, to) = cal.range().unwrap_or((Date::MIN, Date::MIN));
    let naive = Naive::from(cal, from, to);
    let starts = starts();
    // 30 working days span about 42 calendar days.
    let pairs: Vec<(Date, Date)> = starts
        .iter()
        .map(|&d| (d, d.add_days(42).unwrap_or(d)))
        .collect();
    for (&d, &(a, b)) in starts.iter().zip(&pairs).take(512) {
        assert_eq!(cal.add_working_days(d, N), Ok(naive.add(d, N)), "{d}");
        assert_eq!(cal.working_days_between(a, b), Ok(naive.between(a, b)));
    }

    let mut g = c.benchmark_group("add_working_days_n30");
    let mut i = 0usize;
    g.bench_function("index", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            black_box(cal.add_working_days(black_box(starts[i]), black_box(N)))
        })
    });
    g.bench_function("naive_hashset", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            black_box(naive.add(black_box(starts[i]), black_box(N)))
        })
    });
    g.bench_function("naive_bitset", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            black_box(bitset_add(cal, black_box(starts[i]), black_box(N)))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("working_days_between_42_days");
    g.bench_function("index", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            let (a, b) = pairs[i];
            black_box(cal.working_days_between(black_box(a), black_box(b)))
        })
    });
    g.bench_function("naive_hashset", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            let (a, b) = pairs[i];
            black_box(naive.between(black_box(a), black_box(b)))
        })
    });
    g.bench_function("naive_bitset", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            let (a, b) = pairs[i];
            black_box(bitset_between(cal, black_box(a), black_box(b)))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("other_queries");
    g.bench_function("is_working_day", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            black_box(cal.is_working_day(black_box(starts[i])))
        })
    });
    g.bench_function("day_info", |bch| {
        bch.iter(|| {
            i = (i + 1) & 4095;
            black_box(cal.day_info(black_box(starts[i])).map(|d| d.working))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
