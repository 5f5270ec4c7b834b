//! The import report: what was read, what was written, what is unknown and
//! every doubt a person should look at, as JSON and as a readable summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::diff::Diff;
use crate::input::{InputError, Origin};

/// Kinds of doubt, stable names for scripts (`kind` in the JSON report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DoubtKind {
    /// A time given as a bare number: imported as unknown with the number kept.
    TimeUnitMissing,
    /// A time cell that is not a number and a unit.
    TimeUnrecognised,
    /// A fractional time (`0.5 Ngày`).
    TimeFraction,
    /// A unit the catalogue has no equivalent for (weeks, years, minutes).
    TimeUnitUnsupported,
    /// `Giờ` of 24 or more, read as working hours.
    HoursReadAsWorkingHours,
    /// Time and fee digits run together with more than one reading.
    TimeFeeRunTogether,
    /// A channel with several rows that disagree.
    ChannelRowsDiffer,
    /// A channel row whose channel is not one of the three.
    ChannelUnrecognised,
    /// Text of the channel table that is not a row.
    ChannelTableUnread,
    /// The structured fee and an amount in its note or description disagree.
    FeeConflict,
    /// An amount in the description while the structured fee is unknown.
    FeeOnlyInDescription,
    /// A fee in a foreign currency.
    FeeForeignCurrency,
    /// A currency without an amount.
    FeeAmountMissing,
    /// "Free" while the note says the provincial People's Council sets it.
    FeeSetByProvince,
    /// An amount under 1,000 đồng.
    FeeImplausiblySmall,
    /// Dated wording that is not a rate with both dates and one amount.
    DatedRateNotImported,
    /// A dated rate whose period ended before `--as-of` (still imported).
    DatedRateExpired,
    /// A level the catalogue has no equivalent for (`Cơ quan khác`).
    LevelUnrecognised,
    /// `Cấp huyện` on a record read after the district level was abolished.
    LevelDistrictAfterReform,
    /// A document symbol whose end was guessed.
    LegalBasisSymbolUnsure,
    /// Times or fees read from a record that names no document to cite:
    /// not written.
    NoLegalBasis,
    /// A publishing decision that does not look like a symbol.
    DecisionMalformed,
    /// A page address that is not http(s).
    UrlMalformed,
    /// A list row disagreeing with the detail record of the same code.
    ListDiffers,
    /// Two detail records of one code that disagree; the first was kept.
    DuplicateRecord,
    /// Two sector names that fold to the same id.
    SectorIdClash,
}

impl DoubtKind {
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// One doubt: which procedure, what kind, the words it is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Doubt {
    pub code: String,
    pub kind: DoubtKind,
    /// The portal field it is about (snake-case key).
    pub field: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'static str>,
    /// The source's words, clipped to 400 characters.
    pub snippet: String,
}

/// Parsed / unknown / conflict counts for one field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldCount {
    pub parsed: usize,
    pub unknown: usize,
    pub conflict: usize,
}

/// An input record that is not in the output, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NotWritten {
    pub origin: Origin,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub reason: String,
}

/// The whole report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub as_of: Option<String>,
    pub province: Option<String>,
    /// Files read and the records each gave.
    pub inputs: Vec<InputFile>,
    /// Records read, including those that could not be used.
    pub records_read: usize,
    /// Detail records among them.
    pub detail_records: usize,
    /// List rows among them.
    pub list_rows: usize,
    /// Records folded into another record of the same code (a list row into
    /// its detail record, an identical duplicate).
    pub records_merged: usize,
    pub procedures_written: usize,
    /// Procedures known only from a list row.
    pub list_only_procedures: usize,
    pub policies_written: usize,
    pub documents_written: usize,
    pub sectors_written: usize,
    /// Per field. `processing` and `fee` count channel rows (one procedure
    /// has one to three); the others count procedures.
    pub fields: BTreeMap<&'static str, FieldCount>,
    /// How many doubts of each kind.
    pub doubt_counts: BTreeMap<String, usize>,
    pub doubts: Vec<Doubt>,
    pub not_written: Vec<NotWritten>,
    pub errors: Vec<InputError>,
    /// Keys and column titles that were not used.
    pub ignored_labels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Diff>,
}

#[derive(Clone, Debug, Serialize)]
pub struct InputFile {
    pub path: String,
    pub records: usize,
}

impl Report {
    pub(crate) fn count(&mut self, field: &'static str) -> &mut FieldCount {
        self.fields.entry(field).or_default()
    }

    /// Sorts doubts and fills the per-kind counts: called once at the end.
    pub(crate) fn finish(&mut self) {
        self.doubts.sort();
        self.not_written.sort();
        self.doubt_counts.clear();
        for d in &self.doubts {
            *self.doubt_counts.entry(d.kind.as_str()).or_default() += 1;
        }
    }

    /// The readable summary printed on stderr.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "read {} records ({} detail, {} list rows) from {} files; wrote {} procedures ({} from a list row only), {} dated-rate policies, {} documents, {} sectors",
            self.records_read,
            self.detail_records,
            self.list_rows,
            self.inputs.len(),
            self.procedures_written,
            self.list_only_procedures,
            self.policies_written,
            self.documents_written,
            self.sectors_written
        );
        let _ = writeln!(
            s,
            "{} records merged into another of the same code; {} not written",
            self.records_merged,
            self.not_written.len()
        );
        let _ = writeln!(
            s,
            "{:<22} {:>8} {:>8} {:>9}",
            "field", "parsed", "unknown", "conflict"
        );
        for (field, c) in &self.fields {
            let _ = writeln!(
                s,
                "{field:<22} {:>8} {:>8} {:>9}",
                c.parsed, c.unknown, c.conflict
            );
        }
        if !self.doubt_counts.is_empty() {
            let _ = writeln!(s, "doubts ({}):", self.doubts.len());
            for (kind, n) in &self.doubt_counts {
                let _ = writeln!(s, "  {kind:<30} {n}");
            }
        }
        for e in self.errors.iter().take(20) {
            let _ = writeln!(s, "error: {e}");
        }
        if self.errors.len() > 20 {
            let _ = writeln!(
                s,
                "… and {} more errors (see the JSON report)",
                self.errors.len() - 20
            );
        }
        for n in self.not_written.iter().take(20) {
            let _ = writeln!(s, "not written: {}: {}", n.origin, n.reason);
        }
        if self.not_written.len() > 20 {
            let _ = writeln!(
                s,
                "… and {} more not written (see the JSON report)",
                self.not_written.len() - 20
            );
        }
        if let Some(d) = &self.diff {
            s.push_str(&d.summary());
        }
        s
    }
}
