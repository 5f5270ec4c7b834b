//! Runs every conformance vector (tests/conformance/*.toml) through the `tthc`
//! binary (`tthc evaluate CASE.json --json`), as a foreign host would.
#![allow(clippy::panic)] // a conformance failure must fail the test run loudly

#[path = "../../tthc/tests/conformance/support.rs"]
mod support;

use std::process::Command;

#[test]
fn every_vector_conforms_through_the_cli() {
    let vectors = support::load_all().unwrap_or_else(|e| panic!("{e}"));
    assert!(vectors.len() >= 40, "only {} vectors", vectors.len());
    let dir = std::env::temp_dir().join(format!("tthc-conformance-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for (i, v) in vectors.iter().enumerate() {
        let case_path = dir.join(format!("case-{i}.json"));
        std::fs::write(&case_path, v.case.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tthc"));
        cmd.arg("evaluate").arg(&case_path).arg("--json");
        if let Some(f) = &v.fixture {
            cmd.arg("--dir").arg(support::fixture_dir(f));
            if v.over_embedded {
                cmd.arg("--over-embedded");
            }
        }
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run tthc: {e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json: serde_json::Value = match serde_json::from_str(&stdout) {
            Ok(j) => j,
            Err(e) => {
                failures.push(format!(
                    "{} / {}: output is not JSON ({e}): {stdout}",
                    v.file, v.name
                ));
                continue;
            }
        };
        let outcome = match json.get("error") {
            Some(err) => {
                if out.status.code() != Some(1) {
                    failures.push(format!(
                        "{} / {}: error with exit code {:?}",
                        v.file,
                        v.name,
                        out.status.code()
                    ));
                }
                let s = |k: &str| {
                    err.get(k)
                        .and_then(|x| x.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                Err((s("kind"), s("message")))
            }
            None => Ok(json),
        };
        failures.extend(support::check(v, outcome));
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn readable_output_has_the_receipt() {
    let case = std::env::temp_dir().join(format!("tthc-readable-{}.toml", std::process::id()));
    std::fs::write(
        &case,
        "procedure = \"sample.thuong-tru\"\nchannel = \"national-portal\"\nsubmitted_at = 2025-03-10T09:00:00\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_tthc"))
        .arg("evaluate")
        .arg(&case)
        .arg("--dir")
        .arg(support::fixture_dir("sample-policy-catalog"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_file(&case);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("phải nộp / payable 10.000 đ"), "{text}");
    assert!(
        text.contains("áp dụng / applied: sample.online-set"),
        "{text}"
    );
    assert!(
        text.contains("không áp dụng / not applied: sample.online-percent — less-favourable"),
        "{text}"
    );
}
