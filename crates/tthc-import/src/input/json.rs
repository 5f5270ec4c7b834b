//! JSON inputs: one object, an array of objects, concatenated objects, or
//! JSON Lines.

use std::fmt;
use std::path::Path;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::labels::{Field, RowColumn};
use super::{file_error, Cell, InputError, Inputs, Origin, RawRow, RecordBuilder};

fn read_text(path: &Path, inputs: &mut Inputs) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(e) => {
                inputs
                    .errors
                    .push(file_error(path, format!("not UTF-8 text ({e})"), "record"));
                None
            }
        },
        Err(e) => {
            inputs
                .errors
                .push(file_error(path, format!("cannot read: {e}"), "record"));
            None
        }
    }
}

/// A `.json` file: an array of records, one record, or several records one
/// after another. A syntax error keeps the records before it (even inside
/// a truncated array) and names where it is.
pub(super) fn read_json(path: &Path, inputs: &mut Inputs) {
    let Some(text) = read_text(path, inputs) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut values = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let mut outcome = Ok(());
    let mut top = 0usize;
    loop {
        match (Collect { out: &mut values }).deserialize(&mut de) {
            Ok(()) => top += 1,
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
        // Only blank text left: done; otherwise another value follows.
        if de.end().is_ok() {
            break;
        }
    }
    let single =
        top == 1 && values.len() == 1 && outcome.is_ok() && text.trim_start().starts_with('{');
    for (i, v) in values.into_iter().enumerate() {
        let origin = if single {
            Origin::file(path)
        } else {
            Origin::at(path, format!("record {}", i + 1))
        };
        record_from_value(v, origin, inputs);
    }
    if let Err(e) = outcome {
        inputs.errors.push(file_error(
            path,
            format!(
                "invalid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
            "rest-of-file",
        ));
    }
}

/// A `.jsonl` / `.ndjson` file: one record per line; a bad line costs that line.
pub(super) fn read_json_lines(path: &Path, inputs: &mut Inputs) {
    let Some(text) = read_text(path, inputs) else {
        return;
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let origin = Origin::at(path, format!("line {}", i + 1));
        match serde_json::from_str::<Value>(line) {
            Ok(v) => record_from_value(v, origin, inputs),
            Err(e) => inputs.errors.push(InputError {
                origin,
                field: None,
                message: format!("invalid JSON at column {}: {e}", e.column()),
                lost: "record",
            }),
        }
    }
}

/// Collects the elements of a top-level array (or a single object) as they
/// are read, so that a syntax error later in the file keeps them.
struct Collect<'a> {
    out: &'a mut Vec<Value>,
}

impl<'de> DeserializeSeed<'de> for Collect<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Collect<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or an array of objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            self.out.push(v);
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let v = serde::Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.out.push(v);
        Ok(())
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn record_from_value(v: Value, origin: Origin, inputs: &mut Inputs) {
    let Value::Object(map) = v else {
        inputs.errors.push(InputError {
            origin,
            field: None,
            message: format!("a record must be a JSON object, this is {}", type_name(&v)),
            lost: "record",
        });
        return;
    };
    let mut b = RecordBuilder::new(inputs, origin);
    for (key, value) in map {
        let Some(field) = b.field(&key) else {
            let has_value = !matches!(&value, Value::Null)
                && value.as_str().is_none_or(|s| !s.trim().is_empty());
            b.ignore(&key, has_value);
            continue;
        };
        match cell_from_json(field, value) {
            Ok(Some(cell)) => b.set(field, cell),
            Ok(None) => {}
            Err(message) => b.cell_error(field, message),
        }
    }
    b.finish();
}

/// A JSON value as a cell: text, numbers as text (except the code, whose
/// trailing zeros a number loses), lists of names as lines, and the
/// channel table as rows.
fn cell_from_json(field: Field, v: Value) -> Result<Option<Cell>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(Cell::Text(s))),
        Value::Number(n) if field == Field::Code => Err(format!(
            "the code is a number ({n}); write it as text, a number loses its trailing zeros"
        )),
        Value::Number(n) => Ok(Some(Cell::Text(n.to_string()))),
        Value::Array(items) if items.iter().all(Value::is_string) => Ok(Some(Cell::Text(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        ))),
        Value::Array(items) if field == Field::Channels && items.iter().all(Value::is_object) => {
            let mut rows = Vec::with_capacity(items.len());
            for item in items {
                let Value::Object(o) = item else { continue };
                let mut row = RawRow::default();
                for (k, v) in o {
                    let Some(text) = v
                        .as_str()
                        .map(str::to_string)
                        .or_else(|| v.as_number().map(|n| n.to_string()))
                    else {
                        if !v.is_null() {
                            return Err(format!(
                                "`{k}` in a channel row is {}, expected text",
                                type_name(&v)
                            ));
                        }
                        continue;
                    };
                    match RowColumn::from_label(&k) {
                        Some(RowColumn::Channel) => row.channel = text,
                        Some(RowColumn::Time) => row.time = text,
                        Some(RowColumn::Fee) => row.fee = text,
                        Some(RowColumn::Description) => row.description = text,
                        None => {}
                    }
                }
                rows.push(row);
            }
            Ok(Some(Cell::Rows(rows)))
        }
        other => Err(format!("expected text, found {}", type_name(&other))),
    }
}
