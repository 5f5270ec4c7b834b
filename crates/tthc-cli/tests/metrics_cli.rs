//! `tthc metrics` and `tthc synth`: formats, exit codes, streaming from stdin.
#![allow(clippy::panic)] // a test that cannot run the binary must fail loudly

use std::io::Write;
use std::process::{Command, Stdio};

mod common;
use common::fixture;

fn tthc(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tthc"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run tthc: {e}"));
    if let (Some(data), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(data).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const AS_OF: &str = "--as-of=2025-03-31T12:00:00";

#[test]
fn metrics_csv_output_and_the_malformed_row_on_stderr() {
    let (code, out, err) = tthc(
        &[
            "metrics",
            &fixture("sample-metrics-basic.csv"),
            "--format",
            "csv",
            AS_OF,
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    // Online share of March, all units: 3 of 7 (worked in the library's tests).
    let line = out
        .lines()
        .find(|l| l.starts_with("2025-03,province,*,") && l.contains(",online-dossier-share,"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains(",3,7,percent,"), "{line}");
    assert!(err.contains("1 malformed"), "{err}");
}

#[test]
fn metrics_json_by_sector_per_quarter() {
    let (code, out, _) = tthc(
        &[
            "metrics",
            &fixture("sample-metrics-basic.csv"),
            "--by",
            "sector",
            "--period",
            "quarter",
            "--format",
            "json",
            AS_OF,
        ],
        None,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(v["by"], "sector");
    let ho_tich = v["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["unit"] == "ho-tich" && r["kpi"] == "dossiers" && r["period"] == "2025-Q1")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(ho_tich["value"], 3.0);
}

#[test]
fn metrics_reads_json_lines_from_stdin_and_writes_html() {
    let data =
        std::fs::read(fixture("sample-metrics-events.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let dir = std::env::temp_dir().join(format!("tthc-metrics-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let out_path = dir.join("report.html");
    let out_arg = out_path.display().to_string();
    let (code, out, err) = tthc(
        &["metrics", "-", "--format", "html", "-o", &out_arg, AS_OF],
        Some(&data),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let html = std::fs::read_to_string(&out_path).unwrap_or_default();
    assert!(html.contains("data-kpi=\"late-share\""));
    assert!(html.contains("tuyen-quang"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn metrics_strict_and_usage_errors() {
    let (code, out, _) = tthc(
        &[
            "metrics",
            &fixture("sample-metrics-basic.csv"),
            "--strict",
            AS_OF,
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(out.contains("line 8"), "{out}");
    let (code, _, err) = tthc(
        &[
            "metrics",
            &fixture("sample-metrics-basic.csv"),
            "--by",
            "district",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("province, agency, sector, procedure"), "{err}");
    let (code, out, _) = tthc(&["metrics", "/nonexistent/file.csv"], None);
    assert_eq!(code, 1);
    assert!(out.contains("cannot read"), "{out}");
    let (code, out, _) = tthc(&["metrics", "-"], Some(b"a,b\n1,2\n"));
    assert_eq!(code, 1);
    assert!(out.contains("missing column"), "{out}");
}

#[test]
fn synth_is_labelled_reproducible_and_readable_by_metrics() {
    let (code, a, _) = tthc(&["synth", "300", "--seed", "5"], None);
    assert_eq!(code, 0);
    let (_, b, _) = tthc(&["synth", "300", "--seed", "5"], None);
    assert_eq!(a, b, "the same seed gives the same file");
    let lines: Vec<&str> = a.lines().collect();
    assert_eq!(lines.len(), 301);
    assert!(
        lines
            .iter()
            .skip(1)
            .all(|l| l.starts_with("SYN-") && l.ends_with(",true")),
        "every row is marked synthetic"
    );
    let (code, out, err) = tthc(
        &["metrics", "-", "--format", "json", "--period", "year"],
        Some(a.as_bytes()),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(v["records"], 300);
    assert_eq!(v["issues"]["malformed"], 0);
    assert_eq!(
        v["issues"]["warnings"], 0,
        "synthetic records use only catalogue procedures and provinces"
    );
    let (code, j, _) = tthc(&["synth", "50", "--format", "jsonl"], None);
    assert_eq!(code, 0);
    assert!(j.lines().all(
        |l| serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v["synthetic"] == true)
    ));
}
