//! Runs the deadline conformance vectors (`tests/conformance/deadline-*.toml`,
//! `operation = "deadline"` or `"track"`) through the Rust API, with the
//! shared checker of the evaluate vectors (`conformance/support.rs`: the same
//! path rules and error matching for every operation).
//!
//! Beyond the evaluate format, a `track` vector has `events` (the dossier's
//! events, as in the `tthc track` JSON) and `as_of` (the instant reported at).
#![allow(clippy::panic)] // reason: a conformance failure must fail the run loudly

#[path = "conformance/support.rs"]
mod support;

use std::sync::Arc;

use serde_json::Value;
use tthc::deadline::Event;
use tthc::engine::{toml_to_json, Case};
use tthc::{Catalog, Engine, VnDateTime};

fn engine_for(catalog: &str, over_embedded: bool) -> Result<Engine, String> {
    let embedded = Catalog::embedded().map_err(|e| e.to_string())?;
    let c = match catalog {
        "embedded" => embedded.clone(),
        dir if over_embedded => Catalog::from_dir_over(support::fixture_dir(dir), embedded)
            .map_err(|e| e.to_string())?,
        dir => Catalog::from_dir(support::fixture_dir(dir)).map_err(|e| e.to_string())?,
    };
    Ok(Engine::new(Arc::new(c)))
}

/// Runs one vector; `Err` is the (kind, message) of the engine's error.
fn run(v: &Value) -> Result<Result<Value, (String, String)>, String> {
    let name = v["name"].as_str().unwrap_or("?");
    let catalog = v["catalog"]
        .as_str()
        .ok_or(format!("{name}: `catalog` is required"))?;
    let engine = engine_for(catalog, v["over_embedded"].as_bool().unwrap_or(false))?;
    let case = Case::from_value(v["case"].clone()).map_err(|e| format!("{name}: {e}"))?;
    let to_json =
        |x: Result<Value, tthc::EvalError>| x.map_err(|e| (e.kind().to_string(), e.to_string()));
    Ok(match v["operation"].as_str() {
        Some("deadline") => to_json(
            engine
                .deadline(&case)
                .map(|d| serde_json::to_value(&d).unwrap_or_default()),
        ),
        Some("track") => {
            let events: Vec<Event> = serde_json::from_value(v["events"].clone())
                .map_err(|e| format!("{name}: events: {e}"))?;
            let as_of = v["as_of"]
                .as_str()
                .and_then(|s| VnDateTime::parse(s).ok())
                .ok_or(format!("{name}: `as_of` must be an RFC 3339 instant"))?;
            to_json(
                engine
                    .track_as_of(&case, &events, as_of)
                    .map(|t| serde_json::to_value(&t).unwrap_or_default()),
            )
        }
        other => return Err(format!("{name}: unknown operation {other:?}")),
    })
}

#[test]
fn deadline_vectors_conform_through_the_api() {
    let dir = support::repo_root().join("tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("deadline-") && n.ends_with(".toml"))
        })
        .collect();
    files.sort();
    let (mut ran, mut failures) = (0, Vec::new());
    for path in &files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{file}: {e}"));
        let doc = toml_to_json(toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}")));
        for v in doc["vector"].as_array().into_iter().flatten() {
            let expect = |key: &str| {
                v[key]
                    .as_object()
                    .map(|o| o.iter().map(|(k, x)| (k.clone(), x.clone())).collect())
                    .unwrap_or_default()
            };
            let vector = support::Vector {
                file: file.clone(),
                name: v["name"].as_str().unwrap_or("?").to_string(),
                fixture: None,
                over_embedded: false,
                case: v["case"].clone(),
                expect: expect("expect"),
                expect_null: v["expect_null"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
                expect_error: v["expect_error"].as_object().map(|e| {
                    let g = |k: &str| {
                        e.get(k)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    (g("kind"), g("message"))
                }),
            };
            match run(v) {
                Ok(outcome) => failures.extend(support::check(&vector, outcome)),
                Err(e) => failures.push(format!("{file}: {e}")),
            }
            ran += 1;
        }
    }
    assert!(
        ran >= 20,
        "only {ran} deadline vectors in {}",
        dir.display()
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
