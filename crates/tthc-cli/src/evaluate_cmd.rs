//! `tthc evaluate CASE.json|CASE.toml [--dir DIR [--over-embedded]] [--json]`:
//! one case in, the decision and its receipt out, in Vietnamese with English
//! where it helps an engineer reading along.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tthc::engine::{Case, Decision, EvalError};
use tthc::{Catalog, Engine};

use crate::{json, Outcome};

const EVALUATE_EXAMPLES: &str = "\
Examples:
  tthc evaluate schema/examples/case.json
  tthc evaluate case.toml --dir my-province/ --over-embedded --json

The case format is in schema/case.schema.json; a .toml file is read as TOML,
anything else as JSON.";

/// `tthc evaluate CASE [--dir DIR [--over-embedded]] [--json]`.
#[derive(Debug, clap::Args)]
#[command(after_help = EVALUATE_EXAMPLES)]
pub struct EvaluateArgs {
    /// The case, as JSON or TOML.
    #[arg(value_name = "CASE.json|CASE.toml")]
    case: PathBuf,
    /// Evaluate against the catalogue tree DIR alone (instead of the embedded one).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// With --dir: load DIR on top of the embedded catalogue.
    #[arg(long)]
    over_embedded: bool,
    /// Answer in JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand. `global_dir` is the global `--catalog DIR` (loaded on
/// top of the embedded catalogue); `--dir DIR` loads a tree alone, or on top
/// of the embedded one with `--over-embedded`, as `tthc validate` does.
pub fn evaluate(global_dir: Option<&Path>, a: &EvaluateArgs) -> Outcome {
    let path = &a.case;
    let as_json = a.json;
    let fail = |kind: &str, message: String| Outcome::error(as_json, kind, message);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return fail("io", format!("cannot read {}: {e}", path.display())),
    };
    let case = if path.as_os_str().as_encoded_bytes().ends_with(b".toml") {
        Case::from_toml(&text)
    } else {
        Case::from_json(&text)
    };
    let case = match case {
        Ok(c) => c,
        Err(e) => return fail(e.kind().as_str(), e.to_string()),
    };
    let catalog = match load(global_dir, a.dir.as_deref(), a.over_embedded) {
        Ok(c) => c,
        Err(e) => return fail("catalogue", e),
    };
    let engine = Engine::new(Arc::new(catalog));
    match engine.evaluate(&case) {
        Ok(d) if as_json => Outcome::ok(json(&d)),
        Ok(d) => Outcome::ok(render(&d)),
        Err(e) => render_error(&e, as_json),
    }
}

fn load(global: Option<&Path>, dir: Option<&Path>, over: bool) -> Result<Catalog, String> {
    let embedded = || Catalog::embedded().map_err(|e| e.to_string());
    match (dir, global) {
        (Some(d), _) if over => Catalog::from_dir_over(d, embedded()?).map_err(|e| e.to_string()),
        (Some(d), _) => Catalog::from_dir(d).map_err(|e| e.to_string()),
        (None, Some(g)) => Catalog::from_dir_over(g, embedded()?).map_err(|e| e.to_string()),
        (None, None) => embedded().cloned(),
    }
}

fn render_error(e: &EvalError, as_json: bool) -> Outcome {
    Outcome::failed(if as_json {
        json(&serde_json::json!({ "error": e.to_json() }))
    } else {
        format!("lỗi / error [{}]: {e}", e.kind())
    })
}

/// 1234567 → "1.234.567 đ", the way amounts are printed in Vietnam.
fn dong(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    format!("{}{out} đ", if n < 0 { "−" } else { "" })
}

fn basis(b: &[tthc::legal::Citation<'_>]) -> String {
    b.iter()
        .map(|c| match &c.article {
            Some(a) => format!("{} {a}", c.doc),
            None => c.doc.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The readable decision. Writing to a String cannot fail; the results of
/// `writeln!` are ignored for that reason.
fn render(d: &Decision<'_>) -> String {
    let mut s = String::new();
    let p = &d.procedure;
    let _ = writeln!(
        s,
        "Thủ tục / Procedure: {} ({}{}) [{}{}]",
        p.name,
        p.id,
        p.code
            .as_deref()
            .map(|c| format!(", mã {c}"))
            .unwrap_or_default(),
        p.source,
        if p.status == "confirmed" {
            String::new()
        } else {
            format!(", {}", p.status)
        }
    );
    if let Some(pr) = &d.province {
        let _ = writeln!(s, "Tỉnh / Province: {} ({})", pr.name, pr.id);
        if let Some(how) = &pr.succession {
            let _ = writeln!(s, "  đã sáp nhập / merged: {how}");
        }
    }
    let _ = writeln!(
        s,
        "Kênh nộp / Channel: {} — {}",
        d.channel.label_vi(),
        if d.channel_accepted {
            "được tiếp nhận / accepted"
        } else {
            "KHÔNG được tiếp nhận / NOT accepted"
        }
    );
    if d.online_only {
        let chans: Vec<&str> = d.accepted_channels.iter().map(|c| c.as_str()).collect();
        let _ = writeln!(
            s,
            "  chỉ tiếp nhận trực tuyến / online only: {}",
            chans.join(", ")
        );
    }
    match &d.online_level {
        Some(o) => {
            let _ = writeln!(
                s,
                "Mức độ DVCTT / Online level: {} ({})",
                o.label_vi, o.status
            );
        }
        None => {
            let _ = writeln!(s, "Mức độ DVCTT / Online level: không có / none recorded");
        }
    }
    let _ = writeln!(
        s,
        "Toàn trình / Full-process online: {} ({})",
        if d.full_process_online {
            "có / yes"
        } else {
            "không / no"
        },
        d.full_process_online_source
    );
    for l in &d.essential_lists {
        let _ = writeln!(s, "Danh mục / List: {} ({}, {})", l.name, l.id, l.status);
    }
    for r in &d.reusable_documents {
        let _ = writeln!(s, "Không phải nộp / Reused from a database: {r}");
    }
    if d.priority {
        let _ = writeln!(s, "Ưu tiên / Priority handling: có / yes");
    }
    let _ = writeln!(s, "Phí, lệ phí / Fees ({}):", d.fee.source);
    for (i, item) in d.fee.items.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {} [{}]: {} → {}",
            item.name,
            item.item.as_deref().unwrap_or("phí, lệ phí"),
            dong(item.base),
            dong(item.payable)
        );
        for r in d.fee.reductions.iter().filter(|r| r.item == i) {
            let _ = writeln!(
                s,
                "    − {} ({}, {}): {} theo / under {}",
                r.policy,
                r.kind,
                r.status,
                dong(r.amount),
                basis(&r.legal_basis)
            );
        }
    }
    match (d.fee.base, d.fee.payable) {
        (Some(base), Some(payable)) => {
            let _ = writeln!(
                s,
                "  Tổng / Total: {} → phải nộp / payable {}",
                dong(base),
                dong(payable)
            );
        }
        _ => {
            let why = d.fee.unknown.as_ref().map(|n| n.text()).unwrap_or_default();
            let _ = writeln!(s, "  Tổng / Total: chưa rõ / unknown — {why}");
        }
    }
    match &d.processing.statutory {
        Some(t) => {
            let _ = writeln!(
                s,
                "Thời hạn giải quyết / Processing time: {} {} (theo / under {})",
                t.amount,
                t.unit,
                basis(&t.legal_basis)
            );
            for c in &d.processing.cuts {
                let _ = writeln!(
                    s,
                    "  − {} {} ({}, {}) theo / under {}",
                    c.amount,
                    c.unit,
                    c.policy,
                    c.status,
                    basis(&c.legal_basis)
                );
            }
            if let Some(e) = &d.processing.effective {
                let _ = writeln!(s, "  Còn / Effective: {} {}", e.amount, e.unit);
            }
        }
        None => {
            let why = d
                .processing
                .unknown
                .as_ref()
                .map(|n| n.text())
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "Thời hạn giải quyết / Processing time: chưa rõ / unknown — {why}"
            );
        }
    }
    if let Some(due) = &d.deadline.due_at {
        let _ = writeln!(s, "Hạn trả kết quả / Due at: {due}");
    }
    let r = &d.receipt;
    let _ = writeln!(
        s,
        "Biên nhận / Receipt: tthc {}, catalogue sha256 {}, thời điểm tham chiếu / reference instant {}",
        r.engine_version, r.catalogue_hash, r.reference_instant
    );
    for a in &r.applied {
        let _ = writeln!(
            s,
            "  áp dụng / applied: {} ({}, {}, {}) theo / under {}",
            a.policy,
            a.kind,
            a.source,
            a.status,
            basis(&a.legal_basis)
        );
    }
    for n in &r.not_applied {
        let mut why = format!("{}: {}", n.reason, n.detail);
        if let Some(c) = &n.condition {
            why = format!("{} `{c}`: {}", n.reason, n.detail);
        }
        if let Some(b) = &n.by {
            let _ = write!(why, " ({b})");
        }
        let _ = writeln!(s, "  không áp dụng / not applied: {} — {why}", n.policy);
    }
    for u in &r.unconfirmed {
        let _ = writeln!(s, "  chưa xác nhận / unconfirmed: {u}");
    }
    s.trim_end().to_string()
}
