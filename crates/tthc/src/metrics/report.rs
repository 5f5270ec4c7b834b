//! The report: rows of (period, unit, KPI, value, gap to target), and its
//! table, CSV and JSON forms. The rows are flat on purpose: a list of them
//! is what `pandas.DataFrame(rows)` wants.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::date::VnDateTime;

use super::aggregate::{Acc, Groups, PeriodKind, UnitKind, DVCTT, DVCTT_ONLINE, SEEN};
use super::csv::escape_csv;
use super::kpi::{self, Kpi, Target};
use super::{Issues, TOTAL, TOTAL_UNIT};

/// One KPI of one unit in one period.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Row {
    /// "2025-03", "2025-Q1" or "2025".
    pub period: String,
    /// province | agency | sector | procedure.
    pub unit_kind: &'static str,
    /// The unit's id (or text), "*" for the total of all units.
    pub unit: String,
    /// The catalogue's name for it, when it has one.
    pub unit_name: Option<String>,
    /// The KPI's id.
    pub kpi: &'static str,
    /// `None` when the denominator is 0.
    pub value: Option<f64>,
    /// The numerator the value was computed from.
    pub numerator: Option<f64>,
    /// The denominator (dossiers), when the KPI is a ratio.
    pub denominator: Option<u64>,
    /// count | percent | working-days | points.
    pub measure: &'static str,
    /// The KPI formula's certainty (see the registry).
    pub status: &'static str,
    /// The target for the row's year, when one is known.
    pub target: Option<f64>,
    /// value − target, in the KPI's measure (percentage points).
    pub gap: Option<f64>,
    /// Whether the value meets the target.
    pub meets_target: Option<bool>,
    /// How sure the target is.
    pub target_status: Option<String>,
}

/// Everything a run found.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The engine and version that made the report.
    pub generated_by: String,
    /// The catalogue's content hash, so a report can be reproduced.
    pub catalogue: String,
    /// What the rows are grouped by.
    pub by: UnitKind,
    /// How long each row's period is.
    pub period: PeriodKind,
    /// The instant open dossiers were judged at.
    pub as_of: VnDateTime,
    /// Rows counted (malformed rows are not).
    pub records: u64,
    /// The KPIs reported, with their definitions.
    pub kpis: Vec<&'static Kpi>,
    /// The targets the rows are compared with.
    pub targets: Vec<Target>,
    /// One row per (period, unit, KPI).
    pub rows: Vec<Row>,
    /// Rows that could not be used in full.
    pub issues: Issues,
    /// What the reader should know about the figures.
    pub notes: Vec<String>,
}

fn ratio(n: u64, d: u64, scale: f64) -> (Option<f64>, Option<f64>, Option<u64>) {
    let v = (d > 0).then(|| n as f64 * scale / d as f64);
    (v, Some(n as f64), Some(d))
}

/// Circular 01/2018 indicator 9 for one unit and period (rule in the registry).
pub(crate) fn indicator9(a: &Acc) -> u8 {
    let share = |n: u64, d: u64| {
        if d == 0 {
            0.0
        } else {
            n as f64 * 100.0 / d as f64
        }
    };
    let online = share(a.online, a.dossiers);
    let offered = a.procedures_with(DVCTT);
    let offered_share = share(offered, a.procedures_with(SEEN));
    if offered_share >= 20.0 && online >= 30.0 && a.online_open == 0 && a.online_late == 0 {
        2
    } else if offered > 0 && online >= 15.0 && a.online_late == 0 {
        1
    } else {
        0
    }
}

/// (value, numerator, denominator) of a computable KPI.
fn value(id: &str, a: &Acc) -> (Option<f64>, Option<f64>, Option<u64>) {
    let pct = |n, d| ratio(n, d, 100.0);
    match id {
        "dossiers" => (Some(a.dossiers as f64), None, None),
        "online-dossier-share" => pct(a.online, a.dossiers),
        "dvctt-with-online-dossier" => {
            pct(a.procedures_with(DVCTT_ONLINE), a.procedures_with(DVCTT))
        }
        "full-process-online-share" => pct(a.full_process_online, a.full_process),
        "full-process-online-of-all" => pct(a.full_process_online, a.dossiers),
        "early-share" => pct(a.early, a.timed()),
        "on-time-share" => pct(a.on_time, a.timed()),
        "late-share" => pct(a.late, a.timed()),
        "early-or-on-time-share" => pct(a.early + a.on_time, a.timed()),
        "tt01-indicator1-average" => ratio(2 * a.early + a.on_time, a.timed(), 1.0),
        "avg-processing-working-days" => {
            let n = a.working_days_n;
            (
                (n > 0).then(|| a.working_days_sum as f64 / n as f64),
                Some(a.working_days_sum as f64),
                Some(n),
            )
        }
        "digitised-share" => pct(a.digitised.yes, a.digitised.known),
        "electronic-result-share" => pct(a.electronic_result.yes, a.electronic_result.known),
        "online-payment-share" => pct(a.paid_online.yes, a.paid_online.known),
        "tt01-indicator9" => (Some(f64::from(indicator9(a))), None, None),
        _ => (None, None, None),
    }
}

/// What a report is made of: a [`super::MetricsState`], taken apart.
pub(crate) struct Parts<'s> {
    pub engine: String,
    pub catalogue: String,
    pub by: UnitKind,
    pub period: PeriodKind,
    pub as_of: VnDateTime,
    pub records: u64,
    /// Unit and procedure names, by their ids in `groups`.
    pub names: &'s [String],
    /// The catalogue's names of units.
    pub unit_names: &'s BTreeMap<String, String>,
    pub groups: Groups,
    pub issues: Issues,
    pub notes: Vec<String>,
}

/// The report: the totals of each period (the merge of its units'), then
/// one row per (period, unit, computable KPI), periods in order, the total
/// first in each, then units by name.
pub(crate) fn build(parts: Parts<'_>) -> Report {
    let Parts {
        engine,
        catalogue,
        by,
        period,
        as_of,
        records,
        names,
        unit_names,
        mut groups,
        issues,
        notes,
    } = parts;
    let mut totals: FxHashMap<i32, Acc> = FxHashMap::default();
    for ((_, p), acc) in groups.iter() {
        totals.entry(*p).or_default().merge(acc);
    }
    for (p, acc) in totals {
        groups.entry((TOTAL, p)).merge(&acc);
    }
    let label = |u: u32| {
        if u == TOTAL {
            TOTAL_UNIT
        } else {
            names.get(u as usize).map_or("", String::as_str)
        }
    };
    let mut keys: Vec<(i32, u32)> = groups.iter().map(|((u, p), _)| (*p, *u)).collect();
    keys.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| (a.1 != TOTAL).cmp(&(b.1 != TOTAL)))
            .then_with(|| label(a.1).cmp(label(b.1)))
    });
    let targets = kpi::targets().unwrap_or_default();
    let computable: Vec<&'static Kpi> = kpi::registry().filter(|k| k.computable).collect();
    let mut rows = Vec::with_capacity(keys.len() * computable.len());
    for (p, u) in keys {
        let Some(acc) = groups.get(&(u, p)) else {
            continue;
        };
        let period_label = period.label(p);
        let unit = label(u).to_string();
        let unit_name = if u == TOTAL {
            Some("Tổng / all units".to_string())
        } else {
            unit_names.get(&unit).cloned()
        };
        for k in &computable {
            let (value, numerator, denominator) = value(k.id, acc);
            let target = targets.iter().find(|t| t.kpi == k.id);
            let gap = target.and_then(|t| value.map(|v| v - t.value));
            rows.push(Row {
                period: period_label.clone(),
                unit_kind: by.as_str(),
                unit: unit.clone(),
                unit_name: unit_name.clone(),
                kpi: k.id,
                value,
                numerator,
                denominator,
                measure: k.measure.as_str(),
                status: k.status,
                target: target.map(|t| t.value),
                gap,
                meets_target: gap.map(|g| g >= 0.0),
                target_status: target.map(|t| t.status.clone()),
            });
        }
    }
    Report {
        generated_by: engine,
        catalogue,
        by,
        period,
        as_of,
        records,
        kpis: kpi::registry().collect(),
        targets: targets.to_vec(),
        rows,
        issues,
        notes,
    }
}

/// The CSV header of [`Report::write_csv`].
pub const CSV_HEADER: &str = "period,unit_kind,unit,unit_name,kpi,value,numerator,denominator,measure,status,target,gap,meets_target,target_status";

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

impl Report {
    /// The rows as CSV (one line per row; empty cells for absent values).
    pub fn write_csv<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        writeln!(w, "{CSV_HEADER}")?;
        for r in &self.rows {
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                r.period,
                r.unit_kind,
                escape_csv(&r.unit),
                escape_csv(r.unit_name.as_deref().unwrap_or_default()),
                r.kpi,
                opt(r.value),
                opt(r.numerator),
                opt(r.denominator),
                r.measure,
                r.status,
                opt(r.target),
                opt(r.gap),
                opt(r.meets_target),
                r.target_status.as_deref().unwrap_or_default(),
            )?;
        }
        Ok(())
    }

    /// The whole report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// [`Report::to_json`] written to `w` as it is made, without the text
    /// in memory (11 MB for a million synthetic records by province and
    /// month), then flushed. An I/O error keeps its kind (a closed pipe
    /// stays `BrokenPipe`, which the CLI ends on quietly).
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut w, self).map_err(std::io::Error::from)?;
        w.flush()
    }

    /// A human table: one line per (period, unit), one column per KPI;
    /// targeted KPIs show their gap in brackets. Then the legend, the issues.
    pub fn to_table(&self) -> String {
        let cols: Vec<&Kpi> = self.kpis.iter().copied().filter(|k| k.computable).collect();
        let short = |id: &str| -> &'static str {
            match id {
                "dossiers" => "hồ sơ",
                "online-dossier-share" => "online%",
                "dvctt-with-online-dossier" => "DVCTT+%",
                "full-process-online-share" => "TT-onl%",
                "full-process-online-of-all" => "TTonl/all%",
                "early-share" => "early%",
                "on-time-share" => "ontime%",
                "late-share" => "late%",
                "early-or-on-time-share" => "≤due%",
                "tt01-indicator1-average" => "CS1",
                "avg-processing-working-days" => "avg-wd",
                "digitised-share" => "digit%",
                "electronic-result-share" => "e-res%",
                "online-payment-share" => "pay%",
                "tt01-indicator9" => "CS9",
                _ => "?",
            }
        };
        let mut lines: Vec<Vec<String>> = Vec::new();
        let mut header = vec!["period".to_string(), self.by.as_str().to_string()];
        header.extend(cols.iter().map(|k| short(k.id).to_string()));
        lines.push(header);
        for chunk in self.rows.chunks(cols.len().max(1)) {
            let Some(first) = chunk.first() else { continue };
            let mut line = vec![first.period.clone(), first.unit.clone()];
            for r in chunk {
                let v = match (r.value, r.measure) {
                    (None, _) => "–".to_string(),
                    (Some(v), "count" | "points") if r.kpi != "tt01-indicator1-average" => {
                        format!("{v:.0}")
                    }
                    (Some(v), _) => format!("{v:.1}"),
                };
                line.push(match r.gap {
                    Some(g) => format!("{v} ({g:+.1})"),
                    None => v,
                });
            }
            lines.push(line);
        }
        let ncol = lines.first().map_or(0, Vec::len);
        let widths: Vec<usize> = (0..ncol)
            .map(|i| {
                lines
                    .iter()
                    .filter_map(|l| l.get(i))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut s = String::new();
        for l in &lines {
            for (i, c) in l.iter().enumerate() {
                let w = widths.get(i).copied().unwrap_or(0);
                let pad = w.saturating_sub(c.chars().count());
                if i < 2 {
                    let _ = write!(s, "{c}{}  ", " ".repeat(pad));
                } else {
                    let _ = write!(s, "{}{c}  ", " ".repeat(pad));
                }
            }
            s.truncate(s.trim_end().len());
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "\n{} records counted, {} malformed, {} warnings; as of {}; unit * = all units.",
            self.records, self.issues.malformed, self.issues.warnings, self.as_of
        );
        s.push_str(
            "Columns (status of the formula; targets are all UNCONFIRMED, gap in brackets):\n",
        );
        for k in &cols {
            let target = self
                .targets
                .iter()
                .find(|t| t.kpi == k.id)
                .map(|t| format!("; target {} % ({}, {})", t.value, t.year, t.status))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {:<10} {} — {} [{}{target}]",
                short(k.id),
                k.id,
                k.name_vi,
                k.status
            );
        }
        for k in self.kpis.iter().filter(|k| !k.computable) {
            let _ = writeln!(
                s,
                "  not computed: {} — {}",
                k.id,
                k.caveat.unwrap_or_default()
            );
        }
        for i in &self.issues.listed {
            let _ = writeln!(
                s,
                "  line {}: {} [{}] {}",
                i.line, i.severity, i.kind, i.message
            );
        }
        if self.issues.truncated {
            let _ = writeln!(
                s,
                "  … more issues counted but not listed: {:?}",
                self.issues.by_kind
            );
        }
        for n in &self.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        s
    }
}
