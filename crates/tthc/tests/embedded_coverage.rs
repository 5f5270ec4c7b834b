//! How much of the embedded catalogue answers a case completely: a national
//! code, a competent level, and for every channel the procedure is offered on
//! a processing-time record and a fee status, each citing its legal basis.
//! The count must not drop below what the catalogue reaches today, so a
//! change that loses a time, a fee or a citation fails here.

#![allow(clippy::panic)] // the embedded catalogue must load

use tthc::catalog::model::{FeeCharge, FeeItem, Procedure, ProcessingTime, TimeValue};
use tthc::{Catalog, Channel, ChannelSet};

/// The day the catalogue's portal facts describe (the national portal's
/// pages as published mid-2026, docs/sources.md).
const ON: &str = "2026-07-01";

/// Procedures complete on `ON` when this test was written; raise it when the
/// catalogue grows, never lower it to make a change pass.
const AT_LEAST: usize = 162;

fn on() -> tthc::Date {
    ON.parse().unwrap_or_else(|e| panic!("{e:?}"))
}

/// The records of `case` = "default" in force on `ON` that a case on channel
/// `c` selects (catalogue v2 §1: those naming `c`, else those for every
/// channel).
fn select<T>(
    records: &[T],
    c: Channel,
    case: impl Fn(&T) -> &str,
    channels: impl Fn(&T) -> ChannelSet,
    in_force: impl Fn(&T) -> bool,
) -> Vec<&T> {
    let here: Vec<&T> = records
        .iter()
        .filter(|r| case(r) == "default" && in_force(r))
        .collect();
    let named: Vec<&T> = here
        .iter()
        .copied()
        .filter(|r| channels(r).contains(c))
        .collect();
    if named.is_empty() {
        here.into_iter()
            .filter(|r| channels(r).is_empty())
            .collect()
    } else {
        named
    }
}

/// A time known or recorded unknown with its reason, citing a document.
fn time_status(t: &ProcessingTime) -> bool {
    let stated = match &t.time {
        TimeValue::Known { .. } => true,
        TimeValue::Unknown { reason, .. } => !reason.trim().is_empty(),
    };
    stated && !t.legal_basis.is_empty()
}

/// A known amount, 0 only from a source that says free (the portal's
/// "Miễn phí" kept as read, or an article of law), or unknown with its
/// reason; citing a document.
fn fee_status(f: &FeeItem) -> bool {
    let stated = match &f.charge {
        FeeCharge::Known { amount, .. } if *amount > 0 => true,
        FeeCharge::Known { .. } => {
            f.verbatim
                .as_deref()
                .is_some_and(|v| v.to_lowercase().contains("miễn phí"))
                || f.legal_basis.iter().any(|l| l.article.is_some())
        }
        FeeCharge::Unknown { reason, .. } => !reason.trim().is_empty(),
    };
    stated && !f.legal_basis.is_empty()
}

/// Why `p` is not complete on `ON`, or `None` when it is.
fn gap(p: &Procedure) -> Option<String> {
    if p.code.is_none() {
        return Some("no national code".into());
    }
    if p.levels.is_empty() {
        return Some("no competent level".into());
    }
    if p.legal_basis.is_empty() {
        return Some("no legal basis".into());
    }
    let offered = if p.channels.is_empty() {
        ChannelSet::ALL
    } else {
        p.channels
    };
    let d = on();
    for c in offered.iter() {
        let times = select(
            &p.processing,
            c,
            |t| &t.case,
            |t| t.channels,
            |t| t.validity.contains(d),
        );
        if times.len() != 1 || !times.iter().all(|t| time_status(t)) {
            return Some(format!(
                "{}: {} processing record(s)",
                c.as_str(),
                times.len()
            ));
        }
        let fees = select(
            &p.fees,
            c,
            |f| &f.case,
            |f| f.channels,
            |f| f.validity.contains(d),
        );
        if fees.is_empty() || !fees.iter().all(|f| fee_status(f)) {
            return Some(format!("{}: no fee status", c.as_str()));
        }
    }
    None
}

#[test]
fn embedded_procedures_answer_every_channel_they_are_offered_on() {
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    let d = on();
    let in_force: Vec<&Procedure> = catalog
        .procedures()
        .iter()
        .filter(|p| p.validity.contains(d))
        .collect();
    let (complete, gaps): (Vec<&Procedure>, Vec<&Procedure>) =
        in_force.iter().copied().partition(|p| gap(p).is_none());
    for p in &gaps {
        eprintln!("incomplete: {} — {}", p.id, gap(p).unwrap_or_default());
    }
    eprintln!(
        "{} of {} procedures in force on {ON} are complete",
        complete.len(),
        in_force.len()
    );
    assert!(
        complete.len() >= AT_LEAST,
        "{} complete procedures, fewer than {AT_LEAST}: see the list above",
        complete.len()
    );
}

/// The checks above must be able to fail: a made-up procedure with a
/// channel lacking a time, one with a bare 0 fee, one without a code.
#[test]
fn an_incomplete_procedure_is_counted_out() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/sample-coverage-gaps"
    );
    let catalog = Catalog::from_dir(dir).unwrap_or_else(|e| panic!("{e}"));
    let gaps: Vec<(String, Option<String>)> = catalog
        .procedures()
        .iter()
        .map(|p| (p.id.clone(), gap(p)))
        .collect();
    assert_eq!(
        gaps,
        [
            ("sample.complete".to_string(), None),
            (
                "sample.no-postal-time".to_string(),
                Some("postal: 0 processing record(s)".to_string())
            ),
            (
                "sample.bare-zero".to_string(),
                Some("in-person: no fee status".to_string())
            ),
            (
                "sample.no-code".to_string(),
                Some("no national code".to_string())
            ),
        ]
    );
}
