//! Merging records by procedure code: a procedure's page (detail record)
//! wins over a list row for the same code, a list row fills the fields the
//! page leaves empty, and a procedure known only from a list is still kept.

use std::collections::BTreeMap;

use crate::input::{Cell, Field, Origin, Record};
use crate::parse::text::{is_no_information, squash};
use crate::report::{Doubt, DoubtKind, NotWritten, Report};

/// All the records of one procedure code, merged.
#[derive(Debug)]
pub(crate) struct Merged {
    pub code: String,
    pub origin: Origin,
    /// No detail record: what a list export gives.
    pub list_only: bool,
    pub fields: BTreeMap<Field, Cell>,
}

impl Merged {
    pub(crate) fn text(&self, field: Field) -> Option<&str> {
        self.fields.get(&field).and_then(Cell::text)
    }
}

/// Groups records by code (codes sorted), keeping input order within a code.
pub(crate) fn merge(records: Vec<Record>, report: &mut Report) -> Vec<Merged> {
    let mut by_code: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for r in records {
        if r.is_detail() {
            report.detail_records += 1;
        } else {
            report.list_rows += 1;
        }
        let code = r.text(Field::Code).map(squash).unwrap_or_default();
        if code.is_empty() {
            report.not_written.push(NotWritten {
                origin: r.origin,
                code: None,
                reason: "the record has no procedure code (Mã thủ tục / Mã số)".to_string(),
            });
        } else if !tthc::catalog::is_valid_procedure_code(&code) {
            report.not_written.push(NotWritten {
                origin: r.origin,
                reason: format!("`{code}` is not a national procedure code (D.NNNNNN or D.NNNNNN.000.00.00.Hnn)"),
                code: Some(code),
            });
        } else {
            by_code.entry(code).or_default().push(r);
        }
    }
    by_code
        .into_iter()
        .filter_map(|(code, records)| {
            // Detail records first, each group in input order.
            let (details, lists): (Vec<Record>, Vec<Record>) =
                records.into_iter().partition(Record::is_detail);
            let list_only = details.is_empty();
            let mut sources = details.into_iter().chain(lists);
            let first = sources.next()?;
            Some(merge_one(code, first, list_only, sources, report))
        })
        .collect()
}

fn merge_one(
    code: String,
    first: Record,
    list_only: bool,
    others: impl Iterator<Item = Record>,
    report: &mut Report,
) -> Merged {
    let mut merged = Merged {
        code,
        origin: first.origin,
        list_only,
        fields: first.fields,
    };
    for other in others {
        if other.is_detail() {
            if other.fields == merged.fields {
                report.records_merged += 1;
            } else {
                report.doubts.push(Doubt {
                    code: merged.code.clone(),
                    kind: DoubtKind::DuplicateRecord,
                    field: Field::Code.key(),
                    channel: None,
                    snippet: format!("kept {}, dropped {}", merged.origin, other.origin),
                });
                report.not_written.push(NotWritten {
                    origin: other.origin,
                    code: Some(merged.code.clone()),
                    reason: format!(
                        "another detail record of this code differs and was kept ({})",
                        merged.origin
                    ),
                });
            }
            continue;
        }
        report.records_merged += 1;
        for (field, cell) in other.fields {
            let mine = merged.fields.get(&field);
            let empty = mine.is_none_or(|c| c.text().is_some_and(is_no_information));
            if empty {
                merged.fields.insert(field, cell);
            } else if matches!(field, Field::Name | Field::Sector) {
                let (a, b) = (
                    mine.and_then(Cell::text).unwrap_or_default(),
                    cell.text().unwrap_or_default(),
                );
                if squash(a).to_lowercase() != squash(b).to_lowercase() {
                    report.doubts.push(Doubt {
                        code: merged.code.clone(),
                        kind: DoubtKind::ListDiffers,
                        field: field.key(),
                        channel: None,
                        snippet: format!(
                            "detail: {} | list ({}): {}",
                            squash(a),
                            other.origin,
                            squash(b)
                        ),
                    });
                }
            }
        }
    }
    merged
}
