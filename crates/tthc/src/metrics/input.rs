//! Reading CSV and JSON Lines into an [`Aggregator`], one row at a time.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use super::csv::CsvReader;
use super::record::{RawEvents, RawRecord, RowError, FIELDS};
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
    let columns: Vec<Option<usize>> = match reader.next_record().map_err(|e| io(&e))? {
        None => return Ok(()),
        Some(Err((line, e))) => return Err(MetricsError::Header(format!("line {line}: {e}"))),
        Some(Ok(h)) => {
            let names: Vec<&str> = (0..h.len())
                .filter_map(|i| h.get(i))
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
            cols
        }
    };
    // For each field of FIELDS, the column it is read from (the last one
    // when a name is repeated, as a later column overwrote an earlier one).
    let mut at: [Option<usize>; FIELDS.len()] = [None; FIELDS.len()];
    for (i, col) in columns.iter().enumerate() {
        if let Some(slot) = col.and_then(|c| at.get_mut(c)) {
            *slot = Some(i);
        }
    }
    while let Some(rec) = reader.next_record().map_err(|e| io(&e))? {
        match rec {
            Err((line, e)) => agg.malformed(line, None, &RowError::new("csv", e.to_string()))?,
            Ok(rec) if rec.len() != columns.len() => {
                let e = RowError::new(
                    "csv",
                    format!("{} fields, the header has {}", rec.len(), columns.len()),
                );
                agg.malformed(rec.line, None, &e)?;
            }
            Ok(rec) => {
                let line = rec.line;
                let f = |i: usize| {
                    at.get(i)
                        .copied()
                        .flatten()
                        .and_then(|c| rec.get(c))
                        .filter(|t| !t.is_empty())
                        .map(Cow::Borrowed)
                };
                let raw = RawRecord {
                    dossier: f(0),
                    procedure: f(1),
                    agency: f(2),
                    province: f(3),
                    sector: f(4),
                    agency_level: f(5),
                    channel: f(6),
                    received_at: f(7),
                    due_at: f(8),
                    completed_at: f(9),
                    events: f(10).map(RawEvents::Text),
                    paid_online: f(11),
                    electronic_result: f(12),
                    digitised: f(13),
                    full_process: f(14),
                    online_level: f(15),
                    synthetic: f(16),
                };
                agg.add_raw(line, raw)?;
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
