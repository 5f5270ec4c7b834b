//! evaluate() on a typical case with 200 loaded policies (target: median
//! ≤ 1 µs), and the JSON-in/JSON-out path that bindings use. The GoRules ZEN
//! comparison on the same rules is the separate workspace benches/zen-compare.

#[path = "support/sample_rules.rs"]
mod sample_rules;

use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tthc::engine::Case;
use tthc::{Catalog, Engine};

fn bench(c: &mut Criterion) {
    let files = sample_rules::catalog_files();
    let catalog =
        match Catalog::from_sources(files.iter().map(|(r, t)| (r.as_str(), t.as_str())), None) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("sample catalogue does not load:\n{e}");
                return;
            }
        };
    assert_eq!(catalog.policies().policies().len(), sample_rules::POLICIES);
    let engine = Engine::new(Arc::new(catalog));
    let case = match Case::from_json(sample_rules::CASE_JSON) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    if let Ok(d) = engine.evaluate(&case) {
        assert_eq!(d.fee.payable, Some(10_000));
        assert_eq!(d.processing.effective.as_ref().map(|t| t.amount), Some(8));
    }
    let mut g = c.benchmark_group("evaluate");
    g.bench_function("typical_case_200_policies", |b| {
        b.iter(|| engine.evaluate(black_box(&case)).map(|d| d.fee.payable))
    });
    // The as-of procedure lookup evaluate() starts with, alone: how much of
    // the figure above is the catalogue query rather than the policies.
    let on = case.submitted_at.date();
    g.bench_function("catalogue_lookup_only", |b| {
        b.iter(|| {
            engine
                .catalog()
                .procedure(black_box("sample.p7"), on, None)
                .map(|v| v.fees.len())
        })
    });
    g.bench_function("json_in_json_out_200_policies", |b| {
        b.iter(|| {
            engine
                .evaluate_json(black_box(sample_rules::CASE_JSON))
                .map(|s| s.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
