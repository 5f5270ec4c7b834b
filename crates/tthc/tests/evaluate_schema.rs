//! The committed JSON Schemas (schema/*.schema.json) describe what the engine
//! reads and writes: every conformance case and the example validate against
//! the case schema, every decision the engine produces for them validates
//! against the decision schema, and malformed cases are rejected.
//!
//! The checker below implements only the keywords the two schemas use
//! (type, enum, properties, required, additionalProperties: false, items,
//! $ref to $defs, anyOf, minimum, maximum, minLength, pattern); the
//! `jsonschema` crate would add a large dependency tree to the core crate's
//! test build for that. A test at the end fails if a schema uses any other
//! keyword, so the subset cannot silently fall behind.
#![allow(clippy::panic)] // a test that cannot read its schema must fail loudly

#[path = "conformance/support.rs"]
mod support;

use std::sync::Arc;

use serde_json::Value;
use tthc::engine::Case;
use tthc::{Catalog, Engine};

fn schema(name: &str) -> Value {
    let path = support::repo_root().join("schema").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Errors of `v` against `s` (root schema `root` for `$ref`), with JSON paths.
fn validate(root: &Value, s: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        match root.get("$defs").and_then(|d| d.get(name)) {
            Some(def) => validate(root, def, v, at, out),
            None => out.push(format!("{at}: unresolved $ref {r}")),
        }
        return;
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        let ok = any.iter().any(|alt| {
            let mut e = Vec::new();
            validate(root, alt, v, at, &mut e);
            e.is_empty()
        });
        if !ok {
            out.push(format!("{at}: matches no alternative of anyOf: {v}"));
        }
        return;
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(x) => vec![x.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            out.push(format!("{at}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            out.push(format!(
                "{at}: {v} is not one of {}",
                Value::Array(e.clone())
            ));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_i64), v.as_i64()) {
        if n < min {
            out.push(format!("{at}: {n} < minimum {min}"));
        }
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_i64), v.as_i64()) {
        if n > max {
            out.push(format!("{at}: {n} > maximum {max}"));
        }
    }
    if let Some(text) = v.as_str() {
        if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
            if (text.chars().count() as u64) < min {
                out.push(format!("{at}: shorter than {min}"));
            }
        }
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            let re = regex::Regex::new(p).unwrap_or_else(|e| panic!("pattern {p}: {e}"));
            if !re.is_match(text) {
                out.push(format!("{at}: `{text}` does not match {p}"));
            }
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(k) = r.as_str() {
                if !obj.contains_key(k) {
                    out.push(format!("{at}: missing required `{k}`"));
                }
            }
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => validate(root, ps, val, &format!("{at}.{k}"), out),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    out.push(format!("{at}: unexpected property `{k}`"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            validate(root, items, x, &format!("{at}[{i}]"), out);
        }
    }
}

fn errors(root: &Value, v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    validate(root, root, v, "$", &mut out);
    out
}

#[test]
fn the_example_case_validates_and_evaluates() {
    let case_schema = schema("case.schema.json");
    let path = support::repo_root().join("schema/examples/case.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(errors(&case_schema, &v), Vec::<String>::new());
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("{e}"));
    let case = Case::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    let d = engine.evaluate(&case).unwrap_or_else(|e| panic!("{e}"));
    let dv = serde_json::to_value(&d).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        errors(&schema("decision.schema.json"), &dv),
        Vec::<String>::new()
    );
    assert_eq!(
        d.province.as_ref().map(|p| p.id.as_ref()),
        Some("tuyen-quang")
    );
}

#[test]
fn every_conformance_case_and_decision_validates() {
    let case_schema = schema("case.schema.json");
    let decision_schema = schema("decision.schema.json");
    let vectors = support::load_all().unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for v in &vectors {
        if v.expect_error.is_some() {
            continue;
        }
        failures.extend(
            errors(&case_schema, &v.case)
                .into_iter()
                .map(|e| format!("{} case: {e}", v.name)),
        );
        let catalog = match (&v.fixture, v.over_embedded) {
            (None, _) => Catalog::embedded().cloned(),
            (Some(f), true) => {
                Catalog::embedded().and_then(|b| Catalog::from_dir_over(support::fixture_dir(f), b))
            }
            (Some(f), false) => Catalog::from_dir(support::fixture_dir(f)),
        }
        .unwrap_or_else(|e| panic!("{e}"));
        let engine = Engine::new(Arc::new(catalog));
        let case = Case::from_value(v.case.clone()).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let d = engine
            .evaluate(&case)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let dv = serde_json::to_value(&d).unwrap_or_else(|e| panic!("{e}"));
        failures.extend(
            errors(&decision_schema, &dv)
                .into_iter()
                .map(|e| format!("{} decision: {e}", v.name)),
        );
        // The decision reads back through serde (unknown fields rejected) unchanged.
        let back: tthc::engine::Decision<'_> =
            serde_json::from_value(dv.clone()).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(back, d, "{}", v.name);
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} decisions checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn malformed_cases_are_rejected_by_the_schema_and_by_serde() {
    let case_schema = schema("case.schema.json");
    let base = serde_json::json!({"procedure": "x", "channel": "in-person", "submitted_at": "2025-03-10T09:00:00"});
    let bad = [
        serde_json::json!({"procedure": "x", "chanel": "in-person", "submitted_at": "2025-03-10T09:00:00"}),
        serde_json::json!({"procedure": "x", "channel": "email", "submitted_at": "2025-03-10T09:00:00"}),
        serde_json::json!({"procedure": "x", "channel": "in-person", "submitted_at": "10/03/2025"}),
        serde_json::json!({"procedure": "x", "channel": "in-person", "submitted_at": "2025-03-10T09:00:00", "applicant": {"identity_level": 3}}),
        serde_json::json!({"procedure": "x", "channel": "in-person", "submitted_at": "2025-03-10T09:00:00", "fee_items": [{"item": "le-phi", "name": "n", "amount": -5}]}),
        serde_json::json!({"channel": "in-person", "submitted_at": "2025-03-10T09:00:00"}),
    ];
    assert_eq!(errors(&case_schema, &base), Vec::<String>::new());
    assert!(Case::from_value(base).is_ok());
    for b in bad {
        assert!(!errors(&case_schema, &b).is_empty(), "schema accepted {b}");
        let e = Case::from_value(b.clone()).err().map(|e| e.kind());
        assert_eq!(e, Some(tthc::ErrorKind::InvalidCase), "serde accepted {b}");
    }
}

#[test]
fn the_schemas_use_only_the_keywords_the_checker_knows() {
    const KNOWN: &[&str] = &[
        "$schema",
        "$id",
        "$ref",
        "$defs",
        "title",
        "description",
        "type",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "anyOf",
        "minimum",
        "maximum",
        "minLength",
        "pattern",
        "default",
    ];
    fn walk(v: &Value, in_props: bool, bad: &mut Vec<String>) {
        if let Some(o) = v.as_object() {
            for (k, x) in o {
                if !in_props && !KNOWN.contains(&k.as_str()) {
                    bad.push(k.clone());
                }
                walk(x, k == "properties" || k == "$defs", bad);
            }
        } else if let Some(a) = v.as_array() {
            for x in a {
                walk(x, false, bad);
            }
        }
    }
    for name in ["case.schema.json", "decision.schema.json"] {
        let mut bad = Vec::new();
        walk(&schema(name), false, &mut bad);
        assert!(bad.is_empty(), "{name} uses {bad:?}");
    }
}
