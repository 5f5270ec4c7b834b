//! Comparing an import with the previous one: procedures added, removed
//! and changed (with the fields that changed), for the officer who
//! re-imports every month.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::write::OutputFile;

/// What changed between two imported trees.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub old_dir: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<Changed>,
    pub unchanged: usize,
    /// Files of the old tree that could not be read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// One procedure present in both trees with different fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub code: String,
    /// Keys of `[[procedure]]` that differ; `verbatim.<key>` for the source texts.
    pub fields: Vec<String>,
}

impl Diff {
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "compared with {}: {} added, {} removed, {} changed, {} unchanged",
            self.old_dir,
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged
        );
        for c in self.added.iter().take(20) {
            let _ = writeln!(s, "  + {c}");
        }
        for c in self.removed.iter().take(20) {
            let _ = writeln!(s, "  - {c}");
        }
        for c in self.changed.iter().take(20) {
            let _ = writeln!(s, "  ~ {}: {}", c.code, c.fields.join(", "));
        }
        for e in &self.errors {
            let _ = writeln!(s, "  error: {e}");
        }
        s
    }
}

type Procedures = BTreeMap<String, toml::Table>;

/// Compares the procedures of the tree at `old_dir` with `new_files`.
pub fn diff(old_dir: &Path, new_files: &[OutputFile]) -> Result<Diff, String> {
    if !old_dir.is_dir() {
        return Err(format!("{}: not a directory", old_dir.display()));
    }
    let mut d = Diff {
        old_dir: old_dir.display().to_string(),
        ..Diff::default()
    };
    let mut old = Procedures::new();
    let mut files = Vec::new();
    collect(old_dir, &mut files);
    files.sort();
    for path in files {
        let rel = path
            .strip_prefix(old_dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !is_procedures_file(&rel) {
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                if let Err(e) = procedures_of(&text, &mut old) {
                    d.errors.push(format!("{}: {e}", path.display()));
                }
            }
            Err(e) => d.errors.push(format!("{}: {e}", path.display())),
        }
    }
    let mut new = Procedures::new();
    for f in new_files.iter().filter(|f| is_procedures_file(&f.path)) {
        procedures_of(&f.text, &mut new).map_err(|e| format!("{}: {e}", f.path))?;
    }
    for (code, table) in &new {
        match old.get(code) {
            None => d.added.push(code.clone()),
            Some(before) => {
                let fields = changed_fields(before, table);
                if fields.is_empty() {
                    d.unchanged += 1;
                } else {
                    d.changed.push(Changed {
                        code: code.clone(),
                        fields,
                    });
                }
            }
        }
    }
    d.removed = old
        .keys()
        .filter(|c| !new.contains_key(*c))
        .cloned()
        .collect();
    Ok(d)
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn is_procedures_file(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    matches!(
        parts.as_slice(),
        ["procedures", _] | ["overlays", _, "procedures", _]
    )
}

/// Adds each `[[procedure]]` of `text`, keyed by code (or id).
fn procedures_of(text: &str, into: &mut Procedures) -> Result<(), String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let Some(toml::Value::Array(items)) = doc.get("procedure") else {
        return Ok(());
    };
    for item in items {
        let Some(t) = item.as_table() else { continue };
        let key = t
            .get("code")
            .or_else(|| t.get("id"))
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        into.insert(key.to_string(), t.clone());
    }
    Ok(())
}

fn changed_fields(old: &toml::Table, new: &toml::Table) -> Vec<String> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for k in keys {
        match (old.get(k), new.get(k)) {
            (Some(toml::Value::Table(a)), Some(toml::Value::Table(b))) if k == "verbatim" => {
                out.extend(
                    changed_fields(a, b)
                        .into_iter()
                        .map(|f| format!("verbatim.{f}")),
                );
            }
            (a, b) if a != b => out.push(k.clone()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_that_differ_including_source_texts() {
        let a: toml::Table = toml::from_str("code = \"1.000001\"\nname = \"A\"\n[verbatim]\nlinh_vuc = \"X\"\ncap_thuc_hien = \"Cấp xã\"\n").unwrap_or_default();
        let b: toml::Table = toml::from_str("code = \"1.000001\"\nname = \"B\"\nurl = \"https://x\"\n[verbatim]\nlinh_vuc = \"Y\"\ncap_thuc_hien = \"Cấp xã\"\n").unwrap_or_default();
        assert_eq!(changed_fields(&a, &b), ["name", "url", "verbatim.linh_vuc"]);
        assert!(changed_fields(&a, &a).is_empty());
    }
}
