//! Shared helpers for the calendar integration tests: load the national
//! calendar straight from `catalog/calendar/*.toml` through
//! `CalendarSet::load`, independently of the catalogue loader.

#![allow(dead_code)] // Each test binary uses a different subset of these helpers.

use std::path::PathBuf;

use tthc::calendar::{CalendarSet, WorkingCalendar};
use tthc::diagnostics::{Diagnostic, Diagnostics};
use tthc::legal::References;
use tthc::Date;
use tthc::SourceFile;

/// `catalog/calendar/*.toml` of the workspace, as (name, text), in name order.
pub fn catalog_files() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog/calendar");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter_map(|p| {
                    let name = format!("calendar/{}", p.file_name()?.to_string_lossy());
                    Some((name, std::fs::read_to_string(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no calendar files in {}", dir.display());
    files
}

/// Loads a calendar set from in-memory files; returns it with every diagnostic.
pub fn load(
    national: &[(String, String)],
    overlays: &[(&str, Vec<(String, String)>)],
) -> (CalendarSet, Vec<Diagnostic>) {
    let nat: Vec<SourceFile> = national
        .iter()
        .map(|(n, t)| SourceFile::new(n.clone(), t.clone()))
        .collect();
    let ov: Vec<(String, Vec<SourceFile>)> = overlays
        .iter()
        .map(|(p, fs)| {
            (
                p.to_string(),
                fs.iter()
                    .map(|(n, t)| SourceFile::new(n.clone(), t.clone()))
                    .collect(),
            )
        })
        .collect();
    let nat_refs: Vec<&SourceFile> = nat.iter().collect();
    let ov_refs: Vec<(String, Vec<&SourceFile>)> = ov
        .iter()
        .map(|(p, fs)| (p.clone(), fs.iter().collect()))
        .collect();
    let mut diags = Diagnostics::new();
    let mut refs = References::default();
    let set = CalendarSet::load(&nat_refs, &ov_refs, &mut diags, &mut refs);
    (set, diags.into_vec())
}

/// The national calendar set from the catalogue, asserting it loads cleanly.
pub fn national() -> CalendarSet {
    let (set, diags) = load(&catalog_files(), &[]);
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        shown.is_empty(),
        "calendar files have problems:\n{}",
        shown.join("\n")
    );
    set
}

/// The national calendar computed from rules only (schedule files left out).
pub fn rules_only() -> CalendarSet {
    let files: Vec<(String, String)> = catalog_files()
        .into_iter()
        .filter(|(n, _)| !n.contains("schedule-"))
        .collect();
    let (set, diags) = load(&files, &[]);
    assert!(diags.is_empty(), "{diags:?}");
    set
}

pub fn date(s: &str) -> Date {
    match s.parse() {
        Ok(d) => d,
        Err(e) => unreachable!("bad date in a test: {e}"),
    }
}

/// Every day from `a` to `b` inclusive.
pub fn days(a: Date, b: Date) -> impl Iterator<Item = Date> {
    (0..=a.days_until(b)).filter_map(move |i| a.add_days(i))
}

pub fn cal(set: &CalendarSet) -> &WorkingCalendar {
    set.for_province(None)
}
