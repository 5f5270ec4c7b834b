//! Imports the national public-service portal's procedure catalogue into a
//! tthc catalogue tree (catalogue v2).
//!
//! The portal (dichvucong.gov.vn) publishes one page per procedure and list
//! exports; crawls store the pages as JSON with the displayed labels in
//! snake case. [`import`] reads such inputs, merges them by procedure code,
//! parses each field into the catalogue's model (per-channel processing
//! times and fees, levels, sector, agencies, applicants, legal bases) and
//! renders a tree that `tthc validate` accepts, with a [`Report`] of what it
//! read, what is unknown and every doubt. Nothing is guessed: a fee or time
//! the text does not state is written as unknown with the reason.
//!
//! ```no_run
//! let base = tthc::Catalog::embedded()?;
//! let inputs = tthc_import::read_inputs(&["export.xlsx".into(), "pages/".into()]);
//! let import = tthc_import::import(inputs, &tthc_import::Options::default(), base)?;
//! import.write_to(std::path::Path::new("imported"))?;
//! eprint!("{}", import.report.summary());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod diff;
/// The check behind fuzz/'s `portal_records` target: tests and fuzz builds only.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
mod ids;
pub mod input;
mod merge;
mod parse;
mod place;
mod procedure;
mod report;
mod toml_text;
mod write;

use std::path::Path;

use tthc::{Catalog, Date};

pub use diff::{diff, Changed, Diff};
pub use input::{read_inputs, InputError, Inputs, Origin};
pub use report::{Doubt, DoubtKind, FieldCount, InputFile, NotWritten, Report};
pub use write::OutputFile;

/// What the caller decides about an import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Write the procedures as this province's overlay
    /// (`overlays/<province>/…`) instead of national records.
    pub province: Option<String>,
    /// The day the inputs were read: dated rates that ended before it are
    /// reported, and `Cấp huyện` is kept (until 2025-06-30) only for inputs
    /// read before the district level was abolished.
    pub as_of: Option<Date>,
}

/// The imported tree and its report.
#[derive(Clone, Debug)]
pub struct Import {
    pub files: Vec<OutputFile>,
    pub report: Report,
}

/// An option the import cannot work with (bad records never fail an import:
/// they are in the report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError(pub String);

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptionError {}

/// Merges, parses and renders `inputs` over `base` (usually the embedded
/// catalogue: its ids, sectors and documents are reused).
pub fn import(inputs: Inputs, options: &Options, base: &Catalog) -> Result<Import, OptionError> {
    if let Some(p) = &options.province {
        if !base.provinces().iter().any(|x| &x.id == p) {
            return Err(OptionError(format!(
                "`{p}` is not a province id of the catalogue (see provinces.toml)"
            )));
        }
    }
    let mut report = Report {
        as_of: options.as_of.map(|d| d.to_string()),
        province: options.province.clone(),
        inputs: inputs
            .files
            .iter()
            .map(|(path, records)| InputFile {
                path: path.clone(),
                records: *records,
            })
            .collect(),
        records_read: inputs.records.len() + inputs.lost_records(),
        ignored_labels: inputs.ignored_labels.iter().cloned().collect(),
        ..Report::default()
    };
    for e in inputs.errors.iter().filter(|e| e.lost == "record") {
        report.not_written.push(NotWritten {
            origin: e.origin.clone(),
            code: None,
            reason: e.message.clone(),
        });
    }
    report.errors = inputs.errors;
    let merged = merge::merge(inputs.records, &mut report);
    let mut procedures = Vec::with_capacity(merged.len());
    for m in &merged {
        match procedure::build(m, options.as_of, &mut report) {
            Ok(p) => procedures.push(p),
            Err(procedure::Unusable(reason)) => report.not_written.push(NotWritten {
                origin: m.origin.clone(),
                code: Some(m.code.clone()),
                reason,
            }),
        }
    }
    let naming = ids::assign(&procedures, base, options.province.as_deref(), &mut report);
    let (files, counts) = write::render(&procedures, &naming, base, options.province.as_deref());
    report.procedures_written = procedures.len();
    report.list_only_procedures = procedures.iter().filter(|p| p.list_only).count();
    report.policies_written = counts.policies;
    report.documents_written = counts.documents;
    report.sectors_written = counts.sectors;
    report.finish();
    Ok(Import { files, report })
}

impl Import {
    /// Compares with a previous import and records the result in the report.
    pub fn diff_with(&mut self, old_dir: &Path) -> Result<(), String> {
        self.report.diff = Some(diff(old_dir, &self.files)?);
        Ok(())
    }

    /// Writes the tree under `dir` as a whole: into a sibling directory,
    /// renamed into place, so that a failure or a kill never leaves a
    /// partial tree there. A directory that exists must be empty or hold an
    /// earlier import (its README), whose `*.toml` files are replaced (its
    /// other files are kept), so that a re-run gives the same bytes.
    pub fn write_to(&self, dir: &Path) -> Result<(), String> {
        place::replace_tree(dir, &self.files)
    }
}
