//! Shared by the importer's integration tests: fixture paths, a tiny XLSX
//! writer for made-up list exports, and snapshot comparison.

#![allow(dead_code)] // each test file uses a part of it

pub mod madeup;

use std::io::Write;
use std::path::{Path, PathBuf};

/// `tests/fixtures/<name>` at the repository root.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// A cell of a made-up sheet: text, or a number (as Excel stores a code
/// typed without a leading apostrophe).
pub enum XCell<'a> {
    Text(&'a str),
    Number(f64),
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn column(i: usize) -> char {
    (b'A' + i as u8) as char
}

/// An XLSX workbook with one sheet shaped like the portal's list export:
/// `rows[0]` is the title (merged over the header's width), then the rows.
/// Stored entries and a fixed timestamp: the same rows give the same bytes.
pub fn xlsx(sheet: &str, rows: &[Vec<XCell<'_>>]) -> Vec<u8> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut data = String::new();
    for (r, row) in rows.iter().enumerate() {
        data.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column(c), r + 1);
            match cell {
                XCell::Text("") => {}
                XCell::Text(t) => data.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    escape(t)
                )),
                XCell::Number(n) => data.push_str(&format!("<c r=\"{at}\"><v>{n}</v></c>")),
            }
        }
        data.push_str("</row>");
    }
    let merge = format!("A1:{}1", column(width - 1));
    let parts: [(&str, String); 5] = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#, escape(sheet))),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData><mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells></worksheet>"#)),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in parts {
        assert!(w.start_file(name, options).is_ok());
        assert!(w.write_all(text.as_bytes()).is_ok());
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The made-up list export committed as
/// `tests/fixtures/portal-madeup-inputs/danh-sach-madeup.xlsx`.
pub fn madeup_list_xlsx() -> Vec<u8> {
    use XCell::{Number, Text};
    let title = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n------------------------------\n\nDANH SÁCH THỦ TỤC HÀNH CHÍNH (DỮ LIỆU GIẢ LẬP)\n";
    xlsx(
        "Danh sách TTHC",
        &[
            vec![Text(title)],
            vec![
                Text("Mã số"),
                Text("Tên"),
                Text("Cơ quan ban hành"),
                Text("Cơ quan thực hiện"),
                Text("Lĩnh vực"),
            ],
            vec![
                Text("9.990003"),
                Text("Cấp đổi giấy phép giả lập C (dữ liệu giả lập)"),
                Text("Bộ Giả lập"),
                Text("Sở Giả lập\nỦy ban nhân dân cấp tỉnh"),
                Text("Lĩnh vực giả lập"),
            ],
            vec![],
            vec![
                Text("9.990022"),
                Text("Thủ tục hộ tịch chỉ có trong danh sách R (dữ liệu giả lập)"),
                Text("Bộ Giả lập"),
                Text("Ủy ban nhân dân cấp xã"),
                Text("Hộ tịch"),
            ],
            vec![
                Number(9.99002),
                Text("Mã bị lưu thành số (dữ liệu giả lập)"),
                Text("Bộ Giả lập"),
                Text(""),
                Text("Lĩnh vực giả lập"),
            ],
        ],
    )
}

/// Compares `actual` with the committed file, or rewrites it when
/// `UPDATE_SNAPSHOTS=1`. Fails with the first differing line.
pub fn snapshot(path: &Path, actual: &[u8]) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        if let Some(parent) = path.parent() {
            assert!(std::fs::create_dir_all(parent).is_ok());
        }
        assert!(
            std::fs::write(path, actual).is_ok(),
            "cannot write {}",
            path.display()
        );
        return;
    }
    let expected = std::fs::read(path).unwrap_or_default();
    if expected == actual {
        return;
    }
    let (e, a) = (
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(actual),
    );
    let line = e
        .lines()
        .zip(a.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(e.lines().count().min(a.lines().count()));
    panic!(
        "{} differs from the import at line {}:\n  committed: {:?}\n  imported:  {:?}\nIf the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff.",
        path.display(),
        line + 1,
        e.lines().nth(line),
        a.lines().nth(line)
    );
}
