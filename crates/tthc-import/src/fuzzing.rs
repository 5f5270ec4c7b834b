//! The check behind the `portal_records` fuzz target (`fuzz/`): the
//! portal's records (JSON, JSON Lines, the CSV list export, XLSX) as files
//! of arbitrary bytes, read and imported over the embedded catalogue.
//!
//! The input is one or more files: a line `#=> NAME.EXT` starts a file
//! (bytes before the first such line are `records.json`); only the
//! extension is kept, the files are written as `f0.json`, `f1.csv`, … in a
//! scratch directory (the readers read paths). Checks: no panic; every
//! input error names one of the files and echoes at most a prefix of its
//! bytes; every record read is accounted for (written, merged or not
//! written, with the reason); and the rendered tree is a catalogue the
//! engine loads, alone and over the embedded catalogue (what `tthc
//! validate` checks), whatever the records held.
//!
//! Here rather than in `fuzz/` so that the committed corpus replays as an
//! ordinary test of this crate on stable (the `replay` test below). Built
//! only for tests and with the `fuzzing` feature.

use std::path::PathBuf;

use tthc::fuzzing::assert_short_echo;
use tthc::Catalog;

use crate::{import, read_inputs, Options};

/// The marker line that starts a file of the input.
const FILE_MARK: &[u8] = b"#=> ";

/// Reads and imports the files of `data` (see the module documentation).
pub fn portal_records(data: &[u8]) {
    let Ok(base) = Catalog::embedded() else {
        return;
    };
    let files = input_files(data);
    let dir = scratch_dir();
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let mut paths = Vec::with_capacity(files.len());
    for (i, (ext, bytes)) in files.iter().enumerate() {
        let path = dir.join(format!("f{i}.{ext}"));
        if std::fs::write(&path, bytes).is_err() {
            return;
        }
        paths.push(path);
    }
    let inputs = read_inputs(&paths);
    for e in &inputs.errors {
        let Some(i) = paths
            .iter()
            .position(|p| p.display().to_string() == e.origin.file)
        else {
            unreachable_finding(&format!("an error names no input file: {e}"));
            continue;
        };
        if let Some((_, bytes)) = files.get(i) {
            assert_short_echo(&e.to_string(), bytes);
        }
    }
    let Ok(imported) = import(inputs, &Options::default(), base) else {
        unreachable_finding("the default options were refused");
        return;
    };
    let r = &imported.report;
    assert_eq!(
        r.records_read,
        r.procedures_written + r.records_merged + r.not_written.len(),
        "records read are not all accounted for"
    );
    // The tree as `Catalog::from_dir` reads it: its TOML files (the
    // README beside them is for people).
    let sources = || {
        imported
            .files
            .iter()
            .filter(|f| f.path.ends_with(".toml"))
            .map(|f| (f.path.as_str(), f.text.as_str()))
    };
    for over in [None, Some(base)] {
        if let Err(e) = Catalog::from_sources(sources(), over) {
            unreachable_finding(&format!(
                "the imported tree does not load (over the embedded catalogue: {}): {e}",
                over.is_some()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Reports a finding: a check exists to panic when it finds one (libFuzzer
/// and the replay test catch it). The library itself never panics.
#[allow(clippy::panic)]
fn unreachable_finding(reason: &str) {
    panic!("{reason}");
}

/// The files of an input: (extension, bytes). Extensions other than the
/// readers' own are kept too: the reader must refuse them by name.
fn input_files(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut files: Vec<(String, &[u8])> = vec![("json".to_string(), &[])];
    let mut offset = 0;
    for line in data.split_inclusive(|&b| b == b'\n') {
        let next = offset + line.len();
        match line.strip_prefix(FILE_MARK) {
            Some(header) => files.push((extension(header), &[])),
            None => {
                if let Some((_, body)) = files.last_mut() {
                    *body = data.get(offset - body.len()..next).unwrap_or_default();
                }
            }
        }
        offset = next;
    }
    files.retain(|(_, bytes)| !bytes.is_empty());
    files.truncate(8);
    files
}

/// The extension of a `#=> NAME.EXT` header, letters and digits only (the
/// files are named by the check, never by the input).
fn extension(header: &[u8]) -> String {
    let name = String::from_utf8_lossy(header);
    let ext: String = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    if ext.is_empty() {
        "txt".to_string()
    } else {
        ext
    }
}

/// A directory of this process (and thread: the replay tests run in
/// parallel) for the input's files.
fn scratch_dir() -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id())
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>();
    std::env::temp_dir().join(format!("tthc-fuzz-portal-{}-{thread}", std::process::id()))
}

#[cfg(test)]
mod replay {
    #![allow(clippy::unwrap_used, clippy::panic)] // reason: a test fails loudly

    use std::path::PathBuf;

    /// Feeds every file of the committed corpus to the check.
    #[test]
    fn portal_records() {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/portal_records");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "fuzz/corpus/portal_records is empty");
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| super::portal_records(&data));
            assert!(result.is_ok(), "{} fails its check", file.display());
        }
    }

    #[test]
    fn files_are_split_at_their_markers() {
        let files = super::input_files(b"[1]\n#=> a/b.csv\nx,y\n#=> ../../etc.jsonl\n{}\n");
        let got: Vec<(&str, &[u8])> = files.iter().map(|(e, b)| (e.as_str(), *b)).collect();
        assert_eq!(
            got,
            [
                ("json", &b"[1]\n"[..]),
                ("csv", &b"x,y\n"[..]),
                ("jsonl", &b"{}\n"[..])
            ]
        );
    }
}
