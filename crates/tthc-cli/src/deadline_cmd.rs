//! `tthc deadline …` and `tthc track DOSSIER.json`: when a result is due, and
//! where a dossier stands, with the rules that decided it.
//!
//! The dossier file for `track` is JSON (documented in docs/deadlines.md):
//! `{"case": {…as for evaluate…}, "events": [{"kind": "received", "at": "…"}, …],
//! "as_of": "…"}`; without `as_of` the dossier is reported as of now.

use std::fmt::Write as _;
use std::sync::Arc;

use tthc::deadline::{self, DeadlineError, Dossier, DossierFile, Due, Period, Tracking};
use tthc::engine::Case;
use tthc::policy::Channel;
use tthc::{Catalog, Engine, VnDateTime};

use crate::args::{Args, UsageError};
use crate::{json, Outcome};

fn fail(as_json: bool, kind: &str, message: String) -> Outcome {
    Outcome {
        code: 1,
        stdout: if as_json {
            json(&serde_json::json!({ "error": { "kind": kind, "message": message } }))
        } else {
            format!("lỗi / error [{kind}]: {message}")
        },
    }
}

fn error(as_json: bool, e: &DeadlineError) -> Outcome {
    fail(as_json, e.kind().as_str(), e.to_string())
}

/// `tthc deadline (--procedure ID_OR_CODE | --time N --unit U) --received RFC3339
/// [--channel C] [--province P] [--level L] [--json]`.
pub fn deadline(catalog: &Catalog, raw: &[String]) -> Result<Outcome, UsageError> {
    let a = Args::parse(
        raw,
        &[
            "procedure",
            "time",
            "unit",
            "received",
            "channel",
            "province",
            "level",
        ],
        &["json"],
    )?;
    let as_json = a.has("json");
    let received = a
        .value("received")
        .ok_or_else(|| UsageError("--received RFC3339 is required".into()))?;
    let received = VnDateTime::parse(received).map_err(|e| UsageError(e.to_string()))?;
    let channel_name = a.value("channel").unwrap_or("in-person");
    let channel = Channel::parse(channel_name).ok_or_else(|| {
        UsageError(format!(
            "unknown channel `{channel_name}`, expected one of {}",
            Channel::NAMES.join(", ")
        ))
    })?;
    let level = a
        .value("level")
        .map(deadline::parse_level)
        .transpose()
        .map_err(UsageError)?;
    match (a.value("procedure"), a.value("time"), a.value("unit")) {
        (Some(procedure), None, None) => {
            let mut case = serde_json::json!({
                "procedure": procedure,
                "channel": channel.as_str(),
                "submitted_at": received.to_string(),
            });
            if let Some(p) = a.value("province") {
                case["province"] = p.into();
            }
            if let Some(l) = a.value("level") {
                case["agency_level"] = l.into();
            }
            let case = match Case::from_value(case) {
                Ok(c) => c,
                Err(e) => return Ok(fail(as_json, e.kind().as_str(), e.to_string())),
            };
            let engine = Engine::new(Arc::new(catalog.clone()));
            Ok(match engine.deadline(&case) {
                Ok(d) if as_json => Outcome::ok(json(&d)),
                Ok(d) => Outcome::ok(render_due(&d.due, Some(&d.procedure))),
                Err(e) => error(as_json, &e),
            })
        }
        (None, Some(n), Some(u)) => {
            let amount: u32 = n
                .parse()
                .map_err(|_| UsageError(format!("--time `{n}` is not a whole number")))?;
            let unit = deadline::parse_unit(u).map_err(UsageError)?;
            let province = match a.value("province") {
                Some(p) => match catalog.resolve_province(p, received.date()) {
                    Ok(r) => Some(r.id.to_string()),
                    Err(e) => return Ok(fail(as_json, "unknown-province", e.to_string())),
                },
                None => None,
            };
            let d = Dossier {
                received_at: received,
                channel,
                level,
                province: province.as_deref(),
                procedure: "",
                sector: "",
                period: Some(Period::new(amount, unit)),
            };
            Ok(match deadline::due_in(catalog, &d) {
                Ok(due) if as_json => Outcome::ok(json(&due)),
                Ok(due) => Outcome::ok(render_due(&due, None)),
                Err(e) => error(as_json, &e),
            })
        }
        _ => Err(UsageError(
            "give either --procedure ID_OR_CODE, or --time N and --unit working-days|calendar-days|working-hours|months".into(),
        )),
    }
}

fn render_due(d: &Due<'_>, procedure: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(p) = procedure {
        let _ = writeln!(s, "Thủ tục / procedure: {p}");
    }
    match d.period {
        Some(p) => {
            let _ = writeln!(s, "Thời hạn / period: {} {}", p.amount, p.unit.label_vi());
        }
        None => {
            let _ = writeln!(s, "Thời hạn / period: trong ngày (same day)");
        }
    }
    let _ = writeln!(s, "Ghi nhận / recorded: {}", d.recorded_at);
    if d.received_at != d.recorded_at {
        let _ = writeln!(s, "Tính từ / counted from: {}", d.received_at);
    }
    let _ = writeln!(s, "Hạn trả kết quả / due at: {}", d.due_at);
    let _ = writeln!(s, "Căn cứ / why:");
    for step in d.explanation() {
        let basis: Vec<String> = step
            .legal_basis
            .iter()
            .map(|l| match &l.article {
                Some(a) => format!("{} {a}", l.doc),
                None => l.doc.clone(),
            })
            .collect();
        let _ = writeln!(
            s,
            "  - [{}] {} ({}; {})",
            step.rule,
            step.effect,
            basis.join(", "),
            step.status.as_str()
        );
        if let Some(c) = step.caveat {
            let _ = writeln!(s, "    ! {c}");
        }
    }
    let unconfirmed = d.unconfirmed();
    if !unconfirmed.is_empty() {
        let _ = writeln!(s, "Chưa xác nhận / unconfirmed:");
        for u in unconfirmed {
            let _ = writeln!(s, "  - {u}");
        }
    }
    s.trim_end().to_string()
}

/// `tthc track DOSSIER.json [--json]`.
pub fn track(catalog: &Catalog, raw: &[String]) -> Result<Outcome, UsageError> {
    let a = Args::parse(raw, &[], &["json"])?;
    let path = a.pos(0, "DOSSIER.json")?;
    let as_json = a.has("json");
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return Ok(fail(as_json, "io", format!("cannot read {path}: {e}"))),
    };
    let dossier = match DossierFile::from_json(&text) {
        Ok(d) => d,
        Err(e) => return Ok(error(as_json, &e)),
    };
    let engine = Engine::new(Arc::new(catalog.clone()));
    let result = match dossier.as_of {
        Some(t) => engine.track_as_of(&dossier.case, &dossier.events, t),
        None => engine.track(&dossier.case, &dossier.events),
    };
    Ok(match result {
        Ok(t) if as_json => Outcome::ok(json(&t)),
        Ok(t) => Outcome::ok(render_tracking(&t)),
        Err(e) => error(as_json, &e),
    })
}

fn render_tracking(t: &Tracking<'_>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Tình trạng / state: {:?} (as of {})", t.state, t.as_of);
    if let Some(d) = t.due_at {
        let _ = writeln!(
            s,
            "Hạn / due at: {d}{}",
            if t.provisional {
                " (provisional: paused)"
            } else {
                ""
            }
        );
    }
    if let (Some(st), Some(cur)) = (t.statutory_due_at, t.due_at) {
        if st != cur {
            let _ = writeln!(s, "Hạn theo luật / statutory: {st}");
        }
    }
    if let Some(r) = t.remaining {
        let _ = writeln!(
            s,
            "Còn lại / remaining: {} working day(s), {} working hour(s){}",
            r.working_days,
            r.working_hours,
            if t.overdue {
                " — QUÁ HẠN / overdue"
            } else {
                ""
            }
        );
    }
    if let Some(x) = t.timeliness {
        let _ = writeln!(
            s,
            "Kết quả / outcome: {:?}, {} point(s); late by {} working day(s), {} working hour(s)",
            x.outcome, x.score, x.working_days_late, x.working_hours_late
        );
    }
    if let Some(ap) = t.apology {
        let _ = writeln!(
            s,
            "Xin lỗi / apology: last day {}{}{}{}",
            ap.last_day,
            if ap.sent { ", sent" } else { "" },
            if ap.due_now { ", DUE NOW" } else { "" },
            if ap.missed { ", missed" } else { "" }
        );
    }
    let _ = writeln!(s, "Sự kiện / events:");
    for e in &t.log {
        let _ = writeln!(s, "  {} {} {}: {}", e.index, e.at, e.kind, e.effect);
    }
    for w in &t.warnings {
        let _ = writeln!(s, "  ! {w}");
    }
    s.trim_end().to_string()
}
