//! `tthc import portal INPUT… -o OUT_DIR`: the national public-service
//! portal's procedure records and list exports become a catalogue tree
//! (the `tthc-import` crate does the work; this file is its command line).
//!
//! The tree goes to OUT_DIR, the readable summary of the report to standard
//! error, the full report as JSON to `--report`. Records that cannot be read
//! never stop the import: they are in the report. The command fails (exit 1)
//! only when nothing could be imported or the tree could not be written.

use std::io::Write as _;
use std::path::PathBuf;

use tthc::{Catalog, Date};
use tthc_import::{import, read_inputs, Options};

use crate::{json, Outcome, UsageError};

const PORTAL_EXAMPLES: &str = "\
Examples:
  tthc import portal danh-sach-tthc.xlsx pages/ -o imported/ --report import-report.json
  tthc import portal pages.jsonl -o imported/ --as-of 2026-07-15 --diff last-month/
  tthc import portal export.csv -o ha-noi/ --province ha-noi
  tthc validate imported/ --over-embedded
  tthc --catalog imported/ deadline --procedure 1.000894 --channel in-person --received 2026-07-15T09:00:00

Inputs: JSON (one object or an array), JSON Lines, directories of them, the
portal's XLSX list export, or CSV with the same column titles; keys may be the
displayed Vietnamese labels (\"Mã thủ tục\") or their snake-case forms
(ma_thu_tuc). Records are merged by code: a procedure's page wins over a list
row. Nothing is guessed: a time without a unit or a fee the text does not state
is written as unknown, and every doubt is in the report.";

/// `tthc import …`.
#[derive(Debug, clap::Subcommand)]
pub enum Import {
    /// Import the national public-service portal's procedure records and list exports.
    #[command(after_help = PORTAL_EXAMPLES)]
    Portal(PortalArgs),
}

/// `tthc import portal INPUT… -o OUT_DIR …`.
#[derive(Debug, clap::Args)]
pub struct PortalArgs {
    /// JSON, JSON Lines, XLSX or CSV files, or directories of them.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the catalogue tree: a new or empty directory, or an earlier import.
    #[arg(short = 'o', long = "output", value_name = "OUT_DIR")]
    output: PathBuf,
    /// Also write the full report (every doubt and error) as JSON to this file.
    #[arg(long, value_name = "REPORT.json")]
    report: Option<PathBuf>,
    /// Write the procedures as this province's overlay (a province id of the catalogue).
    #[arg(long, value_name = "P")]
    province: Option<String>,
    /// The day the inputs were read: dated rates that ended before it are reported.
    #[arg(long, value_name = "DATE")]
    as_of: Option<Date>,
    /// Compare with an earlier import: procedures added, removed and changed.
    #[arg(long, value_name = "OLD_DIR")]
    diff: Option<PathBuf>,
}

/// Runs `tthc import portal`.
pub fn import_portal(base: &Catalog, args: &PortalArgs) -> Result<Outcome, UsageError> {
    if let Some(old) = &args.diff {
        if !old.is_dir() {
            return Err(UsageError(format!(
                "--diff {}: not a directory",
                old.display()
            )));
        }
    }
    let options = Options {
        province: args.province.clone(),
        as_of: args.as_of,
    };
    let inputs = read_inputs(&args.inputs);
    let mut imported =
        import(inputs, &options, base).map_err(|e| UsageError(format!("--province: {e}")))?;
    if let Some(old) = &args.diff {
        imported.diff_with(old).map_err(UsageError)?;
    }
    let report = &imported.report;
    let _ = write!(std::io::stderr(), "{}", report.summary());
    if let Some(path) = &args.report {
        if let Err(e) = crate::output::write(path, (json(report) + "\n").as_bytes()) {
            return Ok(Outcome::failed(format!(
                "lỗi / error: {}: {e}",
                path.display()
            )));
        }
    }
    if report.procedures_written == 0 {
        return Ok(Outcome::failed(format!(
            "lỗi / error: no procedure could be imported from {} records ({} errors); nothing written",
            report.records_read,
            report.errors.len()
        )));
    }
    if let Err(e) = imported.write_to(&args.output) {
        return Ok(Outcome::failed(format!("lỗi / error: {e}")));
    }
    Ok(Outcome::ok(format!(
        "imported {} procedures into {} ({} doubts, {} records not written)",
        report.procedures_written,
        args.output.display(),
        report.doubts.len(),
        report.not_written.len()
    )))
}
