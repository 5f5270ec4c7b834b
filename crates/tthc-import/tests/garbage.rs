//! Garbage inputs (truncated JSON, a corrupt XLSX, wrong types, empty cells,
//! 10 MB fields, bad lines, bytes that are not UTF-8) give errors naming the
//! file and the record, and cost nothing but what is broken.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // reason: a test fails loudly

mod support;

use std::path::PathBuf;

use support::fixture;
use support::madeup::madeup_inputs;
use tthc_import::{import, read_inputs, Import, Options};

fn run(paths: &[PathBuf]) -> Import {
    let base = tthc::Catalog::embedded().expect("embedded catalogue");
    import(read_inputs(paths), &Options::default(), base).expect("import")
}

/// Files with a 10 MB field, written for the test (too large to commit).
fn huge_inputs() -> (PathBuf, Vec<PathBuf>) {
    let dir = std::env::temp_dir().join(format!("tthc-import-huge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let ten_mb = "Trực tiếp5 Ngày làm việcMiễn phí".repeat(10 * 1024 * 1024 / 40 + 1);
    let records = serde_json::json!([
        {"ma_thu_tuc": "9.980013", "ten_thu_tuc": "Bảng cách thức 10 MB (dữ liệu giả lập)", "linh_vuc": "Lĩnh vực rác (giả lập)",
         "so_quyet_dinh": "9906/QĐ-BTC", "cap_thuc_hien": "Cấp tỉnh", "cach_thuc_thuc_hien": ten_mb},
        {"ma_thu_tuc": "9.980014", "ten_thu_tuc": ten_mb, "linh_vuc": "Lĩnh vực rác (giả lập)"},
    ]);
    let json = dir.join("huge.json");
    std::fs::write(&json, records.to_string()).unwrap();
    let csv = dir.join("huge.csv");
    std::fs::write(
        &csv,
        format!(
            "Mã số,Tên,Lĩnh vực\n9.980015,\"{}\",Lĩnh vực rác (giả lập)\n",
            "x".repeat(10 << 20)
        ),
    )
    .unwrap();
    (dir, vec![json, csv])
}

fn error_at(i: &Import, file: &str, at: &str, fragment: &str) {
    let found = i.report.errors.iter().any(|e| {
        e.origin.file.ends_with(file) && e.origin.at == at && e.to_string().contains(fragment)
    });
    let all: Vec<String> = i.report.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        found,
        "no error at {file} {at:?} containing {fragment:?} in {all:#?}"
    );
}

fn written(i: &Import) -> Vec<String> {
    let mut codes = Vec::new();
    for f in i.files.iter().filter(|f| f.path.starts_with("procedures/")) {
        let doc: toml::Table = toml::from_str(&f.text).unwrap();
        for p in doc["procedure"].as_array().into_iter().flatten() {
            codes.push(p["code"].as_str().unwrap_or_default().to_string());
        }
    }
    codes.sort();
    codes
}

#[test]
fn garbage_gives_clear_errors_and_loses_no_other_record() {
    let good = run(&madeup_inputs());
    let (tmp, huge) = huge_inputs();
    let garbage = fixture("portal-madeup-garbage");
    let mut paths = madeup_inputs();
    paths.push(garbage.clone());
    paths.extend(huge);
    paths.push(garbage.join("unsupported.txt"));
    let mixed = run(&paths);

    // Every file of the good inputs' sectors is written exactly as without the garbage.
    for f in &good.files {
        if f.path.starts_with("procedures/") || f.path.starts_with("policies/") {
            let same = mixed.files.iter().find(|m| m.path == f.path);
            assert_eq!(same.map(|m| &m.text), Some(&f.text), "{} changed", f.path);
        }
    }
    // The good records among the garbage are written too.
    let codes = written(&mixed);
    for code in [
        "9.980001", "9.980002", "9.980005", "9.980006", "9.980007", "9.980011", "9.980013",
    ] {
        assert!(codes.contains(&code.to_string()), "{code} lost: {codes:?}");
    }
    for code in [
        "9.980003", "9.980004", "9.980008", "9.980009", "9.980010", "9.980014", "9.980015",
    ] {
        assert!(!codes.contains(&code.to_string()), "{code} written");
    }

    error_at(
        &mixed,
        "truncated.json",
        "",
        "invalid JSON: EOF while parsing a string at line 20 column 8",
    );
    error_at(
        &mixed,
        "wrong-types.json",
        "record 1",
        "a record must be a JSON object, this is a string",
    );
    error_at(
        &mixed,
        "wrong-types.json",
        "record 2",
        "the code is a number (9.980003)",
    );
    error_at(
        &mixed,
        "wrong-types.json",
        "record 3",
        "ten_thu_tuc: expected text, found an object",
    );
    error_at(
        &mixed,
        "wrong-types.json",
        "record 4",
        "cap_thuc_hien: expected text, found a boolean",
    );
    error_at(
        &mixed,
        "wrong-types.json",
        "record 4",
        "doi_tuong_thuc_hien: expected text, found an array",
    );
    error_at(
        &mixed,
        "wrong-types.json",
        "record 5",
        "none of the portal's fields",
    );
    error_at(
        &mixed,
        "bad-lines.jsonl",
        "line 2",
        "invalid JSON: EOF while parsing a value at line 1 column 42",
    );
    error_at(
        &mixed,
        "bad-lines.jsonl",
        "line 3",
        "a record must be a JSON object, this is an array",
    );
    error_at(&mixed, "corrupt.xlsx", "", "not a readable XLSX workbook");
    error_at(
        &mixed,
        "not-utf8.json",
        "",
        "invalid JSON: invalid unicode code point at line 1 column 44",
    );
    error_at(
        &mixed,
        "huge.json",
        "record 1",
        "cach_thuc_thuc_hien: the cell is",
    );
    error_at(&mixed, "huge.json", "record 2", "ten_thu_tuc: the cell is");
    error_at(&mixed, "huge.csv", "line 2", "ten_thu_tuc: the cell is");
    error_at(&mixed, "unsupported.txt", "", "not a portal input");

    let reasons: Vec<String> = mixed
        .report
        .not_written
        .iter()
        .map(|n| format!("{}|{}|{}", n.origin.file, n.origin.at, n.reason))
        .collect();
    for (file, at, reason) in [
        ("wrong-types.json", "record 2", "no procedure code"),
        ("wrong-types.json", "record 3", "no name"),
        ("empty-cells.csv", "line 2", "no name"),
        ("empty-cells.csv", "line 4", "no Lĩnh vực"),
        ("empty-cells.csv", "line 6", "no procedure code"),
        ("huge.json", "record 2", "no name"),
    ] {
        assert!(
            reasons
                .iter()
                .any(|r| r.contains(file) && r.contains(&format!("|{at}|")) && r.contains(reason)),
            "{file} {at} {reason} not in {reasons:#?}"
        );
    }
    // The blank CSV row is not a record; the extra cell is reported as an unused column.
    assert!(!reasons
        .iter()
        .any(|r| r.contains("empty-cells.csv|line 3|")));
    assert!(mixed
        .report
        .ignored_labels
        .iter()
        .any(|l| l.contains("column 6 without a title")));
    // 42 is not a channel table: reported, not read.
    assert!(mixed
        .report
        .doubts
        .iter()
        .any(|d| d.code == "9.980005" && d.kind.as_str() == "channel-table-unread"));
    let r = &mixed.report;
    assert_eq!(
        r.records_read,
        r.procedures_written + r.records_merged + r.not_written.len()
    );
    // What the garbage left is still a catalogue the engine loads.
    let out = tmp.join("out");
    mixed.write_to(&out).unwrap();
    let loaded = tthc::Catalog::from_dir(&out).map_err(|e| e.to_string());
    assert!(loaded.is_ok(), "{loaded:?}");
    let _ = std::fs::remove_dir_all(tmp);
}
