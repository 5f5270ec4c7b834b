//! A catalogue tree with one deliberate mistake per record yields exactly one
//! diagnostic per mistake, at the right file:line:col.
#![allow(clippy::panic)] // a test that cannot get its fixture must fail loudly

use std::path::{Path, PathBuf};

use tthc::{Catalog, CatalogError};

/// The error of loading a broken sample catalogue, which must not load.
fn refused(root: &Path) -> CatalogError {
    match Catalog::from_dir(root) {
        Ok(_) => panic!("the broken sample catalogue must not load"),
        Err(e) => e,
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// Each diagnostic as (file relative to `root`, line, column, code); a
/// diagnostic without a location fails the test.
fn positions<'e>(root: &Path, err: &'e CatalogError) -> Vec<(String, u32, u32, &'e str)> {
    let prefix = format!("{}/", root.display());
    err.diagnostics
        .iter()
        .map(|d| {
            let loc = d
                .location
                .clone()
                .unwrap_or_else(|| panic!("diagnostic without location: {d}"));
            (
                loc.file.trim_start_matches(&prefix).to_string(),
                loc.line,
                loc.column,
                d.code,
            )
        })
        .collect()
}

#[test]
fn every_mistake_gets_one_diagnostic_at_its_position() {
    let root = fixture("sample-broken-catalog");
    let err = refused(&root);
    let got = positions(&root, &err);
    let m = "procedures/mistakes.toml";
    let expected: Vec<(String, u32, u32, &str)> = vec![
        ("documents.toml", 9, 8, "E0104"), // kind = "regulation"
        (m, 6, 1, "E0101"),                // nmae
        (m, 12, 1, "E0102"),               // no sector
        (m, 29, 10, "E0103"),              // amount = "20000"
        (m, 41, 8, "E0104"),               // unit = "weeks"
        (m, 50, 14, "E0105"),              // 2023-02-30
        (m, 60, 12, "E0106"),              // valid_to < valid_from
        (m, 65, 8, "E0107"),               // code 1.00089
        (m, 71, 1, "E0108"),               // no legal_basis
        (m, 86, 1, "E0201"),               // duplicate id
        (m, 103, 1, "E0202"),              // overlapping versions
        (m, 118, 16, "E0203"),             // unknown document
        (m, 125, 11, "E0204"),             // district after 2025-06-30
        (m, 137, 1, "E0201"),              // duplicate code
        ("procedures/syntax.toml", 3, 22, "E0001"),
        ("stray.toml", 1, 1, "E0206"),
    ]
    .into_iter()
    .map(|(f, l, c, code)| (f.to_string(), l, c, code))
    .collect();
    assert_eq!(got, expected, "\n{err}");
}

#[test]
fn diagnostics_print_as_file_line_col_error_code() {
    let Err(err) = Catalog::from_dir(fixture("sample-broken-catalog")) else {
        panic!("must not load")
    };
    let text = err.diagnostics[1].to_string();
    assert!(
        text.ends_with("procedures/mistakes.toml:6:1: error[E0101]: unknown key `nmae` in procedure\n  help: did you mean `name`? A procedure has: id, code, code_unknown, name, name_en, sector, channels, levels, levels_unknown, valid_from, valid_to, legal_basis, legal_basis_unknown, status, note, online, processing, fee, document, url, procedure_type, agencies, authority, applicants, verbatim"),
        "{text}"
    );
    let json = serde_json::to_value(&err.diagnostics[1]).unwrap_or_default();
    assert_eq!(json["code"], "E0101");
    assert_eq!(json["severity"], "error");
    assert_eq!(json["location"]["line"], 6);
    assert!(json["help"].as_str().is_some_and(|h| h.contains("name")));
}

#[test]
fn missing_directory_is_an_error_not_an_empty_catalogue() {
    let Err(err) = Catalog::from_dir(fixture("does-not-exist")) else {
        panic!("a missing directory must not load")
    };
    assert_eq!(err.diagnostics.len(), 1);
    assert_eq!(err.diagnostics[0].code, "E0002");
}

#[test]
fn garbage_inputs_never_panic() {
    let inputs: Vec<String> = vec![
        String::new(),
        "\u{0}\u{0}".into(),
        "[[procedure]]\n".into(),
        "[[procedure]]\nid = 5\nlevels = [1, 2]\nlegal_basis = [3, {doc = 4}, {x = 1}]\n".into(),
        "procedure = 3".into(),
        "[procedure]\nid = \"a\"".into(),
        "[[procedure]]\nid = \"a\"\nvalid_from = 1979-05-27T07:32:00Z\nfee = [1]\nonline = \"x\""
            .into(),
        "x".repeat(100_000),
        "[[".repeat(10_000),
        "a = [".repeat(5_000),
    ];
    for text in &inputs {
        for rel in [
            "procedures/x.toml",
            "documents.toml",
            "provinces.toml",
            "lists.toml",
            "calendar/x.toml",
        ] {
            // Only the outcome matters: an Err with diagnostics, never a panic.
            if let Err(e) = Catalog::from_sources([(rel, text.as_str())], None) {
                assert!(!e.diagnostics.is_empty());
            }
        }
    }
}

#[test]
fn every_channel_or_unknown_mistake_gets_one_diagnostic_at_its_position() {
    let root = fixture("sample-broken-channels");
    let err = refused(&root);
    let got = positions(&root, &err);
    let m = "procedures/mistakes.toml";
    let expected: Vec<(String, u32, u32, &str)> = vec![
        (m, 12, 23, "E0104"), // channel `fax`
        (m, 21, 8, "E0104"),  // unknown time with a unit
        (m, 27, 10, "E0104"), // unknown fee with an amount
        (m, 31, 1, "E0202"),  // two times for one case, channel and day
        (m, 38, 1, "E0102"),  // known fee without an amount
        (m, 50, 18, "E0104"), // levels and levels_unknown
        (m, 60, 23, "E0104"), // legal_basis_unknown on a secondary record
        (m, 73, 12, "E0104"), // channels = []
    ]
    .into_iter()
    .map(|(f, l, c, code)| (f.to_string(), l, c, code))
    .collect();
    assert_eq!(got, expected, "\n{err}");
}
