//! The report as one self-contained HTML page: inline CSS and SVG, no
//! script, no font or image from the network, so it opens from a file on
//! an air-gapped office machine and prints as it shows.
//!
//! One bar chart per computable KPI (`<svg data-kpi="ID">`): a group of bars
//! per unit (the total first), one bar per period, the target as a dashed
//! line when the KPI has one. Months can be many, so a chart shows the last
//! [`MAX_PERIODS`] periods and says so; every value is in the tables below.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::kpi::Kpi;
use super::report::{Report, Row};
use super::TOTAL_UNIT;

/// The most periods drawn per chart.
pub const MAX_PERIODS: usize = 6;

const COLOURS: [&str; MAX_PERIODS] = [
    "#1f5fa8", "#e07b18", "#2a9d5b", "#8e44ad", "#c0392b", "#6b7b8c",
];

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn fmt_value(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

/// The HTML page for `report`.
pub fn render(report: &Report) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chỉ số TTHC / TTHC KPIs — {by} × {period}</title>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#1b1f24;max-width:1200px}}
h1{{font-size:22px;margin:0 0 4px}} h2{{font-size:17px;margin:28px 0 4px}}
.meta,.caveat,.note{{color:#555;font-size:13px}} .badge{{display:inline-block;padding:1px 6px;border-radius:8px;font-size:12px;background:#eee}}
.badge.confirmed{{background:#d8f0dd}} .badge.unconfirmed{{background:#fde2c8}} .badge.not-computable{{background:#e4e4e4}}
.chart{{overflow-x:auto}} table{{border-collapse:collapse;font-size:12px;margin-top:6px}}
td,th{{border:1px solid #ddd;padding:2px 6px;text-align:right}} td:first-child,th:first-child,td:nth-child(2){{text-align:left}}
.legend span{{display:inline-block;margin-right:12px;font-size:12px}} .legend i{{display:inline-block;width:10px;height:10px;margin-right:4px}}
</style></head><body>
<h1>Chỉ số giải quyết TTHC / Government KPIs from dossier records</h1>
<p class="meta">Theo / by <b>{by}</b>, kỳ / period <b>{period}</b>; {records} hồ sơ / records counted, {malformed} dòng lỗi / malformed, {warnings} cảnh báo / warnings; as of {as_of}; {gen}; catalogue {cat}.</p>
<p class="note">Mục tiêu (đường nét đứt) đều <b>chưa được xác nhận</b> / every target (dashed line) is <b>UNCONFIRMED</b>: see the sources below each chart.</p>
"#,
        by = esc(report.by.as_str()),
        period = esc(report.period.as_str()),
        records = report.records,
        malformed = report.issues.malformed,
        warnings = report.issues.warnings,
        as_of = report.as_of,
        gen = esc(&report.generated_by),
        cat = esc(report.catalogue.get(..12).unwrap_or(&report.catalogue)),
    );
    for k in report.kpis.iter().filter(|k| k.computable) {
        let rows: Vec<&Row> = report.rows.iter().filter(|r| r.kpi == k.id).collect();
        chart(&mut h, report, k, &rows);
    }
    h.push_str("<h2>Không tính được / Not computable from dossier records</h2><ul>");
    for k in report.kpis.iter().filter(|k| !k.computable) {
        let _ = write!(
            h,
            "<li><b>{}</b> ({}) — {}</li>",
            esc(k.name_vi),
            esc(k.id),
            esc(k.caveat.unwrap_or_default())
        );
    }
    h.push_str("</ul>");
    if !report.issues.listed.is_empty() || !report.notes.is_empty() {
        h.push_str("<h2>Dòng lỗi và cảnh báo / Issues</h2><table><tr><th>line</th><th>severity</th><th>kind</th><th>message</th></tr>");
        for i in &report.issues.listed {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
                i.line,
                i.severity,
                esc(&i.kind),
                esc(&i.message)
            );
        }
        h.push_str("</table>");
        if report.issues.truncated {
            let _ = write!(
                h,
                "<p class=\"note\">More issues were counted than listed: {}</p>",
                esc(&format!("{:?}", report.issues.by_kind))
            );
        }
        for n in &report.notes {
            let _ = write!(h, "<p class=\"note\">{}</p>", esc(n));
        }
    }
    h.push_str("</body></html>\n");
    h
}

fn chart(h: &mut String, report: &Report, k: &Kpi, rows: &[&Row]) {
    let all_periods: BTreeSet<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    let periods: Vec<&str> = all_periods
        .iter()
        .rev()
        .take(MAX_PERIODS)
        .rev()
        .copied()
        .collect();
    // A count's total dwarfs every unit's bar: the chart leaves it out (the table keeps it).
    let skip_total = k.measure == super::kpi::Measure::Count;
    let mut units: Vec<&str> = Vec::new();
    for r in rows {
        let charted = !(skip_total && r.unit == TOTAL_UNIT);
        if charted && !units.contains(&r.unit.as_str()) {
            units.push(&r.unit);
        }
    }
    let target = report.targets.iter().find(|t| t.kpi == k.id);
    let get = |u: &str, p: &str| {
        rows.iter()
            .find(|r| r.unit == u && r.period == p)
            .and_then(|r| r.value)
    };
    let max_value = rows
        .iter()
        .filter(|r| units.contains(&r.unit.as_str()))
        .filter_map(|r| r.value)
        .fold(0.0f64, f64::max);
    let top = match k.measure.as_str() {
        "percent" => 100.0,
        "points" if k.id == "tt01-indicator9" || k.id == "tt01-indicator1-average" => 2.0,
        _ => (max_value * 1.1).max(1.0),
    };
    let (bar, gap, left, plot_h, bottom, top_pad) = (12.0, 14.0, 48.0, 200.0, 110.0, 16.0);
    let group_w = bar * periods.len().max(1) as f64 + gap;
    let width = (left + group_w * units.len() as f64 + 20.0).max(480.0);
    let height = top_pad + plot_h + bottom;
    let y = |v: f64| top_pad + plot_h - (v / top).clamp(0.0, 1.0) * plot_h;
    let _ = write!(
        h,
        "<h2>{name} <span class=\"badge {st}\">{st}</span></h2><p class=\"meta\">{en}. {formula}. Nguồn / basis: {basis}.</p>",
        name = esc(k.name_vi),
        st = esc(k.status),
        en = esc(k.name_en),
        formula = esc(k.formula),
        basis = esc(k.legal_basis),
    );
    if let Some(c) = k.caveat {
        let _ = write!(h, "<p class=\"caveat\">⚠ {}</p>", esc(c));
    }
    let _ = write!(
        h,
        "<div class=\"chart\"><svg data-kpi=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{label}\">",
        id = esc(k.id),
        label = esc(k.name_en),
    );
    // Axis and grid.
    for i in 0..=4 {
        let v = top * f64::from(i) / 4.0;
        let yy = y(v);
        let _ = write!(
            h,
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{x2:.0}\" y2=\"{yy:.1}\" stroke=\"#e3e3e3\"/><text x=\"{tx}\" y=\"{ty:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">{v}</text>",
            x2 = width - 10.0,
            tx = left - 4.0,
            ty = yy + 3.0,
            v = if top >= 10.0 { format!("{v:.0}") } else { format!("{v:.1}") },
        );
    }
    for (ui, u) in units.iter().enumerate() {
        let x0 = left + gap / 2.0 + group_w * ui as f64;
        for (pi, p) in periods.iter().enumerate() {
            let Some(v) = get(u, p) else { continue };
            let x = x0 + bar * pi as f64;
            let yy = y(v);
            let _ = write!(
                h,
                "<rect x=\"{x:.1}\" y=\"{yy:.1}\" width=\"{w:.1}\" height=\"{bh:.1}\" fill=\"{c}\"><title>{u} {p}: {val}</title></rect>",
                w = bar - 1.0,
                bh = (top_pad + plot_h - yy).max(0.0),
                c = COLOURS.get(pi).copied().unwrap_or("#888"),
                u = esc(u),
                p = esc(p),
                val = fmt_value(Some(v)),
            );
        }
        let lx = x0 + group_w / 2.0 - gap / 2.0;
        let ly = top_pad + plot_h + 10.0;
        let text = if *u == TOTAL_UNIT { "Tổng / all" } else { u };
        let short: String = text.chars().take(24).collect();
        let _ = write!(
            h,
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-40 {lx:.1} {ly:.1})\" fill=\"#333\">{}</text>",
            esc(&short)
        );
    }
    let _ = write!(
        h,
        "<line x1=\"{left}\" y1=\"{b:.1}\" x2=\"{x2:.0}\" y2=\"{b:.1}\" stroke=\"#888\"/>",
        b = top_pad + plot_h,
        x2 = width - 10.0
    );
    if let Some(t) = target {
        let yy = y(t.value);
        let _ = write!(
            h,
            "<line class=\"target\" x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{x2:.0}\" y2=\"{yy:.1}\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"{tx:.0}\" y=\"{ty:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#c0392b\">mục tiêu / target {v} % ({y}, chưa xác nhận / unconfirmed)</text>",
            x2 = width - 10.0,
            tx = width - 12.0,
            ty = yy - 4.0,
            v = t.value,
            y = t.year,
        );
    }
    h.push_str("</svg></div><div class=\"legend\">");
    for (pi, p) in periods.iter().enumerate() {
        let _ = write!(
            h,
            "<span><i style=\"background:{}\"></i>{}</span>",
            COLOURS.get(pi).copied().unwrap_or("#888"),
            esc(p)
        );
    }
    if all_periods.len() > periods.len() {
        let _ = write!(
            h,
            "<span class=\"note\">(last {} of {} periods drawn; all are in the table)</span>",
            periods.len(),
            all_periods.len()
        );
    }
    h.push_str("</div>");
    if let Some(t) = target {
        let _ = write!(
            h,
            "<p class=\"caveat\">Mục tiêu / target {} % — {} ({}, {}). Evidence: {}</p>",
            t.value,
            esc(&t.source),
            t.year,
            esc(&t.status),
            esc(&t.evidence)
        );
    }
    // The values, all periods.
    let _ = write!(
        h,
        "<details><summary>Số liệu / values</summary><table><tr><th>{}</th>",
        esc(report.by.as_str())
    );
    for p in &all_periods {
        let _ = write!(h, "<th>{}</th>", esc(p));
    }
    h.push_str("</tr>");
    for u in &units {
        let _ = write!(h, "<tr><td>{}</td>", esc(u));
        for p in &all_periods {
            let _ = write!(h, "<td>{}</td>", fmt_value(get(u, p)));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table></details>");
}
