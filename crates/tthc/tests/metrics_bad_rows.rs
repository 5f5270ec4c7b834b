//! Bad rows in a metrics input cost themselves only (#15): a quote left
//! open, a line over the length limit or a row of garbage is one malformed
//! row, listed with its line number, and every other row is counted.
#![allow(clippy::panic)] // a report that cannot be computed must fail the test loudly

use tthc::metrics::{self, Format, Options};
use tthc::{Engine, VnDateTime};

const HEADER: &str = "dossier,procedure,agency,province,sector,agency_level,channel,received_at,due_at,completed_at\n";

/// Row `i`: a made-up dossier of a real procedure, finished on time.
fn row(i: usize) -> String {
    format!(
        "D{i},ho-tich.dang-ky-khai-sinh,\"UBND xã {}, huyện B\",ha-noi,,,in-person,2025-03-03T09:00:00,2025-03-05T17:00:00,2025-03-04T10:00:00\n",
        i % 97
    )
}

fn report(text: &str, format: Format) -> metrics::Report {
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("{e}"));
    let options = Options {
        as_of: Some(VnDateTime::parse("2025-03-31T12:00:00").unwrap_or_else(|e| panic!("{e}"))),
        ..Options::default()
    };
    metrics::compute_reader(text.as_bytes(), format, &engine, options)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn one_unclosed_quote_among_300000_rows_costs_one_row() {
    let rows = 300_000;
    let broken = 6;
    let mut text = String::with_capacity(rows * 150 + HEADER.len());
    text.push_str(HEADER);
    for i in 1..=rows {
        if i == broken {
            // The closing quote of the agency is missing.
            text.push_str("D6,ho-tich.dang-ky-khai-sinh,\"UBND xã 6, huyện B,ha-noi,,,in-person,2025-03-03T09:00:00,,\n");
        } else {
            text.push_str(&row(i));
        }
    }
    let r = report(&text, Format::Csv);
    assert_eq!(r.records, 299_999);
    assert_eq!(r.issues.malformed, 1);
    let issue = &r.issues.listed[0];
    // The header is line 1, so row 6 is line 7.
    assert_eq!((issue.line, issue.kind.as_str()), (7, "malformed:csv"));
    assert!(
        issue
            .message
            .contains("not closed before the end of the line"),
        "{}",
        issue.message
    );
}

#[test]
fn garbage_lines_each_cost_one_row() {
    let mut text = String::from(HEADER);
    text.push_str(&row(1));
    text.push_str("\"\"\"\"\"\n");
    text.push_str(&row(2));
    text.push_str("x\"y\n");
    text.push_str(&"z".repeat(3 << 20));
    text.push('\n');
    text.push_str(&row(3));
    text.push_str("\"a\",\"b\"c\n");
    text.push_str(&row(4));
    let r = report(&text, Format::Csv);
    assert_eq!(r.records, 4);
    let lines: Vec<u64> = r.issues.listed.iter().map(|i| i.line).collect();
    assert_eq!(lines, [3, 5, 6, 8]);
    assert!(r.issues.listed.iter().all(|i| i.message.len() < 300));
}

#[test]
fn a_broken_json_line_costs_one_row() {
    let json = |i: usize| {
        format!(
            "{{\"dossier\":\"D{i}\",\"procedure\":\"ho-tich.dang-ky-khai-sinh\",\"channel\":\"in-person\",\"received_at\":\"2025-03-03T09:00:00\"}}\n"
        )
    };
    let mut text = String::new();
    for i in 1..=1000 {
        if i == 500 {
            text.push_str("{\"dossier\":\"D500\",\"procedure\":\"ho-tich.dang-ky-khai-sinh\n");
        } else {
            text.push_str(&json(i));
        }
    }
    let r = report(&text, Format::JsonLines);
    assert_eq!(r.records, 999);
    assert_eq!(
        r.issues.listed.iter().map(|i| i.line).collect::<Vec<_>>(),
        [500]
    );
}
