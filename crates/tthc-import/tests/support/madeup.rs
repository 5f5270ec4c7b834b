//! The made-up portal inputs (`tests/fixtures/portal-madeup-inputs`): every
//! shape of input the importer reads, in the order the tests give them.
//! Standard library only, so that the CLI's `import_cli` test includes this
//! file too (`#[path]`) and both crates import the same inputs.

use std::path::{Path, PathBuf};

/// The inputs' paths: the crawled pages, their labels, a JSON Lines crawl
/// and the list export as CSV and XLSX.
pub fn madeup_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join("portal-madeup-inputs");
    [
        "pages",
        "pages-labels.json",
        "pages.jsonl",
        "danh-sach-madeup.csv",
        "danh-sach-madeup.xlsx",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect()
}
