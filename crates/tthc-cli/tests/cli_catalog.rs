//! The `tthc` binary's catalogue and calendar commands: output and exit codes.
#![allow(clippy::panic)] // a test that cannot run the binary must fail loudly

use std::process::Command;

mod common;
use common::fixture;

fn tthc(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tthc"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run tthc: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_is_clean_on_the_embedded_catalogue() {
    let (code, out, _) = tthc(&["validate"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("valid"), "{out}");
    let (code, out, _) = tthc(&["validate", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(v["ok"], true);
    assert_eq!(v["content_hash"].as_str().map(str::len), Some(64));
}

#[test]
fn validate_reports_every_problem_and_exits_1() {
    let (code, out, _) = tthc(&["validate", &fixture("sample-broken-catalog")]);
    assert_eq!(code, 1);
    assert_eq!(out.matches(": error[E").count(), 16, "{out}");
    assert!(out.contains("procedures/mistakes.toml:29:10: error[E0103]: `amount` in fee is a string, expected an integer"), "{out}");
    let (code, out, _) = tthc(&["validate", &fixture("sample-broken-catalog"), "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(16));
}

#[test]
fn search_and_show_answer_in_vietnamese_and_json() {
    let (code, out, _) = tthc(&["procedures", "search", "DANG", "KY", "KHAI", "SINH"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .next()
            .is_some_and(|l| l.contains("Thủ tục đăng ký khai sinh")),
        "{out}"
    );

    let (code, out, _) = tthc(&[
        "procedures",
        "show",
        "1.000894",
        "--on",
        "2025-08-01",
        "--province",
        "Hà Giang",
        "--json",
    ]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(v["name"], "Thủ tục đăng ký kết hôn");
    assert_eq!(v["province"]["id"], "tuyen-quang");
    assert_eq!(v["province"]["requested"], "ha-giang");

    let (code, out, _) = tthc(&[
        "procedures",
        "show",
        "ho-tich.dang-ky-khai-sinh",
        "--on",
        "2025-08-01",
        "--province",
        "ha-giang",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Hà Giang (ha-giang) → Tuyên Quang (tuyen-quang) from 2025-07-01"),
        "{out}"
    );
    assert!(out.contains("CHƯA XÁC NHẬN / unconfirmed"), "{out}");
}

#[test]
fn bad_input_gets_a_clear_error_and_exit_code() {
    let (code, out, _) = tthc(&["procedures", "show", "khong-co-thu-tuc-nay"]);
    assert_eq!(code, 1);
    assert!(out.contains("no procedure"), "{out}");
    let (code, _, err) = tthc(&["procedures", "show", "1.000894", "--on", "2025-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid date `2025-02-30`"), "{err}");
    let (code, _, err) = tthc(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown command"), "{err}");
}

#[test]
fn calendar_commands_follow_the_official_2026_schedule() {
    // Fri 2026-01-02 was swapped for Sat 2026-01-10 (Công văn 12729/VPCP-KGVX).
    let (code, out, _) = tthc(&["workdays", "add", "2026-01-01", "1"]);
    assert_eq!((code, out.trim()), (0, "2026-01-05"));
    let (code, out, _) = tthc(&["workdays", "between", "2026-01-09", "2026-01-12"]);
    assert_eq!((code, out.trim()), (0, "2"));
    let (code, out, _) = tthc(&["calendar", "2026", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .next()
            .is_some_and(|h| h.starts_with("date,") && h.contains(",working,")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("2026-01-10,") && l.contains(",true,")),
        "{out}"
    );
    let (code, out, _) = tthc(&["lunar", "2026-02-17", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(
        (
            v["day"].as_u64(),
            v["month"].as_u64(),
            v["year"].as_u64(),
            v["leap"].as_bool()
        ),
        (Some(1), Some(1), Some(2026), Some(false))
    );
}
