//! JSON inputs: one object, an array of objects, concatenated objects, or
//! JSON Lines.

use std::fmt;
use std::path::Path;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::labels::{Field, RowColumn};
use super::{file_error, Cell, InputError, Inputs, Origin, RawRow, RecordBuilder};

fn read_bytes(path: &Path, inputs: &mut Inputs) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            inputs
                .errors
                .push(file_error(path, format!("cannot read: {e}"), "record"));
            None
        }
    }
}

/// A `.json` file: an array of records, one record, or several records one
/// after another. Records are built as the parser reaches them, so that a
/// syntax error keeps the records before it (even inside a truncated array)
/// and names where it is. Fields the importer does not read (a page's whole
/// text, its steps and documents: most of a crawl's bytes) are skipped
/// without being decoded.
pub(super) fn read_json(path: &Path, inputs: &mut Inputs) {
    let Some(bytes) = read_bytes(path, inputs) else {
        return;
    };
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let (records_before, errors_before) = (inputs.records.len(), inputs.errors.len());
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut count = 0usize;
    let mut arrays = 0usize;
    let mut tops = 0usize;
    loop {
        let top = TopLevel {
            inputs: &mut *inputs,
            path,
            count: &mut count,
            arrays: &mut arrays,
        };
        if let Err(e) = top.deserialize(&mut de) {
            inputs.errors.push(file_error(
                path,
                // serde_json's message ends with the line and column.
                format!("invalid JSON: {e}"),
                "rest-of-file",
            ));
            break;
        }
        tops += 1;
        // Only blank text left: done; otherwise another value follows.
        if de.end().is_ok() {
            break;
        }
    }
    // A file holding one object is one record: its origin is the file.
    if tops == 1 && arrays == 0 && count == 1 {
        let one = |o: &mut Origin| {
            if o.at == "record 1" {
                o.at.clear();
            }
        };
        inputs.records[records_before..]
            .iter_mut()
            .for_each(|r| one(&mut r.origin));
        inputs.errors[errors_before..]
            .iter_mut()
            .for_each(|e| one(&mut e.origin));
    }
}

/// A `.jsonl` / `.ndjson` file: one record per line; a bad line costs that line.
pub(super) fn read_json_lines(path: &Path, inputs: &mut Inputs) {
    let Some(bytes) = read_bytes(path, inputs) else {
        return;
    };
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let origin = Origin::at(path, format!("line {}", i + 1));
        let mut de = serde_json::Deserializer::from_slice(line);
        let seed = RecordSeed {
            inputs: &mut *inputs,
            origin: origin.clone(),
        };
        if let Err(e) = seed.deserialize(&mut de).and_then(|()| de.end()) {
            inputs.errors.push(InputError {
                origin,
                field: None,
                message: format!("invalid JSON: {e}"),
                lost: "record",
            });
        }
    }
}

/// The top of a `.json` file: an array of records or one record.
struct TopLevel<'a> {
    inputs: &'a mut Inputs,
    path: &'a Path,
    /// Records seen in the file so far (for `record N`).
    count: &'a mut usize,
    arrays: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl TopLevel<'_> {
    fn next_origin(&mut self) -> Origin {
        *self.count += 1;
        Origin::at(self.path, format!("record {}", self.count))
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or an array of objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        *self.arrays += 1;
        loop {
            let origin = self.next_origin();
            if seq
                .next_element_seed(RecordSeed {
                    inputs: &mut *self.inputs,
                    origin,
                })?
                .is_none()
            {
                *self.count -= 1;
                return Ok(());
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<(), A::Error> {
        let origin = self.next_origin();
        RecordVisitor {
            inputs: self.inputs,
            origin,
        }
        .visit_map(map)
    }
}

/// One record: builds it from a JSON object, or reports what else it is.
struct RecordSeed<'a> {
    inputs: &'a mut Inputs,
    origin: Origin,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(RecordVisitor {
            inputs: self.inputs,
            origin: self.origin,
        })
    }
}

struct RecordVisitor<'a> {
    inputs: &'a mut Inputs,
    origin: Origin,
}

impl RecordVisitor<'_> {
    fn not_an_object(self, what: &str) {
        self.inputs.errors.push(InputError {
            origin: self.origin,
            field: None,
            message: format!("a record must be a JSON object, this is {what}"),
            lost: "record",
        });
    }
}

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut b = RecordBuilder::new(self.inputs, self.origin);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let Some(field) = b.field(&key) else {
                map.next_value::<IgnoredAny>()?;
                b.ignore(&key, true);
                continue;
            };
            match cell_from_json(field, map.next_value::<Value>()?) {
                Ok(Some(cell)) => b.set(field, cell),
                Ok(None) => {}
                Err(message) => b.cell_error(field, message),
            }
        }
        b.finish();
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_an_object("an array");
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.not_an_object("a string");
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.not_an_object("a boolean");
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.not_an_object("null");
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
