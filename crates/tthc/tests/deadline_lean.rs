//! `Engine::deadline` takes a lean path (procedure lookup, statutory time,
//! processing-time cuts, due instant) instead of a full evaluate(). This test
//! checks that it answers exactly what the evaluate-based computation
//! answered — the same JSON byte for byte, `processing` block included, and
//! the same errors — on every embedded procedure, over dates, channels,
//! provinces, agency levels, applicants and case types.

#![allow(clippy::panic)] // a case that does not parse must fail the test loudly

use std::borrow::Cow;

use tthc::catalog::model::TimeUnit;
use tthc::deadline::{self, DeadlineError, Dossier, Period};
use tthc::engine::Case;
use tthc::{Catalog, Deadline, Engine, EvalError};

/// The computation `Engine::deadline` used before the lean path: evaluate
/// the case, then count its effective processing time.
fn via_evaluate<'a>(engine: &'a Engine, case: &'a Case) -> Result<String, EvalError> {
    let decision = engine.evaluate(case)?;
    let period = decision
        .processing
        .effective
        .as_ref()
        .and_then(|t| TimeUnit::parse(&t.unit).map(|u| Period::new(t.amount, u)));
    let province = decision.province.as_ref().map(|p| p.id.clone());
    let d = Dossier {
        received_at: case.submitted_at,
        channel: case.channel,
        level: case.agency_level,
        province: province.as_deref(),
        procedure: &decision.procedure.id,
        sector: &decision.procedure.sector,
        period,
    };
    // An unknown time is reported with the catalogue's reason for it.
    let reason = decision
        .processing
        .unknown
        .as_ref()
        .map(ToString::to_string);
    let due = deadline::due_in(
        engine.catalog().calendars(),
        engine.catalog().deadline_rules(),
        &d,
    )
    .map_err(|e| e.with_reason(reason.as_deref()))?;
    // A time the catalogue records as unknown gets no due date from a
    // same-day rule: evaluate() leaves due_at null where the rules answered.
    if reason.is_some() && decision.deadline.due_at.is_none() {
        return Err(DeadlineError::NoProcessingTime {
            procedure: decision.procedure.id.to_string(),
            channel: case.channel,
            on: case.submitted_at.date(),
            reason,
        }
        .into());
    }
    let out = Deadline {
        procedure: decision.procedure.id.clone(),
        province: province.clone(),
        channel: case.channel,
        processing: decision.processing,
        due,
    };
    Ok(serde_json::to_string(&out).unwrap_or_default())
}

fn lean(engine: &Engine, case: &Case) -> Result<String, EvalError> {
    engine
        .deadline(case)
        .map(|d| serde_json::to_string(&d).unwrap_or_default())
}

/// One in this many procedures (in id order) runs on the full matrix; the
/// others on the reduced one (see `compare_all`).
const FULL_MATRIX_STRIDE: usize = 10;

/// Compares both paths on every procedure of `engine`'s catalogue; returns
/// (cases, answered, answered with a processing-time cut).
///
/// Every procedure (and five national codes) is compared on every date and
/// channel. The provinces and case variants multiply that by up to 64, which
/// on the full embedded catalogue (160 procedures) took six minutes in a
/// debug build; so the full product runs on a deterministic sample — every
/// `FULL_MATRIX_STRIDE`-th id in sorted order, and every id `always_full`
/// accepts — and the other procedures take the first `reduced_provinces`
/// provinces and the first three variants (no level, commune level,
/// provincial level).
fn compare_all(
    engine: &Engine,
    provinces: &[Option<&str>],
    reduced_provinces: usize,
    always_full: impl Fn(&str) -> bool,
) -> (usize, usize, usize) {
    let catalog: &Catalog = engine.catalog();
    let mut ids: Vec<&str> = catalog.procedures().iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert!(!ids.is_empty());
    // Codes too: the lookup by national code must resolve the same way.
    let codes: Vec<&str> = catalog
        .procedures()
        .iter()
        .filter_map(|p| p.code.as_deref())
        .collect();

    let dates = [
        "2019-03-01T08:00:00",
        "2024-12-31T16:30:00",
        "2025-01-27T10:00:00", // the week before Tết 2025
        "2025-06-30T15:05:00", // the last day before the 2025 reorganisation, after 15:00
        "2025-07-01T09:00:00",
        "2025-09-01T14:59:59",
        "2026-02-14T10:00:00", // a Saturday
        "2026-02-20T22:15:00+07:00",
    ];
    let channels = [
        "in-person",
        "national-portal",
        "provincial-portal",
        "postal",
    ];
    let variants = [
        serde_json::json!({}),
        serde_json::json!({"agency_level": "commune"}),
        serde_json::json!({"agency_level": "province"}),
        serde_json::json!({"applicant": {"kind": "citizen", "categories": ["poor-household", "elderly"], "identity_level": 2}}),
        serde_json::json!({"applicant": {"kind": "organisation"}, "full_process_online": true}),
        serde_json::json!({"case_type": "theo-danh-sach"}),
        serde_json::json!({"case_type": "urgent"}),
        serde_json::json!({"case_type": "xac-minh", "agency_level": "commune"}),
        serde_json::json!({"case_type": "gia-han"}),
        serde_json::json!({"applicant": {"kind": "citizen", "categories": ["no-such-category"]}}),
    ];

    let (mut compared, mut ok, mut cut, mut full) = (0usize, 0usize, 0usize, 0usize);
    for (n, id) in ids.iter().chain(codes.iter().take(5)).enumerate() {
        let (provinces, variants) = if n % FULL_MATRIX_STRIDE == 0 || always_full(id) {
            full += 1;
            (provinces, &variants[..])
        } else {
            (&provinces[..reduced_provinces], &variants[..3])
        };
        for date in &dates {
            for channel in &channels {
                for province in provinces {
                    for variant in variants {
                        let mut v = serde_json::json!({
                            "procedure": id,
                            "channel": channel,
                            "submitted_at": date,
                        });
                        if let Some(p) = province {
                            v["province"] = serde_json::json!(p);
                        }
                        if let (Some(obj), Some(extra)) = (v.as_object_mut(), variant.as_object()) {
                            for (k, x) in extra {
                                obj.insert(k.clone(), x.clone());
                            }
                        }
                        let case = match Case::from_value(v.clone()) {
                            Ok(c) => c,
                            Err(e) => panic!("case {v} does not parse: {e}"),
                        };
                        let old = via_evaluate(engine, &case);
                        let new = lean(engine, &case);
                        assert_eq!(new, old, "case {v}");
                        compared += 1;
                        ok += usize::from(new.is_ok());
                        cut += usize::from(new.as_ref().is_ok_and(|j| j.contains("\"cuts\":[{")));
                    }
                }
            }
        }
    }
    eprintln!(
        "{compared} cases ({full} of {} procedures and codes on the full matrix): \
         {ok} answered, {cut} with processing-time cuts",
        ids.len() + codes.len().min(5)
    );
    // Both outcomes are exercised: answers and errors.
    assert!(ok > 0 && ok < compared, "{ok} of {compared} answered");
    (compared, ok, cut)
}

#[test]
fn lean_deadline_equals_the_evaluate_based_one_on_every_embedded_procedure() {
    let engine = Engine::embedded().expect("embedded catalogue");
    compare_all(
        &engine,
        &[
            None,
            Some("ha-giang"), // merged into Tuyên Quang from 2025-07-01
            Some("ha-noi"),
            Some("ho-chi-minh"),
            Some("lao-cai"),
            Some("Hà Giang"),   // by name
            Some("yen-bai"),    // merged with Lào Cai from 2025-07-01
            Some("no-such-pr"), // an error, the same on both paths
        ],
        2,
        |_| false,
    );
}

/// The embedded policies cut no processing time, so the cuts (single,
/// stacking, unit mismatch, overlays) are compared on the made-up policy
/// fixture of the conformance vectors, laid over the embedded catalogue for
/// its calendars and deadline rules.
#[test]
fn lean_deadline_equals_the_evaluate_based_one_with_processing_cuts() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/sample-policy-catalog"
    );
    let base = Catalog::embedded().expect("embedded catalogue");
    let catalog = Catalog::from_dir_over(dir, base).expect("fixture over embedded");
    let engine = Engine::new(std::sync::Arc::new(catalog));
    let (_, _, cut) = compare_all(
        &engine,
        &[None, Some("sample-b"), Some("sample-c"), Some("ha-noi")],
        3,
        |id| id.starts_with("sample."),
    );
    assert!(cut > 0, "no case exercised a processing-time cut");
}

#[test]
fn batch_deadlines_equal_single_calls() {
    let engine = Engine::embedded().expect("embedded catalogue");
    let cases: Vec<Case> = engine
        .catalog()
        .procedures()
        .iter()
        .filter_map(|p| {
            Case::from_value(serde_json::json!({
                "procedure": p.id,
                "channel": "national-portal",
                "submitted_at": "2025-07-15T16:00:00",
            }))
            .ok()
        })
        .collect();
    let batch = engine.deadlines(&cases);
    for (case, b) in cases.iter().zip(&batch) {
        let single = lean(&engine, case);
        let b = b
            .as_ref()
            .map(|d| serde_json::to_string(d).unwrap_or_default())
            .map_err(Clone::clone);
        assert_eq!(b, single);
    }
    // The procedure and province are borrowed, not copied.
    if let Some(Ok(d)) = batch.first() {
        assert!(matches!(d.procedure, Cow::Borrowed(_)));
    }
}
