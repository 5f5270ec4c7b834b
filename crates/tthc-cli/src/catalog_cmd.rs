//! `tthc validate` and `tthc procedures …`.

use std::path::PathBuf;

use tthc::catalog::model::{FeeCharge, Level, TimeValue};
use tthc::catalog::ProcedureView;
use tthc::legal::Status;
use tthc::{Catalog, ChannelSet, Date, VnDateTime};

use crate::terminal::{self, Stream};
use crate::{json, snippet, Outcome};

const VALIDATE_EXAMPLES: &str = "\
Examples:
  tthc validate                               # the embedded default catalogue
  tthc validate my-province/                  # a tree on its own
  tthc validate my-province/ --over-embedded  # layered on the default
  tthc validate my-province/ --json

Problems are listed as `file:line:col: error[CODE]: message` with a help line;
at a terminal, with the source line and a caret under the column.";

/// `tthc validate [DIR] [--over-embedded] [--json]`.
#[derive(Debug, clap::Args)]
#[command(after_help = VALIDATE_EXAMPLES)]
pub struct ValidateArgs {
    /// The catalogue tree to check (default: the embedded catalogue).
    dir: Option<PathBuf>,
    /// Check DIR layered on top of the embedded catalogue.
    #[arg(long)]
    over_embedded: bool,
    /// Answer in JSON.
    #[arg(long)]
    json: bool,
}

/// `tthc procedures search|show`.
#[derive(Debug, clap::Subcommand)]
pub enum Procedures {
    /// Find procedures by name or code, ignoring case and diacritics.
    #[command(after_help = "\
Examples:
  tthc procedures search dang ky khai sinh
  tthc procedures search 1.000894 --json")]
    Search {
        /// Words of the name, or a code.
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// Answer in JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one procedure as of a date, with its legal basis.
    #[command(after_help = "\
Examples:
  tthc procedures show 1.000894 --on 2025-08-01 --province ha-giang
  tthc procedures show ho-tich.dang-ky-khai-sinh --json")]
    Show {
        /// The procedure's id or national code.
        #[arg(value_name = "ID_OR_CODE")]
        id_or_code: String,
        /// The day to show it as of, YYYY-MM-DD (default: today in Vietnam).
        #[arg(long, value_name = "DATE")]
        on: Option<Date>,
        #[command(flatten)]
        province: ProvinceArg,
        /// Answer in JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `--province P`, shared by the commands that answer for one province.
#[derive(Debug, clap::Args)]
pub struct ProvinceArg {
    /// The province, by id or name (a former province resolves to its successor).
    #[arg(long, value_name = "P")]
    pub province: Option<String>,
}

impl ProvinceArg {
    pub fn get(&self) -> Option<&str> {
        self.province.as_deref()
    }
}

pub fn validate(a: &ValidateArgs) -> Outcome {
    let result = match &a.dir {
        None => Catalog::embedded().cloned(),
        Some(dir) if a.over_embedded => match Catalog::embedded() {
            Ok(base) => Catalog::from_dir_over(dir, base),
            Err(e) => Err(e),
        },
        Some(dir) => Catalog::from_dir(dir),
    };
    let what = a.dir.as_ref().map_or_else(
        || "embedded catalogue".to_string(),
        |d| d.display().to_string(),
    );
    match result {
        Ok(c) => {
            let unconfirmed = c
                .procedures()
                .iter()
                .filter(|p| p.status == Status::Unconfirmed)
                .count()
                + c.documents()
                    .iter()
                    .filter(|d| d.status == Status::Unconfirmed)
                    .count();
            if a.json {
                Outcome::ok(json(&serde_json::json!({
                    "ok": true,
                    "files": c.file_count(),
                    "documents": c.documents().len(),
                    "provinces": c.provinces().len(),
                    "lists": c.lists().len(),
                    "procedures": c.procedures().len(),
                    "unconfirmed_records": unconfirmed,
                    "content_hash": c.content_hash(),
                    "diagnostics": [],
                })))
            } else {
                Outcome::ok(format!(
                    "{what}: hợp lệ / valid — {} files, {} documents, {} province versions, {} lists, {} procedure versions ({unconfirmed} records marked unconfirmed)\ncontent hash {}",
                    c.file_count(),
                    c.documents().len(),
                    c.provinces().len(),
                    c.lists().len(),
                    c.procedures().len(),
                    c.content_hash()
                ))
            }
        }
        Err(e) => {
            let summary = format!("{what}: {} problem(s)", e.diagnostics.len());
            Outcome::failed(if a.json {
                json(&serde_json::json!({"ok": false, "diagnostics": e.diagnostics}))
            } else if terminal::is_terminal(Stream::Stdout) {
                let shown = snippet::render(&e.diagnostics, terminal::colour(Stream::Stdout));
                format!("{shown}\n\n{summary}")
            } else {
                let mut s: Vec<String> = e.diagnostics.iter().map(ToString::to_string).collect();
                s.push(summary);
                s.join("\n")
            })
        }
    }
}

/// `tthc procedures search TEXT… [--json]` and `tthc procedures show ID_OR_CODE …`.
pub fn procedures(catalog: &Catalog, p: &Procedures) -> Outcome {
    match p {
        Procedures::Search {
            text,
            json: as_json,
        } => {
            let hits = catalog.search(&text.join(" "));
            if *as_json {
                return Outcome::ok(json(&hits));
            }
            if hits.is_empty() {
                return Outcome::failed("Không tìm thấy thủ tục / no procedure found".into());
            }
            let lines: Vec<String> = hits
                .iter()
                .map(|h| {
                    format!(
                        "{:<40} {:<24} {}",
                        h.id,
                        h.code.as_deref().unwrap_or("—"),
                        h.name
                    )
                })
                .collect();
            Outcome::ok(lines.join("\n"))
        }
        Procedures::Show {
            id_or_code,
            on,
            province,
            json: as_json,
        } => {
            let on = on.unwrap_or_else(|| VnDateTime::now().date());
            match catalog.procedure(id_or_code, on, province.get()) {
                Ok(v) if *as_json => Outcome::ok(json(&v)),
                Ok(v) => Outcome::ok(show_text(&v)),
                Err(e) if *as_json => {
                    Outcome::failed(json(&serde_json::json!({"error": e.to_string()})))
                }
                Err(e) => Outcome::failed(format!("lỗi / error: {e}")),
            }
        }
    }
}

fn basis(refs: &[tthc::legal::LegalRef]) -> String {
    refs.iter()
        .map(|r| match &r.article {
            Some(a) => format!("{} {a}", r.doc),
            None => r.doc.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn mark(s: Status) -> &'static str {
    match s {
        Status::Unconfirmed => " [CHƯA XÁC NHẬN / unconfirmed]",
        _ => "",
    }
}

fn show_text(v: &ProcedureView<'_>) -> String {
    let mut out = Vec::new();
    out.push(format!("{}{}", v.name, mark(v.status)));
    if let Some(en) = v.name_en {
        out.push(format!("  ({en})"));
    }
    out.push(format!(
        "Mã thủ tục / code:      {}",
        v.code.map_or_else(
            || format!("— ({})", v.code_unknown.unwrap_or("")),
            str::to_string
        )
    ));
    out.push(format!("Mã nội bộ / id:         {}", v.id));
    out.push(format!(
        "Lĩnh vực / sector:      {}",
        v.sector_name.unwrap_or(v.sector)
    ));
    let levels: Vec<&str> = v.levels.iter().map(|l: &Level| l.name_vi()).collect();
    match v.levels_unknown {
        Some(why) => out.push(format!("Cấp thực hiện / level:  chưa rõ / unknown ({why})")),
        None => out.push(format!("Cấp thực hiện / level:  {}", levels.join(", "))),
    }
    out.push(format!(
        "Ngày áp dụng / as of:   {} (version valid {})",
        v.as_of, v.validity
    ));
    if let Some(p) = &v.province {
        out.push(format!("Tỉnh / province:        {}", p.name));
        if let Some(x) = p.explanation() {
            out.push(format!("  ↳ {x}"));
        }
    }
    out.push(format!("Nguồn / source:         {}", v.source));
    if let Some(url) = v.url {
        out.push(format!("Địa chỉ / address:      {url}"));
    }
    match &v.online_level {
        Some(o) => out.push(format!(
            "Mức độ DVCTT / online:  {}{} — căn cứ {}",
            o.label_vi,
            mark(o.status),
            basis(o.legal_basis)
        )),
        None => out.push("Mức độ DVCTT / online:  — (không có dữ liệu / no data)".into()),
    }
    for p in &v.processing {
        let time = match &p.time {
            TimeValue::Known { amount, unit } => format!("{amount} {}", unit.label_vi()),
            TimeValue::Unknown { reason, .. } => format!("chưa rõ / unknown ({reason})"),
        };
        out.push(format!(
            "Thời hạn / time [{}]: {time}{} — căn cứ {}",
            scope(&p.case, p.channels),
            mark(p.status),
            basis(&p.legal_basis)
        ));
    }
    for f in &v.fees {
        let amount = match f.amount() {
            Some(a) => format!("{a} đồng"),
            None => "chưa rõ / unknown".to_string(),
        };
        let reason = match &f.charge {
            FeeCharge::Unknown { reason, .. } => format!(" ({reason})"),
            FeeCharge::Known { .. } => String::new(),
        };
        out.push(format!(
            "Phí, lệ phí / fee [{}]: {} — {amount}{reason}{} — căn cứ {}",
            scope(&f.case, f.channels),
            f.label(),
            mark(f.status),
            basis(&f.legal_basis)
        ));
    }
    for d in &v.documents {
        let reuse = d.reusable_from.as_deref().map_or_else(String::new, |db| {
            format!(" (tái sử dụng từ / reusable from {db})")
        });
        out.push(format!("Giấy tờ / document:     {}{reuse}", d.name));
    }
    for l in &v.essential_lists {
        out.push(format!(
            "Danh mục / list:        {}{} — căn cứ {}",
            l.name,
            mark(l.status),
            basis(l.legal_basis)
        ));
    }
    out.push(format!(
        "Căn cứ pháp lý / legal basis: {}",
        basis(v.legal_basis)
    ));
    if !v.unconfirmed.is_empty() {
        out.push(format!(
            "Chưa xác nhận / unconfirmed: {}",
            v.unconfirmed.join("; ")
        ));
    }
    if let Some(n) = v.note {
        out.push(format!("Ghi chú / note: {n}"));
    }
    out.join("\n")
}

/// "case" or "case; channel, channel" for a record limited to some channels.
fn scope(case: &str, channels: ChannelSet) -> String {
    if channels.is_empty() {
        return case.to_string();
    }
    let names: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
    format!("{case}; {}", names.join(", "))
}
