//! Reading the portal's records from files: JSON (one object or an array),
//! JSON Lines, directories of them, the XLSX list export and CSV.
//!
//! Readers never stop at a bad record: a record or a cell that cannot be
//! read becomes an [`InputError`] naming the file and the record, and the
//! rest of the file is read.

mod json;
pub mod labels;
mod sheet;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

pub use labels::Field;

/// Cells larger than this are refused: the largest field of the real crawl
/// studied (a page's whole text) is 69 KB, the fields the importer parses
/// are under 13 KB.
pub const MAX_CELL_BYTES: usize = 1 << 20;

/// Where a record came from: the file and the place in it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Origin {
    pub file: String,
    /// `record 3` (JSON array), `line 7` (JSON Lines, CSV), `sheet S, row 12`
    /// (XLSX); empty for a file holding one record.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub at: String,
}

impl Origin {
    pub(crate) fn file(path: &Path) -> Origin {
        Origin {
            file: path.display().to_string(),
            at: String::new(),
        }
    }

    pub(crate) fn at(path: &Path, at: String) -> Origin {
        Origin {
            file: path.display().to_string(),
            at,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            f.write_str(&self.file)
        } else {
            write!(f, "{}, {}", self.file, self.at)
        }
    }
}

/// One row of a structured "Cách thức thực hiện" table (a JSON array of
/// objects), cells as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRow {
    pub channel: String,
    pub time: String,
    pub fee: String,
    pub description: String,
}

/// A field's value as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// The channel table given as rows rather than as one string.
    Rows(Vec<RawRow>),
}

impl Cell {
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t),
            Cell::Rows(_) => None,
        }
    }
}

/// One portal record: a procedure's page (detail record) or a row of a
/// list export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub origin: Origin,
    pub fields: BTreeMap<Field, Cell>,
}

impl Record {
    /// A procedure page, as opposed to a list row (see [`Field::is_detail`]).
    pub fn is_detail(&self) -> bool {
        self.fields.keys().any(|f| f.is_detail())
    }

    pub fn text(&self, field: Field) -> Option<&str> {
        self.fields.get(&field).and_then(Cell::text)
    }
}

/// A record, file or cell that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    pub origin: Origin,
    /// The field whose cell was refused; `None` for a whole record or file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    pub message: String,
    /// What was lost: `cell` (the record was read without it), `record`, or
    /// `rest-of-file` (records before the fault were read).
    pub lost: &'static str,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(
                f,
                "{}: {field}: {} ({} skipped)",
                self.origin, self.message, self.lost
            ),
            None => write!(
                f,
                "{}: {} ({} skipped)",
                self.origin, self.message, self.lost
            ),
        }
    }
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Inputs {
    pub records: Vec<Record>,
    pub errors: Vec<InputError>,
    /// Files read, in order, with how many records each gave.
    pub files: Vec<(String, usize)>,
    /// Keys and column titles the importer does not use, for the report.
    pub ignored_labels: BTreeSet<String>,
    /// Labels already looked up: every record of a crawl repeats them.
    labels: std::collections::HashMap<String, Option<Field>>,
}

impl Inputs {
    /// [`Field::from_label`], remembered.
    pub(crate) fn field(&mut self, label: &str) -> Option<Field> {
        if let Some(f) = self.labels.get(label) {
            return *f;
        }
        let f = Field::from_label(label);
        self.labels.insert(label.to_string(), f);
        f
    }

    /// Records that were lost whole (the input records neither read nor merged).
    pub fn lost_records(&self) -> usize {
        self.errors.iter().filter(|e| e.lost == "record").count()
    }
}

/// Reads every path: a file by its extension, a directory recursively (its
/// `*.json`, `*.jsonl`, `*.ndjson`, `*.xlsx` and `*.csv` files in name order).
pub fn read_inputs(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            collect_dir(path, &mut files, &mut inputs);
            files.sort();
            for f in files {
                read_file(&f, &mut inputs);
            }
        } else {
            read_file(path, &mut inputs);
        }
    }
    inputs
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>, inputs: &mut Inputs) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            inputs.errors.push(file_error(
                dir,
                format!("cannot read the directory: {e}"),
                "record",
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_dir(&path, out, inputs);
        } else if Kind::of(&path).is_some() {
            out.push(path);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Json,
    JsonLines,
    Xlsx,
    Csv,
}

impl Kind {
    fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => Kind::Json,
            "jsonl" | "ndjson" => Kind::JsonLines,
            "xlsx" | "xlsm" => Kind::Xlsx,
            "csv" => Kind::Csv,
            _ => return None,
        })
    }
}

fn read_file(path: &Path, inputs: &mut Inputs) {
    let before = inputs.records.len();
    match Kind::of(path) {
        Some(Kind::Json) => json::read_json(path, inputs),
        Some(Kind::JsonLines) => json::read_json_lines(path, inputs),
        Some(Kind::Xlsx) => sheet::read_xlsx(path, inputs),
        Some(Kind::Csv) => sheet::read_csv(path, inputs),
        None => inputs.errors.push(file_error(
            path,
            "not a portal input: use .json, .jsonl, .ndjson, .xlsx or .csv".to_string(),
            "record",
        )),
    }
    inputs
        .files
        .push((path.display().to_string(), inputs.records.len() - before));
}

pub(crate) fn file_error(path: &Path, message: String, lost: &'static str) -> InputError {
    InputError {
        origin: Origin::file(path),
        field: None,
        message,
        lost,
    }
}

/// Builds a record from labelled cells, refusing oversized cells and
/// noting labels the importer does not use. The first non-empty cell wins
/// when two labels name one field.
pub(crate) struct RecordBuilder<'a> {
    inputs: &'a mut Inputs,
    origin: Origin,
    fields: BTreeMap<Field, Cell>,
    /// Some cell, read or ignored, had a value.
    any_value: bool,
}

impl<'a> RecordBuilder<'a> {
    pub(crate) fn new(inputs: &'a mut Inputs, origin: Origin) -> RecordBuilder<'a> {
        RecordBuilder {
            inputs,
            origin,
            fields: BTreeMap::new(),
            any_value: false,
        }
    }

    /// Records a cell error; the record is read without the cell.
    pub(crate) fn cell_error(&mut self, field: Field, message: String) {
        self.inputs.errors.push(InputError {
            origin: self.origin.clone(),
            field: Some(field.key()),
            message,
            lost: "cell",
        });
    }

    /// A cell under a label the importer does not read.
    pub(crate) fn ignore(&mut self, label: &str, has_value: bool) {
        self.any_value |= has_value;
        if !self.inputs.ignored_labels.contains(label) {
            self.inputs.ignored_labels.insert(label.to_string());
        }
    }

    pub(crate) fn field(&mut self, label: &str) -> Option<Field> {
        self.inputs.field(label)
    }

    pub(crate) fn set(&mut self, field: Field, cell: Cell) {
        let size = match &cell {
            Cell::Text(t) => t.len(),
            Cell::Rows(rows) => rows
                .iter()
                .map(|r| r.channel.len() + r.time.len() + r.fee.len() + r.description.len())
                .sum(),
        };
        if size > MAX_CELL_BYTES {
            self.any_value = true;
            self.cell_error(
                field,
                format!("the cell is {size} bytes, over the {MAX_CELL_BYTES}-byte limit"),
            );
            return;
        }
        let empty = matches!(&cell, Cell::Text(t) if t.trim().is_empty())
            || matches!(&cell, Cell::Rows(r) if r.is_empty());
        if empty {
            return;
        }
        self.any_value = true;
        let cell = match cell {
            Cell::Text(t) => Cell::Text(t.trim().to_string()),
            rows => rows,
        };
        self.fields.entry(field).or_insert(cell);
    }

    /// Finishes the record. Nothing at all (a blank line, a spacer row) is
    /// not a record; values under none of the portal's labels are a record
    /// the importer cannot use, and say so.
    pub(crate) fn finish(self) {
        if !self.fields.is_empty() {
            self.inputs.records.push(Record {
                origin: self.origin,
                fields: self.fields,
            });
        } else if self.any_value {
            self.inputs.errors.push(InputError {
                origin: self.origin,
                field: None,
                message: "the record has none of the portal's fields (Mã thủ tục, Tên thủ tục, …)"
                    .to_string(),
                lost: "record",
            });
        }
    }
}
