//! Runs every conformance vector (tests/conformance/*.toml) through the Rust
//! API and reports every mismatch at once.
#![allow(clippy::panic)] // a conformance failure must fail the test run loudly

#[path = "conformance/support.rs"]
mod support;

use std::collections::HashMap;
use std::sync::Arc;

use tthc::engine::Case;
use tthc::{Catalog, Engine};

fn engine_for(
    v: &support::Vector,
    cache: &mut HashMap<(Option<String>, bool), Result<Engine, String>>,
) -> Result<Engine, String> {
    cache
        .entry((v.fixture.clone(), v.over_embedded))
        .or_insert_with(|| {
            let embedded = || Catalog::embedded().map_err(|e| e.to_string());
            let catalog = match &v.fixture {
                None => embedded().cloned(),
                Some(dir) if v.over_embedded => embedded().and_then(|b| {
                    Catalog::from_dir_over(support::fixture_dir(dir), b).map_err(|e| e.to_string())
                }),
                Some(dir) => {
                    Catalog::from_dir(support::fixture_dir(dir)).map_err(|e| e.to_string())
                }
            }?;
            Ok(Engine::new(Arc::new(catalog)))
        })
        .clone()
}

#[test]
fn every_vector_conforms_through_the_api() {
    let vectors = support::load_all().unwrap_or_else(|e| panic!("{e}"));
    assert!(vectors.len() >= 40, "only {} vectors", vectors.len());
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    let mut cache = HashMap::new();
    for v in &vectors {
        if !names.insert(v.name.clone()) {
            failures.push(format!("{}: duplicate vector name `{}`", v.file, v.name));
        }
        let engine = match engine_for(v, &mut cache) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!(
                    "{} / {}: catalogue does not load: {e}",
                    v.file, v.name
                ));
                continue;
            }
        };
        let outcome = Case::from_value(v.case.clone())
            .and_then(|case| {
                engine
                    .evaluate(&case)
                    .map(|d| serde_json::to_value(&d).unwrap_or_default())
            })
            .map_err(|e| (e.kind().to_string(), e.to_string()));
        failures.extend(support::check(v, outcome));
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn path_selection_follows_the_documented_rules() {
    let d = serde_json::json!({"a": {"b": [{"c": 1}, {"c": 2}]}, "n": null});
    assert_eq!(support::select(&d, "a.b.1.c"), Some(serde_json::json!(2)));
    assert_eq!(
        support::select(&d, "a.b[].c"),
        Some(serde_json::json!([1, 2]))
    );
    assert_eq!(
        support::select(&d, "a.b[]"),
        Some(serde_json::json!([{"c": 1}, {"c": 2}]))
    );
    assert_eq!(support::select(&d, "n"), Some(serde_json::Value::Null));
    assert_eq!(support::select(&d, "a.x"), None);
}

#[test]
fn a_wrong_expectation_or_error_is_reported() {
    let v = support::Vector {
        file: "inline".into(),
        name: "wrong".into(),
        fixture: None,
        over_embedded: false,
        case: serde_json::Value::Null,
        expect: vec![("fee.payable".into(), serde_json::json!(1))],
        expect_null: vec!["deadline.due_at".into()],
        expect_error: None,
    };
    let decision = serde_json::json!({"fee": {"payable": 2}, "deadline": {"due_at": "x"}});
    assert_eq!(support::check(&v, Ok(decision)).len(), 2);
    assert_eq!(
        support::check(&v, Err(("invalid-case".into(), "m".into()))).len(),
        1
    );
}
