//! Helpers shared by the CLI's integration tests.

#![allow(dead_code)] // each test file uses a part of it

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The path of a file or tree under the repository's `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// What one run of `tthc` gave: its exit code (-1 when killed by a signal)
/// and its output as text.
pub struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
}

/// Runs `cmd` (`tthc` with its arguments and environment) with no standard
/// input, and waits for it.
#[allow(clippy::panic)] // reason: a test that cannot run the binary must fail loudly
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run tthc: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
