//! Every fact of the product cites a source a user can check: a document
//! number, a page address, a national-portal record, or a note in this
//! repository's own `docs/` (docs/sources.md). No tracked file may point to
//! the research brief the project started from, which is not in the
//! repository. The scan covers every file `git ls-files` lists, this one
//! included, so the phrases are assembled at run time.

#![allow(clippy::panic)] // a repository that cannot be listed must fail the test loudly

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The phrases that point outside the repository, lower-case.
fn forbidden() -> [String; 3] {
    [
        ["domain", ".md"].concat(),
        ["domain", " brief"].concat(),
        ["shared", "/"].concat(),
    ]
}

fn tracked_files() -> Vec<PathBuf> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root())
        .args(["ls-files", "-z"])
        .output()
        .unwrap_or_else(|e| panic!("git ls-files: {e} (this test needs a git checkout)"));
    assert!(
        out.status.success(),
        "git ls-files failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| root().join(String::from_utf8_lossy(p).as_ref()))
        .collect()
}

/// `(file, line number, phrase)` for every line of `text` that names one of
/// `phrases`, case-insensitively.
fn mentions(file: &Path, text: &str, phrases: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let lower = line.to_lowercase();
        for p in phrases {
            if lower.contains(p.as_str()) {
                found.push(format!("{}:{}: {p}", file.display(), n + 1));
            }
        }
    }
    found
}

#[test]
fn no_tracked_file_points_outside_the_repository() {
    let phrases = forbidden();
    let files = tracked_files();
    assert!(files.len() > 100, "only {} tracked files", files.len());
    let mut found = Vec::new();
    for f in &files {
        // A file listed but deleted in the working tree is not shipped.
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        found.extend(mentions(f, &String::from_utf8_lossy(&bytes), &phrases));
    }
    assert!(
        found.is_empty(),
        "{} mention(s) of a file outside the repository; cite the primary source \
         (document, article, page address) or docs/sources.md instead:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The scan must be able to fail: each phrase, in any case, is found.
#[test]
fn the_scan_finds_each_phrase() {
    let phrases = forbidden();
    for p in &phrases {
        let line = format!("source = \"{}\"", p.to_uppercase());
        assert_eq!(
            mentions(Path::new("x.toml"), &line, &phrases).len(),
            1,
            "{line}"
        );
    }
    assert!(mentions(Path::new("x.rs"), "CalendarSet::shared(p)", &phrases).is_empty());
}
