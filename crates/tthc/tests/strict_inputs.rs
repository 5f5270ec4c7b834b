//! JSON inputs accept only the shapes their schemas allow, and a wrong
//! value is reported with its field and the type expected (#15). (Every
//! conformance case is checked against schema/case.schema.json in
//! tests/evaluate_schema.rs; the case_json fuzz check compares the reader
//! with the schema on arbitrary input.)
#![allow(clippy::panic)] // a fixture that cannot be read must fail the test loudly

use tthc::engine::Case;
use tthc::metrics::JsonRecord;
use tthc::DossierFile;

const CASE: &str = r#""procedure": "cu-tru.dang-ky-thuong-tru", "channel": "in-person", "submitted_at": "2025-07-01T09:00:00""#;

fn case_error(extra: &str) -> String {
    match Case::from_json(&format!("{{{CASE}{extra}}}")) {
        Ok(c) => panic!("accepted {extra}: {c:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn an_array_where_the_schema_says_object_is_refused() {
    let e = case_error(r#", "applicant": ["citizen", [], 0]"#);
    assert!(
        e.contains("applicant: invalid type: sequence, expected a JSON object"),
        "{e}"
    );
    let e = case_error(r#", "fee_items": [["phi", "Phí", 5000]]"#);
    assert!(e.contains("fee_items[0]: invalid type: sequence"), "{e}");
    let whole = r#"["cu-tru.dang-ky-thuong-tru", null, null, "in-person", "2025-07-01T09:00:00"]"#;
    assert!(Case::from_json(whole).is_err());
    let dossier = r#"{"case": {"procedure": "p", "channel": "postal", "submitted_at": "2025-07-01T09:00:00"}, "events": [["received", "2025-07-01T09:00:00"]]}"#;
    let e = DossierFile::from_json(dossier).unwrap_err().to_string();
    assert!(e.contains("events[0]: invalid type: sequence"), "{e}");
    assert!(JsonRecord::from_line(r#"["D1", "p"]"#).is_err());
}

#[test]
fn a_type_error_names_the_field_and_the_type_expected() {
    let e = case_error(r#", "province": 5"#);
    assert!(
        e.contains("province: invalid type: integer `5`, expected a string"),
        "{e}"
    );
    let channel = r#"{"procedure": "p", "channel": 5, "submitted_at": "2025-07-01T09:00:00"}"#;
    let e = Case::from_json(channel).unwrap_err().to_string();
    assert!(
        e.contains("channel: invalid type: integer `5`, expected one of national-portal, provincial-portal, in-person, postal"),
        "{e}"
    );
    let e = case_error(r#", "applicant": {"identity_level": "2"}"#);
    assert!(
        e.contains("applicant.identity_level: invalid type: string \"2\", expected u8"),
        "{e}"
    );
    let e = case_error(r#", "applicant": {"kind": true}"#);
    assert!(
        e.contains(
            "applicant.kind: invalid type: boolean `true`, expected one of citizen, organisation"
        ),
        "{e}"
    );
    let empty = r#"{"procedure": "", "channel": "postal", "submitted_at": "2025-07-01T09:00:00"}"#;
    let e = Case::from_json(empty).unwrap_err().to_string();
    assert!(e.contains("procedure: empty"), "{e}");
    let row = JsonRecord::from_line(
        r#"{"dossier": "D1", "procedure": "p", "channel": "postal", "received_at": "2025-07-01T09:00:00", "paid_online": [true]}"#,
    )
    .unwrap_err();
    assert_eq!(row.field, "paid_online");
    assert!(
        row.message
            .starts_with("paid_online: invalid type: sequence"),
        "{}",
        row.message
    );
}
