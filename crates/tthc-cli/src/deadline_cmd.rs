//! `tthc deadline …` and `tthc track DOSSIER.json`: when a result is due, and
//! where a dossier stands, with the rules that decided it.
//!
//! The dossier file for `track` is JSON (documented in docs/deadlines.md):
//! `{"case": {…as for evaluate…}, "events": [{"kind": "received", "at": "…"}, …],
//! "as_of": "…"}`; without `as_of` the dossier is reported as of now.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use clap::builder::PossibleValuesParser;

use tthc::catalog::model::{Level, TimeUnit};
use tthc::deadline::{self, Dossier, Due, Period, Tracking};
use tthc::engine::Case;
use tthc::Channel;
use tthc::{Catalog, Engine, VnDateTime};
use tthc::{DossierFile, EvalError};

use crate::catalog_cmd::ProvinceArg;
use crate::{json, Outcome, UsageError};

const DEADLINE_EXAMPLES: &str = "\
Examples:
  tthc deadline --procedure 1.000894 --received 2026-02-13T16:30:00 --channel national-portal
  tthc deadline --time 3 --unit working-days --received 2026-02-13T16:30:00+07:00 --json

Without an offset, --received is Vietnam time (UTC+7).";

/// `tthc deadline (--procedure ID_OR_CODE | --time N --unit U) --received RFC3339 …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = DEADLINE_EXAMPLES,
    group = clap::ArgGroup::new("period").required(true).args(["procedure", "time"])
)]
pub struct DeadlineArgs {
    /// The procedure (id or national code) whose processing time applies.
    #[arg(long, value_name = "ID_OR_CODE", conflicts_with_all = ["time", "unit"])]
    procedure: Option<String>,
    /// A processing time given directly, in --unit.
    #[arg(long, value_name = "N", requires = "unit")]
    time: Option<u32>,
    /// The unit of --time.
    #[arg(long, value_parser = PossibleValuesParser::new(TimeUnit::NAMES), requires = "time")]
    unit: Option<String>,
    /// When the dossier was received, RFC 3339 (e.g. 2026-02-13T16:30:00).
    #[arg(long, value_name = "RFC3339")]
    received: VnDateTime,
    /// How the dossier was filed.
    #[arg(long, default_value = "in-person", value_parser = PossibleValuesParser::new(Channel::NAMES))]
    channel: String,
    #[command(flatten)]
    province: ProvinceArg,
    /// The level of the agency that handles it.
    #[arg(long, value_name = "L", value_parser = PossibleValuesParser::new(Level::NAMES))]
    level: Option<String>,
    /// Answer in JSON.
    #[arg(long)]
    json: bool,
}

/// `tthc track DOSSIER.json [--json]`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tthc track dossier.json
  tthc track dossier.json --json

The dossier file holds the case, its events and an optional as_of instant;
its format is in docs/deadlines.md.")]
pub struct TrackArgs {
    /// The dossier file (JSON).
    #[arg(value_name = "DOSSIER.json")]
    dossier: PathBuf,
    /// Answer in JSON.
    #[arg(long)]
    json: bool,
}

fn error(as_json: bool, e: &EvalError) -> Outcome {
    Outcome::error(as_json, e.kind().as_str(), e.to_string())
}

/// `tthc deadline (--procedure ID_OR_CODE | --time N --unit U) --received RFC3339
/// [--channel C] [--province P] [--level L] [--json]`.
pub fn deadline(catalog: &Catalog, a: &DeadlineArgs) -> Result<Outcome, UsageError> {
    let as_json = a.json;
    let received = a.received;
    let channel = Channel::parse(&a.channel).ok_or_else(|| {
        UsageError(format!(
            "unknown channel `{}`, expected one of {}",
            a.channel,
            Channel::NAMES.join(", ")
        ))
    })?;
    let level = a
        .level
        .as_deref()
        .map(deadline::parse_level)
        .transpose()
        .map_err(UsageError)?;
    match (&a.procedure, a.time, &a.unit) {
        (Some(procedure), None, None) => {
            let mut case = serde_json::json!({
                "procedure": procedure,
                "channel": channel.as_str(),
                "submitted_at": received.to_string(),
            });
            if let Some(p) = a.province.get() {
                case["province"] = p.into();
            }
            if let Some(l) = &a.level {
                case["agency_level"] = l.as_str().into();
            }
            let case = match Case::from_value(case) {
                Ok(c) => c,
                Err(e) => return Ok(Outcome::error(as_json, e.kind().as_str(), e.to_string())),
            };
            let engine = Engine::new(Arc::new(catalog.clone()));
            Ok(match engine.deadline(&case) {
                Ok(d) if as_json => Outcome::ok(json(&d)),
                Ok(d) => Outcome::ok(render_due(&d.due, Some(&d.procedure))),
                Err(e) => error(as_json, &e),
            })
        }
        (None, Some(amount), Some(u)) => {
            let unit = deadline::parse_unit(u).map_err(UsageError)?;
            let province = match a.province.get() {
                Some(p) => match catalog.resolve_province(p, received.date()) {
                    Ok(r) => Some(r.id.to_string()),
                    Err(e) => return Ok(Outcome::error(as_json, "unknown-province", e.to_string())),
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
            Ok(match deadline::due_in(catalog.calendars(), catalog.deadline_rules(), &d) {
                Ok(due) if as_json => Outcome::ok(json(&due)),
                Ok(due) => Outcome::ok(render_due(&due, None)),
                Err(e) => error(as_json, &e.into()),
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
pub fn track(catalog: &Catalog, a: &TrackArgs) -> Outcome {
    let as_json = a.json;
    let path = &a.dossier;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            let message = format!("cannot read {}: {e}", path.display());
            return Outcome::error(as_json, "io", message);
        }
    };
    let dossier = match DossierFile::from_json(&text) {
        Ok(d) => d,
        Err(e) => return error(as_json, &e),
    };
    let engine = Engine::new(Arc::new(catalog.clone()));
    let result = match dossier.as_of {
        Some(t) => engine.track_as_of(&dossier.case, &dossier.events, t),
        None => engine.track(&dossier.case, &dossier.events),
    };
    match result {
        Ok(t) if as_json => Outcome::ok(json(&t)),
        Ok(t) => Outcome::ok(render_tracking(&t)),
        Err(e) => error(as_json, &e),
    }
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
