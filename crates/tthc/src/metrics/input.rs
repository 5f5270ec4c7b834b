//! Reading CSV and JSON Lines into an [`Aggregator`], one row at a time.

use std::io::BufRead;
use std::path::Path;

use super::csv::CsvReader;
use super::record::{RawRecord, RowError, FIELDS};
use super::{Aggregator, MetricsError};

/// The input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
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
    // For each column, the index in FIELDS of the field it fills
    // (`usize::MAX`: none).
    let slots: Vec<usize> = match reader.next_record().map_err(|e| io(&e))? {
        None => return Ok(()),
        Some(Err((line, e))) => return Err(MetricsError::Header(format!("line {line}: {e}"))),
        Some(Ok(h)) => {
            let texts: Vec<_> = (0..h.len())
                .filter_map(|i| h.get(i))
                .map(|t| t.to_str())
                .collect();
            let names: Vec<&str> = texts
                .iter()
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
            let ignored: Vec<&str> = names
                .iter()
                .zip(&cols)
                .filter(|(_, c)| c.is_none())
                .map(|(n, _)| *n)
                .collect();
            if !ignored.is_empty() {
                agg.note(format!("ignored CSV column(s): {}", ignored.join(", ")));
            }
            cols.into_iter().map(|c| c.unwrap_or(usize::MAX)).collect()
        }
    };
    while let Some(rec) = reader.next_record().map_err(|e| io(&e))? {
        match rec {
            Err((line, e)) => agg.malformed(line, None, &RowError::new("csv", e.to_string()))?,
            Ok(rec) if rec.len() != slots.len() => {
                let e = RowError::new(
                    "csv",
                    format!("{} fields, the header has {}", rec.len(), slots.len()),
                );
                agg.malformed(rec.line, None, &e)?;
            }
            Ok(rec) => {
                // A later column of a repeated name overwrites an earlier one.
                let mut fields = [None; FIELDS.len()];
                for (i, &slot) in slots.iter().enumerate() {
                    if let Some(f) = fields.get_mut(slot) {
                        *f = rec.get(i);
                    }
                }
                agg.add_raw(rec.line, &RawRecord::from_fields(fields))?;
            }
        }
    }
    Ok(())
}

/// JSON Lines: one object per line; blank lines are skipped.
pub fn read_jsonl<R: BufRead>(mut input: R, agg: &mut Aggregator<'_>) -> Result<(), MetricsError> {
    let mut buf = Vec::with_capacity(1024);
    let mut line = 0u64;
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
