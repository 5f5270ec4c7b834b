//! The core crate's modules depend on each other one way only.
//!
//! The layering is declared once, in the `layers` block of
//! `docs/architecture.md` (top layer first); this test reads that block and
//! every `crate::`/`super::` path in `crates/tthc/src`, and fails on:
//! - an import from a higher layer (e.g. `calendar` using `catalog`);
//! - an import between two modules of the same layer (siblings are
//!   independent, so no cycle can hide inside a layer);
//! - a source file whose module is not in the layering (a new module must be
//!   placed, and the document says where);
//! - a declared module with no source file (the document would be stale).
//!
//! A node may be a submodule (`catalog::model`): a file belongs to the longest
//! declared node its module path starts with. The crate root (`lib.rs`) only
//! declares modules and re-exports, so it is not checked; a path through a
//! root re-export (`crate::Engine`) counts as an import of the module it
//! re-exports from.

#![allow(clippy::panic)] // a tree that cannot be read must fail the test loudly

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One layer: the modules in it, top layer first in a `Vec<Layer>`.
type Layer = Vec<Vec<String>>;

/// Reads the fenced block that starts with "```layers" in the document:
/// one layer a line, top first, sibling modules separated by `|`.
fn declared_layers(doc: &str) -> Result<Layer, String> {
    let start = doc
        .find("```layers\n")
        .ok_or("docs/architecture.md has no ```layers block")?;
    let body = &doc[start + "```layers\n".len()..];
    let end = body
        .find("```")
        .ok_or("the ```layers block is not closed")?;
    Ok(body[..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(|m| m.trim().to_string()).collect())
        .collect())
}

/// The rank of each node (0 = bottom layer).
fn ranks(layers: &Layer) -> BTreeMap<String, usize> {
    let n = layers.len();
    let mut out = BTreeMap::new();
    for (i, layer) in layers.iter().enumerate() {
        for node in layer {
            out.insert(node.clone(), n - 1 - i);
        }
    }
    out
}

/// The longest declared node `path` starts with.
fn node_of(path: &[String], ranks: &BTreeMap<String, usize>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|k| path[..k].join("::"))
        .find(|n| ranks.contains_key(n))
}

/// The source with comments, string and character literals blanked out, so
/// that a path in a doc comment or a message is not read as an import.
fn code_only(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        // (bytes skipped, what stands in for them)
        let (n, stand_in) = if rest.starts_with("//") {
            (rest.find('\n').unwrap_or(rest.len()), "")
        } else if rest.starts_with("/*") {
            (rest.find("*/").map_or(rest.len(), |e| e + 2), "")
        } else if let Some(raw) = rest.strip_prefix("r#\"") {
            (raw.find("\"#").map_or(rest.len(), |e| e + 5), "\"\"")
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() {
                match rest.as_bytes()[j] {
                    b'\\' => j += 2,
                    b'"' => break,
                    _ => j += 1,
                }
            }
            ((j + 1).min(rest.len()), "\"\"")
        } else if let Some(after) = rest.strip_prefix('\'') {
            // A character literal ('{', '\n', '\''), not a lifetime ('a).
            let len = match after.chars().next() {
                Some('\\') => after.get(2..).and_then(|r| r.find('\'')).map(|e| e + 4),
                Some(c) => after[c.len_utf8()..]
                    .starts_with('\'')
                    .then(|| c.len_utf8() + 2),
                None => None,
            };
            len.map_or((1, "'"), |n| (n, "' '"))
        } else {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            (c, &rest[..c])
        };
        out.push_str(stand_in);
        // Keep the line breaks of what was skipped: messages name lines.
        if stand_in.len() != n {
            out.extend(rest[..n].matches('\n').map(|_| '\n'));
        }
        i += n;
    }
    out
}

/// A path written in the code: the module it is written in and the module
/// path it names, as far as it is lowercase (modules, not types or values).
#[derive(Debug)]
struct Reference {
    to: Vec<String>,
    line: usize,
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The paths named after `prefix` (`crate::` or `super::` already consumed):
/// `a::b::C`, or each item of a `{a::b, c::{d, e}}` group.
fn paths_after(s: &str, base: &[String], out: &mut Vec<Vec<String>>) {
    let s = s.trim_start();
    if let Some(group) = s.strip_prefix('{') {
        let mut depth = 0usize;
        let mut item_start = 0;
        for (k, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    paths_after(&group[item_start..k], base, out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    paths_after(&group[item_start..k], base, out);
                    item_start = k + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let id = ident_at(s);
    if id.is_empty() || id == "self" {
        out.push(base.to_vec());
        return;
    }
    let mut path = base.to_vec();
    path.push(id.to_string());
    match s[id.len()..].trim_start().strip_prefix("::") {
        Some(rest) => paths_after(rest, &path, out),
        None => out.push(path),
    }
}

/// Every `crate::` and `super::` path in one file whose module is `module`,
/// with inline `mod name { … }` blocks tracked so that `super::` resolves.
fn references(src: &str, module: &[String]) -> Vec<Reference> {
    let code = code_only(src);
    let mut out = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut line = 1;
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &code[i..];
        let prev = if i == 0 { b' ' } else { bytes[i - 1] };
        let boundary = !(prev.is_ascii_alphanumeric() || prev == b'_' || prev == b'$');
        if boundary && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let here: Vec<String> = module
                .iter()
                .cloned()
                .chain(stack.iter().map(|(m, _)| m.clone()))
                .collect();
            let mut base: Vec<String> = Vec::new();
            let mut r = rest;
            if let Some(after) = r.strip_prefix("crate::") {
                r = after;
            } else {
                base = here.clone();
                while let Some(after) = r.strip_prefix("super::") {
                    base.pop();
                    r = after.trim_start();
                }
            }
            let mut paths = Vec::new();
            paths_after(r, &base, &mut paths);
            for to in paths {
                out.push(Reference { to, line });
            }
            i += rest.len() - r.len();
            continue;
        }
        if boundary && rest.starts_with("mod ") {
            let name = ident_at(rest[4..].trim_start());
            let after = rest[4..].trim_start()[name.len()..].trim_start();
            if after.starts_with('{') {
                stack.push((name.to_string(), depth));
            }
        }
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if stack.last().is_some_and(|&(_, d)| d == depth) {
                    stack.pop();
                }
            }
            b'\n' => line += 1,
            _ => {}
        }
        i += 1;
    }
    out
}

/// `pub use module::{A, B}` lines of the crate root: which module a root
/// name (`crate::Engine`) comes from.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let code = code_only(lib);
    for stmt in code
        .split(';')
        .filter(|s| s.trim_start().starts_with("pub use "))
    {
        let body = stmt.trim_start().trim_start_matches("pub use ");
        let module = ident_at(body).to_string();
        for name in body
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
        {
            out.insert(name.to_string(), module.clone());
        }
    }
    out
}

/// The module path of a source file below `src`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// Checks a set of files (module path, source) against the layering and
/// returns one message per violation.
fn check(layers: &Layer, lib: &str, files: &[(Vec<String>, String, String)]) -> Vec<String> {
    let ranks = ranks(layers);
    let reexports = root_reexports(lib);
    let macros: BTreeMap<String, Vec<String>> = files
        .iter()
        .flat_map(|(module, _, src)| {
            code_only(src)
                .split("macro_rules!")
                .skip(1)
                .map(|s| (ident_at(s.trim_start()).to_string(), module.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (module, name, src) in files {
        if module.is_empty() {
            continue;
        }
        let Some(from) = node_of(module, &ranks) else {
            problems.push(format!(
                "{name}: module `{}` is not in the layering of docs/architecture.md",
                module.join("::")
            ));
            continue;
        };
        seen.insert(from.clone());
        for r in references(src, module) {
            let to_path = match r.to.first() {
                None => continue, // `crate::` / `super::` alone: the root
                Some(first) if ranks.keys().any(|n| n.split("::").next() == Some(first)) => {
                    r.to.clone()
                }
                Some(first) => match reexports.get(first) {
                    Some(m) => vec![m.clone()],
                    None => match macros.get(first) {
                        Some(m) => m.clone(),
                        None => continue, // an item of the root itself (VERSION)
                    },
                },
            };
            let Some(to) = node_of(&to_path, &ranks) else {
                problems.push(format!(
                    "{name}:{}: `{}` names a module that is not in the layering",
                    r.line,
                    to_path.join("::")
                ));
                continue;
            };
            if to == from {
                continue;
            }
            let (rf, rt) = (ranks[&from], ranks[&to]);
            let what = if rt > rf {
                "a higher layer"
            } else if rt == rf {
                "a sibling in the same layer"
            } else {
                continue;
            };
            problems.push(format!(
                "{name}:{}: `{from}` uses `{}` from `{to}`, {what}",
                r.line,
                r.to.join("::")
            ));
        }
    }
    for node in ranks.keys() {
        if !seen.contains(node) {
            problems.push(format!(
                "docs/architecture.md declares `{node}`, which has no source file"
            ));
        }
    }
    problems
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_core_crate_follows_the_declared_layering() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("../../docs/architecture.md"))
        .unwrap_or_else(|e| panic!("docs/architecture.md: {e}"));
    let layers = declared_layers(&doc).unwrap_or_else(|e| panic!("{e}"));
    let src = root.join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths.sort();
    let files: Vec<_> = paths
        .iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.strip_prefix(root).unwrap_or(p).display().to_string();
            (module_of(&src, p), name, text)
        })
        .collect();
    assert!(files.len() > 50, "found only {} source files", files.len());
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default();
    let problems = check(&layers, &lib, &files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checker on made-up modules: it must see each kind of violation.
#[cfg(test)]
mod checker {
    use super::*;

    fn layers() -> Layer {
        declared_layers("x\n```layers\nengine\ncatalog | policy\ncatalog::model\ndate\n```\n")
            .unwrap_or_default()
    }

    fn file(module: &str, src: &str) -> (Vec<String>, String, String) {
        let m: Vec<String> = module.split("::").map(String::from).collect();
        (m, format!("{module}.rs"), src.to_string())
    }

    const LIB: &str = "pub mod date;\npub use engine::{Engine, Case};\n";

    fn run(files: &[(Vec<String>, String, String)]) -> Vec<String> {
        let mut all = vec![
            file("engine", ""),
            file("catalog", ""),
            file("policy", ""),
            file("catalog::model", ""),
            file("date", ""),
        ];
        all.extend_from_slice(files);
        check(&layers(), LIB, &all)
    }

    #[test]
    fn downward_imports_pass() {
        let p = run(&[file(
            "engine::evaluate",
            "use crate::catalog::model::Procedure;\nuse crate::{date::Date, policy};\nuse super::Case;\n#[cfg(test)]\nmod tests { use super::*; use crate::Engine; }",
        )]);
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn an_upward_use_line_fails() {
        let p = run(&[file("date", "use crate::engine::Engine;\n")]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("`date` uses `engine::Engine` from `engine`, a higher layer"));
        assert!(p[0].starts_with("date.rs:1:"), "{p:?}");
    }

    #[test]
    fn an_upward_path_inside_a_group_or_a_body_fails() {
        let p = run(&[file(
            "catalog::model",
            "use crate::{date::Date,\n    catalog::Catalog};\nfn f() { let _ = crate::Engine::embedded(); }\n",
        )]);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("catalog::model.rs:1:"), "{p:?}");
        assert!(p[0].contains("from `catalog`, a higher layer"), "{p:?}");
        assert!(p[1].contains("from `engine`, a higher layer"), "{p:?}");
    }

    #[test]
    fn super_resolves_to_the_parent_module() {
        // catalog/model.rs reaching into catalog/read.rs through `super::`.
        let p = run(&[file("catalog::model", "use super::read::Layer;\n")]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("from `catalog`"), "{p:?}");
    }

    #[test]
    fn siblings_of_one_layer_may_not_use_each_other() {
        let p = run(&[file("policy::read", "use crate::catalog::Catalog;\n")]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("a sibling in the same layer"), "{p:?}");
    }

    #[test]
    fn comments_and_strings_are_not_imports() {
        let p = run(&[file(
            "date",
            "/// See [`crate::engine::Engine`].\n// crate::engine\nconst S: &str = \"crate::engine::x\";\nconst C: char = '{';\n",
        )]);
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn literals_and_lifetimes_do_not_hide_a_path() {
        let p = run(&[file(
            "date",
            "const Q: char = '\"';\nconst E: char = '\\'';\nfn f<'a>(x: &'a str) -> &'a str { x }\nconst R: &str = r#\"crate::engine\n\"#;\nconst M: &str = \"two\n lines\";\nuse crate::policy::Policy;\n",
        )]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("date.rs:8:"), "{p:?}");
        assert!(p[0].contains("from `policy`, a higher layer"), "{p:?}");
    }

    #[test]
    fn an_undeclared_module_and_a_stale_declaration_fail() {
        let p = check(
            &layers(),
            LIB,
            &[
                file("engine", ""),
                file("catalog", ""),
                file("catalog::model", ""),
                file("date", ""),
                file("metrics", ""),
            ],
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].contains("module `metrics` is not in the layering"),
            "{p:?}"
        );
        assert!(
            p[1].contains("declares `policy`, which has no source file"),
            "{p:?}"
        );
    }
}
