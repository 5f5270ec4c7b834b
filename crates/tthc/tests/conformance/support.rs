//! Reading and checking the language-neutral conformance vectors in
#![allow(dead_code)] // each runner uses only part of the shared support
//! tests/conformance/*.toml (format in tests/conformance/README.md). Shared by
//! the API runner (crates/tthc/tests/conformance.rs) and the CLI runner
//! (crates/tthc-cli/tests/conformance_cli.rs), so that both check the same
//! things the same way.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One vector.
pub struct Vector {
    pub file: String,
    pub name: String,
    /// `None`: the embedded catalogue; otherwise a directory under tests/fixtures/.
    pub fixture: Option<String>,
    pub over_embedded: bool,
    /// The case, as JSON.
    pub case: Value,
    pub expect: Vec<(String, Value)>,
    pub expect_null: Vec<String>,
    /// (kind, message fragment).
    pub expect_error: Option<(String, String)>,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixture_dir(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Every `evaluate` vector of every file, in file-name order; a malformed
/// file is an error. Vectors of other operations (`operation = "deadline"`,
/// …) are left to their own runners.
pub fn load_all() -> Result<Vec<Vector>, String> {
    let dir = repo_root().join("tests/conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
        let root: toml::Table = toml::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
        let vectors = root
            .get("vector")
            .and_then(toml::Value::as_array)
            .ok_or_else(|| format!("{file}: no [[vector]]"))?;
        for v in vectors {
            let op = v
                .get("operation")
                .and_then(toml::Value::as_str)
                .unwrap_or("evaluate");
            if op == "evaluate" {
                out.push(vector(&file, v)?);
            }
        }
    }
    Ok(out)
}

fn vector(file: &str, v: &toml::Value) -> Result<Vector, String> {
    let t = v
        .as_table()
        .ok_or_else(|| format!("{file}: a vector is not a table"))?;
    let known = [
        "name",
        "description",
        "arithmetic",
        "operation",
        "catalog",
        "over_embedded",
        "case",
        "expect",
        "expect_null",
        "expect_error",
    ];
    if let Some(k) = t.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("{file}: unknown vector key `{k}`"));
    }
    let s = |k: &str| t.get(k).and_then(toml::Value::as_str).map(str::to_string);
    let name = s("name").ok_or_else(|| format!("{file}: vector without a name"))?;
    for k in ["description", "arithmetic"] {
        if s(k).is_none_or(|x| x.trim().is_empty()) {
            return Err(format!("{file}: {name}: `{k}` is required"));
        }
    }
    let catalog = s("catalog").ok_or_else(|| format!("{file}: {name}: `catalog` is required"))?;
    let case = t
        .get("case")
        .cloned()
        .ok_or_else(|| format!("{file}: {name}: no case"))?;
    let expect: Vec<(String, Value)> = t
        .get("expect")
        .and_then(toml::Value::as_table)
        .map(|e| {
            e.iter()
                .map(|(k, v)| (k.clone(), tthc::engine::toml_to_json(v.clone())))
                .collect()
        })
        .unwrap_or_default();
    let expect_null: Vec<String> = t
        .get("expect_null")
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let expect_error = t
        .get("expect_error")
        .and_then(toml::Value::as_table)
        .map(|e| {
            let g = |k: &str| {
                e.get(k)
                    .and_then(toml::Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            (g("kind"), g("message"))
        });
    if expect.is_empty() && expect_null.is_empty() && expect_error.is_none() {
        return Err(format!("{file}: {name}: expects nothing"));
    }
    if expect_error.is_some() && !(expect.is_empty() && expect_null.is_empty()) {
        return Err(format!("{file}: {name}: expect_error excludes expect"));
    }
    Ok(Vector {
        file: file.to_string(),
        name,
        fixture: (catalog != "embedded").then_some(catalog),
        over_embedded: t
            .get("over_embedded")
            .and_then(toml::Value::as_bool)
            .unwrap_or(false),
        case: tthc::engine::toml_to_json(case),
        expect,
        expect_null,
        expect_error,
    })
}

/// The value at a path: `a.b` (object keys), `a.0` (array index), and
/// `a[].b` (the list of `b` of every element of array `a`).
pub fn select(v: &Value, path: &str) -> Option<Value> {
    let mut segs = path.splitn(2, '.');
    let head = segs.next()?;
    let rest = segs.next();
    let (key, map) = match head.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (head, false),
    };
    let here = match (v, key.parse::<usize>()) {
        (Value::Array(a), Ok(i)) => a.get(i)?.clone(),
        (Value::Object(o), _) => o.get(key)?.clone(),
        _ => return None,
    };
    match (map, rest) {
        (true, _) => {
            let Value::Array(items) = here else {
                return None;
            };
            match rest {
                None => Some(Value::Array(items)),
                Some(r) => items
                    .iter()
                    .map(|i| select(i, r))
                    .collect::<Option<Vec<_>>>()
                    .map(Value::Array),
            }
        }
        (false, None) => Some(here),
        (false, Some(r)) => select(&here, r),
    }
}

/// Every way `outcome` (a decision as JSON, or an error's kind and message)
/// differs from what `v` expects; empty when it conforms.
pub fn check(v: &Vector, outcome: Result<Value, (String, String)>) -> Vec<String> {
    let mut bad = Vec::new();
    let at = format!("{} / {}", v.file, v.name);
    match (&v.expect_error, outcome) {
        (Some((kind, frag)), Err((k, m))) => {
            if *kind != k {
                bad.push(format!("{at}: error kind `{k}`, expected `{kind}` ({m})"));
            }
            if !m.contains(frag.as_str()) {
                bad.push(format!("{at}: error message `{m}` lacks `{frag}`"));
            }
        }
        (Some((kind, _)), Ok(_)) => {
            bad.push(format!("{at}: expected error `{kind}`, got a decision"))
        }
        (None, Err((k, m))) => bad.push(format!("{at}: unexpected error [{k}] {m}")),
        (None, Ok(d)) => {
            for (path, want) in &v.expect {
                match select(&d, path) {
                    Some(got) if numbers_equal(&got, want) => {}
                    Some(got) => bad.push(format!("{at}: `{path}` = {got}, expected {want}")),
                    None => bad.push(format!("{at}: `{path}` not found")),
                }
            }
            for path in &v.expect_null {
                match select(&d, path) {
                    Some(Value::Null) => {}
                    other => bad.push(format!("{at}: `{path}` = {other:?}, expected null")),
                }
            }
        }
    }
    bad
}

/// JSON equality where 5 and 5.0 are the same number.
fn numbers_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| numbers_equal(p, q))
        }
        _ => a == b,
    }
}
