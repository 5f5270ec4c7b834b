//! Puts a rendered tree in place as a whole, so that a failed or killed
//! import never leaves a half-written catalogue where a loader will read it.
//!
//! The tree is written into a hidden sibling directory
//! (`.<name>.importing-XXXXXX`, same file system, so renames are atomic).
//! An earlier import's files that are not its tables (`*.toml`) and not its
//! README — a `.git`, a note someone added — are hard-linked into the new
//! tree, as the importer has always kept them. Then the old tree is renamed
//! away into `.<name>.replaced-XXXXXX/`, the new one renamed into place and
//! the old one removed. A failure before the swap removes the new tree and
//! leaves the old one untouched; a kill leaves the old tree either in place
//! or, between the two renames, whole in `.<name>.replaced-…/tree`.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::write::{OutputFile, README};

/// Writes `files` as the tree `dir`, replacing an earlier import there. A
/// directory that exists must be empty or hold an earlier import (its
/// README).
pub(crate) fn replace_tree(dir: &Path, files: &[OutputFile]) -> Result<(), String> {
    let old = match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Some(m),
        Ok(_) => return Err(format!("{}: not a directory", dir.display())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(at(dir)(e)),
    };
    let dir = match &old {
        // `-o .` names the working directory: its real name is needed.
        Some(_) => fs::canonicalize(dir).map_err(at(dir))?,
        None => dir.to_path_buf(),
    };
    if old.is_some() && !is_empty(&dir).map_err(at(&dir))? && !holds_an_import(&dir) {
        return Err(format!(
            "{}: the directory is not empty and was not written by `tthc import portal`; choose a new or empty directory",
            dir.display()
        ));
    }
    let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(format!(
            "{}: name a directory to write the tree into",
            dir.display()
        ));
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(at(&parent))?;
    let staging = staging_dir(&parent, &format!(".{name}.importing-")).map_err(at(&parent))?;
    for f in files {
        let path = staging.path().join(&f.path);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(at(p))?;
        }
        fs::write(&path, &f.text).map_err(at(&path))?;
    }
    let Some(meta) = old else {
        fs::rename(staging.path(), &dir).map_err(at(&dir))?;
        // Renamed: nothing is left for the guard to remove.
        let _ = staging.keep();
        return Ok(());
    };
    keep_other_files(&dir, staging.path()).map_err(|e| format!("{}: {e}", dir.display()))?;
    fs::set_permissions(staging.path(), meta.permissions()).map_err(at(staging.path()))?;
    let aside = tempfile::Builder::new()
        .prefix(&format!(".{name}.replaced-"))
        .tempdir_in(&parent)
        .map_err(at(&parent))?;
    let old_tree = aside.path().join("tree");
    fs::rename(&dir, &old_tree).map_err(at(&dir))?;
    if let Err(e) = fs::rename(staging.path(), &dir) {
        // Put the old tree back; `staging` removes the new one.
        let back = fs::rename(&old_tree, &dir);
        if back.is_err() {
            // The old tree stays where the message says.
            let _ = aside.keep();
        }
        return Err(match back {
            Ok(()) => at(&dir)(e),
            Err(b) => format!(
                "{}: {e}; the previous tree is kept in {}: {b}",
                dir.display(),
                old_tree.display()
            ),
        });
    }
    let _ = staging.keep();
    // `aside` removes the old tree when dropped.
    drop(aside);
    Ok(())
}

/// The error of an operation on `p`, naming it.
fn at(p: &Path) -> impl Fn(io::Error) -> String + '_ {
    move |e| format!("{}: {e}", p.display())
}

/// A new directory beside the output, with the mode a plain `mkdir` would
/// give (the umask applies), removed when dropped unless kept.
fn staging_dir(parent: &Path, prefix: &str) -> io::Result<tempfile::TempDir> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(0o777));
    }
    b.tempdir_in(parent)
}

fn is_empty(dir: &Path) -> io::Result<bool> {
    Ok(fs::read_dir(dir)?.next().is_none())
}

fn holds_an_import(dir: &Path) -> bool {
    fs::read_to_string(dir.join("README.md")).is_ok_and(|t| t == README)
}

/// Hard-links (or copies, where links are refused) every file of the old
/// tree that the new one does not replace: all but `*.toml` and the README.
fn keep_other_files(old: &Path, new: &Path) -> io::Result<()> {
    let mut stack: Vec<PathBuf> = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for e in fs::read_dir(old.join(&rel))? {
            let e = e?;
            let name: OsString = e.file_name();
            let rel = rel.join(&name);
            let kind = e.file_type()?;
            if kind.is_dir() {
                stack.push(rel);
                continue;
            }
            let replaced = Path::new(&name).extension().is_some_and(|x| x == "toml")
                || rel.as_os_str() == "README.md";
            if replaced {
                continue;
            }
            let (from, to) = (old.join(&rel), new.join(&rel));
            if let Some(p) = to.parent() {
                fs::create_dir_all(p)?;
            }
            if kind.is_symlink() {
                link_again(&from, &to)?;
            } else if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to)?;
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn link_again(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn link_again(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to).map(|_| ())
}
