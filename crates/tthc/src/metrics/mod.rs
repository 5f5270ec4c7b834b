//! Government KPIs from dossier records: how a province, an agency, a sector
//! or a procedure is doing, per month, quarter or year.
//!
//! Records come as CSV or JSON Lines (fields in `docs/metrics.md`) and are
//! read one at a time: memory holds one record, a catalogue cache that grows
//! with the number of distinct procedures and provinces, and one set of
//! running totals per (unit, period) — so ten million records take the same
//! memory as ten thousand. A malformed row is counted and listed with its
//! line number and the run goes on, unless the caller asks for `strict`.
//!
//! Each KPI's formula, legal basis and certainty are data ([`kpi::REGISTRY`]);
//! targets are data too ([`kpi::targets`], `targets.toml`, all unconfirmed),
//! and every row of the [`Report`] carries its gap to target. Early / on
//! time / late come from the deadline engine (`status.rs`), never from a
//! second computation here.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use tthc::metrics::{self, Format, Options};
//!
//! // Two made-up dossiers, as a one-stop system exports them
//! // (a file: `metrics::compute_path`; the fields: docs/metrics.md).
//! let csv = "dossier,procedure,province,channel,received_at,completed_at\n\
//!            D1,ho-tich.dang-ky-khai-sinh,ha-noi,national-portal,2025-03-03T09:00:00,2025-03-04T10:00:00\n\
//!            D2,ho-tich.dang-ky-khai-sinh,ha-noi,in-person,2025-03-03T10:00:00,\n";
//! let engine = tthc::Engine::embedded()?;
//! let report = metrics::compute_reader(csv.as_bytes(), Format::Csv, &engine, Options::default())?;
//! assert_eq!(report.records, 2);
//! for row in report.rows.iter().filter(|r| r.unit == "*") {
//!     println!("{} {} {:?}", row.period, row.kpi, row.value);
//! }
//! # Ok(()) }
//! ```

mod aggregate;
mod csv;
pub mod html;
mod input;
mod json_line;
pub mod kpi;
mod record;
pub mod report;
mod resolve;
pub mod standing;
mod state;
mod status;
mod text;
pub(crate) mod time;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

pub use aggregate::{PeriodKind, UnitKind};
pub use csv::{escape_csv, CsvError, CsvReader, CsvRecord, MAX_RECORD_BYTES};
pub use input::{CsvColumns, Format, LineFormat};
pub use json_line::JsonRecord;
pub use kpi::{Kpi, Measure, Target};
pub use record::{RawEvents, RawRecord, Record, RowError, Timing, FIELDS};
pub use report::{Report, Row};
pub use state::MetricsState;
pub use text::Text;
pub use time::TimeCache;

use crate::date::VnDateTime;
use crate::Engine;
use aggregate::{Groups, Observation};
use resolve::Resolver;

/// How to group and when to stop.
#[derive(Clone, Debug)]
pub struct Options {
    /// What the rows are grouped by (province, agency, sector or procedure).
    pub by: UnitKind,
    /// How long each row's period is.
    pub period: PeriodKind,
    /// The instant open dossiers are judged at (overdue or not); now when `None`.
    pub as_of: Option<VnDateTime>,
    /// Stop at the first malformed row instead of counting it.
    pub strict: bool,
    /// How many malformed rows, and how many warnings, the report lists
    /// with their line numbers (all are counted).
    pub issue_limit: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            by: UnitKind::default(),
            period: PeriodKind::default(),
            as_of: None,
            strict: false,
            issue_limit: 100,
        }
    }
}

/// Why a run stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricsError {
    /// The input could not be read.
    #[error("cannot read {what}: {message}")]
    Io {
        /// What was being read (a path, or "the input").
        what: String,
        /// The system's message.
        message: String,
    },
    /// The CSV header lacks a required column; no row could be read.
    #[error("CSV header: {0}")]
    Header(String),
    /// `strict` and a malformed row.
    #[error("line {line}: {message} (--strict stops at the first malformed row)")]
    Strict {
        /// The row's first line.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// The compiled-in targets do not parse (a build defect, reported rather than panicking).
    #[error("{0}")]
    Targets(String),
    /// A [`MetricsState`] that cannot be read from bytes, or merged with another.
    #[error("{0}")]
    State(String),
}

impl MetricsError {
    /// The stable kind: `io`, `header`, `malformed` (a row, with `strict`),
    /// `targets`, or `invalid-state` (a state's bytes, or a merge).
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            MetricsError::Io { .. } => ErrorKind::Io,
            MetricsError::Header(_) => ErrorKind::Header,
            MetricsError::Strict { .. } => ErrorKind::Malformed,
            MetricsError::Targets(_) => ErrorKind::Targets,
            MetricsError::State(_) => ErrorKind::InvalidState,
        }
    }

    /// A read or write failure of `what` (a path, or "standard input").
    pub fn io(what: impl Into<String>, e: &std::io::Error) -> MetricsError {
        MetricsError::Io {
            what: what.into(),
            message: e.to_string(),
        }
    }
}

/// A row the report could not use in full, with its line.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Issue {
    /// The line of the input, from 1.
    pub line: u64,
    /// "malformed" (the row is not counted) or "warning" (it is, in part).
    pub severity: &'static str,
    /// What went wrong, e.g. "channel" or "unknown-procedure".
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The dossier id, when the row has one.
    pub dossier: Option<String>,
    /// What is wrong with the row.
    pub message: String,
}

/// Counts of every issue, and the first `limit` of each severity with their lines.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Issues {
    /// How many rows were malformed (and not counted).
    pub malformed: u64,
    /// How many rows were counted with a warning.
    pub warnings: u64,
    /// Per kind, e.g. "malformed:channel", "warning:unknown-procedure".
    pub by_kind: BTreeMap<String, u64>,
    /// The issues listed with their lines (at most `issue_limit` of each severity).
    pub listed: Vec<Issue>,
    /// Some issues are counted but not listed.
    pub truncated: bool,
    #[serde(skip)]
    limit: usize,
    #[serde(skip)]
    listed_malformed: usize,
    #[serde(skip)]
    listed_warnings: usize,
}

impl Issues {
    fn add(
        &mut self,
        severity: &'static str,
        kind: &str,
        line: u64,
        dossier: Option<Text<'_>>,
        message: impl FnOnce() -> String,
    ) {
        let listed = if severity == "malformed" {
            self.malformed += 1;
            &mut self.listed_malformed
        } else {
            self.warnings += 1;
            &mut self.listed_warnings
        };
        match self.by_kind.get_mut(kind) {
            Some(n) => *n += 1,
            None => {
                self.by_kind.insert(kind.to_string(), 1);
            }
        }
        if *listed < self.limit {
            *listed += 1;
            self.listed.push(Issue {
                line,
                severity,
                kind: kind.to_string(),
                dossier: dossier.map(|d| d.to_string()),
                message: message(),
            });
        } else {
            self.truncated = true;
        }
    }
}

/// The unit total rows are reported under.
pub const TOTAL_UNIT: &str = "*";
const UNKNOWN: &str = "(không rõ / unknown)";
const TOTAL: u32 = u32::MAX;

/// Adds records one at a time; [`Aggregator::finish`] makes the report.
///
/// One aggregator reads one *part* of the input (all of it, by default:
/// part 0); the lines it is given are the part's own, from 1. The states of
/// several parts merge into the whole input's report ([`MetricsState`]).
pub struct Aggregator<'e> {
    engine: &'e Engine,
    resolver: Resolver<'e>,
    options: Options,
    as_of: VnDateTime,
    groups: Groups,
    issues: Issues,
    records: u64,
    notes: Vec<String>,
    times: TimeCache,
    /// Which part of the input this is, and the last line of it seen.
    part: u64,
    lines: u64,
    /// With `strict`: the first malformed row (line, message).
    failure: Option<(u64, String)>,
}

impl<'e> Aggregator<'e> {
    /// An aggregator for one whole input, over the engine's catalogue.
    pub fn new(engine: &'e Engine, options: Options) -> Result<Aggregator<'e>, MetricsError> {
        Aggregator::for_part(engine, options, 0)
    }

    /// An aggregator for part `part` of the input: parts are numbered in
    /// input order, and each one's lines count from 1 ([`MetricsState`]).
    pub fn for_part(
        engine: &'e Engine,
        options: Options,
        part: u64,
    ) -> Result<Aggregator<'e>, MetricsError> {
        // Checked here, so that a build whose targets do not parse fails
        // before reading, not when the report is made.
        kpi::targets().map_err(MetricsError::Targets)?;
        Ok(Aggregator {
            engine,
            resolver: Resolver::new(engine.catalog()),
            as_of: options.as_of.unwrap_or_else(VnDateTime::now),
            issues: Issues {
                limit: options.issue_limit,
                ..Issues::default()
            },
            options,
            groups: Groups::default(),
            records: 0,
            notes: Vec::new(),
            times: TimeCache::default(),
            part,
            lines: 0,
            failure: None,
        })
    }

    /// Says the part runs at least to `line` (blank lines are not added,
    /// but later parts' lines count after them).
    pub fn span(&mut self, line: u64) {
        self.lines = self.lines.max(line);
    }

    /// The last line of the part seen so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// With `strict`, whether a malformed row has stopped the run.
    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }

    /// A note for the report (e.g. columns the input had that were ignored).
    pub fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    /// Adds the row at `line`: counted when it parses, listed as malformed
    /// when not (an error only with `strict`).
    pub fn add(
        &mut self,
        line: u64,
        row: Result<Record<'_>, RowError>,
    ) -> Result<(), MetricsError> {
        match row {
            Ok(r) => {
                self.add_record(line, &r);
                Ok(())
            }
            Err(e) => self.malformed(line, None, &e),
        }
    }

    /// Checks and adds a row read as text.
    #[inline]
    pub fn add_raw(&mut self, line: u64, raw: &RawRecord<'_>) -> Result<(), MetricsError> {
        match raw.parse_with(&mut self.times) {
            Ok(r) => {
                self.add_record(line, &r);
                Ok(())
            }
            Err(e) => self.malformed(line, raw.dossier, &e),
        }
    }

    /// Adds one JSON object (a JSON Lines line, or a record from a binding).
    pub fn add_json(&mut self, line: u64, json: &str) -> Result<(), MetricsError> {
        match JsonRecord::from_line(json) {
            Ok(j) => self.add_raw(line, &j.raw()),
            Err(e) => self.malformed(line, None, &e),
        }
    }

    /// Counts (and lists) a row that could not be read at all.
    pub fn malformed(
        &mut self,
        line: u64,
        dossier: Option<Text<'_>>,
        e: &RowError,
    ) -> Result<(), MetricsError> {
        self.span(line);
        if self.options.strict {
            let message = e.to_string();
            if self.failure.is_none() {
                self.failure = Some((line, message.clone()));
            }
            return Err(MetricsError::Strict { line, message });
        }
        self.issues.add(
            "malformed",
            &format!("malformed:{}", e.field),
            line,
            dossier,
            || e.to_string(),
        );
        Ok(())
    }

    fn add_record(&mut self, line: u64, rec: &Record<'_>) {
        self.span(line);
        self.records += 1;
        let date = rec.received_at.date();
        let facts = self.resolver.facts(rec.procedure, rec.province, date);
        if facts.unknown_procedure {
            self.issues.add("warning", "warning:unknown-procedure", line, Some(rec.dossier), || {
                format!(
                    "procedure `{}` is not in the catalogue on {date}: its sector and online level come from the record only",
                    rec.procedure
                )
            });
        }
        if facts.unknown_province {
            self.issues.add("warning", "warning:unknown-province", line, Some(rec.dossier), || {
                format!(
                    "province `{}` is not a province of the catalogue on {date}: national calendar used",
                    rec.province.unwrap_or_default()
                )
            });
        }
        let ids = &mut self.resolver.ids;
        let unit = match self.options.by {
            UnitKind::Province => match (facts.province, rec.province) {
                (Some(p), _) => p,
                (None, Some(raw)) => ids.id(raw),
                (None, None) => ids.id(Text::from(UNKNOWN)),
            },
            UnitKind::Agency => ids.id(rec.agency.unwrap_or(Text::from(UNKNOWN))),
            UnitKind::Sector => match (rec.sector, facts.sector) {
                (Some(s), _) => ids.id(s),
                (None, Some(s)) => s,
                (None, None) => ids.id(Text::from(UNKNOWN)),
            },
            UnitKind::Procedure => facts.procedure,
        };
        let period = self.options.period.key(date);
        // Only the unit's totals: the all-units total of each period is
        // their merge, made once in `finish`. They are looked up before the
        // status is worked out: with thousands of (unit, period) groups they
        // are seldom in cache, and the processor fetches them meanwhile.
        let acc = self.groups.entry((unit, period));
        let (dvctt, full_process) =
            Observation::service(rec.online_level.or(facts.online_level), rec.full_process);
        let lifecycle = match status::lifecycle(
            self.engine,
            facts.calendar,
            facts.by_instant,
            rec,
            self.as_of,
        ) {
            Ok(l) => Some(l),
            Err(e) => {
                self.issues.add(
                    "warning",
                    &format!("warning:{}", e.kind),
                    line,
                    Some(rec.dossier),
                    || format!("no early/on-time/late status: {}", e.message),
                );
                None
            }
        };
        acc.add(&Observation {
            procedure: facts.procedure,
            online: rec.channel.is_online(),
            dvctt,
            full_process,
            lifecycle,
            paid_online: rec.paid_online,
            electronic_result: rec.electronic_result,
            digitised: rec.digitised,
        });
    }

    /// Records counted so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// The report: one row per (period, unit, computable KPI), totals
    /// first; with `strict`, the error of the first malformed row.
    pub fn finish(self) -> Result<Report, MetricsError> {
        self.to_state().finish()
    }
}

/// The report for `records` (line numbers are positions, from 1).
pub fn compute<'a, I>(records: I, engine: &Engine, options: Options) -> Result<Report, MetricsError>
where
    I: IntoIterator<Item = Result<Record<'a>, RowError>>,
{
    let mut agg = Aggregator::new(engine, options)?;
    for (i, r) in records.into_iter().enumerate() {
        agg.add(i as u64 + 1, r)?;
    }
    agg.finish()
}

/// The report for a CSV or JSON Lines stream.
pub fn compute_reader<R: std::io::BufRead>(
    input: R,
    format: Format,
    engine: &Engine,
    options: Options,
) -> Result<Report, MetricsError> {
    let mut agg = Aggregator::new(engine, options)?;
    input::read(input, format, &mut agg)?;
    agg.finish()
}

/// The report for a file; the format follows its extension (`.jsonl`,
/// `.ndjson` and `.json` are JSON Lines, anything else CSV).
pub fn compute_path(
    path: &Path,
    engine: &Engine,
    options: Options,
) -> Result<Report, MetricsError> {
    let file =
        std::fs::File::open(path).map_err(|e| MetricsError::io(path.display().to_string(), &e))?;
    compute_reader(
        std::io::BufReader::with_capacity(1 << 16, file),
        Format::from_path(path),
        engine,
        options,
    )
}
