//! `tthc import portal` end to end on 3,000 generated portal records (JSON
//! Lines, ~17 KB a record as on the real pages): read, merge, parse, render
//! and write the tree. Target ≤ 1 s.
//!
//! Baseline in the same run: reading the same file and parsing every line
//! into an untyped JSON value (serde_json), the least any importer does.

#[path = "support/cpu.rs"]
mod cpu;
#[path = "support/generated.rs"]
mod generated;

use criterion::{criterion_group, criterion_main, Criterion};
use tthc::Catalog;
use tthc_import::{import, read_inputs, Options};

fn bench(c: &mut Criterion) {
    let Ok(base) = Catalog::embedded() else {
        eprintln!("the embedded catalogue does not load");
        return;
    };
    let (dir, input) =
        match generated::written("import-bench", &generated::detail_records(3_000, true)) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{e}");
                return;
            }
        };
    let out = dir.join("out");
    let run = || {
        let i = import(
            read_inputs(std::slice::from_ref(&input)),
            &Options::default(),
            base,
        );
        let i = i.map_err(|e| e.to_string())?;
        i.write_to(&out)?;
        Ok::<usize, String>(i.report.procedures_written)
    };
    assert_eq!(run(), Ok(3_000));
    let baseline = || {
        std::fs::read_to_string(&input)
            .map(|t| {
                t.lines()
                    .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
                    .count()
            })
            .unwrap_or(0)
    };
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("portal_3000_records_end_to_end", |b| b.iter(run));
    g.bench_function("baseline_read_and_parse_json_lines_only", |b| {
        b.iter(baseline)
    });
    // The same two as this thread's CPU time (see support/cpu.rs).
    g.bench_function("portal_3000_cpu_time", |b| {
        b.iter_custom(|n| cpu::time_of(n, run))
    });
    g.bench_function("baseline_cpu_time", |b| {
        b.iter_custom(|n| cpu::batch_time(n, baseline))
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
