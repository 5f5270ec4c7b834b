//! The made-up portal fixtures (`tests/fixtures/portal-madeup-inputs`: every
//! shape of input and every variant of field text the importer reads) give
//! the committed catalogue tree and report, byte for byte, on every run.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // reason: a test fails loudly

mod support;

use std::path::{Path, PathBuf};

use support::madeup::madeup_inputs;
use support::{fixture, madeup_list_xlsx, snapshot};
use tthc_import::{import, read_inputs, Import, Options};

fn options() -> Options {
    Options {
        as_of: "2026-07-15".parse().ok(),
        province: None,
    }
}

fn run() -> Import {
    let base = tthc::Catalog::embedded().expect("embedded catalogue");
    import(read_inputs(&madeup_inputs()), &options(), base).expect("import")
}

/// The report as committed: input paths relative to the repository root.
fn report_json(i: &Import) -> String {
    let root = format!("{}/../../", env!("CARGO_MANIFEST_DIR"));
    serde_json::to_string_pretty(&i.report)
        .expect("report serialises")
        .replace(&root, "")
        + "\n"
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tthc-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn the_xlsx_fixture_is_what_the_generator_writes() {
    snapshot(
        &fixture("portal-madeup-inputs/danh-sach-madeup.xlsx"),
        &madeup_list_xlsx(),
    );
}

#[test]
fn the_imported_tree_matches_the_committed_snapshot() {
    let i = run();
    let dir = fixture("portal-madeup-imported");
    for f in &i.files {
        snapshot(&dir.join(&f.path), f.text.as_bytes());
    }
    let written: Vec<String> = i.files.iter().map(|f| f.path.clone()).collect();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_none() {
        assert_eq!(
            files_under(&dir),
            written,
            "the committed tree has other files than the import"
        );
    }
}

#[test]
fn the_committed_tree_loads_alone_and_over_the_embedded_catalogue() {
    let dir = fixture("portal-madeup-imported");
    let alone = tthc::Catalog::from_dir(&dir).map_err(|e| e.to_string());
    assert!(alone.is_ok(), "{alone:?}");
    let embedded = tthc::Catalog::embedded().expect("embedded catalogue");
    let over = tthc::Catalog::from_dir_over(&dir, embedded).map_err(|e| e.to_string());
    assert!(over.is_ok(), "{over:?}");
    // Province overlay: the same inputs as Hà Nội's overlay also load.
    let base = tthc::Catalog::embedded().expect("embedded catalogue");
    let options = Options {
        province: Some("ha-noi".to_string()),
        ..options()
    };
    let i = import(read_inputs(&madeup_inputs()), &options, base).expect("import");
    assert!(i
        .files
        .iter()
        .any(|f| f.path == "overlays/ha-noi/procedures/linh-vuc-gia-lap.toml"));
    let out = temp_dir("overlay");
    i.write_to(&out).expect("write");
    let alone = tthc::Catalog::from_dir(&out).map_err(|e| e.to_string());
    assert!(alone.is_ok(), "{alone:?}");
    let over = tthc::Catalog::from_dir_over(&out, embedded).map_err(|e| e.to_string());
    assert!(over.is_ok(), "{over:?}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_report_matches_the_committed_snapshot() {
    snapshot(
        &fixture("portal-madeup-report.json"),
        report_json(&run()).as_bytes(),
    );
}

#[test]
fn a_rerun_gives_the_same_bytes_and_replaces_its_own_tree() {
    let (a, b) = (run(), run());
    assert_eq!(a.files, b.files);
    assert_eq!(report_json(&a), report_json(&b));
    let dir = temp_dir("rerun");
    a.write_to(&dir).expect("first write");
    let first: Vec<(String, Vec<u8>)> = files_under(&dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
        .collect();
    // A stale file of an earlier import disappears; the rest is rewritten identically.
    std::fs::write(
        dir.join("procedures/stale.toml"),
        "# from an older import\n",
    )
    .unwrap();
    b.write_to(&dir).expect("second write");
    let second: Vec<(String, Vec<u8>)> = files_under(&dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
        .collect();
    assert_eq!(first, second);
    // A directory that is not an import is refused, not overwritten.
    let other = temp_dir("not-ours");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let err = a.write_to(&other).unwrap_err();
    assert!(err.contains("not written by `tthc import portal`"), "{err}");
    assert!(other.join("notes.txt").exists());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&other);
}

#[test]
fn every_record_is_written_merged_or_listed_with_its_reason() {
    let r = run().report;
    assert_eq!(
        r.records_read,
        r.procedures_written + r.records_merged + r.not_written.len(),
        "{r:#?}"
    );
    let reasons: Vec<String> = r
        .not_written
        .iter()
        .map(|n| format!("{}: {}", n.origin.at, n.reason))
        .collect();
    for expected in [
        "line 3: `9.99001` is not a national procedure code",
        "line 4: the record has no name",
        "record 4: another detail record of this code differs and was kept",
        "row 6: the record has no procedure code",
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(expected)),
            "{expected} not in {reasons:#?}"
        );
    }
    assert_eq!(r.detail_records + r.list_rows, r.records_read);
}

/// Reads one `[[procedure]]` of the imported tree by code.
fn procedure(i: &Import, code: &str) -> toml::Table {
    for f in i.files.iter().filter(|f| f.path.starts_with("procedures/")) {
        let doc: toml::Table = toml::from_str(&f.text).expect("valid TOML");
        for p in doc["procedure"].as_array().into_iter().flatten() {
            if p["code"].as_str() == Some(code) {
                return p.as_table().cloned().unwrap();
            }
        }
    }
    panic!("{code} not imported");
}

fn records<'a>(p: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    p.get(key)
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_table())
        .collect()
}

fn doubts(i: &Import, code: &str) -> Vec<String> {
    i.report
        .doubts
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.kind.as_str())
        .collect()
}

#[test]
fn each_variant_reads_as_the_catalogue_expects() {
    let i = run();
    // Three channels, per-channel times and fees; unknown where the portal says so.
    let p = procedure(&i, "9.990001");
    let t = records(&p, "processing");
    assert_eq!(t.len(), 2);
    assert_eq!(t[0]["channels"].as_array().unwrap().len(), 2);
    assert_eq!(
        (t[0]["amount"].as_integer(), t[0]["unit"].as_str()),
        (Some(7), Some("working-days"))
    );
    assert_eq!(
        (t[1]["channels"][0].as_str(), t[1]["amount"].as_integer()),
        (Some("postal"), Some(10))
    );
    let f = records(&p, "fee");
    let fees: Vec<(Option<&str>, Option<i64>, Option<&str>)> = f
        .iter()
        .map(|f| {
            (
                f["channels"][0].as_str(),
                f.get("amount").and_then(|a| a.as_integer()),
                f.get("item").and_then(|a| a.as_str()),
            )
        })
        .collect();
    assert_eq!(
        fees,
        [
            (Some("online"), Some(10_000), Some("le-phi")),
            (Some("in-person"), Some(15_000), Some("le-phi")),
            (Some("postal"), None, None)
        ]
    );
    assert_eq!(f[2]["unknown"].as_str(), Some("Không có thông tin"));
    // Calendar days, hours, months.
    assert_eq!(
        records(&procedure(&i, "9.990002"), "processing")[0]["unit"].as_str(),
        Some("calendar-days")
    );
    let p = procedure(&i, "9.990006");
    let units: Vec<_> = records(&p, "processing")
        .iter()
        .map(|t| t["unit"].as_str())
        .collect();
    assert_eq!(units, [Some("working-hours"), Some("months")]);
    // A bare number: unknown, the number kept, never a guessed unit.
    let t = records(&procedure(&i, "9.990005"), "processing")[0].clone();
    assert_eq!((t.get("unit"), t["amount"].as_integer()), (None, Some(1)));
    assert!(doubts(&i, "9.990005").contains(&"time-unit-missing".to_string()));
    // Free is 0; free contradicted by the description is a conflict, unknown.
    assert_eq!(
        records(&procedure(&i, "9.990002"), "fee")[0]["amount"].as_integer(),
        Some(0)
    );
    let f = records(&procedure(&i, "9.990004"), "fee")[0].clone();
    assert!(f.get("amount").is_none() && f["unknown"].as_str().unwrap().contains("135000"));
    assert!(doubts(&i, "9.990004").contains(&"fee-conflict".to_string()));
    // A phí and a lệ phí side by side: two items.
    let p = procedure(&i, "9.990007");
    let items: Vec<_> = records(&p, "fee")
        .iter()
        .map(|f| (f["item"].as_str(), f["amount"].as_integer()))
        .collect();
    assert_eq!(
        items,
        [(Some("phi"), Some(15_000)), (Some("le-phi"), Some(10_000))]
    );
    // USD, Cơ quan khác, the province-set fee, a time glued to the amount.
    assert_eq!(
        doubts(&i, "9.990009"),
        ["fee-foreign-currency", "level-unrecognised"]
    );
    assert!(procedure(&i, "9.990009").contains_key("levels_unknown"));
    assert_eq!(doubts(&i, "9.990012"), ["fee-set-by-province"]);
    let p = procedure(&i, "9.990010");
    let online = records(&p, "fee")[0].clone();
    assert_eq!(
        (
            online["channels"][0].as_str(),
            online["amount"].as_integer()
        ),
        (Some("online"), Some(20_000))
    );
    assert_eq!(
        doubts(&i, "9.990010"),
        ["time-unit-missing", "time-fee-run-together"]
    );
    // Two rows of one channel that disagree.
    assert!(
        records(&procedure(&i, "9.990011"), "processing")[0]["unknown"]
            .as_str()
            .unwrap()
            .contains("5 Ngày làm việc; 3 Ngày làm việc")
    );
    // Separate fields without the channel table apply to every channel.
    let p = procedure(&i, "9.990013");
    assert_eq!(records(&p, "processing")[0].get("channels"), None);
    assert_eq!(records(&p, "processing")[0]["amount"].as_integer(), Some(5));
    assert_eq!(records(&p, "fee")[0]["amount"].as_integer(), Some(20_000));
    assert_eq!(p["legal_basis"][0].as_str(), Some("9905/QĐ-UBND"));
    // Structured rows; an unknown channel is reported, not guessed.
    assert_eq!(doubts(&i, "9.990015"), ["channel-unrecognised"]);
    // The embedded catalogue's id for a code it has (DESIGN §4).
    assert_eq!(
        procedure(&i, "1.000894")["id"].as_str(),
        Some("ho-tich.dang-ky-ket-hon")
    );
    // A list row fills what the page leaves empty; list-only procedures are kept.
    assert_eq!(
        procedure(&i, "9.990012")["agencies"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let p = procedure(&i, "9.990020");
    assert_eq!(p["status"].as_str(), Some("unconfirmed"));
    assert!(p.contains_key("levels_unknown") && p.contains_key("legal_basis_unknown"));
    assert_eq!(i.report.list_only_procedures, 3);
    assert!(doubts(&i, "9.990005").contains(&"list-differs".to_string()));
}

#[test]
fn a_dated_rate_with_both_dates_and_an_amount_becomes_a_policy() {
    let i = run();
    let f = i
        .files
        .iter()
        .find(|f| f.path == "policies/linh-vuc-gia-lap.toml")
        .expect("policies file");
    let doc: toml::Table = toml::from_str(&f.text).unwrap();
    let rates: Vec<&toml::Table> = doc["policy"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_table())
        .collect();
    let r = rates
        .iter()
        .find(|p| p["id"].as_str().is_some_and(|id| id.contains("9.990003")))
        .expect("rate of 9.990003");
    assert_eq!(r["kind"].as_str(), Some("fee-set"));
    assert_eq!(r["valid_from"].to_string(), "2023-12-01");
    assert_eq!(r["valid_to"].to_string(), "2025-12-31");
    assert_eq!(r["effect"]["amount"].as_integer(), Some(115_000));
    assert_eq!(r["when"]["channels"].as_array().unwrap().len(), 2);
    // Ended before --as-of: imported, and reported.
    assert!(doubts(&i, "9.990003").contains(&"dated-rate-expired".to_string()));
    // A percentage for a period is not an amount: reported, not imported.
    assert!(doubts(&i, "9.990008").contains(&"dated-rate-not-imported".to_string()));
    assert!(!rates
        .iter()
        .any(|p| p["id"].as_str().is_some_and(|id| id.contains("9.990008"))));
}
