//! Where `-o FILE` writes: a temporary file beside FILE, renamed over it
//! once everything is written and on disk. A failure on the way — a full
//! disk, a killed process, an error in the report — leaves FILE as it was
//! (absent, or the previous complete output), never half a report; the
//! command says so and exits non-zero. (A killed process cannot remove its
//! temporary file: it stays beside FILE as `.FILE.tmp…`, never as FILE.)
//!
//! A FILE that exists and is not a regular file (`/dev/stdout`, `/dev/full`,
//! a named pipe) is written directly: renaming over it would replace the
//! device.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use tempfile::NamedTempFile;

/// An output file being written; [`OutputFile::commit`] makes it appear.
pub struct OutputFile {
    inner: Inner,
}

enum Inner {
    /// The temporary file and the path it becomes.
    Staged(BufWriter<NamedTempFile>, std::path::PathBuf),
    /// A device or pipe, written in place.
    Direct(BufWriter<File>),
}

impl OutputFile {
    /// Starts writing `path` (see the module docs).
    pub fn create(path: &Path) -> io::Result<OutputFile> {
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
        let inner = if special {
            Inner::Direct(BufWriter::with_capacity(1 << 16, File::create(path)?))
        } else {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let name = path.file_name().map_or_else(Default::default, |n| {
                let mut p = std::ffi::OsString::from(".");
                p.push(n);
                p.push(".tmp");
                p
            });
            let temp = tempfile::Builder::new().prefix(&name).tempfile_in(dir)?;
            Inner::Staged(BufWriter::with_capacity(1 << 16, temp), path.to_path_buf())
        };
        Ok(OutputFile { inner })
    }

    /// Flushes, syncs and renames the temporary file over the target. On an
    /// error the temporary file is removed and the target left alone.
    pub fn commit(self) -> io::Result<()> {
        match self.inner {
            Inner::Direct(mut w) => w.flush(),
            Inner::Staged(w, path) => {
                let temp = w.into_inner().map_err(io::IntoInnerError::into_error)?;
                temp.as_file().sync_all()?;
                temp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Staged(w, _) => w.write(buf),
            Inner::Direct(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Inner::Staged(w, _) => w.write_all(buf),
            Inner::Direct(w) => w.write_all(buf),
        }
    }

    /// Flushes the buffer into the temporary file; only [`OutputFile::commit`]
    /// makes the output appear.
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Inner::Staged(w, _) => w.flush(),
            Inner::Direct(w) => w.flush(),
        }
    }
}

/// `-o FILE`, or standard output (no `-o`, or `-o -`).
pub enum Target {
    File(OutputFile),
    Stdout(BufWriter<io::StdoutLock<'static>>),
}

impl Target {
    pub fn open(path: Option<&Path>) -> io::Result<Target> {
        Ok(match path {
            Some(p) if p != Path::new("-") => Target::File(OutputFile::create(p)?),
            _ => Target::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
        })
    }

    /// Flushes standard output, or commits the file.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Target::File(f) => f.commit(),
            Target::Stdout(mut w) => w.flush(),
        }
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::File(f) => f.write(buf),
            Target::Stdout(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Target::File(f) => f.write_all(buf),
            Target::Stdout(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::File(f) => f.flush(),
            Target::Stdout(w) => w.flush(),
        }
    }
}

/// Writes `bytes` to `path` through an [`OutputFile`].
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OutputFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit_and_a_dropped_file_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        let mut f = OutputFile::create(&path).unwrap();
        f.write_all(b"a,b\n").unwrap();
        f.flush().unwrap();
        assert!(!path.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");

        let mut f = OutputFile::create(&path).unwrap();
        f.write_all(b"half a rep").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "the temporary file is removed");
    }

    #[test]
    fn a_device_is_written_in_place_and_its_error_reported() {
        use std::os::unix::fs::FileTypeExt;
        let err = write(Path::new("/dev/full"), &[b'x'; 1 << 17]).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(28), "{err}"); // ENOSPC
        assert!(std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device());
        write(Path::new("/dev/null"), b"x").unwrap();
    }
}
