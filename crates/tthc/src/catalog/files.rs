//! Where catalogue files come from (the embedded tree or a directory) and
//! what each path means.

use std::fs;
use std::path::Path;

use crate::diagnostics::{codes, Diagnostics, SourceLocation};
use crate::source::{SourceFile, MAX_FILE_BYTES};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_catalog.rs"));
}

/// The role of a file, decided by its path relative to the catalogue root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    Documents,
    Provinces,
    Sectors,
    Databases,
    Lists,
    Procedures { overlay: Option<String> },
    Policies { overlay: Option<String> },
    Calendar { overlay: Option<String> },
    Deadlines { overlay: Option<String> },
    Unexpected,
}

/// Classifies a `/`-separated path relative to the catalogue root.
pub(crate) fn role(rel: &str) -> Role {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["documents.toml"] | ["documents", _] => Role::Documents,
        ["provinces.toml"] => Role::Provinces,
        ["sectors.toml"] => Role::Sectors,
        ["databases.toml"] => Role::Databases,
        ["lists.toml"] => Role::Lists,
        ["procedures", _] => Role::Procedures { overlay: None },
        ["policies", _] => Role::Policies { overlay: None },
        ["calendar", _] => Role::Calendar { overlay: None },
        ["deadlines", _] => Role::Deadlines { overlay: None },
        ["overlays", _, "documents.toml"] => Role::Documents,
        ["overlays", p, "procedures", _] => Role::Procedures {
            overlay: Some(p.to_string()),
        },
        ["overlays", p, "policies", _] => Role::Policies {
            overlay: Some(p.to_string()),
        },
        ["overlays", p, "calendar", _] => Role::Calendar {
            overlay: Some(p.to_string()),
        },
        ["overlays", p, "deadlines", _] => Role::Deadlines {
            overlay: Some(p.to_string()),
        },
        _ => Role::Unexpected,
    }
}

/// A catalogue file with its path relative to the root (for its role) and
/// its display name (for diagnostics).
#[derive(Debug, Clone)]
pub(crate) struct CatalogFile {
    pub rel: String,
    pub source: SourceFile,
}

/// The files whose role `pick` accepts, each with the overlay province it
/// belongs to (`None` for the national tree): how the calendar, policy and
/// deadline loaders get their files.
pub(crate) fn with_role(
    files: &[CatalogFile],
    pick: impl Fn(Role) -> Option<Option<String>>,
) -> Vec<(Option<String>, &SourceFile)> {
    files
        .iter()
        .filter_map(|f| pick(role(&f.rel)).map(|overlay| (overlay, &f.source)))
        .collect()
}

/// The files compiled into the library.
pub(crate) fn embedded_files() -> Vec<CatalogFile> {
    embedded::FILES
        .iter()
        .map(|(rel, text)| CatalogFile {
            rel: (*rel).to_string(),
            source: SourceFile::new(format!("catalog/{rel}"), *text),
        })
        .collect()
}

/// Every `*.toml` file below `root`, in path order. Unreadable files become
/// diagnostics; other files (README.md, …) are ignored.
pub(crate) fn dir_files(root: &Path, diags: &mut Diagnostics) -> Vec<CatalogFile> {
    let mut out = Vec::new();
    if !root.is_dir() {
        diags.error(
            codes::IO,
            Some(SourceLocation {
                file: crate::excerpt::path(&root.display().to_string()).into_owned(),
                line: 1,
                column: 1,
            }),
            "catalogue directory does not exist or is not a directory",
            "pass the root of a catalogue tree (the directory holding documents.toml, procedures/, …)",
        );
        return out;
    }
    let mut found = Vec::new();
    walk(root, root, &mut found);
    // Reading and checking UTF-8 is a tenth of a large tree's load: spread
    // over the cores, merged back in path order.
    let read = super::parallel::map_in_order(
        &found,
        |f| match f {
            Found::File { len, .. } => *len,
            Found::Problem(_) => 0,
        },
        |f| match f {
            Found::File { path, rel, .. } => Some(read_file(path, rel)),
            Found::Problem(_) => None,
        },
    );
    for (f, r) in found.into_iter().zip(read) {
        let problem = match (f, r) {
            (_, Some(Ok(file))) => {
                out.push(file);
                continue;
            }
            (_, Some(Err(p))) | (Found::Problem(p), None) => p,
            (Found::File { .. }, None) => continue,
        };
        diags.error(
            codes::IO,
            Some(SourceLocation {
                file: problem.file,
                line: 1,
                column: 1,
            }),
            problem.message,
            problem.help,
        );
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// A file or directory that cannot be read: where, why, and what to do.
struct Problem {
    file: String,
    message: String,
    help: &'static str,
}

impl Problem {
    fn io(path: &Path, e: &std::io::Error) -> Problem {
        Problem {
            file: path.display().to_string(),
            message: format!("cannot read: {e}"),
            help: "check the path and its permissions",
        }
    }
}

/// What the walk found, in path order: a file to read, or a problem.
enum Found {
    File {
        path: std::path::PathBuf,
        rel: String,
        len: usize,
    },
    Problem(Problem),
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Found>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return out.push(Found::Problem(Problem::io(dir, &e))),
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        match fs::metadata(&path) {
            Ok(m) if m.len() > MAX_FILE_BYTES as u64 => {
                out.push(Found::Problem(Problem {
                    file: path.display().to_string(),
                    message: format!(
                        "file is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
                        m.len()
                    ),
                    help: "split the file; catalogue files are normally a few kilobytes",
                }));
            }
            Ok(m) => out.push(Found::File {
                rel,
                len: usize::try_from(m.len()).unwrap_or(MAX_FILE_BYTES),
                path,
            }),
            Err(e) => out.push(Found::Problem(Problem::io(&path, &e))),
        }
    }
}

/// Reads one file the walk found, as UTF-8.
fn read_file(path: &Path, rel: &str) -> Result<CatalogFile, Problem> {
    let display = path.display().to_string();
    match fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => Ok(CatalogFile {
            rel: rel.to_string(),
            source: SourceFile::new(display, text),
        }),
        Ok(Err(e)) => Err(Problem {
            file: display,
            message: format!(
                "file is not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
            help: "save the file as UTF-8",
        }),
        Err(e) => Err(Problem::io(path, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_follow_the_documented_layout() {
        assert_eq!(role("documents.toml"), Role::Documents);
        assert_eq!(
            role("procedures/ho-tich.toml"),
            Role::Procedures { overlay: None }
        );
        assert_eq!(
            role("overlays/ho-chi-minh/policies/x.toml"),
            Role::Policies {
                overlay: Some("ho-chi-minh".into())
            }
        );
        assert_eq!(role("procedures/sub/x.toml"), Role::Unexpected);
        assert_eq!(role("random.toml"), Role::Unexpected);
    }
}
