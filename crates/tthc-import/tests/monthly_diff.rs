//! `--diff OLD_DIR`: a re-import names the procedures added, removed and
//! changed since the previous import, with the fields that changed.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // reason: a test fails loudly

mod support;

use support::fixture;
use tthc_import::{import, read_inputs, Changed, Options};

#[test]
fn a_re_import_lists_added_removed_and_changed_procedures() {
    let tmp = std::env::temp_dir().join(format!("tthc-import-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let base = tthc::Catalog::embedded().unwrap();
    let pages = fixture("portal-madeup-inputs/pages");

    let old = import(
        read_inputs(std::slice::from_ref(&pages)),
        &Options::default(),
        base,
    )
    .unwrap();
    old.write_to(&tmp.join("old")).unwrap();

    // Next month: 9.990001 now takes 6 working days online and in person,
    // 9.990002 was withdrawn, 9.990030 is new.
    let next = tmp.join("next");
    std::fs::create_dir_all(&next).unwrap();
    for e in std::fs::read_dir(&pages).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name == "9.990002.json" {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let text = if name == "9.990001.json" {
            text.replace("Trực tuyến7 Ngày", "Trực tuyến6 Ngày")
                .replace("Trực tiếp7 Ngày", "Trực tiếp6 Ngày")
        } else {
            text
        };
        std::fs::write(next.join(&name), text).unwrap();
    }
    let added = std::fs::read_to_string(pages.join("9.990006.json"))
        .unwrap()
        .replace("9.990006", "9.990030");
    std::fs::write(next.join("9.990030.json"), added).unwrap();

    let mut new = import(read_inputs(&[next]), &Options::default(), base).unwrap();
    new.diff_with(&tmp.join("old")).unwrap();
    let d = new.report.diff.clone().unwrap();
    assert_eq!(d.added, ["9.990030"]);
    assert_eq!(d.removed, ["9.990002"]);
    assert_eq!(
        d.changed,
        [Changed {
            code: "9.990001".to_string(),
            fields: vec![
                "processing".to_string(),
                "verbatim.cach_thuc_thuc_hien".to_string()
            ]
        }]
    );
    assert_eq!(d.unchanged, old.report.procedures_written - 2);
    assert!(
        new.report
            .summary()
            .contains("1 added, 1 removed, 1 changed"),
        "{}",
        new.report.summary()
    );

    // Re-importing the same inputs changes nothing.
    let mut same = import(read_inputs(&[pages]), &Options::default(), base).unwrap();
    same.diff_with(&tmp.join("old")).unwrap();
    let d = same.report.diff.clone().unwrap();
    assert!(d.added.is_empty() && d.removed.is_empty() && d.changed.is_empty());
    assert!(same
        .diff_with(&tmp.join("missing"))
        .unwrap_err()
        .contains("not a directory"));
    let _ = std::fs::remove_dir_all(&tmp);
}
