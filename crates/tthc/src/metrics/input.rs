//! Reading CSV and JSON Lines into an [`Aggregator`], one row at a time.

use std::io::BufRead;
use std::path::Path;

use super::csv::CsvReader;
use super::record::{RawRecord, RowError, FIELDS};
use super::{Aggregator, MetricsError};

/// The input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    /// By extension: `.jsonl`, `.ndjson` and `.json` are JSON Lines, anything else CSV.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson" | "json") => Format::JsonLines,
            _ => Format::Csv,
        }
    }

    /// By the first non-blank byte of a stream: `{` is JSON Lines.
    pub fn sniff<R: BufRead>(input: &mut R) -> std::io::Result<Format> {
        loop {
            let buf = input.fill_buf()?;
            let Some(&b) = buf.first() else {
                return Ok(Format::Csv);
            };
            if b.is_ascii_whitespace() {
                input.consume(1);
                continue;
            }
            return Ok(if b == b'{' {
                Format::JsonLines
            } else {
                Format::Csv
            });
        }
    }
}

/// Reads every row of `input` into `agg`.
pub fn read<R: BufRead>(
    input: R,
    format: Format,
    agg: &mut Aggregator<'_>,
) -> Result<(), MetricsError> {
    match format {
        Format::Csv => read_csv(input, agg),
        Format::JsonLines => read_jsonl(input, agg),
    }
}

fn io(e: &std::io::Error) -> MetricsError {
    MetricsError::io("the input", e)
}

/// CSV: the first record is the header. Columns are matched by name (any
/// order); columns the format does not know are ignored and named in the
/// report's notes.
pub fn read_csv<R: BufRead>(input: R, agg: &mut Aggregator<'_>) -> Result<(), MetricsError> {
    let mut reader = CsvReader::new(input);
    let columns = match reader.next_record().map_err(|e| io(&e))? {
        None => return Ok(()),
        Some(Err((line, e))) => return Err(MetricsError::Header(format!("line {line}: {e}"))),
        Some(Ok(h)) => {
            let names: Vec<_> = (0..h.len())
                .filter_map(|i| h.get(i))
                .map(|t| t.to_str())
                .collect();
            CsvColumns::new(names.iter().map(|n| &**n))?
        }
    };
    columns.note(agg);
    read_csv_records(&mut reader, &columns, agg, 0)
}

/// The columns of a CSV header: for each, the field of [`FIELDS`] it fills.
#[derive(Clone, Debug)]
pub struct CsvColumns {
    /// For each column, the index in FIELDS of the field it fills
    /// (`usize::MAX`: none).
    slots: Vec<usize>,
    /// Columns the format does not know.
    ignored: Vec<String>,
}

impl CsvColumns {
    /// The columns of a header, given its names; an error when a required
    /// column is missing (no row could be read).
    pub fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> Result<CsvColumns, MetricsError> {
        let names: Vec<&str> = names
            .into_iter()
            .map(|s| s.trim().trim_start_matches('\u{feff}'))
            .collect();
        let cols: Vec<Option<usize>> = names
            .iter()
            .map(|n| FIELDS.iter().position(|f| f == n))
            .collect();
        let has = |f: &str| names.contains(&f);
        let missing: Vec<&str> = ["dossier", "procedure", "channel"]
            .into_iter()
            .filter(|f| !has(f))
            .collect();
        if !missing.is_empty() {
            return Err(MetricsError::Header(format!(
                "missing column(s) {}; the columns are {}",
                missing.join(", "),
                FIELDS.join(",")
            )));
        }
        if !has("received_at") && !has("events") {
            return Err(MetricsError::Header(
                "needs a received_at or an events column".into(),
            ));
        }
        let ignored = names
            .iter()
            .zip(&cols)
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| n.to_string())
            .collect();
        Ok(CsvColumns {
            slots: cols.into_iter().map(|c| c.unwrap_or(usize::MAX)).collect(),
            ignored,
        })
    }

    /// The columns of a header line (its text, without the line break).
    pub fn from_line(line: &str) -> Result<CsvColumns, MetricsError> {
        let mut reader = CsvReader::new(line.as_bytes());
        match reader.next_record().map_err(|e| io(&e))? {
            None => Err(MetricsError::Header("the header line is blank".into())),
            Some(Err((_, e))) => Err(MetricsError::Header(format!("line 1: {e}"))),
            Some(Ok(h)) => {
                let names: Vec<_> = (0..h.len())
                    .filter_map(|i| h.get(i))
                    .map(|t| t.to_str())
                    .collect();
                CsvColumns::new(names.iter().map(|n| &**n))
            }
        }
    }

    /// Notes the ignored columns in the report, once per input.
    pub fn note(&self, agg: &mut Aggregator<'_>) {
        if !self.ignored.is_empty() {
            agg.note(format!(
                "ignored CSV column(s): {}",
                self.ignored.join(", ")
            ));
        }
    }
}

/// Reads the records of `reader` (past the header) into `agg`; a record's
/// line is `offset` plus its line in the reader's input.
pub fn read_csv_records<R: BufRead>(
    reader: &mut CsvReader<R>,
    columns: &CsvColumns,
    agg: &mut Aggregator<'_>,
    offset: u64,
) -> Result<(), MetricsError> {
    let slots = &columns.slots;
    while let Some(rec) = reader.next_record().map_err(|e| io(&e))? {
        match rec {
            Err((line, e)) => {
                agg.malformed(offset + line, None, &RowError::new("csv", e.to_string()))?
            }
            Ok(rec) if rec.len() != slots.len() => {
                let e = RowError::new(
                    "csv",
                    format!("{} fields, the header has {}", rec.len(), slots.len()),
                );
                agg.malformed(offset + rec.line, None, &e)?;
            }
            Ok(rec) => {
                // A later column of a repeated name overwrites an earlier one.
                let mut fields = [None; FIELDS.len()];
                for (i, &slot) in slots.iter().enumerate() {
                    if let Some(f) = fields.get_mut(slot) {
                        *f = rec.get(i);
                    }
                }
                agg.add_raw(offset + rec.line, &RawRecord::from_fields(fields))?;
            }
        }
    }
    Ok(())
}

/// JSON Lines: one object per line; blank lines are skipped.
pub fn read_jsonl<R: BufRead>(input: R, agg: &mut Aggregator<'_>) -> Result<(), MetricsError> {
    read_jsonl_lines(input, agg, 0)
}

/// [`read_jsonl`] of text whose first line is line `offset + 1`.
pub fn read_jsonl_lines<R: BufRead>(
    mut input: R,
    agg: &mut Aggregator<'_>,
    offset: u64,
) -> Result<(), MetricsError> {
    let mut buf = Vec::with_capacity(1024);
    let mut line = offset;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf).map_err(|e| io(&e))? == 0 {
            return Ok(());
        }
        line += 1;
        match std::str::from_utf8(&buf) {
            Err(_) => agg.malformed(
                line,
                None,
                &RowError::new("json", "the line is not valid UTF-8"),
            )?,
            Ok(s) if s.trim().is_empty() => {}
            Ok(s) => agg.add_json(line, s)?,
        }
    }
}

/// A file read in slices of consecutive lines, each slice one part of the
/// input (a Spark partition of `spark.read.text`): how its lines are read.
/// Reading a part's lines gives what `read` gives for the same lines of
/// the whole file — the same records, the same malformed rows, at the same
/// lines of the part — since a record is one line.
#[derive(Clone, Debug)]
pub enum LineFormat {
    /// CSV, with the columns of the file's header (its first non-blank line).
    Csv(CsvColumns),
    /// One JSON object per line.
    JsonLines,
}

impl LineFormat {
    /// Whether `line` (without its `\n`) is blank, as the readers skip it:
    /// empty (or a lone `\r`) in CSV, only white space in JSON Lines.
    pub fn is_blank(&self, line: &[u8]) -> bool {
        match self {
            LineFormat::Csv(_) => matches!(line, b"" | b"\r"),
            LineFormat::JsonLines => std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty()),
        }
    }

    /// Adds lines `offset + 1 ..= offset + n` of the aggregator's part
    /// (each without its `\n`). `header` is the part's line that holds the
    /// CSV header, when it is one of these: it is noted, not read as a record.
    pub fn read_lines<'l>(
        &self,
        agg: &mut Aggregator<'_>,
        offset: u64,
        lines: impl IntoIterator<Item = &'l [u8]>,
        header: Option<u64>,
    ) -> Result<(), MetricsError> {
        // The lines are joined again, as they lay in the file, and read by
        // the file's reader: blank lines, CRLF and bad bytes are then
        // handled as `tthc metrics` handles them, by the same code.
        let mut text = Vec::with_capacity(1 << 16);
        let (mut start, mut line) = (offset, offset);
        for l in lines {
            line += 1;
            if Some(line) == header {
                self.read_text(agg, &text, start)?;
                text.clear();
                if let LineFormat::Csv(columns) = self {
                    columns.note(agg);
                }
                start = line;
                continue;
            }
            text.extend_from_slice(l);
            text.push(b'\n');
        }
        self.read_text(agg, &text, start)?;
        agg.span(line);
        Ok(())
    }

    fn read_text(
        &self,
        agg: &mut Aggregator<'_>,
        text: &[u8],
        offset: u64,
    ) -> Result<(), MetricsError> {
        match self {
            LineFormat::Csv(columns) => {
                read_csv_records(&mut CsvReader::new(text), columns, agg, offset)
            }
            LineFormat::JsonLines => read_jsonl_lines(text, agg, offset),
        }
    }
}
