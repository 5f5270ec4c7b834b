//! tthc `Engine::evaluate` and a GoRules ZEN decision table on the same 200
//! made-up rules and the same case, in one criterion run so that the two
//! medians come from the same machine state.
//!
//! The rules are generated once (crates/tthc/benches/support/sample_rules.rs)
//! as tthc TOML and as a ZEN decision table with hit policy "collect". Before
//! timing, the bench checks that both engines find the same rules holding.
//! ZEN only matches rows; tthc also looks up the procedure as of the date,
//! combines the fees and times and writes the receipt, so the comparison
//! favours ZEN.

#[path = "../../../crates/tthc/benches/support/sample_rules.rs"]
mod sample_rules;

use std::collections::BTreeSet;
use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tthc::engine::Case;
use tthc::{Catalog, Engine};
use zen_engine::model::GraphContent;
use zen_engine::Decision;

fn bench(c: &mut Criterion) {
    let files = sample_rules::catalog_files();
    let catalog = Catalog::from_sources(files.iter().map(|(r, t)| (r.as_str(), t.as_str())), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(Arc::new(catalog));
    let case = Case::from_json(sample_rules::CASE_JSON).unwrap_or_else(|e| panic!("{e}"));

    let graph: GraphContent =
        serde_json::from_value(sample_rules::zen_graph()).unwrap_or_else(|e| panic!("{e}"));
    let mut decision: Decision = graph.into();
    decision.compile();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let input: zen_engine::Variable = sample_rules::zen_input().into();

    // Same rules, same case: the rows ZEN matches are the policies tthc finds holding.
    let d = engine.evaluate(&case).unwrap_or_else(|e| panic!("{e}"));
    let mut tthc_held: BTreeSet<String> = d
        .receipt
        .applied
        .iter()
        .map(|a| a.policy.to_string())
        .collect();
    tthc_held.extend(
        d.receipt
            .not_applied
            .iter()
            .filter(|n| n.reason == "less-favourable")
            .map(|n| n.policy.to_string()),
    );
    let z = rt
        .block_on(decision.evaluate(input.clone()))
        .unwrap_or_else(|e| panic!("{e:?}"));
    let zv: serde_json::Value = z.result.into();
    let zen_held: BTreeSet<String> = zv
        .as_array()
        .unwrap_or_else(|| panic!("collect gives an array: {zv}"))
        .iter()
        .filter_map(|r| r.get("policy").and_then(|p| p.as_str()).map(str::to_string))
        .collect();
    assert_eq!(
        tthc_held, zen_held,
        "the two engines disagree on which rules hold"
    );
    println!(
        "both engines: {} of {} rules hold: {:?}",
        zen_held.len(),
        sample_rules::POLICIES,
        zen_held
    );

    let mut g = c.benchmark_group("same_rules_same_case");
    g.bench_function("tthc_evaluate", |b| {
        b.iter(|| engine.evaluate(black_box(&case)).map(|d| d.fee.payable))
    });
    g.bench_function("zen_decision_table", |b| {
        b.to_async(&rt).iter(|| async {
            decision
                .evaluate(black_box(input.clone()))
                .await
                .map(|r| r.performance.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
