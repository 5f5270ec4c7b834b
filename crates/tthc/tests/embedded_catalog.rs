//! The embedded default catalogue: it loads, it carries the 2025
//! reorganisation, and search finds Vietnamese names however they are typed.
#![allow(clippy::panic)] // a test that cannot load the embedded catalogue must fail loudly

use tthc::legal::Status;
use tthc::{Catalog, Date};
use unicode_normalization::UnicodeNormalization;

fn catalog() -> &'static Catalog {
    match Catalog::embedded() {
        Ok(c) => c,
        Err(e) => panic!("embedded catalogue must load:\n{e}"),
    }
}

fn d(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn provinces_on(on: Date) -> usize {
    let mut ids: Vec<&str> = catalog()
        .provinces()
        .iter()
        .filter(|p| p.validity.contains(on))
        .map(|p| p.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

#[test]
fn sixty_three_provinces_until_the_merger_and_thirty_four_after() {
    assert_eq!(provinces_on(d("2025-06-30")), 63);
    assert_eq!(provinces_on(d("2025-07-01")), 34);
}

#[test]
fn every_former_province_resolves_to_a_unit_that_exists_after_the_merger() {
    let after = d("2025-07-01");
    for p in catalog()
        .provinces()
        .iter()
        .filter(|p| p.validity.to == Some(d("2025-06-30")))
    {
        let r = catalog()
            .resolve_province(&p.id, after)
            .unwrap_or_else(|e| panic!("{}: {e}", p.id));
        assert!(r.validity.contains(after), "{} → {}", p.id, r.id);
    }
}

#[test]
fn ha_giang_resolves_to_tuyen_quang_after_the_merger_and_says_so() {
    let before = catalog()
        .resolve_province("ha-giang", d("2025-06-30"))
        .unwrap();
    assert_eq!(before.id, "ha-giang");
    let after = catalog()
        .resolve_province("Hà Giang", d("2025-07-01"))
        .unwrap();
    assert_eq!(after.id, "tuyen-quang");
    let why = after.explanation().unwrap_or_default();
    assert!(
        why.contains("Hà Giang (ha-giang) → Tuyên Quang (tuyen-quang) from 2025-07-01"),
        "{why}"
    );
    assert!(why.contains("202/2025/QH15"), "{why}");
}

#[test]
fn search_finds_birth_registration_however_it_is_typed() {
    let nfd: String = "Đăng ký khai sinh".nfd().collect();
    for q in [
        "dang ky khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "Đăng ký khai sinh",
        nfd.as_str(),
    ] {
        let hits = catalog().search(q);
        // The portal's own name, "Thủ tục đăng ký khai sinh" (1.001193), before
        // the dozen other procedures whose names contain the words.
        let first = hits.first().map(|h| (h.id.as_str(), h.code.as_deref()));
        assert_eq!(
            first,
            Some(("ho-tich.dang-ky-khai-sinh", Some("1.001193"))),
            "query {q:?} gave {hits:?}"
        );
    }
}

#[test]
fn essential_list_members_are_procedures_and_uncertainty_is_visible() {
    let de_an_06 = catalog()
        .lists()
        .iter()
        .find(|l| l.id == "de-an-06")
        .unwrap_or_else(|| panic!("the Đề án 06 list must be in the catalogue"));
    assert!(!de_an_06.members.is_empty());
    // The appendix of 06/QĐ-TTg was not read, so the list is unconfirmed.
    assert_eq!(de_an_06.status, Status::Unconfirmed);
    let v = catalog()
        .procedure("ho-tich.dang-ky-khai-sinh", d("2025-08-01"), None)
        .unwrap();
    assert!(v.essential_lists.iter().any(|l| l.id == "de-an-06"));
    assert!(
        v.unconfirmed.iter().any(|u| u.contains("de-an-06")),
        "{:?}",
        v.unconfirmed
    );
}

#[test]
fn residence_fee_of_circular_75_2022_starts_on_its_effective_day() {
    let id = catalog()
        .search("dang ky thuong tru")
        .first()
        .map(|h| h.id.clone())
        .unwrap_or_else(|| panic!("permanent residence registration must be in the catalogue"));
    let before = catalog().procedure(&id, d("2023-02-04"), None).unwrap();
    assert!(
        before.fees.iter().all(|f| f.amount() != Some(20_000)),
        "{:?}",
        before.fees
    );
    let after = catalog().procedure(&id, d("2023-02-05"), None).unwrap();
    let fee = after.fees.iter().find(|f| f.amount() == Some(20_000));
    assert!(
        fee.is_some_and(|f| f.legal_basis.iter().any(|l| l.doc == "75/2022/TT-BTC")),
        "{:?}",
        after.fees
    );
}

#[test]
fn marriage_registration_is_found_by_its_national_code() {
    let v = catalog()
        .procedure("1.000894", d("2025-08-01"), None)
        .unwrap();
    assert_eq!(v.id, "ho-tich.dang-ky-ket-hon");
    assert_eq!(v.name, "Thủ tục đăng ký kết hôn");
}
