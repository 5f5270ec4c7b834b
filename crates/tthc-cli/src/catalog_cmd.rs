//! `tthc validate` and `tthc procedures …`.

use tthc::catalog::legal::Status;
use tthc::catalog::model::Level;
use tthc::catalog::ProcedureView;
use tthc::{Catalog, Date, VnDateTime};

use crate::args::{Args, UsageError};
use crate::{json, Outcome};

/// `tthc validate [DIR] [--over-embedded] [--json]`.
pub fn validate(raw: &[String]) -> Result<Outcome, UsageError> {
    let a = Args::parse(raw, &[], &["json", "over-embedded"])?;
    let result = match a.positional.first() {
        None => Catalog::embedded().cloned(),
        Some(dir) if a.has("over-embedded") => match Catalog::embedded() {
            Ok(base) => Catalog::from_dir_over(dir, base),
            Err(e) => Err(e),
        },
        Some(dir) => Catalog::from_dir(dir),
    };
    let what = a
        .positional
        .first()
        .map_or("embedded catalogue", String::as_str);
    Ok(match result {
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
            if a.has("json") {
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
            let text = if a.has("json") {
                json(&serde_json::json!({"ok": false, "diagnostics": e.diagnostics}))
            } else {
                let mut s: Vec<String> = e.diagnostics.iter().map(ToString::to_string).collect();
                s.push(format!("{what}: {} problem(s)", e.diagnostics.len()));
                s.join("\n")
            };
            Outcome {
                code: 1,
                stdout: text,
            }
        }
    })
}

fn date_flag(a: &Args) -> Result<Date, UsageError> {
    match a.value("on") {
        Some(s) => s.parse().map_err(|e| UsageError(format!("--on: {e}"))),
        None => Ok(VnDateTime::now().date()),
    }
}

/// `tthc procedures search TEXT… [--json]` and `tthc procedures show ID_OR_CODE …`.
pub fn procedures(catalog: &Catalog, raw: &[String]) -> Result<Outcome, UsageError> {
    let Some((sub, rest)) = raw.split_first() else {
        return Err(UsageError("expected `search` or `show`".into()));
    };
    let a = Args::parse(rest, &["on", "province"], &["json"])?;
    match sub.as_str() {
        "search" => {
            if a.positional.is_empty() {
                return Err(UsageError("missing TEXT".into()));
            }
            let hits = catalog.search(&a.positional.join(" "));
            if a.has("json") {
                return Ok(Outcome::ok(json(&hits)));
            }
            if hits.is_empty() {
                return Ok(Outcome {
                    code: 1,
                    stdout: "Không tìm thấy thủ tục / no procedure found".into(),
                });
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
            Ok(Outcome::ok(lines.join("\n")))
        }
        "show" => {
            let q = a.pos(0, "ID_OR_CODE")?;
            let on = date_flag(&a)?;
            match catalog.procedure(q, on, a.value("province")) {
                Ok(v) if a.has("json") => Ok(Outcome::ok(json(&v))),
                Ok(v) => Ok(Outcome::ok(show_text(&v))),
                Err(e) if a.has("json") => Ok(Outcome {
                    code: 1,
                    stdout: json(&serde_json::json!({"error": e.to_string()})),
                }),
                Err(e) => Ok(Outcome {
                    code: 1,
                    stdout: format!("lỗi / error: {e}"),
                }),
            }
        }
        other => Err(UsageError(format!(
            "unknown `procedures {other}`: expected search or show"
        ))),
    }
}

fn basis(refs: &[tthc::catalog::legal::LegalRef]) -> String {
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
    out.push(format!("Cấp thực hiện / level:  {}", levels.join(", ")));
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
        out.push(format!(
            "Thời hạn / time [{}]: {} {}{} — căn cứ {}",
            p.case,
            p.amount,
            p.unit.label_vi(),
            mark(p.status),
            basis(&p.legal_basis)
        ));
    }
    for f in &v.fees {
        out.push(format!(
            "Phí, lệ phí / fee [{}]: {} — {} đồng{} — căn cứ {}",
            f.case,
            f.name,
            f.amount,
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
