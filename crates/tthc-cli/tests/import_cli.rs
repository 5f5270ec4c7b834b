//! `tthc import portal`: the made-up portal fixtures through the command
//! line — the tree, the report, the summary, the exit codes.
#![allow(clippy::panic)] // a test that cannot run the binary must fail loudly

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
// The importer's own tests import the same made-up inputs.
#[path = "../../tthc-import/tests/support/madeup.rs"]
mod madeup;

use common::{fixture, run, Run};

fn tthc<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_tthc")).args(args))
}

fn inputs() -> Vec<String> {
    madeup::madeup_inputs()
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tthc-import-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn import_into(out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["import".into(), "portal".into()];
    args.extend(inputs());
    args.extend([
        "-o".to_string(),
        out.display().to_string(),
        "--as-of".into(),
        "2026-07-15".into(),
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    tthc(&args)
}

#[test]
fn the_fixtures_import_into_the_committed_tree_with_a_report_and_a_summary() {
    let dir = temp("tree");
    let report = dir.with_extension("json");
    let r = import_into(&dir, &["--report", &report.display().to_string()]);
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    assert!(
        r.out.starts_with("imported 19 procedures into"),
        "{}",
        r.out
    );
    assert!(
        r.err.contains("field") && r.err.contains("parsed") && r.err.contains("time-unit-missing"),
        "{}",
        r.err
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(v["procedures_written"], 19);
    assert_eq!(v["as_of"], "2026-07-15");
    // The same tree as the library's snapshot, file for file.
    let committed = PathBuf::from(fixture("portal-madeup-imported"));
    for rel in [
        "procedures/linh-vuc-gia-lap.toml",
        "procedures/ho-tich.toml",
        "policies/linh-vuc-gia-lap.toml",
        "documents.toml",
        "sectors.toml",
    ] {
        assert_eq!(
            std::fs::read(dir.join(rel)).ok(),
            std::fs::read(committed.join(rel)).ok(),
            "{rel}"
        );
    }
    // A re-run into the same directory, with --diff against it: nothing changed.
    let r = import_into(&dir, &["--diff", &dir.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.err
            .contains("0 added, 0 removed, 0 changed, 19 unchanged"),
        "{}",
        r.err
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&report);
}

#[test]
fn bad_options_are_usage_errors_and_write_nothing() {
    let dir = temp("usage");
    let r = import_into(&dir, &["--province", "atlantis"]);
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(
        r.err.contains("`atlantis` is not a province id"),
        "{}",
        r.err
    );
    let r = import_into(&dir, &["--diff", "/no/such/directory"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("not a directory"), "{}", r.err);
    let r = import_into(&dir, &["--as-of", "2026-02-30"]);
    assert_eq!(r.code, 2, "{}", r.err);
    let r = tthc(&["import", "portal", "-o", &dir.display().to_string()]);
    assert_eq!(r.code, 2, "an INPUT is required: {}", r.err);
    assert!(!dir.exists());
}

#[test]
fn nothing_importable_or_an_occupied_directory_fails_with_exit_1() {
    let dir = temp("garbage");
    let garbage = fixture("portal-madeup-garbage/corrupt.xlsx");
    let r = tthc(&[
        "import",
        "portal",
        &garbage,
        "-o",
        &dir.display().to_string(),
    ]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(
        r.out.contains("no procedure could be imported"),
        "{}",
        r.out
    );
    assert!(
        r.err.contains("corrupt.xlsx: not a readable XLSX workbook"),
        "{}",
        r.err
    );
    assert!(!dir.exists());
    std::fs::create_dir_all(&dir).unwrap_or_default();
    std::fs::write(dir.join("mine.txt"), "a province's own notes").unwrap_or_default();
    let r = import_into(&dir, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains("not written by `tthc import portal`"),
        "{}",
        r.out
    );
    assert!(dir.join("mine.txt").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_imported_procedure_answers_per_channel_through_the_cli() {
    let dir = temp("e2e");
    let r = import_into(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    let d = dir.display().to_string();
    // The tree validates on its own and over the embedded catalogue.
    let r = tthc(&["validate", &d]);
    assert_eq!(r.code, 0, "{}", r.out);
    let r = tthc(&["validate", &d, "--over-embedded"]);
    assert_eq!(r.code, 0, "{}", r.out);
    // Show: each channel with its own time and fee, the unknown said as such.
    let r = tthc(&[
        "--catalog",
        &d,
        "procedures",
        "show",
        "9.990001",
        "--on",
        "2026-07-15",
    ]);
    assert_eq!(r.code, 0, "{}", r.out);
    for line in [
        "[default; national-portal, provincial-portal, in-person]: 7 ngày làm việc",
        "[default; postal]: 10 ngày làm việc",
        "[default; in-person]: Lệ phí — 15000 đồng",
        "[default; postal]: Phí, lệ phí — chưa rõ / unknown (Không có thông tin)",
    ] {
        assert!(r.out.contains(line), "{line} not in\n{}", r.out);
    }
    // Deadline per channel: 7 working days online, 10 by post (from Thu 16/7/2026).
    for (channel, due) in [
        ("national-portal", "2026-07-24T17:00:00+07:00"),
        ("postal", "2026-07-29T17:00:00+07:00"),
    ] {
        let r = tthc(&[
            "--catalog",
            &d,
            "deadline",
            "--procedure",
            "9.990001",
            "--channel",
            channel,
            "--received",
            "2026-07-15T09:00:00",
            "--json",
        ]);
        assert_eq!(r.code, 0, "{}", r.out);
        let v: serde_json::Value = serde_json::from_str(&r.out).unwrap_or_default();
        assert_eq!(v["due_at"], due, "{channel}: {}", r.out);
    }
    // A bare number is no time: the deadline says why instead of guessing.
    let r = tthc(&[
        "--catalog",
        &d,
        "deadline",
        "--procedure",
        "9.990005",
        "--channel",
        "in-person",
        "--received",
        "2026-07-15T09:00:00",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains("no-processing-time")
            && r.out
                .contains("the portal gives the number 1 without a unit"),
        "{}",
        r.out
    );
    // Evaluate: the in-person fee, and the online rate of a period.
    let case = dir.with_extension("case.json");
    std::fs::write(&case, r#"{"procedure": "9.990003", "channel": "national-portal", "submitted_at": "2025-06-02T09:00:00"}"#).unwrap_or_default();
    let r = tthc(&[
        "--catalog",
        &d,
        "evaluate",
        &case.display().to_string(),
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.out);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap_or_default();
    assert_eq!(
        (v["fee"]["base"].as_i64(), v["fee"]["payable"].as_i64()),
        (Some(135_000), Some(115_000)),
        "{}",
        r.out
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&case);
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                files.insert(rel.to_path_buf(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    files
}

/// The hidden directories the import leaves beside `dir` (`.<name>.…`).
fn siblings(dir: &Path) -> Vec<PathBuf> {
    let Some(name) = dir
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()))
    else {
        return Vec::new();
    };
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&name))
        .map(|e| e.path())
        .collect()
}

/// Runs `tthc import portal` of the fixtures into `out` with files limited
/// to a few KB (`ulimit -f`): the procedures file of 25 KB cannot be written.
/// With `trap '' XFSZ` the write fails (EFBIG); without it the kernel kills
/// the process mid-tree (SIGXFSZ), as a kill or a crash would.
fn import_with_small_files(out: &Path, killed: bool) -> std::process::ExitStatus {
    let trap = if killed { "" } else { "trap '' XFSZ; " };
    let mut args = vec!["import".to_string(), "portal".to_string()];
    args.extend(inputs());
    args.extend(["-o".to_string(), out.display().to_string()]);
    Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("{trap}ulimit -f 16 && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_tthc"))
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("cannot run /bin/sh: {e}"))
}

#[test]
fn a_re_import_replaces_the_tables_and_keeps_other_files() {
    let dir = temp("reimport");
    assert_eq!(import_into(&dir, &[]).code, 0);
    let first = tree(&dir);
    std::fs::write(dir.join("GHI-CHU.txt"), "notes kept by the province").unwrap_or_default();
    std::fs::write(dir.join("procedures/removed-sector.toml"), "# gone").unwrap_or_default();
    let r = import_into(&dir, &[]);
    assert_eq!(r.code, 0, "{}", r.out);
    let mut again = tree(&dir);
    assert_eq!(
        again.remove(Path::new("GHI-CHU.txt")).as_deref(),
        Some(&b"notes kept by the province"[..])
    );
    assert_eq!(again, first, "the same tables, and no stale one");
    assert_eq!(siblings(&dir), Vec::<PathBuf>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_import_keeps_the_earlier_tree_whole_and_leaves_nothing_beside_it() {
    let dir = temp("atomic-fail");
    assert_eq!(import_into(&dir, &[]).code, 0);
    std::fs::write(dir.join("GHI-CHU.txt"), "notes").unwrap_or_default();
    let before = tree(&dir);
    assert!(before.len() > 5, "{before:?}");
    let status = import_with_small_files(&dir, false);
    assert_eq!(status.code(), Some(1), "the write must fail: {status}");
    assert_eq!(tree(&dir), before);
    assert_eq!(siblings(&dir), Vec::<PathBuf>::new());
    // A first import that fails leaves no directory at all.
    let fresh = temp("atomic-fail-fresh");
    assert_eq!(import_with_small_files(&fresh, false).code(), Some(1));
    assert!(!fresh.exists());
    assert_eq!(siblings(&fresh), Vec::<PathBuf>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_import_leaves_the_earlier_tree_or_none_never_a_partial_one() {
    let dir = temp("atomic-kill");
    assert_eq!(import_into(&dir, &[]).code, 0);
    let before = tree(&dir);
    let status = import_with_small_files(&dir, true);
    assert_eq!(status.code(), None, "killed by SIGXFSZ: {status}");
    assert_eq!(tree(&dir), before);
    let fresh = temp("atomic-kill-fresh");
    assert_eq!(import_with_small_files(&fresh, true).code(), None);
    assert!(!fresh.exists());
    // What a killed process cannot clean: its half-written tree, hidden
    // beside the output under a name that says what it is.
    for leftover in siblings(&dir).into_iter().chain(siblings(&fresh)) {
        let name = leftover
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        assert!(
            name.as_deref().is_some_and(|n| n.contains(".importing-")),
            "{leftover:?}"
        );
        let _ = std::fs::remove_dir_all(&leftover);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
