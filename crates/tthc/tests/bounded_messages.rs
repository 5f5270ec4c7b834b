//! Error messages quote at most a short prefix of what they were given
//! (#15): an unknown 15 MB procedure id, province or category, a huge
//! unknown field or value in a case, and a huge date are each reported in a
//! few hundred bytes, and without work that grows with the square of the
//! input (suggestions are looked for from the prefix only).
#![allow(clippy::panic)] // a fixture that cannot be built must fail the test loudly

use tthc::engine::Case;
use tthc::Engine;

const HUGE: usize = 15 << 20;

fn case(procedure: &str, extra: &str) -> String {
    format!(
        r#"{{"procedure": "{procedure}", "channel": "in-person", "submitted_at": "2025-07-01T09:00:00"{extra}}}"#
    )
}

fn assert_short(message: &str) {
    assert!(
        message.len() < 600,
        "{} bytes: {}…",
        message.len(),
        &message[..200]
    );
}

#[test]
fn an_unknown_15_mb_procedure_id_is_quoted_by_its_prefix() {
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("{e}"));
    let id = "x".repeat(HUGE);
    let e = engine.evaluate_json(&case(&id, "")).unwrap_err();
    assert_eq!(e.kind().as_str(), "unknown-procedure");
    assert_short(&e.to_string());
    assert!(e.to_string().contains("xxxxxxxx…"), "{e}");
}

#[test]
fn an_unknown_15_mb_province_and_category_are_quoted_by_their_prefix() {
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("{e}"));
    let long = "hà nội ".repeat(HUGE / 8);
    let with = |extra: String| case("cu-tru.dang-ky-thuong-tru", &extra);
    for extra in [
        format!(r#", "province": "{long}""#),
        format!(r#", "applicant": {{"categories": ["{long}"]}}"#),
        format!(r#", "fee_items": [{{"item": "phi", "name": "{long}", "amount": -1}}]"#),
    ] {
        let e = engine.evaluate_json(&with(extra)).unwrap_err();
        assert_short(&e.to_string());
    }
}

#[test]
fn serde_errors_on_huge_fields_and_values_are_clipped() {
    let long = "y".repeat(HUGE);
    for text in [
        case("p", &format!(r#", "{long}": 1"#)),
        case("p", &format!(r#", "agency_level": "{long}""#)),
        case("p", &format!(r#", "paid_at": "{long}""#)),
        case("p", &format!(r#", "applicant": {{"kind": "{long}"}}"#)),
    ] {
        let e = Case::from_json(&text).unwrap_err();
        assert_short(&e.to_string());
    }
    let e = tthc::VnDateTime::parse(&long).unwrap_err();
    assert_short(&e.to_string());
}
