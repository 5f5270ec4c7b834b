//! A deliberately broken policy file (tests/fixtures/sample-policy-broken)
//! yields precise diagnostics: every mistake, with its code and line.
#![allow(clippy::panic)] // a test that cannot load its fixture must fail loudly

use std::path::PathBuf;

use tthc::Catalog;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

#[test]
fn a_broken_policy_file_yields_every_diagnostic_with_its_line() {
    let base =
        Catalog::from_dir(fixture("sample-policy-catalog")).unwrap_or_else(|e| panic!("{e}"));
    let err = match Catalog::from_dir_over(fixture("sample-policy-broken"), &base) {
        Ok(_) => panic!("the broken fixture loaded"),
        Err(e) => e,
    };
    let got: Vec<(&str, u32)> = err
        .diagnostics
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| l.file.ends_with("broken.toml"))
        })
        .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
        .collect();
    let expected = vec![
        ("E0101", 8),  // unknown key `colour`
        ("E0203", 10), // unknown procedure
        ("E0205", 11), // regex does not compile
        ("E0203", 12), // unknown list
        ("E0203", 13), // unknown category
        ("E0207", 14), // window outside the validity
        ("E0103", 16), // percent is a string
        ("E0104", 21), // an exemption cannot stack
        ("E0207", 24), // in-person and postal in one conjunction
        ("E0207", 27), // window ends before it starts
        ("E0102", 29), // no kind (at the record)
        ("E0207", 33), // regex matches no procedure
        ("E0104", 34), // unknown channel
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort_by_key(|(c, l)| (*l, *c));
    assert_eq!(got_sorted, expected, "{err}");
    let text = err.to_string();
    assert!(text.contains("did you mean `sample-list`?"), "{text}");
    assert!(text.contains("unknown key `colour` in policy"), "{text}");
}

#[test]
fn overlapping_versions_of_one_policy_are_reported() {
    let base =
        Catalog::from_dir(fixture("sample-policy-catalog")).unwrap_or_else(|e| panic!("{e}"));
    let text = "[[policy]]\nid = \"sample.twice\"\nkind = \"priority\"\nvalid_from = 2025-01-01\nlegal_basis = [\"SAMPLE-LAW/2020/QH\"]\n\n[[policy]]\nid = \"sample.twice\"\nkind = \"priority\"\nvalid_from = 2025-06-01\nlegal_basis = [\"SAMPLE-LAW/2020/QH\"]\n";
    let err = Catalog::from_sources([("policies/twice.toml", text)], Some(&base))
        .err()
        .unwrap_or_else(|| panic!("overlapping versions loaded"));
    assert!(err.diagnostics.iter().any(|d| d.code == "E0202"), "{err}");
}

#[test]
fn a_disabled_record_must_say_why() {
    let base =
        Catalog::from_dir(fixture("sample-policy-catalog")).unwrap_or_else(|e| panic!("{e}"));
    let text = "[[policy]]\nid = \"sample.cut-30\"\nenabled = false\n";
    let err = Catalog::from_sources([("policies/off.toml", text)], Some(&base))
        .err()
        .unwrap_or_else(|| panic!("a silent disabling loaded"));
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.code == "E0104" && d.message.contains("must say why")),
        "{err}"
    );
}
