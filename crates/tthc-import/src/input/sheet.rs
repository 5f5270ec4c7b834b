//! Spreadsheet inputs: the portal's XLSX list export ("DANH SÁCH THỦ TỤC
//! HÀNH CHÍNH": title rows, then a header row `Mã số | Tên | Cơ quan ban
//! hành | Cơ quan thực hiện | Lĩnh vực`, then one procedure per row) and CSV
//! files with the same column titles.

use std::path::Path;

use calamine::{Data, Reader};

use super::labels::Field;
use super::{file_error, Cell, InputError, Inputs, Origin, RecordBuilder};

/// How far down a sheet the header row is looked for (the export has one
/// merged title row above it).
const HEADER_SEARCH_ROWS: usize = 30;

/// A sheet's rows: 1-based row number and cells (`Err` for a cell that
/// cannot be text).
type Rows = Vec<(usize, Vec<Result<String, String>>)>;

pub(super) fn read_xlsx(path: &Path, inputs: &mut Inputs) {
    let mut workbook = match calamine::open_workbook_auto(path) {
        Ok(w) => w,
        Err(e) => {
            inputs.errors.push(file_error(
                path,
                format!("not a readable XLSX workbook: {e}"),
                "record",
            ));
            return;
        }
    };
    for name in workbook.sheet_names() {
        let range = match workbook.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                inputs.errors.push(file_error(
                    path,
                    format!("sheet `{name}` cannot be read: {e}"),
                    "record",
                ));
                continue;
            }
        };
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let rows: Rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| (first_row + i + 1, row.iter().map(xlsx_cell).collect()))
            .collect();
        read_rows(path, &format!("sheet {name}, "), rows, inputs);
    }
}

/// An XLSX cell as text. Numbers are refused in the code column only (see
/// [`read_rows`]); an Excel error value (`#N/A`) is refused everywhere.
fn xlsx_cell(d: &Data) -> Result<String, String> {
    match d {
        Data::Empty => Ok(String::new()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Ok(s.clone()),
        Data::Int(i) => Ok(i.to_string()),
        Data::Float(f) => Ok(f.to_string()),
        Data::Bool(b) => Err(format!("a boolean ({b}) where text was expected")),
        Data::DateTime(dt) => Ok(dt.to_string()),
        Data::Error(e) => Err(format!("an Excel error value ({e})")),
    }
}

pub(super) fn read_csv(path: &Path, inputs: &mut Inputs) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            inputs
                .errors
                .push(file_error(path, format!("cannot read: {e}"), "record"));
            return;
        }
    };
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let semicolons = first_line.iter().filter(|b| **b == b';').count();
    let commas = first_line.iter().filter(|b| **b == b',').count();
    let delimiter = if semicolons > commas { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows: Rows = Vec::new();
    for (i, rec) in reader.byte_records().enumerate() {
        match rec {
            Ok(r) => {
                let line = r.position().map_or(i + 1, |p| p.line() as usize);
                let cells = r
                    .iter()
                    .map(|f| {
                        String::from_utf8(f.to_vec()).map_err(|_| "not UTF-8 text".to_string())
                    })
                    .collect();
                rows.push((line, cells));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                inputs.errors.push(InputError {
                    origin: Origin::at(path, format!("line {line}")),
                    field: None,
                    message: format!("invalid CSV: {e}"),
                    lost: "record",
                });
            }
        }
    }
    read_rows(path, "", rows, inputs);
}

/// Finds the header row, then reads one record per row below it.
fn read_rows(path: &Path, sheet: &str, rows: Rows, inputs: &mut Inputs) {
    let header_at = rows.iter().take(HEADER_SEARCH_ROWS).position(|(_, cells)| {
        let fields: Vec<Option<Field>> = cells
            .iter()
            .map(|c| c.as_ref().ok().and_then(|t| Field::from_label(t)))
            .collect();
        fields.contains(&Some(Field::Code)) && fields.iter().flatten().count() >= 2
    });
    let Some(header_at) = header_at else {
        if !rows.is_empty() {
            inputs.errors.push(file_error(
                path,
                format!("{sheet}no header row with `Mã số` / `Mã thủ tục` and another portal column in the first {HEADER_SEARCH_ROWS} rows"),
                "record",
            ));
        }
        return;
    };
    let header: Vec<(Option<Field>, String)> = rows[header_at]
        .1
        .iter()
        .map(|c| {
            let t = c.clone().unwrap_or_default();
            (Field::from_label(&t), t)
        })
        .collect();
    for (row_number, cells) in rows.into_iter().skip(header_at + 1) {
        let mut b = RecordBuilder::new(
            inputs,
            Origin::at(path, format!("{sheet}{}", row_label(sheet, row_number))),
        );
        for (i, cell) in cells.into_iter().enumerate() {
            let Some((field, label)) = header.get(i) else {
                if cell.as_ref().is_ok_and(|t| !t.trim().is_empty()) {
                    b.ignore(&format!("(column {} without a title)", i + 1), true);
                }
                continue;
            };
            let Some(field) = *field else {
                b.ignore(label, cell.as_ref().is_ok_and(|t| !t.trim().is_empty()));
                continue;
            };
            match cell {
                Ok(text) if field == Field::Code && is_number(&text) && !is_code_like(&text) => {
                    b.cell_error(field, format!("the code is a number ({text}); format the column as text, a number loses its trailing zeros"));
                }
                Ok(text) => b.set(field, Cell::Text(text)),
                Err(message) => b.cell_error(field, message),
            }
        }
        b.finish();
    }
}

fn row_label(sheet: &str, n: usize) -> String {
    if sheet.is_empty() {
        format!("line {n}")
    } else {
        format!("row {n}")
    }
}

fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

/// `1.000178` read back from a float keeps its six decimals only by chance;
/// a code stored as text always has them.
fn is_code_like(s: &str) -> bool {
    tthc::catalog::is_valid_procedure_code(s)
}
