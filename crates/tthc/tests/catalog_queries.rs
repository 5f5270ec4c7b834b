//! As-of-date queries, overlays, merged provinces, lookup and search, on the
//! made-up sample tree in tests/fixtures/sample-catalog.
#![allow(clippy::panic)] // a test that cannot load its fixture must fail loudly

use std::path::PathBuf;

use once_cell::sync::Lazy;
use tthc::catalog::model::{Level, TimeUnit};
use tthc::catalog::QueryError;
use tthc::{Catalog, Date};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

static SAMPLE: Lazy<Catalog> = Lazy::new(|| match Catalog::from_dir(fixture("sample-catalog")) {
    Ok(c) => c,
    Err(e) => panic!("sample catalogue must load:\n{e}"),
});

fn d(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn picks_the_version_valid_on_each_side_of_a_boundary() {
    let before = SAMPLE
        .procedure("sample.khai-sinh", d("2025-06-30"), None)
        .unwrap();
    assert_eq!(before.processing.len(), 1);
    assert_eq!(before.processing[0].known().map(|t| t.0), Some(5));
    assert_eq!(before.levels, &[Level::Commune, Level::District]);
    assert!(before.online_level.is_none());

    let after = SAMPLE
        .procedure("sample.khai-sinh", d("2025-07-01"), None)
        .unwrap();
    assert_eq!(after.processing[0].known().map(|t| t.0), Some(3));
    assert_eq!(after.levels, &[Level::Commune]);
    let online = after.online_level.as_ref().unwrap();
    assert_eq!(
        (online.level, online.decree42_equivalent),
        ("full", Some("full"))
    );
    assert!(after
        .unconfirmed
        .iter()
        .any(|u| u.starts_with("online level")));
}

#[test]
fn fee_items_follow_their_own_windows() {
    let last_day = SAMPLE
        .procedure("sample.khai-sinh", d("2025-12-31"), None)
        .unwrap();
    assert_eq!(
        last_day.fees.iter().map(|f| f.amount()).collect::<Vec<_>>(),
        vec![Some(8000)]
    );
    let first_day_after = SAMPLE
        .procedure("sample.khai-sinh", d("2026-01-01"), None)
        .unwrap();
    assert!(first_day_after.fees.is_empty());
}

#[test]
fn province_overlay_overrides_national_only_in_its_window() {
    let overlay = SAMPLE
        .procedure("sample.khai-sinh", d("2025-07-01"), Some("sample-b"))
        .unwrap();
    assert_eq!(overlay.source, "overlay:sample-b");
    assert_eq!(overlay.processing[0].known().map(|t| t.0), Some(2));
    // Before the overlay version starts, province B gets the national version.
    let national = SAMPLE
        .procedure("sample.khai-sinh", d("2025-06-30"), Some("sample-b"))
        .unwrap();
    assert_eq!(national.source, "national");
    assert_eq!(national.processing[0].known().map(|t| t.0), Some(5));
}

#[test]
fn a_merged_province_resolves_to_its_successor_and_says_so() {
    let before = SAMPLE
        .resolve_province("sample-a", d("2025-06-30"))
        .unwrap();
    assert_eq!(before.id, "sample-a");
    assert!(before.via.is_empty());
    let after = SAMPLE
        .resolve_province("sample-a", d("2025-07-01"))
        .unwrap();
    assert_eq!(after.id, "sample-b");
    assert_eq!(after.requested.as_deref(), Some("sample-a"));
    assert_eq!(after.via.len(), 1);
    assert_eq!(after.via[0].last_day, d("2025-06-30"));
    let text = after.explanation().unwrap();
    assert!(
        text.contains("Tỉnh Mẫu A (sample-a) → Tỉnh Mẫu B (sample-b) from 2025-07-01"),
        "{text}"
    );
    // The successor's overlay applies to a dossier filed for the former province.
    let v = SAMPLE
        .procedure("sample.khai-sinh", d("2025-07-01"), Some("Tỉnh Mẫu A"))
        .unwrap();
    assert_eq!(v.source, "overlay:sample-b");
}

#[test]
fn provinces_are_found_by_name_without_diacritics() {
    for q in ["Tỉnh Mẫu B", "tinh mau b", "MẪU B", "sample-b"] {
        let r = SAMPLE.resolve_province(q, d("2026-01-01"));
        assert_eq!(
            r.map(|p| p.id.to_string()),
            Ok("sample-b".to_string()),
            "{q}"
        );
    }
    assert!(matches!(
        SAMPLE.resolve_province("sample-c", d("2026-01-01")),
        Err(QueryError::UnknownProvince { .. })
    ));
}

#[test]
fn procedures_are_found_by_id_code_and_code_with_unit_suffix() {
    for q in [
        "sample.khai-sinh",
        "1.999991",
        "1.999991.000.00.00.H48",
        " 1.999991 ",
    ] {
        let v = SAMPLE.procedure(q, d("2025-08-01"), None);
        assert_eq!(
            v.map(|v| v.id.to_string()),
            Ok("sample.khai-sinh".to_string()),
            "{q}"
        );
    }
}

#[test]
fn unknown_and_out_of_period_lookups_explain_themselves() {
    match SAMPLE.procedure("khai sinh", d("2025-08-01"), None) {
        Err(QueryError::UnknownProcedure { suggestions, .. }) => {
            assert_eq!(suggestions, vec!["sample.khai-sinh".to_string()])
        }
        other => panic!("{other:?}"),
    }
    // A procedure that exists only in province B's overlay.
    let err = SAMPLE
        .procedure("sample.local-only", d("2025-08-01"), None)
        .unwrap_err();
    assert!(
        err.to_string().contains("only in province sample-b"),
        "{err}"
    );
    assert!(SAMPLE
        .procedure("sample.local-only", d("2025-08-01"), Some("sample-b"))
        .is_ok());
    // An unknown province is an error, not a silent national answer.
    let err = SAMPLE
        .procedure("sample.khai-sinh", d("2025-08-01"), Some("sample-z"))
        .unwrap_err();
    assert!(matches!(err, QueryError::UnknownProvince { .. }), "{err}");
}

#[test]
fn reusable_documents_and_list_memberships_are_reported() {
    let v = SAMPLE
        .procedure("sample.khai-sinh", d("2025-07-01"), None)
        .unwrap();
    assert_eq!(v.reusable_documents, vec!["Giấy tờ mẫu có trong CSDL"]);
    assert_eq!(v.documents.len(), 2);
    assert_eq!(v.essential_lists.len(), 1);
    assert_eq!(v.essential_lists[0].id, "sample-list");
    // The list starts on 2022-01-06.
    let early = SAMPLE
        .procedure("sample.khai-sinh", d("2022-01-05"), None)
        .unwrap();
    assert!(early.essential_lists.is_empty());
}

#[test]
fn search_ignores_case_diacritics_and_normal_form() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Đăng ký khai sinh mẫu".nfd().collect();
    for q in [
        "dang ky khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        nfd.as_str(),
        "1.999991",
        "sample birth",
    ] {
        let hits = SAMPLE.search(q);
        assert_eq!(
            hits.first().map(|h| h.id.as_str()),
            Some("sample.khai-sinh"),
            "{q}"
        );
    }
    assert!(SAMPLE.search("kết hôn").is_empty());
}

#[test]
fn a_deployment_tree_overrides_the_base_record_by_record() {
    let base = Catalog::from_dir(fixture("sample-catalog")).unwrap();
    let top = Catalog::from_sources(
        [(
            "procedures/fix.toml",
            r#"
[[procedure]]
id = "sample.khai-sinh"
code = "1.999991"
name = "Đăng ký khai sinh mẫu (sửa)"
sector = "sample-sector"
levels = ["commune"]
legal_basis = ["SAMPLE-1/2020/NĐ-CP"]
"#,
        )],
        Some(&base),
    )
    .unwrap();
    // Every version of the id is replaced by the deployment's single version.
    let v = top
        .procedure("sample.khai-sinh", d("2020-01-01"), None)
        .unwrap();
    assert_eq!(v.name, "Đăng ký khai sinh mẫu (sửa)");
    assert!(v.processing.is_empty());
    // Records the deployment does not mention are kept.
    assert!(top.resolve_province("sample-a", d("2025-07-01")).is_ok());
    assert_ne!(top.content_hash(), base.content_hash());
    // A bad deployment tree fails whole; the base catalogue is untouched.
    let bad = Catalog::from_sources(
        [("procedures/fix.toml", "[[procedure]]\nid = 1\n")],
        Some(&base),
    );
    assert!(bad.is_err());
    assert_eq!(
        base.procedure("sample.khai-sinh", d("2025-06-30"), None)
            .unwrap()
            .processing[0]
            .known(),
        Some((5, TimeUnit::WorkingDays))
    );
}

#[test]
fn content_hash_is_stable_and_sensitive() {
    let again = Catalog::from_dir(fixture("sample-catalog")).unwrap();
    assert_eq!(again.content_hash(), SAMPLE.content_hash());
    assert_eq!(SAMPLE.content_hash().len(), 64);
}
