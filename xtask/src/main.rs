//! Tasks the project's scripts run, written in Rust so that they need
//! nothing but cargo.
//!
//! `cargo run --locked -p xtask -- headers` generates the committed C headers
//! from the exports of `crates/tthc-ffi` with a pinned cbindgen:
//! `include/tthc.h` for C and C++ hosts, and `include/tthc_php.h` with the
//! same declarations minus every preprocessor line and comment, because
//! PHP's `FFI::cdef` accepts no `#include`, `#define` or `#if`.
//! `scripts/test-ffi.sh` runs it and fails when either file then differs
//! from what is committed. It is a task rather than a build script because
//! a build script may write only into `OUT_DIR`, and because cbindgen would
//! otherwise be compiled into every build of the library.
//!
//! cbindgen guards a fixed-size enum's underlying type with C23/C++
//! conditionals even when asked for no includes; [`strip_preprocessor`]
//! resolves them as a C11 compiler would, and refuses any directive it does
//! not know, so that a cbindgen upgrade cannot slip one into the PHP header.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

type Error = Box<dyn std::error::Error>;

const USAGE: &str = "usage: cargo run -p xtask -- headers";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [task] if task == "headers" => headers(),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (this crate lives in `xtask/`).
fn root() -> Result<PathBuf, Error> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Ok(manifest
        .parent()
        .ok_or("xtask has no parent directory")?
        .to_path_buf())
}

/// Writes `text` to `path` unless the file already holds it (an unchanged
/// file keeps its time stamp, so nothing that depends on it rebuilds).
fn write_if_changed(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Generates `include/tthc.h` and `include/tthc_php.h`.
fn headers() -> Result<(), Error> {
    let root = root()?;
    let crate_dir = root.join("crates/tthc-ffi");
    let include = root.join("include");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    let mut php = config.clone();
    write_if_changed(&include.join("tthc.h"), &generate(&crate_dir, config)?)?;

    php.header = None;
    php.include_guard = None;
    php.autogen_warning = None;
    php.cpp_compat = false;
    php.documentation = false;
    php.sys_includes.clear();
    php.includes.clear();
    php.no_includes = true;
    let text = strip_preprocessor(&generate(&crate_dir, php)?)?;
    write_if_changed(&include.join("tthc_php.h"), &text)
}

/// The header cbindgen writes for the crate in `crate_dir` with `config`.
fn generate(crate_dir: &Path, config: cbindgen::Config) -> Result<String, Error> {
    let mut text = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()?
        .write(&mut text);
    Ok(String::from_utf8(text)?)
}

/// Resolves the conditionals cbindgen emits, for a C11 compiler (neither
/// C++ nor C23), and drops every other preprocessor line it knows.
fn strip_preprocessor(text: &str) -> Result<String, Error> {
    let cond = |c: &str| -> Result<bool, Error> {
        let c = c.split("//").next().unwrap_or("").trim();
        match c {
            "defined(__cplusplus) || __STDC_VERSION__ >= 202311L" => Ok(false),
            "__STDC_VERSION__ >= 202311L" => Ok(false),
            _ => Err(format!("unknown #if condition for tthc_php.h: {c}").into()),
        }
    };
    // Each open conditional: (this branch is kept, an earlier branch was kept).
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        let live = stack.iter().all(|(keep, _)| *keep);
        if let Some(rest) = t.strip_prefix("#ifndef __cplusplus") {
            let _ = rest;
            stack.push((true, true));
        } else if t.starts_with("#ifdef __cplusplus") {
            stack.push((false, false));
        } else if let Some(c) = t.strip_prefix("#if ") {
            let v = cond(c)?;
            stack.push((v, v));
        } else if t.starts_with("#else") {
            let top = stack.last_mut().ok_or("#else without #if")?;
            *top = (!top.1, true);
        } else if t.starts_with("#endif") {
            stack.pop().ok_or("#endif without #if")?;
        } else if t.starts_with('#') {
            return Err(format!("unexpected preprocessor line for tthc_php.h: {t}").into());
        } else if live && !t.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !stack.is_empty() {
        return Err("unterminated #if in cbindgen output".into());
    }
    Ok(out)
}
