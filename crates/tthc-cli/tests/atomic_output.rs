//! `-o FILE` writes whole or not at all (#15): a full disk (/dev/full) is
//! an error with a non-zero exit, and a process killed while writing leaves
//! FILE as it was, not half written.
#![allow(clippy::panic)] // a test that cannot run the binary must fail loudly

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

mod common;
use common::fixture;

fn tthc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tthc"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run tthc: {e}"))
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_full_disk_is_an_error_with_a_non_zero_exit() {
    let csv = fixture("sample-metrics-basic.csv");
    let vectors = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/conformance")
        .display()
        .to_string();
    for args in [
        vec!["synth", "20000", "-o", "/dev/full"],
        vec![
            "metrics",
            &csv,
            "--as-of=2025-03-31T12:00:00",
            "--format",
            "json",
            "-o",
            "/dev/full",
        ],
        vec!["conformance", "export", &vectors, "-o", "/dev/full"],
    ] {
        let o = tthc(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", said(&o));
        assert!(
            said(&o).contains("No space left on device"),
            "{args:?}: {}",
            said(&o)
        );
    }
}

#[test]
fn a_complete_output_replaces_the_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("records.csv");
    std::fs::write(&out, "old\n").unwrap_or_else(|e| panic!("{e}"));
    let o = tthc(&["synth", "1000", "-o", &out.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text.lines().count(), 1001);
    assert_eq!(entries(dir.path()), ["records.csv"]);
}

#[test]
fn a_killed_process_leaves_the_previous_file_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("records.csv");
    std::fs::write(&out, "old\n").unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tthc"))
        .args(["synth", "50000000", "-o", &out.display().to_string()])
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Kill it once it has written a good part of the temporary file (it
    // cannot finish 50 million records first; if it stops, the test fails).
    while staged_bytes(dir.path()) < 1 << 20 {
        let exited = child.try_wait().unwrap_or_else(|e| panic!("{e}"));
        assert!(exited.is_none(), "tthc stopped before writing: {exited:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap_or_else(|e| panic!("{e}"));
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(!status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap_or_default(), "old\n");
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Bytes written so far to the temporary files in `dir`.
fn staged_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(".records.csv.tmp")
                })
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
